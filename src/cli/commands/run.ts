/**
 * `kubesim run NAME --image=I`: a Pod labelled run=NAME, built as kubectl 1.32's run-pod/v1 generator builds it
 * (kubectl run only creates pods; --restart only sets restartPolicy). With --dry-run=client -o yaml it prints the
 * manifest learners save as static pods.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { isEnvVarName } from '../../api/validation/value-checks.js';
import { withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { atoi, collectArray } from './flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from './generator-flags.js';
import { asTypedPod } from './go-field-order.js';
import { isValidImageReference } from './image-reference.js';
import { requiredFlagsError } from './klog-line.js';
import { invocationOf, usageError, type Invocation } from './name-arg.js';
import { addOverrideFlags, applyOverrides, type OverrideFlags } from './overrides.js';
import { completeGenerator, sendGenerated } from './submit-generated.js';
import { goMap } from './typed-json.js';
import { typedMeta } from './typed-meta.js';

export interface RunOptions extends GeneratorFlags, OverrideFlags {
  image?: string;
  imagePullPolicy?: string;
  env?: string[];
  port?: string;
  labels?: string;
  annotations?: string[];
  stdin?: boolean;
  tty?: boolean;
  attach?: boolean;
  leaveStdinOpen?: boolean;
  restart?: string;
  command?: boolean;
  expose?: boolean;
  privileged?: boolean;
  rm?: boolean;
}

export interface RunPodParams {
  name: string;
  image: string;
  args: string[];
  command?: boolean;
  env?: string[];
  labels?: string;
  annotations?: string[];
  port?: string;
  restart?: string;
  imagePullPolicy?: string;
  stdin?: boolean;
  leaveStdinOpen?: boolean;
  tty?: boolean;
  privileged?: boolean;
  namespace?: string;
}

/** generate.ParseLabels: `k=v,k2=v2`, nothing trimmed or validated. */
export function parseLabelSpec(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const kv = item.split('=');
    if (kv.length !== 2) throw new CliError(`error: unexpected label spec: ${item}`);
    if (!kv[0]) throw new CliError('error: unexpected empty label key');
    labels[kv[0]] = kv[1]!;
  }
  return labels;
}

function parseEnvs(envs: string[]): Array<{ name: string; value: string }> {
  return envs.map((env) => {
    const i = env.indexOf('=');
    const name = i < 0 ? '' : env.slice(0, i);
    if (i < 0 || !name || isEnvVarName(name).length) throw new CliError(`error: invalid env: ${env}`);
    return { name, value: env.slice(i + 1) };
  });
}

function parseAnnotations(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of values) {
    const i = a.indexOf('=');
    if (i <= 0) throw new CliError(`error: invalid annotations format: ${a}`);
    out[a.slice(0, i)] = a.slice(i + 1);
  }
  return out;
}

/** BasicPod.Generate of kubectl 1.32, its checks in its order: env, annotations, labels, then the port. */
export function buildRunPod(p: RunPodParams): KubeObject {
  const env = parseEnvs(p.env ?? []);
  const annotations = parseAnnotations(p.annotations ?? []);
  const labels = p.labels ? parseLabelSpec(p.labels) : { run: p.name };
  let port: number | undefined;
  if (p.port) {
    const n = atoi(p.port);
    if (typeof n === 'string') throw new CliError(`error: ${n}`);
    port = n;
  }
  const stdin = Boolean(p.stdin);
  const container = {
    name: p.name,
    image: p.image,
    ...(p.args.length ? (p.command ? { command: p.args } : { args: p.args }) : {}),
    ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
    ...(env.length ? { env } : {}),
    resources: {},
    ...(p.imagePullPolicy ? { imagePullPolicy: p.imagePullPolicy } : {}),
    ...(p.privileged ? { securityContext: { privileged: true } } : {}),
    ...(stdin ? { stdin: true } : {}),
    ...(stdin && !p.leaveStdinOpen ? { stdinOnce: true } : {}),
    ...(p.tty ? { tty: true } : {}),
  };
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: typedMeta({ name: p.name, namespace: p.namespace, labels, annotations }),
    spec: { containers: [container], restartPolicy: p.restart || 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

/** The Service of `run --expose` (the service/v2 generator): the pod's labels as selector, the port as target. */
export function buildRunService(name: string, port: string, labels: string | undefined, namespace?: string): KubeObject {
  const n = atoi(port);
  if (typeof n === 'string') throw new CliError(`error: ${n}`);
  const selector = labels ? parseLabelSpec(labels) : { run: name };
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: typedMeta({ name, namespace, labels: labels ? parseLabelSpec(labels) : undefined }),
    spec: { ports: [{ protocol: 'TCP', port: n, targetPort: n }], selector: goMap(selector) },
    status: { loadBalancer: {} },
  };
}

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** RunOptions.Validate of kubectl 1.32, in its order. */
function validate(inv: Invocation, opts: RunOptions, attach: boolean, dryRun: string): void {
  if (!inv.args.length || inv.argsLenAtDash === 0) throw usageError(inv, 'NAME is required for run');
  if (!opts.image) throw new CliError('error: --image is required');
  if (!isValidImageReference(opts.image)) throw new CliError(`error: Invalid image name "${opts.image}": invalid reference format`);
  if (opts.tty && !opts.stdin) throw usageError(inv, '-i/--stdin is required for containers with -t/--tty=true');
  if (opts.expose && !opts.port) throw usageError(inv, '--port must be set when exposing a service');
  if (opts.restart && !restartPolicies.includes(opts.restart)) throw usageError(inv, `invalid restart policy: ${opts.restart}`);
  if (!attach && opts.rm) throw usageError(inv, '--rm should only be used for attached containers');
  if (attach && dryRun !== 'none') throw usageError(inv, "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  if (opts.imagePullPolicy && !pullPolicies.includes(opts.imagePullPolicy)) throw usageError(inv, `invalid image pull policy: ${opts.imagePullPolicy}`);
}

export async function run(inv: Invocation, opts: RunOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (opts.image === undefined) throw new CliError(requiredFlagsError(['image'], deps));
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-run' });
  // -i attaches unless --attach=false was given.
  const attach = opts.attach ?? Boolean(opts.stdin);
  validate(inv, opts, attach, ctx.dryRun);
  if (attach) throw new CliError('error: kubesim run cannot attach to a container yet (-i, -t, --attach); run the pod without them');
  const [name, ...args] = inv.args as [string, ...string[]];
  const namespace = ctx.dryRun === 'client' && ctx.enforceNamespace ? ctx.namespace : undefined;
  const pod = applyOverrides(
    buildRunPod({ ...opts, name, image: opts.image, args, namespace }),
    opts,
    asTypedPod,
  );
  const send = async (client?: Client) => {
    const created = await sendGenerated(pod, ctx, deps, { annotate: ctx.dryRun !== 'client', client });
    if (opts.expose) {
      const service = buildRunService(name, opts.port!, opts.labels, namespace);
      ctx.printer.print(await sendGenerated(service, ctx, deps, { annotate: ctx.dryRun !== 'client', client }));
      ctx.printer.separator();
    }
    ctx.printer.print(created);
  };
  if (ctx.dryRun === 'client') await send();
  else await withClient(deps, (client) => send(client));
}

export function register(program: Command, deps: CliDeps): void {
  const cmd = program
    .command('run')
    .description('Run a particular image on the cluster')
    .usage('NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]')
    .argument('[args...]')
    .option('--image <image>', 'The image for the container to run.')
    .option('--image-pull-policy <policy>', 'The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.')
    .option('--env <key=value>', 'Environment variables to set in the container.', collectArray)
    .option('--port <port>', 'The port that this container exposes.')
    .option('-l, --labels <labels>', 'Comma separated labels to apply to the pod. Will override previous values.')
    .option('--annotations <key=value>', 'Annotations to apply to the pod.', collectArray)
    .option('--restart <policy>', 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].')
    .option('--command', "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.")
    .option('--expose', 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.')
    .option('--privileged', 'If true, run the container in privileged mode.')
    .option('-i, --stdin', 'Keep stdin open on the container in the pod, even if nothing is attached.')
    .option('-t, --tty', 'Allocate a TTY for the container in the pod.')
    .option('--attach [bool]', "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.", (v: string) => v !== 'false')
    .option('--leave-stdin-open', 'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes.')
    .option('--rm', 'If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with \'--attach\' or with \'-i/--stdin\'.');
  addOverrideFlags(cmd);
  addGeneratorFlags(cmd, 'kubectl-run', { validate: false })
    .addHelpText(
      'after',
      '\nExamples:\n  # Start a nginx pod\n  kubesim run nginx --image=nginx\n\n  # Start a hazelcast pod and let the container expose port 5701\n  kubesim run hazelcast --image=hazelcast/hazelcast --port=5701\n\n  # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container\n  kubesim run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"\n\n  # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container\n  kubesim run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"\n\n  # Dry run; print the corresponding API objects without creating them\n  kubesim run nginx --image=nginx --dry-run=client\n\n  # Write a static pod manifest\n  kubesim run static-web --image=nginx --dry-run=client -o yaml > static-web.yaml\n\n  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command\n  kubesim run nginx --image=nginx -- <arg1> <arg2> ... <argN>\n\n  # Start the nginx pod using a different command and custom arguments\n  kubesim run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>\n',
    )
    .action(async (args: string[], opts: RunOptions, c: Command) => run(invocationOf(c, args), opts, c.optsWithGlobals() as GlobalOptions, deps));
}
