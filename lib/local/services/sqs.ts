import { LambdaformError } from '../../core/errors.js';
import type { InputRecord } from '../ledger.js';
import { FIFO_DEDUPLICATION_MS } from '../limits.js';
import type { PlanQueue } from '../plan/types.js';
import type { Simulation, Timer } from '../sim/clock.js';
import { Deadlines } from '../sim/deadlines.js';

/** A message in a simulated queue. */
export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, { readonly dataType: string; readonly stringValue: string }>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** FIFO sequence number, or a standard queue's arrival order. */
  readonly sequence: number;
  /** Simulated ms the message was first sent (its retention counts from here; a standard DLQ keeps it). */
  readonly sentAt: number;
  /**
   * Simulated ms it entered this queue (ApproximateAgeOfOldestMessage counts from here), when that
   * is not `sentAt` (a message a redrive policy moved to a dead-letter queue keeps its send time).
   */
  enqueuedAt?: number;
  /** Bytes of the body and message attributes (what counts against the queue's maximum message size). */
  readonly size: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** The input it carries. */
  readonly input: InputRecord;
  /** For a message carried to a dead-letter queue or destination: the input is settled already. */
  readonly terminal?: boolean;
  /** For a message a redrive policy moved here: the queue it came from (where a DLQ redrive returns it by default). */
  readonly deadLetterSource?: string;
  state: 'delayed' | 'visible' | 'inflight' | 'gone';
  receiptHandle?: string;
  /** Simulated ms the current receive's visibility timeout ends (while in flight). */
  visibleAt?: number;
  /** The delay timer. */
  timer?: Timer;
  /** The receive it is in flight from (its visibility timer is the batch's). */
  batch?: { timer: Timer; remaining: number };
}

/** Counts the report shows per queue. */
export interface QueueCounts {
  sent: number;
  deleted: number;
  movedToDeadLetter: number;
  expired: number;
}

/** What happens to messages a queue drops or moves (the runtime settles their inputs). */
export interface QueueHooks {
  /** A message's receive count passed the redrive policy's maxReceiveCount: it moves to the dead-letter queue. */
  moveToDeadLetter(from: SimQueue, m: SqsMessage): void;
  /** A message outlived the retention period. */
  expired(queue: SimQueue, m: SqsMessage): void;
  /** Messages became visible: pollers may receive them. */
  visible(queue: SimQueue): void;
}

let receipts = 0;
const NO_ATTRIBUTES: SqsMessage['attributes'] = Object.freeze({});
/** SQS allows one PurgeQueue per queue every 60 seconds. */
export const PURGE_INTERVAL_MS = 60_000;
/** The queue whose redrive policy is moving a message now (the moved message's `deadLetterSource`). */
let movingFrom: string | undefined;

/**
 * A simulated SQS queue: delay, visibility timeout, receive counts, the redrive policy (a message
 * received more than maxReceiveCount times moves to the dead-letter queue instead of being
 * returned), retention, and for FIFO queues ordering per message group (a group with a message in
 * flight returns none) and deduplication within 5 minutes.
 */
export class SimQueue {
  public readonly counts: QueueCounts = { sent: 0, deleted: 0, movedToDeadLetter: 0, expired: 0 };
  /** Visible (and delayed, and in-flight) messages in arrival order. */
  private readonly messages: SqsMessage[] = [];
  private head = 0;
  private readonly inflightGroups = new Map<string, number>();
  private readonly dedup = new Map<string, number>();
  private sequence = 0;
  /** Messages by the end of their retention; one background timer sweeps the earliest. */
  private readonly expiries = new Deadlines();
  private expiryTimer: Timer | undefined;
  private expiryAt = Infinity;
  private visibleCount = 0;
  private visibleBytesCount = 0;
  private inflightCount = 0;
  private delayedCount = 0;
  /** Simulated ms of the last PurgeQueue. */
  private purgedAt: number | undefined;

  public constructor(
    public readonly plan: PlanQueue,
    private readonly sim: Simulation,
    private readonly hooks: QueueHooks,
  ) {}

  public get visible(): number {
    return this.visibleCount;
  }

  /** Bytes of the visible messages (a batching window ends when a batch's worth is waiting). */
  public get visibleBytes(): number {
    return this.visibleBytesCount;
  }

  public get inFlight(): number {
    return this.inflightCount;
  }

  public get delayed(): number {
    return this.delayedCount;
  }

  /**
   * Sends a message. Returns undefined when a FIFO queue drops it as a duplicate (same
   * deduplication id within 5 minutes of the first accepted send; a duplicate does not extend
   * the interval). Refuses, as SQS does, a message larger than the queue's maximum message size
   * (body and message attributes: names, types and values) and a per-message delay on a FIFO
   * queue (FIFO queues only have the queue's delay). A `terminal` message (one the runtime moves
   * to a dead-letter queue or a destination) is taken as it is; a `moved` one (the redrive policy's)
   * keeps its deduplication id without being checked as a duplicate.
   */
  public send(
    input: InputRecord,
    body: string,
    options: { messageId: string; delaySeconds?: number; groupId?: string; deduplicationId?: string; attributes?: SqsMessage['attributes']; sentAt?: number; receiveCount?: number; terminal?: boolean; moved?: boolean; bodyBytes?: number },
  ): SqsMessage | undefined {
    const now = this.sim.now();
    const attributes = options.attributes ?? NO_ATTRIBUTES;
    // `bodyBytes`: the body's UTF-8 length, when the caller has it already.
    const size = options.bodyBytes !== undefined && attributes === NO_ATTRIBUTES ? options.bodyBytes : messageSize(body, attributes);
    if (!options.terminal) {
      if (size > this.plan.maxMessageSizeBytes) {
        throw new LambdaformError(this.plan.id, `a message of ${size} bytes (body and attributes) is larger than the queue's maximum message size (${this.plan.maxMessageSizeBytes} bytes)`, 'local-message-too-large');
      }
      if (this.plan.fifo && options.delaySeconds !== undefined && options.delaySeconds > 0) {
        throw new LambdaformError(this.plan.id, `a FIFO queue takes no per-message delay (delaySeconds ${options.delaySeconds}); set the queue's delay instead`, 'local-fifo-delay');
      }
    }
    // A message moved by a redrive policy keeps its deduplication id and is never a duplicate.
    if (this.plan.fifo && options.deduplicationId !== undefined && !options.moved) {
      this.forgetDeduplicationIds(now);
      const seen = this.dedup.get(options.deduplicationId);
      if (seen !== undefined && now - seen < FIFO_DEDUPLICATION_MS) return undefined;
      // Deleted first so the map stays in the order of the sends (the oldest first, for forgetDeduplicationIds).
      this.dedup.delete(options.deduplicationId);
      this.dedup.set(options.deduplicationId, now);
    }
    const delay = this.plan.fifo ? this.plan.delaySeconds : (options.delaySeconds ?? this.plan.delaySeconds);
    // Retention counts from the first send; a FIFO dead-letter queue restarts it (AWS: standard queues keep the original enqueue time).
    const sentAt = options.sentAt ?? now;
    // Built without spreads, every property there from the start: this runs once per message, on the hot path of every benchmark.
    const m: SqsMessage = {
      messageId: options.messageId,
      body,
      attributes,
      groupId: options.groupId,
      deduplicationId: options.deduplicationId,
      sequence: ++this.sequence,
      sentAt,
      // Not a second number per message when it is the send time (most messages).
      enqueuedAt: sentAt === now ? undefined : now,
      size,
      receiveCount: options.receiveCount ?? 0,
      input,
      terminal: options.terminal === true,
      deadLetterSource: options.moved === true ? movingFrom : undefined,
      state: 'visible',
      // What a receive sets, there from the start: one shape, no property store added to every message at its first receive.
      firstReceiveAt: undefined,
      receiptHandle: undefined,
      visibleAt: undefined,
      timer: undefined,
      batch: undefined,
    };
    this.counts.sent++;
    this.messages.push(m);
    // The end of its retention (not kept on the message: one number fewer each, where the sweep finds it).
    const expiresAt = (this.plan.fifo ? now : sentAt) + this.plan.retentionPeriodSeconds * 1000;
    this.expiries.push(expiresAt, m.sequence);
    if (expiresAt < this.expiryAt) this.scheduleSweep(expiresAt);
    if (delay > 0) {
      m.state = 'delayed';
      this.delayedCount++;
      m.timer = this.sim.after(delay * 1000, () => this.makeVisible(m));
    } else {
      this.visibleCount++;
      this.visibleBytesCount += size;
      this.hooks.visible(this);
    }
    return m;
  }

  /**
   * Receives up to `max` visible messages (and at most `maxBytes` of them, counting
   * `bytesPerMessage` more for each; always at least one) for `visibilityTimeoutSeconds` (the
   * queue's by default). Each receive counts; a message past the redrive policy's
   * maxReceiveCount moves to the dead-letter queue instead. FIFO: a group with a message in
   * flight (or delayed) returns none; a group's messages come in order, several of one group in
   * one receive.
   */
  public receive(max: number, visibilityTimeoutSeconds = this.plan.visibilityTimeoutSeconds, maxBytes = Infinity, bytesPerMessage = 0): SqsMessage[] {
    const out: SqsMessage[] = [];
    if (this.visibleCount === 0) return out;
    const now = this.sim.now();
    const fifo = this.plan.fifo;
    // FIFO: groups that return nothing more in this receive (a message of theirs in flight from an earlier receive, delayed, or left behind),
    // and groups this receive takes messages of.
    const blocked = fifo ? new Set<string>() : undefined;
    const taken = fifo ? new Set<string>() : undefined;
    let bytes = 0;
    this.compact();
    for (let i = this.head; i < this.messages.length && out.length < max && this.visibleCount > 0; i++) {
      const m = this.messages[i]!;
      const group = fifo ? m.groupId : undefined;
      if (m.state !== 'visible') {
        if (group !== undefined && m.state !== 'gone') blocked!.add(group);
        continue;
      }
      if (group !== undefined) {
        if (blocked!.has(group)) continue;
        if (!taken!.has(group) && (this.inflightGroups.get(group) ?? 0) > 0) {
          blocked!.add(group);
          continue;
        }
      }
      const dl = this.plan.deadLetter;
      if (dl && m.receiveCount >= dl.maxReceiveCount) {
        this.remove(m);
        this.counts.movedToDeadLetter++;
        movingFrom = this.plan.id;
        try {
          this.hooks.moveToDeadLetter(this, m);
        } finally {
          movingFrom = undefined;
        }
        continue;
      }
      const cost = m.size + bytesPerMessage;
      if (out.length > 0 && bytes + cost > maxBytes) {
        // The batch is full by size; FIFO: the group's later messages must not overtake this one.
        if (group !== undefined) blocked!.add(group);
        break;
      }
      bytes += cost;
      m.receiveCount++;
      m.firstReceiveAt ??= now;
      m.state = 'inflight';
      // The handle names the message (its sequence number): byReceipt finds it without a search.
      m.receiptHandle = `rh-${++receipts}-${m.sequence}`;
      this.visibleCount--;
      this.visibleBytesCount -= m.size;
      this.inflightCount++;
      if (group !== undefined) {
        this.inflightGroups.set(group, (this.inflightGroups.get(group) ?? 0) + 1);
        taken!.add(group);
      }
      out.push(m);
    }
    if (out.length > 0) {
      // One timer for the batch: each message comes back unless deleted (or received again) meanwhile.
      const handles = out.map((m) => m.receiptHandle);
      const batch = { remaining: out.length, timer: undefined as unknown as Timer };
      const visibleAt = now + visibilityTimeoutSeconds * 1000;
      batch.timer = this.sim.at(visibleAt, () => {
        for (let i = 0; i < out.length; i++) {
          const m = out[i]!;
          // (A message whose visibility was changed since has a timer of its own: `m.batch` is no longer this one.)
          if (m.state === 'inflight' && m.receiptHandle === handles[i] && m.batch === batch) this.returnToQueue(m);
        }
      });
      for (const m of out) {
        m.batch = batch;
        m.visibleAt = visibleAt;
      }
    }
    return out;
  }

  /** Deletes a received message (Lambda does after a successful batch). A stale receipt handle deletes nothing. */
  public delete(m: SqsMessage, receiptHandle: string | undefined = m.receiptHandle): boolean {
    if (m.state !== 'inflight' || m.receiptHandle !== receiptHandle) return false;
    this.remove(m);
    this.counts.deleted++;
    return true;
  }

  /**
   * ChangeMessageVisibility: a received message becomes visible `seconds` from now (0: at once)
   * instead of when its receive's visibility timeout ends. False for a stale receipt handle.
   */
  public changeVisibility(m: SqsMessage, receiptHandle: string, seconds: number): boolean {
    if (m.state !== 'inflight' || m.receiptHandle !== receiptHandle) return false;
    this.leaveBatch(m);
    const visibleAt = this.sim.now() + seconds * 1000;
    m.visibleAt = visibleAt;
    // A batch of its own, so the receive's timer no longer returns it.
    const batch = { remaining: 1, timer: undefined as unknown as Timer };
    m.batch = batch;
    batch.timer = this.sim.at(visibleAt, () => {
      if (m.state === 'inflight' && m.receiptHandle === receiptHandle) this.returnToQueue(m);
    });
    return true;
  }

  /**
   * The message a receipt handle of this queue names: undefined when it is gone or was received
   * again since (a stale handle), null when the text is no receipt handle at all.
   */
  public byReceipt(handle: string): SqsMessage | undefined | null {
    const seq = /^rh-\d+-(\d+)$/.exec(handle)?.[1];
    if (seq === undefined) return null;
    const m = this.present(Number(seq));
    return m?.receiptHandle === handle ? m : undefined;
  }

  /** The messages in the queue (not yet deleted, moved or expired), in arrival order. */
  public pending(): SqsMessage[] {
    return this.messages.slice(this.head).filter((m) => m.state !== 'gone');
  }

  /** The visible messages, oldest first (the order a message move task takes them in). */
  public visibleMessages(): SqsMessage[] {
    return this.messages.slice(this.head).filter((m) => m.state === 'visible');
  }

  /**
   * Takes a visible message out for a message move task (a DLQ redrive receives it, sends a copy
   * on and deletes it): counted as deleted here. False when it is no longer visible (received,
   * deleted or expired meanwhile).
   */
  public take(m: SqsMessage): boolean {
    if (m.state !== 'visible') return false;
    this.remove(m);
    this.counts.deleted++;
    return true;
  }

  /**
   * PurgeQueue: deletes every message (visible, delayed and in flight; counted as deleted) and
   * returns them. SQS allows one purge every 60 seconds: a purge within 60 seconds of the last is
   * refused (PurgeQueueInProgress).
   */
  public purge(): SqsMessage[] {
    const now = this.sim.now();
    if (this.purgedAt !== undefined && now - this.purgedAt < PURGE_INTERVAL_MS) {
      const ago = (now - this.purgedAt) / 1000;
      throw new LambdaformError(
        this.plan.id,
        `PurgeQueueInProgress: the queue was purged ${Number(ago.toFixed(3))} s ago; SQS allows one purge every 60 seconds (the next from ${Number(((this.purgedAt + PURGE_INTERVAL_MS) / 1000).toFixed(3))} s)`,
        'local-purge-in-progress',
      );
    }
    this.purgedAt = now;
    const out = this.pending();
    for (const m of out) {
      this.remove(m);
      this.counts.deleted++;
    }
    this.compact();
    return out;
  }

  /**
   * The oldest message's age in ms (ApproximateAgeOfOldestMessage), or 0. It counts from when
   * the message entered this queue: in a dead-letter queue, from when it was moved there.
   */
  public oldestAge(): number {
    for (let i = this.head; i < this.messages.length; i++) {
      const m = this.messages[i]!;
      if (m.state !== 'gone') return this.sim.now() - (m.enqueuedAt ?? m.sentAt);
    }
    return 0;
  }

  /** Forgets deduplication ids older than the 5-minute interval (the map is in the order of the sends). */
  private forgetDeduplicationIds(now: number): void {
    for (const [id, at] of this.dedup) {
      if (now - at < FIFO_DEDUPLICATION_MS) break;
      this.dedup.delete(id);
    }
  }

  /** A message of a receive is no longer in flight: the receive's timer goes when none is. */
  private leaveBatch(m: SqsMessage): void {
    const b = m.batch;
    if (!b) return;
    m.batch = undefined;
    if (--b.remaining === 0) b.timer.cancel();
  }

  private returnToQueue(m: SqsMessage): void {
    this.leaveBatch(m);
    this.inflightCount--;
    this.releaseGroup(m);
    m.state = 'visible';
    m.receiptHandle = undefined;
    this.visibleCount++;
    this.visibleBytesCount += m.size;
    this.hooks.visible(this);
  }

  private makeVisible(m: SqsMessage): void {
    if (m.state !== 'delayed') return;
    m.state = 'visible';
    this.delayedCount--;
    this.visibleCount++;
    this.visibleBytesCount += m.size;
    this.hooks.visible(this);
  }

  /**
   * Expires every message whose retention has ended and schedules the next sweep. A background
   * event: a message waiting with nothing to consume it does not keep a run going.
   */
  private scheduleSweep(at: number): void {
    this.expiryTimer?.cancel();
    this.expiryAt = at;
    this.expiryTimer = this.sim.at(
      at,
      () => {
        this.expiryTimer = undefined;
        this.expiryAt = Infinity;
        const now = this.sim.now();
        const e = this.expiries;
        while (!e.empty && e.peekTime() <= now) {
          const m = this.present(e.peekId());
          e.pop();
          if (!m) continue;
          this.remove(m);
          this.counts.expired++;
          this.hooks.expired(this, m);
        }
        while (!e.empty) {
          if (this.present(e.peekId()) !== undefined) {
            this.scheduleSweep(e.peekTime());
            break;
          }
          e.pop();
        }
      },
      true,
    );
  }

  private remove(m: SqsMessage): void {
    if (m.state === 'visible') {
      this.visibleCount--;
      this.visibleBytesCount -= m.size;
    } else if (m.state === 'inflight') {
      this.leaveBatch(m);
      this.inflightCount--;
      this.releaseGroup(m);
    } else if (m.state === 'delayed') this.delayedCount--;
    m.state = 'gone';
    m.timer?.cancel();
    if (this.plan.fifo && m.groupId !== undefined) this.hooks.visible(this);
  }

  private releaseGroup(m: SqsMessage): void {
    if (m.groupId === undefined || !this.plan.fifo) return;
    const n = (this.inflightGroups.get(m.groupId) ?? 1) - 1;
    if (n <= 0) this.inflightGroups.delete(m.groupId);
    else this.inflightGroups.set(m.groupId, n);
  }

  /**
   * The message with a sequence number, unless it is gone. `messages` holds every message sent
   * since its front was last dropped, in the order of their sequence numbers (one more each), so
   * the index is the difference. (The expiry heap holds sequence numbers, not messages: a deleted
   * message is garbage once it leaves the front, instead of living on until its retention would
   * have ended.)
   */
  private present(sequence: number): SqsMessage | undefined {
    const first = this.messages[0];
    if (first === undefined) return undefined;
    const m = this.messages[sequence - first.sequence];
    return m !== undefined && m.sequence === sequence && m.state !== 'gone' ? m : undefined;
  }

  /** Drops deleted messages from the front (and, now and then, from the middle). */
  private compact(): void {
    while (this.head < this.messages.length && this.messages[this.head]!.state === 'gone') this.head++;
    if (this.head > 1024 && this.head * 2 > this.messages.length) {
      this.messages.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** A FIFO message's sequence number as SQS writes it (20 digits). */
export function sequenceNumber(m: Pick<SqsMessage, 'sequence'>): string {
  return String(m.sequence).padStart(20, '0');
}

/** The size SQS counts against the maximum message size: the body's bytes and each message attribute's name, type and value. */
export function messageSize(body: string, attributes: SqsMessage['attributes']): number {
  let n = Buffer.byteLength(body);
  for (const name in attributes) {
    const a = attributes[name]!;
    n += Buffer.byteLength(name) + Buffer.byteLength(a.dataType) + Buffer.byteLength(a.stringValue);
  }
  return n;
}
