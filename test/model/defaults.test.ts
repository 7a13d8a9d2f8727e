// Text limits count characters (code points), as AWS does, not UTF-16 units.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, LIMITS, textProblem } from '../../lib/model/defaults.js';

describe('codePointLength', () => {
  it('counts a surrogate pair as one character and a lone surrogate as one', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('a😀b')).toBe(3); // 😀 is two UTF-16 units
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('\ud83d')).toBe(1); // a high surrogate alone
    expect(codePointLength('\ude00\ud83d')).toBe(2); // low before high: no pair
    expect(codePointLength('x\ud83d')).toBe(2); // a high surrogate at the end
  });

  it('agrees with [...s].length on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => codePointLength(s) === [...s].length), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }), (s) => codePointLength(s) === [...s].length), { numRuns: 2000 });
  });
});

describe('textProblem', () => {
  const limit = LIMITS.stack.logicalId;
  it('takes the longest id and refuses one character more', () => {
    expect(textProblem('logical id', `A${'b'.repeat(limit.maxLength - 1)}`, limit)).toBeUndefined();
    expect(textProblem('logical id', `A${'b'.repeat(limit.maxLength)}`, limit)).toBe(`logical id must be ${limit.minLength}-${limit.maxLength} ${limit.allowed ?? 'characters'}, got 'A${'b'.repeat(79)}...' (${limit.maxLength + 1} characters)`);
  });
  it('counts a length limit in characters: 128 emoji fit in a 128-character tag key', () => {
    expect(codePointLength('😀'.repeat(128))).toBe(128);
    expect(textProblem('tag key', 'k'.repeat(LIMITS.tag.key.maxLength + 1), { ...LIMITS.tag.key, pattern: undefined })).toBe(`tag key must be 1-${LIMITS.tag.key.maxLength} characters, got ${LIMITS.tag.key.maxLength + 1}`);
    expect(textProblem('tag key', '😀'.repeat(LIMITS.tag.key.maxLength), { ...LIMITS.tag.key, pattern: undefined })).toBeUndefined();
  });
});
