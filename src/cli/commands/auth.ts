/**
 * `kubesim auth can-i`: whether a user may do something, as kubectl auth can-i asks the API server with a
 * SelfSubjectAccessReview (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go), decided here by kubesim's RBAC authorizer.
 * The CLI's own user is kubeadm's admin (kubernetes-admin in system:masters), who may do anything; --as and --as-group
 * ask for someone else, as kubectl's impersonation does.
 */
import { Option, type Command } from 'commander';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { resolveResource } from '../../api/kinds.js';
import { authorize, impersonatedUser, rulesFor, SystemPrivilegedGroup, type RequestAttributes, type UserInfo } from '../../api/rbac/authorizer.js';
import { loadRbacObjects } from '../../api/rbac/rbac-objects.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { tabwrite } from '../../printers/tab-writer.js';

export interface CanIOptions {
  allNamespaces?: boolean;
  quiet?: boolean;
  subresource?: string;
  list?: boolean;
  noHeaders?: boolean;
  as?: string;
  asGroup?: string[];
}

const resourceVerbs = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const nonResourceURLVerbs = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
/** Resources the server serves but discovery does not list (impersonation's users and groups). */
const nonStandardResourceNames = new Set(['users', 'groups']);

/** kubeadm's admin.conf user. */
export const cliUser: UserInfo = { name: 'kubernetes-admin', groups: [SystemPrivilegedGroup, 'system:authenticated'] };

interface Target {
  group: string;
  resource: string;
  /** Set when the resource type resolved; its scope. */
  namespaced?: boolean;
}

/** CanIOptions.resourceFor: the RESTMapper's answer, or the word as typed with a warning. */
function resourceFor(arg: string, warn: (s: string) => void): Target {
  if (arg === '*') return { group: '', resource: '*' };
  const lower = arg.toLowerCase();
  const kind = resolveResource(lower);
  if (kind) return { group: kind.group, resource: kind.plural, namespaced: kind.namespaced };
  // schema.ParseResourceArg: `a.b.c` is resource a, group b.c (when not a version).
  const dot = lower.indexOf('.');
  const groupResource = dot < 0 ? { resource: lower, group: '' } : { resource: lower.slice(0, dot), group: lower.slice(dot + 1) };
  const asString = groupResource.group ? `${groupResource.resource}.${groupResource.group}` : groupResource.resource;
  if (!nonStandardResourceNames.has(asString)) {
    if (!groupResource.group) warn(`the server doesn't have a resource type '${groupResource.resource}'`);
    else warn(`the server doesn't have a resource type '${groupResource.resource}' in group '${groupResource.group}'`);
  }
  return { group: '', resource: arg };
}

export async function canI(args: string[], opts: CanIOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const warn = (s: string) => deps.err.write(`Warning: ${s}\n`);
  let verb = '';
  let url = '';
  let target: Target | undefined;
  let name = '';
  if (opts.list) {
    if (args.length !== 0) throw new CliError('error: list option must be specified with no arguments');
  } else {
    if (args.length !== 2) {
      throw new CliError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubesim auth can-i -h' for help and examples.");
    }
    verb = args[0]!;
    if (args[1]!.startsWith('/')) url = args[1]!;
    else {
      const [res, ...rest] = args[1]!.split('/');
      target = resourceFor(res!, warn);
      if (rest.length) name = rest.join('/');
    }
  }
  const namespace = opts.allNamespaces ? '' : namespaceOf(global, deps);

  // Validate
  if (opts.list) {
    if (opts.quiet || opts.allNamespaces || opts.subresource) throw new CliError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
  } else {
    if (url) {
      if (opts.subresource) throw new CliError('error: --subresource can not be used with NonResourceURL');
      if (!nonResourceURLVerbs.has(verb)) warn(`verb '${verb}' is not a known verb`);
    } else if (target && !opts.allNamespaces) {
      if (target.namespaced === false) {
        if (!target.group) warn(`resource '${target.resource}' is not namespace scoped`);
        else warn(`resource '${target.resource}' is not namespace scoped in group '${target.group}'`);
      }
      if (!resourceVerbs.has(verb)) warn(`verb '${verb}' is not a known verb`);
    }
    if (opts.noHeaders) throw new CliError('error: --no-headers cannot be set without --list specified');
  }

  const user = opts.as !== undefined || (opts.asGroup ?? []).length > 0 ? impersonatedUser(opts.as ?? '', opts.asGroup ?? []) : cliUser;
  await withClient(deps, async (client) => {
    const objects = await loadRbacObjects(async (gvr) => (await client.resource(gvr).list()).items);
    if (opts.list) {
      printRules(rulesReview(objects, user, namespace), opts.noHeaders === true, deps);
      return;
    }
    const attrs: RequestAttributes = url
      ? { verb, path: url }
      : { verb, namespace, apiGroup: target!.group, resource: target!.resource, subresource: opts.subresource ?? '', name };
    const decision = authorize(objects, user, attrs);
    if (!opts.quiet) deps.out.write(decision.allowed ? 'yes\n' : `no${decision.reason ? ` - ${decision.reason}` : ''}\n`);
    if (!decision.allowed) throw new CliError('', 1);
  });
}

/** SelfSubjectRulesReview: the rules RBAC grants the user in the namespace (system:masters' come from cluster-admin's binding). */
function rulesReview(objects: Parameters<typeof rulesFor>[0], user: UserInfo, namespace: string): PolicyRule[] {
  return rulesFor(objects, user, namespace).rules.map((r) => r.rule);
}

/** rbacutil.BreakdownRule: one rule per group, resource, verb and resource name (or URL and verb). */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if ((rule.resourceNames ?? []).length > 0) {
          for (const name of rule.resourceNames!) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** rbacutil.CompactRules: rules of one group, resource and (at most one) name that differ only by verb become one. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames?.length ?? 0) <= 1 && !(r.nonResourceURLs?.length) && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

/** PolicyRule.String() (gogo-protobuf's), by which rbacutil.SortableRuleSlice sorts. */
const ruleString = (r: PolicyRule) =>
  `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;

/** describe.CombineResourceGroup: `deployments.apps`, `pods/log`. */
function combineResourceGroup(resources: string[] = [], groups: string[] = []): string {
  if (resources.length === 0) return '';
  const parts = resources[0]!.split('/');
  const combine = groups.length > 0 && groups[0] !== '' ? `${parts[0]}.${groups[0]}` : parts[0]!;
  return parts.length === 2 ? `${combine}/${parts[1]}` : combine;
}

/** printStatus: the rules broken down, compacted, sorted, in kubectl's tab writer. */
function printRules(rules: PolicyRule[], noHeaders: boolean, deps: CliDeps): void {
  const compacted = compact(rules.flatMap(breakdown));
  const keyed = compacted.map((r) => ({ r, k: ruleString(r) }));
  // sort.Stable over strings.Compare (byte order).
  keyed.sort((a, b) => (Buffer.compare(Buffer.from(a.k), Buffer.from(b.k))));
  let text = noHeaders ? '' : 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n';
  for (const { r } of keyed) text += `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`;
  deps.out.write(tabwrite(text));
}

export function register(program: Command, deps: CliDeps): void {
  const auth = program.command('auth').description('Inspect authorization');
  auth
    .command('can-i')
    .description('Check whether an action is allowed')
    .argument('[args...]', 'VERB [TYPE | TYPE/NAME | NONRESOURCEURL]')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.')
    .option('-q, --quiet', 'If true, suppress output and just return the exit code.')
    .option('--subresource <subresource>', 'SubResource such as pod/log or deployment/scale')
    .option('--list', 'If true, prints all allowed actions.')
    .option('--no-headers', 'If true, prints allowed actions without headers')
    // kubectl's global impersonation flags (listed by `kubectl options`); kubesim's other commands do not impersonate.
    .addOption(new Option('--as <user>', 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.').hideHelp())
    .addOption(new Option('--as-group <group...>', 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.').hideHelp())
    // commander turns --no-headers into headers=false.
    .action(async (args: string[], opts: CanIOptions & { headers?: boolean }, cmd: Command) =>
      canI(args, { ...opts, noHeaders: opts.headers === false }, cmd.optsWithGlobals() as GlobalOptions, deps),
    );
}
