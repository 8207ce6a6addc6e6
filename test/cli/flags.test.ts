/**
 * The command line as kubectl 1.32 reads it (cobra finds the command, pflag parses the flags) and fails on it: every
 * expected text below is what `kubectl` prints for the same command line, with kubectl read as kubesim.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-flags-'));
  expect(kubesim(home, ['create', 'namespace', 'team-a']).code).toBe(0);
  expect(kubesim(home, ['create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=mode=fast']).code).toBe(0);
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('errors on the command line, as cobra and pflag word them', () => {
  it.each([
    ['a command nobody has', ['xyzzy'], 'Error: unknown command "xyzzy" for "kubesim"\n'],
    ['a misspelt command, with the suggestion cobra makes', ['dscribe', 'pods'], 'Error: unknown command "dscribe" for "kubesim"\n\nDid you mean this?\n\tdescribe\n\n'],
    ['a command missing its last letters', ['api-resource'], 'Error: unknown command "api-resource" for "kubesim"\n\nDid you mean this?\n\tapi-resources\n\n'],
    ['a command with swapped letters', ['lable', 'pods', 'x', 'a=b'], 'Error: unknown command "lable" for "kubesim"\n\nDid you mean this?\n\tlabel\n\n'],
    ['a capitalised command', ['Get', 'pods'], 'Error: unknown command "Get" for "kubesim"\n\nDid you mean this?\n\tset\n\tget\n\n'],
    ['an unknown flag after the command', ['get', 'pods', '--foo'], "Error: unknown flag: --foo\nSee 'kubesim get --help' for usage.\n"],
    ['an unknown shorthand', ['get', 'pods', '-x'], "Error: unknown shorthand flag: 'x' in -x\nSee 'kubesim get --help' for usage.\n"],
    ['an unknown flag before any command, which swallows the next word as its value', ['--foo', 'get'], "Error: unknown flag: --foo\nSee 'kubesim --help' for usage.\n"],
    ['an unknown shorthand before any command', ['-x'], "Error: unknown shorthand flag: 'x' in -x\nSee 'kubesim --help' for usage.\n"],
    ['a shorthand without its value', ['get', 'pods', '-n'], "Error: flag needs an argument: 'n' in -n\nSee 'kubesim get --help' for usage.\n"],
    ['a long flag without its value', ['get', 'pods', '--namespace'], "Error: flag needs an argument: --namespace\nSee 'kubesim get --help' for usage.\n"],
    ['the global -n alone', ['-n'], "Error: flag needs an argument: 'n' in -n\nSee 'kubesim --help' for usage.\n"],
    ['-o without a format', ['get', '-o'], "Error: flag needs an argument: 'o' in -o\nSee 'kubesim get --help' for usage.\n"],
    ['a label selector without its value', ['get', 'pods', '--selector'], "Error: flag needs an argument: --selector\nSee 'kubesim get --help' for usage.\n"],
    [
      'a bool shorthand given a word',
      ['get', 'pods', '-A=maybe'],
      'Error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubesim get --help\' for usage.\n',
    ],
    [
      'a bool flag given a word',
      ['get', 'pods', '--no-headers=maybe'],
      'Error: invalid argument "maybe" for "--no-headers" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubesim get --help\' for usage.\n',
    ],
    [
      'a verbosity that is not a number, given before the command',
      ['-v=abc', 'version'],
      'Error: invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kubesim version --help\' for usage.\n',
    ],
    [
      'a verbosity that is not a number, as a separate word',
      ['--v', '7x', 'version'],
      'Error: invalid argument "7x" for "-v, --v" flag: strconv.ParseInt: parsing "7x": invalid syntax\nSee \'kubesim version --help\' for usage.\n',
    ],
    [
      'a bool flag of a subcommand given a word',
      ['version', '--client=foo'],
      'Error: invalid argument "foo" for "--client" flag: strconv.ParseBool: parsing "foo": invalid syntax\nSee \'kubesim version --help\' for usage.\n',
    ],
    [
      'an int flag given a word',
      ['delete', 'pods', 'x', '--grace-period=x'],
      'Error: invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubesim delete --help\' for usage.\n',
    ],
    ['an unknown flag of a subcommand', ['create', 'deployment', '--foo'], "Error: unknown flag: --foo\nSee 'kubesim create deployment --help' for usage.\n"],
    ['an unknown flag of config view', ['config', 'view', '--foo'], "Error: unknown flag: --foo\nSee 'kubesim config view --help' for usage.\n"],
    ['a flag kubectl run does not have either', ['run', 'x', '--image=nginx', '--validate=false'], "Error: unknown flag: --validate\nSee 'kubesim run --help' for usage.\n"],
  ])('%s fails with exit 1', (_name, args, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe('flags in every form pflag reads', () => {
  const settings = 'NAME DATA AGE\nsettings 1 <age>\n';
  const maskAge = (s: string) => s.replace(/(?<= )\d+[smhd](\d+[smhd])?$/gm, '<age>').replace(/ +/g, ' ');
  it.each([
    ['-n value', ['get', 'configmaps', 'settings', '-n', 'team-a']],
    ['-nvalue', ['get', 'configmaps', 'settings', '-nteam-a']],
    ['-n=value', ['get', 'configmaps', 'settings', '-n=team-a']],
    ['--namespace=value', ['get', 'configmaps', 'settings', '--namespace=team-a']],
    ['the global flag before the command', ['-n', 'team-a', 'get', 'configmaps', 'settings']],
    ['the global flag between the command and its arguments', ['get', '--namespace', 'team-a', 'configmaps', 'settings']],
    ['a bool given false, then the last value winning', ['get', 'configmaps', 'settings', '-n', 'team-a', '--show-kind', '--show-kind=false']],
  ])('%s', (_name, args) => {
    const r = kubesim(home, args);
    expect({ code: r.code, stdout: maskAge(r.stdout), stderr: r.stderr }).toEqual({ code: 0, stdout: settings, stderr: '' });
  });

  it('a bool given true and runs of bool shorthands', () => {
    const r = kubesim(home, ['get', 'configmaps', '-A=true', '--no-headers=true']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^team-a +settings +1 /m);
    expect(r.stdout).not.toMatch(/^NAMESPACE/m);
  });

  it('words after -- are arguments, even when they look like flags', () => {
    expect(kubesim(home, ['get', 'configmaps', '-n', 'team-a', '--', '--not-a-flag'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "--not-a-flag" not found\n',
    });
  });
});

describe('-v: the requests kubectl would log, in klog lines on stderr', () => {
  const klog = (file: string, message: string) => new RegExp(`^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ ${file.replace(/\./g, '\\.')}\\] ${message}$`, 'm');

  it('-v=6 logs each request with its status and time', () => {
    const r = kubesim(home, ['get', 'configmaps', 'settings', '-n', 'team-a', '-v=6']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(klog('round_trippers.go:560', 'GET http://127\\.0\\.0\\.1:6443/api/v1/namespaces/team-a/configmaps/settings 200 OK in \\d+ milliseconds'));
  });

  it('--v=6 logs a list with its label selector as the query kubectl sends', () => {
    const r = kubesim(home, ['get', 'configmaps', '-n', 'team-a', '-l', 'app in (web),tier!=db', '--v=6']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(klog('round_trippers.go:560', 'GET http://127\\.0\\.0\\.1:6443/api/v1/namespaces/team-a/configmaps\\?labelSelector=app\\+in\\+%28web%29%2Ctier%21%3Ddb(&limit=500)? 200 OK in \\d+ milliseconds'));
  });

  it('a creation logs POST and 201 Created, in the API group path', () => {
    const r = kubesim(home, ['create', 'deployment', 'web', '--image=nginx', '-n', 'team-a', '-v=6']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(klog('round_trippers.go:560', 'POST http://127\\.0\\.0\\.1:6443/apis/apps/v1/namespaces/team-a/deployments\\?fieldManager=kubectl-create 201 Created in \\d+ milliseconds'));
  });

  it('a missing object logs 404, the Status at -v=4 and above, then the error', () => {
    const r = kubesim(home, ['get', 'configmap', 'nosuch', '-n', 'team-a', '-v=6']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(klog('round_trippers.go:560', 'GET http://127\\.0\\.0\\.1:6443/api/v1/namespaces/team-a/configmaps/nosuch 404 Not Found in \\d+ milliseconds'));
    expect(r.stderr).toContain(
      'helpers.go:246] server response object: %s[{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "configmaps \\"nosuch\\" not found",\n  "reason": "NotFound",\n  "details": {\n    "name": "nosuch",\n    "kind": "configmaps"\n  },\n  "code": 404\n}]\n',
    );
    expect(r.stderr.endsWith('Error from server (NotFound): configmaps "nosuch" not found\n')).toBe(true);
  });

  it('below 6 there are no request lines', () => {
    const r = kubesim(home, ['get', 'configmaps', 'settings', '-n', 'team-a', '-v=5']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('-v=7 splits the request line and the response status, -v=8 adds the bodies', () => {
    const seven = kubesim(home, ['get', 'configmaps', 'settings', '-n', 'team-a', '-v=7']);
    expect(seven.stderr).toMatch(klog('round_trippers.go:470', 'GET http://127\\.0\\.0\\.1:6443/api/v1/namespaces/team-a/configmaps/settings'));
    expect(seven.stderr).toMatch(klog('round_trippers.go:581', 'Response Status: 200 OK in \\d+ milliseconds'));
    expect(seven.stderr).not.toContain('round_trippers.go:560');
    const eight = kubesim(home, ['get', 'configmaps', 'settings', '-n', 'team-a', '-v=8']);
    expect(eight.stderr).toMatch(klog('helper.go:113', '"Request Body" body=""'));
    expect(eight.stderr).toMatch(klog('helper.go:113', '"Response Body" body="\\{.*\\\\"mode\\\\":\\\\"fast\\\\".*\\}"'));
  });
});
