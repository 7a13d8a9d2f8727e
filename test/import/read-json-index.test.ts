// The JSON reader of templates (loadJsonIndexed: JSON.parse's data, and locations made from an
// index of the text when looked at) reads exactly what loadJson (jsonc-parser's visitor) reads:
// the same data, the same locations, the same errors. And JSON.parse, which now decides whether
// a text is JSON, accepts exactly what the strict check (jsonSyntaxError) accepts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocNode } from '../../lib/import/read-common.js';
import { loadJsonIndexed } from '../../lib/import/read-json-index.js';
import { loadJson } from '../helpers/json-reference.js';
import { jsonSyntaxError } from '../../lib/import/read-json.js';
import { parseTemplate } from '../../lib/import/read.js';

/** The location tree as plain objects (what loadJson makes), read through every getter. */
function plain(loc: LocNode): LocNode {
  const src = loc.src;
  const children = loc.children;
  return {
    at: loc.at,
    ...(src ? { src } : {}),
    ...(children ? { children: new Map([...children].map(([k, v]) => [k, plain(v)])) } : {}),
  };
}

const same = (text: string): void => {
  let expected: ReturnType<typeof loadJson>;
  try {
    expected = loadJson(text, 'template.json');
  } catch (e) {
    expect(() => loadJsonIndexed(text, 'template.json')).toThrow((e as Error).message);
    return;
  }
  const { data, root } = loadJsonIndexed(text, 'template.json')!;
  expect(data).toEqual(expected.data);
  expect(plain(root)).toEqual(plain(expected.root));
};

const key = fc.oneof(fc.constantFrom('Fn::GetAtt', 'Ref', 'Type', 'a', 'é', 'x\ny', 'q"q', '__proto__'), fc.string({ maxLength: 4 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 6 }),
    fc.constantFrom('A.B', '.B', 'A.', 'a\\b', 'tab\there', '\u2028', 'ünï', 'A\\.B'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    fc.record({ 'Fn::GetAtt': fc.constantFrom('A.B', 'A.B.C', '.B', 'A.', 'AB', 'A\u00e9.B') }),
  ),
}));

describe('loadJsonIndexed', () => {
  it('reads any JSON, however it is laid out, as loadJson does', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 2, '\t', ' \r', '\r\n'), (v, indent) => {
        same(JSON.stringify({ Resources: v }, null, indent as number | string));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('a GetAtt string with escapes, empty maps and lists, and CR LF line ends', () => {
    same('{\r\n  "Resources": {\r\n    "A": {"Fn::GetAtt": "B\\u002eArn"},\r\n    "E": {},\r\n    "L": [],\r\n    "N": [{}, [], 1.5e3, -0, true, null, "x"]\r\n  }\r\n}');
    same('{"Resources": {"A": {"Fn::GetAtt": "\\u0041.B"}}}');
  });

  it('reports a duplicate key, and a GetAtt without a dot, where loadJson does', () => {
    same('{\n  "Resources": {\n    "A": 1,\n    "A": 2\n  }\n}\n');
    same(`{\n  "Resources": {\n${Array.from({ length: 12 }, (_, i) => `    "K${i}": ${i},\n`).join('')}    "K3": 0\n  }\n}\n`);
    same('{"Resources": {"A": {"Fn::GetAtt": "AB"}, "A": 1}}');
    same('{"Resources": {"A": {"x": {"Fn::GetAtt": ".B"}, "x": 1}}}');
  });

  it('reads the CDK templates of the parity suite as loadJson does', () => {
    const apps = path.resolve(import.meta.dirname, '../parity/apps');
    const files = fs.readdirSync(apps).map((a) => path.join(apps, a, 'cdk.template.json')).filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) same(fs.readFileSync(f, 'utf8'));
  });
});

describe('JSON.parse decides what is JSON, as the strict check does', () => {
  it('accepts and refuses the same texts: valid JSON, and JSON with one character changed, dropped or added', () => {
    const chars = fc.constantFrom(...'{}[]:,"\\ \t\n\r0123456789-+.eEtrufalsn/*xu'.split(''), '\u2028', '\u0000', '\u00a0');
    fc.assert(
      fc.property(value, fc.nat(), chars, fc.constantFrom('change', 'drop', 'add'), (v, at, ch, how) => {
        const valid = JSON.stringify({ Resources: v }, null, 1);
        const i = at % (valid.length + 1);
        const text = how === 'change' ? valid.slice(0, i) + ch + valid.slice(i + 1) : how === 'drop' ? valid.slice(0, i) + valid.slice(i + 1) : valid.slice(0, i) + ch + valid.slice(i);
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(jsonSyntaxError(text) === undefined).toBe(parses);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('nesting deeper than the strict check allows (1,000) is refused as it refuses it, not read (JSON.parse would take it)', () => {
    const nested = (depth: number) => `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}`;
    // depth counts from the root map: Resources 1, Q 2, Properties 3, Tags 4
    expect(loadJsonIndexed(nested(997), 't.json')).toBeDefined();
    expect(jsonSyntaxError(nested(997))).toBeUndefined();
    expect(loadJsonIndexed(nested(998), 't.json')).toBeUndefined();
    const strict = jsonSyntaxError(nested(998))!;
    expect(strict.message).toBe('the JSON is nested too deeply');
    expect(() => parseTemplate(nested(998), 'deep.json')).toThrow(`deep.json:1:${strict.offset + 1}: invalid JSON: the JSON is nested too deeply`);
    // a duplicate key or a bad GetAtt before the deep part: the strict check's error still comes first, as it did
    const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
    const dupFirst = `{"Resources": {"A": 1, "A": 2}, "X": ${deep}}`;
    expect(() => parseTemplate(dupFirst, 't.json')).toThrow(`t.json:1:${jsonSyntaxError(dupFirst)!.offset + 1}: invalid JSON: the JSON is nested too deeply`);
    const getAttFirst = `{"Resources": {"A": {"Fn::GetAtt": "AB"}}, "X": ${deep}}`;
    expect(() => parseTemplate(getAttFirst, 't.json')).toThrow('invalid JSON: the JSON is nested too deeply');
    // a hostile depth: the same error, no stack overflow
    expect(() => parseTemplate(nested(50_000), 'deep.json')).toThrow('invalid JSON: the JSON is nested too deeply');
  });

  it('a template file that is not JSON gets the strict check\'s message and position', () => {
    expect(() => parseTemplate('{\n  "Resources": {\n    "A": 1,\n  }\n}\n', 'bad.json')).toThrow("bad.json:3:11: invalid JSON: trailing comma: JSON allows no ',' before '}'");
    expect(() => parseTemplate('{\n  // a comment\n  "Resources": {}\n}\n', 'c.json')).toThrow('c.json:2:3: invalid JSON: JSON allows no comments (use a YAML template to comment it)');
  });
});
