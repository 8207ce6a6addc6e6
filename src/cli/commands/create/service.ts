/** `kubesim create service clusterip|nodeport|loadbalancer|externalname NAME`, as kubectl create service builds them. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import { isDNS1123Subdomain } from '../../../api/name-validation.js';
import { isValidPortName, isValidPortNum } from '../../../api/validation/value-checks.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { atoi, collectSlice, flagValueError, parseGoInt } from '../flag-values.js';
import { requiredFlagsError } from '../klog-line.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { goMap } from '../typed-json.js';
import { typedMeta } from '../typed-meta.js';
import { groupCommand } from './group-command.js';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface CreateServiceOptions extends GeneratorFlags {
  tcp?: string[];
  clusterip?: string;
  nodePort?: string;
  externalName?: string;
}

/** utilsnet.ParsePort(s, true): strconv.ParseUint(s, 10, 16). */
function parsePort(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** parsePorts of create_service.go: `port` or `port:targetPort`, the target a number or a port name. */
export function parseTcp(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parsePort(parts[0]!);
  if (parts.length === 1) return { port, targetPort: port };
  const target = parts[1]!;
  const n = atoi(target);
  if (typeof n === 'string') {
    const errs = isValidPortName(target);
    if (errs.length) throw new CliError(`error: ${errs.join(',')}`);
    return { port, targetPort: target };
  }
  const errs = isValidPortNum(n);
  if (errs.length) throw new CliError(`error: ${errs.join(',')}`);
  return { port, targetPort: n };
}

export function buildService(type: ServiceType, name: string, opts: { tcp: string[]; clusterIP?: string; nodePort?: number; externalName?: string; namespace?: string }): KubeObject {
  const ports = opts.tcp.map((spec) => {
    const { port, targetPort } = parseTcp(spec);
    return { name: spec.replace(/:/g, '-'), protocol: 'TCP', port, targetPort, ...(opts.nodePort ? { nodePort: opts.nodePort } : {}) };
  });
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: typedMeta({ name, namespace: opts.namespace, labels: { app: name } }),
    spec: {
      ...(ports.length ? { ports } : {}),
      selector: goMap({ app: name }),
      ...(opts.clusterIP ? { clusterIP: opts.clusterIP } : {}),
      type,
      ...(opts.externalName ? { externalName: opts.externalName } : {}),
    },
    status: { loadBalancer: {} },
  };
}

export async function run(type: ServiceType, inv: Invocation, opts: CreateServiceOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const nodePort = parseGoInt(opts.nodePort ?? '0', 64);
  if (typeof nodePort === 'string') throw flagValueError(inv.path, '--node-port', opts.nodePort!, nodePort);
  if (type === 'ExternalName' && opts.externalName === undefined) throw new CliError(requiredFlagsError(['external-name'], deps));
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  const tcp = opts.tcp ?? [];
  if (opts.clusterip === 'None' && type !== 'ClusterIP') throw new CliError('error: ClusterIP=None can only be used with ClusterIP service type');
  if (opts.clusterip !== 'None' && !tcp.length && type !== 'ExternalName') throw new CliError('error: at least one tcp port specifier must be provided');
  if (type === 'ExternalName' && isDNS1123Subdomain(opts.externalName ?? '').length) throw new CliError(`error: invalid service external name ${opts.externalName}`);
  const namespace = ctx.enforceNamespace ? ctx.namespace : undefined;
  const service = buildService(type, name, { tcp, clusterIP: opts.clusterip, nodePort, externalName: opts.externalName, namespace });
  await submitGenerated(service, ctx, deps, { errorPrefix: `failed to create ${type} service: ` });
}

export function register(create: Command, deps: CliDeps): void {
  const service = groupCommand(create, 'service', 'Create a service using a specified subcommand', 'Create a service using a specified subcommand.', ['svc']);
  const clusterip = service
    .command('clusterip')
    .description('Create a ClusterIP service')
    .usage('NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collectSlice)
    .option('--clusterip <ip>', "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).");
  addGeneratorFlags(clusterip, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new ClusterIP service named my-cs\n  kubesim create service clusterip my-cs --tcp=5678:8080\n\n  # Create a new ClusterIP service named my-cs (in headless mode)\n  kubesim create service clusterip my-cs --clusterip="None"\n')
    .action(async (args: string[], _opts: CreateServiceOptions, c: Command) => run('ClusterIP', invocationOf(c, args), c.optsWithGlobals() as CreateServiceOptions, c.optsWithGlobals() as GlobalOptions, deps));
  const nodeport = service
    .command('nodeport')
    .description('Create a NodePort service')
    .usage('NAME [--tcp=port:targetPort] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collectSlice)
    .option('--node-port <port>', 'Port used to expose the service on each node in a cluster.');
  addGeneratorFlags(nodeport, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new NodePort service named my-ns\n  kubesim create service nodeport my-ns --tcp=5678:8080\n')
    .action(async (args: string[], _opts: CreateServiceOptions, c: Command) => run('NodePort', invocationOf(c, args), c.optsWithGlobals() as CreateServiceOptions, c.optsWithGlobals() as GlobalOptions, deps));
  const loadbalancer = service
    .command('loadbalancer')
    .description('Create a LoadBalancer service')
    .usage('NAME [--tcp=port:targetPort] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collectSlice);
  addGeneratorFlags(loadbalancer, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new LoadBalancer service named my-lbs\n  kubesim create service loadbalancer my-lbs --tcp=5678:8080\n')
    .action(async (args: string[], _opts: CreateServiceOptions, c: Command) => run('LoadBalancer', invocationOf(c, args), c.optsWithGlobals() as CreateServiceOptions, c.optsWithGlobals() as GlobalOptions, deps));
  const externalname = service
    .command('externalname')
    .description('Create an ExternalName service')
    .usage('NAME --external-name external.name [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collectSlice)
    .option('--external-name <name>', 'External name of service');
  addGeneratorFlags(externalname, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new ExternalName service named my-ns\n  kubesim create service externalname my-ns --external-name bar.com\n')
    .action(async (args: string[], _opts: CreateServiceOptions, c: Command) => run('ExternalName', invocationOf(c, args), c.optsWithGlobals() as CreateServiceOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
