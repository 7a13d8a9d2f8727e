import { performance } from 'node:perf_hooks';
import { MinHeap, type HeapEntry } from './heap.js';

/** A scheduled event; `cancel()` keeps it from firing. */
export interface Timer {
  cancel(): void;
}

/** A scheduled event: its own Timer (one object per event, no closure to cancel it). */
class Scheduled implements HeapEntry, Timer {
  public constructor(
    public readonly time: number,
    public readonly seq: number,
    public fn: (() => void) | undefined,
    /** A background event (a schedule's next firing): it does not keep a run going. */
    public readonly daemon: boolean,
    private readonly sim: Simulation,
  ) {}

  public cancel(): void {
    if (this.fn === undefined) return;
    this.fn = undefined;
    this.sim.cancelled(this);
  }
}

/** Cancelled events are dropped from the heap once they are more than this many and more than half of it. */
const COMPACT_AFTER = 64;

/** How a simulation keeps time. */
export interface SimulationOptions {
  /** Run on the wall clock instead of jumping to the next event. @default false */
  readonly realtime?: boolean;
  /** The simulated wall-clock time (epoch ms) at simulated time 0. @default Date.now() */
  readonly startEpochMs?: number;
}

/**
 * The discrete-event simulation every local service runs on. Time is in simulated milliseconds
 * from the start. Events (timers, retries, visibility timeouts, schedules) sit in a heap ordered
 * by time; while no work is running (no handler, no environment starting) the clock jumps to the
 * next event, so hours pass in microseconds; while work runs, the clock follows the wall clock
 * from the moment the work began, so a handler's simulated duration is its measured duration and
 * events due meanwhile (another message's visibility timeout, this handler's own timeout) fire
 * on time. With `realtime`, the clock is the wall clock throughout.
 */
export class Simulation {
  public readonly realtime: boolean;
  public readonly startEpochMs: number;
  /** Realtime runs that serve requests (start-api) keep going when idle, until stopped. */
  public keepAlive = false;
  private readonly heap = new MinHeap<Scheduled>();
  private seq = 0;
  /** Scheduled events that are not daemons and not cancelled. */
  private live = 0;
  /** Cancelled events still in the heap. */
  private dead = 0;
  private frozen = 0;
  private running = 0;
  private anchorSim = 0;
  private anchorWall = 0;
  private readonly wallStart = performance.now();
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDeadline = 0;
  private stopped = false;
  /** Errors thrown by event callbacks or tracked work: the run ends with the first. */
  private failure: unknown;

  public constructor(options: SimulationOptions = {}) {
    this.realtime = options.realtime ?? false;
    this.startEpochMs = options.startEpochMs ?? Date.now();
  }

  /** Simulated milliseconds since the start. */
  public now(): number {
    if (this.realtime) return performance.now() - this.wallStart;
    if (this.running > 0) return Math.max(this.frozen, this.anchorSim + (performance.now() - this.anchorWall));
    return this.frozen;
  }

  /** The simulated wall-clock time, epoch milliseconds. */
  public epochMs(): number {
    return this.startEpochMs + this.now();
  }

  /** Whether work (a handler, an environment starting) is running. */
  public get busy(): boolean {
    return this.running > 0;
  }

  /** Nothing runs and nothing but background (daemon) events is scheduled: a run without an end time would return at once. */
  public get settled(): boolean {
    return this.running === 0 && this.live === 0 && !this.keepAlive;
  }

  /**
   * Runs `fn` at simulated time `time` (ms); a time in the past runs it at the next step. A
   * `daemon` event (a schedule's next firing) does not keep a run without an end time going.
   */
  public at(time: number, fn: () => void, daemon = false): Timer {
    const entry = new Scheduled(time, this.seq++, fn, daemon, this);
    this.heap.push(entry);
    if (!daemon) this.live++;
    if (this.running > 0 || this.realtime) this.wake();
    return entry;
  }

  /**
   * An event in the heap was cancelled (Scheduled.cancel). Most timers are cancelled long before
   * their time (an invocation's timeout, a receive's visibility timeout): once cancelled events
   * are most of the heap they are dropped, so they die young instead of filling the heap.
   * @internal
   */
  public cancelled(entry: Scheduled): void {
    if (!entry.daemon) this.live--;
    if (++this.dead > COMPACT_AFTER && this.dead * 2 > this.heap.size) {
      this.heap.retain((e) => e.fn !== undefined);
      this.dead = 0;
    }
  }

  /** Runs `fn` after `delayMs` simulated milliseconds. */
  public after(delayMs: number, fn: () => void): Timer {
    return this.at(this.now() + Math.max(0, delayMs), fn);
  }

  /**
   * Tracks asynchronous work (an invocation and what follows from its result): while any runs,
   * the clock follows the wall clock and the run does not end.
   */
  public track(work: () => Promise<void>): void {
    this.begin();
    let p: Promise<void>;
    try {
      p = work();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(this.end, this.fail);
  }

  /** Work begins (`track` without a promise): `end` or `fail` must follow, once. */
  public begin(): void {
    if (this.running === 0 && !this.realtime) {
      this.anchorSim = this.frozen;
      this.anchorWall = performance.now();
    }
    this.running++;
  }

  /** Work that `begin` began ended. */
  public readonly end = (): void => {
    if (this.running === 1 && !this.realtime) this.frozen = this.now();
    this.running--;
    this.wake();
  };

  /** Work that `begin` began failed: the run ends with the first failure. */
  public readonly fail = (e: unknown): void => {
    this.failure ??= e;
    this.end();
  };

  /** Ends the run at the next step. */
  public stop(): void {
    this.stopped = true;
    this.wake();
  }

  /**
   * Runs events until nothing is scheduled and nothing runs, or until simulated time `untilMs`
   * (events scheduled later stay scheduled, and the clock stands at `untilMs`).
   */
  public async run(untilMs?: number): Promise<void> {
    try {
      await this.loop(untilMs);
    } finally {
      // A timer left from the last sleep would keep the process alive until its deadline.
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async loop(untilMs: number | undefined): Promise<void> {
    this.stopped = false;
    let burst = 0;
    for (;;) {
      if (this.failure !== undefined) {
        const f = this.failure;
        this.failure = undefined;
        throw f;
      }
      if (this.stopped) return;
      const next = this.heap.peek();
      if (next && next.fn === undefined) {
        this.heap.pop();
        this.dead--;
        continue;
      }
      if (this.running === 0 && untilMs === undefined && this.live === 0 && !this.keepAlive) return;
      if (this.running === 0 && !this.realtime) {
        if (!next) {
          // Nothing left before the end time: the clock stands at it.
          if (untilMs !== undefined) this.frozen = Math.max(this.frozen, untilMs);
          return;
        }
        if (untilMs !== undefined && next.time > untilMs) {
          this.frozen = Math.max(this.frozen, untilMs);
          return;
        }
        this.heap.pop();
        this.frozen = Math.max(this.frozen, next.time);
        this.fire(next);
        // Let promise continuations of what the event started run before the next event.
        if (++burst % 64 === 0) await Promise.resolve();
        continue;
      }
      const now = this.now();
      if (next && next.time <= now && (untilMs === undefined || next.time <= untilMs)) {
        this.heap.pop();
        this.fire(next);
        if (++burst % 64 === 0) await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      if (this.realtime && this.running === 0 && !next && !this.keepAlive) return;
      if (untilMs !== undefined && now >= untilMs && this.running === 0) return;
      let wait = next ? next.time - now : Infinity;
      if (untilMs !== undefined) wait = Math.min(wait, Math.max(0, untilMs - now));
      await this.sleep(wait);
    }
  }

  private fire(e: Scheduled): void {
    const fn = e.fn;
    if (fn === undefined) {
      this.dead--;
      return;
    }
    if (!e.daemon) this.live--;
    e.fn = undefined;
    try {
      fn();
    } catch (err) {
      this.failure ??= err;
    }
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /**
   * Waits for `ms` of wall time or a wake-up. The timer outlives a wake-up and is reused by the
   * next sleep whose deadline is not earlier (the earliest event is mostly an invocation's
   * timeout, which moves later as invocations end): a timer per invocation saved. A timer that
   * fires before the sleep's deadline, or after its sleep ended, only wakes the loop once more,
   * which finds nothing due and sleeps again.
   */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      if (!Number.isFinite(ms)) return;
      const deadline = performance.now() + ms;
      if (this.timer && this.timerDeadline < deadline + 1) return;
      if (this.timer) clearTimeout(this.timer);
      this.timerDeadline = deadline;
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.wake();
        },
        Math.min(Math.max(0, Math.ceil(ms)), 2 ** 31 - 1),
      );
    });
  }
}
