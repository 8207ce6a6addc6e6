/**
 * A pod's hostname, /etc/hosts and /etc/resolv.conf as the kubelet makes them (kubelet_pods.go GeneratePodHostNameAndDomain,
 * ensureHostsFile; pkg/kubelet/network/dns GetPodDNS): ClusterFirst DNS points at kube-dns with the namespace's
 * search path and ndots:5; host-network pods get the node's files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeletConfig } from './kubelet-config.js';
import { clusterFirstDns, kubeletHostsFile, podResolvConf, type ResolvConfOptions } from './runtime/vfs/etc-files.js';

export interface PodEtcFiles {
  hostname: string;
  hosts: string;
  resolvConf: string;
}

/** The node's own resolver configuration (dnsPolicy Default, and host-network pods). */
function nodeResolvConf(nodeDir: string): ResolvConfOptions {
  const path = join(nodeDir, 'etc', 'resolv.conf');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : 'nameserver 192.168.65.254\n';
  const out: ResolvConfOptions = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search') out.searches.push(...rest);
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

function podHostname(pod: Pod, nodeName: string): string {
  if (pod.spec?.hostNetwork) return nodeName;
  let name = pod.spec?.hostname || pod.metadata?.name || '';
  // Hostnames are at most 63 characters; the kubelet cuts longer pod names and trims a trailing '-' or '.'.
  if (name.length > 63) name = name.slice(0, 63).replace(/[-.]+$/, '');
  return name;
}

export function podEtcFiles(pod: Pod, nodeName: string, podIPs: string[], config: Pick<KubeletConfig, 'clusterDNS' | 'clusterDomain'>, nodeDir: string): PodEtcFiles {
  const ns = pod.metadata?.namespace ?? 'default';
  const hostname = podHostname(pod, nodeName);
  const hostNetwork = pod.spec?.hostNetwork === true;
  let hosts: string;
  if (hostNetwork) {
    const path = join(nodeDir, 'etc', 'hosts');
    hosts = existsSync(path) ? readFileSync(path, 'utf8') : `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIPs[0] ? `${podIPs[0]}\t${nodeName}\n` : ''}`;
    const aliases = pod.spec?.hostAliases ?? [];
    if (aliases.length) hosts += `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip}\t${(a.hostnames ?? []).join('\t')}`).join('\n')}\n`;
  } else {
    const subdomain = pod.spec?.subdomain;
    hosts = kubeletHostsFile({
      podIPs,
      hostname,
      hostDomainName: subdomain ? `${subdomain}.${ns}.svc.${config.clusterDomain}` : undefined,
      hostAliases: (pod.spec?.hostAliases ?? []).map((a) => ({ ip: a.ip ?? '', hostnames: a.hostnames })),
    });
  }

  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  let dns: ResolvConfOptions;
  if (policy === 'None') dns = { nameservers: [], searches: [], options: [] };
  else if (policy === 'Default' || (policy === 'ClusterFirst' && hostNetwork)) dns = nodeResolvConf(nodeDir);
  else dns = clusterFirstDns(ns, config.clusterDNS[0], config.clusterDomain);
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    dns.nameservers = [...dns.nameservers, ...(extra.nameservers ?? [])].slice(0, 3);
    dns.searches = [...dns.searches, ...(extra.searches ?? [])];
    const opts = new Map(dns.options.map((o) => [o.split(':')[0]!, o]));
    for (const o of extra.options ?? []) opts.set(o.name ?? '', o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ''));
    dns.options = [...opts.values()];
  }
  return { hostname, hosts, resolvConf: podResolvConf(dns) };
}
