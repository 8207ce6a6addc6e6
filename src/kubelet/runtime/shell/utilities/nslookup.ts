import { complain, type CommandContext } from '../command-context.js';

/**
 * busybox nslookup against the cluster's DNS (the process's Resolver stands in for CoreDNS). Names are tried with the
 * search list of /etc/resolv.conf as the resolver does (ndots). Output in busybox 1.36's format, or 1.28's (the
 * version the Kubernetes docs and CKA tasks use: `Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local`).
 */
export async function nslookup(ctx: CommandContext): Promise<number> {
  const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = operands[0];
  if (name === undefined) {
    await ctx.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n');
    return 1;
  }
  const conf = parseResolvConf(await ctx.process.env.fs.readFile('/etc/resolv.conf').catch(() => ''));
  const server = operands[1] ?? conf.nameservers[0] ?? '127.0.0.1';
  const resolver = ctx.process.env.resolver;
  const legacy = ctx.process.env.nslookupFormat === 'busybox-1.28';
  const lookup = (fqdn: string) => resolver?.lookup(fqdn.replace(/\.$/, '')) ?? [];
  const reverse = (ip: string) => resolver?.reverse?.(ip);

  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    const ptr = reverse(name);
    if (legacy) {
      await ctx.stdout.write(serverLegacy(server, reverse(server)) + `Name:      ${name}\nAddress 1: ${name}${ptr ? ' ' + ptr : ''}\n`);
      return 0;
    }
    const arpa = name.split('.').reverse().join('.') + '.in-addr.arpa';
    await ctx.stdout.write(serverModern(server) + (ptr ? `${arpa}\tname = ${ptr}\n\n` : `** server can't find ${arpa}: NXDOMAIN\n\n`));
    return ptr ? 0 : 1;
  }

  const candidates = searchCandidates(name, conf.searches, conf.ndots);
  if (legacy) {
    let out = serverLegacy(server, reverse(server));
    for (const fqdn of candidates) {
      const ips = lookup(fqdn);
      if (ips.length === 0) continue;
      out += `Name:      ${name}\n` + ips.map((ip, i) => `Address ${i + 1}: ${ip}${reverse(ip) ? ' ' + reverse(ip) : ''}\n`).join('');
      await ctx.stdout.write(out);
      return 0;
    }
    await ctx.stdout.write(out);
    await complain(ctx, `can't resolve '${name}'`);
    return 1;
  }
  let out = serverModern(server);
  for (const fqdn of candidates) {
    const ips = lookup(fqdn);
    const shown = fqdn.replace(/\.$/, '');
    if (ips.length === 0) {
      out += `** server can't find ${shown}: NXDOMAIN\n\n`;
      continue;
    }
    out += ips.map((ip) => `Name:\t${shown}\nAddress: ${ip}\n`).join('') + '\n';
    await ctx.stdout.write(out);
    return 0;
  }
  await ctx.stdout.write(out);
  return 1;
}

function serverLegacy(server: string, ptr: string | undefined): string {
  return `Server:    ${server}\nAddress 1: ${server}${ptr ? ' ' + ptr : ''}\n\n`;
}

function serverModern(server: string): string {
  return `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
}

/** The names a stub resolver tries: with the search domains first unless the name has ndots dots (or ends in a dot). */
export function searchCandidates(name: string, searches: string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = searches.map((s) => `${name}.${s}`);
  return dots >= ndots ? [name, ...searched] : [...searched, name];
}

export function parseResolvConf(text: string): { nameservers: string[]; searches: string[]; ndots: number } {
  const nameservers: string[] = [];
  let searches: string[] = [];
  let ndots = 1;
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) nameservers.push(rest[0]);
    else if (key === 'search') searches = rest;
    else if (key === 'options') {
      for (const opt of rest) {
        const m = /^ndots:(\d+)$/.exec(opt);
        if (m) ndots = Number(m[1]);
      }
    }
  }
  return { nameservers, searches, ndots };
}
