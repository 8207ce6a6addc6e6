/** `kubesim create -f FILE` (and the `create <what>` generators): create objects, failing on those that exist, as kubectl create. */
import type { Command } from 'commander';
import { gvrForObject, kindForGVR, type GroupVersionResource } from '../../api/group-version.js';
import { NoKindMatchError } from '../../api/errors.js';
import { parseLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { withLastAppliedConfiguration } from '../../api/patch/apply.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests, type Manifest } from '../manifests.js';
import { createSubcommands } from './create/index.js';
import { dryRunStrategy } from './dry-run.js';
import { collectSlice } from './flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from './generator-flags.js';
import { invocationOf, usageError, type Invocation } from './name-arg.js';
import { ObjectPrinter, outputFormat } from './object-printer.js';
import { addSourceToError } from './source-error.js';

export interface CreateOptions extends GeneratorFlags {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
}

/** kubectl's message for a file whose kind the server does not serve. */
function mappingError(m: Manifest, e: NoKindMatchError): CliError {
  return new CliError(`error: resource mapping not found for name: "${m.object.metadata?.name ?? ''}" namespace: "${m.object.metadata?.namespace ?? ''}" from "${m.source}": ${e.message}\nensure CRDs are installed first`);
}

/** A file's object as kubectl's resource builder hands it over: its kind resolved, its namespace filled in. */
function prepare(m: Manifest, namespace: string, global: GlobalOptions): { obj: KubeObject; gvr: GroupVersionResource; ns?: string } {
  let gvr: GroupVersionResource;
  try {
    gvr = gvrForObject(m.object);
  } catch (e) {
    throw e instanceof NoKindMatchError ? mappingError(m, e) : e;
  }
  if (!kindForGVR(gvr)!.namespaced) return { obj: m.object, gvr };
  const own = m.object.metadata?.namespace;
  if (own && global.namespace && own !== global.namespace) {
    throw new CliError(`error: the namespace from the provided object "${own}" does not match the namespace "${global.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  const ns = own ?? namespace;
  return { obj: { ...m.object, metadata: { ...m.object.metadata, namespace: ns } }, gvr, ns };
}

type Send = (obj: KubeObject, gvr: GroupVersionResource, ns: string | undefined) => Promise<KubeObject>;

export async function run(inv: Invocation, opts: CreateOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (!opts.filename?.length) throw new CliError('error: must specify one of -f and -k');
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  const printer = new ObjectPrinter({ format: outputFormat(opts.output), operation: 'created', dryRun, sortedJson: true, showManagedFields: opts.showManagedFields }, deps.out);
  if (inv.args.length) throw usageError(inv, `Unexpected args: [${inv.args.join(' ')}]`);
  const namespace = namespaceOf(global, deps);
  const selector = opts.selector ? parseLabelSelector(opts.selector) : undefined;
  const { manifests, errors } = readManifests(opts.filename, { recursive: opts.recursive, stdin: deps.stdin });
  const failures: unknown[] = [...errors];
  let count = 0;
  // Like kubectl's ContinueOnError visitor: every object is tried, failures are reported together at the end.
  const createAll = async (send?: Send) => {
    for (const m of manifests) {
      try {
        const { obj, gvr, ns } = prepare(m, namespace, global);
        if (selector && !selector.matches(obj.metadata?.labels ?? {})) continue;
        const annotated = opts.saveConfig ? withLastAppliedConfiguration(obj) : obj;
        let result = annotated;
        if (send) {
          try {
            result = await send(annotated, gvr, ns);
          } catch (e) {
            throw addSourceToError('creating', m.source, e);
          }
        }
        count++;
        printer.print(result);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  if (dryRun === 'client') await createAll();
  else {
    const createOptions = { fieldManager: opts.fieldManager || 'kubectl-create', ...(dryRun === 'server' ? { dryRun: 'All' as const } : {}) };
    await withClient(deps, (client) => createAll((obj, gvr, ns) => (ns ? client.resource(gvr).namespace(ns) : client.resource(gvr)).create(obj, createOptions)));
  }
  if (failures.length) throw new AggregateCliError(failures);
  if (!count) throw new CliError('error: no objects passed to create');
}

export function register(program: Command, deps: CliDeps): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin')
    .usage('-f FILENAME')
    .argument('[args...]')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to create the resource', collectSlice)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.');
  addGeneratorFlags(create, 'kubectl-create')
    .addHelpText('before', 'Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.\n')
    .addHelpText('after', '\nExamples:\n  # Create a pod using the data in pod.json\n  kubesim create -f ./pod.json\n\n  # Create a pod based on the JSON passed into stdin\n  cat pod.json | kubesim create -f -\n')
    .action(async (args: string[], opts: CreateOptions, c: Command) => run(invocationOf(c, args), opts, c.optsWithGlobals() as GlobalOptions, deps));
  for (const sub of createSubcommands) sub(create, deps);
}
