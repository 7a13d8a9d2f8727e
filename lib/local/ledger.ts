import { typedColumns, type TypedColumns } from './typed-columns.js';

/** Where an input ended: exactly one of these (the conservation invariant). */
export type Disposition = 'processed' | 'queued' | 'deadLetter' | 'failureDestination' | 'discarded';

/** One input of a run: a message sent, an event, a record, an HTTP request, or something a handler or the runtime sent on. */
export interface InputRecord {
  readonly id: string;
  /** The scenario step that created it (for inputs sent on, the step of the first input of the chain). */
  readonly step: number;
  /** The resource it entered (queue, topic, bucket, stream, table, function, api). */
  readonly source: string;
  /** The input it was sent on from. */
  readonly parent?: string;
  /** Invocations that included it. */
  attempts: number;
  /** SQS receives. */
  receives?: number;
  /** Undefined while it is still on its way: reported as `queued`. */
  disposition?: Exclude<Disposition, 'queued'>;
  /** The dead-letter queue or destination it went to. */
  where?: string;
  /** Why it was discarded. */
  reason?: string;
  /** Simulated seconds when it reached its disposition. */
  endedAt?: number;
  /**
   * Recursive loop detection's count per function (X-Ray's `Lineage`): how many times each
   * function's invocations sent this input's chain on. Shared between inputs, never changed.
   */
  readonly lineage: Readonly<Record<string, number>>;
}

type Lineage = InputRecord['lineage'];
type Settled = Exclude<Disposition, 'queued'>;

const NO_LINEAGE: Lineage = Object.freeze({});
/** Dispositions by their code in `Columns.disposition` (0: none yet). */
const DISPOSITIONS: ReadonlyArray<Settled | undefined> = [undefined, 'processed', 'deadLetter', 'failureDestination', 'discarded'];
const CODES: Readonly<Record<Settled, number>> = { processed: 1, deadLetter: 2, failureDestination: 3, discarded: 4 };

/** Inputs per chunk of columns (a power of two). */
const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/** The numbers of an input, kept in chunks of CHUNK_SIZE inputs in one buffer each (see `typedColumns`). */
const CHUNK_COLUMNS = {
  /** Simulated seconds; NaN while not settled. */
  endedAt: Float64Array,
  step: Int32Array,
  /** Index in `Columns.sources`. */
  source: Int32Array,
  /** The parent's number + 1 (0: none). */
  parent: Int32Array,
  attempts: Int32Array,
  /** -1: never received. */
  receives: Int32Array,
  /** Index in DISPOSITIONS. */
  disposition: Uint8Array,
};
type ColumnChunk = TypedColumns<typeof CHUNK_COLUMNS>;

/**
 * The ledger's inputs as columns, one entry per input (its number): the numbers in typed arrays,
 * in chunks of CHUNK_SIZE inputs (outside the JavaScript heap: nothing for the garbage collector
 * to copy or scan; filled as inputs come, never copied to grow), the few strings by number, and
 * what most inputs lack (a lineage, a dead-letter queue, a reason) in maps.
 */
class Columns {
  /** Input objects handed out by `Ledger.inputs` (made when first listed: the same object for an input in every listing). */
  public readonly listed: Input[] = [];
  public readonly chunks: ColumnChunk[] = [];
  public readonly sources: string[] = [];
  public readonly sourceIndex = new Map<string, number>();
  public readonly lineage = new Map<number, Lineage>();
  public readonly where = new Map<number, string>();
  public readonly reason = new Map<number, string>();
  public count = 0;

  /** The chunk of input number `n` (made for the first input of a chunk). */
  public chunk(n: number): ColumnChunk {
    const k = this.chunks[n >> CHUNK_BITS];
    if (k !== undefined) return k;
    const made = typedColumns(CHUNK_SIZE, CHUNK_COLUMNS);
    this.chunks[n >> CHUNK_BITS] = made;
    return made;
  }

  public sourceOf(name: string): number {
    let i = this.sourceIndex.get(name);
    if (i === undefined) {
      i = this.sources.length;
      this.sources.push(name);
      this.sourceIndex.set(name, i);
    }
    return i;
  }
}

/** The columns an input's values are in (opaque outside the ledger). */
export type InputColumns = object;

/** An input of the ledger: its number, its values read from and written to the ledger's columns. */
class Input implements InputRecord {
  public constructor(
    private readonly c: Columns,
    private readonly n: number,
  ) {}

  public get id(): string {
    return `in-${this.n + 1}`;
  }

  private get k(): ColumnChunk {
    return this.c.chunks[this.n >> CHUNK_BITS]!;
  }

  public get step(): number {
    return this.k.step[this.n & CHUNK_MASK]!;
  }

  public get source(): string {
    return this.c.sources[this.k.source[this.n & CHUNK_MASK]!]!;
  }

  public get parent(): string | undefined {
    const p = this.k.parent[this.n & CHUNK_MASK]!;
    return p === 0 ? undefined : `in-${p}`;
  }

  public get attempts(): number {
    return this.k.attempts[this.n & CHUNK_MASK]!;
  }

  public set attempts(v: number) {
    this.k.attempts[this.n & CHUNK_MASK] = v;
  }

  public get receives(): number | undefined {
    const r = this.k.receives[this.n & CHUNK_MASK]!;
    return r < 0 ? undefined : r;
  }

  public set receives(v: number | undefined) {
    this.k.receives[this.n & CHUNK_MASK] = v === undefined ? -1 : v;
  }

  public get disposition(): Settled | undefined {
    return DISPOSITIONS[this.k.disposition[this.n & CHUNK_MASK]!];
  }

  public set disposition(v: Settled | undefined) {
    this.k.disposition[this.n & CHUNK_MASK] = v === undefined ? 0 : CODES[v];
  }

  public get where(): string | undefined {
    return this.c.where.get(this.n);
  }

  public set where(v: string | undefined) {
    if (v === undefined) this.c.where.delete(this.n);
    else this.c.where.set(this.n, v);
  }

  public get reason(): string | undefined {
    return this.c.reason.get(this.n);
  }

  public set reason(v: string | undefined) {
    if (v === undefined) this.c.reason.delete(this.n);
    else this.c.reason.set(this.n, v);
  }

  public get endedAt(): number | undefined {
    const t = this.k.endedAt[this.n & CHUNK_MASK]!;
    return Number.isNaN(t) ? undefined : t;
  }

  public set endedAt(v: number | undefined) {
    this.k.endedAt[this.n & CHUNK_MASK] = v === undefined ? NaN : v;
  }

  public get lineage(): Lineage {
    return this.c.lineage.get(this.n) ?? NO_LINEAGE;
  }

  /** @internal The input's number in its ledger. */
  public get number(): number {
    return this.n;
  }

  /** @internal The ledger's columns. */
  public get columns(): Columns {
    return this.c;
  }

  /** As a plain object (what `console.log` and snapshots of a record show). */
  public toJSON(): Record<string, unknown> {
    return { id: this.id, step: this.step, source: this.source, parent: this.parent, attempts: this.attempts, receives: this.receives, disposition: this.disposition, where: this.where, reason: this.reason, endedAt: this.endedAt, lineage: this.lineage };
  }
}

/** @internal Where an input is: its ledger's columns and its number there (a queue keeps these instead of the object). */
export function inputKey(r: InputRecord): { columns: InputColumns; number: number } {
  const i = r as Input;
  return { columns: i.columns, number: i.number };
}

/** @internal An object for input `number` of the ledger whose columns are `columns` (see inputKey). */
export function inputAt(columns: InputColumns, number: number): InputRecord {
  return new Input(columns as Columns, number);
}

/**
 * The account of every input: created once, settled once. The first terminal disposition stands
 * (a message processed twice, as SQS may deliver it, is processed once); what has none when the
 * run ends is `queued`.
 *
 * Its values are kept in columns (see Columns), not objects: an InputRecord is a small object
 * that reads and writes them, made when asked for. The ledger keeps none of those it hands out
 * (`create`, `child`): an input waiting in a queue costs a few typed-array slots. Objects for the
 * same input are interchangeable (compare inputs by `id`); `inputs` gives the same object for an
 * input every time.
 */
export class Ledger {
  private readonly c = new Columns();

  /** Every input, in the order they were created (objects made at the first listing, then kept). */
  public get inputs(): InputRecord[] {
    const c = this.c;
    const listed = c.listed;
    for (let n = listed.length; n < c.count; n++) listed.push(new Input(c, n));
    return listed;
  }

  /** How many inputs there are. */
  public get size(): number {
    return this.c.count;
  }

  public create(step: number, source: string, parent?: InputRecord): InputRecord {
    const c = this.c;
    const n = c.count++;
    const k = c.chunk(n);
    const i = n & CHUNK_MASK;
    k.step[i] = parent ? parent.step : step;
    k.source[i] = c.sourceOf(source);
    k.attempts[i] = 0;
    k.receives[i] = -1;
    k.endedAt[i] = NaN;
    if (parent) {
      const p = (parent as Input).number;
      k.parent[i] = p + 1;
      const lineage = c.lineage.get(p);
      if (lineage !== undefined) c.lineage.set(n, lineage);
    }
    return new Input(c, n);
  }
  /**
   * A child input: something sent on from `parent`. `hopFrom`: the function whose invocation
   * sent it (a handler's SDK call, an on-success destination), whose lineage count goes up by one.
   */
  public child(parent: InputRecord, source: string, hopFrom?: string): InputRecord {
    const r = this.create(parent.step, source, parent);
    if (hopFrom !== undefined) this.c.lineage.set((r as Input).number, { ...parent.lineage, [hopFrom]: (parent.lineage[hopFrom] ?? 0) + 1 });
    return r;
  }

  /** Settles an input; a settled input stays as it is. */
  public settle(r: InputRecord, disposition: Settled, atMs: number, detail?: { where?: string; reason?: string }): void {
    const c = this.c;
    const n = (r as Input).number;
    const k = c.chunks[n >> CHUNK_BITS]!;
    const i = n & CHUNK_MASK;
    if (k.disposition[i] !== 0) return;
    k.disposition[i] = CODES[disposition];
    k.endedAt[i] = Math.round(atMs) / 1000;
    if (detail === undefined) return;
    if (detail.where !== undefined) c.where.set(n, detail.where);
    if (detail.reason !== undefined) c.reason.set(n, detail.reason);
  }
}
