/** An IPv4 range (CIDR) as integers, for the service cluster IP allocator. */

export interface IPv4Range {
  base: number;
  size: number;
}

export function parseCIDR(cidr: string): IPv4Range {
  const [ip, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const base = ipToInt(ip!) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
  return { base: base >>> 0, size: 2 ** (32 - bits) };
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return NaN;
  return (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0);
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function rangeContains(r: IPv4Range, ip: string): boolean {
  const n = ipToInt(ip);
  return !Number.isNaN(n) && n > r.base && n < r.base + r.size - 1;
}
