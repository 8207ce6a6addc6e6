/** `kubesim create namespace NAME`, as kubectl create namespace builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { typedMeta } from '../typed-meta.js';

export type CreateNamespaceOptions = GeneratorFlags;

export const buildNamespace = (name: string): KubeObject => ({ kind: 'Namespace', apiVersion: 'v1', metadata: typedMeta({ name }), spec: {}, status: {} });

export async function run(inv: Invocation, opts: CreateNamespaceOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  if (!name) throw new CliError('error: name must be specified');
  await submitGenerated(buildNamespace(name), ctx, deps);
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create.command('namespace').alias('ns').description('Create a namespace with the specified name').usage('NAME [--dry-run=server|client|none]').argument('[args...]');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText('after', '\nExamples:\n  # Create a new namespace named my-namespace\n  kubesim create namespace my-namespace\n')
    .action(async (args: string[], _opts: CreateNamespaceOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateNamespaceOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
