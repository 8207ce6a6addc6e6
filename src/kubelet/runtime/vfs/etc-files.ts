/** The files the kubelet and the container runtime write into every container: /etc/hosts and /etc/resolv.conf. */

export interface HostsFileOptions {
  podIPs: string[];
  hostname: string;
  /** <subdomain>.<namespace>.svc.<clusterDomain> when the pod sets spec.subdomain. */
  hostDomainName?: string;
  hostAliases?: { ip: string; hostnames?: string[] }[];
}

/** The kubelet's managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function kubeletHostsFile(options: HostsFileOptions): string {
  let out =
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n';
  for (const ip of options.podIPs) {
    out += options.hostDomainName
      ? `${ip}\t${options.hostname}.${options.hostDomainName}\t${options.hostname}\n`
      : `${ip}\t${options.hostname}\n`;
  }
  if (options.hostAliases?.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const alias of options.hostAliases) out += `${alias.ip}\t${(alias.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

export interface ResolvConfOptions {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** ClusterFirst DNS for a pod in a namespace: kube-dns's address, the cluster search path and ndots:5. */
export function clusterFirstDns(namespace: string, clusterDns = '10.96.0.10', clusterDomain = 'cluster.local'): ResolvConfOptions {
  return {
    nameservers: [clusterDns],
    searches: [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain],
    options: ['ndots:5'],
  };
}

/** /etc/resolv.conf as containerd writes it from the pod's DNS config (search, nameserver, options lines). */
export function podResolvConf(config: ResolvConfOptions): string {
  let out = '';
  if (config.searches.length > 0) out += `search ${config.searches.join(' ')}\n`;
  if (config.nameservers.length > 0) out += `nameserver ${config.nameservers.join('\nnameserver ')}\n`;
  if (config.options.length > 0) out += `options ${config.options.join(' ')}\n`;
  return out;
}
