/**
 * `kubesim expose deployment|rs|pod|svc NAME`: a Service selecting the pods of an existing object, its selector,
 * ports and protocols read from that object as kubectl expose reads them (polymorphichelpers).
 */
import type { Command } from 'commander';
import { gvrForObject, gvrOf, kindForGVR } from '../../api/group-version.js';
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { parseResourceArgs } from '../resource-args.js';
import { atoi, collectSlice } from './flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from './generator-flags.js';
import { asTypedService } from './go-field-order.js';
import { invocationOf, type Invocation } from './name-arg.js';
import { addOverrideFlags, applyOverrides, type OverrideFlags } from './overrides.js';
import { completeGenerator, sendGenerated, type GeneratorContext } from './submit-generated.js';
import { goMap } from './typed-json.js';
import { orderMeta, typedMeta } from './typed-meta.js';

export interface ExposeOptions extends GeneratorFlags, OverrideFlags {
  filename?: string[];
  protocol?: string;
  port?: string;
  type?: string;
  loadBalancerIp?: string;
  selector?: string;
  labels?: string;
  targetPort?: string;
  externalIp?: string;
  name?: string;
  sessionAffinity?: string;
  clusterIp?: string;
}

type Json = Record<string, unknown>;
const exposable = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet']);

/** The containers' pod spec of an object kubectl can expose. */
function podSpecOf(obj: KubeObject): Json | undefined {
  const spec = obj.spec as Json | undefined;
  if (obj.kind === 'Pod') return spec;
  return ((spec?.template as Json | undefined)?.spec as Json | undefined) ?? undefined;
}

const makeLabels = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/** Go's %+v of []metav1.LabelSelectorRequirement. */
const requirementsText = (reqs: Json[]) => `[${reqs.map((r) => `{Key:${r.key ?? ''} Operator:${r.operator ?? ''} Values:[${((r.values as string[]) ?? []).join(' ')}]}`).join(' ')}]`;

/** MapBasedSelectorForObject. */
function selectorOf(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as Json;
  switch (obj.kind) {
    case 'Pod':
      if (!Object.keys(obj.metadata.labels ?? {}).length) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(obj.metadata.labels);
    case 'Service':
      if (!spec.selector) throw new Error('the service has no pod selector set');
      return makeLabels(spec.selector as Record<string, string>);
    case 'ReplicationController':
      return makeLabels(spec.selector as Record<string, string>);
    default: {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: Json[] } | undefined;
      if (sel?.matchExpressions?.length) throw new Error(`couldn't convert expressions - "${requirementsText(sel.matchExpressions)}" to map-based selector format`);
      return makeLabels(sel?.matchLabels);
    }
  }
}

/** PortsForObject: container ports, or a service's ports, each once. */
function portsOf(obj: KubeObject): string[] {
  if (obj.kind === 'Service') return [...new Set((((obj.spec as Json)?.ports as Json[]) ?? []).map((p) => String(p.port ?? 0)))];
  const containers = (podSpecOf(obj)?.containers as Json[]) ?? [];
  return [...new Set(containers.flatMap((c) => ((c.ports as Json[]) ?? []).map((p) => String(p.containerPort ?? 0))))];
}

/** MultiProtocolsForObject: each port's protocols, empty ones defaulted to TCP. */
function protocolsOf(obj: KubeObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (port: unknown, protocol: unknown) => {
    const key = String(port ?? 0);
    out.set(key, [...(out.get(key) ?? []), (protocol as string) || 'TCP']);
  };
  if (obj.kind === 'Service') for (const p of ((obj.spec as Json)?.ports as Json[]) ?? []) add(p.port, p.protocol);
  else for (const c of (podSpecOf(obj)?.containers as Json[]) ?? []) for (const p of (c.ports as Json[]) ?? []) add(p.containerPort, p.protocol);
  return out;
}

/** expose.go's parseLabels (for --selector and --labels). */
function parseLabels(spec: string): Record<string, string> {
  if (!spec) throw new CliError('error: no label spec passed');
  const out: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const kv = item.split('=');
    if (kv.length !== 2) throw new CliError(`error: unexpected label spec: ${item}`);
    if (!kv[0]) throw new CliError('error: unexpected empty label key');
    out[kv[0]] = kv[1]!;
  }
  return out;
}

/** What RunExpose works out before building the Service; kubectl keeps it across the objects of one command. */
interface ExposeState {
  selector: string;
  port: string;
  ports: string;
  labels: string;
  protocols: Map<string, string[]>;
  defaultName: string;
}

/** createService of kubectl 1.32's expose.go. */
export function buildExposedService(o: ExposeOptions, s: ExposeState): KubeObject {
  if (!s.selector) throw new CliError('error: selector must be specified');
  const selector = parseLabels(s.selector);
  const labels = s.labels ? parseLabels(s.labels) : undefined;
  const name = o.name || s.defaultName;
  if (!name) throw new CliError('error: name must be specified');
  const portString = s.ports || s.port;
  const ports: Json[] = [];
  if (portString) {
    const list = portString.split(',');
    list.forEach((p, i) => {
      const port = atoi(p);
      if (typeof port === 'string') throw new CliError(`error: ${port}`);
      const portName = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = o.protocol ?? '';
      if (!protocol && !s.protocols.size) protocol = 'TCP';
      else if (!protocol) {
        protocol = 'TCP';
        const found = s.protocols.get(p);
        if (found?.length === 1) protocol = found[0]!;
        else if (found) {
          for (const proto of found) ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto, port });
          return;
        }
      }
      ports.push({ ...(portName ? { name: portName } : {}), protocol, port });
    });
  }
  const target = o.targetPort;
  for (const p of ports) {
    if (target) {
      const n = atoi(target);
      p.targetPort = typeof n === 'string' ? target : n;
    } else p.targetPort = p.port;
  }
  const affinity = o.sessionAffinity;
  if (affinity && affinity !== 'None' && affinity !== 'ClientIP') throw new CliError(`error: unknown session affinity: ${affinity}`);
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: typedMeta({ name, labels }),
    spec: {
      ...(ports.length ? { ports } : {}),
      selector: goMap(selector),
      ...(o.clusterIp ? { clusterIP: o.clusterIp } : {}),
      ...(o.type ? { type: o.type } : {}),
      ...(o.externalIp ? { externalIPs: [o.externalIp] } : {}),
      ...(affinity ? { sessionAffinity: affinity } : {}),
      ...(o.type === 'LoadBalancer' && o.loadBalancerIp ? { loadBalancerIP: o.loadBalancerIp } : {}),
    },
    status: { loadBalancer: {} },
  };
}

interface Target {
  kind: KindInfo;
  name: string;
  /** Set when the object came from a file (kubectl then uses it as read). */
  object?: KubeObject;
}

function targetsOf(args: string[], opts: ExposeOptions, deps: CliDeps, failures: unknown[]): Target[] {
  if (opts.filename?.length) {
    const { manifests, errors } = readManifests(opts.filename, { stdin: deps.stdin });
    failures.push(...errors);
    return manifests.map((m) => ({ kind: kindForGVR(gvrForObject(m.object))!, name: m.object.metadata?.name ?? '', object: m.object }));
  }
  const requests = parseResourceArgs(args);
  if (!requests.length) {
    throw new CliError("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const out: Target[] = [];
  for (const r of requests) {
    if (!r.names.length) throw new CliError('error: resource(s) were provided, but no name was specified');
    for (const name of r.names) out.push({ kind: r.kind, name });
  }
  return out;
}

async function exposeOne(client: Client | undefined, t: Target, opts: ExposeOptions, state: ExposeState, ctx: GeneratorContext, deps: CliDeps): Promise<void> {
  const obj = t.object ?? (await client!.resource(gvrOf(t.kind)).namespace(ctx.namespace).get(t.name));
  const groupKind = t.kind.group ? `${t.kind.kind}.${t.kind.group}` : t.kind.kind;
  if (!exposable.has(`${t.kind.group}/${t.kind.kind}`)) throw new CliError(`error: cannot expose a ${groupKind}`);
  state.defaultName = (obj.metadata?.name ?? '').slice(0, 63);
  if (!state.selector) {
    try {
      state.selector = selectorOf(obj);
    } catch (e) {
      throw new CliError(`error: couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
  }
  if (!state.port) {
    const ports = portsOf(obj);
    if (!ports.length && opts.clusterIp !== 'None') throw new CliError("error: couldn't find port via --port flag or introspection");
    if (ports.length === 1) state.port = ports[0]!;
    else if (ports.length > 1) state.ports = ports.join(',');
  }
  const protocols = protocolsOf(obj);
  if (protocols.size) state.protocols = protocols;
  if (!state.labels) state.labels = makeLabels(obj.metadata?.labels);
  let service = applyOverrides(buildExposedService(opts, state), opts, asTypedService);
  if (ctx.dryRun === 'client' && ctx.enforceNamespace) service = { ...service, metadata: orderMeta({ ...service.metadata, namespace: ctx.namespace }) };
  ctx.printer.print(await sendGenerated(service, ctx, deps, { annotate: ctx.dryRun !== 'client', client }));
}

export async function run(inv: Invocation, opts: ExposeOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-expose', operation: 'exposed' });
  const failures: unknown[] = [];
  const targets = targetsOf(inv.args, opts, deps, failures);
  const state: ExposeState = { selector: opts.selector ?? '', port: opts.port ?? '', ports: '', labels: opts.labels ?? '', protocols: new Map(), defaultName: '' };
  const visit = async (client?: Client) => {
    for (const t of targets) {
      try {
        await exposeOne(client, t, opts, state, ctx, deps);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  const needsServer = ctx.dryRun !== 'client' || targets.some((t) => !t.object);
  if (needsServer) await withClient(deps, (client) => visit(client));
  else await visit();
  if (failures.length) throw new AggregateCliError(failures);
}

export function register(program: Command, deps: CliDeps): void {
  const cmd = program
    .command('expose')
    .description('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
    .usage('(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]')
    .argument('[args...]')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to expose a service', collectSlice)
    .option('--protocol <protocol>', "The network protocol for the service to be created. Default is 'TCP'.")
    .option('--port <port>', 'The port that the service should serve on. Copied from the resource being exposed, if unspecified')
    .option('--type <type>', "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.")
    .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).')
    .option('--selector <selector>', 'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)')
    .option('-l, --labels <labels>', 'Labels to apply to the service created by this call.')
    .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to. Optional.')
    .option('--external-ip <ip>', 'Additional external IP address (not managed by Kubernetes) to accept for the service.')
    .option('--name <name>', 'The name for the newly created object.')
    .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
    .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.");
  addOverrideFlags(cmd);
  addGeneratorFlags(cmd, 'kubectl-expose', { validate: false })
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubesim expose rc nginx --port=80 --target-port=8000\n\n  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"\n  kubesim expose pod valid-pod --port=444 --name=frontend\n\n  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"\n  kubesim expose service nginx --port=443 --target-port=8443 --name=nginx-https\n\n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubesim expose deployment nginx --port=80 --target-port=8000\n',
    )
    .action(async (args: string[], opts: ExposeOptions, c: Command) => run(invocationOf(c, args), opts, c.optsWithGlobals() as GlobalOptions, deps));
}
