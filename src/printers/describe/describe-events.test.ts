import type { KubeObject } from '../../api/object.js';
import { describeEvents, sortEvents } from './describe-events.js';
import { tabbedString } from './prefix-writer.js';

const now = new Date('2025-01-10T10:00:00Z');
const ctx = { now, timeZone: 'UTC' };
function makeEvent(fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: String(fields.reason ?? 'e') }, type: 'Normal', reason: 'R', message: 'm', source: { component: 'kubelet' }, ...fields };
}
/** The event's row, its cells joined by ` | ` (the column widths come from the header). */
const row = (e: KubeObject) => tabbedString((w) => describeEvents([e], w, ctx)).split('\n')[3]!.trim().split(/ {2,}/).join(' | ');

describe('describeEvents', () => {
  it('no events print `Events:  <none>` in the surrounding columns', () => {
    expect(tabbedString((w) => describeEvents([], w, ctx))).toBe('Events:  <none>\n');
  });

  it.each([
    ['a single event shows its first age', { firstTimestamp: '2025-01-10T09:45:00Z', lastTimestamp: '2025-01-10T09:45:00Z', count: 1 }, 'Normal | R | 15m | kubelet | m'],
    ['a repeated event shows last age, count and first age', { firstTimestamp: '2025-01-10T09:00:00Z', lastTimestamp: '2025-01-10T09:50:00Z', count: 3 }, 'Normal | R | 10m (x3 over 60m) | kubelet | m'],
    ['a new-style event uses eventTime and its reporting controller', { eventTime: '2025-01-10T09:48:00.000000Z', source: {}, reportingComponent: 'default-scheduler' }, 'Normal | R | 12m | default-scheduler | m'],
    ['a series shows its last observed time and count', { eventTime: '2025-01-10T09:30:00.000000Z', series: { count: 4, lastObservedTime: '2025-01-10T09:55:00.000000Z' } }, 'Normal | R | 5m (x4 over 30m) | kubelet | m'],
    ['an event without any time has an unknown age', {}, 'Normal | R | <unknown> | kubelet | m'],
    ['the message is trimmed', { message: '  spaced out \n', firstTimestamp: '2025-01-10T09:45:00Z' }, 'Normal | R | 15m | kubelet | spaced out'],
  ])('%s', (_name, fields, expected) => {
    expect(row(makeEvent(fields))).toBe(expected);
  });

  it('events sort by last timestamp, events without one first, ties keeping their order', () => {
    const events = [
      makeEvent({ reason: 'late', lastTimestamp: '2025-01-10T09:50:00Z' }),
      makeEvent({ reason: 'new-style-1' }),
      makeEvent({ reason: 'early', lastTimestamp: '2025-01-10T09:00:00Z' }),
      makeEvent({ reason: 'new-style-2' }),
    ];
    expect(sortEvents(events).map((e) => e.reason)).toEqual(['new-style-1', 'new-style-2', 'early', 'late']);
  });
});
