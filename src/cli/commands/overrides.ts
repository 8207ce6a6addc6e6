/** kubectl's --overrides for run and expose (cmdutil.OverrideOptions): a merge, strategic or JSON patch over the generated object. */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { applyJsonPatch } from '../../api/patch/json-patch.js';
import { applyMergePatch } from '../../api/patch/merge-patch.js';
import { applyStrategicMergePatch } from '../../api/patch/strategic-merge-patch.js';
import { CliError } from '../errors.js';

export interface OverrideFlags {
  overrides?: string;
  overrideType?: string;
}

export function addOverrideFlags(cmd: Command): Command {
  return cmd
    .option('--overrides <json>', 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.')
    .option('--override-type <type>', "The method used to override the generated object: json, merge, or strategic.", 'merge');
}

/** The generated object with the overrides applied; `typed` puts it back in the shape of the Go type it decodes into. */
export function applyOverrides(obj: KubeObject, flags: OverrideFlags, typed: (o: KubeObject) => KubeObject): KubeObject {
  if (!flags.overrides) return obj;
  const type = flags.overrideType ?? 'merge';
  if (type !== 'json' && type !== 'merge' && type !== 'strategic') throw new CliError(`error: invalid override type: ${type}`);
  let patch: unknown;
  try {
    patch = JSON.parse(flags.overrides);
  } catch {
    throw new CliError('error: Invalid JSON Patch');
  }
  const doc = JSON.parse(JSON.stringify(obj)) as KubeObject;
  let out: unknown;
  try {
    if (type === 'merge') out = applyMergePatch(doc, patch);
    else if (type === 'strategic') out = applyStrategicMergePatch(doc, patch, { group: '', version: 'v1', kind: obj.kind });
    else out = applyJsonPatch(doc, patch);
  } catch (e) {
    throw new CliError(`error: ${(e as Error).message}`);
  }
  return typed(out as KubeObject);
}
