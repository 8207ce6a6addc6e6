/**
 * Pod IPs from the node's podCIDR, as the host-local IPAM plugin hands them out: the gateway (.1) is kept, addresses
 * go in order after the last one reserved and wrap around, and each reservation is a file named after the address in
 * `var/lib/cni/networks/kubesim/` (holding the pod's UID), so a restarted kubelet knows which are taken.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseCidr(cidr: string): { network: number; size: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const prefix = Number(m[5]);
  if (prefix < 8 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(toInt(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`) / size) * size;
  return { network, size };
}

/** The first address of a CIDR after the network address: the bridge's gateway on the node. */
export function gatewayOf(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  return c ? toIp(c.network + 1) : undefined;
}

export class PodIPAllocator {
  private readonly dir: string;
  /** The last address handed out (last_reserved_ip.0), once this allocator has handed one out. */
  private lastReserved: number | undefined;
  /** The reservations (address to pod UID), read from the folder once: this kubelet is the only one writing it. */
  private cache: Map<string, string> | undefined;
  /** The reservation files being written, in order (off the event loop: creating a file can take milliseconds). */
  private writes: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(nodeDir: string) {
    this.dir = join(nodeDir, 'var', 'lib', 'cni', 'networks', 'kubesim');
  }

  /** The address reserved for a pod, if any. */
  addressOf(uid: string): string | undefined {
    for (const [ip, owner] of this.reservations()) if (owner === uid) return ip;
    return undefined;
  }

  /** Reserves an address for the pod (the same one again if it has one); throws when the range is exhausted. */
  allocate(cidr: string, uid: string): string {
    const existing = this.addressOf(uid);
    if (existing) return existing;
    const range = parseCidr(cidr);
    if (!range) throw new Error(`invalid podCIDR ${JSON.stringify(cidr)}`);
    mkdirSync(this.dir, { recursive: true });
    const taken = this.reservations();
    const first = range.network + 2;
    const last = range.network + range.size - 2;
    const lastReserved = this.lastReserved ?? this.readLast();
    const start = lastReserved !== undefined && lastReserved >= first && lastReserved < last ? lastReserved + 1 : first;
    for (let i = 0; i <= last - first; i++) {
      const n = start + i > last ? first + (start + i - last - 1) : start + i;
      const ip = toIp(n);
      if (taken.has(ip)) continue;
      taken.set(ip, uid);
      this.lastReserved = n;
      this.persist(async () => {
        await writeFile(join(this.dir, ip), uid);
        await writeFile(join(this.dir, 'last_reserved_ip.0'), ip);
      });
      return ip;
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${toIp(first)}-${toIp(last)}`);
  }

  /** Frees the pod's address. */
  release(uid: string): void {
    const taken = this.reservations();
    for (const [ip, owner] of taken) {
      if (owner !== uid) continue;
      taken.delete(ip);
      this.persist(() => rm(join(this.dir, ip), { force: true }));
    }
  }

  /** Frees addresses of pods that are no longer on the node (after a restart). */
  releaseAllExcept(uids: ReadonlySet<string>): void {
    const taken = this.reservations();
    for (const [ip, owner] of taken) {
      if (uids.has(owner)) continue;
      rmSync(join(this.dir, ip), { force: true });
      taken.delete(ip);
    }
  }

  /** Marks an address as the pod's (a pod resumed from its stored status keeps its IP). */
  adopt(ip: string, uid: string): void {
    mkdirSync(this.dir, { recursive: true });
    const taken = this.reservations();
    const owner = taken.get(ip);
    if (owner === undefined || owner === uid) {
      writeFileSync(join(this.dir, ip), uid);
      taken.set(ip, uid);
    }
  }

  /** Resolves once every reservation made so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Whether reservation files are still being written. */
  get busy(): boolean {
    return this.pending > 0;
  }

  private persist(write: () => Promise<void>): void {
    this.pending++;
    this.writes = this.writes
      .then(write)
      .catch(() => undefined)
      .finally(() => this.pending--);
  }

  private reservations(): Map<string, string> {
    if (this.cache) return this.cache;
    const out = new Map<string, string>();
    this.cache = out;
    if (!existsSync(this.dir)) return out;
    for (const name of readdirSync(this.dir)) {
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(name)) continue;
      out.set(name, readFileSync(join(this.dir, name), 'utf8').trim());
    }
    return out;
  }

  private readLast(): number | undefined {
    const path = join(this.dir, 'last_reserved_ip.0');
    if (!existsSync(path)) return undefined;
    const text = readFileSync(path, 'utf8').trim();
    return /^\d+\.\d+\.\d+\.\d+$/.test(text) ? toInt(text) : undefined;
  }
}
