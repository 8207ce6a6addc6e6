/** The label and field selectors of a list or watch, compiled once into a predicate over objects. */
import * as apierrors from '../api/errors.js';
import { fieldSelectorFor, fieldsOf, FieldSelectorError } from '../api/field-selector.js';
import type { KindInfo } from '../api/kinds.js';
import { labelSelectorAsSelector, LabelSelectorError, parseLabelSelector, type LabelSelector, type MetaLabelSelector } from '../api/label-selector.js';
import type { KubeObject } from '../api/object.js';

/**
 * A compiled selection. `fields`, when given, caches the object's selectable fields, so the many watches that
 * test one stored change (a kubelet's `spec.nodeName=X` each) compute them once.
 */
export interface ObjectFilter {
  (obj: KubeObject, fields?: FieldsMemo): boolean;
  /** True when the selection is empty: every object matches. */
  readonly everything: boolean;
}

/** Selectable fields of one object, by resource. */
export type FieldsMemo = Map<string, Record<string, string>>;

const everything: ObjectFilter = Object.assign(() => true, { everything: true });

export function compileFilter(kind: KindInfo, labelSelector?: string, fieldSelector?: string): ObjectFilter {
  const resource = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
  let labels: LabelSelector | undefined;
  let fields: ReturnType<typeof fieldSelectorFor> | undefined;
  try {
    if (labelSelector) labels = parseLabelSelector(labelSelector);
    if (fieldSelector) fields = fieldSelectorFor(resource, fieldSelector);
  } catch (e) {
    if (e instanceof LabelSelectorError || e instanceof FieldSelectorError) throw apierrors.badRequest(e.message);
    throw e;
  }
  if (labels?.isEmpty()) labels = undefined;
  if (fields?.isEmpty()) fields = undefined;
  if (!labels && !fields) return everything;
  const selected = (obj: KubeObject, memo?: FieldsMemo): boolean =>
    (!labels || labels.matches(obj.metadata.labels)) && (!fields || fields.matches(memo ? memoFields(memo, resource, obj) : fieldsOf(resource, obj)));
  return Object.assign(selected, { everything: false });
}

function memoFields(memo: FieldsMemo, resource: string, obj: KubeObject): Record<string, string> {
  let f = memo.get(resource);
  if (!f) memo.set(resource, (f = fieldsOf(resource, obj)));
  return f;
}

/** A metav1.LabelSelector as a selector (for the Scale subresource's status.selector). */
export function selectorFromLabelSelector(sel: MetaLabelSelector): LabelSelector {
  return labelSelectorAsSelector(sel);
}
