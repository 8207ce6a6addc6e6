/**
 * `kubesim edit` end to end: the compiled binary opens a scripted editor (test/support/fake-editor.mjs) on the object,
 * and we check what the editor was shown, what the user is told, and what the cluster holds afterwards. The expected
 * texts are kubectl 1.32's, recorded by running it against an API server over the same registry.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/api/object.js';
import { openCluster } from '../../src/cluster/open-cluster.js';
import { kubesim, type CliResult } from '../support/cli.js';
import { ensureBuilt, repoRoot } from '../support/compiled.js';

const fakeEditor = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'fake-editor.mjs');
const node = process.execPath;

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

const POD_FORBIDDEN =
  '# * spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

type Step = { replace?: [string, string][]; write?: string; run?: string[]; exit?: number; signalParent?: string };

interface EditRun extends CliResult {
  /** Every buffer the editor was shown, in order. */
  shown: string[];
  /** The temp file of each opening. */
  paths: string[];
}

let home: string;
let tmp: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-edit-'));
  tmp = join(home, 'tmp');
  mkdirSync(tmp);
  await withClient(async (client) => {
    await client.resource({ group: 'apps', version: 'v1', resource: 'deployments' }).namespace('default').create(deployment);
    await client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default').create(pod);
  });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
};
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { run: 'x' } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } };

async function withClient<T>(fn: (client: Awaited<ReturnType<typeof openCluster>>['client']) => Promise<T>): Promise<T> {
  const cluster = await openCluster(home);
  try {
    return await fn(cluster.client);
  } finally {
    await cluster.close();
  }
}

const readDeployment = () => withClient((c) => c.resource({ group: 'apps', version: 'v1', resource: 'deployments' }).namespace('default').get('web'));
const readPod = () => withClient((c) => c.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default').get('x'));

/** `kubesim edit ARGS` with the fake editor following `steps`, one per opening. */
function edit(args: string[], steps: Step[], env: Record<string, string> = {}): EditRun {
  const dir = mkdtempSync(join(home, 'editor-'));
  writeFileSync(join(dir, 'script.json'), JSON.stringify(steps));
  const r = kubesim(home, ['edit', ...args], { env: { KUBE_EDITOR: `${node} ${fakeEditor}`, FAKE_EDITOR_DIR: dir, TMPDIR: tmp, ...env } });
  const count = readdirSync(dir).filter((f) => f.startsWith('shown-')).length;
  const shown = Array.from({ length: count }, (_, i) => readFileSync(join(dir, `shown-${i}.txt`), 'utf8'));
  const paths = Array.from({ length: count }, (_, i) => readFileSync(join(dir, `path-${i}.txt`), 'utf8'));
  return { ...r, shown, paths };
}

/** The buffer body kubesim opened, without its comment header. */
const body = (buffer: string) => buffer.replace(/^(#.*\n)+/, '');

describe('kubesim edit', () => {
  it("changing a deployment's replicas and image patches it with the strategic merge patch kubectl sends", async () => {
    const yaml = kubesim(home, ['get', 'deployment', 'web', '-o', 'yaml']).stdout;
    const r = edit(['deployment', 'web', '--output-patch'], [{ replace: [['replicas: 2', 'replicas: 3'], ['image: nginx\n', 'image: nginx:1.27\n']] }]);
    expect(r).toMatchObject({
      code: 0,
      stdout:
        'Patch: {"spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}\n' +
        'deployment.apps/web edited\n',
      stderr: '',
    });
    expect(r.shown).toEqual([HEADER + yaml]);
    expect(r.paths[0]).toMatch(new RegExp(`^${tmp}/kubesim-edit-\\d+\\.yaml$`));
    const after = (await readDeployment()) as KubeObject & { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    expect(after.spec.replicas).toBe(3);
    expect(after.spec.template.spec.containers[0]!.image).toBe('nginx:1.27');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('saving the buffer unchanged cancels the edit and changes nothing', async () => {
    const before = await readDeployment();
    expect(edit(['deploy/web'], [{}])).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(await readDeployment()).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('only editing the comments is no change either', () => {
    const r = edit(['deploy/web'], [{ replace: [['# reopened with the relevant failures.', '# I was here']] }]);
    expect(r).toMatchObject({ code: 0, stderr: 'Edit cancelled, no changes made.\n' });
  });

  it('with --validate=false an emptied buffer cancels the edit', () => {
    expect(edit(['deploy/web', '--validate=false'], [{ write: '' }])).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, saved file was empty.\n' });
  });

  it('with validation on (the default) an emptied buffer fails validation, as in kubectl 1.32, and reopens with the reason', () => {
    const r = edit(['deploy/web'], [{ write: '' }, {}]);
    expect(r.shown[1]).toBe(`${HEADER}# deployments.apps "web" was not valid:\n# * <nil>: Invalid value: "The edited file failed validation": invalid object to validate\n#\n`);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: deployments.apps "web" is invalid\nA copy of your changes has been stored to "${r.paths[1]}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    });
  });

  it('a change the server refuses reopens the buffer with its reasons, and the fix on the second opening is saved', async () => {
    const r = edit(['pod', 'x'], [{ replace: [['restartPolicy: Always', 'restartPolicy: Never']] }, { replace: [['restartPolicy: Never', 'restartPolicy: Always'], ['image: nginx\n', 'image: nginx:1.27\n']] }]);
    expect(r).toMatchObject({ code: 0, stdout: 'pod/x edited\n', stderr: 'error: pods "x" is invalid\n' });
    expect(r.shown[1]).toBe(`${HEADER}# pods "x" was not valid:\n${POD_FORBIDDEN}#\n${body(r.shown[0]!).replace('restartPolicy: Always', 'restartPolicy: Never')}`);
    const after = (await readPod()) as KubeObject & { spec: { restartPolicy: string; containers: { image: string }[] } };
    expect([after.spec.restartPolicy, after.spec.containers[0]!.image]).toEqual(['Always', 'nginx:1.27']);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('an invalid change saved again unchanged gives up with exit 1 and keeps a copy of the changes', async () => {
    const r = edit(['pod/x'], [{ replace: [['restartPolicy: Always', 'restartPolicy: Never']] }, {}]);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: pods "x" is invalid\nA copy of your changes has been stored to "${r.paths[1]}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    });
    expect(r.shown[1]).toContain(`${HEADER}# pods "x" was not valid:\n${POD_FORBIDDEN}#\napiVersion: v1\n`);
    expect(readFileSync(r.paths[1]!, 'utf8')).toBe(r.shown[1]);
    // As kubectl does, the file of the first save is left behind too: it gives up before cleaning the previous pass.
    expect(readdirSync(tmp).sort()).toEqual(r.paths.map((p) => p.slice(tmp.length + 1)).sort());
    expect(((await readPod()) as KubeObject & { spec: { restartPolicy: string } }).spec.restartPolicy).toBe('Always');
  });

  it.each([
    [
      'with validation, the comment-stripped text is checked first',
      [],
      `# pods "x" was not valid:\n# * <nil>: Invalid value: "The edited file failed validation": yaml: line 3: could not find expected ':'\n#\n`,
      'error: pods "x" is invalid\n',
    ],
    ['without validation, the parse of the whole buffer fails', ['--validate=false'], `# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line 7: could not find expected ':'\n#\n`, ''],
  ])('a YAML syntax error reopens the buffer with it: %s', (_name, flags, reason, reported) => {
    const r = edit(['pod/x', ...flags], [{ replace: [['kind: Pod', 'kind Pod']] }, { replace: [['kind Pod', 'kind: Pod']] }]);
    expect(r.shown[1]).toBe(`${HEADER}${reason}${body(r.shown[0]!).replace('kind: Pod', 'kind Pod')}`);
    expect(r).toMatchObject({ code: 0, stderr: `${reported}Edit cancelled, no changes made.\n` });
  });

  it.each([
    ['the name', ['name: x\n  namespace', 'name: x2\n  namespace'], 'error: At least one of apiVersion, kind and name was changed'],
    ['the kind', ['kind: Pod', 'kind: Service'], 'error: At least one of apiVersion, kind and name was changed'],
    [
      'the namespace',
      ['namespace: default', 'namespace: kube-system'],
      `error: the namespace from the provided object "kube-system" does not match the namespace "default". You must pass '--namespace=kube-system' to perform this operation.`,
    ],
  ])('changing %s is refused, keeping a copy of the buffer', (_what, replacement, message) => {
    const r = edit(['pod/x'], [{ replace: [replacement as [string, string]] }]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `A copy of your changes has been stored to "${r.paths[0]}"\n${message}\n` });
    expect(r.shown).toHaveLength(1);
  });

  it('-f opens the object the file names, as the cluster has it now', async () => {
    const file = join(home, 'web.yaml');
    writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 9\n');
    const r = edit(['-f', file], [{ replace: [['replicas: 2', 'replicas: 3']] }]);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    expect(((await readDeployment()) as KubeObject & { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect(edit(['-f', file, 'pod/x'], [])).toMatchObject({ code: 1, stderr: 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n' });
  });

  it('--windows-line-endings writes the buffer with CRLF, and saving it unchanged is still no change', () => {
    const r = edit(['pod/x', '--windows-line-endings'], [{}]);
    expect(r.shown[0]!.startsWith(HEADER.replace(/\n/g, '\r\n'))).toBe(true);
    expect(r.shown[0]!.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r).toMatchObject({ code: 0, stderr: 'Edit cancelled, no changes made.\n' });
  });

  it('editing an object that does not exist is NotFound and opens no editor', () => {
    const r = edit(['pod', 'ghost'], []);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "ghost" not found\n', shown: [] });
  });

  it('a change another user makes while the buffer is open is kept, as the edit is a patch', async () => {
    const label = [node, join(repoRoot, 'bin', 'kubesim.js'), 'label', 'deployment', 'web', 'team=blue'];
    const r = edit(['deploy/web'], [{ run: label, replace: [['replicas: 2', 'replicas: 3']] }]);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    const after = (await readDeployment()) as KubeObject & { spec: { replicas: number } };
    expect([after.spec.replicas, after.metadata.labels]).toEqual([3, { app: 'web', team: 'blue' }]);
  });

  it('an object deleted while the buffer is open is reported and the edits are kept on disk', () => {
    const del = [node, join(repoRoot, 'bin', 'kubesim.js'), 'delete', 'pod', 'x', '--grace-period=0', '--force'];
    const r = edit(['pod/x'], [{ run: del, replace: [['image: nginx\n', 'image: nginx:1.27\n']] }]);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: pods "x" could not be found on the server\nThe edits you made on deleted resources have been saved to "${r.paths[0]}"\n`,
    });
    expect(readFileSync(r.paths[0]!, 'utf8')).toContain('image: nginx:1.27\n');
  });

  it('a stale resourceVersion is a conflict the user is told to retry with replace', () => {
    const r = edit(['deploy/web'], [{ replace: [[/resourceVersion: "\d+"/.exec(kubesim(home, ['get', 'deploy/web', '-o', 'yaml']).stdout)![0], 'resourceVersion: "1"']] }]);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'error: deployments.apps "web" could not be patched: Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n' +
        `You can run \`kubesim replace -f ${r.paths[0]}\` to try this update again.\n`,
    });
  });

  it('several objects open as one List; the unchanged one is skipped', () => {
    const r = edit(['deploy/web', 'pod/x'], [{ replace: [['replicas: 2', 'replicas: 3']] }]);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\npod/x skipped\n', stderr: '' });
    expect(r.shown[0]).toMatch(new RegExp(`^${HEADER}apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n[^]*\nkind: List\nmetadata: {}\n$`));
  });

  it('-o json edits JSON without the comment header and prints the result as JSON', async () => {
    const json = kubesim(home, ['get', 'deploy/web', '-o', 'json']).stdout;
    const r = edit(['deploy/web', '-o', 'json'], [{ replace: [['"replicas": 2', '"replicas": 4']] }]);
    expect(r.code).toBe(0);
    expect(r.shown).toEqual([json]);
    expect(r.paths[0]).toMatch(/\.json$/);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'Deployment', spec: { replicas: 4 } });
    expect(((await readDeployment()) as KubeObject & { spec: { replicas: number } }).spec.replicas).toBe(4);
  });

  it.each([
    [['-o', 'name'], 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n'],
    [['--validate=maybe'], 'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n'],
  ])('flags kubectl refuses are refused the same way: %j', (flags, stderr) => {
    expect(edit(['deploy/web', ...flags], [])).toMatchObject({ code: 1, stdout: '', stderr, shown: [] });
  });

  it('with neither a resource nor a file it asks for one', () => {
    expect(edit([], [])).toMatchObject({
      code: 1,
      stderr: "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    });
  });

  it.each(['SIGINT', 'SIGQUIT', 'SIGTERM'])('a %s typed while the editor is open does not end the edit', async (signal) => {
    const r = edit(['deploy/web'], [{ signalParent: signal, replace: [['replicas: 2', 'replicas: 3']] }]);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    expect(((await readDeployment()) as KubeObject & { spec: { replicas: number } }).spec.replicas).toBe(3);
  });

  it('an editor that exits with an error ends the edit with kubectl message', () => {
    expect(edit(['pod/x'], [{ exit: 3 }])).toMatchObject({ code: 1, stdout: '', stderr: `error: there was a problem with the editor "${node} ${fakeEditor}"\n` });
  });

  it('an editor that is not on the PATH cannot be launched', () => {
    expect(edit(['pod/x'], [], { KUBE_EDITOR: 'no-such-editor-for-kubesim' })).toMatchObject({ code: 1, stderr: 'error: unable to launch the editor "no-such-editor-for-kubesim"\n' });
  });

  it('EDITOR is used when KUBE_EDITOR is not set, and a quoted command runs through the shell', async () => {
    const r = edit(['deploy/web'], [{ replace: [['replicas: 2', 'replicas: 5']] }], { KUBE_EDITOR: '', EDITOR: `'${node}' '${fakeEditor}'` });
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    expect(((await readDeployment()) as KubeObject & { spec: { replicas: number } }).spec.replicas).toBe(5);
  });
});
