/** `kubesim edit`: open objects in $KUBE_EDITOR / $EDITOR and patch what the user changed, as `kubectl edit`. */
import type { Command } from 'commander';
import { NoKindMatchError, StatusError } from '../../api/errors.js';
import { goQuote } from '../../api/field-error.js';
import { gvrForObject, gvrOf, kindForGVR } from '../../api/group-version.js';
import type { KindInfo } from '../../api/kinds.js';
import { apiVersionOf, type KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { editTargets, type EditTarget, type ValidationDirective } from '../edit/edit-loop.js';
import { Editor } from '../edit/editor.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { parseResourceArgs } from '../resource-args.js';
import { collectSlice } from './flag-values.js';

export interface EditOptions {
  filename?: string[];
  recursive?: boolean;
  output?: string;
  outputPatch?: boolean;
  windowsLineEndings?: boolean;
  fieldManager: string;
  saveConfig?: boolean;
  showManagedFields?: boolean;
  subresource?: string;
  validate: string;
}

/** The subresources `edit --subresource` accepts. */
const supportedSubresources = ['status'];

export async function run(args: string[], opts: EditOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (opts.filename?.length && args.length) {
    throw new CliError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  }
  if (!opts.filename?.length && !args.length) {
    throw new CliError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const validation = validationDirective(opts.validate);
  const namespace = namespaceOf(global, deps);
  await withClient(deps, async (client) => {
    const targets = opts.filename?.length ? await targetsFromFiles(client, opts, namespace, global, deps) : await targetsFromArgs(client, args, opts, namespace);
    if (opts.subresource !== undefined && !supportedSubresources.includes(opts.subresource)) {
      throw new CliError(`error: invalid subresource value: ${goQuote(opts.subresource)}. Must be one of [${supportedSubresources.join(' ')}]`);
    }
    if (!targets.length) throw new CliError('error: edit cancelled, no objects found');
    await editTargets(
      targets,
      {
        output: opts.output ?? '',
        outputPatch: !!opts.outputPatch,
        saveConfig: !!opts.saveConfig,
        fieldManager: opts.fieldManager,
        validation,
        namespace,
        ...(opts.subresource ? { subresource: 'status' as const } : {}),
        showManagedFields: !!opts.showManagedFields,
        windowsLineEndings: !!opts.windowsLineEndings,
      },
      { client, out: deps.out, err: deps.err, editor: Editor.fromEnv(deps.env), program: 'kubesim' },
    );
  });
}

/** cmdutil.GetValidationDirective. */
function validationDirective(value: string): ValidationDirective {
  if (['1', 't', 'T', 'TRUE', 'true', 'True', 'strict'].includes(value)) return 'Strict';
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', 'ignore'].includes(value)) return 'Ignore';
  if (value === 'warn') return 'Warn';
  throw new CliError(`error: invalid - validate option ${goQuote(value)}; must be one of: strict (or true), warn, ignore (or false)`);
}

/** `edit TYPE NAME...`, `edit TYPE/NAME...`, `edit TYPE` (every object of the type in the namespace). */
async function targetsFromArgs(client: Client, args: string[], opts: EditOptions, namespace: string): Promise<EditTarget[]> {
  const failures: unknown[] = [];
  const targets: EditTarget[] = [];
  for (const r of parseResourceArgs(args)) {
    const base = client.resource(gvrOf(r.kind));
    const res = r.kind.namespaced ? base.namespace(namespace) : base;
    if (!r.names.length) {
      for (const obj of (await res.list()).items) targets.push(targetOf(r.kind, obj));
      continue;
    }
    for (const name of r.names) {
      try {
        targets.push(targetOf(r.kind, await getLatest(client, r.kind, r.kind.namespaced ? namespace : undefined, name, opts.subresource)));
      } catch (e) {
        failures.push(e);
      }
    }
  }
  if (failures.length) throw new AggregateCliError(failures);
  return targets;
}

/** `edit -f FILE`: the objects the files name, read afresh from the cluster. */
async function targetsFromFiles(client: Client, opts: EditOptions, namespace: string, global: GlobalOptions, deps: CliDeps): Promise<EditTarget[]> {
  const { manifests, errors } = readManifests(opts.filename!, { recursive: opts.recursive, stdin: deps.stdin });
  const failures: unknown[] = [...errors];
  const targets: EditTarget[] = [];
  for (const m of manifests) {
    try {
      let kind: KindInfo;
      try {
        kind = kindForGVR(gvrForObject(m.object))!;
      } catch (e) {
        if (!(e instanceof NoKindMatchError)) throw e;
        throw new CliError(
          `error: resource mapping not found for name: "${m.object.metadata?.name ?? ''}" namespace: "${m.object.metadata?.namespace ?? ''}" from "${m.source}": ${e.message}\nensure CRDs are installed first`,
        );
      }
      const own = m.object.metadata?.namespace;
      if (kind.namespaced && own && global.namespace && own !== global.namespace) {
        throw new CliError(`error: the namespace from the provided object "${own}" does not match the namespace "${global.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
      }
      const ns = kind.namespaced ? own || namespace : undefined;
      targets.push(targetOf(kind, await getLatest(client, kind, ns, m.object.metadata?.name ?? '', opts.subresource)));
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateCliError(failures);
  return targets;
}

/** The object as the server has it now (or its status subresource, which reads the same). */
async function getLatest(client: Client, kind: KindInfo, namespace: string | undefined, name: string, subresource: string | undefined): Promise<KubeObject> {
  const base = client.resource(gvrOf(kind));
  const res = namespace !== undefined ? base.namespace(namespace) : base;
  if (subresource === undefined) return res.get(name);
  // The API server has no route for a subresource the kind lacks.
  if (!kind.subresources.includes(subresource)) {
    throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  }
  return res.getSubresource(name, subresource);
}

function targetOf(kind: KindInfo, obj: KubeObject): EditTarget {
  const object = { ...obj, apiVersion: obj.apiVersion || apiVersionOf(kind.group, kind.versions[0]!), kind: obj.kind || kind.kind };
  return {
    kind,
    gvr: gvrOf(kind),
    ...(kind.namespaced ? { namespace: obj.metadata.namespace ?? '' } : {}),
    name: obj.metadata.name ?? '',
    object,
  };
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('edit')
    .description('Edit a resource on the server')
    .usage('(RESOURCE/NAME | -f FILENAME) [options]')
    .argument('[args...]', 'TYPE NAME, TYPE/NAME, or TYPE for every object of the type')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to edit the resource', collectSlice)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--output-patch', 'Output the patch if the resource is edited.')
    .option('--windows-line-endings', 'Defaults to the line ending native to your platform.')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-edit')
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--subresource <name>', 'If specified, edit will operate on the subresource of the requested object. This flag is beta and may change in the future.')
    .option('--validate <mode>', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .addHelpText(
      'after',
      `
The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will
open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi'. When the editor
command needs a shell to be read (quotes or backslashes), it runs through the shell in SHELL, else /bin/bash.

You can edit multiple objects, although changes are applied one at a time. The default format is YAML. To edit in
JSON, specify "-o json". In the event an error occurs while updating, a temporary file will be created on disk that
contains your unapplied changes.

Examples:
  # Edit the service named 'registry'
  kubesim edit svc/registry

  # Use an alternative editor
  KUBE_EDITOR="nano" kubesim edit svc/registry

  # Edit the job 'myjob' in JSON using the v1 API format
  kubesim edit job.v1.batch/myjob -o json

  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation
  kubesim edit deployment/mydeployment -o yaml --save-config

  # Edit the 'status' subresource for the 'mydeployment' deployment
  kubesim edit deployment mydeployment --subresource='status'
`,
    )
    .action(async (args: string[], opts: EditOptions, cmd: Command) => run(args, opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
