/**
 * `kubesim scheduler explain`: a pod's scheduling record (the scheduler's `kubesim.io/scheduler-explain`
 * annotation) as text: a header saying what the last attempt decided, then each filter plugin's verdict per node
 * and each score plugin's scores per feasible node, in kubectl-style aligned columns, as kube-scheduler-simulator
 * shows them in its UI. The record's type is in api/, shared with the scheduler that writes it.
 */
import type { ExplainFilter, ExplainNode, ExplainRecord, ExplainScore } from '../api/scheduler-explain-record.js';
import { humanDuration } from '../util/human-duration.js';
import { kubectlTabWriterOptions, tabwrite, type TabWriterOptions } from './tab-writer.js';

export {
  ExplainAnnotation as SchedulerExplainAnnotation,
  readExplainRecord as schedulerExplainOf,
  type ExplainFilter as SchedulerExplainFilter,
  type ExplainNode as SchedulerExplainNode,
  type ExplainRecord as SchedulerExplainRecord,
  type ExplainScore as SchedulerExplainScore,
} from '../api/scheduler-explain-record.js';

/** What a filter cell says when the plugin let the node through. */
export const Passed = 'passed';
/** A plugin after the one that rejected the node: the framework stops at the first rejection. */
export const NotRun = '-';
/** A plugin that did not run on a node the filters reached (its PreFilter returned Skip, or it did not score). */
export const Skipped = 'skipped';

/** describe's tabwriter settings (tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)), for the header's `Key:  value` lines. */
const describeTabWriterOptions: TabWriterOptions = { minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' };

/** A cell's text on one line (a tab or newline would break the columns). */
const cell = (s: string) => s.replace(/[\t\n\v\f\r]+/g, ' ');

const rejecting = (f: ExplainFilter) => f.code !== 'Success';

/** A filter verdict: `passed`, the reasons of a rejection, or the code and reasons of anything else (an error). */
function verdict(f: ExplainFilter): string {
  if (!rejecting(f)) return Passed;
  const reasons = (f.reasons ?? []).join(', ');
  if (f.code === 'Unschedulable' || f.code === 'UnschedulableAndUnresolvable') return reasons || f.code;
  return reasons ? `${f.code}: ${reasons}` : f.code;
}

/** One node's row of the filter table: a verdict per plugin column. */
function filterRow(node: ExplainNode, plugins: readonly string[]): string[] {
  const byPlugin = new Map(node.filters.map((f) => [f.plugin, f]));
  const rejectedAt = node.filters.findIndex(rejecting);
  const rejectedBy = rejectedAt >= 0 ? node.filters[rejectedAt]!.plugin : undefined;
  let afterRejection = false;
  return plugins.map((p) => {
    const f = byPlugin.get(p);
    if (f) {
      if (p === rejectedBy) afterRejection = true;
      return verdict(f);
    }
    return afterRejection ? NotRun : Skipped;
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The header's lines, as `Key:\tvalue`. */
function headerLines(pod: { namespace?: string; name: string }, r: ExplainRecord, now?: Date): string[] {
  const lines: string[] = [];
  lines.push(`Pod:\t${pod.namespace ? `${pod.namespace}/` : ''}${pod.name}`);
  lines.push(`Scheduler:\t${r.scheduler}`);
  const t = Date.parse(r.time);
  const ago = now && !Number.isNaN(t) ? ` (${humanDuration(now.getTime() - t)} ago)` : '';
  lines.push(`Attempt:\t${r.attempt} at ${r.time}${ago}`);
  if (r.outcome === 'Scheduled' && r.selectedNode) lines.push(`Outcome:\tScheduled to ${r.selectedNode}`);
  else lines.push(`Outcome:\t${r.outcome}`);
  if (r.message) lines.push(`Message:\t${cell(r.message)}`);
  lines.push(`Nodes:\t${r.numNodes} in the cluster, ${r.evaluatedNodes} evaluated, ${r.feasibleNodes} feasible`);
  if (r.preFilter) {
    const by = r.preFilter.plugin ? `${r.preFilter.plugin} ` : '';
    lines.push(`PreFilter:\t${by}rejected the pod (${r.preFilter.code}): ${cell(r.preFilter.message)}`);
  } else if (r.preFilterNodeNames) {
    const names = r.preFilterNodeNames.length ? `: ${r.preFilterNodeNames.join(', ')}` : '';
    lines.push(`PreFilter:\tnarrowed the search to ${r.preFilterNodeNames.length} of ${plural(r.numNodes, 'node', 'nodes')}${names}`);
  }
  if (r.nominatedNodeName) lines.push(`Nominated Node:\t${r.nominatedNodeName} (filtered first)`);
  if (r.postFilter) {
    const by = r.postFilter.plugin || 'PostFilter';
    if (r.postFilter.nominatedNodeName) lines.push(`PostFilter:\t${by} nominated ${r.postFilter.nominatedNodeName}; the pod waits for its victims to go`);
    else lines.push(`PostFilter:\t${by} (${r.postFilter.code})${r.postFilter.message ? `: ${cell(r.postFilter.message)}` : ''}`);
  }
  return lines;
}

/** The filter table: one row per filtered node, one column per filter plugin. */
function filterSection(r: ExplainRecord): string {
  const filtered = r.nodes.filter((n) => n.filters.length > 0);
  if (r.preFilter) return 'Filters: none ran (PreFilter rejected the pod)\n';
  if (filtered.length === 0) return 'Filters: no node was filtered\n';
  // The profile's filter plugins, then any a record names that the list lacks (none, from kubesim's scheduler).
  const plugins = [...r.filterPlugins];
  for (const n of filtered) for (const f of n.filters) if (!plugins.includes(f.plugin)) plugins.push(f.plugin);
  const rows = [['NODE', ...plugins], ...filtered.map((n) => [n.name, ...filterRow(n, plugins)])];
  return `Filters:\n${tabwrite(rows.map((row) => row.map(cell).join('\t')).join('\n') + '\n', kubectlTabWriterOptions)}`;
}

/** The score table: one row per scored node (best first, the pick marked), a `raw -> normalized xweight = weighted` cell per score plugin. */
function scoreSection(r: ExplainRecord): string {
  const scored = r.nodes.filter((n) => n.scores !== undefined);
  if (scored.length === 0) {
    if (r.outcome === 'Error') return 'Scores: none computed (the attempt ended with an error)\n';
    if (r.feasibleNodes === 1 && r.selectedNode) return `Scores: none computed (${r.selectedNode} was the only feasible node)\n`;
    if (r.feasibleNodes === 0) return 'Scores: none computed (no feasible node)\n';
    return 'Scores: none recorded\n';
  }
  const weight = new Map(r.scorePlugins.map((p) => [p.name, p.weight]));
  const plugins = r.scorePlugins.map((p) => p.name);
  for (const n of scored) for (const s of n.scores!) if (!plugins.includes(s.plugin)) plugins.push(s.plugin);
  // The pick is marked in a first column, as `kubectl config get-contexts` marks the current context.
  const rows = [['SELECTED', 'NODE', ...plugins, 'TOTAL']];
  for (const n of scored) {
    const byPlugin = new Map(n.scores!.map((s) => [s.plugin, s]));
    const cells = plugins.map((p) => {
      const s = byPlugin.get(p);
      if (!s) return Skipped;
      const w = weight.get(p);
      return `${s.raw} -> ${s.normalized} x${w ?? '?'} = ${s.weighted}`;
    });
    const total = n.totalScore ?? n.scores!.reduce((sum, s) => sum + s.weighted, 0);
    rows.push([n.name === r.selectedNode ? '*' : '', n.name, ...cells, String(total)]);
  }
  return `Scores (raw -> normalized x weight = weighted):\n${tabwrite(rows.map((row) => row.map(cell).join('\t')).join('\n') + '\n', kubectlTabWriterOptions)}`;
}

/**
 * The whole explanation of one pod's last attempt. `now`, when given, adds how long ago the attempt was.
 */
export function renderSchedulerExplain(pod: { namespace?: string; name: string }, record: ExplainRecord, now?: Date): string {
  let out = tabwrite(headerLines(pod, record, now).join('\n') + '\n', describeTabWriterOptions);
  out += `\n${filterSection(record)}`;
  out += `\n${scoreSection(record)}`;
  if (record.omittedNodes) out += `\n${plural(record.omittedNodes, 'more node was', 'more nodes were')} evaluated but left out of the record.\n`;
  return out;
}
