import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { help as applyHelp } from './kubectl/apply.js';
import { help as createHelp } from './kubectl/create.js';
import { help as getHelp } from './kubectl/get.js';
import { help as runHelp } from './kubectl/run.js';
import { globalFlags } from './kubectl/options.js';
import type { KubectlHelp } from './kubectl-help.js';
import { asKubesim, flagsUsages, renderHelp, type HelpView } from './render-help.js';
import { responsive, terminalWrapLimit, wrapString } from './word-wrap.js';

const wrapped = (name: string) => readFileSync(join(process.cwd(), 'test', 'golden', 'help', 'wrapped', name), 'utf8');

/** kubectl's own command, unfiltered: what kubectl renders from the same definition. */
function kubectlView(path: string[], h: KubectlHelp, catalog: Record<string, KubectlHelp>): HelpView {
  const view: HelpView = { path: ['kubectl', ...path], long: h.long, flags: h.flags, usage: h.use, hasSubcommands: !!h.subcommands };
  if (h.subcommands) view.groups = [{ title: 'Available Commands:', commands: h.subcommands.map((name) => ({ name, short: catalog[[...path, name].join(' ')]!.short })) }];
  if (h.aliases) view.aliases = [path.at(-1)!, ...h.aliases];
  if (h.example) view.example = h.example;
  return view;
}

const commands: Array<[string, string[], Record<string, KubectlHelp>]> = [
  ['get', ['get'], getHelp],
  ['run', ['run'], runHelp],
  ['create_deployment', ['create', 'deployment'], createHelp],
  ['apply', ['apply'], applyHelp],
];

describe("kubectl's help layout", () => {
  it.each(commands.flatMap(([file, path, h]) => [80, 100, 120].map((cols) => [`kubectl ${path.join(' ')} --help`, cols, file, path, h] as const)))(
    '%s on a %i-column terminal wraps as kubectl wraps it',
    (_name, cols, file, path, catalog) => {
      expect(renderHelp(kubectlView(path, catalog[path.join(' ')]!, catalog), terminalWrapLimit({ isTTY: true, columns: cols }))).toBe(wrapped(`${file}.${cols}.txt`));
    },
  );

  it.each([80, 100, 120])('kubectl options on a %i-column terminal wraps as kubectl wraps it', (cols) => {
    const limit = terminalWrapLimit({ isTTY: true, columns: cols });
    expect(responsive(`The following options can be passed to any command:\n\n${flagsUsages(globalFlags, limit)}`, limit)).toBe(wrapped(`options.${cols}.txt`));
  });

  it('help into a pipe or a narrow terminal is not wrapped at all', () => {
    expect(terminalWrapLimit({ isTTY: false, columns: 200 })).toBe(0);
    expect(terminalWrapLimit({ isTTY: true, columns: 79 })).toBe(0);
    expect(terminalWrapLimit({ isTTY: true, columns: 99 })).toBe(80);
    expect(terminalWrapLimit({ isTTY: true, columns: 300 })).toBe(120);
  });

  it.each([
    ['breaks at the last space that fits', 'aaa bbb ccc', 7, 'aaa bbb\nccc'],
    ['keeps a word longer than the limit whole', 'a verylongword b', 5, 'a\nverylongword\nb'],
    ['keeps existing line breaks', 'ab\ncd ef', 4, 'ab\ncd\nef'],
    ['drops the spaces where it breaks', 'ab   cd', 3, 'ab\ncd'],
  ])('go-wordwrap %s', (_name, text, lim, want) => {
    expect(wrapString(text, lim)).toBe(want);
  });

  it.each([
    ['the command in prose', 'Use "kubectl api-resources" for a list', 'Use "kubesim api-resources" for a list'],
    ['a command line', '  cat pod.json | kubectl apply -f -', '  cat pod.json | kubesim apply -f -'],
    ['not an annotation key', 'kubectl.kubernetes.io/last-applied-configuration', 'kubectl.kubernetes.io/last-applied-configuration'],
    ['not a field manager', "--field-manager='kubectl-create'", "--field-manager='kubectl-create'"],
    ['not a URL', 'https://kubernetes.io/docs/reference/kubectl/', 'https://kubernetes.io/docs/reference/kubectl/'],
  ])('kubectl becomes kubesim in %s', (_name, text, want) => {
    expect(asKubesim(text)).toBe(want);
  });
});
