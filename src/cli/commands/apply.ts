/** `kubesim apply -f`: create what is missing, three-way merge what exists, as kubectl's client-side apply. */
import type { Command } from 'commander';
import { isNotFound } from '../../api/errors.js';
import { gvrForObject } from '../../api/group-version.js';
import { kindForGVR } from '../../api/group-version.js';
import type { KubeObject } from '../../api/object.js';
import { computeApplyPatch, getOriginalConfiguration, missingLastAppliedWarning, withLastAppliedConfiguration } from '../../api/patch/apply.js';
import type { Client } from '../../client/client.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { objectRef } from '../resource-args.js';
import { addSourceToError } from './source-error.js';

export interface ApplyOptions {
  filename: string[];
  recursive?: boolean;
  dryRun?: 'none' | 'client' | 'server';
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export async function run(opts: ApplyOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (!opts.filename?.length) throw new CliError('error: must specify one of -f and -k');
  const { manifests, errors } = readManifests(opts.filename, { recursive: opts.recursive, stdin: deps.stdin });
  const failures: unknown[] = [...errors];
  const namespace = namespaceOf(global, deps);
  const dry = opts.dryRun === 'client' ? ' (dry run)' : opts.dryRun === 'server' ? ' (server dry run)' : '';
  await withClient(deps, async (client) => {
    for (const m of manifests) {
      try {
        const gvr = gvrForObject(m.object);
        const kind = kindForGVR(gvr)!;
        const ns = kind.namespaced ? (m.object.metadata?.namespace ?? namespace) : undefined;
        if (kind.namespaced && global.namespace && m.object.metadata?.namespace && m.object.metadata.namespace !== global.namespace) {
          throw new CliError(`error: the namespace from the provided object "${m.object.metadata.namespace}" does not match the namespace "${global.namespace}". You must pass '--namespace=${m.object.metadata.namespace}' to perform this operation.`);
        }
        const outcome = await applyOne(client, m.object, gvr, ns, opts, deps, m.source);
        deps.out.write(`${objectRef(kind, m.object.metadata?.name ?? '')} ${outcome}${dry}\n`);
      } catch (e) {
        failures.push(e);
      }
    }
  });
  if (failures.length) throw new AggregateCliError(failures);
}

async function applyOne(
  client: Client,
  file: KubeObject,
  gvr: ReturnType<typeof gvrForObject>,
  ns: string | undefined,
  opts: ApplyOptions,
  deps: CliDeps,
  source: string,
): Promise<ApplyOutcome> {
  const res = ns ? client.resource(gvr).namespace(ns) : client.resource(gvr);
  const name = file.metadata?.name;
  if (!name) throw new CliError(`error: error when retrieving current configuration of:\nResource: "${gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version}, Resource=${gvr.resource}", GroupVersionKind: "${file.apiVersion}, Kind=${file.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${source}": resource name may not be empty`);
  const modified = { ...file, metadata: { ...file.metadata, ...(ns ? { namespace: ns } : {}) } };
  let current: KubeObject;
  try {
    current = await res.get(name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    if (opts.dryRun === 'client') return 'created';
    try {
      await res.create(withLastAppliedConfiguration(modified), { ...(opts.dryRun === 'server' ? { dryRun: 'All' } : {}), fieldManager: 'kubectl-client-side-apply' });
    } catch (err) {
      throw addSourceToError('creating', source, err);
    }
    return 'created';
  }
  const lastApplied = getOriginalConfiguration(current);
  if (lastApplied === undefined) deps.err.write(missingLastAppliedWarning(objectRef(kindForGVR(gvr)!, name)));
  const patch = computeApplyPatch(lastApplied, modified, current, { group: gvr.group, version: gvr.version, kind: file.kind });
  if (patch.unchanged) return 'unchanged';
  if (opts.dryRun === 'client') return 'configured';
  try {
    await res.patch(name, patch.contentType, patch.patch, { ...(opts.dryRun === 'server' ? { dryRun: 'All' } : {}), fieldManager: 'kubectl-client-side-apply' });
  } catch (err) {
    throw addSourceToError('patching', source, err, name);
  }
  return 'configured';
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file...>', 'The files that contain the configurations to apply.')
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .addHelpText('after', `\nExamples:\n  # Apply the configuration in pod.json to a pod\n  kubesim apply -f ./pod.json\n\n  # Apply the JSON passed into stdin to a pod\n  cat pod.json | kubesim apply -f -\n\n  # Apply every manifest in a folder and its subfolders\n  kubesim apply -R -f manifests/\n`)
    .action(async (opts: ApplyOptions, cmd: Command) => run(opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
