/** The label and field selectors of a list or watch, compiled once into a predicate over objects. */
import * as apierrors from '../api/errors.js';
import { fieldSelectorFor, fieldsOf, FieldSelectorError } from '../api/field-selector.js';
import type { KindInfo } from '../api/kinds.js';
import { labelSelectorAsSelector, LabelSelectorError, parseLabelSelector, type LabelSelector, type MetaLabelSelector } from '../api/label-selector.js';
import type { KubeObject } from '../api/object.js';

export type ObjectFilter = (obj: KubeObject) => boolean;

const everything: ObjectFilter = () => true;

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
  return (obj) => (!labels || labels.matches(obj.metadata.labels)) && (!fields || fields.matches(fieldsOf(resource, obj)));
}

/** A metav1.LabelSelector as a selector (for the Scale subresource's status.selector). */
export function selectorFromLabelSelector(sel: MetaLabelSelector): LabelSelector {
  return labelSelectorAsSelector(sel);
}
