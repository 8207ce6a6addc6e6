/** `kubesim options`: the global flags, in kubectl's words, limited to the ones kubesim has. */
import type { Command } from 'commander';
import { asKubesim, flagsUsages, type HelpFlag } from './render-help.js';
import { globalFlags } from './kubectl/options.js';
import { responsive } from './word-wrap.js';

export function optionsHelp(program: Command, wrapLimit: number): string {
  const names = new Set(program.options.map((o) => o.long?.replace(/^--/, '')));
  const flags: HelpFlag[] = globalFlags.filter((f) => names.has(f.name)).map((f) => ({ ...f, usage: asKubesim(f.usage) }));
  return responsive(`The following options can be passed to any command:\n\n${flagsUsages(flags, wrapLimit)}`, wrapLimit);
}
