import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped, stableJson } from '../../lib/core/util.js';

describe('grouped', () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 12, 999, 1000, 1024, 51_200, 999_999, 1_000_000, 1_048_576, 123_456_789, -1, -1000, -1_234_567, Number.MAX_SAFE_INTEGER]) {
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(grouped(1_048_576)).toBe('1,048,576');
  });
  it('leaves other numbers to toLocaleString', () => {
    expect(grouped(1234.5)).toBe('1,234.5');
    expect(grouped(2 ** 60)).toBe((2 ** 60).toLocaleString('en-US'));
  });
});

/**
 * stableJson as released before it was rewritten for speed (the oracle: a version's hash, and so
 * its logical id, must not change): parts in a list, keys sorted by code units.
 */
function previousStableJson(v: unknown): string {
  const parts: string[] = [];
  const write = (x: unknown): void => {
    if (Array.isArray(x)) {
      parts.push('[');
      for (let i = 0; i < x.length; i++) {
        if (i > 0) parts.push(',');
        write(x[i]);
      }
      parts.push(']');
      return;
    }
    if (typeof x === 'object' && x !== null) {
      const keys = Object.keys(x).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push('{');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) parts.push(',');
        parts.push(JSON.stringify(keys[i]), ':');
        write((x as Record<string, unknown>)[keys[i]!]);
      }
      parts.push('}');
      return;
    }
    parts.push(JSON.stringify(x) ?? 'null');
  };
  write(v);
  return parts.join('');
}

describe('stableJson', () => {
  it('writes the text a version hash was made from in earlier releases (a change would rename every version)', () => {
    const versioned = {
      versioned: {
        runtime: 'nodejs24.x',
        environment: { UNIT_ID: '1', QUEUE_URL: { $ref: 'S/Q', attr: 'Url' }, 'é"\\x': 'a\nb' },
        layers: [{ $ref: 'S/L', attr: 'Arn' }, undefined],
        timeoutSeconds: 30,
        dropped: undefined,
        list: [],
        empty: {},
        flag: false,
        nothing: null,
      },
      description: undefined,
    };
    expect(stableJson(versioned)).toBe(
      '{"description":null,"versioned":{"dropped":null,"empty":{},"environment":{"QUEUE_URL":{"$ref":"S/Q","attr":"Url"},"UNIT_ID":"1","é\\"\\\\x":"a\\nb"},"flag":false,"layers":[{"$ref":"S/L","attr":"Arn"},null],"list":[],"nothing":null,"runtime":"nodejs24.x","timeoutSeconds":30}}',
    );
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson('x')).toBe('"x"');
  });

  it('writes what the earlier release wrote, for any JSON value with undefined in it, and reads back as the data', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), fc.array(tie('any'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('any'), { maxKeys: 5 })),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        expect(stableJson(v)).toBe(previousStableJson(v));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(stableJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
