/** `kubesim --help`: kubectl's root help, with kubesim's commands in kubectl's groups and its own in "Cluster Lifecycle Commands". */
import { commands, type CommandGroup } from '../commands/index.js';
import { namePadding, type HelpGroup, type HelpView } from './render-help.js';

/** The groups in the order the help lists them; kubectl's titles, and kubesim's lifecycle group first. */
export const groupTitles: Record<CommandGroup, string> = {
  lifecycle: 'Cluster Lifecycle Commands:',
  beginner: 'Basic Commands (Beginner):',
  intermediate: 'Basic Commands (Intermediate):',
  deploy: 'Deploy Commands:',
  cluster: 'Cluster Management Commands:',
  troubleshooting: 'Troubleshooting and Debugging Commands:',
  advanced: 'Advanced Commands:',
  settings: 'Settings Commands:',
  other: 'Other Commands:',
};

export const rootLong = 'kubesim controls a simulated Kubernetes cluster, as kubectl controls a real one.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/';

/** The root's help view; "Other Commands" are sorted by name, as cobra lists commands outside the groups. */
export function rootHelpView(): HelpView {
  const groups: HelpGroup[] = (Object.keys(groupTitles) as CommandGroup[]).map((group) => {
    const members = commands.filter((c) => c.group === group).map((c) => ({ name: c.name, short: c.description }));
    if (group === 'other') members.sort((a, b) => (a.name < b.name ? -1 : 1));
    return { title: groupTitles[group], commands: members };
  });
  return {
    path: ['kubesim'],
    long: rootLong,
    groups,
    namePadding: namePadding([...commands.map((c) => c.name), 'options', 'help']),
    flags: [],
    usage: 'kubesim [flags] [options]',
    hasSubcommands: true,
  };
}
