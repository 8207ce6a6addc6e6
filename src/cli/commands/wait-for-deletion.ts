/** kubectl delete's wait (cmd/wait IsDeleted): watches each deleted object by name until it is gone, within one deadline. */
import { isNotFound } from '../../api/errors.js';
import type { KubeObject } from '../../api/object.js';
import type { WatchEvent, WatchHandle } from '../../api/request-options.js';
import type { ResourceOps } from '../../client/client.js';
import { CliError } from '../errors.js';

/** One deleted object: where to watch it, the resource name kubectl's errors use, and the UID the delete returned. */
export interface DeletedObject {
  ops: ResourceOps;
  resource: string;
  name: string;
  uid?: string;
}

/** What ends one watch: the object is gone, the watch broke (re-list), or the deadline passed. */
type WatchOutcome = 'gone' | 'relist' | 'timeout';

/**
 * Waits until every object is gone (or replaced by one with another UID), sharing one deadline as RunWait's context;
 * fails with kubectl's `timed out waiting for the condition on pods/x` on the first object still there at the deadline.
 */
export async function waitForDeletion(objects: DeletedObject[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const o of objects) {
    for (;;) {
      const current = await currentOf(o);
      if (!current) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timeoutError(o);
      const outcome = await watchUntilGone(o, current.rv, remaining);
      if (outcome === 'gone') break;
      if (outcome === 'timeout') throw timeoutError(o);
    }
  }
}

const timeoutError = (o: DeletedObject) => new CliError(`error: timed out waiting for the condition on ${o.resource}/${o.name}`);

/** The list (by metadata.name) the watch starts from; undefined when the object is gone or another object took its name. */
async function currentOf(o: DeletedObject): Promise<{ rv: string } | undefined> {
  let list;
  try {
    list = await o.ops.list({ fieldSelector: `metadata.name=${o.name}` });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const obj: KubeObject | undefined = list.items[0];
  if (!obj || (o.uid && obj.metadata.uid !== o.uid)) return undefined;
  return { rv: list.metadata.resourceVersion ?? '' };
}

/** Watches the object from rv until a DELETED event, an ERROR (the caller lists again) or the time left runs out. */
function watchUntilGone(o: DeletedObject, rv: string, remainingMs: number): Promise<WatchOutcome> {
  return new Promise<WatchOutcome>((resolve, reject) => {
    let handle: WatchHandle | undefined;
    let done = false;
    const finish = (outcome: WatchOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      handle?.stop();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), remainingMs);
    const onEvent = (ev: WatchEvent) => {
      if (ev.type === 'ERROR') finish('relist');
      else if (ev.type === 'BOOKMARK') return;
      // Another object under the name means ours is gone too.
      else if (ev.type === 'DELETED' || (o.uid && ev.object.metadata.uid !== o.uid)) finish('gone');
    };
    o.ops.watch({ resourceVersion: rv, fieldSelector: `metadata.name=${o.name}` }, onEvent).then(
      (h) => {
        handle = h;
        if (done) h.stop();
      },
      (e: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
