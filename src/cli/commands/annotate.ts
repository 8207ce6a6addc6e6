/** `kubesim annotate`: add, change or remove annotations, as kubectl annotate. */
import type { Command } from 'commander';
import type { CliDeps, GlobalOptions } from '../context.js';
import { runMetadataMap, type MetadataMapKind, type MetadataMapOptions } from './metadata-map.js';

export const annotateKind: MetadataMapKind = { field: 'annotations', noun: 'annotation', done: 'annotated', validateValue: false };

export const run = (args: string[], opts: MetadataMapOptions, global: GlobalOptions, deps: CliDeps) => runMetadataMap(annotateKind, args, opts, global, deps);

export function register(program: Command, deps: CliDeps): void {
  program
    .command('annotate')
    .description('Update the annotations on a resource')
    .argument('<args...>', 'TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N, or TYPE/NAME KEY-')
    .option('--overwrite', 'If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.')
    .option('--all', 'Select all resources, in the namespace of the specified resource types.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-f, --filename <file...>', 'Filename, directory, or URL to files identifying the resource to update the annotation')
    .option('--resource-version <version>', 'If non-empty, the annotation update will only succeed if this is the current resource-version for the object.')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .addHelpText('after', `\nExamples:\n  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'\n  kubesim annotate pods foo description='my frontend'\n\n  # Record why a deployment changed, as rollout history shows it\n  kubesim annotate deployment web kubernetes.io/change-cause='image 1.26'\n`)
    .action(async (args: string[], opts: MetadataMapOptions, cmd: Command) => run(args, opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
