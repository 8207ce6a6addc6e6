/** `kubesim config`: the cluster's kubeconfig, as kubectl config shows and edits it. */
import type { Command } from 'commander';
import { kubesimHome } from '../../cluster/home.js';
import { currentContext, readKubeconfig, type Kubeconfig } from '../../cluster/kubeconfig.js';
import { formatKubeconfig, writeKubeconfig } from '../../cluster/kubeconfig-writer.js';
import type { CliDeps, GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { ensureHome } from '../../cluster/home.js';

const pathOf = (deps: CliDeps) => kubesimHome(deps.env.KUBESIM_HOME || undefined).kubeconfigPath;

export function view(deps: CliDeps, opts: { minify?: boolean; output?: string }): void {
  let config = readKubeconfig(pathOf(deps));
  if (opts.minify) config = minify(config);
  if (opts.output === 'json') deps.out.write(`${JSON.stringify(config, null, 4)}\n`);
  else if (!opts.output || opts.output === 'yaml') deps.out.write(formatKubeconfig(config));
  else throw new CliError(`error: unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,yaml`);
}

function minify(config: Kubeconfig): Kubeconfig {
  const ctx = currentContext(config);
  if (!ctx) throw new CliError('error: current-context must exist in order to minify');
  return {
    ...config,
    contexts: [ctx],
    clusters: config.clusters.filter((c) => c.name === ctx.context.cluster),
    users: config.users.filter((u) => u.name === ctx.context.user),
  };
}

export function setContext(deps: CliDeps, name: string | undefined, opts: { current?: boolean; namespace?: string; cluster?: string; user?: string }): void {
  ensureHome(kubesimHome(deps.env.KUBESIM_HOME || undefined).root);
  const config = readKubeconfig(pathOf(deps));
  if (opts.current && name) throw new CliError('error: you cannot specify both a context name and --current');
  const target = opts.current ? config['current-context'] : name;
  if (!target) throw new CliError('error: you must specify a non-empty context name or --current');
  let ctx = config.contexts.find((c) => c.name === target);
  const created = !ctx;
  if (!ctx) {
    if (opts.current) throw new CliError('error: no current context is set');
    ctx = { name: target, context: { cluster: '', user: '' } };
    config.contexts.push(ctx);
  }
  if (opts.namespace !== undefined) {
    if (opts.namespace) ctx.context.namespace = opts.namespace;
    else delete ctx.context.namespace;
  }
  if (opts.cluster !== undefined) ctx.context.cluster = opts.cluster;
  if (opts.user !== undefined) ctx.context.user = opts.user;
  writeKubeconfig(pathOf(deps), config);
  deps.out.write(`Context "${target}" ${created ? 'created' : 'modified'}.\n`);
}

export function register(program: Command, deps: CliDeps): void {
  const config = program.command('config').description('Modify kubeconfig files');
  config
    .command('view')
    .description('Display merged kubeconfig settings or a specified kubeconfig file')
    .option('--minify', 'Remove all information not used by current-context from the output')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml).')
    .action((opts: { minify?: boolean; output?: string }) => view(deps, opts));
  config
    .command('current-context')
    .description('Display the current-context')
    .action(() => {
      const c = readKubeconfig(pathOf(deps))['current-context'];
      if (!c) throw new CliError('error: current-context is not set');
      deps.out.write(`${c}\n`);
    });
  config
    .command('get-contexts')
    .description('Describe one or many contexts')
    .action(() => {
      const c = readKubeconfig(pathOf(deps));
      const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...c.contexts.map((x) => [x.name === c['current-context'] ? '*' : '', x.name, x.context.cluster, x.context.user, x.context.namespace ?? ''])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) deps.out.write(`${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('')}\n`);
    });
  config
    .command('use-context')
    .description('Set the current-context in a kubeconfig file')
    .argument('<name>')
    .action((name: string) => {
      const c = readKubeconfig(pathOf(deps));
      if (!c.contexts.some((x) => x.name === name)) throw new CliError(`error: no context exists with the name: "${name}"`);
      c['current-context'] = name;
      writeKubeconfig(pathOf(deps), c);
      deps.out.write(`Switched to context "${name}".\n`);
    });
  config
    .command('set-context')
    .description('Set a context entry in kubeconfig')
    .argument('[name]')
    .option('--current', 'Modify the current context')
    .option('--namespace <namespace>', 'namespace for the context entry in kubeconfig')
    .option('--cluster <cluster>', 'cluster for the context entry in kubeconfig')
    .option('--user <user>', 'user for the context entry in kubeconfig')
    .addHelpText('after', '\nExamples:\n  # Set the namespace of the current context, as CKA tasks ask\n  kubesim config set-context --current --namespace=dev\n')
    .action((name: string | undefined, opts: { current?: boolean; namespace?: string; cluster?: string; user?: string }, cmd: Command) => {
      // -n is the global namespace flag; `--namespace` after set-context belongs to the context.
      const global = cmd.optsWithGlobals() as GlobalOptions & typeof opts;
      setContext(deps, name, { ...opts, namespace: opts.namespace ?? global.namespace });
    });
}
