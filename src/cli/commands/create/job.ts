/**
 * `kubesim create job NAME --image=I [-- COMMAND args]` or `--from=cronjob/X`: a Job with one container, or a
 * manual run of a CronJob's job template, as kubectl create job builds them.
 */
import type { Command } from 'commander';
import { gvrOf } from '../../../api/group-version.js';
import type { KubeObject } from '../../../api/object.js';
import { withClient, type CliDeps, type GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { parseResourceArgs } from '../../resource-args.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { commandAfterName, invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';

export interface CreateJobOptions extends GeneratorFlags {
  image?: string;
  from?: string;
}

/** The annotation kubectl puts on a job made from a CronJob by hand. */
export const InstantiateAnnotation = 'cronjob.kubernetes.io/instantiate';

/**
 * createJobFromCronJob: the template's labels, annotations (plus instantiate: manual) and spec, owned by the
 * CronJob without blockOwnerDeletion (which would need the cronjobs/finalizers permission).
 */
export function buildJobFromCronJob(name: string, cronJob: KubeObject, namespace?: string): KubeObject {
  const template = ((cronJob.spec as { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } } | undefined)
    ?.jobTemplate ?? {});
  const annotations: Record<string, string> = { [InstantiateAnnotation]: 'manual', ...(template.metadata?.annotations ?? {}) };
  const meta = typedMeta({ name, namespace, labels: template.metadata?.labels, annotations });
  meta.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name ?? '', uid: cronJob.metadata.uid ?? '', controller: true }];
  return { kind: 'Job', apiVersion: 'batch/v1', metadata: meta, spec: structuredClone(template.spec ?? {}), status: {} };
}

/** The object named by --from, fetched as kubectl's builder does (resource/name, the request's namespace). */
async function fetchFrom(from: string, namespace: string, deps: CliDeps): Promise<KubeObject> {
  const [request] = parseResourceArgs([from]);
  if (!request || request.names.length === 0) throw new CliError('error: resource(s) were provided, but no name was specified');
  if (request.names.length !== 1) throw new CliError('error: from must be an existing cronjob');
  const { kind } = request;
  const obj = await withClient(deps, (client) => {
    const r = client.resource(gvrOf(kind));
    return (kind.namespaced ? r.namespace(namespace) : r).get(request.names[0]!);
  });
  if (kind.group !== 'batch' || kind.kind !== 'CronJob') throw new CliError(`error: unknown object type *${kind.versions[0]}.${kind.kind}`);
  return obj;
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
  if (!opts.image === !opts.from) throw new CliError('error: either --image or --from must be specified');
  if (command.length && opts.from) throw new CliError('error: cannot specify --from and command');
  const namespace = ctx.enforceNamespace ? ctx.namespace : undefined;
  const job = opts.image ? buildJob(name, opts.image, command, namespace) : buildJobFromCronJob(name, await fetchFrom(opts.from!, ctx.namespace, deps), namespace);
  await submitGenerated(job, ctx, deps, { errorPrefix: 'failed to create job: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('job')
    .description('Create a job with the specified name')
    .usage('NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]')
    .argument('[args...]')
    .option('--from <from>', 'The name of the resource to create a Job from (only cronjob is supported).')
    .option('--image <image>', 'Image name to run.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a job\n  kubesim create job my-job --image=busybox\n\n  # Create a job with a command\n  kubesim create job my-job --image=busybox -- date\n  \n  # Create a job from a cron job named "a-cronjob"\n  kubesim create job test-job --from=cronjob/a-cronjob\n')
    .action(async (args: string[], _opts: CreateJobOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateJobOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
