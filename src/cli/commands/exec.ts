/** `kubesim exec`: runs a command inside a running container with the simulated shell, as kubectl exec does. */
import type { Command } from 'commander';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { execInPod } from '../../cluster/pod-exec.js';
import { realClock } from '../../util/clock.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { namespaceOf, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { invocationOf, usageError, type Invocation } from './name-arg.js';
import { defaultContainer, podsFor } from './pod-for-object.js';

export interface ExecOptions {
  container?: string;
  filename?: string[];
  podRunningTimeout?: string;
  quiet?: boolean;
  stdin?: boolean;
  tty?: boolean;
}

/** kubectl exec's Complete and Validate: the pod argument and the command after `--`. */
function complete(inv: Invocation): { resource?: string; command: string[] } {
  const args = inv.args;
  const resource = args.length > 0 && inv.argsLenAtDash !== 0 ? args[0] : undefined;
  let command: string[] = [];
  if (inv.argsLenAtDash > -1) command = args.slice(inv.argsLenAtDash);
  else if (args.length > 1) throw usageError(inv, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  if (!resource) throw new CliError('error: pod, type/name or --filename must be specified');
  if (command.length === 0) throw new CliError('error: you must specify at least one command for the container');
  return { resource, command };
}

async function* stdinChunks(): AsyncIterable<string> {
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) yield chunk as string;
}

export async function run(inv: Invocation, opts: ExecOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const { resource, command } = complete(inv);
  const namespace = namespaceOf(global, deps);
  const cluster = await deps.openCluster();
  let exitCode = 0;
  try {
    const { client, home } = cluster;
    const timeoutMs = opts.podRunningTimeout ? parseGoDuration(opts.podRunningTimeout) / 1e6 : 60_000;
    const [pod] = (await podsFor(client, namespace, resource!, { timeoutMs, now: () => Date.now(), sleep: (ms) => realClock.sleep(ms) })) as [Pod];
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
    const container = opts.container || defaultContainer(pod, (t) => (opts.quiet ? undefined : deps.err.write(t)));
    if (opts.stdin && opts.tty && !process.stdin.isTTY && !opts.quiet) deps.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    const abort = new AbortController();
    const onInt = () => abort.abort();
    process.once('SIGINT', onInt);
    try {
      const outcome = await execInPod(
        home,
        client,
        pod,
        {
          container,
          argv: command,
          signal: abort.signal,
          io: { stdout: (t) => deps.out.write(t), stderr: (t) => deps.err.write(t), stdin: opts.stdin ? stdinChunks() : undefined },
        },
        { clock: realClock },
      );
      if ('error' in outcome) throw new CliError(`error: ${outcome.error}`);
      exitCode = outcome.exitCode;
    } finally {
      process.removeListener('SIGINT', onInt);
    }
  } finally {
    await cluster.close();
  }
  if (exitCode !== 0) throw new CliError(`command terminated with exit code ${exitCode}`, exitCode);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('exec')
    .description('Execute a command in a container')
    .usage('(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]')
    .argument('[args...]')
    .option('-c, --container <container>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('-f, --filename <file>', 'to use to exec into the resource', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running')
    .option('-q, --quiet', 'Only print output from the remote session')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .action(async (args: string[], opts: ExecOptions, c: Command) => run(invocationOf(c, args), opts, c.optsWithGlobals() as GlobalOptions, deps));
}
