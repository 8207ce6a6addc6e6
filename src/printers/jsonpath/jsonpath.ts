/**
 * kubectl's JSONPath engine, ported from k8s.io/client-go/util/jsonpath/jsonpath.go as kubectl 1.32 runs it:
 * the same walk over decoded JSON, the same range/end bookkeeping, the same errors and the same printing
 * (scalars with Go's %v, maps and lists as compact JSON, null as `null`, results joined by a space).
 * One deliberate difference: Go visits map entries in random order for `*` and `..`; we visit them sorted.
 */
import { compareGoStrings } from '../../api/patch/json-value.js';
import { marshalJson, marshalJsonIndent } from '../json.js';
import { FloatLiteral, NO_VALUE, formatGoFloat, formatGoNumber, goSprint, isGoInt, type GoValue } from './go-format.js';
import { parseJsonPath, type ListNode, type Node } from './parser.js';

/** An error while walking a template over an object; the message is upstream's. */
export class JsonPathExecutionError extends Error {
  override name = 'JsonPathExecutionError';
}

const isMap = (v: GoValue): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof FloatLiteral);
const isNil = (v: GoValue) => v === null || v === undefined;
const utf8 = new TextEncoder();

/** The Go type name of a value, as `%v is not array or slice` prints it. */
function goTypeName(v: GoValue): string {
  if (isMap(v)) return 'map[string]interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof FloatLiteral) return 'float64';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return isGoInt(v) ? 'int64' : 'float64';
  }
  return '<nil>';
}

/** The elements `*` and `..` descend into: map values (sorted by key), list items, the bytes of a string. */
function children(v: GoValue): GoValue[] {
  if (isMap(v)) return Object.keys(v).sort(compareGoStrings).map((k) => v[k]);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...utf8.encode(v)];
  return [];
}

const Kind = { bool: 'bool', int: 'int', float: 'float', string: 'string' } as const;
type BasicKind = (typeof Kind)[keyof typeof Kind];

function basicKind(v: GoValue): BasicKind {
  if (typeof v === 'boolean') return Kind.bool;
  if (v instanceof FloatLiteral) return Kind.float;
  if (typeof v === 'number') return isGoInt(v) ? Kind.int : Kind.float;
  if (typeof v === 'string') return Kind.string;
  throw new JsonPathExecutionError('invalid type for comparison');
}

const numberOf = (v: GoValue) => (v instanceof FloatLiteral ? v.value : (v as number));

/** text/template's eq, as the filter uses it. */
function eq(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new JsonPathExecutionError('incompatible types for comparison');
  if (ka === Kind.int || ka === Kind.float) return numberOf(a) === numberOf(b);
  return a === b;
}

/** text/template's lt. */
function lt(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new JsonPathExecutionError('incompatible types for comparison');
  if (ka === Kind.bool) throw new JsonPathExecutionError('invalid type for comparison');
  if (ka === Kind.string) return compareGoStrings(a as string, b as string) < 0;
  return numberOf(a) < numberOf(b);
}

const OPERATORS: Record<string, (a: GoValue, b: GoValue) => boolean> = {
  '<': lt,
  '>': (a, b) => !(lt(a, b) || eq(a, b)),
  '==': eq,
  '!=': (a, b) => !eq(a, b),
  '<=': (a, b) => lt(a, b) || eq(a, b),
  '>=': (a, b) => !lt(a, b),
};

export interface JsonPathOptions {
  /** A missing field yields nothing instead of the error `x is not found` (kubectl get's default). */
  allowMissingKeys?: boolean;
  /** jsonpath-as-json: each result list printed as an indented JSON array. */
  outputJson?: boolean;
}

/** A parsed template, ready to run over objects. */
export class JsonPath {
  private readonly root: ListNode;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;

  /** Parses the template; throws JsonPathParseError with upstream's message. */
  constructor(
    template: string,
    private readonly options: JsonPathOptions = {},
  ) {
    this.root = parseJsonPath(template);
  }

  /** Execute: the text the template prints for data. */
  execute(data: unknown): string {
    return this.findResults(data)
      .map((r) => this.printResults(r))
      .join('');
  }

  /** FindResults: one list of values per top-level node (ranges add one per iteration). */
  findResults(data: unknown): GoValue[][] {
    this.beginRange = this.inRange = this.endRange = 0;
    this.lastEndNode = undefined;
    return this.find(data, this.root.nodes);
  }

  private find(data: unknown, nodes: Node[]): GoValue[][] {
    const cur: GoValue[] = [isNil(data) || data === NO_VALUE ? NO_VALUE : data];
    const full: GoValue[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(cur, nodes[i]!);
      // an end node: leave the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes[i];
        break;
      }
      // a range node: run the rest of the template once per result
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const rest = nodes.slice(i + 1);
        if (results.length > 0) for (const value of results) full.push(...this.find(value, rest));
        // an empty range still walks its body, so that the position reaches its end node
        else this.find(NO_VALUE, rest);
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  /** PrintResults: values joined by spaces; maps and lists as JSON. */
  printResults(results: GoValue[]): string {
    const values = this.options.outputJson ? [results] : results;
    return values
      .map((r, i) => {
        let text: string;
        if (this.options.outputJson) text = `${marshalJsonIndent(r, '    ')}\n`;
        else if (Array.isArray(r) || isMap(r)) text = marshalJson(r);
        else text = evalToText(r);
        return i !== values.length - 1 ? `${text} ` : text;
      })
      .join('');
  }

  private walk(input: GoValue[], node: Node): GoValue[] {
    switch (node.type) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.value);
      case 'array':
        return evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => node.value);
      case 'float':
        return input.map(() => new FloatLiteral(node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap((v) => (isNil(v) ? [] : children(v)));
      case 'recursive':
        return evalRecursive(input);
      case 'union':
        return node.nodes.flatMap((list) => this.evalList(input, list));
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: GoValue[], list: ListNode): GoValue[] {
    let cur = input;
    for (const node of list.nodes) cur = this.walk(cur, node);
    return cur;
  }

  private evalIdentifier(input: GoValue[], name: string): GoValue[] {
    switch (name) {
      case 'range':
        this.beginRange++;
        return input;
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return [];
        }
        throw new JsonPathExecutionError('not in range, nothing to end');
      default:
        throw new JsonPathExecutionError(`unrecognized identifier ${name}`);
    }
  }

  private evalField(input: GoValue[], name: string): GoValue[] {
    if (input.length === 0) return [];
    const results: GoValue[] = [];
    for (const v of input) {
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.options.allowMissingKeys) throw new JsonPathExecutionError(`${name} is not found`);
    return results;
  }

  private evalFilter(input: GoValue[], node: Extract<Node, { type: 'filter' }>): GoValue[] {
    const results: GoValue[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new JsonPathExecutionError(`${goSprint(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        let lefts: GoValue[] = [];
        let leftError: unknown;
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          leftError = e;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (leftError) throw leftError;
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathExecutionError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathExecutionError('can only compare one element at a time');
        const op = OPERATORS[node.operator];
        if (!op) throw new JsonPathExecutionError(`unrecognized filter operator ${node.operator}`);
        if (op(comparable(lefts[0]), comparable(rights[0]))) results.push(item);
      }
    }
    return results;
  }
}

/** What a filter compares: the value itself; nil and collections fail as invalid types. */
const comparable = (v: GoValue): GoValue => (v === NO_VALUE ? null : v);

function evalArray(input: GoValue[], nodeParams: Extract<Node, { type: 'array' }>['params']): GoValue[] {
  const result: GoValue[] = [];
  for (const v of input) {
    if (isNil(v)) continue;
    if (!Array.isArray(v)) throw new JsonPathExecutionError(`${goTypeName(v)} is not array or slice`);
    const params = nodeParams.map((p) => ({ ...p }));
    const [start, end, step] = params as [(typeof params)[0], (typeof params)[0], (typeof params)[0]];
    const length = v.length;
    if (!start.known) start.value = 0;
    if (start.value < 0) start.value += length;
    if (!end.known) end.value = length;
    if (end.value < 0 || (end.value === 0 && end.derived)) end.value += length;
    if (end.value === start.value) return result;
    if (start.value >= length || start.value < 0) throw new JsonPathExecutionError(`array index out of bounds: index ${start.value}, length ${length}`);
    if (end.value > length || end.value < 0) throw new JsonPathExecutionError(`array index out of bounds: index ${end.value - 1}, length ${length}`);
    if (start.value > end.value) throw new JsonPathExecutionError(`starting index ${start.value} is greater than ending index ${end.value}`);
    let by = 1;
    if (step.known) {
      if (step.value <= 0) throw new JsonPathExecutionError('step must be > 0');
      by = step.value;
    }
    const slice = v.slice(start.value, end.value);
    for (let i = 0; i < slice.length; i += by) result.push(slice[i]);
  }
  return result;
}

/** `..`: every value that has children, in document order, with its descendants after it. */
function evalRecursive(input: GoValue[]): GoValue[] {
  const result: GoValue[] = [];
  for (const v of input) {
    if (isNil(v)) continue;
    const kids = children(v);
    if (kids.length !== 0) {
      result.push(v);
      result.push(...evalRecursive(kids));
    }
  }
  return result;
}

/** evalToText: Go's %v of a scalar; nil as `null`, no value as `<no value>`. */
function evalToText(v: GoValue): string {
  if (v === NO_VALUE) return '<no value>';
  if (isNil(v)) return 'null';
  if (v instanceof FloatLiteral) return formatGoFloat(v.value);
  if (typeof v === 'number') return formatGoNumber(v);
  return goSprint(v);
}
