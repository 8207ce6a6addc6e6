import type { KubeObject } from '../api/object.js';
import { FakeClock } from '../util/clock.js';
import type { Client } from './client.js';
import { EventRecorder, maxCorrelatedEvents, type ObjectReference } from './event-recorder.js';

/** A client that keeps the events' creates and patches as the recorder sends them. */
function recordingClient() {
  const writes: string[] = [];
  const client = {
    resource: () => ({
      namespace: () => ({
        create: async (ev: KubeObject) => {
          writes.push(`create ${(ev as { message?: string }).message}`);
          return ev;
        },
        patch: async (name: string, _type: string, patch: { count: number }) => {
          writes.push(`patch ${name.split('.')[0]} count=${patch.count}`);
          return {} as KubeObject;
        },
      }),
    }),
  } as unknown as Client;
  return { client, writes };
}

const pod = (name: string): ObjectReference => ({ kind: 'Pod', namespace: 'default', name, apiVersion: 'v1' });

describe('EventRecorder', () => {
  it('a repeat within ten minutes bumps the count of the same event; after them it makes a new one', async () => {
    const { client, writes } = recordingClient();
    const clock = new FakeClock('2024-06-01T12:00:00Z');
    const recorder = new EventRecorder({ client, clock, component: 'kubelet', host: 'node01' });
    recorder.event(pod('web'), 'Normal', 'Pulled', 'pulled');
    clock.advance(60_000);
    recorder.event(pod('web'), 'Normal', 'Pulled', 'pulled');
    clock.advance(11 * 60_000);
    recorder.event(pod('web'), 'Normal', 'Pulled', 'pulled');
    await recorder.flush();
    expect(writes).toEqual(['create pulled', 'patch web count=2', 'create pulled']);
  });

  it(`remembers the ${maxCorrelatedEvents} events seen most recently: a repeat of one pushed out is a new event`, async () => {
    const { client, writes } = recordingClient();
    const recorder = new EventRecorder({ client, clock: new FakeClock('2024-06-01T12:00:00Z'), component: 'default-scheduler' });
    for (let i = 0; i < maxCorrelatedEvents; i++) recorder.event(pod(`p${i}`), 'Normal', 'Scheduled', `m${i}`);
    // Seen again, p0 is now the most recent; the next new event pushes out the oldest, p1.
    recorder.event(pod('p0'), 'Normal', 'Scheduled', 'm0');
    recorder.event(pod('new'), 'Normal', 'Scheduled', 'new');
    recorder.event(pod('p1'), 'Normal', 'Scheduled', 'm1');
    recorder.event(pod('p0'), 'Normal', 'Scheduled', 'm0');
    await recorder.flush();
    expect(writes.slice(maxCorrelatedEvents)).toEqual(['patch p0 count=2', 'create new', 'create m1', 'patch p0 count=3']);
  });
});
