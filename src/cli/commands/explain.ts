/** `kubesim explain`: the documentation of a kind or field, as kubectl 1.32 prints it from the server's OpenAPI v3. */
import type { Command } from 'commander';
import { kinds, type KindInfo } from '../../api/kinds.js';
import { schemaDocument } from '../../api/schema.js';
import { explain } from '../../printers/explain.js';
import { parseJsonPath, type ListNode, type Node } from '../../printers/jsonpath/parser.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

export interface ExplainOptions {
  recursive?: boolean;
  apiVersion?: string;
  output?: string;
}

const PLAINTEXT = 'plaintext';
const PLAINTEXT_OPENAPIV2 = 'plaintext-openapiv2';

interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** apimachinery's GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
const gvrString = (gvr: GroupVersionResource) => `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;

/** The nodes of `{.<input>}` (explain's jsonPathParse): field names may hold escaped dots (`labels.app\.kubernetes\.io`). */
function jsonPathNodes(input: string): Node[] {
  const root = parseJsonPath(`{.${input.endsWith('.') ? input.slice(0, -1) : input}}`);
  if (root.nodes.length !== 1) throw new CliError('error: must pass in 1 jsonpath string');
  return (root.nodes[0] as ListNode).nodes;
}

function fieldNames(nodes: readonly Node[], message: string): string[] {
  return nodes.map((n) => {
    if (n.type !== 'field') throw new CliError(`error: ${message}`);
    return n.value;
  });
}

/** The first node, which names the resource. */
function resourceNode(nodes: readonly Node[]): string {
  const first = nodes[0];
  if (first?.type !== 'field') throw new CliError('error: invalid jsonpath syntax, first node must be field node');
  return first.value;
}

/**
 * The RESTMapper's ResourcesFor: every served group-version of the resource a user typed (plural, singular or
 * short name), preferred first.
 */
function resourcesFor(typed: string): Array<{ kind: KindInfo; gvr: GroupVersionResource }> {
  const short = kinds.find((k) => k.shortNames.includes(typed));
  const name = (short ? short.plural : typed).toLowerCase();
  const found = kinds.filter((k) => k.plural === name || k.singular === name);
  if (!found.length) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  return found.flatMap((kind) => kind.versions.map((version) => ({ kind, gvr: { group: kind.group, version, resource: kind.plural } })));
}

/**
 * explain.SplitAndParseResourceRequestWithMatchingPrefix: `deployments.apps.spec` is the apps resource and `spec`
 * when the input starts with a served `resource.group`; otherwise the first node is the resource.
 */
export function splitWithMatchingPrefix(input: string): { gvr: GroupVersionResource; fieldPath: string[] } {
  const nodes = jsonPathNodes(input);
  const candidates = resourcesFor(resourceNode(nodes));
  for (const { kind, gvr } of candidates) {
    const groupResource = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
    if (!input.startsWith(groupResource)) continue;
    const suffix = input.slice(groupResource.length);
    const fieldPath = suffix ? fieldNames(jsonPathNodes(suffix).slice(1), 'invalid jsonpath syntax, first node must be field node') : [];
    return { gvr, fieldPath };
  }
  return { gvr: candidates[0]!.gvr, fieldPath: fieldNames(nodes.slice(1), 'invalid jsonpath syntax, first node must be field node') };
}

/** explain.SplitAndParseResourceRequest, used with --api-version: the first node is the resource, the rest are fields. */
export function splitPlain(input: string): { gvr: GroupVersionResource; fieldPath: string[] } {
  const nodes = jsonPathNodes(input);
  const { gvr } = resourcesFor(resourceNode(nodes))[0]!;
  return { gvr, fieldPath: fieldNames(nodes.slice(1), 'invalid jsonpath syntax, all nodes must be field nodes') };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new CliError(`error: unexpected GroupVersion string: ${apiVersion}`);
}

export function run(args: string[], opts: ExplainOptions, deps: CliDeps): void {
  if (!args.length) {
    throw new CliError('error: You must specify the type of resource to explain. Use "kubesim api-resources" for a complete list of supported resources.\n');
  }
  if (args.length > 1) throw new CliError('error: We accept only this format: explain RESOURCE\n');
  const output = opts.output ?? PLAINTEXT;
  const { gvr, fieldPath } = opts.apiVersion ? splitPlain(args[0]!) : splitWithMatchingPrefix(args[0]!);
  // kubesim serves no /openapi/v2: kubectl's v2 renderer fails on the server's 404.
  if (output === PLAINTEXT_OPENAPIV2) throw new CliError('Error from server (NotFound): the server could not find the requested resource');
  const target = opts.apiVersion ? { ...gvr, ...parseGroupVersion(opts.apiVersion) } : gvr;

  // One OpenAPI v3 document per served group-version; its paths name the kind of each resource.
  const servedHere = kinds.filter((k) => k.group === target.group && k.versions.includes(target.version));
  if (!servedHere.length) throw new CliError(`error: couldn't find resource for "${gvrString(target)}"`);
  if (output !== PLAINTEXT) throw new CliError(`error: unrecognized format: ${output}`);
  const kind = servedHere.find((k) => k.plural === target.resource);
  if (!kind) throw new CliError(`error: GVR (${gvrString(target)}) not found in OpenAPI schema`);

  const result = explain(schemaDocument().components.schemas, {
    gvk: { group: target.group, version: target.version, kind: kind.kind },
    fieldPath,
    recursive: !!opts.recursive,
  });
  deps.out.write(result.text);
  if (result.error) throw new CliError(result.error);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('explain')
    .description('Get documentation for a resource')
    .usage('TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [--output=plaintext|plaintext-openapiv2]')
    .argument('[args...]', 'TYPE[.FIELD...]')
    .option('--recursive', 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.')
    .option('--api-version <version>', 'Use given api-version (group/version) of the resource.')
    .option('--output <format>', 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).', PLAINTEXT)
    .addHelpText(
      'before',
      'Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource.\nFields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n\n Information about each field is retrieved from the server in OpenAPI format.\n\nUse "kubesim api-resources" for a complete list of supported resources.\n\n',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  # Get the documentation of the resource and its fields\n  kubesim explain pods\n\n  # Get all the fields in the resource\n  kubesim explain pods --recursive\n\n  # Get the explanation for deployment in supported api versions\n  kubesim explain deployments --api-version=apps/v1\n\n  # Get the documentation of a specific field of a resource\n  kubesim explain pods.spec.containers\n',
    )
    .action((args: string[], opts: ExplainOptions) => run(args, opts, deps));
}
