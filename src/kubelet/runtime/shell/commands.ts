import type { Utility } from './command-context.js';
import type { CommandTable } from './interpreter.js';
import { shellBuiltins, specialBuiltins } from './shell-builtins.js';
import { shellProgram } from './shell-main.js';
import { echo } from './utilities/echo.js';
import { utilities } from './utilities/index.js';
import { printf } from './utilities/printf.js';
import { falseUtility, trueUtility } from './utilities/system.js';
import { test } from './utilities/test.js';

/**
 * The commands a simulated container has: ash's builtins, busybox's applets, and the image's own programs (by name,
 * or by absolute path such as /docker-entrypoint.sh) which take precedence over applets of the same name.
 */
export function commandTable(programs: Record<string, Utility> = {}): CommandTable {
  const table: CommandTable = {
    specialBuiltins,
    builtins: shellBuiltins,
    // ash runs these itself, so their messages start with the shell's name (`sh: missing ]`).
    builtinApplets: { echo, printf, test, '[': test, true: trueUtility, false: falseUtility },
    utilities: { ...utilities, ...programs },
  };
  const sh = shellProgram(() => table);
  for (const name of ['sh', 'ash', 'bash']) table.utilities[name] ??= sh;
  return table;
}

/** Names of the programs every simulated busybox image has in /bin. */
export const busyboxApplets: readonly string[] = [...Object.keys(utilities), 'sh', 'ash'].filter((n) => n !== 'kubesim-serve').sort();
