/**
 * A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go constructHistory, snapshot, dedupCurHistories,
 * cleanupHistory): one revision `<ds>-<hash>` per template the DaemonSet has had, the current one numbered highest;
 * pods carry its hash in the controller-revision-hash label; old revisions no pod uses go beyond
 * revisionHistoryLimit.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists } from '../../api/errors.js';
import { labelSelectorAsSelector } from '../../api/label-selector.js';
import { deepCopy, deepEqual, type KubeObject } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import { keyOf, type Informer } from '../../client/informer.js';
import { ControllerRevisions, DaemonSets, Pods } from '../../client/resources.js';
import type { Logger } from '../../util/logger.js';
import { goJSONMarshal, maxRevision, revisionRaw, type ControllerRevision } from '../util/controller-history.js';
import { ControllerRefManager, newControllerRef } from '../util/controller-ref.js';
import { computeHash } from '../util/hash.js';
import { DaemonSetUniqueLabelKey } from './util.js';

type DS = DaemonSet & KubeObject;

/** apps/v1 DaemonSet as ownerReferences name it. */
export const daemonSetKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' } as const;

export interface DaemonSetHistoryDeps {
  client: Client;
  revisions: Informer<ControllerRevision>;
  log: Logger;
  /** The adoption guard (a fresh read of the DaemonSet). */
  canAdopt(ds: DS): () => Promise<void>;
  getDaemonPods(ds: DS): Promise<Pod[]>;
  getNodesToDaemonPods(ds: DS, includeDeletedTerminal: boolean): Promise<Map<string, Pod[]>>;
}

export class DaemonSetHistory {
  constructor(private readonly deps: DaemonSetHistoryDeps) {}

  /**
   * constructHistory: the DaemonSet's ControllerRevisions split into the current one (its template) and old ones;
   * the current one is created, or renumbered above the old ones, as needed.
   */
  async constructHistory(ds: DS): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
    const histories = await this.controlledHistories(ds);
    const currentHistories: ControllerRevision[] = [];
    const old: ControllerRevision[] = [];
    const revisions = this.deps.client.resource(ControllerRevisions).namespace(ds.metadata.namespace!);
    for (let history of histories) {
      // The hash label is the revision's name suffix when missing, so a collision never matters.
      if (!history.metadata.labels || !(DaemonSetUniqueLabelKey in history.metadata.labels)) {
        const toUpdate = deepCopy(history);
        toUpdate.metadata.labels = { ...(toUpdate.metadata.labels ?? {}), [DaemonSetUniqueLabelKey]: toUpdate.metadata.name! };
        history = (await revisions.update(toUpdate)) as ControllerRevision;
      }
      if (matchRevision(ds, history)) currentHistories.push(history);
      else old.push(history);
    }
    const currRevision = maxRevision(old) + 1;
    let cur: ControllerRevision;
    if (currentHistories.length === 0) {
      cur = await this.snapshot(ds, currRevision);
    } else {
      cur = await this.dedupCurHistories(ds, currentHistories);
      if ((cur.revision ?? 0) < currRevision) {
        const toUpdate = deepCopy(cur);
        toUpdate.revision = currRevision;
        await revisions.update(toUpdate);
      }
    }
    return { cur, old };
  }

  /** controlledHistories: the namespace's revisions this DaemonSet owns, adopting and releasing as for pods. */
  private async controlledHistories(ds: DS): Promise<ControllerRevision[]> {
    const selector = labelSelectorAsSelector(ds.spec?.selector);
    const histories = this.deps.revisions.listByNamespace(ds.metadata.namespace ?? '');
    const cm = new ControllerRefManager({
      controller: ds,
      selector,
      controllerKind: daemonSetKind,
      canAdopt: this.deps.canAdopt(ds),
      client: this.deps.client,
      resource: ControllerRevisions,
    });
    return cm.claimObjects(histories);
  }

  /** dedupCurHistories: keeps the highest-numbered equal revision, relabels pods to its hash, deletes the others. */
  private async dedupCurHistories(ds: DS, curHistories: ControllerRevision[]): Promise<ControllerRevision> {
    if (curHistories.length === 1) return curHistories[0]!;
    let keepCur = curHistories[0]!;
    let max = 0;
    for (const cur of curHistories) {
      if ((cur.revision ?? 0) >= max) {
        keepCur = cur;
        max = cur.revision ?? 0;
      }
    }
    const keepHash = keepCur.metadata.labels?.[DaemonSetUniqueLabelKey] ?? '';
    const pods = await this.deps.getDaemonPods(ds);
    for (const pod of pods) {
      if (pod.metadata?.labels?.[DaemonSetUniqueLabelKey] === keepHash) continue;
      await this.deps.client
        .resource(Pods)
        .namespace(ds.metadata.namespace!)
        .patch(pod.metadata!.name!, PatchType.Merge, { metadata: { labels: { [DaemonSetUniqueLabelKey]: keepHash } } });
    }
    for (const cur of curHistories) {
      if (cur.metadata.name === keepCur.metadata.name) continue;
      await this.deps.client.resource(ControllerRevisions).namespace(ds.metadata.namespace!).delete(cur.metadata.name!);
    }
    return keepCur;
  }

  /**
   * snapshot: a new ControllerRevision `<ds>-<hash>` holding the template. If the name is taken by another
   * template, the collision count goes up (so the next sync picks another name) and the sync fails for now.
   */
  private async snapshot(ds: DS, revision: number): Promise<ControllerRevision> {
    const hash = computeHash(ds.spec!.template, ds.status?.collisionCount);
    const name = `${ds.metadata.name}-${hash}`;
    const history: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec!.template.metadata?.labels ?? {}), [DaemonSetUniqueLabelKey]: hash },
        ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(ds, daemonSetKind)],
      },
      data: getPatch(ds),
      revision,
    };
    const ops = this.deps.client.resource(ControllerRevisions).namespace(ds.metadata.namespace!);
    try {
      return (await ops.create(history)) as ControllerRevision;
    } catch (outerErr) {
      if (!isAlreadyExists(outerErr)) throw outerErr;
      const existing = (await ops.get(name)) as ControllerRevision;
      if (matchRevision(ds, existing)) return existing;
      const dsOps = this.deps.client.resource(DaemonSets).namespace(ds.metadata.namespace!);
      const currDS = (await dsOps.get(ds.metadata.name!)) as DS;
      const currCount = currDS.status?.collisionCount;
      if (!deepEqual(currCount, ds.status?.collisionCount)) {
        throw new Error(
          `found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${currCount ?? 0}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`,
        );
      }
      (currDS as KubeObject).status = { ...(currDS.status ?? {}), collisionCount: (currCount ?? 0) + 1 };
      await dsOps.updateStatus(currDS);
      this.deps.log.info('Found a hash collision for DaemonSet - bumping collisionCount to resolve it', {
        daemonset: keyOf(ds),
        collisionCount: (currCount ?? 0) + 1,
      });
      throw outerErr;
    }
  }

  /** cleanupHistory: drops the oldest revisions beyond revisionHistoryLimit that no pod still runs. */
  async cleanupHistory(ds: DS, old: ControllerRevision[]): Promise<void> {
    const nodeToDaemonPods = await this.deps.getNodesToDaemonPods(ds, true);
    const toKeep = ds.spec?.revisionHistoryLimit ?? 10;
    let toKill = old.length - toKeep;
    if (toKill <= 0) return;
    const liveHashes = new Set<string>();
    for (const pods of nodeToDaemonPods.values()) for (const pod of pods) {
      const h = pod.metadata?.labels?.[DaemonSetUniqueLabelKey];
      if (h) liveHashes.add(h);
    }
    const sorted = [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    for (const history of sorted) {
      if (toKill <= 0) break;
      if (liveHashes.has(history.metadata.labels?.[DaemonSetUniqueLabelKey] ?? '')) continue;
      await this.deps.client.resource(ControllerRevisions).namespace(ds.metadata.namespace!).delete(history.metadata.name!);
      toKill--;
    }
  }
}

/**
 * getPatch: what a revision stores, a strategic merge patch replacing spec.template (kubectl rollout undo applies
 * it). Compared as Go's json.Marshal bytes.
 */
export function getPatch(ds: DaemonSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...(deepCopy(ds.spec!.template) as Record<string, unknown>), $patch: 'replace' } } };
}

/** Match: the revision holds exactly this DaemonSet's template. */
export function matchRevision(ds: DaemonSet, history: ControllerRevision): boolean {
  return goJSONMarshal(getPatch(ds)) === revisionRaw(history);
}
