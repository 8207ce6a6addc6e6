/** `kubesim create cronjob NAME --image=I --schedule=S [-- COMMAND args]`: a CronJob built as kubectl create cronjob builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { requiredFlagsError } from '../klog-line.js';
import { commandAfterName, invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';

export interface CreateCronJobOptions extends GeneratorFlags {
  image?: string;
  schedule?: string;
  restart?: string;
}

/** createCronJob of kubectl's create_cronjob.go: the job template and its one container are named after the CronJob. */
export function buildCronJob(p: { name: string; image: string; schedule: string; command: string[]; restart: string; namespace?: string }): KubeObject {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: typedMeta({ name: p.name, namespace: p.namespace }),
    spec: {
      schedule: p.schedule,
      jobTemplate: {
        metadata: typedMeta({ name: p.name }),
        spec: {
          template: {
            metadata: typedMeta({}),
            spec: { containers: [{ name: p.name, image: p.image, ...(p.command.length ? { command: p.command } : {}), resources: {} }], restartPolicy: p.restart },
          },
        },
      },
    },
    status: {},
  };
}

export async function run(inv: Invocation, opts: CreateCronJobOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  // cobra checks the flags marked required before anything else.
  const missing = (['image', 'schedule'] as const).filter((f) => opts[f] === undefined);
  if (missing.length) throw new CliError(requiredFlagsError([...missing], deps));
  const name = nameFromArgs(inv);
  const command = commandAfterName(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  const cronJob = buildCronJob({
    name,
    image: opts.image!,
    schedule: opts.schedule!,
    command,
    restart: opts.restart || 'OnFailure',
    namespace: ctx.enforceNamespace ? ctx.namespace : undefined,
  });
  await submitGenerated(cronJob, ctx, deps, { errorPrefix: 'failed to create cronjob: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('cronjob')
    .alias('cj')
    .description('Create a cron job with the specified name')
    .usage("NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...]")
    .argument('[args...]')
    .option('--image <image>', 'Image name to run.')
    .option('--restart <policy>', "job's restart policy. supported values: OnFailure, Never")
    .option('--schedule <schedule>', 'A schedule in the Cron format the job should be run with.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a cron job\n  kubesim create cronjob my-job --image=busybox --schedule="*/1 * * * *"\n  \n  # Create a cron job with a command\n  kubesim create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date\n',
    )
    .action(async (args: string[], _opts: CreateCronJobOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateCronJobOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
