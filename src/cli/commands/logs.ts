/** `kubesim logs`: a container's log from its node's folder, with kubectl's options, defaults and errors. */
import type { Command } from 'commander';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../api/errors.js';
import { RFC3339, goTimeParseError } from '../../api/strict-decode.js';
import { Pods } from '../../client/resources.js';
import { followPodLog, readPodLog, type PodLogRequest } from '../../cluster/pod-logs.js';
import { realClock } from '../../util/clock.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { namespaceOf, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { invocationOf, usageError, type Invocation } from './name-arg.js';
import { byLogging, defaultContainer, everyContainer, podsFor } from './pod-for-object.js';

export interface LogsOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tail?: string;
  since?: string;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: string;
  allContainers?: boolean;
  allPods?: boolean;
  prefix?: boolean;
  selector?: string;
  maxLogRequests?: string;
  ignoreErrors?: boolean;
  podRunningTimeout?: string;
  insecureSkipTlsVerifyBackend?: boolean;
}

const logsUsage = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** kubectl logs' Complete and Validate: the resource argument, the container, and the option checks. */
function complete(inv: Invocation, opts: LogsOptions): { resource?: string; container?: string } {
  let resource: string | undefined;
  let container = opts.container;
  switch (inv.args.length) {
    case 0:
      if (!opts.selector) throw usageError(inv, logsUsage);
      break;
    case 1:
      resource = inv.args[0];
      if (opts.selector) throw usageError(inv, 'only a selector (-l) or a POD name is allowed');
      break;
    case 2:
      resource = inv.args[0];
      container = inv.args[1];
      break;
    default:
      throw usageError(inv, logsUsage);
  }
  if (opts.since && opts.sinceTime) throw new CliError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (opts.allContainers && container) throw new CliError(`error: --all-containers=true should not be specified with container name ${container}`);
  if (opts.since && parseGoDuration(opts.since) < 0) throw new CliError('error: --since must be greater than 0');
  if (opts.tail !== undefined && Number(opts.tail) < -1) throw new CliError('error: --tail must be greater than or equal to -1');
  return { resource, container };
}

export async function run(inv: Invocation, opts: LogsOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const { resource, container } = complete(inv, opts);
  const namespace = namespaceOf(global, deps);
  let tail = opts.tail !== undefined ? Number(opts.tail) : -1;
  if (opts.selector && tail === -1) tail = 10;
  let sinceTime: number | undefined;
  if (opts.since) sinceTime = deps.now().getTime() - Math.ceil(parseGoDuration(opts.since) / 1e9) * 1000;
  if (opts.sinceTime) {
    const err = goTimeParseError(RFC3339, opts.sinceTime);
    if (err) throw new CliError(`error: ${err}`);
    sinceTime = Date.parse(opts.sinceTime);
  }
  const prefix = opts.prefix || opts.allPods;
  const cluster = await deps.openCluster();
  try {
    const { client, home } = cluster;
    let pods: Pod[];
    if (opts.selector) {
      pods = ((await client.resource(Pods).namespace(namespace).list({ labelSelector: opts.selector })).items as unknown as Pod[]).sort(byLogging);
      if (!pods.length) {
        deps.err.write(`No resources found in ${namespace} namespace.\n`);
        return;
      }
    } else {
      const timeoutMs = opts.podRunningTimeout ? parseGoDuration(opts.podRunningTimeout) / 1e6 : 20_000;
      try {
        pods = await podsFor(client, namespace, resource!, { allPods: opts.allPods, timeoutMs, now: () => Date.now(), sleep: (ms) => realClock.sleep(ms) });
      } catch (e) {
        // The logs command's builder wraps the API's error and names the namespace.
        if (e instanceof StatusError && e.status.reason === 'NotFound') throw new CliError(`error: error from server (NotFound): ${e.status.message} in namespace "${namespace}"`);
        throw e;
      }
    }

    const requests: Array<{ pod: Pod; container: string }> = [];
    for (const pod of pods) {
      if (opts.allContainers) {
        for (const c of everyContainer(pod)) requests.push({ pod, container: c.name });
        continue;
      }
      const name = container ?? defaultContainer(pod, (t) => deps.err.write(t));
      if (!everyContainer(pod).some((c) => c.name === name)) throw new CliError(`error: container ${name} is not valid for pod ${pod.metadata?.name}`);
      requests.push({ pod, container: name });
    }

    const base = { previous: opts.previous, tail, sinceTime, timestamps: opts.timestamps, limitBytes: opts.limitBytes ? Number(opts.limitBytes) : undefined };
    const write = (pod: Pod, c: string) => (text: string) => {
      if (!prefix) return deps.out.write(text);
      const tag = `[pod/${pod.metadata?.name}/${c}] `;
      deps.out.write(text.replace(/^(?=.)/gm, tag));
    };

    if (opts.follow) {
      const max = opts.maxLogRequests ? Number(opts.maxLogRequests) : 5;
      if (requests.length > max) {
        throw new CliError(
          `error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
        );
      }
      const abort = new AbortController();
      const onInt = () => abort.abort();
      process.once('SIGINT', onInt);
      try {
        await Promise.all(
          requests.map(async ({ pod, container: c }) => {
            const req: PodLogRequest = { ...base, container: c };
            try {
              await followPodLog(home, pod, req, { client, clock: realClock, signal: abort.signal, write: write(pod, c) });
            } catch (e) {
              if (!opts.ignoreErrors) throw e;
            }
          }),
        );
      } finally {
        process.removeListener('SIGINT', onInt);
      }
      return;
    }

    for (const { pod, container: c } of requests) {
      try {
        write(pod, c)(readPodLog(home, pod, { ...base, container: c }));
      } catch (e) {
        if (opts.ignoreErrors && opts.follow) continue;
        throw e;
      }
    }
  } finally {
    await cluster.close();
  }
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .usage('[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]')
    .argument('[args...]')
    .option('--all-containers', "Get all containers' logs in the pod(s).")
    .option('--all-pods', 'Get logs from all pod(s). Sets prefix to true.')
    .option('-c, --container <container>', 'Print the logs of this container')
    .option('-f, --follow', 'Specify if the logs should be streamed.')
    .option('--ignore-errors', 'If watching / following pod logs, allow for any errors that occur to be non-fatal')
    .option('--insecure-skip-tls-verify-backend', 'Skip verifying the identity of the kubelet that logs are requested from.')
    .option('--limit-bytes <bytes>', 'Maximum bytes of logs to return. Defaults to no limit.')
    .option('--max-log-requests <n>', 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.')
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', and '!='.")
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs.')
    .option('--since-time <time>', 'Only return logs after a specific date (RFC3339). Defaults to all logs.')
    .option('--tail <lines>', 'Lines of recent log file to display.')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .action(async (args: string[], opts: LogsOptions, c: Command) => run(invocationOf(c, args), opts, c.optsWithGlobals() as GlobalOptions, deps));
}
