import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { getPhase } from './pod-status.js';

const pod = (restartPolicy: string, init = 0): Pod => ({
  spec: { restartPolicy, containers: [{ name: 'c' }], initContainers: Array.from({ length: init }, (_, i) => ({ name: `i${i}` })) },
});
const running: ContainerStatus = { name: 'c', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } };
const exited = (code: number, name = 'c'): ContainerStatus => ({ name, ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: code } } });
const crashLooping: ContainerStatus = { name: 'c', ready: false, restartCount: 3, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } };
const creating: ContainerStatus = { name: 'c', ready: false, restartCount: 0, image: '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } };

describe('getPhase', () => {
  it.each([
    ['a running container is Running', pod('Always'), [], [running], 'Running'],
    ['a container being created is Pending', pod('Always'), [], [creating], 'Pending'],
    ['a crash-looping container under Always is Running', pod('Always'), [], [crashLooping], 'Running'],
    ['exit 0 under Never is Succeeded', pod('Never'), [], [exited(0)], 'Succeeded'],
    ['exit 1 under Never is Failed', pod('Never'), [], [exited(1)], 'Failed'],
    ['exit 1 under OnFailure is Running (it restarts)', pod('OnFailure'), [], [exited(1)], 'Running'],
    ['exit 0 under OnFailure is Succeeded', pod('OnFailure'), [], [exited(0)], 'Succeeded'],
    ['exit 0 under Always is Running (it restarts)', pod('Always'), [], [exited(0)], 'Running'],
    ['a failed init container under Never fails the pod', pod('Never', 1), [exited(1, 'i0')], [creating], 'Failed'],
    ['an init container still running keeps the pod Pending', pod('Always', 1), [{ ...running, name: 'i0' }], [creating], 'Pending'],
  ])('%s', (_name, p, init, statuses, phase) => {
    expect(getPhase(p, init, statuses, false)).toBe(phase);
  });

  it('a terminating pod whose containers stopped is Succeeded or Failed whatever its policy', () => {
    expect(getPhase(pod('Always'), [], [exited(0)], true)).toBe('Succeeded');
    expect(getPhase(pod('Always'), [], [exited(137)], true)).toBe('Failed');
  });
});
