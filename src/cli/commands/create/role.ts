/** `kubesim create role NAME --verb=... --resource=...`: a Role with one rule per API group, as kubectl create role builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectArray, collectSlice } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';
import { completeResources, completeVerbs, dedupe, policyRules, validateResources, validResourceVerbs, type PolicyRule } from './policy-rules.js';

export interface CreateRoleOptions extends GeneratorFlags {
  verb?: string[];
  resource?: string[];
  resourceName?: string[];
}

export const buildRole = (name: string, namespace: string | undefined, rules: PolicyRule[]): KubeObject => ({
  kind: 'Role',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  metadata: typedMeta({ name, namespace }),
  rules,
});

export async function run(inv: Invocation, opts: CreateRoleOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const verbs = completeVerbs(opts.verb ?? []);
  const resources = completeResources(opts.resource ?? []);
  const resourceNames = dedupe(opts.resourceName ?? []);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!name) throw new CliError('error: name must be specified');
  if (!verbs.length) throw new CliError('error: at least one verb must be specified');
  for (const v of verbs) if (!validResourceVerbs.includes(v)) deps.err.write(`Warning: '${v}' is not a standard resource verb\n`);
  if (!resources.length) throw new CliError('error: at least one resource must be specified');
  validateResources(resources, verbs);
  const role = buildRole(name, ctx.enforceNamespace ? ctx.namespace : undefined, policyRules(verbs, resources, resourceNames, []));
  await submitGenerated(role, ctx, deps);
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('role')
    .description('Create a role with single rule')
    .usage('NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--verb <verb>', 'Verb that applies to the resources contained in the rule', collectSlice)
    .option('--resource <resource>', 'Resource that the rule applies to', collectSlice)
    .option('--resource-name <name>', 'Resource in the white list that the rule applies to, repeat this flag for multiple items', collectArray);
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods\n  kubesim create role pod-reader --verb=get --verb=list --verb=watch --resource=pods\n\n  # Create a role named "pod-reader" with ResourceName specified\n  kubesim create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n\n  # Create a role named "foo" with API Group specified\n  kubesim create role foo --verb=get,list,watch --resource=rs.apps\n\n  # Create a role named "foo" with SubResource specified\n  kubesim create role foo --verb=get,list,watch --resource=pods,pods/status\n',
    )
    .action(async (args: string[], _opts: CreateRoleOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateRoleOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
