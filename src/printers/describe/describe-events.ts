/** The Events table every describer ends with: `Events:  <none>`, or Type/Reason/Age/From/Message rows oldest first. */
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';
import { timestampSince } from './time-text.js';

const lastSeen = (e: Event) => (e.lastTimestamp ? new Date(e.lastTimestamp).getTime() : -Infinity);

/** event.SortableEvents orders by lastTimestamp; events.k8s.io events (eventTime only) have none and come first. */
export function sortEvents(events: readonly KubeObject[]): Event[] {
  return ([...events] as unknown as Event[]).sort((a, b) => lastSeen(a) - lastSeen(b));
}

/** DescribeEvents: flushes the columns above, then one row per event with `x<count> over <first>` for repeats. */
export function describeEvents(events: readonly KubeObject[], w: PrefixWriter, ctx: DescribeContext): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events)) {
    const first = e.eventTime ? timestampSince(e.eventTime, ctx) : timestampSince(e.firstTimestamp, ctx);
    let interval: string;
    if (e.series) interval = `${timestampSince(e.series.lastObservedTime, ctx)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${timestampSince(e.lastTimestamp, ctx)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}
