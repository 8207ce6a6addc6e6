/** `kubesim create rolebinding NAME --role=R|--clusterrole=CR [--user] [--group] [--serviceaccount=ns:name]`, as kubectl builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectArray } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';
import { bindingSubjects, roleRef } from './subjects.js';

export interface CreateRoleBindingOptions extends GeneratorFlags {
  role?: string;
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

export function buildRoleBinding(name: string, namespace: string | undefined, opts: CreateRoleBindingOptions): KubeObject {
  const subjects = bindingSubjects(opts.user ?? [], opts.group ?? [], opts.serviceaccount ?? []);
  return {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: typedMeta({ name, namespace }),
    ...(subjects ? { subjects } : {}),
    roleRef: opts.role ? roleRef('Role', opts.role) : roleRef('ClusterRole', opts.clusterrole ?? ''),
  };
}

export async function run(inv: Invocation, opts: CreateRoleBindingOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!name) throw new CliError('error: name must be specified');
  if (!opts.clusterrole === !opts.role) throw new CliError('error: exactly one of clusterrole or role must be specified');
  const binding = buildRoleBinding(name, ctx.enforceNamespace ? ctx.namespace : undefined, opts);
  await submitGenerated(binding, ctx, deps, { errorPrefix: 'failed to create rolebinding: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('rolebinding')
    .description('Create a role binding for a particular role or cluster role')
    .usage('NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--clusterrole <name>', 'ClusterRole this RoleBinding should reference')
    .option('--role <name>', 'Role this RoleBinding should reference')
    .option('--user <name>', 'Usernames to bind to the role. The flag can be repeated to add multiple users.', collectArray)
    .option('--group <name>', 'Groups to bind to the role. The flag can be repeated to add multiple groups.', collectArray)
    .option('--serviceaccount <namespace:name>', 'Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.', collectArray);
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a role binding for user1, user2, and group1 using the admin cluster role\n  kubesim create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1\n\n  # Create a role binding for serviceaccount monitoring:sa-dev using the admin role\n  kubesim create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev\n',
    )
    .action(async (args: string[], _opts: CreateRoleBindingOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateRoleBindingOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
