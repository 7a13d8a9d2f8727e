/**
 * The ledger keeps its inputs as columns (typed arrays and maps), read and written through small
 * objects made when asked for: what is written reads back, across the columns' growth, with
 * undefined where nothing was written; a settled input stays as it is; children inherit their
 * parent's step and lineage.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../lib/local/ledger.js';

describe('Ledger', () => {
  it('reads back what each input was given, past the columns growing several times', () => {
    const l = new Ledger();
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const r = l.create(i % 7, `Test/Q${i % 3}`);
      r.attempts = i % 5;
      if (i % 2 === 0) r.receives = i;
      if (i % 3 === 0) l.settle(r, i % 2 === 0 ? 'processed' : 'discarded', i * 1000.4, i % 2 === 0 ? undefined : { reason: `r${i}` });
    }
    expect(l.inputs).toHaveLength(n);
    l.inputs.forEach((r, i) => {
      expect(r.id).toBe(`in-${i + 1}`);
      expect([r.step, r.source, r.parent, r.attempts]).toEqual([i % 7, `Test/Q${i % 3}`, undefined, i % 5]);
      expect(r.receives).toBe(i % 2 === 0 ? i : undefined);
      expect(r.disposition).toBe(i % 3 !== 0 ? undefined : i % 2 === 0 ? 'processed' : 'discarded');
      expect(r.endedAt).toBe(i % 3 === 0 ? Math.round(i * 1000.4) / 1000 : undefined);
      expect(r.reason).toBe(i % 3 === 0 && i % 2 === 1 ? `r${i}` : undefined);
      expect(r.where).toBeUndefined();
      expect(r.lineage).toEqual({});
    });
  });

  it('keeps receive count 0 and settlement at time 0 apart from none', () => {
    const l = new Ledger();
    const r = l.create(0, 'Test/Q');
    expect([r.receives, r.endedAt, r.disposition]).toEqual([undefined, undefined, undefined]);
    r.receives = 0;
    l.settle(r, 'deadLetter', 0, { where: 'Test/Dlq' });
    expect([r.receives, r.endedAt, r.disposition, r.where]).toEqual([0, 0, 'deadLetter', 'Test/Dlq']);
    r.receives = undefined;
    expect(r.receives).toBeUndefined();
  });

  it('settles once: a later settlement changes nothing', () => {
    const l = new Ledger();
    const r = l.create(0, 'Test/Q');
    l.settle(r, 'processed', 1500);
    l.settle(r, 'discarded', 9000, { reason: 'late', where: 'x' });
    expect([r.disposition, r.endedAt, r.reason, r.where]).toEqual(['processed', 1.5, undefined, undefined]);
  });

  it('gives children the step, parent and lineage of their chain, one more hop for the function that sent them on', () => {
    const l = new Ledger();
    const root = l.create(3, 'Test/A');
    const child = l.child(root, 'Test/B', 'Test/Fn');
    const grandchild = l.child(child, 'Test/C', 'Test/Fn');
    const plain = l.child(grandchild, 'Test/D');
    expect([child.step, child.parent, child.lineage]).toEqual([3, root.id, { 'Test/Fn': 1 }]);
    expect([grandchild.parent, grandchild.lineage]).toEqual([child.id, { 'Test/Fn': 2 }]);
    expect([plain.step, plain.parent, plain.lineage]).toEqual([3, grandchild.id, { 'Test/Fn': 2 }]);
    expect(root.lineage).toEqual({});
    // Objects for the same input read the same values; `inputs` gives the same object every time.
    expect(l.inputs[1]!.id).toBe(child.id);
    child.attempts = 3;
    expect(l.inputs[1]!.attempts).toBe(3);
    expect(l.inputs[1]).toBe(l.inputs[1]);
    expect(l.size).toBe(4);
    expect(JSON.parse(JSON.stringify(plain))).toMatchObject({ id: 'in-4', source: 'Test/D', parent: 'in-3', attempts: 0, lineage: { 'Test/Fn': 2 } });
  });
});
