/** `kubesim create job NAME --image=I [-- COMMAND args]`: a Job with one container, as kubectl create job builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { commandAfterName, invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';

export interface CreateJobOptions extends GeneratorFlags {
  image?: string;
}

/** createJob of kubectl's create_job.go: the container is named after the job and never restarted. */
export function buildJob(name: string, image: string, command: string[], namespace?: string): KubeObject {
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: typedMeta({ name, namespace }),
    spec: {
      template: {
        metadata: typedMeta({}),
        spec: { containers: [{ name, image, ...(command.length ? { command } : {}), resources: {} }], restartPolicy: 'Never' },
      },
    },
    status: {},
  };
}

export async function run(inv: Invocation, opts: CreateJobOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const command = commandAfterName(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!opts.image) throw new CliError('error: either --image or --from must be specified');
  const job = buildJob(name, opts.image, command, ctx.enforceNamespace ? ctx.namespace : undefined);
  await submitGenerated(job, ctx, deps, { errorPrefix: 'failed to create job: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('job')
    .description('Create a job with the specified name')
    .usage('NAME --image=image -- [COMMAND] [args...]')
    .argument('[args...]')
    .option('--image <image>', 'Image name to run.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a job\n  kubesim create job my-job --image=busybox\n\n  # Create a job with a command\n  kubesim create job my-job --image=busybox -- date\n')
    .action(async (args: string[], _opts: CreateJobOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateJobOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
