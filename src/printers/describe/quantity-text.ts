/** Quantities as Go's Quantity.String() prints a decoded one, and the resource-list helpers describers share. */
import { compareGoStrings } from '../../api/patch/json-value.js';
import { parseQuantity, type Quantity } from '../../util/quantity.js';

export type ResourceList = Readonly<Record<string, string | number>>;

/** A quantity's printed form; unparsable text is shown as stored. */
export function quantityText(raw: string | number | null | undefined): string {
  if (raw === undefined || raw === null) return '0';
  try {
    return parseQuantity(raw).toString();
  } catch {
    return String(raw);
  }
}

/** A quantity from stored JSON; zero when absent or unparsable (Go's zero Quantity). */
export function quantityFrom(raw: string | number | null | undefined): Quantity {
  if (raw === undefined || raw === null) return parseQuantity('0');
  try {
    return parseQuantity(raw);
  } catch {
    return parseQuantity('0');
  }
}

/** The quantity of a list entry, zero when absent (as ResourceList.Cpu() and friends). */
export const quantityOf = (list: ResourceList | null | undefined, name: string): Quantity => quantityFrom(list?.[name]);

/** SortedResourceNames. */
export const sortedResourceNames = (list: ResourceList | null | undefined) => Object.keys(list ?? {}).sort(compareGoStrings);
