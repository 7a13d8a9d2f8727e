import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../lib/local/sim/clock.js';
import { MinHeap } from '../../../lib/local/sim/heap.js';
import { Random } from '../../../lib/local/sim/random.js';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('Simulation', () => {
  it('jumps to the next event when nothing runs: 12 hours in no wall time', async () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.at(12 * 3_600_000, () => fired.push(sim.now()));
    sim.at(1000, () => fired.push(sim.now()));
    const t = performance.now();
    await sim.run();
    expect(fired).toEqual([1000, 12 * 3_600_000]);
    expect(sim.now()).toBe(12 * 3_600_000);
    // Not a speed test: a clock that waited would take 12 hours.
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('fires events of the same time in the order they were scheduled', async () => {
    const sim = new Simulation();
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) sim.at(500, () => order.push(name));
    sim.at(499, () => order.push('first'));
    await sim.run();
    expect(order).toEqual(['first', 'a', 'b', 'c']);
  });

  it('follows the wall clock while work runs, firing events due meanwhile', async () => {
    const sim = new Simulation();
    let firedAt = -1;
    sim.track(async () => {
      await wait(120);
    });
    sim.at(50, () => (firedAt = sim.now()));
    await sim.run();
    // The event at 50 ms fired while the work ran (not after it), and the clock stands where the work ended.
    expect(firedAt).toBeGreaterThanOrEqual(50);
    expect(firedAt).toBeLessThan(110);
    expect(sim.now()).toBeGreaterThanOrEqual(115);
    expect(sim.now()).toBeLessThan(1000);
  });

  it('stops exactly at until, leaving later events scheduled', async () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.at(1000, () => fired.push(1000));
    sim.at(5000, () => fired.push(5000));
    await sim.run(3000);
    expect(fired).toEqual([1000]);
    expect(sim.now()).toBe(3000);
    await sim.run();
    expect(fired).toEqual([1000, 5000]);
  });

  it('ends a run without until when only background (daemon) events are left; with until they fire', async () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.at(10, () => fired.push(10));
    sim.at(60_000, () => fired.push(60_000), true);
    await sim.run();
    expect(fired).toEqual([10]);
    expect(sim.now()).toBe(10);
    await sim.run(60_000);
    expect(fired).toEqual([10, 60_000]);
  });

  it('does not fire a cancelled event, and a cancelled event does not keep the run going', async () => {
    const sim = new Simulation();
    let fired = false;
    const t = sim.at(10_000, () => (fired = true));
    t.cancel();
    await sim.run();
    expect(fired).toBe(false);
    expect(sim.now()).toBe(0);
  });

  it('ends the run with the error of an event callback', async () => {
    const sim = new Simulation();
    sim.at(1, () => {
      throw new Error('boom');
    });
    await expect(sim.run()).rejects.toThrow('boom');
  });

  it('ends the run with the error of tracked work', async () => {
    const sim = new Simulation();
    sim.track(async () => {
      throw new Error('work failed');
    });
    await expect(sim.run()).rejects.toThrow('work failed');
  });

  it('gives the simulated wall-clock time from its start', () => {
    const sim = new Simulation({ startEpochMs: Date.UTC(2026, 0, 1) });
    expect(new Date(sim.epochMs()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('MinHeap', () => {
  it('pops by time, then by insertion order', () => {
    const h = new MinHeap<{ time: number; seq: number }>();
    const times = [5, 1, 9, 1, 3, 7, 3, 0];
    times.forEach((time, seq) => h.push({ time, seq }));
    const out: string[] = [];
    for (let e = h.pop(); e; e = h.pop()) out.push(`${e.time}:${e.seq}`);
    expect(out).toEqual(['0:7', '1:1', '1:3', '3:4', '3:6', '5:0', '7:5', '9:2']);
  });
});

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = [a.next(), a.next(), a.uuid()];
    expect([b.next(), b.next(), b.uuid()]).toEqual(seqA);
    expect(c.next()).not.toBe(seqA[0]);
  });

  it('makes version 4 UUIDs', () => {
    const r = new Random(7);
    for (let i = 0; i < 100; i++) expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('Simulation.run(until) with nothing scheduled', () => {
  it('moves the clock to the end time', async () => {
    const sim = new Simulation();
    await sim.run(30_000);
    expect(sim.now()).toBe(30_000);
    await sim.run(10_000);
    expect(sim.now()).toBe(30_000);
  });
});
