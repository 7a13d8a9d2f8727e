import { describe, expect, it } from 'vitest';
import { grouped } from '../../lib/core/util.js';

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
