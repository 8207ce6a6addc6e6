/** `kubesim explain`: the documentation of a kind or field, as kubectl 1.32 prints it from the server's OpenAPI v3. */
import type { Command } from 'commander';
import type { GroupVersionResource } from '../../api/group-version.js';
import { kinds } from '../../api/kinds.js';
import { groupVersionPath, openApiV3Document, openApiV3Index } from '../../api/openapi-v3.js';
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

/** apimachinery's GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
const gvrString = (gvr: GroupVersionResource) => `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;

/** The nodes of `{.<input>}` (explain's jsonPathParse): field names may hold escaped dots (`labels.app\.kubernetes\.io`). */
function jsonPathNodes(input: string): Node[] {
  const root = parseJsonPath(`{.${input.endsWith('.') ? input.slice(0, -1) : input}}`);
  if (root.nodes.length !== 1) throw new CliError('error: must pass in 1 jsonpath string');
  return (root.nodes[0] as ListNode).nodes;
}

/** The field names of jsonpath nodes; any other node is the given syntax error. */
function fieldNames(nodes: readonly Node[], message: string): string[] {
  return nodes.map((n) => {
    if (n.type !== 'field') throw new CliError(`error: invalid jsonpath syntax, ${message}`);
    return n.value;
  });
}

/** The resource named by the first node, and the field path after it. */
function resourceAndFields(input: string, message: string): { resource: string; fieldPath: string[] } {
  const [first, ...rest] = jsonPathNodes(input);
  if (first?.type !== 'field') throw new CliError('error: invalid jsonpath syntax, first node must be field node');
  return { resource: first.value, fieldPath: fieldNames(rest, message) };
}

/** The RESTMapper's ResourcesFor: every served version of the resource typed (plural, singular, kind or short name), preferred first. */
function resourcesFor(typed: string): GroupVersionResource[] {
  const name = typed.toLowerCase();
  const found = kinds.filter((k) => k.plural === name || k.singular === name || k.shortNames.includes(name));
  if (!found.length) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  return found.flatMap((k) => k.versions.map((version) => ({ group: k.group, version, resource: k.plural })));
}

/**
 * explain.SplitAndParseResourceRequestWithMatchingPrefix: `daemonsets.apps.spec` is the apps resource and `spec`
 * when the input starts with a served `resource.group`; otherwise the first node is the resource.
 */
export function splitWithMatchingPrefix(input: string): { gvr: GroupVersionResource; fieldPath: string[] } {
  const { resource, fieldPath } = resourceAndFields(input, 'first node must be field node');
  const candidates = resourcesFor(resource);
  for (const gvr of candidates) {
    const groupResource = gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
    if (!input.startsWith(groupResource)) continue;
    const suffix = input.slice(groupResource.length);
    return { gvr, fieldPath: suffix ? fieldNames(jsonPathNodes(suffix).slice(1), 'first node must be field node') : [] };
  }
  return { gvr: candidates[0]!, fieldPath };
}

/** explain.SplitAndParseResourceRequest, used with --api-version: the first node is the resource, the rest are fields. */
export function splitPlain(input: string): { gvr: GroupVersionResource; fieldPath: string[] } {
  const { resource, fieldPath } = resourceAndFields(input, 'all nodes must be field nodes');
  return { gvr: resourcesFor(resource)[0]!, fieldPath };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '/') return { group: '', version: '' };
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
  const target = opts.apiVersion ? { ...gvr, ...parseGroupVersion(opts.apiVersion) } : gvr;
  // kubectl renders plaintext-openapiv2 from /openapi/v2, which kubesim does not serve: the server's 404.
  if (output === PLAINTEXT_OPENAPIV2) throw new CliError('Error from server (NotFound): the server could not find the requested resource');

  // What kubectl fetches: the /openapi/v3 index, then the document of the resource's group-version.
  if (!openApiV3Index().paths[groupVersionPath(target.group, target.version)]) throw new CliError(`error: couldn't find resource for "${gvrString(target)}"`);
  const document = openApiV3Document(target.group, target.version);
  if (output !== PLAINTEXT) throw new CliError(`error: unrecognized format: ${output}`);
  const result = explain(document, { gvr: target, fieldPath, recursive: !!opts.recursive });
  deps.out.write(result.text);
  if (result.error) throw new CliError(result.error);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('explain')
    .description('Get documentation for a resource')
    .usage('TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]')
    .argument('[args...]', 'TYPE[.FIELD...]')
    .option('--api-version <version>', 'Use given api-version (group/version) of the resource.')
    .option('-o, --output <format>', 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).', PLAINTEXT)
    .option('--recursive', 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.')
    .addHelpText(
      'before',
      'Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n        \n Information about each field is retrieved from the server in OpenAPI format.\n\nUse "kubesim api-resources" for a complete list of supported resources.\n\n',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  # Get the documentation of the resource and its fields\n  kubesim explain pods\n  \n  # Get all the fields in the resource\n  kubesim explain pods --recursive\n  \n  # Get the explanation for deployment in supported api versions\n  kubesim explain deployments --api-version=apps/v1\n  \n  # Get the documentation of a specific field of a resource\n  kubesim explain pods.spec.containers\n  \n  # Get the documentation of resources in different format\n  kubesim explain deployment --output=plaintext-openapiv2\n',
    )
    .action((args: string[], opts: ExplainOptions) => run(args, opts, deps));
}
