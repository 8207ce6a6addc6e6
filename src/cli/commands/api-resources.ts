/** `kubesim api-resources`: the served resources as kubectl lists them from discovery. */
import type { Command } from 'commander';
import { kinds, type KindInfo } from '../../api/kinds.js';
import { tabwrite } from '../../printers/tab-writer.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

export interface ApiResourcesOptions {
  output?: string;
  namespaced?: string;
  apiGroup?: string;
  sortBy?: string;
  verbs?: string[];
  headers?: boolean;
}

const groupVersion = (k: KindInfo) => (k.group ? `${k.group}/${k.versions[0]}` : k.versions[0]!);

/** Discovery lists a group's resources by name; kubectl then sorts stably by group (core first) unless --sort-by. */
export function listedResources(opts: ApiResourcesOptions): KindInfo[] {
  let list = [...kinds].sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1));
  if (opts.apiGroup !== undefined) list = list.filter((k) => k.group === opts.apiGroup);
  if (opts.namespaced !== undefined) {
    if (opts.namespaced !== 'true' && opts.namespaced !== 'false') throw new CliError(`error: invalid argument "${opts.namespaced}" for "--namespaced" flag: strconv.ParseBool: parsing "${opts.namespaced}": invalid syntax`);
    list = list.filter((k) => k.namespaced === (opts.namespaced === 'true'));
  }
  if (opts.verbs?.length) list = list.filter((k) => opts.verbs!.every((v) => k.verbs.includes(v)));
  if (opts.sortBy === 'name') list.sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  else if (opts.sortBy === 'kind') list.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  else if (opts.sortBy) throw new CliError(`error: --sort-by accepts only name or kind`);
  return list;
}

export function run(opts: ApiResourcesOptions, deps: CliDeps): void {
  const list = listedResources(opts);
  const output = opts.output ?? '';
  if (output === 'name') {
    for (const k of list) deps.out.write(`${k.group ? `${k.plural}.${k.group}` : k.plural}\n`);
    return;
  }
  if (output !== '' && output !== 'wide') throw new CliError(`error: --output ${output} is not available`);
  const wide = output === 'wide';
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = list.map((k) => [
    k.plural,
    k.shortNames.join(','),
    groupVersion(k),
    String(k.namespaced),
    k.kind,
    ...(wide ? [k.verbs.join(','), k.categories.join(',')] : []),
  ]);
  const lines = [...(opts.headers === false ? [] : [header]), ...rows].map((r) => `${r.join('\t')}\n`).join('');
  deps.out.write(tabwrite(lines));
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',')];

export function register(program: Command, deps: CliDeps): void {
  program
    .command('api-resources')
    .description('Print the supported API resources on the server')
    .option('-o, --output <format>', "Output format. One of: (wide, name).")
    .option('--namespaced <bool>', 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.')
    .option('--api-group <group>', 'Limit to resources in the specified API group.')
    .option('--sort-by <field>', "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
    .option('--verbs <verbs>', 'Limit to resources that support the specified verbs.', collect)
    .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
    .addHelpText('after', '\nExamples:\n  # Print the supported API resources\n  kubesim api-resources\n\n  # Print the supported namespaced resources\n  kubesim api-resources --namespaced=true\n\n  # Print the supported API resources with a specific APIGroup\n  kubesim api-resources --api-group=rbac.authorization.k8s.io\n')
    .action((opts: ApiResourcesOptions) => run(opts, deps));
}
