/** Message ids made from numbers: version 4 UUIDs, distinct for distinct numbers, the same for the same seed. */
import { describe, expect, it } from 'vitest';
import { MessageIds } from '../../../lib/local/sim/message-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('MessageIds', () => {
  it('gives UUID-shaped ids, all distinct, including numbers that differ only in their high bits', () => {
    const ids = new MessageIds(1);
    const seen = new Set<string>();
    const numbers = [...Array.from({ length: 20_000 }, (_, i) => i + 1), 2 ** 32, 2 ** 32 + 1, 2 ** 33 + 1, 2 ** 52, Number.MAX_SAFE_INTEGER];
    for (const n of numbers) {
      const id = ids.format(n);
      expect(id).toMatch(UUID);
      seen.add(id);
    }
    expect(seen.size).toBe(numbers.length);
  });

  it('numbers ids one after another; the same seed gives the same ids, another seed others', () => {
    const a = new MessageIds(7);
    const b = new MessageIds(7);
    const c = new MessageIds(8);
    const fromA = [a.id(), a.id(), a.id()];
    expect([b.id(), b.id(), b.id()]).toEqual(fromA);
    expect(new Set([...fromA, c.id(), c.id(), c.id()]).size).toBe(6);
    expect(a.next()).toBe(4);
    expect(a.format(1)).toBe(fromA[0]);
  });

  it('gives distinct ids to the same numbers in different spaces', () => {
    const ids = new MessageIds(1);
    const spaces = [0, ids.space(), ids.space(), 65_535];
    expect(spaces.slice(1, 3)).toEqual([1, 2]);
    const seen = new Set<string>();
    for (const space of spaces) for (let n = 1; n <= 2000; n++) seen.add(ids.format(n, space));
    for (const space of spaces) seen.add(ids.format(2 ** 32 + 1, space));
    expect(seen.size).toBe(spaces.length * 2001);
    expect(ids.format(5, 0)).toBe(ids.format(5));
  });

  it("a queue's ids do not share their last digits (SQS's ids are random)", () => {
    const ids = new MessageIds(3);
    const space = ids.space();
    const endings = new Set(Array.from({ length: 1000 }, (_, i) => ids.format(i + 1, space).slice(-8)));
    expect(endings.size).toBe(1000);
    const middles = new Set(Array.from({ length: 1000 }, (_, i) => ids.format(i + 1, space).slice(9, 23)));
    expect(middles.size).toBe(1000);
  });
});

describe('MessageIds.formatMany', () => {
  it('gives each number the id format gives it, at the place asked, for batches of any size and numbers of any size', () => {
    const ids = new MessageIds(7);
    const numbers = [1, 2, 3, 1024, 1025, 2 ** 32, 2 ** 32 + 5, 2 ** 47 + 3, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
    for (const count of [1, 2, 10, numbers.length]) {
      for (const space of [0, 3]) {
        const out = ['kept'];
        ids.formatMany(numbers.slice(0, count), space, out, 1);
        expect(out).toEqual(['kept', ...numbers.slice(0, count).map((n) => ids.format(n, space))]);
      }
    }
    // Nothing to make: nothing written.
    const none: string[] = [];
    ids.formatMany([], 0, none);
    expect(none).toEqual([]);
  });

  it('a batch of more ids than the buffer first held (16) after a small one: each id its own', () => {
    const ids = new MessageIds(1);
    const small: string[] = [];
    ids.formatMany([1, 2], 1, small);
    const numbers = Array.from({ length: 40 }, (_, i) => 100 + i);
    const big: string[] = [];
    ids.formatMany(numbers, 1, big);
    expect(big).toEqual(numbers.map((n) => ids.format(n, 1)));
    expect(new Set(big).size).toBe(40);
    // The earlier ids are unchanged (strings, not views of the buffer).
    expect(small).toEqual([ids.format(1, 1), ids.format(2, 1)]);
  });
});
