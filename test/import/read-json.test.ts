// The strict JSON syntax check (lib/import/read-json.ts) accepts exactly what JSON.parse accepts
// (ECMA-404, as CloudFormation reads JSON), and names the first error's offset.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../lib/import/read-json.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Text near JSON: JSON values written out, then cut, spliced or sprinkled with odd characters. */
const nearJson = fc.oneof(
  fc.json(),
  fc.tuple(fc.json(), fc.nat(), fc.nat()).map(([t, a, b]) => t.slice(0, a % (t.length + 1)) + t.slice(b % (t.length + 1))),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom(',', '"', '\\', '\t', '\n', ' ', '\u0001', '\u001f', '}', ']', '/', '\\u12', '\\x', 'é', '\ud800', '1e', '-', '0', '.')).map(
    ([t, at, s]) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)),
  ),
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\t', '\\', 'a', 'u', '0', '1', '-', '.', 'e', 't', 'r', 'n', 'l', 'f', 's', '\u0000'), maxLength: 30 }),
);

describe('jsonSyntaxError', () => {
  it('accepts exactly the texts JSON.parse accepts', () => {
    fc.assert(
      fc.property(nearJson, (text) => {
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: Number(process.env.JSON_RUNS ?? 3000), seed: Number(process.env.JSON_SEED ?? 7) },
    );
  });

  it('gives the offset of the first error inside a long string', () => {
    const text = `{"a": "${'x'.repeat(5000)}\u0002"}`;
    expect(jsonSyntaxError(text)).toEqual({ offset: 5007, message: 'control character in a string: write it as an escape (\\n, \\t, \\u0000...)' });
    expect(jsonSyntaxError(`{"a": "${'x'.repeat(5000)}`)?.message).toBe('unterminated string: it needs a closing "');
  });
});
