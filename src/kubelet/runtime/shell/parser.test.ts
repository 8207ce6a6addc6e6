import type { Command, Word } from './ast.js';
import { parse, ShellSyntaxError } from './parser.js';

/** A compact rendering of a syntax tree, so cases read like the scripts they come from. */
function show(cmd: Command | undefined): string {
  if (!cmd) return '';
  switch (cmd.type) {
    case 'simple':
      return [...cmd.assigns.map((a) => `${a.name}=${word(a.value)}`), ...cmd.words.map(word), ...cmd.redirects.map((r) => `${r.fd}${r.op}${word(r.target)}`)].join(' ');
    case 'pipeline':
      return cmd.commands.map(show).join(' | ');
    case 'not':
      return `!(${show(cmd.command)})`;
    case 'and':
      return `(${show(cmd.left)} && ${show(cmd.right)})`;
    case 'or':
      return `(${show(cmd.left)} || ${show(cmd.right)})`;
    case 'list':
      return cmd.items.map((i) => show(i.command) + (i.background ? ' &' : '')).join('; ');
    case 'if':
      return `if[${show(cmd.cond)}]then[${show(cmd.then)}]` + (cmd.else ? `else[${show(cmd.else)}]` : '');
    case 'while':
    case 'until':
      return `${cmd.type}[${show(cmd.cond)}]do[${show(cmd.body)}]`;
    case 'for':
      return `for ${cmd.name}` + (cmd.items ? ` in ${cmd.items.map(word).join(' ')}` : '') + ` do[${show(cmd.body)}]`;
    case 'case':
      return `case ${word(cmd.word)}` + cmd.items.map((i) => ` ${i.patterns.map(word).join('|')})[${show(i.body)}]`).join('');
    case 'subshell':
      return `(${show(cmd.body)})`;
    case 'group':
      return `{${show(cmd.body)}}`;
    case 'function':
      return `${cmd.name}()${show(cmd.body)}`;
    case 'redirected':
      return `${show(cmd.command)} ${cmd.redirects.map((r) => `${r.fd}${r.op}${word(r.target)}`).join(' ')}`;
  }
}

function word(w: Word): string {
  return w.parts
    .map((p) => {
      switch (p.kind) {
        case 'lit':
          return p.quoted ? `'${p.text}'` : p.text;
        case 'param':
          return `\${${p.length ? '#' : ''}${p.name}${p.op ?? ''}${p.arg ? word(p.arg) : ''}}` + (p.quoted ? 'q' : '');
        case 'cmd':
          return `$(${show(p.body)})`;
        case 'arith':
          return `$((${word(p.expr)}))`;
        case 'tilde':
          return `~${p.user}`;
      }
    })
    .join('');
}

describe('parsing shell scripts', () => {
  it.each([
    ['a simple command', 'echo hi there', 'echo hi there'],
    ['a sequence', 'echo a; sleep 5', 'echo a; sleep 5'],
    ['and-or lists group to the left', 'a && b || c', '((a && b) || c)'],
    ['a pipeline binds tighter than &&', 'a | b && c', '(a | b && c)'],
    ['negation', '! grep -q x f', '!(grep -q x f)'],
    ['a background command', 'sleep 10 & wait', 'sleep 10 &; wait'],
    ['assignments before a command', 'A=1 B=2 env', 'A=1 B=2 env'],
    ['an assignment alone', 'X=$(date)', 'X=$(date)'],
    ['redirections with descriptors', 'cmd >out 2>&1 <in >>log', 'cmd 1>out 2>&1 0<in 1>>log'],
    ['quoting', `echo 'a b' "c $d" e\\ f`, "echo 'a b' 'c '${d}q e' 'f"],
    ['parameter operators', 'echo ${A:-x} ${#B} ${C%.*}', 'echo ${A:-x} ${#B} ${C%.*}'],
    ['command substitution and arithmetic', 'echo $(hostname) `date` $((1 + 2))', "echo $(hostname) $(date) $(('1 + 2'))"],
    ['if / elif / else', 'if a; then b; elif c; then d; else e; fi', 'if[a]then[b]else[if[c]then[d]else[e]]'],
    ['while and until', 'while true; do sleep 1; done; until x; do y; done', 'while[true]do[sleep 1]; until[x]do[y]'],
    ['for with and without a word list', 'for x in a b; do echo $x; done; for y; do :; done', 'for x in a b do[echo ${x}]; for y do[:]'],
    ['case with alternatives', 'case $f in *.txt|*.md) echo doc;; *) ;; esac', 'case ${f} *.txt|*.md)[echo doc] *)[]'],
    ['subshells and groups with redirections', '(cd /tmp; ls) > out; { a; b; } 2>/dev/null', '(cd /tmp; ls) 1>out; {a; b} 2>/dev/null'],
    ['a function definition', 'f() { echo $1; }', 'f(){echo ${1}}'],
    ['keywords are plain words as arguments', 'echo if then done', 'echo if then done'],
    ['newlines separate commands and may follow && or |', 'a &&\nb |\nc\nd', '(a && b | c); d'],
    ['comments', 'echo a # comment\n# whole line', 'echo a'],
    ['a here-document', 'cat <<EOF\nx $y\nEOF', 'cat 0<<EOF'],
    ['tilde at the start of a word', 'ls ~ ~/d a~', 'ls ~ ~/d a~'],
  ])('%s', (_name, script, expected) => {
    expect(show(parse(script))).toBe(expected);
  });

  it.each([
    ['a keyword out of place', 'done', 'unexpected "done"'],
    ['then missing', 'if a; fi', 'unexpected "fi" (expecting "then")'],
    ['do missing', 'while a; done', 'unexpected "done" (expecting "do")'],
    ['done missing at the end', 'for x in a; do b', 'unexpected end of file (expecting "done")'],
    ['an empty then part', 'if a; then fi', 'unexpected "fi"'],
    ['a closing parenthesis alone', ')', 'unexpected ")"'],
    ['a redirection without a target', 'echo >', 'unexpected end of file'],
    ['a pipe at the start', '| x', 'unexpected "|"'],
    ['an unterminated single quote', "echo 'x", 'unterminated quoted string'],
    ['a bad substitution', 'echo ${a b}', 'bad substitution'],
    ['esac missing', 'case x in a) b;;', 'unexpected end of file (expecting ")")'],
  ])('rejects %s as ash does', (_name, script, message) => {
    expect(() => parse(script)).toThrow(new ShellSyntaxError(message, 1));
  });
});
