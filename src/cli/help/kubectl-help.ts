/** kubectl's help for one command, as cobra holds it (Use, Short, Long, Example, Aliases) with its flags as pflag defines them. */

/** pflag's value types, as far as kubectl's help shows them. */
export type KubectlFlagType = 'string' | 'bool' | 'int' | 'duration' | 'stringSlice' | 'map' | 'other';

export interface KubectlFlag {
  name: string;
  shorthand?: string;
  type: KubectlFlagType;
  /** pflag's DefValue, as the help prints it (without the quotes strings get). */
  defValue: string;
  usage: string;
}

export interface KubectlHelp {
  /** The usage line: cobra's UseLine plus " [options]". */
  use: string;
  /** The one line parents list the command with. */
  short: string;
  /** The long description as rendered (trimmed; the Short when there is no Long). */
  long: string;
  aliases?: string[];
  example?: string;
  /** Local flags in pflag's (sorted) order; persistent and help flags are not listed, as in kubectl's help. */
  flags: KubectlFlag[];
  subcommands?: string[];
}
