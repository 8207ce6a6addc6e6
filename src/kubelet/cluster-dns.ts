/**
 * The cluster's DNS as containers see it (CoreDNS's kubernetes plugin): `<service>.<namespace>.svc.cluster.local` is
 * the Service's ClusterIP, `<a-b-c-d>.<namespace>.pod.cluster.local` a pod address, and a ClusterIP reverse-resolves
 * to its Service's name. nslookup in the simulated shell asks it.
 */
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Resolver } from './runtime/shell/process-context.js';

export class ClusterDns implements Resolver {
  constructor(
    /** The cluster's Services now (an informer's cache, or a list taken once). */
    private readonly services: () => readonly Service[],
    private readonly domain = 'cluster.local',
  ) {}

  lookup(fqdn: string): string[] | undefined {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const suffix = `.${this.domain}`;
    if (!name.endsWith(suffix)) return undefined;
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 3 && parts[2] === 'svc') {
      const svc = this.services().find((s) => s.metadata?.name === parts[0] && s.metadata?.namespace === parts[1]);
      if (!svc) return undefined;
      if (svc.spec?.type === 'ExternalName') return undefined;
      const ips = (svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
      return ips.length ? ips : undefined;
    }
    if (parts.length === 3 && parts[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(parts[0]!)) return [parts[0]!.replace(/-/g, '.')];
    return undefined;
  }

  reverse(ip: string): string | undefined {
    const svc = this.services().find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip));
    return svc ? `${svc.metadata?.name}.${svc.metadata?.namespace}.svc.${this.domain}` : undefined;
  }
}
