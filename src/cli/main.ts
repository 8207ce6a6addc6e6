/** The kubesim command: the one error boundary of the CLI. Verbs arrive with the CLI issue. */
import { Command } from 'commander';

const program = new Command('kubesim')
  .description('kubesim: a local Kubernetes control plane simulator')
  .argument('[command]')
  .allowExcessArguments(true)
  .addHelpText('after', '\nThis build holds the store and the API machinery; the kubectl-style verbs and `kubesim up` are not built yet.')
  .action((command: string | undefined) => {
    if (!command) {
      program.outputHelp();
      return;
    }
    process.stderr.write(`error: unknown command "${command}" for "kubesim"\n`);
    process.exitCode = 1;
  });

program.parse(process.argv);
