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

describe('MessageIds.put', () => {
  it('writes the id format gives, as 36 bytes at the place asked, for numbers of any size and any space', () => {
    const ids = new MessageIds(7);
    const bytes = Buffer.alloc(3 * 36 + 5, 0x2e);
    for (const n of [1, 2, 1024, 2 ** 32, 2 ** 32 + 5, 2 ** 47 + 3]) {
      for (const space of [0, 3]) {
        ids.put(bytes, 5, n, space);
        ids.put(bytes, 5 + 36, n + 1, space);
        expect(bytes.toString('latin1', 5, 5 + 36)).toBe(ids.format(n, space));
        expect(bytes.toString('latin1', 5 + 36, 5 + 72)).toBe(ids.format(n + 1, space));
        // Nothing before or after is written.
        expect(bytes.toString('latin1', 0, 5)).toBe('.....');
        expect(bytes.toString('latin1', 5 + 72)).toBe('.'.repeat(36));
      }
    }
  });
});

describe('QueuedMessage.idsOf', () => {
  it("gives a batch larger than its buffer first held (16) each message's own id", async () => {
    const { QueuedMessage } = await import('../../../lib/local/services/sqs-store.js');
    const { SimQueue } = await import('../../../lib/local/services/sqs.js');
    const { Simulation } = await import('../../../lib/local/sim/clock.js');
    const { Ledger } = await import('../../../lib/local/ledger.js');
    const { queue } = await import('../helpers.js');
    const plan = queue('Jobs');
    const q = new SimQueue(plan, new Simulation(), { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
    const ledger = new Ledger();
    for (let i = 0; i < 40; i++) q.send(ledger.create(0, plan.id), `m${i}`, {});
    const small = q.receive(2);
    const smallIds = QueuedMessage.idsOf(small);
    const big = [...q.receive(10), ...q.receive(10), ...q.receive(10), ...q.receive(8)];
    expect(QueuedMessage.idsOf(big)).toEqual(big.map((m) => m.messageId));
    expect(new Set(QueuedMessage.idsOf(big)).size).toBe(38);
    // The ids made before are unchanged (strings, not views of the buffer).
    expect(smallIds).toEqual(small.map((m) => m.messageId));
    expect(QueuedMessage.idsOf([])).toEqual([]);
  });
});
