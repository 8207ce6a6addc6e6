/** `kubesim create deployment NAME --image=I`: a Deployment built exactly as kubectl create deployment builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectSlice, flagValueError, parseGoInt } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { requiredFlagsError } from '../klog-line.js';
import { commandAfterName, invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { goMap } from '../typed-json.js';
import { typedMeta } from '../typed-meta.js';
import { containerNameForImage } from './container-name.js';

export interface CreateDeploymentOptions extends GeneratorFlags {
  image?: string[];
  port?: string;
  replicas?: string;
}

export interface DeploymentParams {
  name: string;
  images: string[];
  replicas: number;
  /** -1: no port. */
  port: number;
  command: string[];
  namespace?: string;
}

/** createDeployment and buildPodSpec of kubectl's create_deployment.go. */
export function buildDeployment(p: DeploymentParams, random: () => number = Math.random): KubeObject {
  const labels = () => goMap({ app: p.name });
  // Go field order of corev1.Container: name, image, command, ports, resources; only the first container gets --port.
  const containers = p.images.map((image, i) => ({
    name: containerNameForImage(image, random),
    image,
    ...(p.command.length ? { command: p.command } : {}),
    ...(i === 0 && p.port >= 0 ? { ports: [{ containerPort: p.port }] } : {}),
    resources: {},
  }));
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: typedMeta({ name: p.name, namespace: p.namespace, labels: labels() }),
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: labels() },
      template: { metadata: typedMeta({ labels: labels() }), spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

export async function run(inv: Invocation, opts: CreateDeploymentOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const replicas = parseGoInt(opts.replicas ?? '1', 32);
  if (typeof replicas === 'string') throw flagValueError(inv.path, '-r, --replicas', opts.replicas!, replicas);
  const port = parseGoInt(opts.port ?? '-1', 32);
  if (typeof port === 'string') throw flagValueError(inv.path, '--port', opts.port!, port);
  if (opts.image === undefined) throw new CliError(requiredFlagsError(['image'], deps));
  const name = nameFromArgs(inv);
  const command = commandAfterName(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (opts.image.length > 1 && command.length) throw new CliError('error: cannot specify multiple --image options and command');
  const deployment = buildDeployment({ name, images: opts.image, replicas, port, command, namespace: ctx.enforceNamespace ? ctx.namespace : undefined });
  await submitGenerated(deployment, ctx, deps, { errorPrefix: 'failed to create deployment: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('deployment')
    .alias('deploy')
    .description('Create a deployment with the specified name')
    .usage('NAME --image=image -- [COMMAND] [args...]')
    .argument('[args...]')
    .option('--image <image>', 'Image names to run. A deployment can have multiple images set for multi-container pod.', collectSlice)
    .option('--port <port>', 'The containerPort that this deployment exposes.')
    .option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      `\nExamples:\n  # Create a deployment named my-dep that runs the busybox image\n  kubesim create deployment my-dep --image=busybox\n\n  # Create a deployment with a command\n  kubesim create deployment my-dep --image=busybox -- date\n\n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kubesim create deployment my-dep --image=nginx --replicas=3\n\n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  kubesim create deployment my-dep --image=busybox --port=5701\n\n  # Create a deployment named my-dep with multiple containers\n  kubesim create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx\n`,
    )
    .action(async (args: string[], _opts: CreateDeploymentOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateDeploymentOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
