/**
 * JSON templates (`cdk synth` writes them, often large) → plain data and the location tree, in
 * one pass of `jsonc-parser`'s scanner: many times faster than reading JSON as YAML. The text has
 * passed the strict syntax check (`read-json.ts`) first. JSON has only long-form intrinsics; a
 * `Fn::GetAtt` string (`"A.B"`) is split at its first dot, as in YAML.
 */
import { visit } from 'jsonc-parser';
import { recordFor } from '../core/util.js';
import { setOwn } from '../model/values.js';
import { templateError, type LocNode, type Pos } from './read-common.js';
import type { LoadedYaml } from './read-yaml.js';

interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  readonly children: Map<string | number, LocNode>;
  readonly at: Pos;
  /** The pending key of an object and where it is written. */
  key?: string;
  keyAt?: Pos;
}

/** Refuses a key a map already has, naming where it was first. */
function checkNewKey(file: string, children: ReadonlyMap<string | number, LocNode>, key: string, at: Pos): void {
  const first = children.get(key);
  if (first) throw templateError(file, at, `duplicate key '${key}' (first at line ${first.at.line}); a key may appear only once in a map`);
}

/** A map that is `{ "Fn::GetAtt": "A.B" }` gets the list form, `["A", "B"]`, with a location for each part. */
function splitGetAtt(file: string, obj: Record<string, unknown>, children: Map<string | number, LocNode>): void {
  const getAtt = obj['Fn::GetAtt'];
  if (children.size !== 1 || typeof getAtt !== 'string') return;
  const loc = children.get('Fn::GetAtt')!;
  const dot = getAtt.indexOf('.');
  const where = loc.src?.pos ?? loc.at;
  if (dot <= 0 || dot === getAtt.length - 1) {
    throw templateError(file, where, `Fn::GetAtt '${getAtt}' must name a resource and an attribute: LogicalId.Attribute (e.g. Bucket.Arn) or [LogicalId, Attribute]`);
  }
  obj['Fn::GetAtt'] = [getAtt.slice(0, dot), getAtt.slice(dot + 1)];
  // the attribute's column: after the opening quote and the dot
  children.set('Fn::GetAtt', { ...loc, children: new Map([[0, { at: where }], [1, { at: { line: where.line, column: where.column + dot + 2 } }]]) });
}

/** The data and locations of a JSON template text. */
export function loadJson(text: string, file: string): LoadedYaml {
  const stack: Frame[] = [];
  let result: { value: unknown; loc: LocNode } | undefined;
  const pos = (line: number, character: number): Pos => ({ line: line + 1, column: character + 1 });

  /** Adds a finished value to the frame on top (or makes it the result). */
  const put = (value: unknown, loc: LocNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = { value, loc };
      return;
    }
    if (Array.isArray(top.value)) {
      top.children.set(top.value.length, loc);
      top.value.push(value);
      return;
    }
    const key = top.key!;
    setOwn(top.value as Record<string, unknown>, key, value);
    top.children.set(key, loc);
    top.key = undefined;
  };
  /** Where the next value of the frame on top is: its key's position in an object, its own in a list. */
  const slot = (own: Pos): Pos => {
    const top = stack[stack.length - 1];
    return top && !Array.isArray(top.value) && top.keyAt ? top.keyAt : own;
  };

  visit(
    text,
    {
      onObjectBegin: (_offset, _length, line, character) => {
        stack.push({ value: {}, children: new Map(), at: slot(pos(line, character)) });
      },
      onArrayBegin: (_offset, _length, line, character) => {
        stack.push({ value: [], children: new Map(), at: slot(pos(line, character)) });
      },
      onObjectProperty: (property, _offset, _length, line, character) => {
        const top = stack[stack.length - 1]!;
        const at = pos(line, character);
        checkNewKey(file, top.children, property, at);
        top.key = property;
        top.keyAt = at;
      },
      onObjectEnd: () => {
        const frame = stack.pop()!;
        const obj = frame.value as Record<string, unknown>;
        splitGetAtt(file, obj, frame.children);
        put(obj, { at: frame.at, children: frame.children });
      },
      onArrayEnd: () => {
        const frame = stack.pop()!;
        put(frame.value, { at: frame.at, children: frame.children });
      },
      onLiteralValue: (value, offset, length, line, character) => {
        const own = pos(line, character);
        put(value, { at: slot(own), src: { pos: own, text: text.slice(offset, offset + length) } });
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return { data: result?.value, root: result?.loc ?? { at: { line: 1, column: 1 } } };
}

/**
 * `loadJson`'s result, read by a parser of its own rather than jsonc-parser's visitor (a callback
 * and a frame per value): the same data and locations, at about half the cost. The text must have
 * passed the strict syntax check; the GetAtt and duplicate-key rules are `loadJson`'s.
 */
export function loadJsonFast(text: string, file: string): LoadedYaml {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (c === 10 || c === 13) {
        // LF, CR LF and a lone CR each end a line, as jsonc-parser counts them.
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        lineStart = i;
      } else return;
    }
  };
  const here = (): Pos => ({ line, column: i - lineStart + 1 });
  const string = (): { value: string; raw: string } => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
      } else j++;
    }
    i = j + 1;
    const raw = text.slice(start, i);
    return { value: escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1), raw };
  };
  const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  /** A value at `i` (after whitespace); `slot` is where its key is written, when it has one. */
  const value = (slot: Pos | undefined): { value: unknown; loc: LocNode } => {
    ws();
    const own = here();
    const at = slot ?? own;
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const children = new Map<string | number, LocNode>();
      // The values in key order (the keys are the children's): the object is made once its size is
      // known, a hash table from the start when it has many keys (a template's Resources).
      const values: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === 125) i++;
      else {
        for (;;) {
          ws();
          const keyAt = here();
          const key = string().value;
          checkNewKey(file, children, key, keyAt);
          ws();
          i++; // ':'
          const v = value(keyAt);
          values.push(v.value);
          children.set(key, v.loc);
          ws();
          if (text.charCodeAt(i++) === 125) break; // '}', else ','
        }
      }
      const obj = recordFor<unknown>(values.length);
      let n = 0;
      for (const key of children.keys() as IterableIterator<string>) setOwn(obj, key, values[n++]);
      splitGetAtt(file, obj, children);
      return { value: obj, loc: { at, children } };
    }
    if (c === 91) {
      i++;
      const list: unknown[] = [];
      const children = new Map<string | number, LocNode>();
      ws();
      if (text.charCodeAt(i) === 93) i++;
      else {
        for (;;) {
          const v = value(undefined);
          children.set(list.length, v.loc);
          list.push(v.value);
          ws();
          if (text.charCodeAt(i++) === 93) break; // ']', else ','
        }
      }
      return { value: list, loc: { at, children } };
    }
    let v: unknown;
    let raw: string;
    if (c === 34) ({ value: v, raw } = string());
    else if (text.startsWith('true', i)) [v, raw] = [true, 'true'];
    else if (text.startsWith('false', i)) [v, raw] = [false, 'false'];
    else if (text.startsWith('null', i)) [v, raw] = [null, 'null'];
    else {
      NUMBER.lastIndex = i;
      raw = NUMBER.exec(text)![0];
      v = Number(raw);
    }
    if (c !== 34) i += raw.length;
    return { value: v, loc: { at, src: { pos: own, text: raw } } };
  };
  // (A byte order mark, or no value at all: loadJson's, which knows what to say.)
  if (text.charCodeAt(0) === 0xfeff || text.trim() === '') return loadJson(text, file);
  const { value: data, loc } = value(undefined);
  return { data, root: loc };
}
