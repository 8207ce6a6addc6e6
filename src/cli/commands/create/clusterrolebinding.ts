/** `kubesim create clusterrolebinding NAME --clusterrole=CR [--user] [--group] [--serviceaccount=ns:name]`, as kubectl builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectArray } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { requiredFlagsError } from '../klog-line.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';
import { bindingSubjects, roleRef } from './subjects.js';

export interface CreateClusterRoleBindingOptions extends GeneratorFlags {
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

export function buildClusterRoleBinding(name: string, opts: CreateClusterRoleBindingOptions): KubeObject {
  const subjects = bindingSubjects(opts.user ?? [], opts.group ?? [], opts.serviceaccount ?? []);
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: typedMeta({ name }),
    ...(subjects ? { subjects } : {}),
    roleRef: roleRef('ClusterRole', opts.clusterrole ?? ''),
  };
}

export async function run(inv: Invocation, opts: CreateClusterRoleBindingOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  if (opts.clusterrole === undefined) throw new CliError(requiredFlagsError(['clusterrole'], deps));
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  const binding = buildClusterRoleBinding(name, opts);
  await submitGenerated(binding, ctx, deps, { errorPrefix: 'failed to create clusterrolebinding: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('clusterrolebinding')
    .description('Create a cluster role binding for a particular cluster role')
    .usage('NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--clusterrole <name>', 'ClusterRole this ClusterRoleBinding should reference')
    .option('--user <name>', 'Usernames to bind to the clusterrole. The flag can be repeated to add multiple users.', collectArray)
    .option('--group <name>', 'Groups to bind to the clusterrole. The flag can be repeated to add multiple groups.', collectArray)
    .option('--serviceaccount <namespace:name>', 'Service accounts to bind to the clusterrole, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.', collectArray);
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role\n  kubesim create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1\n')
    .action(async (args: string[], _opts: CreateClusterRoleBindingOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateClusterRoleBindingOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
