import { FakeClock, flushMicrotasks } from '../../../util/clock.js';
import { MountedFs } from '../vfs/container-fs.js';
import { createImageRoot } from '../vfs/image-root.js';
import { ExecError } from './process.js';
import { sh, start } from './test-support.js';

/** Waits (on real macrotask turns, never on time) until cond holds. */
async function until(cond: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !cond(); i++) await flushMicrotasks();
  if (!cond()) throw new Error('condition not reached');
}

describe('a simulated process over time', () => {
  it('sleep waits on the injected clock, not on wall time', async () => {
    const clock = new FakeClock('2026-11-23T12:00:00Z');
    const { handle, out } = await start({ clock, argv: ['sh', '-c', 'echo start; sleep 5; echo done; date'] });
    await until(() => out.stdout === 'start\n');
    await clock.advanceAsync(4999);
    expect(out.stdout).toBe('start\n');
    await clock.advanceAsync(1);
    expect(await handle.exited).toBe(0);
    expect(out.stdout).toBe('start\ndone\nMon Nov 23 12:00:05 UTC 2026\n');
  });

  it('a `while true; do sleep 1; done` loop only wakes on clock ticks and leaves no timers behind when killed', async () => {
    const clock = new FakeClock();
    const { handle, out } = await start({ clock, argv: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] });
    await until(() => out.stdout === 'tick\n');
    expect(clock.pendingTimers).toBe(1);
    await clock.advanceAsync(3000);
    expect(out.stdout).toBe('tick\n'.repeat(4));
    handle.kill('KILL');
    expect(await handle.exited).toBe(137);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a busy loop without sleep yields to the event loop and stops when killed', async () => {
    const { handle } = await start({ argv: ['sh', '-c', 'i=0; while :; do i=$((i+1)); done'] });
    let otherWork = 0;
    const timer = setInterval(() => otherWork++, 0);
    await until(() => otherWork >= 3);
    clearInterval(timer);
    handle.kill('KILL');
    expect(await handle.exited).toBe(137);
  });

  it('aborting the signal kills the process with 137', async () => {
    const ac = new AbortController();
    const { handle } = await start({ argv: ['sleep', '3600'], signal: ac.signal });
    ac.abort();
    expect(await handle.exited).toBe(137);
  });

  it.each([
    ['a shell as PID 1 ignores SIGTERM (it has no handler), as on a real node', ['sh', '-c', 'sleep 3600'], true, 'running'],
    ['sleep as PID 1 ignores SIGTERM too', ['sleep', '3600'], true, 'running'],
    ['an exec\'d process dies of SIGTERM with 143', ['sh', '-c', 'sleep 3600'], false, 143],
    ['a server handling SIGTERM exits 0', ['kubesim-serve', '-p', '80'], true, 0],
    ['a trapped TERM runs the trap when `wait` is interrupted', ['sh', '-c', 'trap "echo bye; exit 0" TERM; sleep 3600 & wait'], true, 0],
  ])('%s', async (_name, argv, pid1, expected) => {
    const clock = new FakeClock();
    const { handle } = await start({ clock, argv: argv as string[], pid1: pid1 as boolean });
    await until(() => clock.pendingTimers > 0 || handle.listening.size > 0);
    handle.kill('TERM');
    const result = await Promise.race([handle.exited, flushMicrotasks().then(flushMicrotasks).then(() => 'running' as const)]);
    expect(result).toBe(expected);
    handle.kill('KILL');
    expect(await handle.exited).toBe(expected === 'running' ? 137 : expected);
  });

  it('a trap on TERM waits for the foreground command, as sh does', async () => {
    const clock = new FakeClock();
    const { handle, out } = await start({ clock, argv: ['sh', '-c', 'trap "echo caught; exit 3" TERM; sleep 10; echo next'] });
    await until(() => clock.pendingTimers > 0);
    handle.kill('TERM');
    await clock.advanceAsync(10_000);
    expect(await handle.exited).toBe(3);
    expect(out.stdout).toBe('caught\n');
  });

  it('a server reports the ports it listens on while it runs', async () => {
    const { handle } = await start({ argv: ['sh', '-c', 'echo starting; exec kubesim-serve -p 80 -p 443'] });
    await until(() => handle.listening.size === 2);
    expect([...handle.listening]).toEqual([80, 443]);
    handle.kill('TERM');
    expect(await handle.exited).toBe(0);
    expect(handle.listening.size).toBe(0);
  });

  it('busybox httpd -f and nc -l listen on their ports', async () => {
    const { handle } = await start({ argv: ['sh', '-c', 'httpd -p 8080; nc -l -p 9000'] });
    await until(() => handle.listening.size === 2);
    expect([...handle.listening].sort()).toEqual([8080, 9000]);
    handle.kill('KILL');
    expect(await handle.exited).toBe(137);
  });

  it('output after a kill is dropped', async () => {
    const clock = new FakeClock();
    const { handle, out } = await start({ clock, argv: ['sh', '-c', 'echo a; sleep 1; echo b'] });
    await until(() => out.stdout === 'a\n');
    handle.kill('KILL');
    await clock.advanceAsync(2000);
    expect(await handle.exited).toBe(137);
    expect(out.stdout).toBe('a\n');
  });

  it('background jobs die with the main process', async () => {
    const clock = new FakeClock();
    const { handle, out } = await start({ clock, argv: ['sh', '-c', '(sleep 5; echo late) & echo main'] });
    expect(await handle.exited).toBe(0);
    await clock.advanceAsync(10_000);
    expect(out.stdout).toBe('main\n');
  });

  it.each([
    ['a command not in the image', ['nosuch'], 'exec: "nosuch": executable file not found in $PATH'],
    ['a missing path', ['/app/run'], 'exec: "/app/run": stat /app/run: no such file or directory'],
    ['a file without the exec bit', ['/etc/hostname'], 'exec: "/etc/hostname": permission denied'],
  ])('starting %s fails as runc does', async (_name, argv, message) => {
    await expect(start({ argv })).rejects.toEqual(new ExecError(message));
  });

  it('runs a #!/bin/sh script by path, with its arguments', async () => {
    const clock = new FakeClock();
    const root = createImageRoot({ clock, hostname: 'mypod', hosts: '', resolvConf: '' });
    root.seedFile('/scripts/start.sh', '#!/bin/sh\necho "started with $1"\nexit 4\n', 0o755);
    root.seedFile('/scripts/run.py', '#!/usr/bin/python3\nprint("hi")\n', 0o755);
    const fs = new MountedFs(root, [], clock);
    expect(await sh('', { clock, fs, argv: ['/scripts/start.sh', 'now'] })).toEqual({ stdout: 'started with now\n', stderr: '', status: 4 });
    await expect(sh('', { clock, fs, argv: ['/scripts/run.py'] })).rejects.toEqual(new ExecError('exec: "/scripts/run.py": no such file or directory'));
    expect(await sh('/scripts/run.py', { clock, fs })).toEqual({ stdout: '', stderr: 'sh: /scripts/run.py: not found\n', status: 127 });
  });

  it('feeds stdin to the process', async () => {
    const ran = await sh('', { argv: ['wc', '-l'], stdin: 'a\nb\nc\n' });
    expect(ran.stdout).toBe('3\n');
  });

  it('image programs run by path and take precedence over applets', async () => {
    const ran = await sh('/usr/sbin/nginx -v; nginx -t', {
      programs: {
        '/usr/sbin/nginx': async (ctx) => {
          await ctx.stderr.write(`nginx version: nginx/1.27.3 ${ctx.argv.slice(1).join(' ')}\n`);
          return 0;
        },
        nginx: async (ctx) => {
          await ctx.stdout.write(`test ${ctx.argv[1]}\n`);
          return 0;
        },
      },
    });
    expect(ran).toEqual({ stdout: 'test -t\n', stderr: 'nginx version: nginx/1.27.3 -v\n', status: 0 });
  });
});

describe('pipes between simulated commands', () => {
  it('an endless producer piped into head ends with a broken pipe', async () => {
    const ran = await sh('i=0; while true; do i=$((i+1)); echo line$i; done | head -n 2; echo "status $?"');
    expect(ran).toEqual({ stdout: 'line1\nline2\nstatus 0\n', stderr: '', status: 0 });
  });

  it('tee to /dev/stderr duplicates onto the error stream', async () => {
    const ran = await sh('echo dup | tee /dev/stderr');
    expect(ran).toEqual({ stdout: 'dup\n', stderr: 'dup\n', status: 0 });
  });
});

describe('a shell reading commands from stdin', () => {
  it('runs each command as soon as its line arrives', async () => {
    let feed!: (line: string | null) => void;
    const lines = (async function* () {
      for (;;) {
        const line = await new Promise<string | null>((resolve) => (feed = resolve));
        if (line === null) return;
        yield line;
      }
    })();
    const { handle, out } = await start({ argv: ['sh'], stdin: lines, pid1: false });
    await until(() => feed !== undefined);
    feed('echo one\n');
    await until(() => out.stdout === 'one\n');
    feed('for i in a b\n');
    await flushMicrotasks();
    expect(out.stdout).toBe('one\n');
    feed('do echo $i; done\n');
    await until(() => out.stdout === 'one\na\nb\n');
    feed('exit 5\n');
    expect(await handle.exited).toBe(5);
  });

  it('a script piped to sh stops at a syntax error', async () => {
    const ran = await sh('', { argv: ['sh'], stdin: 'echo a\ndone\necho b\n' });
    expect(ran).toEqual({ stdout: 'a\n', stderr: 'sh: syntax error: unexpected "done"\n', status: 2 });
  });
});
