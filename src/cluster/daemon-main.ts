/**
 * The background daemon's process (`node daemon-main.js KUBESIM_HOME`), started detached by `kubesim up`: it runs
 * the daemon, tells its parent over the IPC channel when the cluster is ready (or why it could not start), and stops
 * cleanly on SIGTERM (`kubesim down`) or SIGINT.
 */
import type { DaemonMessage } from './daemon-process.js';
import { runDaemon } from './run-daemon.js';

const root = process.argv[2];
const send = (m: DaemonMessage) => {
  if (process.connected) process.send?.(m);
};

async function main(): Promise<void> {
  if (!root) throw new Error('usage: daemon-main.js KUBESIM_HOME');
  const running = await runDaemon(root, (m) => {
    send(m);
    if (m.type === 'ready' && process.connected) process.disconnect();
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Received ${signal}, stopping\n`);
    running.stop().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`error while stopping: ${(e as Error).stack}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // The parent going away (its IPC channel closing) must not stop the daemon.
  process.on('disconnect', () => undefined);
  // A failure in one component is logged; it does not take the cluster down.
  process.on('unhandledRejection', (reason) => process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`));
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${e instanceof Error ? e.stack : message}\n`);
  send({ type: 'error', message });
  setTimeout(() => process.exit(1), 20);
});
