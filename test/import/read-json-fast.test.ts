// The JSON reader of templates (loadJsonFast) reads exactly what loadJson (jsonc-parser's visitor)
// reads: the same data, the same locations, the same errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadJson, loadJsonFast } from '../../lib/import/read-json-load.js';

const same = (text: string): void => {
  let expected: unknown;
  try {
    expected = loadJson(text, 'template.json');
  } catch (e) {
    expect(() => loadJsonFast(text, 'template.json')).toThrow((e as Error).message);
    return;
  }
  expect(loadJsonFast(text, 'template.json')).toEqual(expected);
};

describe('loadJsonFast', () => {
  it('reads any JSON, however it is laid out, as loadJson does', () => {
    const key = fc.oneof(fc.constantFrom('Fn::GetAtt', 'Ref', 'Type', 'a', 'é', 'x\ny', 'q"q'), fc.string({ maxLength: 4 }));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 6 }),
        fc.constantFrom('A.B', '.B', 'A.', 'a\\b', 'tab\there', '\u2028', 'ünï'),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
        fc.record({ 'Fn::GetAtt': fc.constantFrom('A.B', 'A.B.C', '.B', 'A.', 'AB') }),
      ),
    }));
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 2, '\t', ' \r'), (v, indent) => {
        same(JSON.stringify({ Resources: v }, null, indent as number | string));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('reports a duplicate key where loadJson does', () => {
    same('{\n  "Resources": {\n    "A": 1,\n    "A": 2\n  }\n}\n');
  });

  it('reads the CDK templates of the parity suite as loadJson does', () => {
    const apps = path.resolve(import.meta.dirname, '../parity/apps');
    const files = fs.readdirSync(apps).map((a) => path.join(apps, a, 'cdk.template.json')).filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) same(fs.readFileSync(f, 'utf8'));
  });
});
