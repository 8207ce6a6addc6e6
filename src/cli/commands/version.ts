/** `kubesim version`: client and server versions in kubectl's layout. */
import type { Command } from 'commander';
import { toYaml } from '../../printers/yaml.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

/** The Kubernetes version kubesim simulates; the server reports it as kube-apiserver does. */
export const kubernetesVersion = 'v1.32.4';
export const kustomizeVersion = 'v5.5.0';

export interface VersionOptions {
  client?: boolean;
  output?: string;
}

export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: kubernetesVersion,
    gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:03:11Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export async function run(opts: VersionOptions, deps: CliDeps): Promise<void> {
  const info = versionInfo();
  if (opts.output === 'json' || opts.output === 'yaml') {
    const doc: Record<string, unknown> = { clientVersion: info, kustomizeVersion };
    if (!opts.client) doc.serverVersion = info;
    if (opts.output === 'json') deps.out.write(`${JSON.stringify(doc, null, 2)}\n`);
    else deps.out.write(`${toYaml(doc)}\n`);
    return;
  }
  if (opts.output) throw new CliError(`error: --output must be 'yaml' or 'json'`);
  deps.out.write(`Client Version: ${info.gitVersion}\nKustomize Version: ${kustomizeVersion}\n`);
  if (!opts.client) deps.out.write(`Server Version: ${info.gitVersion}\n`);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('version')
    .description('Print the client and server version information')
    .option('--client', 'If true, shows client version only (no server required).')
    .option('-o, --output <format>', "One of 'yaml' or 'json'.")
    .addHelpText('after', '\nExamples:\n  # Print the client and server versions for the current context\n  kubesim version\n')
    .action(async (opts: VersionOptions) => run(opts, deps));
}
