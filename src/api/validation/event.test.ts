import type { KubeObject } from '../object.js';
import { validateEvent } from './event.js';

type Json = Record<string, any>;
const makeEvent = (over: Json = {}, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.17a', namespace: 'default', ...meta },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
  reason: 'Scheduled',
  message: 'Successfully assigned default/web to worker-1',
  type: 'Normal',
  ...over,
});

describe('validateEvent (core/v1)', () => {
  test.each([
    ['a classic event about a pod in its namespace is valid', makeEvent(), []],
    [
      'the involved object must be in the event namespace',
      makeEvent({ involvedObject: { kind: 'Pod', namespace: 'prod', name: 'web' } }),
      ['involvedObject.namespace: Invalid value: "prod": does not match event.namespace'],
    ],
    [
      'an event about a cluster-scoped object lives in default',
      makeEvent({ involvedObject: { kind: 'Node', name: 'worker-1' } }, { namespace: 'kube-system' }),
      ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
    ],
    [
      'a new-style event needs its reporter, instance, action and reason',
      makeEvent({ eventTime: '2024-01-01T00:00:00.000000Z', reason: '' }),
      [
        'reportingController: Required value',
        'reportingController: Invalid value: "": name part must be non-empty',
        "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'reportingInstance: Required value',
        'action: Required value',
        'reason: Required value',
      ],
    ],
    [
      'a new-style event from the scheduler is valid',
      makeEvent({ eventTime: '2024-01-01T00:00:00.000000Z', reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-cp', action: 'Binding' }),
      [],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, ev, expected) => {
    expect(validateEvent(ev).map(String)).toEqual(expected);
  });
});
