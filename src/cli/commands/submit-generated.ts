/**
 * What every command that generates an object shares (kubectl's create subcommands, run, expose): --dry-run,
 * -o, --save-config and --field-manager, sending the object to the cluster unless --dry-run=client, printing it.
 */
import { StatusError } from '../../api/errors.js';
import { gvrOf } from '../../api/group-version.js';
import { kindFor } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { LAST_APPLIED_CONFIG_ANNOTATION } from '../../api/patch/apply.js';
import type { Client } from '../../client/client.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { dryRunStrategy, type DryRunStrategy } from './dry-run.js';
import type { GeneratorFlags } from './generator-flags.js';
import { ObjectPrinter, outputFormat } from './object-printer.js';
import { marshalCompact } from './typed-json.js';
import { orderMeta } from './typed-meta.js';

export interface GeneratorContext {
  dryRun: DryRunStrategy;
  printer: ObjectPrinter;
  /** The namespace requests go to: -n, else the context's. */
  namespace: string;
  /** -n was given: kubectl then writes the namespace into the generated object. */
  enforceNamespace: boolean;
  fieldManager: string;
  saveConfig: boolean;
}

/** kubectl's Complete for these commands: the dry-run strategy and the printer, checked before anything is generated. */
export function completeGenerator(
  flags: GeneratorFlags,
  global: GlobalOptions,
  deps: CliDeps,
  defaults: { fieldManager: string; operation?: string },
): GeneratorContext {
  const dryRun = dryRunStrategy(flags.dryRun, deps);
  const format = outputFormat(flags.output);
  return {
    dryRun,
    printer: new ObjectPrinter({ format, operation: defaults.operation ?? 'created', dryRun, showManagedFields: flags.showManagedFields }, deps.out),
    namespace: namespaceOf(global, deps),
    enforceNamespace: Boolean(global.namespace),
    fieldManager: flags.fieldManager || defaults.fieldManager,
    saveConfig: Boolean(flags.saveConfig),
  };
}

/**
 * The object with its last-applied-configuration annotation (util.CreateOrUpdateAnnotation with a typed object):
 * the compact Go JSON of the object without that annotation, then a newline.
 */
export function withTypedLastApplied(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_CONFIG_ANNOTATION];
  const bare = { ...obj, metadata: orderMeta({ ...obj.metadata, annotations }) };
  const text = `${marshalCompact(bare)}\n`;
  return { ...obj, metadata: orderMeta({ ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED_CONFIG_ANNOTATION]: text } }) };
}

export interface SendOptions {
  /** kubectl's wrapper of server errors for this command (`failed to create deployment: `); none re-throws them as is. */
  errorPrefix?: string;
  /** Whether --save-config applies on this path (run and expose skip it on a client dry run). */
  annotate?: boolean;
  /** An open client, when the command sends more than one object. */
  client?: Client;
}

/** Creates the object unless --dry-run=client and returns what kubectl prints: the server's answer, or the object itself. */
export async function sendGenerated(obj: KubeObject, ctx: GeneratorContext, deps: CliDeps, opts: SendOptions = {}): Promise<KubeObject> {
  const annotated = (opts.annotate ?? true) && ctx.saveConfig ? withTypedLastApplied(obj) : obj;
  if (ctx.dryRun === 'client') return annotated;
  const kind = kindFor(annotated.apiVersion, annotated.kind);
  if (!kind) throw new CliError(`error: no matches for kind "${annotated.kind}" in version "${annotated.apiVersion}"`);
  const send = async (client: Client) => {
    const res = kind.namespaced ? client.resource(gvrOf(kind)).namespace(ctx.namespace) : client.resource(gvrOf(kind));
    try {
      return await res.create(annotated, { fieldManager: ctx.fieldManager, ...(ctx.dryRun === 'server' ? { dryRun: 'All' as const } : {}) });
    } catch (e) {
      if (opts.errorPrefix === undefined) throw e;
      throw new CliError(`error: ${opts.errorPrefix}${e instanceof StatusError ? e.status.message : (e as Error).message}`);
    }
  };
  return opts.client ? send(opts.client) : withClient(deps, send);
}

/** Sends one generated object and prints the result. */
export async function submitGenerated(obj: KubeObject, ctx: GeneratorContext, deps: CliDeps, opts: SendOptions = {}): Promise<void> {
  ctx.printer.print(await sendGenerated(obj, ctx, deps, opts));
}
