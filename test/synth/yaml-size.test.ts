// The bounds of the YAML writer's output size hold for whatever the writer does: random data
// with intrinsics (short forms and the long forms kept), multi-line, quoted and escaped strings,
// empty collections, numbers in exponent form; and the real kitchen-sink templates.
import * as fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate, toYaml } from '../../lib/synth/template.js';
import { yamlSizeBounds } from '../../lib/synth/yaml-size.js';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', "'", '"', '\\', ':', '#', '-', 'é', '😀', '\u0085', '\r'), maxLength: 40 }),
  fc.constantFrom('', 'yes', '~', '<<', '0x1F', '1e3', '- x', 'a: b', '!Ref X', 'line\n  indented\n', '\n\n'),
);
const key = fc.oneof(text, fc.constantFrom('Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Condition', 'Fn::Base64', 'Properties', 'Type'));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('arr'), tie('obj'), tie('intrinsic')),
  arr: fc.array(tie('v'), { maxLength: 4 }),
  obj: fc.dictionary(key, tie('v'), { maxKeys: 4 }),
  intrinsic: fc.oneof(
    fc.record({ Ref: text }),
    fc.record({ 'Fn::GetAtt': fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })) }),
    fc.record({ 'Fn::Sub': fc.oneof(text, fc.tuple(text, fc.dictionary(key, tie('v'), { maxKeys: 2 }))) }),
    fc.record({ 'Fn::Join': fc.tuple(text, fc.array(tie('v'), { maxLength: 3 })) }),
    fc.record({ 'Fn::Base64': tie('v') }),
  ),
})).v;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('yamlSizeBounds', () => {
  it('the lower bound is at most, the upper bound at least, the bytes toYaml writes', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (template) => {
        const actual = bytes(toYaml(template));
        const { lower, upper } = yamlSizeBounds(template);
        expect(lower).toBeLessThanOrEqual(actual);
        expect(upper).toBeGreaterThanOrEqual(actual);
      }),
      { numRuns: Number(process.env.YAML_SIZE_RUNS ?? 400) },
    );
  });

  it("counts a string's UTF-8 bytes as Buffer.byteLength does: surrogate pairs 4, lone surrogates 3", () => {
    const withSurrogates = fc.string({ unit: fc.constantFrom('a', 'é', '€', '\ud83d', '\ude00', '😀', '\n', '"'), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), withSurrogates), (s) => {
        expect(yamlSizeBounds(s).lower).toBe(bytes(s));
        // As a key (not an intrinsic's), its bytes and `: ` plus the value's.
        expect(yamlSizeBounds({ [s]: 'x' }).lower).toBe(bytes(s) + 2 + 1);
      }),
      { numRuns: 300 },
    );
    expect(yamlSizeBounds('\ud83d\ude00\ud800x').lower).toBe(4 + 3 + 1);
  });

  it.each(['kitchen-sink.sam.yaml', 'kitchen-sink.template.yaml'])('holds, and is tight enough to decide, on the golden %s', (file) => {
    const template = parseTemplate(fs.readFileSync(new URL(`../fixtures/golden/${file}`, import.meta.url), 'utf8'));
    const actual = bytes(toYaml(template));
    const { lower, upper } = yamlSizeBounds(template);
    expect(lower).toBeLessThanOrEqual(actual);
    expect(upper).toBeGreaterThanOrEqual(actual);
    // Within a factor of 2 on each side on a real template (1.5 and 1.7 today): a 1 MB
    // decision needs the writer only for templates between about 600 KB and 1.5 MB.
    expect(actual / lower).toBeLessThan(2);
    expect(upper / actual).toBeLessThan(2);
  });
});
