import { FakeClock, flushMicrotasks } from '../../../../util/clock.js';
import type { Resolver } from '../process-context.js';
import { sh, start } from '../test-support.js';

const resolver: Resolver = {
  lookup: (fqdn) =>
    ({
      'kubernetes.default.svc.cluster.local': ['10.96.0.1'],
      'nginx.default.svc.cluster.local': ['10.96.45.12'],
      'kube-dns.kube-system.svc.cluster.local': ['10.96.0.10'],
    })[fqdn],
  reverse: (ip) =>
    ({
      '10.96.0.1': 'kubernetes.default.svc.cluster.local',
      '10.96.0.10': 'kube-dns.kube-system.svc.cluster.local',
      '10.96.45.12': 'nginx.default.svc.cluster.local',
    })[ip],
};

describe('busybox utilities in a simulated container', () => {
  it.each([
    ['date prints busybox\'s default format from the clock', 'date', 'Mon Nov 23 12:00:00 UTC 2026\n'],
    ['date pads a one-digit day with a space', 'date', 'Sun Nov  1 09:05:03 UTC 2026\n', '2026-11-01T09:05:03Z'],
    ['date +FORMAT', 'date +%Y-%m-%dT%H:%M:%S%z', '2026-11-23T12:00:00+0000\n'],
    ['date +%s', 'date +%s', '1795435200\n'],
    ['wc -l of stdin is a bare number', 'printf "a\\nb\\n" | wc -l', '2\n'],
    ['wc of stdin prints padded columns', 'printf "one two\\nthree\\n" | wc', '        2         3        14\n'],
    ['wc -l of a file names it', 'wc -l /etc/passwd', '9 /etc/passwd\n'],
    ['wc of two files prints a total', 'printf "a\\n" > /tmp/a; printf "b b\\n" > /tmp/b; wc -w /tmp/a /tmp/b', '        1 /tmp/a\n        2 /tmp/b\n        3 total\n'],
    ['head -n and tail -n', 'seq 10 > /tmp/n; head -n 2 /tmp/n; tail -n 2 /tmp/n; head -3 /tmp/n | tail -1', '1\n2\n9\n10\n3\n'],
    ['tail -n +N starts at line N', 'seq 5 | tail -n +4', '4\n5\n'],
    ['grep -i -n -v -c', 'printf "Apple\\nbanana\\napple pie\\n" > /tmp/f; grep -in apple /tmp/f; grep -vc apple /tmp/f', '1:Apple\n3:apple pie\n2\n'],
    ['grep basic and extended expressions', 'printf "ab\\naab\\nb\\n" | grep "^a\\+b"; printf "x1\\ny22\\n" | grep -E "[0-9]{2}"', 'ab\naab\ny22\n'],
    ['grep -q sets only the status', 'echo hello | grep -q ell && echo found', 'found\n'],
    ['grep -o and -w', 'echo "cat concat cat" | grep -o cat | wc -l; echo "concat" | grep -w cat || echo none', '3\nnone\n'],
    ['cat -n numbers lines', 'printf "a\\nb\\n" | cat -n /dev/stdin', '     1\ta\n     2\tb\n'],
    ['tee writes to files and stdout', 'echo hi | tee /tmp/t > /dev/null; cat /tmp/t', 'hi\n'],
    ['hostname -i reads /etc/hosts', 'hostname -i', '10.244.1.5\n'],
    ['id and whoami say root', 'id; whoami', 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\nroot\n'],
    ['basename and dirname', 'basename /a/b/c.txt .txt; dirname /a/b/c.txt', 'c\n/a/b\n'],
    ['printenv of a missing variable fails', 'printenv NOPE || echo missing', 'missing\n'],
    ['cp and mv', 'echo x > /tmp/a; cp /tmp/a /tmp/b; mv /tmp/b /tmp/c; cat /tmp/c; [ -e /tmp/b ] || echo moved', 'x\nmoved\n'],
    ['mkdir -p and rm -r', 'mkdir -p /a/b/c && touch /a/b/c/f && rm -r /a && ls /a 2>&1', 'ls: /a: No such file or directory\n'],
    ['ls lists one name per line, sorted, hiding dot files', 'mkdir /d; touch /d/b /d/A /d/.h /d/a; ls /d', 'A\na\nb\n'],
    ['ls -a shows . and .. and dot files', 'mkdir /d; touch /d/.h /d/x; ls -a /d', '.\n..\n.h\nx\n'],
    ['ls of several directories prints headers', 'mkdir -p /d/x /d/y; touch /d/x/1 /d/y/2; ls /d/x /d/y', '/d/x:\n1\n\n/d/y:\n2\n'],
    ['ls -l prints busybox\'s long format', 'echo hello > /tmp/f; ls -l /tmp/f', '-rw-r--r--    1 root     root             6 Nov 23 12:00 /tmp/f\n'],
    ['ls -ld of /tmp shows the sticky bit', 'ls -ld /tmp', 'drwxrwxrwt    2 root     root          4096 Nov 23 12:00 /tmp\n'],
    ['cat /etc/passwd is the container\'s', 'head -1 /etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'],
    ['cat /etc/resolv.conf shows the cluster DNS', 'cat /etc/resolv.conf', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n'],
    ['uname -a', 'uname -a', 'Linux mypod 6.8.0-kubesim #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n'],
    ['sort, sort -n -r and uniq -c', 'printf "b\\na\\nb\\n" | sort | uniq -c; printf "10\\n9\\n100\\n" | sort -nr', '      1 a\n      2 b\n100\n10\n9\n'],
    ['cut fields and tr', 'echo "a:b:c" | cut -d: -f2,3; echo hello | tr a-z A-Z', 'b:c\nHELLO\n'],
  ])('%s', async (...row: string[]) => {
    // A rest parameter: jest would take a fourth named parameter for a done callback.
    const [, script, stdout, now] = row as [string, string, string, string?];
    const ran = await sh(script, now ? { clock: new FakeClock(now) } : {});
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe(stdout);
  });

  it.each([
    [
      'nslookup of a service name walks the search list (busybox 1.36)',
      'nslookup nginx',
      'busybox-1.36',
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tnginx.default.svc.cluster.local\nAddress: 10.96.45.12\n\n',
      '',
      0,
    ],
    [
      'nslookup of a missing name reports NXDOMAIN for each candidate (busybox 1.36)',
      'nslookup nope',
      'busybox-1.36',
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.cluster.local: NXDOMAIN\n\n** server can't find nope: NXDOMAIN\n\n",
      '',
      1,
    ],
    [
      'nslookup in busybox 1.28, the Kubernetes docs\' DNS debugging format',
      'nslookup kubernetes.default',
      'busybox-1.28',
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n',
      '',
      0,
    ],
    [
      'nslookup failure in busybox 1.28',
      'nslookup nope',
      'busybox-1.28',
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n',
      "nslookup: can't resolve 'nope'\n",
      1,
    ],
  ] as const)('%s', async (_name, script, format, stdout, stderr, status) => {
    const ran = await sh(script, { resolver, nslookupFormat: format });
    expect(ran).toEqual({ stdout, stderr, status });
  });

  it.each([
    ['wget -qO- prints the page of a Service', 'wget -qO- http://nginx', '<h1>Welcome to nginx!</h1>\n', '', 0],
    ['wget -O saves the page and reports it', 'wget -O /tmp/page http://nginx:80/ && cat /tmp/page', '<h1>Welcome to nginx!</h1>\n', "Connecting to nginx:80 (10.96.45.12:80)\nsaving to '/tmp/page'\n'/tmp/page' saved\n", 0],
    ['wget of an unknown name', 'wget -qO- http://nope', '', "wget: bad address 'nope'\n", 1],
    ['wget to a closed port', 'wget -qO- http://nginx:81', '', "wget: can't connect to remote host (10.96.45.12): Connection refused\n", 1],
    ['wget of a missing page', 'wget -qO- http://nginx/missing', '', 'wget: server returned error: HTTP/1.1 404 Not Found\n', 1],
    ['wget that times out', 'wget -T 2 -qO- http://kubernetes.default', '', 'wget: download timed out\n', 1],
  ] as const)('%s', async (_name, script, stdout, stderr, status) => {
    const network = {
      get: async (req: { ip: string; port: number; path: string }) => {
        if (req.ip === '10.96.0.1') return { error: 'timeout' as const };
        if (req.port !== 80) return { error: 'refused' as const };
        if (req.path !== '/') return { status: 404, statusText: 'Not Found', body: '' };
        return { status: 200, statusText: 'OK', body: '<h1>Welcome to nginx!</h1>\n' };
      },
    };
    expect(await sh(script, { resolver, network })).toEqual({ stdout, stderr, status });
  });

  it('tail -f follows a file on the clock until the process is killed', async () => {
    const clock = new FakeClock();
    const { handle, out } = await start({ clock, argv: ['sh', '-c', 'echo one > /tmp/log; (sleep 2; echo two >> /tmp/log) & tail -f /tmp/log'] });
    for (let i = 0; i < 50 && out.stdout !== 'one\n'; i++) await flushMicrotasks();
    expect(out.stdout).toBe('one\n');
    await clock.advanceAsync(3000);
    expect(out.stdout).toBe('one\ntwo\n');
    handle.kill('KILL');
    expect(await handle.exited).toBe(137);
  });
});
