/**
 * Cluster IPs and node ports of Services, claimed as keys in the store so that two processes can never
 * hand out the same one: a claim is created in the same transaction as the Service.
 */
import { forbidden, invalid as invalidError, type StatusError } from '../../api/errors.js';
import { invalid, FieldPath } from '../../api/field-error.js';
import type { KubeObject } from '../../api/object.js';
import type { Store, TxnOp } from '../../store/store.js';
import { intToIp, ipToInt, parseCIDR, rangeContains, type IPv4Range } from './ip-range.js';

export const serviceIPClaimPrefix = '/registry/ranges/serviceips/';
export const nodePortClaimPrefix = '/registry/ranges/servicenodeports/';

export interface ServiceAllocatorConfig {
  serviceCIDR: string;
  nodePortRange: { base: number; size: number };
  random: () => number;
}

export const defaultServiceAllocatorConfig: Omit<ServiceAllocatorConfig, 'random'> = {
  serviceCIDR: '10.96.0.0/12',
  nodePortRange: { base: 30000, size: 2768 },
};

interface ServicePort {
  port?: number;
  nodePort?: number;
  protocol?: string;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  healthCheckNodePort?: number;
}

const specOf = (o: KubeObject) => (o.spec ?? {}) as ServiceSpec;
const needsClusterIP = (s: ServiceSpec) => s.type !== 'ExternalName' && s.clusterIP !== 'None';
const needsNodePorts = (s: ServiceSpec) => s.type === 'NodePort' || s.type === 'LoadBalancer';

/** The claims a service holds, as store keys. */
export function claimsOf(svc: KubeObject): string[] {
  const s = specOf(svc);
  const keys: string[] = [];
  if (s.clusterIP && s.clusterIP !== 'None') keys.push(serviceIPClaimPrefix + s.clusterIP);
  for (const p of s.ports ?? []) if (p.nodePort) keys.push(`${nodePortClaimPrefix}${p.nodePort}`);
  return keys;
}

export class ServiceAllocator {
  private readonly cidr: IPv4Range;
  constructor(
    private readonly store: Store,
    private readonly config: ServiceAllocatorConfig,
  ) {
    this.cidr = parseCIDR(config.serviceCIDR);
  }

  /** The first address of the range, kept for the `kubernetes` Service as kube-apiserver does. */
  get apiServerIP(): string {
    return intToIp(this.cidr.base + 1);
  }

  /**
   * Fills clusterIP(s) and node ports of a new or changed service and returns the claim writes to commit
   * with it (creates for new claims, deletes for released ones). Errors are the apiserver's.
   */
  async allocate(svc: KubeObject, old: KubeObject | undefined): Promise<{ ops: TxnOp[]; error?: StatusError }> {
    const s = specOf(svc);
    const name = svc.metadata.name ?? '';
    const ops: TxnOp[] = [];
    const oldClaims = new Set(old ? claimsOf(old) : []);
    const spec = FieldPath.root('spec');

    if (needsClusterIP(s)) {
      if (!s.clusterIP) {
        const ip = old && specOf(old).clusterIP && specOf(old).clusterIP !== 'None' ? specOf(old).clusterIP! : await this.freeIP();
        if (!ip) return { ops, error: internalFull('IPs', name) };
        s.clusterIP = ip;
      } else if (!oldClaims.has(serviceIPClaimPrefix + s.clusterIP)) {
        if (!rangeContains(this.cidr, s.clusterIP)) {
          return {
            ops,
            error: invalidError({ group: '', kind: 'Service' }, name, [
              invalid(spec.child('clusterIPs').index(0), s.clusterIP, `failed to allocate IP ${s.clusterIP}: the provided IP (${s.clusterIP}) is not in the valid range. The range of valid IPs is ${this.config.serviceCIDR}`),
            ]),
          };
        }
        if (await this.store.get(serviceIPClaimPrefix + s.clusterIP)) {
          return {
            ops,
            error: invalidError({ group: '', kind: 'Service' }, name, [
              invalid(spec.child('clusterIPs').index(0), s.clusterIP, `failed to allocate IP ${s.clusterIP}: provided IP is already allocated`),
            ]),
          };
        }
      }
      s.clusterIPs = [s.clusterIP];
      s.ipFamilies ??= ['IPv4'];
      s.ipFamilyPolicy ??= 'SingleStack';
    } else if (s.clusterIP === 'None') {
      s.clusterIPs = ['None'];
      s.ipFamilies ??= ['IPv4'];
      s.ipFamilyPolicy ??= 'SingleStack';
    }

    if (needsNodePorts(s)) {
      const taken = new Set<number>();
      const oldPorts = new Map<string, number>();
      if (old) for (const p of specOf(old).ports ?? []) if (p.nodePort) oldPorts.set(`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort);
      for (const [i, p] of (s.ports ?? []).entries()) {
        if (p.nodePort) {
          const key = `${nodePortClaimPrefix}${p.nodePort}`;
          const inRange = p.nodePort >= this.config.nodePortRange.base && p.nodePort < this.config.nodePortRange.base + this.config.nodePortRange.size;
          if (!oldClaims.has(key)) {
            if (!inRange) {
              const last = this.config.nodePortRange.base + this.config.nodePortRange.size - 1;
              return {
                ops,
                error: invalidError({ group: '', kind: 'Service' }, name, [
                  invalid(spec.child('ports').index(i).child('nodePort'), p.nodePort, `provided port is not in the valid range. The range of valid ports is ${this.config.nodePortRange.base}-${last}`),
                ]),
              };
            }
            if (taken.has(p.nodePort) || (await this.store.get(key))) {
              return {
                ops,
                error: invalidError({ group: '', kind: 'Service' }, name, [invalid(spec.child('ports').index(i).child('nodePort'), p.nodePort, 'provided port is already allocated')]),
              };
            }
          }
          taken.add(p.nodePort);
        }
      }
      for (const p of s.ports ?? []) {
        if (p.nodePort) continue;
        const prev = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
        const port = prev && !taken.has(prev) ? prev : await this.freeNodePort(taken);
        if (!port) return { ops, error: internalFull('ports', name) };
        p.nodePort = port;
        taken.add(port);
      }
    } else {
      for (const p of s.ports ?? []) delete p.nodePort;
    }

    const newClaims = new Set(claimsOf(svc));
    for (const k of newClaims) if (!oldClaims.has(k)) ops.push({ type: 'create', key: k, value: JSON.stringify({ service: `${svc.metadata.namespace}/${name}` }) });
    for (const k of oldClaims) if (!newClaims.has(k)) ops.push({ type: 'delete', key: k });
    return { ops };
  }

  /** The writes that release a deleted service's claims. */
  release(svc: KubeObject): TxnOp[] {
    return claimsOf(svc).map((key) => ({ type: 'delete', key }));
  }

  private async freeIP(): Promise<string | undefined> {
    const used = new Set((await this.store.list(serviceIPClaimPrefix)).items.map((kv) => kv.key.slice(serviceIPClaimPrefix.length)));
    // As upstream since ServiceIPStaticSubrange: dynamic allocation prefers the upper band of the range.
    const size = this.cidr.size - 2;
    const reserved = Math.min(Math.max(16, Math.floor(size / 16)), 256);
    const span = size - reserved;
    const start = Math.floor(this.config.random() * span);
    for (let i = 0; i < size; i++) {
      const offset = i < span ? reserved + ((start + i) % span) : i - span;
      const ip = intToIp(this.cidr.base + 1 + offset);
      if (ip !== this.apiServerIP && !used.has(ip)) return ip;
    }
    return undefined;
  }

  private async freeNodePort(taken: Set<number>): Promise<number | undefined> {
    const used = new Set((await this.store.list(nodePortClaimPrefix)).items.map((kv) => Number(kv.key.slice(nodePortClaimPrefix.length))));
    const { base, size } = this.config.nodePortRange;
    const start = Math.floor(this.config.random() * size);
    for (let i = 0; i < size; i++) {
      const port = base + ((start + i) % size);
      if (!used.has(port) && !taken.has(port)) return port;
    }
    return undefined;
  }
}

function internalFull(what: string, name: string): StatusError {
  return forbidden({ group: '', resource: 'services' }, name, `range is full: no more ${what} can be allocated`);
}

export { ipToInt };
