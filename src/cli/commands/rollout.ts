/**
 * `kubesim rollout status|history|undo|restart|pause|resume`, as kubectl's cmd/rollout: status watches the object
 * and prints the status viewer's line for each change until the rollout is done; history and undo read the
 * revisions (ReplicaSets or ControllerRevisions); restart, pause and resume patch the object.
 */
import type { Command } from 'commander';
import { parseApiVersion as parseGroupVersion } from '../../api/object.js';
import type { KubeObject } from '../../api/object.js';
import { createTwoWayMergePatch } from '../../api/patch/strategic-merge-diff.js';
import { patchMetaForKind } from '../../api/patch/patch-meta.js';
import { PatchType, type WatchEvent, type WatchHandle } from '../../api/request-options.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { viewHistory, revisionsOf } from '../rollout/history-viewer.js';
import { pause, restart, resume } from '../rollout/object-patchers.js';
import { defaultSubCommandRun } from '../rollout/parent-command.js';
import { rollback } from '../rollout/rollbacker.js';
import { statusViewerFor } from '../rollout/status-viewer.js';
import { resolveTargets, type Target, type TargetOptions } from '../rollout/targets.js';
import { dryRunStrategy } from './dry-run.js';
import { ObjectPrinter, outputFormat } from './object-printer.js';

export interface RolloutTargetOptions extends TargetOptions {
  output?: string;
  showManagedFields?: boolean;
}

export interface StatusOptions extends TargetOptions {
  revision?: string;
  timeout?: string;
  watch?: boolean;
}

const groupOf = (obj: KubeObject) => parseGroupVersion(obj.apiVersion).group;

const requiredResource = () => new CliError('error: required resource not specified');

/** `rollout status`: prints each new state's line until done (or once with --watch=false). */
export async function status(args: string[], opts: StatusOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (!args.length && !opts.filename?.length) throw requiredResource();
  const revision = opts.revision === undefined ? 0 : Number(opts.revision);
  if (revision < 0) throw new CliError(`error: revision must be a positive integer: ${opts.revision}`);
  const timeoutMs = opts.timeout ? parseGoDuration(opts.timeout) / 1e6 : 0;
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace);
    for (const t of targets) {
      const viewer = statusViewerFor(groupOf(t.object), t.object.kind);
      await watchUntilDone(t, (obj) => {
        const s = viewer(obj, revision);
        deps.out.write(s.message);
        return s.done || opts.watch === false;
      }, timeoutMs);
    }
    if (errors.length) throw new AggregateCliError(errors);
    if (!targets.length) deps.err.write(`No resources found in ${namespace} namespace.\n`);
  });
}

/** watchtools.UntilWithSync on one object by name: the current state first, then each change, until cond says done. */
function watchUntilDone(t: Target, cond: (obj: KubeObject) => boolean, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let handle: WatchHandle | undefined;
    let finished = false;
    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(timer);
      handle?.stop();
      if (err) reject(err);
      else resolve();
    };
    // Without --timeout nothing else keeps the process alive while the watch waits for the store's next change.
    const timer = timeoutMs > 0 ? setTimeout(() => finish(new CliError('error: timed out waiting for the condition')), timeoutMs) : setInterval(() => undefined, 1 << 30);
    const onEvent = (ev: WatchEvent) => {
      if (finished) return;
      if (ev.type === 'BOOKMARK') return;
      if (ev.type === 'ERROR') {
        // The watch expired: start over from the current state, as the reflector re-lists.
        handle?.stop();
        start('');
        return;
      }
      if (ev.type === 'DELETED') return finish(new CliError('error: object has been deleted'));
      try {
        if (cond({ ...ev.object, apiVersion: ev.object.apiVersion ?? t.object.apiVersion, kind: ev.object.kind ?? t.object.kind })) finish();
      } catch (e) {
        finish(e);
      }
    };
    const start = (rv: string) => {
      t.ops.watch({ fieldSelector: `metadata.name=${t.name}`, ...(rv ? { resourceVersion: rv } : {}) }, onEvent).then(
        (h) => {
          handle = h;
          if (finished) h.stop();
        },
        (e: unknown) => finish(e),
      );
    };
    start('');
  });
}

export interface HistoryOptions extends RolloutTargetOptions {
  revision?: string;
}

/** `rollout history`: the revisions table, or one revision's template (--revision). */
export async function history(args: string[], opts: HistoryOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (!args.length && !opts.filename?.length) throw requiredResource();
  const revision = opts.revision === undefined ? 0 : Number(opts.revision);
  if (revision < 0) throw new CliError(`error: revision must be a positive integer: ${opts.revision}`);
  const format = outputFormat(opts.output);
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace);
    for (const t of targets) {
      const group = groupOf(t.object);
      if (format) {
        // With -o, the objects that hold the revisions (ReplicaSets or ControllerRevisions), in revision order.
        const revisions = await revisionsOf(client, group, t.object.kind, t.namespace, t.name);
        const printer = new ObjectPrinter({ format, operation: '', dryRun: 'none', showManagedFields: opts.showManagedFields }, deps.out);
        const keys = revision > 0 ? [revision] : [...revisions.keys()].sort((a, b) => a - b);
        for (const k of keys) {
          const r = revisions.get(k);
          if (r) printer.print(r.source);
        }
        continue;
      }
      const text = await viewHistory(client, group, t.object.kind, t.namespace, t.name, revision, deps.now());
      const withRevision = revision > 0 ? `with revision #${revision}` : '';
      deps.out.write(`${t.ref} ${withRevision}\n${text}\n`);
    }
    if (errors.length) throw new AggregateCliError(errors);
  });
}

export interface UndoOptions extends RolloutTargetOptions {
  toRevision?: string;
  dryRun?: string;
}

/** `rollout undo`: back to the previous revision, or --to-revision. */
export async function undo(args: string[], opts: UndoOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (!args.length && !opts.filename?.length) throw requiredResource();
  const toRevision = opts.toRevision === undefined ? 0 : Number(opts.toRevision);
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  const format = outputFormat(opts.output);
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace);
    for (const t of targets) {
      const result = await rollback(client, t.object, toRevision, dryRun, deps.now());
      new ObjectPrinter({ format, operation: result, dryRun, showManagedFields: opts.showManagedFields }, deps.out).print(t.object);
    }
    if (errors.length) throw new AggregateCliError(errors);
  });
}

type Patcher = (obj: KubeObject, now: Date) => KubeObject;

/**
 * restart, pause and resume: set.CalculatePatches with the patcher, then a strategic merge patch of each object,
 * printing `<ref> <done>`; a patcher's refusal is reported as `<resource> "<name>" <reason>` after the others.
 */
async function patchEach(args: string[], opts: RolloutTargetOptions, global: GlobalOptions, deps: CliDeps, patcher: Patcher, done: string, emptyPatch: (t: Target) => string | Error): Promise<void> {
  const format = outputFormat(opts.output);
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace);
    const allErrs: unknown[] = [...errors];
    if (!targets.length && !allErrs.length) {
      deps.out.write(`No resources found in ${namespace} namespace.\n`);
      return;
    }
    for (const t of targets) {
      let modified: KubeObject;
      try {
        modified = patcher(t.object, deps.now());
      } catch (e) {
        const resource = t.kind.group ? `${t.kind.plural}.${t.kind.group}` : t.kind.plural;
        allErrs.push(new CliError(`error: ${resource} "${t.name}" ${(e as Error).message}`));
        continue;
      }
      const patch = computePatch(t.object, modified);
      if (!patch || Object.keys(patch).length === 0) {
        const r = emptyPatch(t);
        if (r instanceof Error) allErrs.push(r);
        else new ObjectPrinter({ format, operation: r, dryRun: 'none', showManagedFields: opts.showManagedFields }, deps.out).print(t.object);
        continue;
      }
      let updated: KubeObject;
      try {
        updated = await t.ops.patch(t.name, PatchType.StrategicMerge, patch, { fieldManager: 'kubectl-rollout' });
      } catch (e) {
        allErrs.push(new CliError(`error: failed to patch: ${(e as Error).message}`));
        continue;
      }
      new ObjectPrinter({ format, operation: done, dryRun: 'none', showManagedFields: opts.showManagedFields }, deps.out).print(updated);
    }
    if (allErrs.length) throw new AggregateCliError(allErrs);
  });
}

/** CreateTwoWayMergePatch of the object's JSON before and after (a merge patch for kinds without patch metadata). */
function computePatch(before: KubeObject, after: KubeObject): Record<string, unknown> | undefined {
  const gv = parseGroupVersion(before.apiVersion);
  const meta = patchMetaForKind({ group: gv.group, version: gv.version, kind: before.kind });
  if (!meta) return undefined;
  return createTwoWayMergePatch(before, after, meta) as Record<string, unknown>;
}

export const restartCmd = (args: string[], opts: RolloutTargetOptions, global: GlobalOptions, deps: CliDeps) =>
  patchEach(args, opts, global, deps, restart, 'restarted', (t) => new CliError(`error: failed to create patch for ${t.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`));
export const pauseCmd = (args: string[], opts: RolloutTargetOptions, global: GlobalOptions, deps: CliDeps) => patchEach(args, opts, global, deps, pause, 'paused', () => 'already paused');
export const resumeCmd = (args: string[], opts: RolloutTargetOptions, global: GlobalOptions, deps: CliDeps) => patchEach(args, opts, global, deps, resume, 'resumed', () => 'already resumed');

/** The flags every rollout subcommand takes to find its objects. */
function targetFlags(cmd: Command, what: string): Command {
  return cmd
    .argument('[args...]', '(TYPE NAME | TYPE/NAME) [flags]')
    .option('-f, --filename <file...>', `Filename, directory, or URL to files identifying the resource to ${what}`)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on');
}

function printFlags(cmd: Command): Command {
  return cmd
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.');
}

export function register(program: Command, deps: CliDeps): void {
  const rollout = program
    .command('rollout')
    .description('Manage the rollout of a resource')
    .argument('[args...]')
    .action(async (args: string[], _opts: unknown, cmd: Command) => defaultSubCommandRun(cmd, args, deps));
  const g = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions;
  targetFlags(rollout.command('history').description('View rollout history'), 'get from a server.');
  printFlags(rollout.commands.at(-1)!)
    .option('--revision <n>', 'See the details, including podTemplate of the revision specified', '0')
    .action(async (args: string[], opts: HistoryOptions, cmd: Command) => history(args, opts, g(cmd), deps));
  targetFlags(rollout.command('pause').description('Mark the provided resource as paused'), 'get from a server.');
  printFlags(rollout.commands.at(-1)!)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-rollout')
    .action(async (args: string[], opts: RolloutTargetOptions, cmd: Command) => pauseCmd(args, opts, g(cmd), deps));
  targetFlags(rollout.command('restart').description('Restart a resource'), 'get from a server.');
  printFlags(rollout.commands.at(-1)!)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-rollout')
    .action(async (args: string[], opts: RolloutTargetOptions, cmd: Command) => restartCmd(args, opts, g(cmd), deps));
  targetFlags(rollout.command('resume').description('Resume a paused resource'), 'get from a server.');
  printFlags(rollout.commands.at(-1)!)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-rollout')
    .action(async (args: string[], opts: RolloutTargetOptions, cmd: Command) => resumeCmd(args, opts, g(cmd), deps));
  targetFlags(rollout.command('status').description('Show the status of the rollout'), 'get from a server.')
    .option('--revision <n>', 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).', '0')
    .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never.', '0s')
    .option('-w, --watch', 'Watch the status of the rollout until it\'s done.', true)
    .action(async (args: string[], opts: StatusOptions, cmd: Command) => status(args, opts, g(cmd), deps));
  targetFlags(rollout.command('undo').description('Undo a previous rollout'), 'get from a server.');
  printFlags(rollout.commands.at(-1)!)
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).', '0')
    .action(async (args: string[], opts: UndoOptions, cmd: Command) => undo(args, opts, g(cmd), deps));
}
