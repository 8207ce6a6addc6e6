import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState } from '../framework/interface.js';
import { NodeInfo } from '../framework/types.js';
import { nodeInfoOf } from '../testing/run-plugins.js';
import { ErrReason, fits, NodePorts } from './node-ports.js';

// Cases from upstream nodeports/node_ports_test.go.
function newPod(host: string, ...hostPortInfos: string[]): Pod {
  const ports: ContainerPort[] = hostPortInfos.map((info) => {
    const [protocol, hostIP, port] = info.split('/');
    return { containerPort: Number(port), hostIP, hostPort: Number(port), protocol };
  });
  return { metadata: { name: 'p' }, spec: { nodeName: host, containers: [{ name: 'c', ports }] } };
}
const newNodeInfo = (...hostPortInfos: string[]): NodeInfo => nodeInfoOf({ metadata: { name: 'm1' } }, newPod('p1', ...hostPortInfos));
const ok = { code: Code.Success, reasons: [] };
const conflict = { code: Code.Unschedulable, reasons: [ErrReason] };

describe('NodePorts', () => {
  it.each<{ name: string; pod: Pod; nodeInfo: NodeInfo; wantPreFilter?: { code: number; reasons: string[] }; wantFilter?: { code: number; reasons: string[] } }>([
    { name: 'skip filter', pod: { spec: { containers: [] } }, nodeInfo: nodeInfoOf({ metadata: { name: 'm1' } }), wantPreFilter: { code: Code.Skip, reasons: [] } },
    { name: 'other port', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: newNodeInfo('UDP/127.0.0.1/9090') },
    { name: 'same udp port', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: newNodeInfo('UDP/127.0.0.1/8080'), wantFilter: conflict },
    { name: 'same tcp port', pod: newPod('m1', 'TCP/127.0.0.1/8080'), nodeInfo: newNodeInfo('TCP/127.0.0.1/8080'), wantFilter: conflict },
    { name: 'different host ip', pod: newPod('m1', 'TCP/127.0.0.1/8080'), nodeInfo: newNodeInfo('TCP/127.0.0.2/8080') },
    { name: 'different protocol', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: newNodeInfo('TCP/127.0.0.1/8080') },
    { name: 'second udp port conflict', pod: newPod('m1', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'), nodeInfo: newNodeInfo('UDP/127.0.0.1/8080'), wantFilter: conflict },
    { name: 'first tcp port conflict', pod: newPod('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'), nodeInfo: newNodeInfo('TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'), wantFilter: conflict },
    { name: 'first tcp port conflict due to 0.0.0.0 hostIP', pod: newPod('m1', 'TCP/0.0.0.0/8001'), nodeInfo: newNodeInfo('TCP/127.0.0.1/8001'), wantFilter: conflict },
    { name: 'TCP hostPort conflict due to 0.0.0.0 hostIP', pod: newPod('m1', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'), nodeInfo: newNodeInfo('TCP/127.0.0.1/8001'), wantFilter: conflict },
    { name: 'second tcp port conflict to 0.0.0.0 hostIP', pod: newPod('m1', 'TCP/127.0.0.1/8001'), nodeInfo: newNodeInfo('TCP/0.0.0.0/8001'), wantFilter: conflict },
    { name: 'second different protocol', pod: newPod('m1', 'UDP/127.0.0.1/8001'), nodeInfo: newNodeInfo('TCP/0.0.0.0/8001') },
    { name: 'UDP hostPort conflict due to 0.0.0.0 hostIP', pod: newPod('m1', 'UDP/127.0.0.1/8001'), nodeInfo: newNodeInfo('TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'), wantFilter: conflict },
    {
      name: 'a port without protocol or hostIP is TCP on 0.0.0.0',
      pod: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }] } },
      nodeInfo: newNodeInfo('TCP/10.0.0.1/80'),
      wantFilter: conflict,
    },
  ])('$name', ({ pod, nodeInfo, wantPreFilter, wantFilter }) => {
    const p = new NodePorts();
    const state = new CycleState();
    const pre = p.preFilter(state, pod, []).status;
    expect({ code: pre.code, reasons: pre.reasons }).toEqual(wantPreFilter ?? ok);
    if (pre.isSkip()) return;
    const st = p.filter(state, pod, nodeInfo);
    expect({ code: st.code, reasons: st.reasons }).toEqual(wantFilter ?? ok);
  });

  it('Filter without PreFilter is an error', () => {
    const st = new NodePorts().filter(new CycleState(), { spec: { containers: [] } }, nodeInfoOf({ metadata: { name: 'n' } }));
    expect({ code: st.code, message: st.message() }).toEqual({ code: Code.Error, message: 'reading "PreFilterNodePorts" from cycleState: not found' });
  });
});

describe('NodePorts fits', () => {
  it.each([
    { name: 'non-conflicting ports', pod: newPod('p', 'TCP/127.0.0.1/80'), existing: newNodeInfo('TCP/127.0.0.1/9090'), expect: true },
    {
      name: 'multiple non-conflicting ports',
      pod: newPod('p', 'TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'),
      existing: newNodeInfo('TCP/127.0.0.1/9090', 'TCP/127.0.0.1/9191', 'TCP/127.0.1.1/8080'),
      expect: true,
    },
    { name: 'same ports on different protocols', pod: newPod('m1', 'TCP/127.0.0.1/80'), existing: newNodeInfo('UDP/127.0.0.1/80'), expect: true },
    { name: 'conflicting ports', pod: newPod('m1', 'TCP/127.0.0.1/80'), existing: newNodeInfo('TCP/127.0.0.1/80'), expect: false },
    {
      name: 'multiple ports, some conflicting',
      pod: newPod('p', 'TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'),
      existing: newNodeInfo('TCP/127.0.0.1/9090', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/8080'),
      expect: false,
    },
  ])('$name', ({ pod, existing, expect: want }) => {
    expect(fits(pod, existing)).toBe(want);
  });
});
