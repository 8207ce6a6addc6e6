/** The flags kubectl gives every command that generates an object (PrintFlags, dry-run, save-config, field manager). */
import type { Command } from 'commander';

export interface GeneratorFlags {
  dryRun?: string | boolean;
  output?: string;
  saveConfig?: boolean;
  fieldManager?: string;
  showManagedFields?: boolean;
  validate?: string | boolean;
}

export function addGeneratorFlags(cmd: Command, fieldManager: string, opts: { saveConfig?: boolean; validate?: boolean } = {}): Command {
  cmd
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', fieldManager)
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.');
  // kubectl run and expose have no --validate (`kubectl run --validate` is an unknown flag).
  if (opts.validate !== false) cmd.option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false). The server validates every object in kubesim.');
  if (opts.saveConfig !== false) {
    cmd.option('--save-config', "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.");
  }
  return cmd;
}
