/** `kubesim label`: add, change or remove labels, as kubectl label. */
import type { Command } from 'commander';
import type { CliDeps, GlobalOptions } from '../context.js';
import { runMetadataMap, type MetadataMapKind, type MetadataMapOptions } from './metadata-map.js';

export const labelKind: MetadataMapKind = { field: 'labels', noun: 'label', done: 'labeled', undone: 'unlabeled', notDone: 'not labeled', validateValue: true };

export const run = (args: string[], opts: MetadataMapOptions, global: GlobalOptions, deps: CliDeps) => runMetadataMap(labelKind, args, opts, global, deps);

export function register(program: Command, deps: CliDeps): void {
  program
    .command('label')
    .description('Update the labels on a resource')
    .argument('<args...>', 'TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N, or TYPE/NAME KEY-')
    .option('--overwrite', 'If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-f, --filename <file...>', 'Filename, directory, or URL to files identifying the resource to update the labels')
    .option('--resource-version <version>', 'If non-empty, the labels update will only succeed if this is the current resource-version for the object.')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .addHelpText('after', `\nExamples:\n  # Update pod 'foo' with the label 'unhealthy' and the value 'true'\n  kubesim label pods foo unhealthy=true\n\n  # Label a node for the nodeSelector of a pod\n  kubesim label node node01 gpu=true\n\n  # Update pod 'foo' by removing a label named 'bar' if it exists\n  kubesim label pods foo bar-\n`)
    .action(async (args: string[], opts: MetadataMapOptions, cmd: Command) => run(args, opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
