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

const NO_LINEAGE: Readonly<Record<string, number>> = Object.freeze({});

/**
 * The account of every input: created once, settled once. The first terminal disposition stands
 * (a message processed twice, as SQS may deliver it, is processed once); what has none when the
 * run ends is `queued`.
 */
export class Ledger {
  public readonly inputs: InputRecord[] = [];

  public create(step: number, source: string, parent?: InputRecord): InputRecord {
    // Once per input, on the hot path: no spreads, and every property there from the start (one shape for every
    // record, no property store added when it is settled).
    const r: InputRecord = {
      id: `in-${this.inputs.length + 1}`,
      step: parent ? parent.step : step,
      source,
      parent: parent?.id,
      attempts: 0,
      receives: undefined,
      disposition: undefined,
      where: undefined,
      reason: undefined,
      endedAt: undefined,
      lineage: parent ? parent.lineage : NO_LINEAGE,
    };
    this.inputs.push(r);
    return r;
  }

  /**
   * A child input: something sent on from `parent`. `hopFrom`: the function whose invocation
   * sent it (a handler's SDK call, an on-success destination), whose lineage count goes up by one.
   */
  public child(parent: InputRecord, source: string, hopFrom?: string): InputRecord {
    const r = this.create(parent.step, source, parent);
    if (hopFrom !== undefined) (r as { lineage: InputRecord['lineage'] }).lineage = { ...parent.lineage, [hopFrom]: (parent.lineage[hopFrom] ?? 0) + 1 };
    return r;
  }

  /** Settles an input; a settled input stays as it is. */
  public settle(r: InputRecord, disposition: Exclude<Disposition, 'queued'>, atMs: number, detail?: { where?: string; reason?: string }): void {
    if (r.disposition !== undefined) return;
    r.disposition = disposition;
    r.endedAt = Math.round(atMs) / 1000;
    if (detail === undefined) return;
    if (detail.where !== undefined) r.where = detail.where;
    if (detail.reason !== undefined) r.reason = detail.reason;
  }
}
