import { describe, expect, it } from 'vitest';
import { typedColumns } from '../../lib/local/typed-columns.js';

describe('typedColumns', () => {
  it('makes one column per entry, of its type and row count, in one buffer, the widest first (each aligned)', () => {
    const c = typedColumns(5, { flag: Uint8Array, at: Float64Array, count: Int32Array });
    expect([c.at, c.count, c.flag].map((a) => [a.constructor.name, a.length])).toEqual([['Float64Array', 5], ['Int32Array', 5], ['Uint8Array', 5]]);
    expect(c.at.buffer).toBe(c.flag.buffer);
    expect(c.at.buffer.byteLength).toBe(5 * (8 + 4 + 1));
    expect([c.at.byteOffset, c.count.byteOffset, c.flag.byteOffset]).toEqual([0, 40, 60]);
  });

  it('keeps the columns apart: writing one changes no other', () => {
    const c = typedColumns(3, { a: Float64Array, b: Float64Array, n: Int32Array, s: Uint8Array });
    c.a.fill(Number.NaN);
    c.n.fill(-1);
    expect([...c.b]).toEqual([0, 0, 0]);
    expect([...c.s]).toEqual([0, 0, 0]);
    expect([...c.n]).toEqual([-1, -1, -1]);
  });
});
