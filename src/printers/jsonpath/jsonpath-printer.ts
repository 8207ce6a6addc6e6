/** kubectl's `-o jsonpath=`, `-o jsonpath-file=` and `-o jsonpath-as-json=` printers (cli-runtime's JSONPathPrinter and its flags). */
import { goQuote, goSharpV } from './go-format.js';
import { JsonPath } from './jsonpath.js';

export const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json'] as const;
export type JsonPathFormat = (typeof JSONPATH_FORMATS)[number];

/** An error a printer reports in kubectl's words (the CLI prints it after `error: `). */
export class PrinterError extends Error {
  override name = 'PrinterError';
}

export interface JsonPathPrinterOptions {
  /** --allow-missing-template-keys (kubectl's default is true). */
  allowMissingKeys?: boolean;
}

export interface JsonPathFlagOptions extends JsonPathPrinterOptions {
  /** Reads a jsonpath-file; throws an Error with Go's wording (`open x: no such file or directory`). */
  readFile?: (path: string) => string;
}

/** Prints objects through a template the way kubectl does, errors included. */
export class JsonPathPrinter {
  private readonly jsonPath: JsonPath;

  /** Throws PrinterError `error parsing jsonpath <template>, <reason>` for a template that does not parse. */
  constructor(
    readonly rawTemplate: string,
    options: JsonPathPrinterOptions & { outputJson?: boolean } = {},
  ) {
    try {
      this.jsonPath = new JsonPath(rawTemplate, { allowMissingKeys: options.allowMissingKeys ?? true, outputJson: options.outputJson ?? false });
    } catch (e) {
      throw new PrinterError(`error parsing jsonpath ${rawTemplate}, ${(e as Error).message}`);
    }
  }

  /** The text for one object (a List is one object: `{.items[*]...}`); an execution error carries kubectl's debugging dump. */
  print(obj: unknown): string {
    try {
      return this.jsonPath.execute(obj);
    } catch (e) {
      const dump =
        `Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${this.rawTemplate}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`;
      throw new PrinterError(`error executing jsonpath ${goQuote(this.rawTemplate)}: ${dump}\n`);
    }
  }
}

/** JSONPathPrintFlags.ToPrinter: the printer for `-o <format>=<value>` (for jsonpath-file the value is the file's path). */
export function jsonPathPrinterFor(format: JsonPathFormat, value: string, options: JsonPathFlagOptions = {}): JsonPathPrinter {
  if (value.length === 0) throw new PrinterError('template format specified but no template given');
  let template = value;
  if (format === 'jsonpath-file') {
    if (!options.readFile) throw new PrinterError(`error reading --template ${value}, no file reader`);
    try {
      template = options.readFile(value);
    } catch (e) {
      throw new PrinterError(`error reading --template ${value}, ${(e as Error).message}`);
    }
  }
  return new JsonPathPrinter(template, { allowMissingKeys: options.allowMissingKeys, outputJson: format === 'jsonpath-as-json' });
}
