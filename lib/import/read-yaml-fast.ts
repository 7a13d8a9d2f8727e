/**
 * The fast path of the YAML reader: `js-yaml` (about ten times faster than `yaml` on a large
 * template) reads the text with its failsafe schema and CloudFormation's tags, and its node
 * listener gives where each node is written; plain scalars are then resolved with the very YAML
 * 1.1 tags `read-yaml.ts` uses, so the data and locations are the same as the full reader's.
 *
 * It only takes the common case: anything it is not sure of (explicit `!!` tags, anchors and
 * aliases, merge keys, several documents, a structure it cannot match to the events, any error)
 * returns undefined, and the full reader (`read-yaml.ts`) reads the text, with its exact error
 * messages. `test/import/read-yaml-fast.test.ts` checks both give the same on every template
 * fixture and example.
 */
import type JsYaml from 'js-yaml';
import { jsYamlLibrary } from '../core/yaml-libraries.js';
import { positionIn, type LocNode, type Pos } from './read-common.js';
import { SHORT_FORMS, yaml11Resolver, type LoadedYaml } from './read-yaml.js';
import { recordFor } from '../core/util.js';
import { setOwn } from '../model/values.js';

/** A node as js-yaml's listener reports it: where it opens and closes, what it became, its children. */
interface Frame {
  readonly start: number;
  end: number;
  result: unknown;
  kind: string | null;
  tag: string | null;
  /** `NO_CHILDREN` (shared) until the first child: most nodes are scalars. */
  children: Frame[];
}

/** The children of a node that has none: one array for all of them, never added to. */
const NO_CHILDREN: Frame[] = [];

/** A CloudFormation tag's value before it becomes the long form (kept apart so it is found below). */
class Tagged {
  constructor(
    readonly name: string,
    readonly body: unknown,
  ) {}
}

/** js-yaml's schema with CloudFormation's tags, made with the library when first needed. */
let schema: JsYaml.Schema | undefined;
function cfnSchema(): JsYaml.Schema {
  const jsyaml = jsYamlLibrary();
  return (schema ??= jsyaml.FAILSAFE_SCHEMA.extend(
    Object.keys(SHORT_FORMS).flatMap((name) =>
      (['scalar', 'sequence', 'mapping'] as const).map((kind) => new jsyaml.Type(`!${name}`, { kind, construct: (data: unknown) => new Tagged(name, data) })),
    ),
  ));
}

/**
 * What the full reader must read: explicit core tags, anchors and aliases (an `&` or `*` where a
 * node starts: at a line's start or after `- `, `: `, `[`, `{` or `,`), merge keys, directives and
 * document markers.
 */
const NOT_FAST = /!!|(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[[{,][ \t]*)[&*][^\s[\]{},]|<<\s*:|^%|^---|^\.\.\./m;

/**
 * A `---` alone on its line (after blank and comment lines only) that starts the text's one
 * document, as many templates begin (SAM's own examples): js-yaml reads it as the full reader does.
 * It is not one of NOT_FAST's document markers; one later is.
 */
const LEADING_DOCUMENT_START = /^(?:[ \t]*(?:#.*)?\r?\n)*---[ \t]*(?:#.*)?(?:\r?\n|$)/;

/** The data and locations of a YAML template text, or undefined when the full reader must read it. */
export function loadYamlFast(text: string): LoadedYaml | undefined {
  if (NOT_FAST.test(text.slice(LEADING_DOCUMENT_START.exec(text)?.[0].length ?? 0))) return undefined;
  const root: Frame = { start: 0, end: 0, result: undefined, kind: null, tag: null, children: [] };
  const stack: Frame[] = [root];
  try {
    jsYamlLibrary().load(text, {
      schema: cfnSchema(),
      json: false,
      listener(event, st) {
        // (js-yaml's State type leaves out the fields its loader keeps there)
        const state = st as unknown as { position: number; result: unknown; kind: string | null; tag: string | null };
        if (event === 'open') {
          const f: Frame = { start: state.position, end: state.position, result: undefined, kind: null, tag: null, children: NO_CHILDREN };
          const parent = stack[stack.length - 1]!;
          if (parent.children === NO_CHILDREN) parent.children = [f];
          else parent.children.push(f);
          stack.push(f);
        } else {
          const f = stack.pop()!;
          f.end = state.position;
          f.result = state.result;
          f.kind = state.kind;
          f.tag = state.tag;
        }
      },
    });
  } catch {
    return undefined;
  }
  const doc = root.children[0];
  if (!doc || root.children.length !== 1 || stack.length !== 1) return undefined;
  try {
    const builder = new Builder(text);
    const top = innermost(doc);
    if (top.kind === null || top.result === null || top.result === undefined) return undefined;
    const data = builder.value(top);
    return { data, root: builder.loc(top, builder.skip(top.start)) };
  } catch (e) {
    if (e instanceof NotFast) return undefined;
    throw e;
  }
}

/** The structure does not match what the full reader would make of it: let it read the text. */
class NotFast extends Error {}

/** The node a chain of wrappers (a document, a list item, a tagged value) stands for. */
function innermost(f: Frame): Frame {
  let cur = f;
  while (cur.children.length === 1 && same(cur.children[0]!.result, cur.result) && cur.kind === cur.children[0]!.kind) cur = cur.children[0]!;
  return cur;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

class Builder {
  /** Where lines start: made when a position is first asked for. */
  private lineStarts: number[] | undefined;
  private readonly resolve = yaml11Resolver();
  /** The maps whose one `Fn::GetAtt` string the data pass split into two. */
  public readonly splitMaps = new WeakSet<Frame>();

  constructor(private readonly text: string) {}

  public pos(offset: number): Pos {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return positionIn(this.lineStarts, offset);
  }

  /** The offset of the first character at or after `i` that is not white space or a comment. */
  public skip(i: number): number {
    const t = this.text;
    for (;;) {
      const c = t[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') i++;
      else if (c === '#' && (i === 0 || /\s/.test(t[i - 1]!))) {
        while (i < t.length && t[i] !== '\n') i++;
      } else return i;
    }
  }

  /**
   * The value of a node, checked against what the full reader would make of it (NotFast when it
   * differs). Where its parts are is not looked at here: `loc` makes that when asked.
   */
  public value(f0: Frame): unknown {
    const f = innermost(f0);
    if (f.result instanceof Tagged) return this.taggedValue(f);
    switch (f.kind) {
      case 'mapping':
        return this.mapValue(f, f.result);
      case 'sequence':
        return this.seqValue(f, f.result);
      case 'scalar': {
        if (typeof f.result !== 'string') throw new NotFast();
        return isQuoted(this.text[this.skip(f.start)]) ? f.result : this.resolve(f.result);
      }
      case null:
        // An empty value (`Key:`).
        if (f.result === null && f.children.length === 0) return null;
        throw new NotFast();
      default:
        throw new NotFast();
    }
  }

  private taggedValue(f: Frame): unknown {
    const t = f.result as Tagged;
    const tagStart = this.skip(f.start);
    if (this.text.slice(tagStart, tagStart + t.name.length + 1) !== `!${t.name}`) throw new NotFast();
    const long = SHORT_FORMS[t.name]!;
    let body: unknown;
    if (f.kind === 'scalar') {
      // A tag's scalar is a string, never resolved: `!Ref X` reads `X`.
      if (typeof t.body !== 'string') throw new NotFast();
      body = t.body;
    } else if (f.kind === 'mapping') body = this.mapValue(f, t.body);
    else if (f.kind === 'sequence') body = this.seqValue(f, t.body);
    else throw new NotFast();
    if (long === 'Fn::GetAtt' && typeof body === 'string') body = splitGetAtt(body);
    const out: Record<string, unknown> = {};
    setOwn(out, long, body);
    return out;
  }

  private mapValue(f: Frame, result: unknown): Record<string, unknown> {
    const kids = f.children;
    const keys = Object.keys(result as Record<string, unknown>);
    if (kids.length !== keys.length * 2) throw new NotFast();
    // A map of many keys (a template's Resources by logical id) is a hash table from the start.
    const out = recordFor<unknown>(keys.length);
    for (let i = 0; i < kids.length; i += 2) {
      const k = innermost(kids[i]!);
      if (k.kind !== 'scalar' || typeof k.result !== 'string' || k.result !== keys[i / 2] || Object.hasOwn(out, k.result)) throw new NotFast();
      setOwn(out, k.result, this.value(kids[i + 1]!));
    }
    const getAtt = out['Fn::GetAtt'];
    if (keys.length === 1 && typeof getAtt === 'string') {
      out['Fn::GetAtt'] = splitGetAtt(getAtt);
      this.splitMaps.add(f);
    }
    return out;
  }

  private seqValue(f: Frame, result: unknown): unknown[] {
    if (!Array.isArray(result) || f.children.length !== result.length) throw new NotFast();
    const out: unknown[] = [];
    for (const item of f.children) out.push(this.value(item));
    return out;
  }

  /** Where a node and its parts are, made when looked at; `at` is the offset of the entry or item holding it. */
  public loc(f0: Frame, at: number): LocNode {
    const f = innermost(f0);
    if (f.result instanceof Tagged) return new TaggedLoc(this, f, at);
    switch (f.kind) {
      case 'mapping':
        return new MapLoc(this, f, at);
      case 'sequence':
        return new SeqLoc(this, f, at);
      case 'scalar':
        return new ScalarLoc(this, at, this.skip(f.start), f.end);
      default:
        // An empty value (`Key:`): the full reader places it where the value would start.
        return new ScalarLoc(this, at, f.start, f.start, true);
    }
  }

  /**
   * A scalar's source text from `start` to `end` (js-yaml's end of the node): a plain scalar ends
   * before the white space (and comment) js-yaml reads past. Undefined when it spans lines.
   */
  public scalarText(start: number, end: number): string | undefined {
    const text = start >= end ? '' : this.text.slice(start, end);
    // (A block scalar's text is its lines; a plain or quoted one ends before the white space js-yaml
    // reads past: spaces, and in a flow collection the line break before its closing bracket.)
    const first = text[0];
    const raw = first === '|' || first === '>' ? text : text.replace(/\s+$/, '');
    return raw.includes('\n') ? undefined : raw;
  }
}

/** Whether a scalar that starts with this character is quoted (or a block scalar): never resolved. */
function isQuoted(first: string | undefined): boolean {
  return first === '"' || first === "'" || first === '|' || first === '>';
}

/** A scalar's location: where its entry or item is, and its one-line source text. */
class ScalarLoc implements LocNode {
  constructor(
    private readonly b: Builder,
    private readonly atOffset: number,
    private readonly start: number,
    private readonly end: number,
    /** Whether an empty text is a source text (an empty value's is; an empty tagged scalar has none). */
    private readonly emptyIsText = false,
  ) {}

  public get at(): Pos {
    return this.b.pos(this.atOffset);
  }

  public get src(): { readonly pos: Pos; readonly text: string } | undefined {
    const text = this.b.scalarText(this.start, this.end);
    return text === undefined || (text === '' && !this.emptyIsText) ? undefined : { pos: this.b.pos(this.start), text };
  }

  public get children(): undefined {
    return undefined;
  }
}

/** A map's, list's or short form's location: where its entry or item is; its parts made when first asked for. */
abstract class ContainerLoc implements LocNode {
  private made: ReadonlyMap<string | number, LocNode> | undefined;

  constructor(
    protected readonly b: Builder,
    protected readonly f: Frame,
    private readonly atOffset: number,
  ) {}

  public get at(): Pos {
    return this.b.pos(this.atOffset);
  }

  public get src(): undefined {
    return undefined;
  }

  public get children(): ReadonlyMap<string | number, LocNode> {
    return (this.made ??= this.parts());
  }

  protected abstract parts(): ReadonlyMap<string | number, LocNode>;
}

/** A map's location: its entries by key, each where its key is. */
class MapLoc extends ContainerLoc {
  protected parts(): ReadonlyMap<string | number, LocNode> {
    const kids = this.f.children;
    const children = new Map<string | number, LocNode>();
    for (let i = 0; i < kids.length; i += 2) {
      const k = innermost(kids[i]!);
      children.set(k.result as string, this.b.loc(kids[i + 1]!, this.b.skip(k.start)));
    }
    // A `Fn::GetAtt` string split into two: its parts are where the string's are.
    if (this.b.splitMaps.has(this.f)) children.set('Fn::GetAtt', new SplitGetAttLoc(children.get('Fn::GetAtt')!));
    return children;
  }
}

/** A list's location: its items by index, each where it is. */
class SeqLoc extends ContainerLoc {
  protected parts(): ReadonlyMap<string | number, LocNode> {
    const children = new Map<string | number, LocNode>();
    this.f.children.forEach((item, i) => children.set(i, this.b.loc(item, this.b.skip(innermost(item).start))));
    return children;
  }
}

/** A short-form intrinsic (`!Sub x`): a map of one entry, the long form's name, at the tag. */
class TaggedLoc extends ContainerLoc {
  protected parts(): ReadonlyMap<string | number, LocNode> {
    const t = this.f.result as Tagged;
    const tagStart = this.b.skip(this.f.start);
    const long = SHORT_FORMS[t.name]!;
    let body: LocNode;
    // The tag's scalar starts after the tag (`!Ref X` is written at `X`); its entry is at the tag.
    if (this.f.kind === 'scalar') body = new ScalarLoc(this.b, tagStart, this.b.skip(tagStart + t.name.length + 1), this.f.end);
    else if (this.f.kind === 'mapping') body = new MapLoc(this.b, this.f, tagStart);
    else body = new SeqLoc(this.b, this.f, tagStart);
    if (long === 'Fn::GetAtt' && typeof t.body === 'string') body = new SplitGetAttLoc(body);
    return new Map([[long, body]]);
  }
}

/** A `Fn::GetAtt` string split at its first dot, as the full reader splits it: the resource where the string is, the attribute at the dot. */
class SplitGetAttLoc implements LocNode {
  constructor(private readonly loc: LocNode) {}

  public get at(): Pos {
    return this.loc.at;
  }

  public get src(): { readonly pos: Pos; readonly text: string } | undefined {
    return this.loc.src;
  }

  public get children(): ReadonlyMap<string | number, LocNode> {
    const src = this.loc.src;
    const where = src?.pos ?? this.loc.at;
    const rawDot = src?.text.indexOf('.') ?? -1;
    const attr = rawDot >= 0 ? { line: where.line, column: where.column + rawDot + 1 } : where;
    return new Map([
      [0, { at: where }],
      [1, { at: attr }],
    ]);
  }
}

/** `'A.B.C'` → `['A', 'B.C']`, as the full reader splits it; a string without a dot is for the full reader to refuse. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) throw new NotFast();
  return [value.slice(0, dot), value.slice(dot + 1)];
}
