/**
 * The reference reading of JSON templates that `loadJsonIndexed` (lib/import/read-json-index.ts,
 * what `parseTemplate` uses) is tested against: plain data and the location tree, in one pass of
 * `jsonc-parser`'s visitor (lambdaform's own JSON reader until it was replaced). The text has passed the strict syntax check (`read-json.ts`) first. JSON has
 * only long-form intrinsics; a `Fn::GetAtt` string (`"A.B"`) is split at its first dot, as in YAML.
 */
import { visit } from 'jsonc-parser';
import { setOwn } from '../../lib/model/values.js';
import { templateError, type LocNode, type Pos } from '../../lib/import/read-common.js';
import type { LoadedYaml } from '../../lib/import/read-yaml.js';

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
