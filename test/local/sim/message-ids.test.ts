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
});
