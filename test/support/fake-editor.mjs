/**
 * A scripted $EDITOR for tests of `kubesim edit`: run as `KUBE_EDITOR="<node> test/support/fake-editor.mjs"` with
 * FAKE_EDITOR_DIR naming a folder that holds `script.json`, a JSON array with one step per time the editor is opened:
 *   { "replace": [["from", "to"], ...] }  replace the first occurrence of each `from` (missing: the editor fails)
 *   { "write": "text" }                   replace the whole file ("" empties it)
 *   { "run": ["cmd", "arg", ...] }        run a command first (another user changing the object meanwhile)
 *   { "exit": 1 }                         exit with that status after the edits (a crashed editor)
 *   { "signalParent": "SIGINT" }          send the program that opened the editor a signal (^C typed in the editor)
 *   {}                                    save the file unchanged
 * Each opening records what the editor was shown in `shown-<n>.txt` and the file's path in `path-<n>.txt` (n from 0).
 * Opening it more times than the script has steps is a failure, so a test cannot pass by looping unnoticed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.FAKE_EDITOR_DIR;
const file = process.argv[process.argv.length - 1];
const fail = (status, message) => {
  process.stderr.write(`fake-editor: ${message}\n`);
  process.exit(status);
};
if (!dir) fail(2, 'FAKE_EDITOR_DIR is not set');
if (!file || process.argv.length < 3) fail(2, 'no file to edit');

const n = readdirSync(dir).filter((f) => /^shown-\d+\.txt$/.test(f)).length;
const text = readFileSync(file, 'utf8');
writeFileSync(join(dir, `shown-${n}.txt`), text);
writeFileSync(join(dir, `path-${n}.txt`), file);

const script = JSON.parse(readFileSync(join(dir, 'script.json'), 'utf8'));
const step = script[n];
if (!step) fail(9, `opened ${n + 1} times but the script has ${script.length} steps`);

if (step.run) {
  const r = spawnSync(step.run[0], step.run.slice(1), { encoding: 'utf8', env: process.env });
  if (r.status !== 0) fail(7, `${step.run.join(' ')} failed: ${r.stderr || r.error}`);
}
if (step.signalParent) process.kill(process.ppid, step.signalParent);
let out = text;
if (step.write !== undefined) out = step.write;
for (const [from, to] of step.replace ?? []) {
  if (!out.includes(from)) fail(8, `cannot find ${JSON.stringify(from)} in the buffer`);
  out = out.replace(from, () => to);
}
writeFileSync(file, out);
if (step.exit) process.exit(step.exit);
