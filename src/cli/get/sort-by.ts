/**
 * kubectl get's --sort-by (kubectl/pkg/cmd/get/sorter.go): a JSONPath evaluated with missing keys allowed on each
 * decoded object, compared by its first value with kubectl's isLess (whole numbers, floats, strings that are both
 * quantities by value, other strings bytewise — 1.32 no longer sorts them naturally, so `p-10` comes before `p-9`,
 * nulls first), sorted with Go's unstable sort. Objects without the field are "less" than anything, both ways
 * round, as upstream: where they end up is the algorithm's.
 */
import type { TableRow } from '../../printers/table/index.js';
import { relaxedJsonPathExpression } from '../../printers/custom-columns.js';
import { JsonPath } from '../../printers/jsonpath/jsonpath.js';
import { FloatLiteral, NO_VALUE, goQuote, goSharpV, isGoInt, type GoValue } from '../../printers/jsonpath/go-format.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { goSort } from './go-sort.js';

/** A sort-by failure kubectl reports as `error: <message>`. */
export class SortError extends Error {
  override name = 'SortError';
}

/** kubectl dying through klog (Exitf exits 1, Fatalf 255): one `F` line on stderr, nothing else printed after. */
export class KlogFatal extends Error {
  override name = 'KlogFatal';
  constructor(
    /** `sorter.go:375`, the file and line of the klog call in kubectl 1.32. */
    readonly location: string,
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** isLess could not compare two values (fmt text of upstream's error). */
class UnsortableError extends Error {}

/** The sort field as NewRuntimeSorter and SortingPrinter take it: relaxed (`.a.b` → `{.a.b}`) when that works, else as typed. */
export function relaxedOrRaw(sortBy: string): string {
  try {
    return relaxedJsonPathExpression(sortBy);
  } catch {
    return sortBy;
  }
}

type GoType = 'nil' | 'int64' | 'float64' | 'string' | 'bool' | 'map[string]interface {}' | '[]interface {}';

/** The dynamic type of a value decoded from JSON into an interface{} (apimachinery keeps whole numbers as int64). */
function goTypeOf(v: GoValue): GoType {
  if (v === null || v === undefined || v === NO_VALUE) return 'nil';
  if (v instanceof FloatLiteral) return 'float64';
  switch (typeof v) {
    case 'number':
      return isGoInt(v) ? 'int64' : 'float64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

const numberOf = (v: GoValue) => (v instanceof FloatLiteral ? v.value : (v as number));

/**
 * isLess for two values found in decoded objects (reflect.Interface): nil before anything, int64 and float64 only
 * against their own type, two quantities by value, other strings as Go compares them; throws UnsortableError otherwise.
 */
export function isLess(i: GoValue, j: GoValue): boolean {
  const ti = goTypeOf(i);
  const tj = goTypeOf(j);
  if (ti === 'nil' && tj === 'nil') return false;
  if (ti === 'nil') return true;
  if (tj === 'nil') return false;
  switch (ti) {
    case 'int64':
    case 'float64':
      if (tj === ti) return numberOf(i) < numberOf(j);
      break;
    case 'string':
      if (tj === 'string') {
        const qi = tryParseQuantity(i);
        const qj = qi ? tryParseQuantity(j) : undefined;
        if (qi && qj) return qi.cmp(qj) < 0;
        return compareGoStrings(i as string, j as string) < 0;
      }
      break;
    default:
      throw new UnsortableError(`unsortable type: ${ti}`);
  }
  throw new UnsortableError('unsortable interface: interface');
}

/** fmt's %#v of an error from the jsonpath engine (fmt.Errorf without %w makes an *errors.errorString). */
const errorSharpV = (e: unknown) => `&errors.errorString{s:${goQuote((e as Error).message)}}`;

/** The first value of a result set, or undefined when there is none (`len(v) == 0 || len(v[0]) == 0`). */
const firstValue = (values: GoValue[][]): { value: GoValue } | undefined => (values.length > 0 && values[0]!.length > 0 ? { value: values[0]![0] } : undefined);

function parseSortField(field: string): JsonPath {
  return new JsonPath(field, { allowMissingKeys: true });
}

/**
 * SortObjects: the order of objects (each the decoded JSON of one object) by fieldInput, as the positions they had
 * before (result[k] is the original index of the object now k-th). Throws SortError for a bad expression, an
 * evaluation error, or a field no object has; KlogFatal where kubectl exits from inside the sort.
 */
export function sortObjects(objects: readonly unknown[], fieldInput: string): number[] {
  let field: string;
  let parser: JsonPath;
  try {
    field = relaxedJsonPathExpression(fieldInput);
    parser = parseSortField(field);
  } catch (e) {
    throw new SortError((e as Error).message);
  }
  let found = false;
  for (const obj of objects) {
    let values: GoValue[][];
    try {
      values = parser.findResults(obj);
    } catch (e) {
      throw new SortError((e as Error).message);
    }
    if (firstValue(values)) {
      found = true;
      break;
    }
  }
  if (!found) throw new SortError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);

  const items = [...objects];
  const positions = items.map((_, k) => k);
  // RuntimeSort.Less evaluates the path on both objects at every comparison; its results (and errors) are per object.
  const cache = new Map<unknown, { values?: GoValue[][]; error?: unknown }>();
  const valuesOf = (obj: unknown) => {
    let entry = cache.get(obj);
    if (!entry) {
      try {
        entry = { values: parser.findResults(obj) };
      } catch (error) {
        entry = { error };
      }
      cache.set(obj, entry);
    }
    return entry;
  };
  const unstructuredSharpV = (obj: unknown) => `&unstructured.Unstructured{Object:${goSharpV(obj, false)}}`;
  goSort(items.length, {
    less(i, j) {
      const iv = valuesOf(items[i]);
      if (iv.error) throw new KlogFatal('sorter.go:310', `Failed to get i values for ${unstructuredSharpV(items[i])} using ${field} (${errorSharpV(iv.error)})`, 255);
      const jv = valuesOf(items[j]);
      if (jv.error) throw new KlogFatal('sorter.go:315', `Failed to get j values for ${unstructuredSharpV(items[j])} using ${field} (${(jv.error as Error).message})`, 255);
      const a = firstValue(iv.values!);
      if (!a) return true;
      const b = firstValue(jv.values!);
      if (!b) return false;
      try {
        return isLess(a.value, b.value);
      } catch (e) {
        if (!(e instanceof UnsortableError)) throw e;
        throw new KlogFatal('sorter.go:329', `Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: ${e.message}`, 1);
      }
    },
    swap(i, j) {
      [items[i], items[j]] = [items[j], items[i]];
      [positions[i], positions[j]] = [positions[j], positions[i]];
    },
  });
  return positions;
}

/**
 * NewTableSorter and Sort: the rows of a server Table ordered by each row's embedded object (the table must have
 * been asked for with includeObject=Object). Throws SortError where upstream returns an error, KlogFatal where it exits.
 */
export function sortTableRows(rows: readonly TableRow[], field: string): TableRow[] {
  let parser: JsonPath;
  try {
    parser = parseSortField(field);
  } catch (e) {
    throw new SortError(`sorting error: ${(e as Error).message}`);
  }
  const parsed: GoValue[][][] = [];
  let found = false;
  for (const row of rows) {
    let values: GoValue[][];
    try {
      values = parser.findResults(row.object);
    } catch (e) {
      throw new SortError(`Failed to get values for [][]reflect.Value(nil) using ${field} (${errorSharpV(e)})`);
    }
    parsed.push(values);
    if (firstValue(values)) found = true;
  }
  if (rows.length > 0 && !found) throw new SortError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);

  const sorted = [...rows];
  goSort(sorted.length, {
    less(i, j) {
      const a = firstValue(parsed[i]!);
      if (!a) return true;
      const b = firstValue(parsed[j]!);
      if (!b) return false;
      try {
        return isLess(a.value, b.value);
      } catch (e) {
        if (!(e instanceof UnsortableError)) throw e;
        throw new KlogFatal('sorter.go:375', `Field ${field} in [][][]reflect.Value is an unsortable type: interface, err: ${e.message}`, 1);
      }
    },
    swap(i, j) {
      [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
      [parsed[i], parsed[j]] = [parsed[j], parsed[i]];
    },
  });
  return sorted;
}
