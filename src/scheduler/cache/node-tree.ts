/**
 * Node names grouped by zone, listed round-robin across zones (upstream internal/cache/node_tree.go), so the
 * scheduler's node order spreads the nodes it checks first over every zone.
 */
import type { Node } from 'kubernetes-types/core/v1.js';

/** upstream utilnode.GetZoneKey: region + ":\x00:" + zone, or "" when the node has neither label. */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (!labels) return '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  /** zone -> names, to find a node without scanning its zone (thousands of nodes share one zone). */
  private readonly members = new Map<string, Set<string>>();
  private zones: string[] = [];
  numNodes = 0;

  addNode(node: Node): void {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? '';
    const na = this.tree.get(zone);
    const members = this.members.get(zone) ?? new Set<string>();
    this.members.set(zone, members);
    if (members.has(name)) return;
    members.add(name);
    if (na) {
      na.push(name);
    } else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.numNodes++;
  }

  removeNode(node: Node): void {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? '';
    const na = this.tree.get(zone);
    const i = na ? na.indexOf(name) : -1;
    if (!na || i < 0) throw new Error(`node ${name} in group ${zone} was not found`);
    na.splice(i, 1);
    this.members.get(zone)?.delete(name);
    if (na.length === 0) {
      this.tree.delete(zone);
      this.members.delete(zone);
      this.zones = this.zones.filter((z) => z !== zone);
    }
    this.numNodes--;
  }

  updateNode(oldNode: Node | undefined, newNode: Node): void {
    const oldZone = oldNode ? getZoneKey(oldNode) : undefined;
    if (oldZone === getZoneKey(newNode)) return;
    if (oldNode) {
      try {
        this.removeNode(oldNode);
      } catch {
        // not there: add below
      }
    }
    this.addNode(newNode);
  }

  /** Node names, one from each zone in turn. */
  list(): string[] {
    const out: string[] = [];
    if (this.zones.length === 0) return out;
    let exhausted = 0;
    for (let idx = 0; out.length < this.numNodes; idx++) {
      if (exhausted >= this.zones.length) throw new Error('all zones exhausted before reaching count of nodes expected');
      for (const z of this.zones) {
        const na = this.tree.get(z)!;
        if (idx >= na.length) {
          if (idx === na.length) exhausted++;
          continue;
        }
        out.push(na[idx]!);
      }
    }
    return out;
  }
}
