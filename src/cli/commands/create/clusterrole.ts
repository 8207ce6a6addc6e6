/** `kubesim create clusterrole NAME`: rules from --verb/--resource/--non-resource-url, or an --aggregation-rule, as kubectl builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectArray, collectSlice, flagValueError, parseMapStringString } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { goMap } from '../typed-json.js';
import { typedMeta } from '../typed-meta.js';
import { completeResources, completeVerbs, dedupe, policyRules, validateResources, validResourceVerbs, type PolicyRule } from './policy-rules.js';

export interface CreateClusterRoleOptions extends GeneratorFlags {
  verb?: string[];
  resource?: string[];
  resourceName?: string[];
  nonResourceUrl?: string[];
  aggregationRule?: string[];
}

const validNonResourceVerbs = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

export function buildClusterRole(name: string, rules: PolicyRule[] | null, aggregation?: Record<string, string>): KubeObject {
  return {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: typedMeta({ name }),
    rules,
    ...(aggregation ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: goMap({ ...aggregation }) }] } } : {}),
  };
}

/** Validate of create_clusterrole.go, in its order. */
function validate(verbs: string[], resources: ReturnType<typeof completeResources>, resourceNames: string[], urls: string[], aggregation: Record<string, string>, deps: CliDeps): void {
  if (Object.keys(aggregation).length) {
    if (urls.length || verbs.length || resources.length || resourceNames.length) {
      throw new CliError('error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
    }
    return;
  }
  if (!verbs.length) throw new CliError('error: at least one verb must be specified');
  if (!resources.length && !urls.length) throw new CliError('error: one of resource or nonResourceURL must be specified');
  if (resources.length) {
    for (const v of verbs) if (!validResourceVerbs.includes(v)) deps.err.write(`Warning: '${v}' is not a standard resource verb\n`);
    validateResources(resources, verbs);
  }
  if (urls.length) {
    for (const v of verbs) if (!validNonResourceVerbs.includes(v)) throw new CliError(`error: invalid verb: '${v}' for nonResourceURL`);
    for (const url of urls) {
      if (url === '*') continue;
      if (!url.startsWith('/')) throw new CliError('error: nonResourceURL should start with /');
      if (url.slice(0, -1).includes('*')) throw new CliError("error: nonResourceURL only supports wildcard matches when '*' is at the end");
    }
  }
}

export async function run(inv: Invocation, opts: CreateClusterRoleOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const aggregation = parseMapStringString(opts.aggregationRule ?? []);
  if (aggregation.error) throw flagValueError(inv.path, '--aggregation-rule', aggregation.bad!, aggregation.error);
  const urls = dedupe(opts.nonResourceUrl ?? []);
  const name = nameFromArgs(inv);
  const verbs = completeVerbs(opts.verb ?? []);
  const resources = completeResources(opts.resource ?? []);
  const resourceNames = dedupe(opts.resourceName ?? []);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!name) throw new CliError('error: name must be specified');
  validate(verbs, resources, resourceNames, urls, aggregation.map, deps);
  const role = Object.keys(aggregation.map).length
    ? buildClusterRole(name, null, aggregation.map)
    : buildClusterRole(name, policyRules(verbs, resources, resourceNames, urls));
  await submitGenerated(role, ctx, deps);
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('clusterrole')
    .description('Create a cluster role')
    .usage('NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--verb <verb>', 'Verb that applies to the resources contained in the rule', collectSlice)
    .option('--non-resource-url <url>', 'A partial url that user should have access to.', collectSlice)
    .option('--resource <resource>', 'Resource that the rule applies to', collectSlice)
    .option('--resource-name <name>', 'Resource in the white list that the rule applies to, repeat this flag for multiple items', collectArray)
    .option('--aggregation-rule <key=value>', 'An aggregation label selector for combining ClusterRoles.', collectArray);
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a cluster role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods\n  kubesim create clusterrole pod-reader --verb=get,list,watch --resource=pods\n\n  # Create a cluster role named "pod-reader" with ResourceName specified\n  kubesim create clusterrole pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n\n  # Create a cluster role named "foo" with SubResource specified\n  kubesim create clusterrole foo --verb=get,list,watch --resource=pods,pods/status\n\n  # Create a cluster role name "foo" with NonResourceURL specified\n  kubesim create clusterrole "foo" --verb=get --non-resource-url=/logs/*\n\n  # Create a cluster role name "monitoring" with AggregationRule specified\n  kubesim create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"\n',
    )
    .action(async (args: string[], _opts: CreateClusterRoleOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateClusterRoleOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
