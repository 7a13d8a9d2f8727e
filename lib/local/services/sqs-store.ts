import { inputAt, inputKey, type InputColumns, type InputRecord } from '../ledger.js';
import type { Timer } from '../sim/clock.js';
import type { MessageIds } from '../sim/message-ids.js';
import { typedColumns } from '../typed-columns.js';
import { BatchText } from '../sim/batch-text.js';

/** A message's state, as a number in `Chunk.state`. */
export const GONE = 0;
export const VISIBLE = 1;
export const INFLIGHT = 2;
export const DELAYED = 3;
const STATE_NAMES = ['gone', 'visible', 'inflight', 'delayed'] as const;

/** Messages per chunk (a power of two): sequence number s is slot (s - 1) & CHUNK_MASK of chunk (s - 1) >> CHUNK_BITS. */
export const CHUNK_BITS = 10;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_SIZE - 1;
export type MessageAttributes = Readonly<Record<string, { readonly dataType: string; readonly stringValue: string }>>;

export const NO_ATTRIBUTES: MessageAttributes = Object.freeze({});

/** What few messages have: kept in one object per such message, none for the others. */
export interface Extra {
  /** An id given at the send (else the id is made from the sequence number, see QueuedMessage.messageId). */
  messageId?: string;
  attributes?: MessageAttributes;
  groupId?: string;
  deduplicationId?: string;
  enqueuedAt?: number;
  terminal?: boolean;
  deadLetterSource?: string;
  /** The delay timer. */
  timer?: Timer;
}

/** A receive's visibility timeout: one timer for its messages, cancelled once none of them is in flight from it. */
export interface ReceiveBatch {
  timer: Timer;
  remaining: number;
  /** Simulated ms the visibility timeout ends. */
  readonly visibleAt: number;
}

/**
 * CHUNK_SIZE consecutive messages of a queue as columns: numbers in typed arrays (no object per
 * message for the garbage collector to copy and scan while it waits), strings and references in
 * arrays. The queue drops a chunk once every message of it is gone; a message's view keeps its
 * chunk, so what it reads stays as it was.
 */
export class Chunk {
  public constructor(
    /** Its number in the queue: (sequence - 1) >> CHUNK_BITS of its messages. */
    public readonly index: number,
  ) {}

  // The numbers, in one buffer (one allocation per chunk).
  private readonly numbers = typedColumns(CHUNK_SIZE, {
    sentAt: Float64Array,
    firstReceiveAt: Float64Array,
    receipt: Float64Array,
    receiveCount: Int32Array,
    size: Int32Array,
    inputNumber: Int32Array,
    state: Uint8Array,
  });
  public readonly sentAt = this.numbers.sentAt;
  /** NaN: never received. */
  public readonly firstReceiveAt = this.numbers.firstReceiveAt;
  /** The number of the current receive (its receipt handle); 0: none. */
  public readonly receipt = this.numbers.receipt;
  public readonly receiveCount = this.numbers.receiveCount;
  public readonly size = this.numbers.size;
  /** The number of each message's input in its ledger (see `input`). */
  private readonly inputNumber = this.numbers.inputNumber;
  public readonly state = this.numbers.state;
  public readonly body: string[] = new Array<string>(CHUNK_SIZE);
  /** The ledger the inputs are of (the first message's); inputs of another are kept as they are, in `otherInputs`. */
  private inputColumns: InputColumns | undefined;
  private otherInputs: Map<number, InputRecord> | undefined;
  // Made when first needed (most messages have no extra; views and batches exist only once messages are received): no
  // arrays for the garbage collector to copy while the chunk's messages only wait.
  private extras: Array<Extra | undefined> | undefined;
  private batches: Array<ReceiveBatch | undefined> | undefined;
  private views: Array<QueuedMessage | undefined> | undefined;

  /** A message's input: an object of its ledger made when asked for (the chunk keeps its number, not an object). */
  public input(i: number): InputRecord {
    const other = this.otherInputs?.get(i);
    return other ?? inputAt(this.inputColumns!, this.inputNumber[i]!);
  }

  public setInput(i: number, r: InputRecord): void {
    const { columns, number } = inputKey(r);
    this.inputColumns ??= columns;
    if (columns === this.inputColumns) {
      this.inputNumber[i] = number;
      this.otherInputs?.delete(i);
    } else (this.otherInputs ??= new Map()).set(i, r);
  }

  /** What few messages have (see Extra). */
  public extra(i: number): Extra | undefined {
    return this.extras?.[i];
  }

  public setExtra(i: number, e: Extra | undefined): void {
    (this.extras ??= new Array<Extra | undefined>(CHUNK_SIZE))[i] = e;
  }

  /** The receive a message is in flight from. */
  public batch(i: number): ReceiveBatch | undefined {
    return this.batches?.[i];
  }

  public setBatch(i: number, b: ReceiveBatch | undefined): void {
    if (b === undefined && this.batches === undefined) return;
    (this.batches ??= new Array<ReceiveBatch | undefined>(CHUNK_SIZE))[i] = b;
  }

  /** The view of a message handed out while it is in the queue (one per message: the same object every time). */
  public view(i: number): QueuedMessage | undefined {
    return this.views?.[i];
  }

  public setView(i: number, v: QueuedMessage | undefined): void {
    if (v === undefined && this.views === undefined) return;
    (this.views ??= new Array<QueuedMessage | undefined>(CHUNK_SIZE))[i] = v;
  }

  /** Messages of the chunk not gone. */
  public live = 0;
  /** Slots used (the chunk is full at CHUNK_SIZE). */
  public used = 0;
}

/** The ids and receipt handles of a batch, written together (see BatchText); `receiptHandle` writes its one handle the same way. */
const batchText = new BatchText();
const oneHandle = new BatchText();

/** Writes the decimal digits of `n` (a whole number, 0 <= n < 2^53) at `at`; returns where they end. */
function putDecimal(bytes: Uint8Array, at: number, n: number): number {
  if (n >= 0x80000000) {
    // Beyond 32-bit integers: the digits by floating-point division.
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = at + digits - 1; i >= at; i--) {
      bytes[i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    return at + digits;
  }
  let x = n | 0;
  const digits = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = (x / 10) | 0;
    bytes[i] = 48 + x - q * 10;
    x = q;
  }
  return at + digits;
}

/** A receipt handle: it names the receive and the message (its sequence number), so byReceipt finds it without a search. */
export function receiptHandle(receipt: number, sequence: number): string {
  oneHandle.begin();
  writeReceiptHandle(oneHandle, receipt, sequence);
  return oneHandle.strings()[0]!;
}

/** Sets `out[i]`, for each message `written` says was written into `text`, to its string, in order. */
function fillWritten<M>(batch: readonly M[], out: Array<string | undefined>, text: BatchText, written: (m: M, i: number) => boolean): void {
  if (text.size === 0) return;
  const strings = text.strings();
  for (let i = 0, k = 0; i < batch.length; i++) if (written(batch[i]!, i)) out[i] = strings[k++];
}

/** Writes the receipt handle `rh-<receipt>-<sequence>` as the next string of `text`. */
function writeReceiptHandle(text: BatchText, receipt: number, sequence: number): void {
  const at = text.end;
  // "rh-", "-", and at most 16 digits for each number (below 2^53)
  const bytes = text.room(36);
  bytes[at] = 114; // r
  bytes[at + 1] = 104; // h
  bytes[at + 2] = 45; // -
  const mid = putDecimal(bytes, at + 3, receipt);
  bytes[mid] = 45;
  text.close(putDecimal(bytes, mid + 1, sequence));
}

/** A message of a queue, as read from its chunk (see SqsMessage in sqs.ts). */
export class QueuedMessage {
  public constructor(
    public readonly chunk: Chunk,
    public readonly slot: number,
    public readonly sequence: number,
    private readonly ids: MessageIds,
    /** The queue's space of message ids (see MessageIds): a message's id is made from its sequence number there. */
    private readonly idSpace: number,
  ) {}

  public get messageId(): string {
    return this.chunk.extra(this.slot)?.messageId ?? this.ids.format(this.sequence, this.idSpace);
  }

  /**
   * The receipt handles of a batch (`receiptHandle` of each, undefined for a message not in
   * flight), written together: one string for the batch, each handle a slice of it (a handle made
   * by concatenation is a tree of four strings).
   */
  public static receiptHandlesOf(batch: readonly { readonly receiptHandle?: string }[]): Array<string | undefined> {
    const n = batch.length;
    const out = new Array<string | undefined>(n);
    // The handles to make are written in the order of the batch; the others are set now (undefined: not in flight).
    const text = batchText;
    text.begin();
    for (let i = 0; i < n; i++) {
      const m = batch[i]!;
      if (!(m instanceof QueuedMessage)) out[i] = m.receiptHandle;
      else if (m.chunk.receipt[m.slot] !== 0) writeReceiptHandle(text, m.chunk.receipt[m.slot]!, m.sequence);
    }
    fillWritten(batch, out, text, (m) => m instanceof QueuedMessage && m.chunk.receipt[m.slot] !== 0);
    return out;
  }

  /**
   * The message ids of a batch (`messageId` of each), those made from sequence numbers written
   * together (see BatchText, MessageIds.put).
   */
  public static idsOf(batch: readonly { readonly messageId: string }[]): string[] {
    const n = batch.length;
    const out = new Array<string>(n);
    // The ids to make are written in the order of the batch; the others are set now.
    const text = batchText;
    text.begin();
    for (let i = 0; i < n; i++) {
      const m = batch[i]!;
      const given = m instanceof QueuedMessage ? m.chunk.extra(m.slot)?.messageId : m.messageId;
      if (given !== undefined) out[i] = given;
      else {
        const q = m as QueuedMessage;
        const at = text.end;
        q.ids.put(text.room(36), at, q.sequence, q.idSpace);
        text.close(at + 36);
      }
    }
    fillWritten(batch, out, text, (_, i) => out[i] === undefined);
    return out as string[];
  }

  public get body(): string {
    return this.chunk.body[this.slot]!;
  }

  public get attributes(): MessageAttributes {
    return this.chunk.extra(this.slot)?.attributes ?? NO_ATTRIBUTES;
  }

  public get groupId(): string | undefined {
    return this.chunk.extra(this.slot)?.groupId;
  }

  public get deduplicationId(): string | undefined {
    return this.chunk.extra(this.slot)?.deduplicationId;
  }

  public get sentAt(): number {
    return this.chunk.sentAt[this.slot]!;
  }

  public get enqueuedAt(): number | undefined {
    return this.chunk.extra(this.slot)?.enqueuedAt;
  }

  public get size(): number {
    return this.chunk.size[this.slot]!;
  }

  public get receiveCount(): number {
    return this.chunk.receiveCount[this.slot]!;
  }

  public get firstReceiveAt(): number | undefined {
    const t = this.chunk.firstReceiveAt[this.slot]!;
    return Number.isNaN(t) ? undefined : t;
  }

  public get input(): InputRecord {
    return this.chunk.input(this.slot);
  }

  public get terminal(): boolean {
    return this.chunk.extra(this.slot)?.terminal === true;
  }

  public get deadLetterSource(): string | undefined {
    return this.chunk.extra(this.slot)?.deadLetterSource;
  }

  public get state(): 'delayed' | 'visible' | 'inflight' | 'gone' {
    return STATE_NAMES[this.chunk.state[this.slot]!]!;
  }

  public get receiptHandle(): string | undefined {
    const r = this.chunk.receipt[this.slot]!;
    return r === 0 ? undefined : receiptHandle(r, this.sequence);
  }

  public get visibleAt(): number | undefined {
    return this.chunk.batch(this.slot)?.visibleAt;
  }

  /** As a plain object (what JSON.stringify and console.log show). */
  public toJSON(): Record<string, unknown> {
    return {
      messageId: this.messageId,
      body: this.body,
      attributes: this.attributes,
      groupId: this.groupId,
      deduplicationId: this.deduplicationId,
      sequence: this.sequence,
      sentAt: this.sentAt,
      enqueuedAt: this.enqueuedAt,
      size: this.size,
      receiveCount: this.receiveCount,
      firstReceiveAt: this.firstReceiveAt,
      terminal: this.terminal,
      deadLetterSource: this.deadLetterSource,
      state: this.state,
      receiptHandle: this.receiptHandle,
      visibleAt: this.visibleAt,
    };
  }
}
