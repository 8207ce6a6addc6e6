import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState } from '../framework/interface.js';
import { NodeInfo } from '../framework/types.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { ErrReasonUnknownCondition, ErrReasonUnschedulable, NodeUnschedulable } from './node-unschedulable.js';

// Cases from upstream nodeunschedulable/node_unschedulable_test.go.
describe('NodeUnschedulable filter', () => {
  it.each<{ name: string; pod: Pod; node?: Node; wantCode: number; wantReasons: string[] }>([
    {
      name: 'a pod is not scheduled onto an unschedulable node',
      pod: makePod().obj(),
      node: makeNode().unschedulable().obj(),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: [ErrReasonUnschedulable],
    },
    { name: 'a pod is scheduled onto a normal node', pod: makePod().obj(), node: makeNode().unschedulable(false).obj(), wantCode: Code.Success, wantReasons: [] },
    {
      name: 'a pod tolerating node.kubernetes.io/unschedulable is scheduled onto an unschedulable node',
      pod: makePod().tolerations([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]).obj(),
      node: makeNode().unschedulable().obj(),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: 'a toleration of another effect does not tolerate the cordon',
      pod: makePod().tolerations([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoExecute' }]).obj(),
      node: makeNode().unschedulable().obj(),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: [ErrReasonUnschedulable],
    },
    {
      name: 'a toleration of every taint (operator Exists, no key) tolerates the cordon',
      pod: makePod().tolerations([{ operator: 'Exists' }]).obj(),
      node: makeNode().unschedulable().obj(),
      wantCode: Code.Success,
      wantReasons: [],
    },
    { name: 'a node info without its node has unknown conditions', pod: makePod().obj(), wantCode: Code.UnschedulableAndUnresolvable, wantReasons: [ErrReasonUnknownCondition] },
  ])('$name', ({ pod, node, wantCode, wantReasons }) => {
    const ni = new NodeInfo();
    if (node) ni.setNode(node);
    const st = new NodeUnschedulable().filter(new CycleState(), pod, ni);
    expect({ code: st.code, reasons: st.reasons }).toEqual({ code: wantCode, reasons: wantReasons });
  });
});
