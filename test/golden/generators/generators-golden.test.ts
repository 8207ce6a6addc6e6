/**
 * kubesim's generators against real kubectl 1.32: every case of cases.json was run by /usr/bin/kubectl (see
 * README.md and capture.mjs); here kubesim runs the same command line, in process, from the same folder and with
 * the same objects in its cluster, and must print the same bytes and exit the same way. klog headers (time, pid)
 * and the program name in "See 'kubectl ... -h'" are the only text allowed to differ.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gvrForObject } from '../../../src/api/group-version.js';
import type { KubeObject } from '../../../src/api/object.js';
import type { CliDeps } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';
import { openCluster, type OpenCluster } from '../../../src/cluster/open-cluster.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  exitCode: number;
}

const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')) as Case[];
const objects = JSON.parse(readFileSync(join(here, 'fixtures', 'objects.json'), 'utf8')) as KubeObject[];

/** The file name capture.mjs gives a case. */
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const golden = (name: string, stream: 'stdout' | 'stderr') => {
  const path = join(here, 'out', `${slug(name)}.${stream}`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

/** What may differ from kubectl's bytes: klog's time and pid, and the name of the program in usage hints. */
const normalize = (s: string) => s.replace(/^([IWE])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID ').replace(/'kubectl /g, "'kubesim ");

let home: string;
let cluster: OpenCluster;
let cwd: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-generators-'));
  cluster = await openCluster(home);
  for (const o of objects) await cluster.client.resource(gvrForObject(o)).namespace(o.metadata.namespace!).create(o);
  cwd = process.cwd();
  process.chdir(join(here, 'files'));
});

afterAll(async () => {
  process.chdir(cwd);
  await cluster.close();
  rmSync(home, { recursive: true, force: true });
});

async function kubesim(c: Case): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    out: { write: (s) => void (stdout += s) },
    err: { write: (s) => void (stderr += s) },
    env: { HOME: home, KUBESIM_HOME: home, ...c.env },
    now: () => new Date(),
    stdin: () => '',
    // One cluster for every case: commands close what they open, so they get a handle whose close keeps it open.
    openCluster: async () => ({ home: cluster.home, client: cluster.client, close: async () => {} }),
  };
  const code = await main(c.args, deps);
  return { code, stdout, stderr };
}

describe('kubesim prints what kubectl 1.32 prints', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await kubesim(c);
    expect({ code: r.code, stdout: r.stdout, stderr: normalize(r.stderr) }).toEqual({
      code: c.exitCode,
      stdout: golden(c.name, 'stdout'),
      stderr: normalize(golden(c.name, 'stderr')),
    });
  });
});
