/** `kubesim create configmap NAME --from-literal|--from-file|--from-env-file`, as kubectl create configmap builds it. */
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
import { configMapHash } from './content-hash.js';
import { filesOfSource, goQuote, parseLiteralSource, readEnvFile, readSourceFile } from './data-sources.js';

export interface CreateConfigMapOptions extends GeneratorFlags {
  fromFile?: string[];
  fromLiteral?: string[];
  fromEnvFile?: string[];
  appendHash?: boolean;
}

export interface ConfigMapSources {
  fileSources: string[];
  literalSources: string[];
  envFileSources: string[];
  appendHash?: boolean;
}

/** createConfigMap of kubectl's create_configmap.go: files, then literals, then env files. */
export function buildConfigMap(name: string, namespace: string | undefined, src: ConfigMapSources, env: NodeJS.ProcessEnv): KubeObject {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const check = (key: string) => {
    const errs = isConfigMapKey(key);
    if (errs.length) throw new CliError(`error: ${goQuote(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
    if (key in data) throw new CliError(`error: cannot add key ${goQuote(key)}, another key by that name already exists in Data for ConfigMap ${goQuote(name)}`);
    if (key in binaryData) throw new CliError(`error: cannot add key ${goQuote(key)}, another key by that name already exists in BinaryData for ConfigMap ${goQuote(name)}`);
  };
  const addText = (key: string, value: string) => {
    check(key);
    data[key] = value;
  };
  for (const source of src.fileSources) {
    for (const { key, path } of filesOfSource(source)) {
      const bytes = readSourceFile(path);
      let text: string | undefined;
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        text = undefined;
      }
      if (text !== undefined) addText(key, text);
      else {
        check(key);
        binaryData[key] = bytes.toString('base64');
      }
    }
  }
  for (const source of src.literalSources) addText(...parseLiteralSource(source));
  for (const path of src.envFileSources) readEnvFile(path, env, 'config', addText);
  const finalName = src.appendHash ? `${name}-${configMapHash(name, data, binaryData)}` : name;
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: typedMeta({ name: finalName, namespace }),
    ...(Object.keys(data).length ? { data: goMap(data) } : {}),
    ...(Object.keys(binaryData).length ? { binaryData: goMap(binaryData) } : {}),
  };
}

export async function run(inv: Invocation, opts: CreateConfigMapOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = nameFromArgs(inv);
  const ctx = completeGenerator(opts, global, deps, { fieldManager: 'kubectl-create' });
  const src = { fileSources: opts.fromFile ?? [], literalSources: opts.fromLiteral ?? [], envFileSources: opts.fromEnvFile ?? [], appendHash: opts.appendHash };
  if (!name) throw new CliError('error: name must be specified');
  if (src.envFileSources.length && (src.fileSources.length || src.literalSources.length)) {
    throw new CliError('error: from-env-file cannot be combined with from-file or from-literal');
  }
  const cm = buildConfigMap(name, ctx.enforceNamespace ? ctx.namespace : undefined, src, deps.env);
  await submitGenerated(cm, ctx, deps, { errorPrefix: 'failed to create configmap: ' });
}

export function register(create: Command, deps: CliDeps): void {
  const cmd = create
    .command('configmap')
    .alias('cm')
    .description('Create a config map from a local file, directory or literal value')
    .usage('NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]')
    .argument('[args...]')
    .option('--from-file <source>', 'Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used. Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.', collectSlice)
    .option('--from-literal <key=value>', 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)', collectArray)
    .option('--from-env-file <path>', 'Specify the path to a file to read lines of key=val pairs to create a configmap.', collectSlice)
    .option('--append-hash', 'Append a hash of the configmap to its name.');
  addGeneratorFlags(cmd, 'kubectl-create')
    .addHelpText(
      'after',
      '\nExamples:\n  # Create a new config map named my-config based on folder bar\n  kubesim create configmap my-config --from-file=path/to/bar\n\n  # Create a new config map named my-config with specified keys instead of file basenames on disk\n  kubesim create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt\n\n  # Create a new config map named my-config with key1=config1 and key2=config2\n  kubesim create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2\n\n  # Create a new config map named my-config from an env file\n  kubesim create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env\n',
    )
    .action(async (args: string[], _opts: CreateConfigMapOptions, c: Command) => run(invocationOf(c, args), c.optsWithGlobals() as CreateConfigMapOptions, c.optsWithGlobals() as GlobalOptions, deps));
}
