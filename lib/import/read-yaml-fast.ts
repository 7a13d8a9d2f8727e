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
import type { LocNode, Pos } from './read-common.js';
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
    const at = builder.pos(builder.skip(top.start));
    const [data, loc] = builder.node(top, at);
    return { data, root: loc };
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
  private readonly lineStarts: number[] = [0];
  private readonly resolve = yaml11Resolver();

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  public pos(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
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

  /** The value of a node and its locations; `at` is where the entry or item holding it is written. */
  public node(f0: Frame, at: Pos): [unknown, LocNode] {
    const f = innermost(f0);
    if (f.result instanceof Tagged) return this.tagged(f, at);
    switch (f.kind) {
      case 'mapping':
        return this.map(f, at);
      case 'sequence':
        return this.seq(f, at);
      case 'scalar':
        return this.scalar(f, this.skip(f.start), at);
      case null:
        // An empty value (`Key:`): the full reader places it where the value would start.
        if (f.result === null && f.children.length === 0) return [null, { at, src: { pos: this.pos(f.start), text: '' } }];
        throw new NotFast();
      default:
        throw new NotFast();
    }
  }

  private scalar(f: Frame, start: number, at: Pos): [unknown, LocNode] {
    if (typeof f.result !== 'string') throw new NotFast();
    const first = this.text[start];
    const quoted = first === '"' || first === "'" || first === '|' || first === '>';
    // A plain scalar ends before the white space (and comment) js-yaml reads past.
    const raw = quoted ? this.text.slice(start, f.end) : this.text.slice(start, f.end).replace(/[ \t]+$/, '');
    const value = quoted ? f.result : this.resolve(f.result);
    return [value, raw.includes('\n') ? { at } : { at, src: { pos: this.pos(start), text: raw } }];
  }

  private tagged(f: Frame, at: Pos): [unknown, LocNode] {
    const t = f.result as Tagged;
    const tagStart = this.skip(f.start);
    if (this.text.slice(tagStart, tagStart + t.name.length + 1) !== `!${t.name}`) throw new NotFast();
    const tagAt = this.pos(tagStart);
    const long = SHORT_FORMS[t.name]!;
    let body: unknown;
    let loc: LocNode;
    if (f.kind === 'scalar') [body, loc] = this.taggedScalar(f, tagStart + t.name.length + 1, tagAt, t);
    else if (f.kind === 'mapping') [body, loc] = this.map({ ...f, result: t.body }, tagAt);
    else if (f.kind === 'sequence') [body, loc] = this.seq({ ...f, result: t.body }, tagAt);
    else throw new NotFast();
    if (long === 'Fn::GetAtt' && typeof body === 'string') [body, loc] = splitGetAtt(body, loc);
    const out: Record<string, unknown> = {};
    setOwn(out, long, body);
    return [out, { at, children: new Map([[long, { ...loc, at: tagAt }]]) }];
  }

  /** A tagged scalar's text starts after its tag: `!Ref X` reads `X` (never resolved: a tag's scalar is a string). */
  private taggedScalar(f: Frame, afterTag: number, tagAt: Pos, t: Tagged): [unknown, LocNode] {
    if (typeof t.body !== 'string') throw new NotFast();
    const start = this.skip(afterTag);
    const text = start >= f.end ? '' : this.text.slice(start, f.end);
    const first = text[0];
    const raw = first === '"' || first === "'" || first === '|' || first === '>' ? text : text.replace(/[ \t]+$/, '');
    return [t.body, raw.includes('\n') || raw === '' ? { at: tagAt } : { at: tagAt, src: { pos: this.pos(start), text: raw } }];
  }

  private map(f: Frame, at: Pos): [Record<string, unknown>, LocNode] {
    const result = f.result as Record<string, unknown>;
    const kids = f.children;
    const keys = Object.keys(result);
    if (kids.length !== keys.length * 2) throw new NotFast();
    // A map of many keys (a template's Resources by logical id) is a hash table from the start.
    const out = recordFor<unknown>(keys.length);
    const children = new Map<string | number, LocNode>();
    for (let i = 0; i < kids.length; i += 2) {
      const k = innermost(kids[i]!);
      if (k.kind !== 'scalar' || typeof k.result !== 'string' || k.result !== keys[i / 2] || children.has(k.result)) throw new NotFast();
      const keyAt = this.pos(this.skip(k.start));
      const [value, loc] = this.node(kids[i + 1]!, keyAt);
      setOwn(out, k.result, value);
      children.set(k.result, loc);
    }
    const getAtt = out['Fn::GetAtt'];
    if (children.size === 1 && typeof getAtt === 'string') {
      const [parts, loc] = splitGetAtt(getAtt, children.get('Fn::GetAtt')!);
      out['Fn::GetAtt'] = parts;
      children.set('Fn::GetAtt', loc);
    }
    return [out, { at, children }];
  }

  private seq(f: Frame, at: Pos): [unknown[], LocNode] {
    const result = f.result as unknown[];
    if (!Array.isArray(result) || f.children.length !== result.length) throw new NotFast();
    const out: unknown[] = [];
    const children = new Map<string | number, LocNode>();
    f.children.forEach((item, i) => {
      const inner = innermost(item);
      const [value, loc] = this.node(item, this.pos(this.skip(inner.start)));
      out.push(value);
      children.set(i, loc);
    });
    return [out, { at, children }];
  }
}

/** `'A.B.C'` → `['A', 'B.C']`, as the full reader splits it; a string without a dot is for the full reader to refuse. */
function splitGetAtt(value: string, loc: LocNode): [string[], LocNode] {
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) throw new NotFast();
  const where = loc.src?.pos ?? loc.at;
  const rawDot = loc.src?.text.indexOf('.') ?? -1;
  const attr = rawDot >= 0 ? { line: where.line, column: where.column + rawDot + 1 } : where;
  return [[value.slice(0, dot), value.slice(dot + 1)], { ...loc, children: new Map([[0, { at: where }], [1, { at: attr }]]) }];
}
