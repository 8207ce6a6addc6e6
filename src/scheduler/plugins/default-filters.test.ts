import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { argsDefaulters } from '../config/defaults.js';
import { CycleState } from '../framework/interface.js';
import { newTestHandle } from '../framework/test-handle.js';
import { fitErrorMessage, newDiagnosis } from '../framework/types.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { inTreeRegistry } from './registry.js';

// The default profile's filters (upstream getDefaultPlugins order) run together through the framework: what a
// pod that fits nowhere reads in its event, as the example of kube-scheduler's message.
const filters = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'VolumeBinding', 'VolumeZone'];

function fitError(pod: Pod, nodes: Node[]): string {
  const h = newTestHandle({
    nodes,
    plugins: filters.map((name) => ({ name, factory: inTreeRegistry[name]!, args: argsDefaulters[name]?.({}) })),
  });
  const state = new CycleState();
  const pre = h.framework.runPreFilterPlugins(state, pod);
  const d = newDiagnosis();
  if (!pre.status.isSuccess()) {
    d.preFilterMsg = pre.status.message();
    return fitErrorMessage(nodes.length, d);
  }
  for (const ni of h.snapshotSharedLister().nodeInfos().list()) {
    const s = h.framework.runFilterPluginsWithNominatedPods(state, pod, ni);
    if (!s.isSuccess()) d.nodeToStatus.set(ni.nodeName(), s);
  }
  return d.nodeToStatus.size === nodes.length ? fitErrorMessage(nodes.length, d) : 'fits';
}

const controlPlane = () =>
  makeNode()
    .name('controlplane')
    .label('node-role.kubernetes.io/control-plane', '')
    .capacity({ cpu: '4', memory: '8Gi', pods: '110' })
    .taints([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
const worker = (name: string, cpu = '1') => makeNode().name(name).capacity({ cpu, memory: '2Gi', pods: '110' });

describe('the default filters together', () => {
  it.each<{ name: string; pod: Pod; nodes: Node[]; want: string }>([
    {
      name: 'a pod too big for the workers and not tolerating the control plane is refused with both reasons counted',
      pod: makePod().name('big').namespace('default').req({ cpu: '2' }).obj(),
      nodes: [controlPlane().obj(), worker('node01').obj(), worker('node02').obj()],
      want: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
    },
    {
      name: 'a nodeSelector no node has is refused on every node',
      pod: makePod().name('gpu').namespace('default').nodeSelector({ gpu: 'true' }).obj(),
      nodes: [worker('node01').obj(), worker('node02').obj()],
      want: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
    },
    {
      name: 'a pod naming a cordoned node is refused there for the cordon and elsewhere for the name',
      pod: makePod().name('p').namespace('default').node('node01').obj(),
      nodes: [worker('node01').unschedulable().obj(), worker('node02').obj()],
      want: "0/2 nodes are available: 1 node(s) didn't match the requested node name, 1 node(s) were unschedulable.",
    },
    {
      name: 'a missing claim is reported once for the whole cluster',
      pod: (() => {
        const p = makePod().name('p').namespace('default').obj();
        p.spec!.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
        return p;
      })(),
      nodes: [worker('node01').obj()],
      want: '0/1 nodes are available: persistentvolumeclaim "data" not found.',
    },
    {
      name: 'a pod tolerating the control-plane taint fits',
      pod: makePod().name('ds').namespace('default').req({ cpu: '2' }).toleration('node-role.kubernetes.io/control-plane').obj(),
      nodes: [controlPlane().obj(), worker('node01').obj()],
      want: 'fits',
    },
  ])('$name', ({ pod, nodes, want }) => {
    expect(fitError(pod, nodes)).toBe(want);
  });
});
