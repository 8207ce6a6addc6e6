/**
 * `kubesim scheduler explain POD`: why the scheduler placed a pod where it did, or why it found no node, read from
 * the record of its last attempt that the scheduler keeps on the pod (the `kubesim.io/scheduler-explain` annotation).
 */
import type { Command } from 'commander';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Pods } from '../../client/resources.js';
import { toJson } from '../../printers/json.js';
import { renderSchedulerExplain, schedulerExplainOf } from '../../printers/scheduler-explain.js';
import { toYaml } from '../../printers/yaml.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { defaultSubCommandRun } from '../rollout/parent-command.js';
import { invocationOf, usageError, type Invocation } from './name-arg.js';

export interface ExplainOptions {
  output?: string;
}

/** The pod's name from `POD` or `pod/POD` (as kubectl reads TYPE/NAME for a pod). */
function podName(inv: Invocation): string {
  if (inv.args.length !== 1) throw usageError(inv, `exactly one POD is required, got ${inv.args.length}`);
  const arg = inv.args[0]!;
  const slash = arg.indexOf('/');
  if (slash < 0) return arg;
  const type = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!['pod', 'pods', 'po'].includes(type) || !name) throw usageError(inv, `POD must be a pod name or pod/NAME, not ${JSON.stringify(arg)}`);
  return name;
}

/** Why a pod has no record: it named its node itself, or no scheduler has tried it yet. */
function noRecord(pod: Pod, namespace: string): CliError {
  const name = pod.metadata?.name ?? '';
  const where = namespace === 'default' ? '' : ` in namespace "${namespace}"`;
  if (pod.spec?.nodeName) {
    return new CliError(
      `error: pod "${name}"${where} has no scheduling record: it was given its node in spec.nodeName (${pod.spec.nodeName}), so no scheduler placed it`,
    );
  }
  const schedulerName = pod.spec?.schedulerName || 'default-scheduler';
  return new CliError(
    `error: pod "${name}"${where} has no scheduling record yet: no scheduler has tried to place it. It asks for schedulerName "${schedulerName}": ` +
      `is a scheduler of that name running ("kubesim up" starts default-scheduler)?`,
  );
}

export async function explain(inv: Invocation, opts: ExplainOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const name = podName(inv);
  const output = opts.output ?? '';
  if (!['', 'json', 'yaml'].includes(output)) {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  const namespace = namespaceOf(global, deps);
  const pod = await withClient(deps, async (client) => (await client.resource(Pods).namespace(namespace).get(name)) as unknown as Pod);
  const record = schedulerExplainOf(pod.metadata?.annotations);
  if (!record) throw noRecord(pod, namespace);
  if (output === 'json') deps.out.write(toJson(record, { sortKeys: false }));
  else if (output === 'yaml') deps.out.write(toYaml(record));
  else deps.out.write(renderSchedulerExplain({ namespace, name }, record, deps.now()));
}

export function register(program: Command, deps: CliDeps): void {
  const scheduler = program
    .command('scheduler')
    .description("Inspect the scheduler's decisions (explain why a pod is on its node, or Pending)")
    .usage('SUBCOMMAND')
    .argument('[args...]')
    .addHelpText('after', '\nExamples:\n  # Why pod web is on its node, or why it is Pending\n  kubesim scheduler explain web\n')
    .action(async (args: string[], _opts: unknown, cmd: Command) => defaultSubCommandRun(cmd, args, deps));
  scheduler
    .command('explain')
    .description('Explain why the scheduler put a pod on its node, or found no node for it')
    .usage('POD')
    .argument('[pod...]')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml). Prints the record the scheduler keeps on the pod (the kubesim.io/scheduler-explain annotation).')
    .addHelpText(
      'before',
      [
        "Explain the scheduler's last attempt to place a pod, from the record the scheduler keeps on the pod after every attempt (the kubesim.io/scheduler-explain annotation), also for a pod placed long ago.",
        '',
        ' The header tells the attempt: the scheduler (profile) that made it, when, its outcome (the node picked, or the FailedScheduling message), how many nodes were evaluated and found feasible, what PreFilter plugins did, the nominated node, and what preemption found. Then one table gives each filter plugin\'s verdict on each node ("passed", the reason it rejected the node, "-" after the rejecting plugin, which stops the filters, "skipped" when the plugin\'s PreFilter skipped it), and one table each score plugin\'s raw score, normalized score, weight and weighted score on each feasible node, with their total; "*" marks the node picked.',
      ].join('\n'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  # Why pod web runs on its node, or why it is Pending',
        '  kubesim scheduler explain web',
        '  ',
        '  # The same for a pod in namespace kube-system',
        '  kubesim scheduler explain coredns-abc12 -n kube-system',
        '  ',
        '  # The record itself, for tools',
        '  kubesim scheduler explain web -o json',
        '',
      ].join('\n'),
    )
    .action(async (args: string[], opts: ExplainOptions, cmd: Command) =>
      explain(invocationOf(cmd, args), opts, cmd.optsWithGlobals() as GlobalOptions, deps),
    );
}
