/**
 * Node selectors and node affinity against a Node, as component-helpers' scheduling/corev1/nodeaffinity: shared by
 * the scheduler's NodeAffinity plugin and the DaemonSet controller, so both read a pod's placement rules alike.
 */
import type { Node, NodeSelector as V1NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { aggregate, FieldPath, invalid, notSupported, type FieldError } from './field-error.js';
import { LabelSelectorError, newRequirement, Operator, selectorFromSet, type LabelSelector, type Labels, type Requirement, requirementMatches } from './label-selector.js';

/** metav1.ObjectNameField: the only field a node selector term may match on. */
export const ObjectNameField = 'metadata.name';

const validSelectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const validFieldSelectorOperators = ['In', 'NotIn'];

const labelOperator: Record<string, Operator> = {
  In: Operator.In,
  NotIn: Operator.NotIn,
  Exists: Operator.Exists,
  DoesNotExist: Operator.DoesNotExist,
  Gt: Operator.GreaterThan,
  Lt: Operator.LessThan,
};

/** One `field=value` / `field!=value` term of a node's fields. */
interface FieldTerm {
  key: string;
  equal: boolean;
  value: string;
}

/** A parsed term: labels ANDed with fields; a term with parse errors matches nothing and reports them. */
class ParsedTerm {
  matchLabels?: Requirement[];
  matchFields?: FieldTerm[];
  parseErrs: string[] = [];

  constructor(term: NodeSelectorTerm, path: FieldPath) {
    if (term.matchExpressions?.length) this.matchLabels = this.parseExpressions(term.matchExpressions, path.child('matchExpressions'));
    if (term.matchFields?.length) this.matchFields = this.parseFields(term.matchFields, path.child('matchFields'));
  }

  private parseExpressions(exprs: NodeSelectorRequirement[], path: FieldPath): Requirement[] | undefined {
    const reqs: Requirement[] = [];
    exprs.forEach((expr, i) => {
      const p = path.index(i);
      const op = labelOperator[expr.operator];
      if (!op) {
        this.parseErrs.push(notSupported(p.child('operator'), expr.operator, validSelectorOperators).toString());
        return;
      }
      try {
        reqs.push(newRequirement(expr.key, op, expr.values ?? [], p));
      } catch (e) {
        if (!(e instanceof LabelSelectorError)) throw e;
        this.parseErrs.push(e.message);
      }
    });
    return reqs;
  }

  private parseFields(exprs: NodeSelectorRequirement[], path: FieldPath): FieldTerm[] {
    const terms: FieldTerm[] = [];
    const errs: FieldError[] = [];
    exprs.forEach((expr, i) => {
      const p = path.index(i);
      if (expr.operator === 'In' || expr.operator === 'NotIn') {
        if (expr.values?.length !== 1) errs.push(invalid(p.child('values'), expr.values ?? [], 'must have one element'));
        else terms.push({ key: expr.key, equal: expr.operator === 'In', value: expr.values[0]! });
      } else {
        errs.push(notSupported(p.child('operator'), expr.operator, validFieldSelectorOperators));
      }
    });
    this.parseErrs.push(...errs.map((e) => e.toString()));
    return terms;
  }

  /** Labels must all match; fields are checked only when the node has any (a node without a name has none). */
  match(labels: Labels, nodeName: string): boolean {
    if (this.parseErrs.length) return false;
    if (this.matchLabels && !this.matchLabels.every((r) => requirementMatches(r, labels))) return false;
    if (this.matchFields && nodeName !== '') {
      for (const f of this.matchFields) {
        const actual = f.key === ObjectNameField ? nodeName : '';
        if ((actual === f.value) !== f.equal) return false;
      }
    }
    return true;
  }
}

const isEmptyTerm = (t: NodeSelectorTerm | undefined) => !t || (!t.matchExpressions?.length && !t.matchFields?.length);

/**
 * A v1.NodeSelector that reports its parse errors only when no term matches (LazyErrorNodeSelector): terms are
 * ORed, an empty term selects nothing.
 */
export class LazyErrorNodeSelector {
  private readonly terms: ParsedTerm[];

  constructor(ns: V1NodeSelector, path?: FieldPath) {
    const p = path ? path.child('nodeSelectorTerms') : FieldPath.root('nodeSelectorTerms');
    this.terms = [];
    (ns.nodeSelectorTerms ?? []).forEach((term, i) => {
      if (!isEmptyTerm(term)) this.terms.push(new ParsedTerm(term, p.index(i)));
    });
  }

  /** Whether some term matches; the parse errors of the terms (aggregated) when none does. */
  match(node: Node | undefined): { matched: boolean; error?: string } {
    if (!node) return { matched: false };
    const labels = node.metadata?.labels;
    const name = node.metadata?.name ?? '';
    const errs: string[] = [];
    for (const term of this.terms) {
      if (term.parseErrs.length) {
        errs.push(...term.parseErrs);
        continue;
      }
      if (term.match(labels, name)) return { matched: true };
    }
    return errs.length ? { matched: false, error: aggregate(errs) } : { matched: false };
  }

  /** Every term's parse errors, in order. */
  parseErrors(): string[] {
    return this.terms.flatMap((t) => t.parseErrs);
  }
}

/** A v1.NodeSelector that refuses to be built with parse errors (nodeaffinity.NodeSelector). */
export class NodeSelector {
  private constructor(private readonly lazy: LazyErrorNodeSelector) {}

  /** Throws NodeAffinityParseError with every term's parse errors. */
  static parse(ns: V1NodeSelector, path?: FieldPath): NodeSelector {
    const lazy = new LazyErrorNodeSelector(ns, path);
    const errs = lazy.parseErrors();
    if (errs.length) throw new NodeAffinityParseError(aggregate(errs));
    return new NodeSelector(lazy);
  }

  match(node: Node | undefined): boolean {
    return this.lazy.match(node).matched;
  }
}

/** A node selector or preferred terms that do not parse; the message is upstream's aggregate. */
export class NodeAffinityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeAffinityParseError';
  }
}

/** []v1.PreferredSchedulingTerm ready to score a node: the sum of the weights of the matching terms. */
export class PreferredSchedulingTerms {
  private constructor(private readonly terms: Array<{ term: ParsedTerm; weight: number }>) {}

  /** Terms of weight 0 or without requirements are skipped; parse errors throw NodeAffinityParseError. */
  static parse(terms: readonly PreferredSchedulingTerm[], path?: FieldPath): PreferredSchedulingTerms {
    const parsed: Array<{ term: ParsedTerm; weight: number }> = [];
    const errs: string[] = [];
    terms.forEach((t, i) => {
      if (!t.weight || isEmptyTerm(t.preference)) return;
      const term = new ParsedTerm(t.preference, path ? path.index(i) : FieldPath.root(`[${i}]`));
      if (term.parseErrs.length) errs.push(...term.parseErrs);
      else parsed.push({ term, weight: t.weight });
    });
    if (errs.length) throw new NodeAffinityParseError(aggregate(errs));
    return new PreferredSchedulingTerms(parsed);
  }

  score(node: Node): number {
    const labels = node.metadata?.labels;
    const name = node.metadata?.name ?? '';
    let score = 0;
    for (const { term, weight } of this.terms) if (term.match(labels, name)) score += weight;
    return score;
  }
}

/** A pod's nodeSelector and required node affinity together (nodeaffinity.RequiredNodeAffinity). */
export class RequiredNodeAffinity {
  constructor(
    private readonly labelSelector: LabelSelector | undefined,
    private readonly nodeSelector: LazyErrorNodeSelector | undefined,
  ) {}

  /** Both must hold; parse errors of the affinity come back with a non-match only. */
  match(node: Node): { matched: boolean; error?: string } {
    if (this.labelSelector && !this.labelSelector.matches(node.metadata?.labels)) return { matched: false };
    if (this.nodeSelector) return this.nodeSelector.match(node);
    return { matched: true };
  }
}

/** GetRequiredNodeAffinity: parses the pod's spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution. */
export function getRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const ns = pod.spec?.nodeSelector;
  const selector = ns && Object.keys(ns).length > 0 ? selectorFromSet(ns) : undefined;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return new RequiredNodeAffinity(selector, required ? new LazyErrorNodeSelector(required) : undefined);
}

/** Whether the pod's nodeSelector and required node affinity let it run on node (parse errors never match). */
export function podMatchesNodeSelectorAndAffinityTerms(pod: Pod, node: Node): boolean {
  return getRequiredNodeAffinity(pod).match(node).matched;
}
