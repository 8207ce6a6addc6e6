/** The default spreading selector: upstream helper/spread_test.go's TestGetPodServices and TestDefaultSelector (ReplicationControllers aside). */
import type { KubeObject } from '../../../api/object.js';
import { makePod } from '../../testing/pod-wrapper.js';
import { defaultSelector, getPodServices, type SpreadListers } from './default-selector.js';

/** Listers over fixed objects, like upstream's informer stores filled by hand. */
function listers(objs: KubeObject[]): SpreadListers {
  const of = (kind: string) => objs.filter((o) => o.kind === kind);
  return {
    services: (ns) => of('Service').filter((s) => s.metadata.namespace === ns),
    replicaSet: (ns, name) => of('ReplicaSet').find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    statefulSet: (ns, name) => of('StatefulSet').find((o) => o.metadata.namespace === ns && o.metadata.name === name),
  };
}

describe('GetPodServices', () => {
  const services: KubeObject[] = [0, 1, 2].map((i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `service-${i}`, namespace: 'test' }, spec: { selector: { app: `test-${i}` } } }));
  const pods = [0, 1, 2, 3, 4].map((i) => makePod().name(`test-pod-${i}`).namespace('test').label('app', `test-${i}`).label('label', `label-${i}`).obj());
  const cases = [
    { name: 'GetPodServices for pod-0', pod: pods[0]!, expect: ['service-0'] },
    { name: 'GetPodServices for pod-1', pod: pods[1]!, expect: ['service-1'] },
    { name: 'GetPodServices for pod-2', pod: pods[2]!, expect: ['service-2'] },
    { name: 'GetPodServices for pod-3', pod: pods[3]!, expect: [] },
    { name: 'GetPodServices for pod-4', pod: pods[4]!, expect: [] },
  ];
  it.each(cases)('$name', ({ pod, expect: want }) => {
    expect(getPodServices(listers(services), pod).map((s) => s.metadata.name)).toEqual(want);
  });
});

describe('DefaultSelector', () => {
  const ns = 'test';
  const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'test-service', namespace: ns }, spec: { selector: { podLabelKey: 'podLabelVal' } } };
  const replicaSet: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'test-replicaset', namespace: ns }, spec: { selector: { matchLabels: { replicaSetLabelKey: 'replicaSetLabelVal' } } } };
  const statefulSet: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'test-statefulset', namespace: ns }, spec: { selector: { matchLabels: { statefulSetLabelKey: 'statefulSetLabelVal' } } } };
  const pod = () => makePod().name('test-pod').namespace(ns).label('podLabelKey', 'podLabelVal');
  const cases = [
    { name: 'DefaultSelector for default case', pod: pod().obj(), objs: [], expect: '' },
    { name: 'DefaultSelector for no OwnerReference pod case', pod: pod().obj(), objs: [service], expect: 'podLabelKey=podLabelVal' },
    {
      name: 'DefaultSelector for ReplicaSet OwnerReference pod case',
      pod: pod().ownerReference('test-replicaset', 'ReplicaSet', 'apps/v1').obj(),
      objs: [service, replicaSet],
      expect: 'podLabelKey=podLabelVal,replicaSetLabelKey=replicaSetLabelVal',
    },
    {
      name: 'DefaultSelector for StatefulSet OwnerReference pod case',
      pod: pod().ownerReference('test-statefulset', 'StatefulSet', 'apps/v1').obj(),
      objs: [service, statefulSet],
      expect: 'podLabelKey=podLabelVal,statefulSetLabelKey=statefulSetLabelVal',
    },
    {
      name: 'a ReplicaSet owner that is not a controller reference does not count',
      pod: pod().ownerReference('test-replicaset', 'ReplicaSet', 'apps/v1', false).obj(),
      objs: [replicaSet],
      expect: '',
    },
  ];
  it.each(cases)('$name', ({ pod: p, objs, expect: want }) => {
    expect(defaultSelector(p, listers(objs as KubeObject[])).toString()).toBe(want);
  });
});
