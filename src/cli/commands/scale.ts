/**
 * `kubesim scale`: sets replicas through the scale subresource, as kubectl scale (cmd/scale/scale.go and
 * kubectl/pkg/scale): a merge patch of spec.replicas, or, with --current-replicas / --resource-version, a
 * GET and PUT of the Scale checked against those preconditions; --timeout waits for status.replicas.
 */
import type { Command } from 'commander';
import { isConflict } from '../../api/errors.js';
import type { KubeObject } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { resolveTargets, type Target } from '../rollout/targets.js';
import { requiredFlagsError } from './klog-line.js';
import { dryRunStrategy } from './dry-run.js';
import { ObjectPrinter, outputFormat } from './object-printer.js';

export interface ScaleOptions {
  replicas?: string;
  currentReplicas?: string;
  resourceVersion?: string;
  selector?: string;
  all?: boolean;
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
  timeout?: string;
  showManagedFields?: boolean;
}

/** ScalePrecondition.validate's error. */
const preconditionError = (what: string, expected: string, actual: string) => new CliError(`error: Expected ${what} to be ${expected}, was ${actual}`);

export async function run(args: string[], opts: ScaleOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (opts.replicas === undefined) throw new CliError(requiredFlagsError(['replicas'], deps));
  const replicas = Number(opts.replicas);
  const currentReplicas = opts.currentReplicas === undefined ? -1 : Number(opts.currentReplicas);
  const format = outputFormat(opts.output);
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  if (replicas < 0) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (currentReplicas < -1) throw new CliError('error: The --current-replicas must specify an integer of -1 or greater');
  const timeoutMs = opts.timeout ? parseGoDuration(opts.timeout) / 1e6 : 0;
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace, { allowAll: true });
    if (opts.resourceVersion && targets.length > 1) throw new CliError('error: cannot use --resource-version with multiple resources');
    // A missing object is only mentioned when nothing at all could be scaled.
    if (targets.length === 0) {
      const why = errors.map((e) => (e as Error).message);
      throw new CliError(`error: no objects passed to scale${why.length === 1 ? ` ${why[0]}` : why.length ? ` [${why.join(', ')}]` : ''}`);
    }
    const printer = new ObjectPrinter({ format, operation: 'scaled', dryRun, showManagedFields: opts.showManagedFields }, deps.out);
    for (const t of targets) {
      if (dryRun === 'client') {
        printer.print(t.object);
        continue;
      }
      await scaleOne(t, replicas, currentReplicas, opts.resourceVersion, dryRun === 'server');
      if (timeoutMs > 0) await waitForReplicas(t, replicas, timeoutMs);
      printer.print(t.object);
    }
  });
}

/** genericScaler.Scale: retried on conflicts (every second, up to five minutes, as kubectl's RetryParams). */
async function scaleOne(t: Target, replicas: number, currentReplicas: number, resourceVersion: string | undefined, serverDryRun: boolean): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await scaleSimple(t, replicas, currentReplicas, resourceVersion, serverDryRun);
      return;
    } catch (e) {
      if (!isConflict(e) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function scaleSimple(t: Target, replicas: number, currentReplicas: number, resourceVersion: string | undefined, serverDryRun: boolean): Promise<void> {
  const opts = serverDryRun ? { dryRun: 'All' as const } : {};
  if (currentReplicas !== -1 || resourceVersion) {
    const scale = await t.ops.getSubresource(t.name, 'scale');
    const spec = (scale.spec ?? {}) as { replicas?: number };
    if (currentReplicas !== -1 && (spec.replicas ?? 0) !== currentReplicas) throw preconditionError('replicas', String(currentReplicas), String(spec.replicas ?? 0));
    if (resourceVersion && scale.metadata.resourceVersion !== resourceVersion) throw preconditionError('resource version', resourceVersion, scale.metadata.resourceVersion ?? '');
    const updated: KubeObject = { ...scale, spec: { ...spec, replicas } };
    await t.ops.updateSubresource(t.name, 'scale', updated, opts);
    return;
  }
  await t.ops.patch(t.name, PatchType.Merge, { spec: { replicas } }, { ...opts, subresource: 'scale' });
}

/** WaitForScaleHasDesiredReplicas: polls the Scale every second until status.replicas reaches the new size. */
async function waitForReplicas(t: Target, replicas: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scale = await t.ops.getSubresource(t.name, 'scale');
    const spec = (scale.spec ?? {}) as { replicas?: number };
    const status = (scale.status ?? {}) as { replicas?: number };
    // Someone else set another size: nothing left to wait for.
    if ((spec.replicas ?? 0) !== replicas) return;
    if ((status.replicas ?? 0) === replicas) return;
    if (Date.now() + 1000 > deadline) throw new CliError(`error: timed out waiting for "${t.name}" to be synced`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('scale')
    .description('Set a new size for a deployment, replica set, or replication controller')
    .argument('[args...]', '(-f FILENAME | TYPE NAME)')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.', '-1')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .option('-f, --filename <file...>', 'Filename, directory, or URL to files identifying the resource to set a new size')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--resource-version <version>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--timeout <duration>', "The length of time to wait before giving up on a scale operation, zero means don't wait.", '0s')
    .action(async (args: string[], opts: ScaleOptions, cmd: Command) => run(args, opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
