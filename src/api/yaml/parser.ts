/**
 * go-yaml v2's event parser (parserc.go), ported line for line over the scanner (scanner.ts): the state machine that
 * turns tokens into events and words structural mistakes as Go does (`did not find expected key`, `did not find
 * expected '-' indicator`, ...), with the marks that decide which line a message names.
 */
import { ErrorKind, type Mark, ScalarStyle, Scanner, type Token, TokenType } from './scanner.js';

export const EventType = {
  NONE: 0,
  STREAM_START: 1,
  STREAM_END: 2,
  DOCUMENT_START: 3,
  DOCUMENT_END: 4,
  ALIAS: 5,
  SCALAR: 6,
  SEQUENCE_START: 7,
  SEQUENCE_END: 8,
  MAPPING_START: 9,
  MAPPING_END: 10,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** yaml_event_type_t.String(). */
export const eventTypeName = (t: EventType): string =>
  ['none', 'stream start', 'stream end', 'document start', 'document end', 'alias', 'scalar', 'sequence start', 'sequence end', 'mapping start', 'mapping end'][t]!;

export interface YamlEvent {
  type: EventType;
  startMark: Mark;
  endMark: Mark;
  anchor?: number[];
  tag?: number[];
  value?: number[];
  implicit?: boolean;
  quotedImplicit?: boolean;
  style?: number;
}

const State = {
  STREAM_START: 0,
  IMPLICIT_DOCUMENT_START: 1,
  DOCUMENT_START: 2,
  DOCUMENT_CONTENT: 3,
  DOCUMENT_END: 4,
  BLOCK_NODE: 5,
  BLOCK_NODE_OR_INDENTLESS_SEQUENCE: 6,
  FLOW_NODE: 7,
  BLOCK_SEQUENCE_FIRST_ENTRY: 8,
  BLOCK_SEQUENCE_ENTRY: 9,
  INDENTLESS_SEQUENCE_ENTRY: 10,
  BLOCK_MAPPING_FIRST_KEY: 11,
  BLOCK_MAPPING_KEY: 12,
  BLOCK_MAPPING_VALUE: 13,
  FLOW_SEQUENCE_FIRST_ENTRY: 14,
  FLOW_SEQUENCE_ENTRY: 15,
  FLOW_SEQUENCE_ENTRY_MAPPING_KEY: 16,
  FLOW_SEQUENCE_ENTRY_MAPPING_VALUE: 17,
  FLOW_SEQUENCE_ENTRY_MAPPING_END: 18,
  FLOW_MAPPING_FIRST_KEY: 19,
  FLOW_MAPPING_KEY: 20,
  FLOW_MAPPING_VALUE: 21,
  FLOW_MAPPING_EMPTY_VALUE: 22,
  END: 23,
} as const;
type State = (typeof State)[keyof typeof State];

const SequenceStyle = { BLOCK: 1, FLOW: 2 } as const;
const MappingStyle = { BLOCK: 1, FLOW: 2 } as const;

interface TagDirective {
  handle: number[];
  prefix: number[];
}

const bytes = (s: string) => [...Buffer.from(s, 'utf8')];
const DEFAULT_TAG_DIRECTIVES: TagDirective[] = [
  { handle: bytes('!'), prefix: bytes('!') },
  { handle: bytes('!!'), prefix: bytes('tag:yaml.org,2002:') },
];
const sameBytes = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A yaml_parser_t: the scanner plus the parser's states, marks and tag directives. */
export class Parser extends Scanner {
  private state: State = State.STREAM_START;
  private states: State[] = [];
  private marks: Mark[] = [];
  private tagDirectives: TagDirective[] = [];

  /** yaml_parser_parse: the next event, an empty one once the stream ended, or undefined on error. */
  parse(): YamlEvent | undefined {
    if (this.streamEndProduced || this.error !== ErrorKind.NONE || this.state === State.END) {
      return { type: EventType.NONE, startMark: { index: 0, line: 0, column: 0 }, endMark: { index: 0, line: 0, column: 0 } };
    }
    return this.stateMachine();
  }

  private setParserError(problem: string, problemMark: Mark): undefined {
    this.error = ErrorKind.PARSER;
    this.problem = problem;
    this.problemMark = problemMark;
    return undefined;
  }

  private setParserErrorContext(context: string, contextMark: Mark, problem: string, problemMark: Mark): undefined {
    this.error = ErrorKind.PARSER;
    this.context = context;
    this.contextMark = contextMark;
    this.problem = problem;
    this.problemMark = problemMark;
    return undefined;
  }

  private popState(): void {
    this.state = this.states.pop()!;
  }

  private stateMachine(): YamlEvent | undefined {
    switch (this.state) {
      case State.STREAM_START:
        return this.parseStreamStart();
      case State.IMPLICIT_DOCUMENT_START:
        return this.parseDocumentStart(true);
      case State.DOCUMENT_START:
        return this.parseDocumentStart(false);
      case State.DOCUMENT_CONTENT:
        return this.parseDocumentContent();
      case State.DOCUMENT_END:
        return this.parseDocumentEnd();
      case State.BLOCK_NODE:
        return this.parseNode(true, false);
      case State.BLOCK_NODE_OR_INDENTLESS_SEQUENCE:
        return this.parseNode(true, true);
      case State.FLOW_NODE:
        return this.parseNode(false, false);
      case State.BLOCK_SEQUENCE_FIRST_ENTRY:
        return this.parseBlockSequenceEntry(true);
      case State.BLOCK_SEQUENCE_ENTRY:
        return this.parseBlockSequenceEntry(false);
      case State.INDENTLESS_SEQUENCE_ENTRY:
        return this.parseIndentlessSequenceEntry();
      case State.BLOCK_MAPPING_FIRST_KEY:
        return this.parseBlockMappingKey(true);
      case State.BLOCK_MAPPING_KEY:
        return this.parseBlockMappingKey(false);
      case State.BLOCK_MAPPING_VALUE:
        return this.parseBlockMappingValue();
      case State.FLOW_SEQUENCE_FIRST_ENTRY:
        return this.parseFlowSequenceEntry(true);
      case State.FLOW_SEQUENCE_ENTRY:
        return this.parseFlowSequenceEntry(false);
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_KEY:
        return this.parseFlowSequenceEntryMappingKey();
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE:
        return this.parseFlowSequenceEntryMappingValue();
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_END:
        return this.parseFlowSequenceEntryMappingEnd();
      case State.FLOW_MAPPING_FIRST_KEY:
        return this.parseFlowMappingKey(true);
      case State.FLOW_MAPPING_KEY:
        return this.parseFlowMappingKey(false);
      case State.FLOW_MAPPING_VALUE:
        return this.parseFlowMappingValue(false);
      case State.FLOW_MAPPING_EMPTY_VALUE:
        return this.parseFlowMappingValue(true);
      default:
        throw new Error('invalid parser state');
    }
  }

  private parseStreamStart(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    if (token.type !== TokenType.STREAM_START) return this.setParserError('did not find expected <stream-start>', token.startMark);
    this.state = State.IMPLICIT_DOCUMENT_START;
    const event = { type: EventType.STREAM_START, startMark: token.startMark, endMark: token.endMark };
    this.skipToken();
    return event;
  }

  private parseDocumentStart(implicit: boolean): YamlEvent | undefined {
    let token = this.peekToken();
    if (!token) return undefined;
    if (!implicit) {
      while (token.type === TokenType.DOCUMENT_END) {
        this.skipToken();
        token = this.peekToken();
        if (!token) return undefined;
      }
    }
    if (
      implicit &&
      token.type !== TokenType.VERSION_DIRECTIVE &&
      token.type !== TokenType.TAG_DIRECTIVE &&
      token.type !== TokenType.DOCUMENT_START &&
      token.type !== TokenType.STREAM_END
    ) {
      if (!this.processDirectives()) return undefined;
      this.states.push(State.DOCUMENT_END);
      this.state = State.BLOCK_NODE;
      return { type: EventType.DOCUMENT_START, startMark: token.startMark, endMark: token.endMark };
    }
    if (token.type !== TokenType.STREAM_END) {
      const startMark = token.startMark;
      if (!this.processDirectives()) return undefined;
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.DOCUMENT_START) return this.setParserError('did not find expected <document start>', token.startMark);
      this.states.push(State.DOCUMENT_END);
      this.state = State.DOCUMENT_CONTENT;
      const event = { type: EventType.DOCUMENT_START, startMark, endMark: token.endMark, implicit: false };
      this.skipToken();
      return event;
    }
    this.state = State.END;
    const event = { type: EventType.STREAM_END, startMark: token.startMark, endMark: token.endMark };
    this.skipToken();
    return event;
  }

  private parseDocumentContent(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    if (
      token.type === TokenType.VERSION_DIRECTIVE ||
      token.type === TokenType.TAG_DIRECTIVE ||
      token.type === TokenType.DOCUMENT_START ||
      token.type === TokenType.DOCUMENT_END ||
      token.type === TokenType.STREAM_END
    ) {
      this.popState();
      return this.processEmptyScalar(token.startMark);
    }
    return this.parseNode(true, false);
  }

  private parseDocumentEnd(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    const startMark = token.startMark;
    let endMark = token.startMark;
    let implicit = true;
    if (token.type === TokenType.DOCUMENT_END) {
      endMark = token.endMark;
      this.skipToken();
      implicit = false;
    }
    this.tagDirectives = [];
    this.state = State.DOCUMENT_START;
    return { type: EventType.DOCUMENT_END, startMark, endMark, implicit };
  }

  private parseNode(block: boolean, indentlessSequence: boolean): YamlEvent | undefined {
    let token: Token | undefined = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.ALIAS) {
      this.popState();
      const event = { type: EventType.ALIAS, startMark: token.startMark, endMark: token.endMark, anchor: token.value };
      this.skipToken();
      return event;
    }
    let startMark = token.startMark;
    let endMark = token.startMark;
    let tagToken = false;
    let tagHandle: number[] = [];
    let tagSuffix: number[] = [];
    let anchor: number[] | undefined;
    let tagMark = startMark;
    if (token.type === TokenType.ANCHOR) {
      anchor = token.value;
      startMark = token.startMark;
      endMark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type === TokenType.TAG) {
        tagToken = true;
        tagHandle = token.value ?? [];
        tagSuffix = token.suffix ?? [];
        tagMark = token.startMark;
        endMark = token.endMark;
        this.skipToken();
        token = this.peekToken();
        if (!token) return undefined;
      }
    } else if (token.type === TokenType.TAG) {
      tagToken = true;
      tagHandle = token.value ?? [];
      tagSuffix = token.suffix ?? [];
      startMark = token.startMark;
      tagMark = token.startMark;
      endMark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type === TokenType.ANCHOR) {
        anchor = token.value;
        endMark = token.endMark;
        this.skipToken();
        token = this.peekToken();
        if (!token) return undefined;
      }
    }
    let tag: number[] = [];
    if (tagToken) {
      if (tagHandle.length === 0) {
        tag = tagSuffix;
      } else {
        for (const directive of this.tagDirectives) {
          if (sameBytes(directive.handle, tagHandle)) {
            tag = [...directive.prefix, ...tagSuffix];
            break;
          }
        }
        if (tag.length === 0) return this.setParserErrorContext('while parsing a node', startMark, 'found undefined tag handle', tagMark);
      }
    }
    const implicit = tag.length === 0;
    if (indentlessSequence && token.type === TokenType.BLOCK_ENTRY) {
      endMark = token.endMark;
      this.state = State.INDENTLESS_SEQUENCE_ENTRY;
      return { type: EventType.SEQUENCE_START, startMark, endMark, anchor, tag, implicit, style: SequenceStyle.BLOCK };
    }
    if (token.type === TokenType.SCALAR) {
      let plainImplicit = false;
      let quotedImplicit = false;
      endMark = token.endMark;
      if ((tag.length === 0 && token.style === ScalarStyle.PLAIN) || (tag.length === 1 && tag[0] === 0x21)) plainImplicit = true;
      else if (tag.length === 0) quotedImplicit = true;
      this.popState();
      const event = { type: EventType.SCALAR, startMark, endMark, anchor, tag, value: token.value, implicit: plainImplicit, quotedImplicit, style: token.style };
      this.skipToken();
      return event;
    }
    if (token.type === TokenType.FLOW_SEQUENCE_START) {
      endMark = token.endMark;
      this.state = State.FLOW_SEQUENCE_FIRST_ENTRY;
      return { type: EventType.SEQUENCE_START, startMark, endMark, anchor, tag, implicit, style: SequenceStyle.FLOW };
    }
    if (token.type === TokenType.FLOW_MAPPING_START) {
      endMark = token.endMark;
      this.state = State.FLOW_MAPPING_FIRST_KEY;
      return { type: EventType.MAPPING_START, startMark, endMark, anchor, tag, implicit, style: MappingStyle.FLOW };
    }
    if (block && token.type === TokenType.BLOCK_SEQUENCE_START) {
      endMark = token.endMark;
      this.state = State.BLOCK_SEQUENCE_FIRST_ENTRY;
      return { type: EventType.SEQUENCE_START, startMark, endMark, anchor, tag, implicit, style: SequenceStyle.BLOCK };
    }
    if (block && token.type === TokenType.BLOCK_MAPPING_START) {
      endMark = token.endMark;
      this.state = State.BLOCK_MAPPING_FIRST_KEY;
      return { type: EventType.MAPPING_START, startMark, endMark, anchor, tag, implicit, style: MappingStyle.BLOCK };
    }
    if ((anchor && anchor.length > 0) || tag.length > 0) {
      this.popState();
      return { type: EventType.SCALAR, startMark, endMark, anchor, tag, implicit, quotedImplicit: false, style: ScalarStyle.PLAIN };
    }
    const context = block ? 'while parsing a block node' : 'while parsing a flow node';
    return this.setParserErrorContext(context, startMark, 'did not find expected node content', token.startMark);
  }

  private parseBlockSequenceEntry(first: boolean): YamlEvent | undefined {
    if (first) {
      const token = this.peekToken()!;
      this.marks.push(token.startMark);
      this.skipToken();
    }
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.BLOCK_ENTRY) {
      const mark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.BLOCK_ENTRY && token.type !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_SEQUENCE_ENTRY);
        return this.parseNode(true, false);
      }
      this.state = State.BLOCK_SEQUENCE_ENTRY;
      return this.processEmptyScalar(mark);
    }
    if (token.type === TokenType.BLOCK_END) {
      this.popState();
      this.marks.pop();
      const event = { type: EventType.SEQUENCE_END, startMark: token.startMark, endMark: token.endMark };
      this.skipToken();
      return event;
    }
    const contextMark = this.marks.pop()!;
    return this.setParserErrorContext('while parsing a block collection', contextMark, "did not find expected '-' indicator", token.startMark);
  }

  private parseIndentlessSequenceEntry(): YamlEvent | undefined {
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.BLOCK_ENTRY) {
      const mark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.BLOCK_ENTRY && token.type !== TokenType.KEY && token.type !== TokenType.VALUE && token.type !== TokenType.BLOCK_END) {
        this.states.push(State.INDENTLESS_SEQUENCE_ENTRY);
        return this.parseNode(true, false);
      }
      this.state = State.INDENTLESS_SEQUENCE_ENTRY;
      return this.processEmptyScalar(mark);
    }
    this.popState();
    return { type: EventType.SEQUENCE_END, startMark: token.startMark, endMark: token.startMark };
  }

  private parseBlockMappingKey(first: boolean): YamlEvent | undefined {
    if (first) {
      const token = this.peekToken()!;
      this.marks.push(token.startMark);
      this.skipToken();
    }
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.KEY) {
      const mark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.KEY && token.type !== TokenType.VALUE && token.type !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_MAPPING_VALUE);
        return this.parseNode(true, true);
      }
      this.state = State.BLOCK_MAPPING_VALUE;
      return this.processEmptyScalar(mark);
    }
    if (token.type === TokenType.BLOCK_END) {
      this.popState();
      this.marks.pop();
      const event = { type: EventType.MAPPING_END, startMark: token.startMark, endMark: token.endMark };
      this.skipToken();
      return event;
    }
    const contextMark = this.marks.pop()!;
    return this.setParserErrorContext('while parsing a block mapping', contextMark, 'did not find expected key', token.startMark);
  }

  private parseBlockMappingValue(): YamlEvent | undefined {
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.VALUE) {
      const mark = token.endMark;
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.KEY && token.type !== TokenType.VALUE && token.type !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_MAPPING_KEY);
        return this.parseNode(true, true);
      }
      this.state = State.BLOCK_MAPPING_KEY;
      return this.processEmptyScalar(mark);
    }
    this.state = State.BLOCK_MAPPING_KEY;
    return this.processEmptyScalar(token.startMark);
  }

  private parseFlowSequenceEntry(first: boolean): YamlEvent | undefined {
    if (first) {
      const token = this.peekToken()!;
      this.marks.push(token.startMark);
      this.skipToken();
    }
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type !== TokenType.FLOW_SEQUENCE_END) {
      if (!first) {
        if (token.type === TokenType.FLOW_ENTRY) {
          this.skipToken();
          token = this.peekToken();
          if (!token) return undefined;
        } else {
          const contextMark = this.marks.pop()!;
          return this.setParserErrorContext('while parsing a flow sequence', contextMark, "did not find expected ',' or ']'", token.startMark);
        }
      }
      if (token.type === TokenType.KEY) {
        this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_KEY;
        const event = { type: EventType.MAPPING_START, startMark: token.startMark, endMark: token.endMark, implicit: true, style: MappingStyle.FLOW };
        this.skipToken();
        return event;
      } else if (token.type !== TokenType.FLOW_SEQUENCE_END) {
        this.states.push(State.FLOW_SEQUENCE_ENTRY);
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    const event = { type: EventType.SEQUENCE_END, startMark: token.startMark, endMark: token.endMark };
    this.skipToken();
    return event;
  }

  private parseFlowSequenceEntryMappingKey(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    if (token.type !== TokenType.VALUE && token.type !== TokenType.FLOW_ENTRY && token.type !== TokenType.FLOW_SEQUENCE_END) {
      this.states.push(State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE);
      return this.parseNode(false, false);
    }
    const mark = token.endMark;
    this.skipToken();
    this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE;
    return this.processEmptyScalar(mark);
  }

  private parseFlowSequenceEntryMappingValue(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    if (token.type === TokenType.VALUE) {
      this.skipToken();
      const next = this.peekToken();
      if (!next) return undefined;
      if (next.type !== TokenType.FLOW_ENTRY && next.type !== TokenType.FLOW_SEQUENCE_END) {
        this.states.push(State.FLOW_SEQUENCE_ENTRY_MAPPING_END);
        return this.parseNode(false, false);
      }
    }
    this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_END;
    // Go reads the mark from the token it peeked first (the shadowed `token` of the inner block is gone here).
    return this.processEmptyScalar(token.startMark);
  }

  private parseFlowSequenceEntryMappingEnd(): YamlEvent | undefined {
    const token = this.peekToken();
    if (!token) return undefined;
    this.state = State.FLOW_SEQUENCE_ENTRY;
    return { type: EventType.MAPPING_END, startMark: token.startMark, endMark: token.startMark };
  }

  private parseFlowMappingKey(first: boolean): YamlEvent | undefined {
    if (first) {
      const token = this.peekToken()!;
      this.marks.push(token.startMark);
      this.skipToken();
    }
    let token = this.peekToken();
    if (!token) return undefined;
    if (token.type !== TokenType.FLOW_MAPPING_END) {
      if (!first) {
        if (token.type === TokenType.FLOW_ENTRY) {
          this.skipToken();
          token = this.peekToken();
          if (!token) return undefined;
        } else {
          const contextMark = this.marks.pop()!;
          return this.setParserErrorContext('while parsing a flow mapping', contextMark, "did not find expected ',' or '}'", token.startMark);
        }
      }
      if (token.type === TokenType.KEY) {
        this.skipToken();
        token = this.peekToken();
        if (!token) return undefined;
        if (token.type !== TokenType.VALUE && token.type !== TokenType.FLOW_ENTRY && token.type !== TokenType.FLOW_MAPPING_END) {
          this.states.push(State.FLOW_MAPPING_VALUE);
          return this.parseNode(false, false);
        }
        this.state = State.FLOW_MAPPING_VALUE;
        return this.processEmptyScalar(token.startMark);
      } else if (token.type !== TokenType.FLOW_MAPPING_END) {
        this.states.push(State.FLOW_MAPPING_EMPTY_VALUE);
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    const event = { type: EventType.MAPPING_END, startMark: token.startMark, endMark: token.endMark };
    this.skipToken();
    return event;
  }

  private parseFlowMappingValue(empty: boolean): YamlEvent | undefined {
    let token = this.peekToken();
    if (!token) return undefined;
    if (empty) {
      this.state = State.FLOW_MAPPING_KEY;
      return this.processEmptyScalar(token.startMark);
    }
    if (token.type === TokenType.VALUE) {
      this.skipToken();
      token = this.peekToken();
      if (!token) return undefined;
      if (token.type !== TokenType.FLOW_ENTRY && token.type !== TokenType.FLOW_MAPPING_END) {
        this.states.push(State.FLOW_MAPPING_KEY);
        return this.parseNode(false, false);
      }
    }
    this.state = State.FLOW_MAPPING_KEY;
    return this.processEmptyScalar(token.startMark);
  }

  private processEmptyScalar(mark: Mark): YamlEvent {
    return { type: EventType.SCALAR, startMark: mark, endMark: mark, value: [], implicit: true, style: ScalarStyle.PLAIN };
  }

  private processDirectives(): boolean {
    let versionSeen = false;
    let token = this.peekToken();
    if (!token) return false;
    while (token.type === TokenType.VERSION_DIRECTIVE || token.type === TokenType.TAG_DIRECTIVE) {
      if (token.type === TokenType.VERSION_DIRECTIVE) {
        if (versionSeen) return this.setParserError('found duplicate %YAML directive', token.startMark) ?? false;
        if (token.major !== 1 || token.minor !== 1) return this.setParserError('found incompatible YAML document', token.startMark) ?? false;
        versionSeen = true;
      } else {
        if (!this.appendTagDirective({ handle: token.value ?? [], prefix: token.prefix ?? [] }, false, token.startMark)) return false;
      }
      this.skipToken();
      token = this.peekToken();
      if (!token) return false;
    }
    for (const directive of DEFAULT_TAG_DIRECTIVES) {
      if (!this.appendTagDirective(directive, true, token.startMark)) return false;
    }
    return true;
  }

  private appendTagDirective(value: TagDirective, allowDuplicates: boolean, mark: Mark): boolean {
    for (const directive of this.tagDirectives) {
      if (sameBytes(value.handle, directive.handle)) {
        if (allowDuplicates) return true;
        return this.setParserError('found duplicate %TAG directive', mark) ?? false;
      }
    }
    this.tagDirectives.push({ handle: [...value.handle], prefix: [...value.prefix] });
    return true;
  }
}
