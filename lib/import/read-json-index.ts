/**
 * JSON templates (`cdk synth` writes them, often megabytes) → plain data and the location tree,
 * without an object per value: the data is `JSON.parse`'s (native), and one scan of the text
 * records where each value is in typed arrays; the location tree (`LocNode`) is made from them
 * only where someone looks (a finding's line, an error's). The same data, locations and errors as
 * `loadJson` (jsonc-parser's visitor, the reference in test/helpers/json-reference.ts), at a fraction of the cost: making a
 * position, a location node and a value object for every value of a large template cost more than
 * the rest of `lambdaform lint` together, most of it in garbage collection.
 *
 * JSON has only long-form intrinsics; a `Fn::GetAtt` string (`"A.B"`) is split at its first dot,
 * as in YAML, and a duplicate key is refused where `loadJson` refuses it (the first in the order
 * loadJson finds them: a duplicate key when it is read, a bad `Fn::GetAtt` at the end of its map).
 */
import type { LambdaformError } from '../core/errors.js';
import { positionIn, templateError, type LocNode, type Pos } from './read-common.js';
import type { LoadedYaml } from './read-yaml.js';

const SCALAR = 0;
const OBJECT = 1;
const ARRAY = 2;
/** Added to a container's kind when it is empty (its next entry is no child of its). */
const EMPTY = 4;

/** Nesting deeper than this is refused, as the strict check (`read-json.ts`) refuses it. */
export const MAX_JSON_DEPTH = 1000;

/** The text nests deeper than MAX_JSON_DEPTH: the strict check words the error. */
class TooDeep {}

/** Maps with more keys than this check a new key against a Set of theirs, not one by one. */
const FEW_KEYS = 8;

/** Where each value of a JSON text is: one entry per value, in document order (a container before its children). */
class JsonIndex {
  /** The offset of each value's first character. */
  public start: Int32Array;
  /** The offset of the opening quote of a map entry's key; -1 for a list item and the root. */
  public keyStart: Int32Array;
  /** The next value of the same container; -1 for the last one. */
  public next: Int32Array;
  public kind: Uint8Array;
  /** A map entry's key (decoded). */
  public readonly keys: Array<string | undefined> = [];
  public count = 0;
  /** The offsets lines start at (LF, CR LF and a lone CR end a line, as jsonc-parser counts them). */
  public readonly lineStarts: number[] = [0];
  /** Children made so far, by value. */
  private readonly made = new Map<number, ReadonlyMap<string | number, LocNode>>();
  /** The `Fn::GetAtt` strings split into two (value → where the attribute starts, in the string). */
  public readonly splitAt = new Map<number, number>();

  public constructor(public readonly text: string) {
    const capacity = Math.max(64, text.length >> 4);
    this.start = new Int32Array(capacity);
    this.keyStart = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  /** A new value's entry. */
  public add(start: number, keyStart: number, kind: number): number {
    const k = this.count++;
    if (k === this.start.length) this.grow();
    this.start[k] = start;
    this.keyStart[k] = keyStart;
    this.next[k] = -1;
    this.kind[k] = kind;
    return k;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.start = copy(this.start, Int32Array);
    this.keyStart = copy(this.keyStart, Int32Array);
    this.next = copy(this.next, Int32Array);
    this.kind = copy(this.kind, Uint8Array);
  }

  /** The 1-based line and column of an offset. */
  public pos(offset: number): Pos {
    return positionIn(this.lineStarts, offset);
  }

  /** The source text of a scalar (a string with its quotes). */
  public raw(k: number): string {
    const text = this.text;
    const s = this.start[k]!;
    return text.slice(s, scalarEnd(text, s));
  }

  public children(k: number): ReadonlyMap<string | number, LocNode> | undefined {
    const kind = this.kind[k]!;
    if (kind === SCALAR) {
      const split = this.splitAt.get(k);
      if (split === undefined) return undefined;
      // The two parts of a split `Fn::GetAtt` string: the resource where the string starts, the attribute after the dot.
      const where = this.pos(this.start[k]!);
      return new Map<number, LocNode>([
        [0, { at: where }],
        [1, { at: { line: where.line, column: where.column + split + 2 } }],
      ]);
    }
    let children = this.made.get(k);
    if (children === undefined) {
      const map = new Map<string | number, LocNode>();
      let n = 0;
      // A container's first value, if it has one, is the entry after it.
      for (let c = kind & EMPTY ? -1 : k + 1; c !== -1; c = this.next[c]!) map.set((kind & ~EMPTY) === OBJECT ? this.keys[c]! : n++, new IndexedLoc(this, c));
      this.made.set(k, map);
      children = map;
    }
    return children;
  }
}

/** The offset after the closing quote of the string whose opening quote is at `s`. */
function stringEnd(text: string, s: number): number {
  let j = s + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    j += c === 92 ? 2 : 1;
  }
}

/** The offset after the scalar (a string, number, `true`, `false` or `null`) that starts at `s`. */
function scalarEnd(text: string, s: number): number {
  if (text.charCodeAt(s) === 34) return stringEnd(text, s);
  let e = s + 1;
  for (let c = text.charCodeAt(e); !(c === 44 || c === 125 || c === 93 || c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)); c = text.charCodeAt(++e));
  return e;
}

/** The value of the string from `s` (its opening quote) to `end` (after its closing one). */
function stringValue(text: string, s: number, end: number): string {
  const raw = text.slice(s, end);
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** A location made from the index when it is looked at. */
class IndexedLoc implements LocNode {
  public constructor(
    private readonly index: JsonIndex,
    private readonly k: number,
  ) {}

  /** Where its key is (a map entry), else where it is. */
  public get at(): Pos {
    const ks = this.index.keyStart[this.k]!;
    return this.index.pos(ks >= 0 ? ks : this.index.start[this.k]!);
  }

  public get src(): { readonly pos: Pos; readonly text: string } | undefined {
    if (this.index.kind[this.k] !== SCALAR) return undefined;
    return { pos: this.index.pos(this.index.start[this.k]!), text: this.index.raw(this.k) };
  }

  public get children(): ReadonlyMap<string | number, LocNode> | undefined {
    return this.index.children(this.k);
  }
}

/**
 * The data and locations of a JSON text; undefined when it is not JSON as the strict check reads
 * it (`JSON.parse` refuses it, or it nests deeper than MAX_JSON_DEPTH, which JSON.parse takes): the
 * strict check words why. A duplicate key or a bad `Fn::GetAtt` is refused only once the whole
 * text is known to be JSON, so that the strict check's error comes first, as it always has.
 */
export function loadJsonIndexed(text: string, file: string): LoadedYaml | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  /** The first duplicate key or bad `Fn::GetAtt`, thrown after the scan. */
  let problem: LambdaformError | undefined;
  const index = new JsonIndex(text);
  const lineStarts = index.lineStarts;
  /** Paths (from the root) of the maps whose one entry is a `Fn::GetAtt` string, and where to split it. */
  const splits: Array<{ path: Array<string | number>; dot: number }> = [];
  const path: Array<string | number> = [];
  let i = 0;

  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (c === 10 || c === 13) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        lineStarts.push(i);
      } else return;
    }
  };

  /** The string at `i` (decoded); `i` moves past it. */
  const string = (): string => {
    const s = i;
    i = stringEnd(text, s);
    return stringValue(text, s, i);
  };

  const value = (keyStart: number, depth: number): number => {
    if (depth > MAX_JSON_DEPTH) throw new TooDeep();
    ws();
    const c = text.charCodeAt(i);
    if (c === 123) {
      const k = index.add(i, keyStart, OBJECT);
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        index.kind[k] = OBJECT | EMPTY;
        return k;
      }
      const keys: string[] = [];
      let seen: Map<string, number> | undefined;
      const firsts: number[] = [];
      let last = -1;
      for (;;) {
        ws();
        const ks = i;
        const key = string();
        // A key the map has already: refused where it is written again.
        let first = -1;
        if (seen !== undefined) first = seen.get(key) ?? -1;
        else for (let n = 0; n < keys.length; n++) if (keys[n] === key) first = firsts[n]!;
        if (first >= 0) problem ??= templateError(file, index.pos(ks), `duplicate key '${key}' (first at line ${index.pos(first).line}); a key may appear only once in a map`);
        keys.push(key);
        firsts.push(ks);
        if (seen !== undefined) seen.set(key, ks);
        else if (keys.length > FEW_KEYS) seen = new Map(keys.map((x, n) => [x, firsts[n]!]));
        ws();
        i++; // ':'
        path.push(key);
        const child = value(ks, depth + 1);
        path.pop();
        index.keys[child] = key;
        if (last >= 0) index.next[last] = child;
        last = child;
        ws();
        if (text.charCodeAt(i++) === 125) break; // '}', else ','
      }
      if (keys.length === 1 && keys[0] === 'Fn::GetAtt' && index.kind[last] === SCALAR && text.charCodeAt(index.start[last]!) === 34) getAtt(last);
      return k;
    }
    if (c === 91) {
      const k = index.add(i, keyStart, ARRAY);
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        index.kind[k] = ARRAY | EMPTY;
        return k;
      }
      let last = -1;
      for (let n = 0; ; n++) {
        path.push(n);
        const child = value(-1, depth + 1);
        path.pop();
        if (last >= 0) index.next[last] = child;
        last = child;
        ws();
        if (text.charCodeAt(i++) === 93) break; // ']', else ','
      }
      return k;
    }
    const k = index.add(i, keyStart, SCALAR);
    i = scalarEnd(text, i);
    return k;
  };

  /** A map's one `Fn::GetAtt` string (value `k`): refused without a resource and an attribute, else split at its first dot. */
  const getAtt = (k: number): void => {
    const s = index.start[k]!;
    const getAttText = stringValue(text, s, stringEnd(text, s));
    const dot = getAttText.indexOf('.');
    if (dot <= 0 || dot === getAttText.length - 1) {
      problem ??= templateError(file, index.pos(s), `Fn::GetAtt '${getAttText}' must name a resource and an attribute: LogicalId.Attribute (e.g. Bucket.Arn) or [LogicalId, Attribute]`);
      return;
    }
    index.splitAt.set(k, dot);
    splits.push({ path: [...path], dot });
  };

  try {
    value(-1, 0);
  } catch (e) {
    if (e instanceof TooDeep) return undefined;
    throw e;
  }
  if (problem) throw problem;
  for (const { path: at, dot } of splits) {
    let holder = data as Record<string | number, unknown>;
    for (const seg of at) holder = holder[seg] as Record<string | number, unknown>;
    const s = holder['Fn::GetAtt'] as string;
    holder['Fn::GetAtt'] = [s.slice(0, dot), s.slice(dot + 1)];
  }
  return { data, root: new IndexedLoc(index, 0) };
}
