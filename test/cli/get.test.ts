import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

const seeds = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'seeds');

/**
 * AGE values depend on the wall clock, and so does the width of their column: each duration (`5s`, `3m2s`) becomes
 * `<age>` and runs of spaces one space. The column layout itself is checked byte for byte by the table goldens.
 */
const maskAge = (s: string) => s.replace(/(?<= )\d+[smhdy](\d+[smhd])?(?= |$)/gm, '<age>').replace(/ +/g, ' ');

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-get-'));
  for (const f of ['deployment-pi-web.yaml', 'service-whoami-web.yaml', 'pods-multischeduler.yaml']) {
    expect(kubesim(home, ['apply', '-f', join(seeds, f)]).code).toBe(0);
  }
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim get', () => {
  it.each([
    [
      'pods as a table',
      ['get', 'pods'],
      'NAME READY STATUS RESTARTS AGE\nannotation-default-scheduler 0/1 Pending 0 <age>\nannotation-second-scheduler 0/1 Pending 0 <age>\n',
    ],
    [
      'pods by label with a label column',
      ['get', 'po', '-l', 'name=multischeduler-example', '-L', 'name', '--no-headers'],
      'annotation-default-scheduler 0/1 Pending 0 <age> multischeduler-example\nannotation-second-scheduler 0/1 Pending 0 <age> multischeduler-example\n',
    ],
    ['names only', ['get', 'pods', '-o', 'name'], 'pod/annotation-default-scheduler\npod/annotation-second-scheduler\n'],
    ['a jsonpath over the list', ['get', 'pods', '-o', 'jsonpath={.items[*].spec.schedulerName}'], 'default-scheduler my-scheduler'],
    [
      'custom columns as in the seed notes',
      // The shell strips the seed's quotes: kubectl receives the braces bare.
      ['get', 'po', '-o', 'custom-columns=NAME:{.metadata.name},SCHEDULER:{.spec.schedulerName},OWNER:{.metadata.ownerReferences[0].name}'],
      'NAME SCHEDULER OWNER\nannotation-default-scheduler default-scheduler <none>\nannotation-second-scheduler my-scheduler <none>\n',
    ],
    ['a field selector', ['get', 'pods', '--field-selector', 'spec.schedulerName=my-scheduler', '-o', 'name'], 'pod/annotation-second-scheduler\n'],
    ['the system namespaces', ['get', 'ns', '-o', 'name'], 'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n'],
  ])('%s', (_name, args, stdout) => {
    const r = kubesim(home, args);
    expect({ code: r.code, stdout: maskAge(r.stdout), stderr: r.stderr }).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('several types print one table each, names prefixed by their kind', () => {
    const r = kubesim(home, ['get', 'deploy,svc']);
    expect(r.code).toBe(0);
    expect(maskAge(r.stdout)).toMatch(
      /^NAME READY UP-TO-DATE AVAILABLE AGE\ndeployment\.apps\/pi-web 0\/2 0 0 <age>\n\nNAME TYPE CLUSTER-IP EXTERNAL-IP PORT\(S\) AGE\nservice\/whoami-web LoadBalancer 10\.\d+\.\d+\.\d+ <pending> 8088:3\d{4}\/TCP <age>\n$/,
    );
  });

  it('one named object prints as itself in yaml, not as a List', () => {
    const r = kubesim(home, ['get', 'deploy', 'pi-web', '-o', 'yaml']);
    expect(r.stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(r.stdout).toContain('  progressDeadlineSeconds: 600\n');
    expect(r.stdout).toContain('      maxSurge: 25%\n');
  });

  it.each([
    ['a missing object', ['get', 'pod', 'nope'], 1, '', 'Error from server (NotFound): pods "nope" not found\n'],
    ['an unknown type', ['get', 'podz'], 1, '', 'error: the server doesn\'t have a resource type "podz"\n'],
    ['an empty namespace', ['get', 'pods', '-n', 'kube-public'], 0, '', 'No resources found in kube-public namespace.\n'],
    ['a missing object that may be missing', ['get', 'pod', 'nope', '--ignore-not-found'], 0, '', ''],
  ])('%s', (_name, args, code, stdout, stderr) => {
    expect(kubesim(home, args)).toEqual({ code, stdout, stderr });
  });
});
