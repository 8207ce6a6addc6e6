/**
 * `kubesim scheduler explain` end to end through the compiled binary: pods carrying a scheduling record written by
 * hand (the `kubesim.io/scheduler-explain` annotation the scheduler keeps) are created with `kubesim apply`, with no
 * cluster running, and the command prints the record as a user reads it, or kubectl's errors. Then, in a running
 * cluster, the record the real scheduler wrote.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { renderSchedulerExplain, SchedulerExplainAnnotation, type SchedulerExplainRecord } from '../../src/printers/scheduler-explain.js';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const filterPlugins = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit'];
const pass = (plugin: string) => ({ plugin, code: 'Success' });

/** The record of a pod placed on node01 rather than node02, with controlplane kept out by its taint. */
const scheduled = (time: string): SchedulerExplainRecord => ({
  scheduler: 'default-scheduler',
  attempt: 1,
  time,
  outcome: 'Scheduled',
  selectedNode: 'node01',
  numNodes: 3,
  evaluatedNodes: 3,
  feasibleNodes: 2,
  filterPlugins,
  scorePlugins: [
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeResourcesFit', weight: 1 },
  ],
  nodes: [
    {
      name: 'node01',
      filters: filterPlugins.map(pass),
      scores: [
        { plugin: 'TaintToleration', raw: 0, normalized: 100, weighted: 300 },
        { plugin: 'NodeResourcesFit', raw: 97, normalized: 97, weighted: 97 },
      ],
      totalScore: 397,
    },
    {
      name: 'node02',
      filters: filterPlugins.map(pass),
      scores: [
        { plugin: 'TaintToleration', raw: 0, normalized: 100, weighted: 300 },
        { plugin: 'NodeResourcesFit', raw: 90, normalized: 90, weighted: 90 },
      ],
      totalScore: 390,
    },
    { name: 'controlplane', filters: [pass('NodeUnschedulable'), pass('NodeName'), { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [taint] }] },
  ],
});

/** The record of a pod no node could take. */
const unschedulable = (time: string): SchedulerExplainRecord => ({
  ...scheduled(time),
  attempt: 3,
  outcome: 'Unschedulable',
  selectedNode: undefined,
  feasibleNodes: 0,
  message: `0/3 nodes are available: 1 ${taint}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
  nodes: [
    { name: 'controlplane', filters: [pass('NodeUnschedulable'), pass('NodeName'), { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [taint] }] },
    { name: 'node01', filters: [...filterPlugins.slice(0, 4).map(pass), { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }] },
    { name: 'node02', filters: [...filterPlugins.slice(0, 4).map(pass), { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }] },
  ],
});

const pod = (name: string, namespace: string, spec: Record<string, unknown>, record?: SchedulerExplainRecord) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, ...(record ? { annotations: { [SchedulerExplainAnnotation]: JSON.stringify(record) } } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});

/** The attempt's age in the header depends on the wall clock; everything else is compared exactly. */
const sameAge = (text: string) => text.replace(/\(\d+s ago\)/, '(0s ago)');

let home: string;
const time = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const run = (...args: string[]) => kubesim(home, args);

beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-sched-explain-'));
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      pod('web', 'default', { nodeName: 'node01' }, scheduled(time)),
      pod('big', 'default', {}, unschedulable(time)),
      pod('system', 'kube-system', { nodeName: 'node01' }, scheduled(time)),
      pod('manual', 'default', { nodeName: 'node02' }),
      pod('mine', 'default', { schedulerName: 'my-scheduler' }),
    ],
  };
  const r = kubesim(home, ['apply', '-f', '-'], { stdin: JSON.stringify(list) });
  expect(r).toMatchObject({ code: 0, stderr: '' });
}, 240_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim scheduler explain', () => {
  it.each([
    ['a scheduled pod shows its node, the filters and the scores', ['web'], 'web', 'default', scheduled(time)],
    ['pod/NAME names the same pod', ['pod/web'], 'web', 'default', scheduled(time)],
    ['a Pending pod shows the FailedScheduling message and each node\'s reason', ['big'], 'big', 'default', unschedulable(time)],
    ['-n reads the pod in another namespace', ['system', '-n', 'kube-system'], 'system', 'kube-system', scheduled(time)],
  ])('%s', (_name, args, name, namespace, record) => {
    const r = run('scheduler', 'explain', ...args);
    expect({ ...r, stdout: sameAge(r.stdout) }).toEqual({ code: 0, stdout: renderSchedulerExplain({ namespace, name }, record, new Date(time)), stderr: '' });
  });

  it('tells why controlplane was out: TaintToleration with the untolerated taint, later plugins not run', () => {
    const lines = run('scheduler', 'explain', 'web').stdout.split('\n');
    expect(lines).toContain('Outcome:    Scheduled to node01');
    expect(lines.find((l) => l.startsWith('controlplane '))?.split(/ {3,}/)).toEqual(['controlplane', 'passed', 'passed', taint, '-', '-']);
    expect(lines.find((l) => l.startsWith('*'))?.split(/ {3,}/)).toEqual(['*', 'node01', '0 -> 100 x3 = 300', '97 -> 97 x1 = 97', '397']);
  });

  it.each([
    ['-o json prints the record as JSON', ['-o', 'json'], (s: string) => JSON.parse(s) as unknown],
    ['-o yaml prints the record as YAML', ['-o', 'yaml'], (s: string) => load(s)],
  ])('%s', (_name, args, parse) => {
    const r = run('scheduler', 'explain', 'big', ...args);
    expect(r.code).toBe(0);
    const { selectedNode: _none, ...expected } = unschedulable(time);
    expect(parse(r.stdout)).toEqual(expected);
  });

  it.each([
    ['a pod that does not exist', ['nope'], 'Error from server (NotFound): pods "nope" not found\n'],
    ['a pod that does not exist in the namespace given', ['web', '-n', 'kube-system'], 'Error from server (NotFound): pods "web" not found\n'],
    [
      'a pod that named its node itself',
      ['manual'],
      'error: pod "manual" has no scheduling record: it was given its node in spec.nodeName (node02), so no scheduler placed it\n',
    ],
    [
      'a pod for a scheduler that is not running',
      ['mine'],
      'error: pod "mine" has no scheduling record yet: no scheduler has tried to place it. It asks for schedulerName "my-scheduler": is a scheduler of that name running ("kubesim up" starts default-scheduler)?\n',
    ],
    ['no pod', [], "error: exactly one POD is required, got 0\nSee 'kubesim scheduler explain -h' for help and examples\n"],
    ['two pods', ['web', 'big'], "error: exactly one POD is required, got 2\nSee 'kubesim scheduler explain -h' for help and examples\n"],
    ['a name of another type', ['deploy/web'], 'error: POD must be a pod name or pod/NAME, not "deploy/web"\nSee \'kubesim scheduler explain -h\' for help and examples\n'],
    ['an output format other than json and yaml', ['web', '-o', 'wide'], 'error: unable to match a printer suitable for the output format "wide", allowed formats are: json,yaml\n'],
  ])('fails for %s with exit 1', (_name, args, stderr) => {
    expect(run('scheduler', 'explain', ...args)).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe('kubesim scheduler explain in a running cluster', () => {
  let cluster: RunningCluster;
  beforeAll(() => {
    cluster = startCluster();
  }, 240_000);
  afterAll(() => cluster?.down());

  it('a pod the scheduler put on node01 explains that controlplane failed TaintToleration with its untolerated taint', async () => {
    cluster.apply(dump({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'placed' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } }));
    await cluster.waitForPod('placed', (p) => p.spec?.nodeName === 'node01');
    const r = cluster.run(['scheduler', 'explain', 'placed']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['Pod:        default/placed', 'Scheduler:  default-scheduler', 'Outcome:    Scheduled to node01']));
    const header = lines[lines.indexOf('Filters:') + 1]!.split(/ {3,}/);
    const controlplane = lines.find((l) => l.startsWith('controlplane '))!.split(/ {3,}/);
    expect(controlplane[header.indexOf('TaintToleration')]).toBe(taint);
    // node01 passed every filter that ran (plugins whose PreFilter found nothing to check are skipped, as upstream).
    const node01 = lines.find((l) => l.startsWith('node01 '))!.split(/ {3,}/);
    expect(node01[header.indexOf('TaintToleration')]).toBe('passed');
    expect(node01.slice(1).filter((c) => c !== 'passed' && c !== 'skipped')).toEqual([]);
  }, 30_000);
});
