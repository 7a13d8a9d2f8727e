import { LambdaformError } from '../../core/errors.js';
import type { InputRecord } from '../ledger.js';
import { FIFO_DEDUPLICATION_MS } from '../limits.js';
import type { PlanQueue } from '../plan/types.js';
import type { Simulation, Timer } from '../sim/clock.js';
import { MinHeap } from '../sim/heap.js';
import { MessageIds } from '../sim/message-ids.js';
import { CHUNK_BITS, CHUNK_MASK, CHUNK_SIZE, Chunk, DELAYED, GONE, INFLIGHT, NO_ATTRIBUTES, QueuedMessage, VISIBLE, type Extra, type MessageAttributes, type ReceiveBatch } from './sqs-store.js';

/**
 * A message in a simulated queue, as the queue shows it (see QueuedMessage in sqs-store.ts: its
 * values are read from the queue's columns, so they are the message's current ones).
 */
export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: MessageAttributes;
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
  readonly enqueuedAt?: number;
  /** Bytes of the body and message attributes (what counts against the queue's maximum message size). */
  readonly size: number;
  readonly receiveCount: number;
  readonly firstReceiveAt?: number;
  /** The input it carries. */
  readonly input: InputRecord;
  /** For a message carried to a dead-letter queue or destination: the input is settled already. */
  readonly terminal?: boolean;
  /** For a message a redrive policy moved here: the queue it came from (where a DLQ redrive returns it by default). */
  readonly deadLetterSource?: string;
  readonly state: 'delayed' | 'visible' | 'inflight' | 'gone';
  readonly receiptHandle?: string;
  /** Simulated ms the current receive's visibility timeout ends (while in flight). */
  readonly visibleAt?: number;
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
/** The queue whose redrive policy is moving a message now (the moved message's `deadLetterSource`). */
let movingFrom: string | undefined;
/** SQS allows one PurgeQueue per queue every 60 seconds. */
export const PURGE_INTERVAL_MS = 60_000;
/** Message ids of queues made without a runtime's (tests). */
const DEFAULT_IDS = new MessageIds(1);

/**
 * A simulated SQS queue: delay, visibility timeout, receive counts, the redrive policy (a message
 * received more than maxReceiveCount times moves to the dead-letter queue instead of being
 * returned), retention, and for FIFO queues ordering per message group (a group with a message in
 * flight returns none) and deduplication within 5 minutes.
 *
 * Messages are kept as columns in chunks of consecutive sequence numbers (see sqs-store.ts): a
 * message waiting costs a few typed-array slots and its body, not an object; the SqsMessage a
 * receive (or `pending`, ...) returns is a view of it, the same object while the message is in
 * the queue.
 */
export class SimQueue {
  public readonly counts: QueueCounts = { sent: 0, deleted: 0, movedToDeadLetter: 0, expired: 0 };
  /** Chunks by number ((sequence - 1) >> CHUNK_BITS); undefined once every message of one is gone. */
  private readonly chunks: Array<Chunk | undefined> = [];
  /** The sequence number of the first message that may not be gone (messages before it are). */
  private head = 1;
  /** Standard queues: no message before this sequence number is visible (a receive starts here). */
  private visibleFrom = 1;
  private readonly inflightGroups = new Map<string, number>();
  private readonly dedup = new Map<string, number>();
  private sequence = 0;
  /**
   * The ends of the messages' retention; one background timer sweeps the earliest. Most messages'
   * come in the order of their sequence numbers (retention from the time of sending): they are
   * found from the messages themselves, from `expiryCursor` on; one that comes earlier than the
   * last in order (a message moved with an older send time) waits in `late`.
   */
  private expiryCursor = 1;
  private lastInOrderExpiry = -Infinity;
  private readonly late = new MinHeap<{ time: number; seq: number }>();
  private readonly lateSeqs = new Set<number>();
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
    /** Where messages sent without an id get theirs (the runtime's, shared by its queues and topics). */
    private readonly ids: MessageIds = DEFAULT_IDS,
  ) {
    this.idSpace = ids.space();
  }

  /** The queue's space of message ids: a message sent without one has the id of its sequence number there. */
  private readonly idSpace: number;

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
   * keeps its deduplication id without being checked as a duplicate. Without `messageId`, the
   * message's id is made from its sequence number when read (see MessageIds).
   */
  public send(
    input: InputRecord,
    body: string,
    options: { messageId?: string; delaySeconds?: number; groupId?: string; deduplicationId?: string; attributes?: SqsMessage['attributes']; sentAt?: number; receiveCount?: number; terminal?: boolean; moved?: boolean; bodyBytes?: number },
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
    const seq = ++this.sequence;
    const ci = (seq - 1) >> CHUNK_BITS;
    const i = (seq - 1) & CHUNK_MASK;
    let c = this.chunks[ci];
    if (c === undefined) this.chunks[ci] = c = new Chunk(ci);
    c.used++;
    c.live++;
    c.body[i] = body;
    c.setInput(i, input);
    c.sentAt[i] = sentAt;
    c.size[i] = size;
    c.receiveCount[i] = options.receiveCount ?? 0;
    c.firstReceiveAt[i] = NaN;
    c.receipt[i] = 0;
    // What most messages lack (an id given, attributes, FIFO ids, a redrive's enqueue time and source) in one object, when any.
    const deadLetterSource = options.moved === true ? movingFrom : undefined;
    if (
      options.messageId !== undefined ||
      attributes !== NO_ATTRIBUTES ||
      options.groupId !== undefined ||
      options.deduplicationId !== undefined ||
      sentAt !== now ||
      options.terminal === true ||
      deadLetterSource !== undefined
    ) {
      c.setExtra(i, {
        messageId: options.messageId,
        attributes,
        groupId: options.groupId,
        deduplicationId: options.deduplicationId,
        // Not a second number per message when it is the send time (most messages).
        enqueuedAt: sentAt === now ? undefined : now,
        terminal: options.terminal === true,
        deadLetterSource,
        timer: undefined,
      });
    }
    this.counts.sent++;
    // The end of its retention (not kept: the sweep finds it from the message's send time, see nextExpiry).
    const expiresAt = (this.plan.fifo ? now : sentAt) + this.plan.retentionPeriodSeconds * 1000;
    if (expiresAt >= this.lastInOrderExpiry) this.lastInOrderExpiry = expiresAt;
    else {
      this.late.push({ time: expiresAt, seq });
      this.lateSeqs.add(seq);
    }
    if (expiresAt < this.expiryAt) this.scheduleSweep(expiresAt);
    if (delay > 0) {
      c.state[i] = DELAYED;
      this.delayedCount++;
      const chunk = c;
      this.extraOf(c, i).timer = this.sim.after(delay * 1000, () => this.makeVisible(chunk, i));
    } else {
      c.state[i] = VISIBLE;
      this.visibleCount++;
      this.visibleBytesCount += size;
      this.hooks.visible(this);
    }
    // A view for the caller (not kept: a message waiting has none until it is received or listed).
    return new QueuedMessage(c, i, seq, this.ids, this.idSpace);
  }

  /**
   * Receives up to `max` visible messages (and at most `maxBytes` of them, counting
   * `bytesPerMessage` more for each; at least one, unless `mustFit`: then none that would pass
   * `maxBytes`) for `visibilityTimeoutSeconds` (the
   * queue's by default). Each receive counts; a message past the redrive policy's
   * maxReceiveCount moves to the dead-letter queue instead. FIFO: a group with a message in
   * flight (or delayed) returns none; a group's messages come in order, several of one group in
   * one receive.
   */
  public receive(max: number, visibilityTimeoutSeconds = this.plan.visibilityTimeoutSeconds, maxBytes = Infinity, bytesPerMessage = 0, mustFit = false): SqsMessage[] {
    const out: QueuedMessage[] = [];
    if (this.visibleCount === 0) return out;
    const now = this.sim.now();
    const fifo = this.plan.fifo;
    // FIFO: groups that return nothing more in this receive (a message of theirs in flight from an earlier receive, delayed, or left behind),
    // and groups this receive takes messages of.
    const blocked = fifo ? new Set<string>() : undefined;
    const taken = fifo ? new Set<string>() : undefined;
    const dl = this.plan.deadLetter;
    let bytes = 0;
    this.compact();
    const last = this.sequence;
    let seq = fifo ? this.head : Math.max(this.head, this.visibleFrom);
    for (; seq <= last && out.length < max && this.visibleCount > 0; seq++) {
      const c = this.chunks[(seq - 1) >> CHUNK_BITS];
      if (c === undefined) {
        // Every message of the chunk is gone: on to the next chunk.
        seq = (((seq - 1) >> CHUNK_BITS) + 1) << CHUNK_BITS;
        continue;
      }
      const i = (seq - 1) & CHUNK_MASK;
      const state = c.state[i]!;
      const group = fifo ? c.extra(i)?.groupId : undefined;
      if (state !== VISIBLE) {
        if (group !== undefined && state !== GONE) blocked!.add(group);
        continue;
      }
      if (group !== undefined) {
        if (blocked!.has(group)) continue;
        if (!taken!.has(group) && (this.inflightGroups.get(group) ?? 0) > 0) {
          blocked!.add(group);
          continue;
        }
      }
      if (dl && c.receiveCount[i]! >= dl.maxReceiveCount) {
        const m = this.view(c, i, seq);
        this.remove(c, i);
        this.counts.movedToDeadLetter++;
        movingFrom = this.plan.id;
        try {
          this.hooks.moveToDeadLetter(this, m);
        } finally {
          movingFrom = undefined;
        }
        continue;
      }
      const size = c.size[i]!;
      const cost = size + bytesPerMessage;
      if ((out.length > 0 || mustFit) && bytes + cost > maxBytes) {
        // The batch is full by size; FIFO: the group's later messages must not overtake this one.
        if (group !== undefined) blocked!.add(group);
        break;
      }
      bytes += cost;
      c.receiveCount[i]!++;
      if (Number.isNaN(c.firstReceiveAt[i]!)) c.firstReceiveAt[i] = now;
      c.state[i] = INFLIGHT;
      c.receipt[i] = ++receipts;
      this.visibleCount--;
      this.visibleBytesCount -= size;
      this.inflightCount++;
      if (group !== undefined) {
        this.inflightGroups.set(group, (this.inflightGroups.get(group) ?? 0) + 1);
        taken!.add(group);
      }
      out.push(this.view(c, i, seq));
    }
    // (Standard queues) every message before `seq` was not visible, or was taken: the next receive starts there.
    if (!fifo) this.visibleFrom = seq;
    if (out.length > 0) {
      // One timer for the batch: each message comes back unless deleted (or received again) meanwhile.
      const n = out.length;
      // (A plain array: a typed array this small would be an ArrayBuffer outside the heap for each receive.)
      const receiptsOf = new Array<number>(n);
      for (let k = 0; k < n; k++) receiptsOf[k] = out[k]!.chunk.receipt[out[k]!.slot]!;
      const visibleAt = now + visibilityTimeoutSeconds * 1000;
      const batch: ReceiveBatch = { remaining: n, timer: undefined as unknown as Timer, visibleAt };
      batch.timer = this.sim.at(visibleAt, () => {
        for (let k = 0; k < n; k++) {
          const { chunk, slot } = out[k]!;
          // (A message whose visibility was changed since has a timer of its own: its batch is no longer this one.)
          if (chunk.state[slot] === INFLIGHT && chunk.receipt[slot] === receiptsOf[k] && chunk.batch(slot) === batch) this.returnToQueue(chunk, slot);
        }
      });
      for (let k = 0; k < n; k++) {
        const { chunk, slot } = out[k]!;
        chunk.setBatch(slot, batch);
      }
    }
    return out;
  }

  /** Deletes a received message (Lambda does after a successful batch). A stale receipt handle deletes nothing. */
  public delete(m: SqsMessage, receiptHandle?: string): boolean {
    const { chunk: c, slot: i } = m as QueuedMessage;
    if (c.state[i] !== INFLIGHT) return false;
    // No handle: the message's current one (always its own).
    if (receiptHandle !== undefined && receiptHandle !== m.receiptHandle) return false;
    this.remove(c, i);
    this.counts.deleted++;
    return true;
  }

  /**
   * ChangeMessageVisibility: a received message becomes visible `seconds` from now (0: at once)
   * instead of when its receive's visibility timeout ends. False for a stale receipt handle.
   */
  public changeVisibility(m: SqsMessage, receiptHandle: string, seconds: number): boolean {
    const { chunk: c, slot: i } = m as QueuedMessage;
    if (c.state[i] !== INFLIGHT || m.receiptHandle !== receiptHandle) return false;
    this.leaveBatch(c, i);
    const visibleAt = this.sim.now() + seconds * 1000;
    // A batch of its own, so the receive's timer no longer returns it.
    const batch: ReceiveBatch = { remaining: 1, timer: undefined as unknown as Timer, visibleAt };
    c.setBatch(i, batch);
    const receipt = c.receipt[i];
    batch.timer = this.sim.at(visibleAt, () => {
      if (c.state[i] === INFLIGHT && c.receipt[i] === receipt) this.returnToQueue(c, i);
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
    return this.list(false);
  }

  /** The visible messages, oldest first (the order a message move task takes them in). */
  public visibleMessages(): SqsMessage[] {
    return this.list(true);
  }

  /**
   * Takes a visible message out for a message move task (a DLQ redrive receives it, sends a copy
   * on and deletes it): counted as deleted here. False when it is no longer visible (received,
   * deleted or expired meanwhile).
   */
  public take(m: SqsMessage): boolean {
    const { chunk: c, slot: i } = m as QueuedMessage;
    if (c.state[i] !== VISIBLE) return false;
    this.remove(c, i);
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
    const out = this.list(false);
    for (const m of out) {
      this.remove(m.chunk, m.slot);
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
    this.compact();
    const m = this.present(this.head);
    return m ? this.sim.now() - (m.enqueuedAt ?? m.sentAt) : 0;
  }

  /** The views of the messages not gone (only the visible ones with `visibleOnly`), in arrival order. */
  private list(visibleOnly: boolean): QueuedMessage[] {
    const out: QueuedMessage[] = [];
    for (let seq = this.head; seq <= this.sequence; seq++) {
      const c = this.chunks[(seq - 1) >> CHUNK_BITS];
      if (c === undefined) {
        seq = (((seq - 1) >> CHUNK_BITS) + 1) << CHUNK_BITS;
        continue;
      }
      const i = (seq - 1) & CHUNK_MASK;
      const state = c.state[i];
      if (state === GONE || (visibleOnly && state !== VISIBLE)) continue;
      out.push(this.view(c, i, seq));
    }
    return out;
  }

  /** The view of a message (made once while it is in the queue). */
  private view(c: Chunk, i: number, seq: number): QueuedMessage {
    let v = c.view(i);
    if (v === undefined) c.setView(i, (v = new QueuedMessage(c, i, seq, this.ids, this.idSpace)));
    return v;
  }

  /** A message's rare values, made when it has none yet. */
  private extraOf(c: Chunk, i: number): Extra {
    let e = c.extra(i);
    if (e === undefined) {
      c.setExtra(i, (e = {
        messageId: undefined,
        attributes: undefined,
        groupId: undefined,
        deduplicationId: undefined,
        enqueuedAt: undefined,
        terminal: undefined,
        deadLetterSource: undefined,
        timer: undefined,
      }));
    }
    return e;
  }

  /** Forgets deduplication ids older than the 5-minute interval (the map is in the order of the sends). */
  private forgetDeduplicationIds(now: number): void {
    for (const [id, at] of this.dedup) {
      if (now - at < FIFO_DEDUPLICATION_MS) break;
      this.dedup.delete(id);
    }
  }

  /** A message of a receive is no longer in flight: the receive's timer goes when none is. */
  private leaveBatch(c: Chunk, i: number): void {
    const b = c.batch(i);
    if (!b) return;
    c.setBatch(i, undefined);
    if (--b.remaining === 0) b.timer.cancel();
  }

  private returnToQueue(c: Chunk, i: number): void {
    this.lowerVisibleFrom(c, i);
    this.leaveBatch(c, i);
    this.inflightCount--;
    this.releaseGroup(c, i);
    c.state[i] = VISIBLE;
    c.receipt[i] = 0;
    this.visibleCount++;
    this.visibleBytesCount += c.size[i]!;
    this.hooks.visible(this);
  }

  private makeVisible(c: Chunk, i: number): void {
    if (c.state[i] !== DELAYED) return;
    this.lowerVisibleFrom(c, i);
    c.state[i] = VISIBLE;
    this.delayedCount--;
    this.visibleCount++;
    this.visibleBytesCount += c.size[i]!;
    this.hooks.visible(this);
  }

  /** A message becomes visible: a receive starts at it at the latest. */
  private lowerVisibleFrom(c: Chunk, i: number): void {
    const seq = (c.index << CHUNK_BITS) + i + 1;
    if (seq < this.visibleFrom) this.visibleFrom = seq;
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
        for (let x = this.nextExpiry(); x !== undefined && x.time <= now; x = this.nextExpiry()) {
          if (x.late) {
            this.late.pop();
            this.lateSeqs.delete(x.seq);
          } else this.expiryCursor = x.seq + 1;
          const m = this.present(x.seq)!;
          this.remove(m.chunk, m.slot);
          this.counts.expired++;
          this.hooks.expired(this, m);
        }
        const next = this.nextExpiry();
        if (next !== undefined) this.scheduleSweep(next.time);
      },
      true,
    );
  }

  /** The message whose retention ends first (time, then sequence number), of those not gone. */
  private nextExpiry(): { time: number; seq: number; late: boolean } | undefined {
    const late = this.late;
    while (late.size > 0 && !this.isPresent(late.peek()!.seq)) this.lateSeqs.delete(late.pop()!.seq);
    const l = late.peek();
    // The first message in order not gone (nor waiting in `late`): its retention ends first of those in order.
    const last = this.sequence;
    let seq = this.expiryCursor;
    let time = Infinity;
    while (seq <= last) {
      const c = this.chunks[(seq - 1) >> CHUNK_BITS];
      if (c === undefined) {
        seq = ((((seq - 1) >> CHUNK_BITS) + 1) << CHUNK_BITS) + 1;
        continue;
      }
      const i = (seq - 1) & CHUNK_MASK;
      if (c.state[i] !== GONE && (this.lateSeqs.size === 0 || !this.lateSeqs.has(seq))) {
        time = this.expiryOf(c, i);
        break;
      }
      seq++;
    }
    this.expiryCursor = seq;
    if (l !== undefined && (seq > last || l.time < time || (l.time === time && l.seq < seq))) return { time: l.time, seq: l.seq, late: true };
    return seq > last ? undefined : { time, seq, late: false };
  }

  /** When a message's retention ends: from its send (standard: a dead-letter queue keeps it), from when it entered (FIFO). */
  private expiryOf(c: Chunk, i: number): number {
    const from = this.plan.fifo ? (c.extra(i)?.enqueuedAt ?? c.sentAt[i]!) : c.sentAt[i]!;
    return from + this.plan.retentionPeriodSeconds * 1000;
  }

  /** Whether the message with a sequence number is in the queue (not gone). */
  private isPresent(sequence: number): boolean {
    if (!(sequence >= 1 && sequence <= this.sequence)) return false;
    const c = this.chunks[(sequence - 1) >> CHUNK_BITS];
    return c !== undefined && c.state[(sequence - 1) & CHUNK_MASK] !== GONE;
  }

  private remove(c: Chunk, i: number): void {
    const state = c.state[i];
    if (state === VISIBLE) {
      this.visibleCount--;
      this.visibleBytesCount -= c.size[i]!;
    } else if (state === INFLIGHT) {
      this.leaveBatch(c, i);
      this.inflightCount--;
      this.releaseGroup(c, i);
    } else if (state === DELAYED) this.delayedCount--;
    if (state === GONE) return;
    c.state[i] = GONE;
    c.setView(i, undefined);
    const extra = c.extra(i);
    extra?.timer?.cancel();
    if (--c.live === 0 && c.used === CHUNK_SIZE) {
      // Every message of a full chunk is gone: the queue lets it go (views of its messages keep it while they live).
      this.chunks[c.index] = undefined;
    }
    if (this.plan.fifo && extra?.groupId !== undefined) this.hooks.visible(this);
  }

  private releaseGroup(c: Chunk, i: number): void {
    const group = c.extra(i)?.groupId;
    if (group === undefined || !this.plan.fifo) return;
    const n = (this.inflightGroups.get(group) ?? 1) - 1;
    if (n <= 0) this.inflightGroups.delete(group);
    else this.inflightGroups.set(group, n);
  }

  /** The message with a sequence number (its view), unless it is gone. */
  private present(sequence: number): QueuedMessage | undefined {
    if (!(sequence >= 1 && sequence <= this.sequence)) return undefined;
    const c = this.chunks[(sequence - 1) >> CHUNK_BITS];
    const i = (sequence - 1) & CHUNK_MASK;
    return c !== undefined && c.state[i] !== GONE ? this.view(c, i, sequence) : undefined;
  }

  /** Moves `head` past the messages that are gone at the front. */
  private compact(): void {
    const last = this.sequence;
    let seq = this.head;
    while (seq <= last) {
      const c = this.chunks[(seq - 1) >> CHUNK_BITS];
      if (c === undefined) {
        seq = ((((seq - 1) >> CHUNK_BITS) + 1) << CHUNK_BITS) + 1;
        continue;
      }
      if (c.state[(seq - 1) & CHUNK_MASK] !== GONE) break;
      seq++;
    }
    this.head = Math.min(seq, last + 1);
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
