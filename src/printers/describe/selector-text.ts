/** Selectors as describers print them: labels.Selector's String() (empty for `{}`), or an error text. */
import { LabelSelectorError, labelSelectorAsSelector, type MetaLabelSelector } from '../../api/label-selector.js';

/** `%s` of metav1.LabelSelectorAsSelector(sel): `app=web,tier in (a,b)`; '' selects everything; a nil selector selects nothing. */
export function selectorString(sel: MetaLabelSelector | null | undefined): string {
  return labelSelectorAsSelector(sel).toString();
}

/** The selector's text, or the error upstream would report for it. */
export function trySelectorString(sel: MetaLabelSelector | null | undefined): { text: string } | { error: string } {
  try {
    return { text: selectorString(sel) };
  } catch (e) {
    if (e instanceof LabelSelectorError) return { error: e.message };
    throw e;
  }
}
