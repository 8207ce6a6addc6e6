import { podQOSClass } from './pod-qos.js';

const pod = (...containers: Array<{ requests?: Record<string, string>; limits?: Record<string, string> }>) => ({
  spec: { containers: containers.map((resources) => ({ resources })) },
});

describe('podQOSClass', () => {
  it.each([
    ['a pod with no requests or limits is BestEffort', pod({}), 'BestEffort'],
    ['a pod whose cpu and memory limits equal its requests is Guaranteed', pod({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '0.5', memory: '1024Mi' } }), 'Guaranteed'],
    ['a pod with only a cpu request is Burstable', pod({ requests: { cpu: '100m' } }), 'Burstable'],
    ['a pod whose limits lack memory is Burstable', pod({ requests: { cpu: '1' }, limits: { cpu: '1' } }), 'Burstable'],
    ['a pod with one guaranteed and one best-effort container is Burstable', pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, {}), 'Burstable'],
    ['extended resources do not count', pod({ requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } }), 'BestEffort'],
    ['zero requests count as none', pod({ requests: { cpu: '0' } }), 'BestEffort'],
  ])('%s', (_name, p, expected) => {
    expect(podQOSClass(p)).toBe(expected);
  });
});
