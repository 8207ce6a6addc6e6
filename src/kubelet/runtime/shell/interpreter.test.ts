import { sh } from './test-support.js';

describe('the shell runs container scripts as busybox ash does', () => {
  it.each([
    // [sentence, script, stdout, exit status]
    ['echo prints its arguments and a newline', 'echo hello world', 'hello world\n', 0],
    ['commands separated by ; run in order', 'echo a; echo b', 'a\nb\n', 0],
    ['the script exits with the last command status', 'echo hello; exit 1', 'hello\n', 1],
    ['exit stops the script', 'echo a; exit 3; echo b', 'a\n', 3],
    ['&& runs the right side only after success', 'true && echo yes; false && echo no', 'yes\n', 1],
    ['|| runs the right side only after failure', 'false || echo fallback; true || echo never', 'fallback\n', 0],
    ['! negates a status', '! false && echo negated', 'negated\n', 0],
    ['$? is the last status', 'false; echo $?; true; echo $?', '1\n0\n', 0],
    ['$$ of the container main process is 1', 'echo $$', '1\n', 0],
    ['variables expand, unset ones to nothing', 'A=1; echo "$A-${A}-$B-"', '1-1--\n', 0],
    ['${VAR:-default} uses the default for unset or empty', 'E=; echo ${U:-u} ${E:-e} ${E-x}', 'u e\n', 0],
    ['${VAR:=x} assigns', 'echo ${N:=set}; echo $N', 'set\nset\n', 0],
    ['${VAR:+alt} and ${#VAR}', 'V=abc; echo ${V:+alt} ${#V}', 'alt 3\n', 0],
    ['prefix and suffix removal', 'F=/a/b/c.tar.gz; echo ${F##*/} ${F%.*} ${F%%.*} ${F#/*/}', 'c.tar.gz /a/b/c.tar /a/b/c b/c.tar.gz\n', 0],
    ['single quotes keep everything literal', `echo '$HOME "x" \\n'`, '$HOME "x" \\n\n', 0],
    ['double quotes expand but keep spaces', 'X="a   b"; echo "$X"; echo $X', 'a   b\na b\n', 0],
    ['backslash escapes a character', 'echo \\$HOME \\"q\\"', '$HOME "q"\n', 0],
    ['HOME and HOSTNAME come from the environment', 'echo $HOME $HOSTNAME', '/root mypod\n', 0],
    ['command substitution with $( ) and backquotes', 'echo "[$(echo inner)]" `echo back`', '[inner] back\n', 0],
    ['command substitution strips trailing newlines', 'X=$(printf "a\\n\\n"); echo "<$X>"', '<a>\n', 0],
    ['$(hostname) is the pod name', 'echo $(hostname)', 'mypod\n', 0],
    ['arithmetic expansion', 'i=3; echo $((i * 2 + 1)) $((10 / 3)) $((10 % 3)) $((i > 2))', '7 3 1 1\n', 0],
    ['arithmetic assignment and increment', 'i=0; : $((i+=5)); : $((i++)); echo $i', '6\n', 0],
    ['if / elif / else', 'X=2; if [ $X -eq 1 ]; then echo one; elif [ $X -eq 2 ]; then echo two; else echo other; fi', 'two\n', 0],
    ['if without a true branch has status 0', 'if false; then echo no; fi', '', 0],
    ['a while loop with a counter', 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', '0\n1\n2\n', 0],
    ['until loops until the condition holds', 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i', '2\n', 0],
    ['for over words', 'for x in a b c; do echo "item $x"; done', 'item a\nitem b\nitem c\n', 0],
    ['for over the positional parameters', 'set -- p q; for x; do echo $x; done', 'p\nq\n', 0],
    ['break and continue', 'for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done', '1\n3\n', 0],
    ['break 2 leaves two loops', 'for a in 1 2; do for b in x y; do echo $a$b; break 2; done; done', '1x\n', 0],
    ['case matches patterns', 'for f in a.txt b.log c; do case $f in *.txt) echo text;; *.log|*.out) echo log;; *) echo other;; esac; done', 'text\nlog\nother\n', 0],
    ['functions take arguments and return a status', 'greet() { echo "hi $1"; return 3; }; greet bob; echo $?', 'hi bob\n3\n', 0],
    ['a subshell keeps its changes', 'X=1; (X=2; echo $X); echo $X', '2\n1\n', 0],
    ['a brace group runs in the shell', 'X=1; { X=2; }; echo $X', '2\n', 0],
    ['echo -n omits the newline', 'echo -n a; echo b', 'ab\n', 0],
    ['echo -e interprets escapes', 'echo -e "a\\tb\\nc"', 'a\tb\nc\n', 0],
    ['echo without -e keeps backslashes', 'echo "a\\nb"', 'a\\nb\n', 0],
    ['printf formats', 'printf "%s=%d%%\\n" cpu 80; printf "%5s|%-3s|%03d\\n" ab c 7', 'cpu=80%\n   ab|c  |007\n', 0],
    ['printf reuses its format', 'printf "%s\\n" a b c', 'a\nb\nc\n', 0],
    ['pipes feed the next command', 'echo hello | wc -l', '1\n', 0],
    ['a pipe through cat and grep', 'printf "a\\nb\\nab\\n" | cat | grep a', 'a\nab\n', 0],
    ['a pipeline status is the last command', 'false | true; echo $?; true | false; echo $?', '0\n1\n', 0],
    ['test string and integer comparisons', '[ a = a ] && [ a != b ] && [ 2 -lt 10 ] && [ -z "" ] && [ -n x ] && echo ok', 'ok\n', 0],
    ['test file checks', '[ -f /etc/hostname ] && [ -d /etc ] && [ -e /tmp ] && [ ! -e /nope ] && echo ok', 'ok\n', 0],
    ['test with -a and -o', '[ 1 -eq 1 -a 2 -eq 3 -o x = x ] && echo ok', 'ok\n', 0],
    ['true and false and :', 'true; a=$?; false; b=$?; :; echo $a $b $?', '0 1 0\n', 0],
    ['read reads lines from a redirect', 'printf "one two three\\n" > /tmp/f; read a b < /tmp/f; echo "$a|$b"', 'one|two three\n', 0],
    ['a while-read loop over a file', 'printf "x\\ny\\n" > /tmp/f; while read l; do echo "<$l>"; done < /tmp/f', '<x>\n<y>\n', 0],
    ['here-documents expand variables', 'N=world; cat <<EOF\nhello $N\nEOF', 'hello world\n', 0],
    ['quoted here-documents do not', "cat <<'EOF'\nhello $N\nEOF", 'hello $N\n', 0],
    ['globs expand in the container filesystem', 'mkdir /data; touch /data/b.txt /data/a.txt /data/c.log; echo /data/*.txt', '/data/a.txt /data/b.txt\n', 0],
    ['an unmatched glob stays as written', 'echo /nope/*.txt', '/nope/*.txt\n', 0],
    ['tilde is HOME', 'echo ~ ~/x', '/root /root/x\n', 0],
    ['assignments before a command go to its environment only', 'FOO=bar printenv FOO; echo "[$FOO]"', 'bar\n[]\n', 0],
    ['export makes a variable visible to programs', 'export GREETING=hi; printenv GREETING', 'hi\n', 0],
    ['cd and pwd', 'cd /etc && pwd && cd .. && pwd', '/etc\n/\n', 0],
    ['set -e stops at the first failure', 'set -e; echo a; false; echo b', 'a\n', 1],
    ['set -e ignores failures in conditions', 'set -e; if false; then :; fi; false || true; echo still', 'still\n', 0],
    ['$# and $@ with sh -c name args', 'set -- "a b" c; echo $#; for x in "$@"; do echo "[$x]"; done', '2\n[a b]\n[c]\n', 0],
    ['eval runs its arguments', 'CMD="echo evaluated"; eval $CMD', 'evaluated\n', 0],
    ['comments are ignored', 'echo a # not this\n# nor this\necho b', 'a\nb\n', 0],
    ['multi-line scripts', 'echo one\nif true\nthen\n  echo two\nfi', 'one\ntwo\n', 0],
    ['line continuation with backslash-newline', 'echo a \\\nb', 'a b\n', 0],
    ['background jobs and wait', 'echo first & wait; echo after', 'first\nafter\n', 0],
    ['$(( )) with variables holding expressions', 'x=2+3; echo $((x*2))', '10\n', 0],
    ['exit status is taken modulo 256', 'exit 300', '', 44],
  ])('%s', async (_name, script, stdout, status) => {
    const ran = await sh(script);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe(stdout);
    expect(ran.status).toBe(status);
  });

  it.each([
    ['an unknown command is not found with 127', 'foo', '', 'sh: foo: not found\n', 127],
    ['not found goes through the command redirections', 'foo 2>/dev/null; echo $?', '127\n', '', 0],
    ['a missing file for cat', 'cat /etc/resolve.conf', '', "cat: can't open '/etc/resolve.conf': No such file or directory\n", 1],
    ['a redirect into a missing directory', 'echo x > /nope/file', '', "sh: can't create /nope/file: No such file or directory\n", 1],
    ['an input redirect from a missing file', 'cat < /nope; echo $?', '1\n', "sh: can't open /nope: No such file or directory\n", 0],
    ['cd to a missing directory', 'cd /nope', '', "sh: cd: line 1: can't cd to /nope: No such file or directory\n", 2],
    ['exit with a bad number', 'exit abc', '', 'sh: exit: line 1: Illegal number: abc\n', 2],
    ['[ without ]', '[ 1 -eq 1', '', 'sh: missing ]\n', 2],
    ['[ with a bad number', '[ 1 -eq a ]', '', 'sh: a: bad number\n', 2],
    ['${X:?} ends the shell', 'echo ${X:?}; echo after', '', 'sh: X: parameter not set or null\n', 2],
    ['${X?message} prints the message', 'echo ${X?is required}', '', 'sh: X: is required\n', 2],
    ['division by zero', 'echo $((1/0))', '', 'sh: divide by zero\n', 2],
    ['2>&1 sends errors to stdout', 'cat /nope 2>&1', "cat: can't open '/nope': No such file or directory\n", '', 1],
    ['>&2 sends output to stderr', 'echo oops >&2', '', 'oops\n', 0],
    ['ls of a missing path', 'ls /nope', '', 'ls: /nope: No such file or directory\n', 1],
    ['rm of a missing file', 'rm /nope', '', "rm: can't remove '/nope': No such file or directory\n", 1],
    ['rm -f of a missing file is quiet', 'rm -f /nope', '', '', 0],
    ['mkdir of an existing directory', 'mkdir /etc', '', "mkdir: can't create directory '/etc': File exists\n", 1],
    ['sleep with a bad duration', 'sleep abc', '', "sleep: invalid number 'abc'\n", 1],
  ])('%s', async (_name, script, stdout, stderr, status) => {
    const ran = await sh(script);
    expect(ran.stdout).toBe(stdout);
    expect(ran.stderr).toBe(stderr);
    expect(ran.status).toBe(status);
  });

  it.each([
    ['done without a loop', 'done', 'sh: syntax error: unexpected "done"\n'],
    ['fi without then', 'if true; fi', 'sh: syntax error: unexpected "fi" (expecting "then")\n'],
    ['a loop never closed', 'while true; do echo x', 'sh: syntax error: unexpected end of file (expecting "done")\n'],
    ['an unterminated quote', 'echo "abc', 'sh: syntax error: unterminated quoted string\n'],
    ['an operator with nothing after it', 'echo a &&', 'sh: syntax error: unexpected end of file\n'],
    ['a stray semicolon', ';', 'sh: syntax error: unexpected ";"\n'],
    ['a bad for variable', 'for 1 in a; do :; done', 'sh: syntax error: bad for loop variable\n'],
  ])('a syntax error (%s) exits 2 with ash\'s message', async (_name, script, stderr) => {
    const ran = await sh(script);
    expect(ran.stderr).toBe(stderr);
    expect(ran.status).toBe(2);
  });

  it('runs the lines before a syntax error, as ash reads scripts line by line', async () => {
    const ran = await sh('echo before\nfi\necho after');
    expect(ran).toEqual({ stdout: 'before\n', stderr: 'sh: syntax error: unexpected "fi"\n', status: 2 });
  });

  it('prefixes messages with the shell name as invoked', async () => {
    const ran = await sh('', { argv: ['/bin/sh', '-c', 'nosuch'] });
    expect(ran.stderr).toBe('/bin/sh: nosuch: not found\n');
  });

  it('a script file reports errors with its name and line', async () => {
    const ran = await sh('', { argv: ['sh', '/scripts/run.sh'], files: { '/scripts/run.sh': 'echo start\n\nnosuch\n' } });
    expect(ran).toEqual({ stdout: 'start\n', stderr: '/scripts/run.sh: line 3: nosuch: not found\n', status: 127 });
  });

  it('passes $0 and arguments after sh -c script', async () => {
    const ran = await sh('', { argv: ['sh', '-c', 'echo $0 $1 $2', 'myname', 'x', 'y'] });
    expect(ran.stdout).toBe('myname x y\n');
  });

  it('env run from sh lists exported variables in ash\'s hash-table order, with SHLVL and PWD', async () => {
    const env: [string, string][] = [
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HOSTNAME', 'busybox'],
      ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
      ['KUBERNETES_SERVICE_PORT', '443'],
      ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
      ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
      ['KUBERNETES_PORT_443_TCP_PORT', '443'],
      ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
      ['HOME', '/root'],
    ];
    const ran = await sh('env', { env });
    // The order `kubectl exec busybox -- sh -c env` prints on a real cluster.
    expect(ran.stdout.split('\n').map((l) => l.split('=')[0])).toEqual([
      'KUBERNETES_SERVICE_PORT',
      'KUBERNETES_PORT',
      'HOSTNAME',
      'SHLVL',
      'HOME',
      'KUBERNETES_PORT_443_TCP_ADDR',
      'PATH',
      'KUBERNETES_PORT_443_TCP_PORT',
      'KUBERNETES_PORT_443_TCP_PROTO',
      'KUBERNETES_SERVICE_PORT_HTTPS',
      'KUBERNETES_PORT_443_TCP',
      'KUBERNETES_SERVICE_HOST',
      'PWD',
      '',
    ]);
  });

  it('env run directly keeps the runtime order', async () => {
    const ran = await sh('', { argv: ['env'], env: [['Z', '1'], ['A', '2']] });
    expect(ran.stdout).toBe('Z=1\nA=2\n');
  });
});
