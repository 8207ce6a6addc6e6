/**
 * `kubesim explain` against real kubectl 1.32: every case of cases.json was run by /usr/bin/kubectl against a server
 * serving kubesim's own OpenAPI v3 documents (see README.md and capture.mjs); here kubesim runs the same command line
 * in process and must print the same bytes and exit the same way. The program's name in "Use "kubectl
 * api-resources"" is the only text allowed to differ. The `widget:` cases explain a kind only the capture served
 * (src/printers/explain.test.ts checks them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliDeps } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  name: string;
  args: string[];
  exitCode: number;
}

const cases = (JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')) as Case[]).filter((c) => !c.name.startsWith('widget:'));

/** The file name capture.mjs gives a case. */
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const golden = (name: string, stream: 'stdout' | 'stderr') => {
  const path = join(here, 'out', `${slug(name)}.${stream}`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

/** What may differ from kubectl's bytes: the name of the program in the hint to list resources. */
const normalize = (s: string) => s.replace(/"kubectl api-resources"/g, '"kubesim api-resources"');

async function kubesim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    out: { write: (s) => void (stdout += s) },
    err: { write: (s) => void (stderr += s) },
    env: {},
    now: () => new Date(),
    stdin: () => '',
    openCluster: () => Promise.reject(new Error('explain reads no cluster')),
  };
  const code = await main(args, deps);
  return { code, stdout, stderr };
}

describe('kubesim explain prints what kubectl 1.32 prints', () => {
  it('has the captured cases to check', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await kubesim(c.args);
    expect(r).toEqual({ code: c.exitCode, stdout: golden(c.name, 'stdout'), stderr: normalize(golden(c.name, 'stderr')) });
  });
});
