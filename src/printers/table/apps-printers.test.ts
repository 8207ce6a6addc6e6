import type { KubeObject } from '../../api/object.js';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const make = (kind: string, spec: Obj, status: Obj = {}, metadata: Obj = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'x', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z', ...metadata },
  spec,
  status,
});
const template = { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] } };

describe('deploymentPrinter', () => {
  it('prints ready/desired, up-to-date, available, age, then the containers, images and selector', () => {
    const d = make('Deployment', { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 });
    expect(deploymentPrinter.cells(d, now)).toEqual(['x', '2/3', 3, 2, '60m', 'a,b', 'a:1,b:2', 'app=web']);
  });

  it.each<[string, Obj | undefined, string]>([
    ['matchExpressions print in selector syntax, sorted by key', { matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['y', 'x'] }, { key: 'b', operator: 'Exists' }] }, 'a notin (x,y),b,z=1'],
    ['an empty selector prints nothing (not <none>)', {}, ''],
    ['a missing selector prints nothing', undefined, ''],
    ['an invalid operator prints <invalid>', { matchExpressions: [{ key: 'a', operator: 'Near' }] }, '<invalid>'],
  ])('%s', (_name, selector, printed) => {
    expect(deploymentPrinter.cells(make('Deployment', { selector, template }), now)[7]).toBe(printed);
  });

  it('reads missing replica counts as zero', () => {
    expect(deploymentPrinter.cells(make('Deployment', {}), now).slice(1, 4)).toEqual(['0/0', 0, 0]);
  });
});

describe('replicaSetPrinter', () => {
  it('prints desired, current and ready as integers and the selector with <none> when empty', () => {
    const rs = make('ReplicaSet', { replicas: 2, selector: {}, template }, { replicas: 2, readyReplicas: 1 });
    expect(replicaSetPrinter.cells(rs, now)).toEqual(['x', 2, 2, 1, '60m', 'a,b', 'a:1,b:2', '<none>']);
  });

  it('prints <error> for a selector that cannot be parsed', () => {
    expect(replicaSetPrinter.cells(make('ReplicaSet', { selector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }), now)[7]).toBe('<error>');
  });
});

describe('daemonSetPrinter', () => {
  it('prints the scheduling counts and the template node selector', () => {
    const ds = make(
      'DaemonSet',
      { selector: { matchLabels: { k: 'v' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } } },
      { desiredNumberScheduled: 4, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2 },
    );
    expect(daemonSetPrinter.cells(ds, now)).toEqual(['x', 4, 3, 2, 1, 2, 'disk=ssd,kubernetes.io/os=linux', '60m', 'a,b', 'a:1,b:2', 'k=v']);
  });

  it('prints <none> without a node selector', () => {
    expect(daemonSetPrinter.cells(make('DaemonSet', { template }), now)[6]).toBe('<none>');
  });
});

describe('statefulSetPrinter', () => {
  it('prints ready/desired and the wide containers and images', () => {
    expect(statefulSetPrinter.cells(make('StatefulSet', { replicas: 3, template }, { readyReplicas: 1 }), now)).toEqual(['x', '1/3', '60m', 'a,b', 'a:1,b:2']);
  });
});

describe('controllerRevisionPrinter', () => {
  const revision = (ownerReferences?: Obj[]): KubeObject => ({ ...make('ControllerRevision', {}, {}, ownerReferences ? { ownerReferences } : {}), revision: 4 });

  it.each<[string, Obj[] | undefined, string]>([
    ['names the controller as kind.group/name', [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }], 'daemonset.apps/ds'],
    ['names a core-group controller as kind/name', [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }], 'pod/p'],
    ['ignores owners that are not the controller', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', uid: 'u' }], '<none>'],
    ['prints <none> without owners', undefined, '<none>'],
  ])('%s', (_name, owners, controller) => {
    expect(controllerRevisionPrinter.cells(revision(owners), now)).toEqual(['x', controller, 4, '60m']);
  });
});
