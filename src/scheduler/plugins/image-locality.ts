/** ImageLocality: favors nodes that already have the pod's images, weighted by size and by how few nodes have them (upstream plugins/imagelocality). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { MaxNodeScore, Status, type CycleState, type Handle, type Plugin, type ScoreExtensions, type ScorePlugin } from '../framework/interface.js';
import type { ImageStateSummary, NodeInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.ImageLocality;

const mb = 1024 * 1024;
/** Below this total, a node scores 0: small images are quick to pull anyway. */
export const MinThreshold = 23 * mb;
/** Per container, the total beyond which a node scores the maximum. */
export const MaxContainerThreshold = 1000 * mb;

export class ImageLocality implements ScorePlugin {
  // The normalized images of the pod being scored, computed once per pod rather than once per node.
  private lastPod?: Pod;
  private lastImages: string[] = [];

  constructor(private readonly handle: Handle) {}

  name(): string {
    return Name;
  }

  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    const totalNumNodes = this.handle.snapshotSharedLister().nodeInfos().list().length;
    const images = this.imagesOf(pod);
    const sum = sumImageScores(nodeInfo, images, totalNumNodes);
    return { score: calculatePriority(sum, images.length), status: Status.success() };
  }

  scoreNodes(_state: CycleState, pod: Pod, nodes: NodeInfo[], out: number[]): Status {
    const totalNumNodes = this.handle.snapshotSharedLister().nodeInfos().list().length;
    const images = this.imagesOf(pod);
    for (let i = 0; i < nodes.length; i++) out[i] = calculatePriority(sumImageScores(nodes[i]!, images, totalNumNodes), images.length);
    return Status.success();
  }

  /** The images of the pod's init containers and containers, normalized as node status lists them. */
  private imagesOf(pod: Pod): string[] {
    if (pod !== this.lastPod) {
      this.lastPod = pod;
      this.lastImages = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
    }
    return this.lastImages;
  }

  scoreExtensions(): ScoreExtensions | undefined {
    return undefined;
  }
}

/** The sum, clamped to [23MB, 1000MB × containers], scaled to 0-100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MaxContainerThreshold * numContainers;
  if (sumScores < MinThreshold) sumScores = MinThreshold;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MaxNodeScore * (sumScores - MinThreshold)) / (maxThreshold - MinThreshold));
}

/** The scaled sizes of the pod's images (one per init container and container) that the node has. */
function sumImageScores(nodeInfo: NodeInfo, images: string[], totalNumNodes: number): number {
  if (nodeInfo.imageStates.size === 0) return 0;
  let sum = 0;
  for (const image of images) {
    const state = nodeInfo.imageStates.get(image);
    if (state) sum += scaledImageScore(state, totalNumNodes);
  }
  return sum;
}

/** The image's size times the fraction of nodes having it, so images everywhere do not pull pods together. */
function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  const spread = state.numNodes / totalNumNodes;
  return Math.trunc(state.size * spread);
}

/** Adds `:latest` to an image without tag or digest, as node status lists it. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

export function newImageLocality(_args: unknown, h: Handle): Plugin {
  return new ImageLocality(h);
}
