/** `kubesim create secret generic NAME --from-literal|--from-file|--from-env-file [--type]`, as kubectl builds it. */
import type { Command } from 'commander';
import type { KubeObject } from '../../../api/object.js';
import { isConfigMapKey } from '../../../api/validation/value-checks.js';
import type { CliDeps, GlobalOptions } from '../../context.js';
import { CliError } from '../../errors.js';
import { collectArray, collectSlice } from '../flag-values.js';
import { addGeneratorFlags, type GeneratorFlags } from '../generator-flags.js';
import { invocationOf, nameFromArgs, type Invocation } from '../name-arg.js';
import { completeGenerator, submitGenerated } from '../submit-generated.js';
import { goMap } from '../typed-json.js';
import { typedMeta } from '../typed-meta.js';
import { secretHash } from './content-hash.js';
import { filesOfSource, goQuote, parseLiteralSource, readEnvFile, readSourceFile } from './data-sources.js';
import { groupCommand } from './group-command.js';

export interface CreateSecretOptions extends GeneratorFlags {
  fromFile?: string[];
  fromLiteral?: string[];
  fromEnvFile?: string[];
  type?: string;
  appendHash?: boolean;
}

export interface SecretSources {
  literalSources: string[];
  fileSources: string[];
  envFileSources: string[];
  type?: string;
  appendHash?: boolean;
}

/** createSecret of kubectl's create_secret.go: literals, then files, then env files; values base64 as the API stores them. */
export function buildSecret(name: string, namespace: string | undefined, src: SecretSources, env: NodeJS.ProcessEnv): KubeObject {
  const data: Record<string, string> = {};
  const add = (key: string, value: Buffer) => {
    const errs = isConfigMapKey(key);
    if (errs.length) throw new CliError(`error: ${goQuote(key)} is not valid key name for a Secret ${errs.join(';')}`);
    if (key in data) throw new CliError(`error: cannot add key ${key}, another key by that name already exists`);
    data[key] = value.toString('base64');
  };
  for (const source of src.literalSources) {
    const [key, value] = parseLiteralSource(source);
    add(key, Buffer.from(value, 'utf8'));
  }
  for (const source of src.fileSources) for (const { key, path } of filesOfSource(source)) add(key, readSourceFile(path));
  for (const path of src.envFileSources) readEnvFile(path, env, 'secret', (key, value) => add(key, Buffer.from(value, 'utf8')));
  const type = src.type ?? '';
  const finalName = src.appendHash ? `${name}-${secretHash(name, type, data)}` : name;
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: typedMeta({ name: finalName, namespace }),
    ...(Object.keys(data).length ? { data: goMap(data) } : {}),
    ...(type ? { type } : {}),
  };
}

export async function run(inv: Invocation, opts: CreateSecretOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  const src = { literalSources: opts.fromLiteral ?? [], fileSources: opts.fromFile ?? [], envFileSources: opts.fromEnvFile ?? [], type: opts.type, appendHash: opts.appendHash };
  if (!name) throw new CliError('error: name must be specified');
  if (src.envFileSources.length && (src.fileSources.length || src.literalSources.length)) {
    throw new CliError('error: from-env-file cannot be combined with from-file or from-literal');
  }
  const secret = buildSecret(name, ctx.enforceNamespace ? ctx.namespace : undefined, src, deps.env);
  await submitGenerated(secret, ctx, deps, { errorPrefix: 'failed to create secret ' });
}

export function register(create: Command, deps: CliDeps): void {
  const secret = groupCommand(create, 'secret', 'Create a secret using a specified subcommand', 'Create a secret with specified type.\n\n A generic type secret indicate an Opaque secret type.');
  const cmd = secret
    .command('generic')
    .description('Create a secret from a local file, directory, or literal value')
    .usage('NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--from-file <source>', 'Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key.', collectSlice)
    .option('--from-literal <key=value>', 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)', collectArray)
    .option('--from-env-file <path>', 'Specify the path to a file to read lines of key=val pairs to create a secret.', collectSlice)
    .option('--type <type>', 'The type of secret to create')
    .option('--append-hash', 'Append a hash of the secret to its name.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      "\nExamples:\n  # Create a new secret named my-secret with keys for each file in folder bar\n  kubesim create secret generic my-secret --from-file=path/to/bar\n\n  # Create a new secret named my-secret with specified keys instead of names on disk\n  kubesim create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub\n\n  # Create a new secret named my-secret with key1=supersecret and key2=topsecret\n  kubesim create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret\n\n  # Create a new secret named my-secret from env files\n  kubesim create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env\n",
    )
    .action(async (args: string[], _opts: CreateSecretOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateSecretOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
