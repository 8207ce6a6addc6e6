/**
 * go-yaml v2's decode.go for an `interface{}` target, as yaml.Unmarshal(data, &obj) runs it inside sigs.k8s.io/yaml:
 * the first document of the text becomes a tree of nodes (anchors resolved, later documents never read), then Go
 * values: maps keyed by any scalar (so `1` and `"1"` are different keys), later duplicates replacing earlier ones,
 * `<<` merges applied as go-yaml applies them, errors worded as Go's (`yaml: line 3: ...`, `yaml: unknown anchor 'x'
 * referenced`).
 */
import { EventType, eventTypeName, Parser, type YamlEvent } from './parser.js';
import { GoUint64, resolve, ResolveError, Tag, type Resolved } from './resolve.js';
import { ErrorKind } from './scanner.js';

/** A go-yaml error (what handleErr returns): the message starts with `yaml: `. */
export class YamlError extends Error {}

/** Go's map[interface{}]interface{}, keys compared as Go compares interface values. */
export class GoMap {
  private readonly entries = new Map<unknown, [GoValue, GoValue]>();

  set(key: GoValue, value: GoValue): void {
    this.entries.set(identity(key), [key, value]);
  }

  [Symbol.iterator](): IterableIterator<[GoValue, GoValue]> {
    return this.entries.values();
  }
}

/** Go's nil, bool, int (bigint), uint64, float64 (number), string, []interface{} and map[interface{}]interface{}. */
export type GoValue = Resolved | GoValue[] | GoMap;

/** The key a Go map would use for an interface value: dynamic type and value; every NaN is a key of its own. */
function identity(key: GoValue): unknown {
  if (key === null) return 'nil';
  switch (typeof key) {
    case 'bigint':
      return `int:${key}`;
    case 'number':
      return Number.isNaN(key) ? Symbol('NaN') : `float:${key === 0 ? 0 : key}`;
    case 'string':
      return `string:${key}`;
    case 'boolean':
      return `bool:${key}`;
  }
  if (key instanceof GoUint64) return `uint:${key.value}`;
  return Symbol('unhashable');
}

const NodeKind = { DOCUMENT: 1, MAPPING: 2, SEQUENCE: 4, SCALAR: 8, ALIAS: 16 } as const;
type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

interface Node {
  kind: NodeKind;
  line: number;
  column: number;
  tag: string;
  alias?: Node;
  value: string;
  implicit: boolean;
  children: Node[];
  anchors?: Map<string, Node>;
}

const text = (b: readonly number[] | undefined) => (b ? Buffer.from(b).toString('utf8') : '');
const failf = (msg: string): never => {
  throw new YamlError(`yaml: ${msg}`);
};

/** decode.go's `parser`: events to nodes. */
class Composer {
  private readonly parser: Parser;
  private event: YamlEvent = { type: EventType.NONE, startMark: { index: 0, line: 0, column: 0 }, endMark: { index: 0, line: 0, column: 0 } };
  private doc: Node | undefined;
  private doneInit = false;

  constructor(input: Uint8Array) {
    this.parser = new Parser(input.length === 0 ? new Uint8Array([0x0a]) : input);
  }

  private next(): void {
    const event = this.parser.parse();
    if (!event) this.fail();
    this.event = event;
  }

  private expect(e: EventType): void {
    if (this.event.type === EventType.NONE) this.next();
    if (this.event.type === EventType.STREAM_END) failf('attempted to go past the end of stream; corrupted value?');
    if (this.event.type !== e) {
      this.parser.problem = `expected ${eventTypeName(e)} event but got ${eventTypeName(this.event.type)}`;
      this.fail();
    }
    this.event = { ...this.event, type: EventType.NONE };
  }

  private peek(): EventType {
    if (this.event.type !== EventType.NONE) return this.event.type;
    this.next();
    return this.event.type;
  }

  /** p.fail: scanner errors' lines count from 1, parser errors' from 0 (go-yaml's quirk), none on line 0. */
  private fail(): never {
    const p = this.parser;
    let line = 0;
    if (p.problemMark.line !== 0) {
      line = p.problemMark.line;
      if (p.error === ErrorKind.SCANNER) line++;
    } else if (p.contextMark.line !== 0) {
      line = p.contextMark.line;
    }
    const where = line !== 0 ? `line ${line}: ` : '';
    return failf(`${where}${p.problem || 'unknown problem parsing YAML content'}`);
  }

  private anchor(n: Node, anchor: number[] | undefined): void {
    if (anchor) this.doc!.anchors!.set(text(anchor), n);
  }

  private init(): void {
    if (this.doneInit) return;
    this.expect(EventType.STREAM_START);
    this.doneInit = true;
  }

  /** The next node, or undefined at the end of the stream (an empty text). */
  parse(): Node | undefined {
    this.init();
    switch (this.peek()) {
      case EventType.SCALAR:
        return this.scalar();
      case EventType.ALIAS:
        return this.alias();
      case EventType.MAPPING_START:
        return this.mapping();
      case EventType.SEQUENCE_START:
        return this.sequence();
      case EventType.DOCUMENT_START:
        return this.document();
      case EventType.STREAM_END:
        return undefined;
      default:
        throw new Error(`attempted to parse unknown event: ${eventTypeName(this.event.type)}`);
    }
  }

  private node(kind: NodeKind): Node {
    return { kind, line: this.event.startMark.line, column: this.event.startMark.column, tag: '', value: '', implicit: false, children: [] };
  }

  private document(): Node {
    const n = this.node(NodeKind.DOCUMENT);
    n.anchors = new Map();
    this.doc = n;
    this.expect(EventType.DOCUMENT_START);
    n.children.push(this.parse()!);
    this.expect(EventType.DOCUMENT_END);
    return n;
  }

  private alias(): Node {
    const n = this.node(NodeKind.ALIAS);
    n.value = text(this.event.anchor);
    n.alias = this.doc!.anchors!.get(n.value);
    if (!n.alias) failf(`unknown anchor '${n.value}' referenced`);
    this.expect(EventType.ALIAS);
    return n;
  }

  private scalar(): Node {
    const n = this.node(NodeKind.SCALAR);
    n.value = text(this.event.value);
    n.tag = text(this.event.tag);
    n.implicit = this.event.implicit ?? false;
    this.anchor(n, this.event.anchor);
    this.expect(EventType.SCALAR);
    return n;
  }

  private sequence(): Node {
    const n = this.node(NodeKind.SEQUENCE);
    this.anchor(n, this.event.anchor);
    this.expect(EventType.SEQUENCE_START);
    while (this.peek() !== EventType.SEQUENCE_END) n.children.push(this.parse()!);
    this.expect(EventType.SEQUENCE_END);
    return n;
  }

  private mapping(): Node {
    const n = this.node(NodeKind.MAPPING);
    this.anchor(n, this.event.anchor);
    this.expect(EventType.MAPPING_START);
    while (this.peek() !== EventType.MAPPING_END) n.children.push(this.parse()!, this.parse()!);
    this.expect(EventType.MAPPING_END);
    return n;
  }
}

const ALIAS_RATIO_RANGE_LOW = 400000;
const ALIAS_RATIO_RANGE_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW));
}

/** decode.go's `decoder` for interface{} targets (no type errors are possible there). */
class Decoder {
  private readonly aliases = new Set<Node>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  /** d.unmarshal; `into` is the map a `<<` merge writes into. */
  unmarshal(n: Node, into?: GoMap): GoValue {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      failf('document contains excessive aliasing');
    }
    switch (n.kind) {
      case NodeKind.DOCUMENT:
        return n.children.length === 1 ? this.unmarshal(n.children[0]!, into) : null;
      case NodeKind.ALIAS:
        return this.alias(n, into);
      case NodeKind.SCALAR:
        return this.scalar(n);
      case NodeKind.MAPPING:
        return this.mapping(n, into ?? new GoMap());
      case NodeKind.SEQUENCE:
        return n.children.map((c) => this.unmarshal(c));
    }
  }

  private alias(n: Node, into?: GoMap): GoValue {
    if (this.aliases.has(n)) failf(`anchor '${n.value}' value contains itself`);
    this.aliases.add(n);
    this.aliasDepth++;
    const v = this.unmarshal(n.alias!, into);
    this.aliasDepth--;
    this.aliases.delete(n);
    return v;
  }

  private scalar(n: Node): GoValue {
    let tag: string;
    let resolved: Resolved;
    if (n.tag === '' && !n.implicit) {
      tag = Tag.STR;
      resolved = n.value;
    } else {
      try {
        ({ tag, value: resolved } = resolve(n.tag, n.value));
      } catch (e) {
        if (e instanceof ResolveError) failf(e.message);
        throw e;
      }
      if (tag === Tag.BINARY) {
        const data = decodeBase64(resolved as string);
        if (data === undefined) failf('!!binary value contains invalid base64 data');
        resolved = goBytesToString(data!);
      }
    }
    // Timestamps stay strings in an interface{} ("for backward compatibility", decode.go).
    if (tag === Tag.TIMESTAMP) return n.value;
    return resolved;
  }

  private mapping(n: Node, out: GoMap): GoMap {
    for (let i = 0; i < n.children.length; i += 2) {
      const keyNode = n.children[i]!;
      if (isMerge(keyNode)) {
        this.merge(n.children[i + 1]!, out);
        continue;
      }
      const k = this.unmarshal(keyNode);
      if (Array.isArray(k) || k instanceof GoMap) failf(`invalid map key: ${goSyntax(k)}`);
      out.set(k, this.unmarshal(n.children[i + 1]!));
    }
    return out;
  }

  private merge(n: Node, out: GoMap): void {
    const wantMap = () => failf('map merge requires map or sequence of maps as the value');
    switch (n.kind) {
      case NodeKind.MAPPING:
        this.unmarshal(n, out);
        return;
      case NodeKind.ALIAS:
        if (n.alias && n.alias.kind !== NodeKind.MAPPING) wantMap();
        this.unmarshal(n, out);
        return;
      case NodeKind.SEQUENCE:
        // Backwards, as earlier maps take precedence.
        for (let i = n.children.length - 1; i >= 0; i--) {
          const ni = n.children[i]!;
          if (ni.kind === NodeKind.ALIAS) {
            if (ni.alias && ni.alias.kind !== NodeKind.MAPPING) wantMap();
          } else if (ni.kind !== NodeKind.MAPPING) {
            wantMap();
          }
          this.unmarshal(ni, out);
        }
        return;
      default:
        wantMap();
    }
  }
}

const isMerge = (n: Node) => n.kind === NodeKind.SCALAR && n.value === '<<' && (n.implicit || n.tag === Tag.MERGE);

/** base64.StdEncoding.DecodeString: padding required, CR and LF ignored; undefined when Go refuses. */
function decodeBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

/** utf8.DecodeRune: the code point at `i` and its length, or -1 (length 1) where the bytes are not valid UTF-8. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? [((b0 & 0x1f) << 6) | (b[i + 1]! & 0x3f), 2] : [-1, 1];
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    if (!cont(1, lo, hi) || !cont(2)) return [-1, 1];
    return [((b0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f), 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return [-1, 1];
    return [((b0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f), 4];
  }
  return [-1, 1];
}

/** Go bytes as text the way Go's decoders repair them: each byte that is not valid UTF-8 becomes U+FFFD. */
export function goBytesToString(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const [cp, size] = decodeRune(b, i);
    out += cp < 0 ? '\ufffd' : String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** fmt's %#v of a decoded value, for go-yaml's and sigs.k8s.io/yaml's messages about keys they refuse. */
export function goSyntax(v: GoValue, nested = false): string {
  if (v === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, true)).join(', ')}}`;
  if (v instanceof GoMap) {
    const entries = [...v].map(([k, x]) => [goSyntax(k, true), goSyntax(x, true)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map(([k, x]) => `${k}:${x}`).join(', ')}}`;
  }
  if (v instanceof GoUint64) return `0x${v.value.toString(16)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return formatGoFloatG(v);
  return String(v);
}

/** strconv.FormatFloat(f, 'g', -1, 64), which %v uses for a float64. */
function formatGoFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const e = f.toExponential();
  const exp = Number(e.slice(e.indexOf('e') + 1));
  // Shortest digits; the exponent form below 1e-4 and from 1e6 (eprec 6), with at least two exponent digits.
  if (exp < -4 || exp >= 6) return e.replace(/e([+-])(\d)$/, 'e$10$2');
  return String(f);
}

/** yaml.Unmarshal(data, &v) with v an interface{}: the first document's value, or YamlError. */
export function unmarshal(input: Uint8Array): GoValue {
  const node = new Composer(input).parse();
  if (!node) return null;
  return new Decoder().unmarshal(node);
}
