/** kubectl's printers for commands that create objects: `-o yaml|json|name`, or `<kind>/<name> created` without -o. */
import { kindFor } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { toJson } from '../../printers/json.js';
import { toYaml } from '../../printers/yaml.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';
import { objectRef } from '../resource-args.js';
import { dryRunSuffix, type DryRunStrategy } from './dry-run.js';
import { marshalIndent } from './typed-json.js';

export type OutputFormat = '' | 'yaml' | 'json' | 'name';

/** Every format kubectl's PrintFlags accept for these commands, for its error message. */
const kubectlFormats = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';
const templateFormats = new Set(['go-template', 'go-template-file', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'template', 'templatefile']);

/** Checks -o as kubectl's PrintFlags.ToPrinter does, before anything is created. */
export function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === '' || value === 'yaml' || value === 'json' || value === 'name') return value ?? '';
  const kind = value.split('=')[0]!;
  if (templateFormats.has(kind)) throw new CliError(`error: kubesim does not support the output format "${kind}" yet; use -o yaml, -o json or -o name`);
  throw new CliError(`error: unable to match a printer suitable for the output format "${value}", allowed formats are: ${kubectlFormats}`);
}

/** `deployment.apps/web`: the name kubectl gives an object in messages and with -o name. */
export function refOf(obj: KubeObject): string {
  const kind = kindFor(obj.apiVersion, obj.kind);
  const name = obj.metadata?.name ?? '';
  return kind ? objectRef(kind, name) : `${obj.kind.toLowerCase()}/${name}`;
}

export interface ObjectPrinterOptions {
  format: OutputFormat;
  /** The verb after the name without -o: `created`, `exposed`. */
  operation: string;
  dryRun: DryRunStrategy;
  /** Objects kubectl holds as unstructured maps (create -f) print with every key sorted. */
  sortedJson?: boolean;
  showManagedFields?: boolean;
}

/** Prints objects one after another, with `---` between YAML documents as kubectl's YAML printer. */
export class ObjectPrinter {
  private printed = 0;

  constructor(
    private readonly opts: ObjectPrinterOptions,
    private readonly out: Output,
  ) {}

  print(obj: KubeObject): void {
    const { format } = this.opts;
    if (format === '') this.out.write(`${refOf(obj)} ${this.opts.operation}${dryRunSuffix(this.opts.dryRun)}\n`);
    else if (format === 'name') this.out.write(`${refOf(obj)}\n`);
    else {
      const shown = this.opts.showManagedFields ? obj : withoutManagedFields(obj);
      if (format === 'json') this.out.write(this.opts.sortedJson ? toJson(shown) : marshalIndent(shown));
      else this.out.write(`${this.printed ? '---\n' : ''}${toYaml(shown)}`);
    }
    this.printed++;
  }

  /** A `---` line of the command's own (kubectl run --expose writes one after the service). */
  separator(): void {
    if (this.opts.format === 'yaml') this.out.write('---\n');
  }
}

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _omitted, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
