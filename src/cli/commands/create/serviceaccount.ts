/** `kubesim create serviceaccount NAME`, as kubectl create serviceaccount builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';

export type CreateServiceAccountOptions = GeneratorFlags;

export const buildServiceAccount = (name: string, namespace?: string): KubeObject => ({
  kind: 'ServiceAccount',
  apiVersion: 'v1',
  metadata: typedMeta({ name, namespace }),
});

export async function run(inv: Invocation, opts: CreateServiceAccountOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!name) throw new CliError('error: name must be specified');
  const sa = buildServiceAccount(name, ctx.enforceNamespace ? ctx.namespace : undefined);
  await submitGenerated(sa, ctx, deps, { errorPrefix: 'failed to create serviceaccount: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('serviceaccount')
    .alias('sa')
    .description('Create a service account with the specified name')
    .usage('NAME [--dry-run=server|client|none]')
    .argument('[args...]');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new service account named my-service-account\n  kubesim create serviceaccount my-service-account\n')
    .action(async (args: string[], _opts: CreateServiceAccountOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateServiceAccountOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
