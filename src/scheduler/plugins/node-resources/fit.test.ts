import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { NodeResourcesFitArgs } from '../../config/types.js';
import { Code, CycleState } from '../../framework/interface.js';
import { computePodResourceRequest } from '../../framework/types.js';
import { nodeInfoOf } from '../../testing/run-plugins.js';
import { Fit, fitsRequest, type InsufficientResource } from './fit.js';

// Cases from upstream noderesources/fit_test.go (TestEnoughRequests, TestNotEnoughRequests, TestStorageRequests).
const extendedResourceA = 'example.com/aaa';
const extendedResourceB = 'example.com/bbb';
const kubernetesIOResourceA = 'kubernetes.io/something';
const kubernetesIOResourceB = 'subdomain.kubernetes.io/something';
const hugePageResourceA = 'hugepages-2Mi';

interface Usage {
  milliCPU?: number;
  memory?: number;
  ephemeralStorage?: number;
  scalar?: Record<string, number>;
}

/** Upstream newResourcePod: one container per usage, every request written out (zeros too). */
function resourcePod(...usage: Usage[]): Pod {
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: usage.map((u, i) => ({
        name: `c${i}`,
        resources: {
          requests: {
            cpu: `${u.milliCPU ?? 0}m`,
            memory: `${u.memory ?? 0}`,
            pods: '0',
            'ephemeral-storage': `${u.ephemeralStorage ?? 0}`,
            ...Object.fromEntries(Object.entries(u.scalar ?? {}).map(([k, v]) => [k, `${v}`])),
          },
        },
      })),
    },
  };
}
const initPod = (pod: Pod, ...usage: Usage[]): Pod => ({ ...pod, spec: { ...pod.spec!, initContainers: resourcePod(...usage).spec!.containers } });
const overheadPod = (pod: Pod, overhead: Record<string, string>): Pod => ({ ...pod, spec: { ...pod.spec!, overhead } });

const makeResources = (milliCPU: number, memory: number, pods: number, extendedA: number, storage: number, hugePageA: number) => ({
  cpu: `${milliCPU}m`,
  memory: `${memory}`,
  pods: `${pods}`,
  [extendedResourceA]: `${extendedA}`,
  'ephemeral-storage': `${storage}`,
  [hugePageResourceA]: `${hugePageA}`,
});
const nodeWith = (alloc: Record<string, string>): Node => ({ metadata: { name: 'node' }, status: { capacity: alloc, allocatable: alloc } });

const defaultArgs = (extra: Partial<NodeResourcesFitArgs> = {}): NodeResourcesFitArgs => ({
  scoringStrategy: {
    type: 'LeastAllocated',
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
  },
  ...extra,
});
const reason = (r: string) => `Insufficient ${r}`;
const insufficient = (resourceName: string, requested: number, used: number, capacity: number): InsufficientResource => ({ resourceName, reason: reason(resourceName), requested, used, capacity });

describe('NodeResourcesFit filter with enough pods', () => {
  it.each<{ name: string; pod: Pod; existing: Pod; args?: Partial<NodeResourcesFitArgs>; wantReasons?: string[]; wantInsufficient: InsufficientResource[] }>([
    { name: 'no resources requested always fits', pod: { spec: { containers: [] } }, existing: resourcePod({ milliCPU: 10, memory: 20 }), wantInsufficient: [] },
    {
      name: 'too many resources fails',
      pod: resourcePod({ milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 10, memory: 20 }),
      wantReasons: [reason('cpu'), reason('memory')],
      wantInsufficient: [insufficient('cpu', 1, 10, 10), insufficient('memory', 1, 20, 20)],
    },
    {
      name: 'too many resources fails due to init container cpu',
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 3, memory: 1 }),
      existing: resourcePod({ milliCPU: 8, memory: 19 }),
      wantReasons: [reason('cpu')],
      wantInsufficient: [insufficient('cpu', 3, 8, 10)],
    },
    {
      name: 'too many resources fails due to highest init container cpu',
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 3, memory: 1 }, { milliCPU: 2, memory: 1 }),
      existing: resourcePod({ milliCPU: 8, memory: 19 }),
      wantReasons: [reason('cpu')],
      wantInsufficient: [insufficient('cpu', 3, 8, 10)],
    },
    {
      name: 'too many resources fails due to init container memory',
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 3 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      wantReasons: [reason('memory')],
      wantInsufficient: [insufficient('memory', 3, 19, 20)],
    },
    {
      name: 'too many resources fails due to highest init container memory',
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 3 }, { milliCPU: 1, memory: 2 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      wantReasons: [reason('memory')],
      wantInsufficient: [insufficient('memory', 3, 19, 20)],
    },
    {
      name: "init container fits because it's the max, not sum, of containers and init containers",
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      wantInsufficient: [],
    },
    {
      name: "multiple init containers fit because it's the max, not sum, of containers and init containers",
      pod: initPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 1 }, { milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      wantInsufficient: [],
    },
    { name: 'both resources fit', pod: resourcePod({ milliCPU: 1, memory: 1 }), existing: resourcePod({ milliCPU: 5, memory: 5 }), wantInsufficient: [] },
    {
      name: 'one resource memory fits',
      pod: resourcePod({ milliCPU: 2, memory: 1 }),
      existing: resourcePod({ milliCPU: 9, memory: 5 }),
      wantReasons: [reason('cpu')],
      wantInsufficient: [insufficient('cpu', 2, 9, 10)],
    },
    {
      name: 'one resource cpu fits',
      pod: resourcePod({ milliCPU: 1, memory: 2 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
      wantReasons: [reason('memory')],
      wantInsufficient: [insufficient('memory', 2, 19, 20)],
    },
    { name: 'equal edge case', pod: resourcePod({ milliCPU: 5, memory: 1 }), existing: resourcePod({ milliCPU: 5, memory: 19 }), wantInsufficient: [] },
    { name: 'equal edge case for init container', pod: initPod(resourcePod({ milliCPU: 4, memory: 1 }), { milliCPU: 5, memory: 1 }), existing: resourcePod({ milliCPU: 5, memory: 19 }), wantInsufficient: [] },
    { name: 'extended resource fits', pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }), existing: resourcePod({}), wantInsufficient: [] },
    { name: 'extended resource fits for init container', pod: initPod(resourcePod({}), { scalar: { [extendedResourceA]: 1 } }), existing: resourcePod({}), wantInsufficient: [] },
    {
      name: 'extended resource capacity enforced',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 10 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 0 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 10, 0, 5)],
    },
    {
      name: 'extended resource capacity enforced for init container',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 10 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 0 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 10, 0, 5)],
    },
    {
      name: 'extended resource allocatable enforced',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 5 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 1, 5, 5)],
    },
    {
      name: 'extended resource allocatable enforced for init container',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 5 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 1, 5, 5)],
    },
    {
      name: 'extended resource allocatable enforced for multiple containers',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } }, { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 2 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 6, 2, 5)],
    },
    {
      name: 'extended resource allocatable admits multiple init containers',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } }, { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 2 } }),
      wantInsufficient: [],
    },
    {
      name: 'extended resource allocatable enforced for multiple init containers',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 6 } }, { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 2 } }),
      wantReasons: [reason(extendedResourceA)],
      wantInsufficient: [insufficient(extendedResourceA, 6, 2, 5)],
    },
    {
      name: 'extended resource allocatable enforced for unknown resource',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: resourcePod({}),
      wantReasons: [reason(extendedResourceB)],
      wantInsufficient: [insufficient(extendedResourceB, 1, 0, 0)],
    },
    {
      name: 'extended resource allocatable enforced for unknown resource for init container',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: resourcePod({}),
      wantReasons: [reason(extendedResourceB)],
      wantInsufficient: [insufficient(extendedResourceB, 1, 0, 0)],
    },
    {
      name: 'kubernetes.io resource capacity enforced',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [kubernetesIOResourceA]: 10 } }),
      existing: resourcePod({}),
      wantReasons: [reason(kubernetesIOResourceA)],
      wantInsufficient: [insufficient(kubernetesIOResourceA, 10, 0, 0)],
    },
    {
      name: 'kubernetes.io resource capacity enforced for init container',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [kubernetesIOResourceB]: 10 } }),
      existing: resourcePod({}),
      wantReasons: [reason(kubernetesIOResourceB)],
      wantInsufficient: [insufficient(kubernetesIOResourceB, 10, 0, 0)],
    },
    {
      name: 'hugepages resource capacity enforced',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: resourcePod({ scalar: { [hugePageResourceA]: 0 } }),
      wantReasons: [reason(hugePageResourceA)],
      wantInsufficient: [insufficient(hugePageResourceA, 10, 0, 5)],
    },
    {
      name: 'hugepages resource capacity enforced for init container',
      pod: initPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: resourcePod({ scalar: { [hugePageResourceA]: 0 } }),
      wantReasons: [reason(hugePageResourceA)],
      wantInsufficient: [insufficient(hugePageResourceA, 10, 0, 5)],
    },
    {
      name: 'hugepages resource allocatable enforced for multiple containers',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 3 } }, { milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 3 } }),
      existing: resourcePod({ scalar: { [hugePageResourceA]: 2 } }),
      wantReasons: [reason(hugePageResourceA)],
      wantInsufficient: [insufficient(hugePageResourceA, 6, 2, 5)],
    },
    {
      name: 'skip checking ignored extended resource',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: resourcePod({}),
      args: { ignoredResources: ['example.com/bbb'] },
      wantInsufficient: [],
    },
    {
      name: 'resources + pod overhead fits',
      pod: overheadPod(resourcePod({ milliCPU: 1, memory: 1 }), { cpu: '3m', memory: '13' }),
      existing: resourcePod({ milliCPU: 5, memory: 5 }),
      wantInsufficient: [],
    },
    {
      name: 'requests + overhead does not fit for memory',
      pod: overheadPod(resourcePod({ milliCPU: 1, memory: 1 }), { cpu: '1m', memory: '15' }),
      existing: resourcePod({ milliCPU: 5, memory: 5 }),
      wantReasons: [reason('memory')],
      wantInsufficient: [insufficient('memory', 16, 5, 20)],
    },
    {
      name: 'skip checking ignored extended resource via resource groups',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1, [kubernetesIOResourceA]: 1 } }),
      existing: resourcePod({}),
      args: { ignoredResourceGroups: ['example.com'] },
      wantReasons: [reason(kubernetesIOResourceA)],
      wantInsufficient: [insufficient(kubernetesIOResourceA, 1, 0, 0)],
    },
    {
      name: 'skip checking extended resource request with quantity zero via resource groups',
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 0 } }),
      existing: resourcePod({ scalar: { [extendedResourceA]: 6 } }),
      wantInsufficient: [],
    },
    {
      name: 'skip checking resource request with quantity zero',
      pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ milliCPU: 20, memory: 30, scalar: { [extendedResourceA]: 1 } }),
      wantInsufficient: [],
    },
  ])('$name', ({ pod, existing, args, wantReasons, wantInsufficient }) => {
    const ni = nodeInfoOf(nodeWith(makeResources(10, 20, 32, 5, 20, 5)), existing);
    const p = new Fit(defaultArgs(args));
    const state = new CycleState();
    expect(p.preFilter(state, pod, []).status.isSuccess()).toBe(true);
    const st = p.filter(state, pod, ni);
    expect({ code: st.code, reasons: st.reasons }).toEqual(wantReasons ? { code: Code.Unschedulable, reasons: wantReasons } : { code: Code.Success, reasons: [] });
    const ignored = new Set(args?.ignoredResources ?? []);
    const groups = new Set(args?.ignoredResourceGroups ?? []);
    expect(fitsRequest(computePodResourceRequest(pod).res, ni, ignored, groups)).toEqual(wantInsufficient);
  });

  it('Filter without PreFilter is an error', () => {
    const st = new Fit(defaultArgs()).filter(new CycleState(), { spec: { containers: [] } }, nodeInfoOf({ metadata: { name: 'n' } }));
    expect({ code: st.code, message: st.message() }).toEqual({ code: Code.Error, message: 'error reading "PreFilterNodeResourcesFit" from cycleState: not found' });
  });
});

describe('NodeResourcesFit filter when the node is full of pods', () => {
  it.each<{ name: string; pod: Pod; existing: Pod }>([
    { name: "even without specified resources, predicate fails when there's no space for additional pod", pod: { spec: { containers: [] } }, existing: resourcePod({ milliCPU: 10, memory: 20 }) },
    { name: "even if both resources fit, predicate fails when there's no space for additional pod", pod: resourcePod({ milliCPU: 1, memory: 1 }), existing: resourcePod({ milliCPU: 5, memory: 5 }) },
    { name: "even for equal edge case, predicate fails when there's no space for additional pod", pod: resourcePod({ milliCPU: 5, memory: 1 }), existing: resourcePod({ milliCPU: 5, memory: 19 }) },
    {
      name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container",
      pod: initPod(resourcePod({ milliCPU: 5, memory: 1 }), { milliCPU: 5, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
    },
  ])('$name', ({ pod, existing }) => {
    const ni = nodeInfoOf({ metadata: { name: 'n' }, status: { capacity: {}, allocatable: makeResources(10, 20, 1, 0, 0, 0) } }, existing);
    const p = new Fit(defaultArgs());
    const state = new CycleState();
    p.preFilter(state, pod, []);
    const st = p.filter(state, pod, ni);
    expect({ code: st.code, reasons: st.reasons }).toEqual({ code: Code.Unschedulable, reasons: ['Too many pods'] });
  });
});

describe('NodeResourcesFit filter on ephemeral storage', () => {
  it.each<{ name: string; pod: Pod; existing: Pod; wantReasons?: string[] }>([
    { name: 'empty storage requested, and pod fits', pod: resourcePod({ milliCPU: 1, memory: 1 }), existing: resourcePod({ milliCPU: 2, memory: 10 }) },
    { name: 'storage ephemeral local storage request exceeds allocatable', pod: resourcePod({ ephemeralStorage: 25 }), existing: resourcePod({ milliCPU: 2, memory: 2 }), wantReasons: [reason('ephemeral-storage')] },
    { name: 'ephemeral local storage is sufficient', pod: initPod(resourcePod({ ephemeralStorage: 5 })), existing: resourcePod({ milliCPU: 2, memory: 2, ephemeralStorage: 10 }) },
    { name: 'pod fits', pod: resourcePod({ ephemeralStorage: 10 }), existing: resourcePod({ milliCPU: 2, memory: 2 }) },
  ])('$name', ({ pod, existing, wantReasons }) => {
    const ni = nodeInfoOf(nodeWith(makeResources(10, 20, 32, 5, 20, 5)), existing);
    const p = new Fit(defaultArgs());
    const state = new CycleState();
    p.preFilter(state, pod, []);
    const st = p.filter(state, pod, ni);
    expect({ code: st.code, reasons: st.reasons }).toEqual(wantReasons ? { code: Code.Unschedulable, reasons: wantReasons } : { code: Code.Success, reasons: [] });
  });
});

describe('NodeResourcesFit with sidecars', () => {
  it('a restartable init container adds to the containers it runs beside', () => {
    const pod: Pod = {
      spec: {
        containers: [{ name: 'main', resources: { requests: { cpu: '5m' } } }],
        initContainers: [{ name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '6m' } } }],
      },
    };
    const ni = nodeInfoOf(nodeWith(makeResources(10, 20, 32, 5, 20, 5)));
    const p = new Fit(defaultArgs());
    const state = new CycleState();
    p.preFilter(state, pod, []);
    expect(p.filter(state, pod, ni).reasons).toEqual([reason('cpu')]);
  });
});

describe('NodeResourcesFit args', () => {
  it('an unknown scoring strategy is refused as upstream', () => {
    expect(() => new Fit({ scoringStrategy: { type: 'Nope' as never, resources: [] } })).toThrow('scoring strategy Nope is not supported');
  });
});
