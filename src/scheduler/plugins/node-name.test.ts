import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState } from '../framework/interface.js';
import { NodeInfo } from '../framework/types.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { ErrReason, NodeName } from './node-name.js';

// Cases from upstream nodename/node_name_test.go.
describe('NodeName filter', () => {
  it.each<{ name: string; pod: Pod; node: Node; wantCode: number; wantReasons: string[] }>([
    { name: 'a pod without spec.nodeName fits any node', pod: makePod().obj(), node: makeNode().name('foo').obj(), wantCode: Code.Success, wantReasons: [] },
    { name: 'a pod naming the node fits it', pod: makePod().node('foo').obj(), node: makeNode().name('foo').obj(), wantCode: Code.Success, wantReasons: [] },
    {
      name: 'a pod naming another node does not fit',
      pod: makePod().node('bar').obj(),
      node: makeNode().name('foo').obj(),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: [ErrReason],
    },
  ])('$name', ({ pod, node, wantCode, wantReasons }) => {
    const ni = new NodeInfo();
    ni.setNode(node);
    const st = new NodeName().filter(new CycleState(), pod, ni);
    expect({ code: st.code, reasons: st.reasons }).toEqual({ code: wantCode, reasons: wantReasons });
  });

  it("says why as kube-scheduler does: node(s) didn't match the requested node name", () => {
    expect(ErrReason).toBe("node(s) didn't match the requested node name");
  });
});
