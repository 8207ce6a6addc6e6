/**
 * `kubesim set image|resources|env`, as kubectl's cmd/set: each changes the pod spec of the objects (their
 * template's, for workloads), computes a strategic merge patch from the change (set.CalculatePatches) and sends
 * it, printing `<ref> image updated` (`resource requirements updated`, `env updated`); an object the change leaves
 * as it was is skipped without a word.
 */
import type { Command } from 'commander';
import type { Container, EnvVar, PodSpec } from 'kubernetes-types/core/v1.js';
import { isEnvVarName } from '../../api/validation/value-checks.js';
import { parseApiVersion, type KubeObject } from '../../api/object.js';
import { createTwoWayMergePatch } from '../../api/patch/strategic-merge-diff.js';
import { patchMetaForKind } from '../../api/patch/patch-meta.js';
import { createMergePatch } from '../../api/patch/merge-patch.js';
import { PatchType } from '../../api/request-options.js';
import { parseQuantity } from '../../util/quantity.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { defaultSubCommandRun } from '../rollout/parent-command.js';
import { globMatch, podSpecOf } from '../rollout/pod-spec.js';
import { resolveTargets, type Target, type TargetOptions } from '../rollout/targets.js';
import { dryRunStrategy, type DryRunStrategy } from './dry-run.js';
import { ObjectPrinter, outputFormat } from './object-printer.js';

export interface SetOptions extends TargetOptions {
  output?: string;
  dryRun?: string;
  showManagedFields?: boolean;
  fieldManager?: string;
}

/** How one object's pod spec changes; errors it collects are reported after every object is done. */
type SpecChange = (spec: PodSpec, obj: KubeObject, errs: unknown[]) => void;

const noResources = () => new CliError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');

/** The strategic merge patch from before to after (JSON merge patch for kinds without patch metadata). */
function calculatePatch(before: KubeObject, after: KubeObject): Record<string, unknown> {
  const gv = parseApiVersion(before.apiVersion);
  const meta = patchMetaForKind({ group: gv.group, version: gv.version, kind: before.kind });
  return (meta ? createTwoWayMergePatch(before, after, meta) : createMergePatch(before, after)) as Record<string, unknown>;
}

/**
 * The shared Run of set image/resources/env: the change applied to each object, patched on the server (or only
 * printed with --dry-run=client), printed with `operation`; unchanged objects are skipped.
 */
async function runSet(targets: Target[], change: SpecChange, operation: string, opts: SetOptions, dryRun: DryRunStrategy, deps: CliDeps, allErrs: unknown[], patchError: string): Promise<void> {
  const printer = new ObjectPrinter({ format: outputFormat(opts.output), operation, dryRun, showManagedFields: opts.showManagedFields }, deps.out);
  for (const t of targets) {
    const modified = structuredClone(t.object);
    try {
      change(podSpecOf(modified), modified, allErrs);
    } catch (e) {
      allErrs.push(new CliError(`error: ${t.kind.plural}/${t.name} ${(e as Error).message}\n`));
      continue;
    }
    const patch = calculatePatch(t.object, modified);
    if (Object.keys(patch).length === 0) continue;
    if (dryRun === 'client') {
      printer.print(modified);
      continue;
    }
    let actual: KubeObject;
    try {
      actual = await t.ops.patch(t.name, PatchType.StrategicMerge, patch, { ...(dryRun === 'server' ? { dryRun: 'All' } : {}), fieldManager: opts.fieldManager ?? 'kubectl-set' });
    } catch (e) {
      allErrs.push(new CliError(`error: ${patchError}: ${(e as Error).message}`));
      continue;
    }
    printer.print(actual);
  }
}

// ---- set image ------------------------------------------------------------------------------

/** cmdutil.GetResourcesAndPairs: resources first, then `name=value` (or `name-`) pairs. */
export function resourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const nonResource = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (nonResource) {
      foundPair = true;
      pairs.push(s);
    } else if (!foundPair) resources.push(s);
    else throw new CliError(`error: all resources must be specified before ${pairType} changes: ${s}`);
  }
  return { resources, pairs };
}

/** cmdutil.ParsePairs without removal: `name=value` pairs, or kubectl's error listing the malformed ones. */
function parsePairs(pairs: string[], pairType: string): Map<string, string> {
  const out = new Map<string, string>();
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes('=') && p[0] !== '=') {
      const i = p.indexOf('=');
      out.set(p.slice(0, i), p.slice(i + 1));
    } else invalid.push(p);
  }
  if (invalid.length) throw new CliError(`error: invalid ${pairType} format: ${invalid.join(', ')}`);
  return out;
}

export async function setImage(args: string[], opts: SetOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const { resources, pairs } = resourcesAndPairs(args, 'image');
  const images = parsePairs(pairs, 'image');
  if (images.size < 1 && (resources.length || opts.filename?.length)) throw new CliError('error: at least one image update is required');
  if (images.size > 1 && images.has('*')) throw new CliError('error: all containers are already specified by *, but saw more than one container_name=container_image pairs');
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  outputFormat(opts.output);
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, resources, opts, namespace, { allowAll: true });
    const allErrs: unknown[] = [...errors];
    const change: SpecChange = (spec, _obj, errs) => {
      for (const [name, image] of images) {
        const set = (cs: Container[] | undefined) => {
          let found = false;
          for (const c of cs ?? []) {
            if (name === '*' || c.name === name) {
              c.image = image;
              found = true;
            }
          }
          return found;
        };
        const init = set(spec.initContainers);
        const main = set(spec.containers);
        const ephemeral = set(spec.ephemeralContainers as Container[] | undefined);
        if (!init && !main && !ephemeral) errs.push(new CliError(`error: unable to find container named "${name}"`));
      }
    };
    await runSet(targets, change, 'image updated', opts, dryRun, deps, allErrs, 'failed to patch image update to pod template');
    if (allErrs.length) throw new AggregateCliError(allErrs);
  });
}

// ---- set resources ------------------------------------------------------------------------------

export interface ResourcesOptions extends SetOptions {
  containers?: string;
  limits?: string;
  requests?: string;
}

/** HandleResourceRequirementsV1's parse of `cpu=200m,memory=512Mi`, quantities in their canonical form. */
function parseResourceList(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new CliError(`error: Invalid argument syntax ${part}, expected <resource>=<value>`);
    let q;
    try {
      q = parseQuantity(kv[1]!);
    } catch (e) {
      throw new CliError(`error: ${(e as Error).message}`);
    }
    out[kv[0]!] = q.toString();
  }
  return out;
}

export async function setResources(args: string[], opts: ResourcesOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const limits = parseResourceList(opts.limits);
  const requests = parseResourceList(opts.requests);
  if (!opts.limits && !opts.requests && (args.length || opts.filename?.length)) throw new CliError('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  outputFormat(opts.output);
  const selector = opts.containers ?? '*';
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const { targets, errors } = await resolveTargets(client, args, opts, namespace, { allowAll: true });
    const allErrs: unknown[] = [...errors];
    const change: SpecChange = (spec, _obj, errs) => {
      const containers = [...(spec.containers ?? []).filter((c) => globMatch(selector, c.name)), ...(spec.initContainers ?? []).filter((c) => globMatch(selector, c.name))];
      if (!containers.length) {
        errs.push(new CliError(`error: unable to find container named ${selector}`));
        return;
      }
      for (const c of containers) {
        const r = (c.resources ??= {});
        if (opts.limits) r.limits = { ...(r.limits ?? {}), ...limits };
        if (opts.requests) r.requests = { ...(r.requests ?? {}), ...requests };
      }
    };
    await runSet(targets, change, 'resource requirements updated', opts, dryRun, deps, allErrs, 'failed to patch resources update to pod template');
    if (allErrs.length) throw new AggregateCliError(allErrs);
  });
}

// ---- set env ---------------------------------------------------------------------------------------

export interface EnvOptions extends SetOptions {
  containers?: string;
  env?: string[];
  from?: string;
  keys?: string[];
  list?: boolean;
  overwrite?: boolean;
  prefix?: string;
  resolve?: boolean;
}

/** SplitEnvironmentFromResources: resources first, then `KEY=VAL` / `KEY-`. */
function splitEnvironmentFromResources(args: string[]): { resources: string[]; envArgs: string[] } {
  const resources: string[] = [];
  const envArgs: string[] = [];
  let first = true;
  for (const s of args) {
    const isEnv = /^(.+)=(.*)$/s.test(s) || s.endsWith('-');
    if (isEnv) {
      first = false;
      envArgs.push(s);
    } else if (first) resources.push(s);
    else throw new CliError(`error: all resources must be specified before environment changes: ${args.join(' ')}`);
  }
  return { resources, envArgs };
}

/** envutil.ParseEnv (without `-`, STDIN). */
function parseEnv(specs: string[]): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  const exists = new Set<string>();
  for (const s of specs) {
    if (s.includes('=')) {
      const i = s.indexOf('=');
      const name = s.slice(0, i);
      const errs = isEnvVarName(name);
      if (errs.length) throw new CliError(`error: "${name}" is not a valid key name: ${errs.join(';')}`);
      exists.add(name);
      env.push({ name, value: s.slice(i + 1) });
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new CliError(`error: unknown environment variable: ${s}`);
  }
  for (const r of remove) if (exists.has(r)) throw new CliError('error: can not both modify and remove the same environment variable in the same command');
  return { env, remove };
}

/** updateEnv: replaces in place, drops removed ones, appends new ones. */
function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** envutil.GetEnvVarRefString: where a valueFrom points. */
function envVarRefString(from: NonNullable<EnvVar['valueFrom']>): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name ?? ''}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name ?? ''}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource field ${from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : ''}${from.resourceFieldRef.resource}`;
  return 'invalid valueFrom';
}

/** keyToEnvName: a ConfigMap or Secret key as an environment variable name. */
const keyToEnvName = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();

export async function setEnv(args: string[], opts: EnvOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const split = splitEnvironmentFromResources(args);
  const envArgs = [...split.envArgs, ...(opts.env ?? [])];
  if (!opts.filename?.length && split.resources.length < 1) throw noResources();
  if (opts.all && opts.selector) throw new CliError('error: cannot set --all and --selector at the same time');
  if (opts.keys?.length && !opts.from) throw new CliError('error: when specifying --keys, a configmap or secret must be provided with --from');
  const dryRun = dryRunStrategy(opts.dryRun, deps);
  outputFormat(opts.output);
  const parsed = parseEnv(envArgs);
  const env = [...parsed.env];
  const selector = opts.containers ?? '*';
  const overwrite = opts.overwrite !== false;
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    if (opts.from) {
      const { targets: sources, errors } = await resolveTargets(client, [opts.from], { selector: opts.selector }, namespace);
      if (errors.length) throw new AggregateCliError(errors);
      for (const src of sources) {
        if (src.object.kind !== 'ConfigMap' && src.object.kind !== 'Secret') throw new CliError('error: unsupported resource specified in --from');
        const ref = src.object.kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
        // Go ranges over the Data map in random order; kubesim takes the keys sorted.
        for (const key of Object.keys((src.object.data ?? {}) as Record<string, string>).sort()) {
          if (opts.keys?.length && !opts.keys.includes(key)) continue;
          const name = keyToEnvName(key);
          if (name !== key) deps.err.write(`Warning: key ${key} transferred to ${name}\n`);
          env.push({ name, valueFrom: { [ref]: { name: src.name, key } } });
        }
      }
    }
    if (opts.prefix) for (const e of env) e.name = `${opts.prefix}${e.name}`;
    const { targets, errors } = await resolveTargets(client, split.resources, opts, namespace, { allowAll: true });
    const allErrs: unknown[] = [...errors];
    const change: SpecChange = (spec, obj) => {
      const containers = [...(spec.containers ?? []).filter((c) => globMatch(selector, c.name)), ...(spec.initContainers ?? []).filter((c) => globMatch(selector, c.name))];
      if (!containers.length) {
        deps.err.write(`Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching "${selector}"\n`);
        return;
      }
      for (const c of containers) {
        if (!overwrite) {
          for (const e of env) {
            const current = (c.env ?? []).find((x) => x.name === e.name);
            if (current && current.value !== e.value) throw new Error(`'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`);
          }
        }
        const updated = updateEnv(c.env ?? [], env, parsed.remove);
        if (updated.length) c.env = updated;
        else delete c.env;
        if (opts.list) {
          deps.out.write(`# ${obj.kind} ${obj.metadata.name}, container ${c.name}\n`);
          for (const e of updated) {
            if (!e.valueFrom) deps.out.write(`${e.name}=${e.value ?? ''}\n`);
            else deps.out.write(`# ${e.name} from ${envVarRefString(e.valueFrom)}\n`);
          }
        }
      }
    };
    if (opts.list) {
      for (const t of targets) {
        try {
          change(podSpecOf(structuredClone(t.object)), t.object, allErrs);
        } catch (e) {
          allErrs.push(new CliError(`error: ${t.kind.plural}/${t.name} ${(e as Error).message}\n`));
        }
      }
      if (allErrs.length) throw new AggregateCliError(allErrs);
      return;
    }
    await runSet(targets, change, 'env updated', opts, dryRun, deps, allErrs, 'failed to patch env update to pod template');
    if (allErrs.length) throw new AggregateCliError(allErrs);
  });
}

// ---- commands ------------------------------------------------------------------------------------

function common(cmd: Command, what: string): Command {
  return cmd
    .argument('[args...]', '(-f FILENAME | TYPE NAME) ...')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-set')
    .option('-f, --filename <file...>', `Filename, directory, or URL to files identifying the resource to ${what}`)
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.');
}

export function register(program: Command, deps: CliDeps): void {
  const set = program
    .command('set')
    .description('Set specific features on objects')
    .argument('[args...]')
    .action(async (args: string[], _opts: unknown, cmd: Command) => defaultSubCommandRun(cmd, args, deps));
  const g = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions;
  common(set.command('env').description('Update environment variables on a pod template'), 'get from a server.')
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change - may use wildcards', '*')
    .option('-e, --env <pair...>', 'Specify a key-value pair for an environment variable to set into each container.')
    .option('--from <resource>', 'The name of a resource from which to inject environment variables')
    .option('--keys <keys...>', 'Comma-separated list of keys to import from specified resource')
    .option('--list', 'If true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env.')
    .option('--overwrite', 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.', true)
    .option('--prefix <prefix>', 'Prefix to append to variable names')
    .action(async (args: string[], opts: EnvOptions, cmd: Command) => setEnv(args, opts, g(cmd), deps));
  common(set.command('image').description('Update the image of a pod template'), 'get from a server.').action(async (args: string[], opts: SetOptions, cmd: Command) =>
    setImage(args, opts, g(cmd), deps),
  );
  common(set.command('resources').description('Update resource requests/limits on objects with pod templates'), 'get from a server.')
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards', '*')
    .option('--limits <list>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.")
    .option('--requests <list>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.")
    .action(async (args: string[], opts: ResourcesOptions, cmd: Command) => setResources(args, opts, g(cmd), deps));
}
