/**
 * The simulated container runtime's shell: a small, safe POSIX-sh (busybox ash) interpreter and busybox-like
 * utilities, written in TypeScript. Nothing a container runs ever reaches the host: programs are functions here, files
 * live in a ContainerFs (../vfs), time is the injected TimerClock, names resolve through a callback.
 *
 * Running a container's process:
 *
 *   const handle = await startProcess({
 *     argv: ['sh', '-c', 'echo hi; sleep 5'],   // command + args as Kubernetes computes them
 *     env: [['PATH', '/usr/local/sbin:...'], ['HOSTNAME', 'mypod']],   // runtime order; `sh -c env` reorders as ash does
 *     cwd: '/', fs, hostname: 'mypod', clock,
 *     stdout: (t) => log('stdout', t), stderr: (t) => log('stderr', t),
 *     resolver: { lookup: (fqdn) => ips, reverse: (ip) => name },   // nslookup's view of cluster DNS (optional)
 *     programs: { '/usr/sbin/nginx': nginxProgram },                  // the image's own executables (optional)
 *   });                          // rejects with ExecError (`exec: "foo": executable file not found in $PATH`)
 *   handle.kill('TERM');         // PID 1 ignores TERM unless the program handles it (trap, kubesim-serve); KILL always works
 *   const status = await handle.exited;   // the script's status; 137 after KILL, 143 after a fatal TERM
 *   handle.listening;            // ports a server in the process listens on (for tcpSocket/httpGet probes)
 *
 * `runProcess(options)` does both and returns the status; `pid1: false` runs an exec'd process (probes, kubectl exec),
 * `signal` (an AbortSignal) kills it, `stdin` feeds it. A server is a program that calls serveUntilStopped
 * (`kubesim-serve -p 80 --term-exit 0` from a script; busybox `httpd -f -p 8080` and `nc -l -p 9000` too).
 *
 * The shell: `;` `&&` `||` `|` `&`, `! cmd`, ( ) and { }, if/elif/else, while, until, for, case, functions,
 * redirections (< > >> 2>&1 >&2 <<EOF), quoting, $VAR ${VAR:-x} ${#VAR} ${VAR#pat} $? $$ $! $# $@, $(...) and
 * backquotes, $((arithmetic)), globbing in the container's filesystem, and the builtins cd exit export read set
 * shift trap unset wait exec eval . local type. Scripts run line by line as ash's cmdloop does, so a syntax error on
 * line 3 comes after lines 1-2 ran; messages are ash's (`sh: foo: not found` 127, `sh: syntax error: unexpected
 * "done"` 2). `sleep` awaits the clock; loops yield to the event loop every YIELD_EVERY commands, so neither
 * `while true; do sleep 1; done` nor `while :; do :; done` can hold the daemon, and a kill stops either at once.
 */
export { startProcess, runProcess, ExecError, type ProcessOptions, type ProcessHandle } from './process.js';
export { parse, ScriptParser, ShellSyntaxError } from './parser.js';
export type { Command, Word, WordPart, Redirect } from './ast.js';
export { commandTable, busyboxApplets } from './commands.js';
export { YIELD_EVERY } from './interpreter.js';
export type { CommandContext, Utility } from './command-context.js';
export { complain, resolvePath } from './command-context.js';
export { serveUntilStopped } from './utilities/serve.js';
export { strftime } from './utilities/date.js';
export type { Resolver, NslookupFormat, Signal, HttpNetwork, HttpResult } from './process-context.js';
