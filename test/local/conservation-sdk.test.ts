/**
 * The conservation invariant with handlers that send on through the real AWS SDK (issue 10): a
 * random chain of stages, each a queue with its DLQ and a consumer function that, on success,
 * sends each message on to the next stage — by SQS SendMessage (one or more copies: fan-out) or
 * by SNS Publish to a topic with the next stage's queue and a sink queue subscribed. Messages fail
 * deterministically (a hash of body and receive count under the stage's failure rate), before
 * sending anything, so a processed message has exactly its stage's children, and a failed one
 * none. Runs end when idle, or are cut short by `until`.
 *
 * Checked: every input has one disposition (queued only in a cut run or in the sink), the
 * summary adds up, every input sent on names an existing parent that was processed, each
 * processed message has exactly its stage's children, and dead-lettered messages are in the DLQ
 * of the queue they came from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputRecord } from '../../lib/local/ledger.js';
import type { Plan, PlanFunction, PlanQueue, PlanSubscription, PlanTopic } from '../../lib/local/plan/types.js';
import { fn, queue, sqsMapping, startRuntime, testPlan } from './helpers.js';
import { subscription, topic } from './services/helpers.js';

const PERMILLE = `(key) => { let h = 0x811c9dc5; for (let i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; } return h % 1000; }`;

/** One handler for every stage: its environment says how it fails and where it sends. */
const HANDLER = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const permille = ${PERMILLE};
const sqs = new SQSClient({});
const sns = new SNSClient({});
const { RATE, NEXT_URL, TOPIC_ARN, COPIES } = process.env;
export const handler = async (event) => {
  for (const r of event.Records) {
    if (permille(r.body + '#' + r.attributes.ApproximateReceiveCount) < Number(RATE)) throw new Error('failed ' + r.body);
    if (TOPIC_ARN) await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: r.body + '.t' }));
    else if (NEXT_URL) for (let i = 0; i < Number(COPIES); i++) await sqs.send(new SendMessageCommand({ QueueUrl: NEXT_URL, MessageBody: r.body + '.' + i }));
  }
};`;

interface Stage {
  readonly failPermille: number;
  readonly maxReceiveCount: number;
  /** How it sends on (the last stage sends nothing). */
  readonly via: 'sqs' | 'sns';
  /** Copies per message (SQS). */
  readonly copies: number;
}

interface Run {
  readonly stages: readonly Stage[];
  readonly messages: number;
  /** Simulated seconds the run is cut at, or undefined: until idle. */
  readonly until: number | undefined;
}

const stageArb: fc.Arbitrary<Stage> = fc.record({
  failPermille: fc.constantFrom(0, 200, 500, 900),
  maxReceiveCount: fc.integer({ min: 1, max: 3 }),
  via: fc.constantFrom('sqs' as const, 'sns' as const),
  copies: fc.integer({ min: 1, max: 2 }),
});
const runArb: fc.Arbitrary<Run> = fc.record({
  stages: fc.array(stageArb, { minLength: 2, maxLength: 3 }),
  messages: fc.integer({ min: 1, max: 8 }),
  until: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
});

/** One handler directory for all runs (one file to load); one environment per stage, so a run costs a few cold starts. */
const BASE: PlanFunction = fn('Stage', HANDLER, { timeoutSeconds: 10, reservedConcurrency: 1 });

function planOf(run: Run): Plan {
  const queues: PlanQueue[] = [queue('Sink')];
  const functions: PlanFunction[] = [];
  const topics: PlanTopic[] = [];
  const subscriptions: PlanSubscription[] = [];
  const mappings = run.stages.map((s, k) => {
    // Visibility 10 s: retries come soon on the simulated clock.
    queues.push(queue(`Q${k}`, { visibilityTimeoutSeconds: 10, deadLetter: { queue: `Test/Dlq${k}`, maxReceiveCount: s.maxReceiveCount } }), queue(`Dlq${k}`));
    const last = k === run.stages.length - 1;
    const next = queue(`Q${k + 1}`);
    const env: Record<string, string> = { RATE: String(s.failPermille), COPIES: String(s.copies) };
    if (!last && s.via === 'sqs') env.NEXT_URL = next.url;
    if (!last && s.via === 'sns') {
      const t = topic(`T${k}`);
      topics.push(t);
      env.TOPIC_ARN = t.arn;
      subscriptions.push(subscription(`T${k}`, { queue: `Q${k + 1}` }, { id: `Test/T${k}/Next`, rawMessageDelivery: true }), subscription(`T${k}`, { queue: 'Sink' }, { id: `Test/T${k}/Sink`, rawMessageDelivery: true }));
    }
    functions.push({ ...BASE, id: `Test/F${k}`, logicalId: `F${k}`, name: `Test-F${k}`, arn: BASE.arn.replace(/Stage$/, `F${k}`), environment: env });
    return sqsMapping(`Q${k}`, `F${k}`, { batchSize: 1, id: `Test/F${k}/Source` });
  });
  return testPlan({ functions, queues, topics, subscriptions, mappings });
}

/** How inputs ended over all runs: the runs must reach each way (see the last test's check). */
const seen = new Set<string>();

async function check(run: Run): Promise<void> {
  const rt = await startRuntime(planOf(run));
  try {
    for (let i = 0; i < run.messages; i++) rt.sendMessage('Test/Q0', `m${i}`, rt.ledger.create(0, 'Test/Q0'));
    await rt.sim.run(run.until === undefined ? undefined : run.until * 1000);
    const inputs = rt.ledger.inputs;
    const byId = new Map(inputs.map((r) => [r.id, r]));
    const children = new Map<string, InputRecord[]>();
    for (const r of inputs) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);

    // One disposition each; queued only when the run was cut, or in the sink (nothing consumes it).
    const counts: Record<string, number> = {};
    for (const r of inputs) counts[r.disposition ?? 'queued'] = (counts[r.disposition ?? 'queued'] ?? 0) + 1;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(inputs.length);
    if (run.until === undefined) expect(inputs.filter((r) => r.disposition === undefined && r.source !== 'Test/Sink').map((r) => r.id)).toEqual([]);
    for (const r of inputs) if (r.disposition !== undefined) expect(['processed', 'deadLetter']).toContain(r.disposition);

    for (const r of inputs) {
      seen.add(`${/^Test\/(Q|T|Sink)/.exec(r.source)?.[1] ?? r.source} ${r.disposition ?? 'queued'}${r.parent ? ' sent on' : ''}`);
      const kids = children.get(r.id) ?? [];
      const stage = /^Test\/Q(\d+)$/.exec(r.source)?.[1];
      if (r.parent) {
        // Sent on only from a processed input.
        expect(byId.get(r.parent)?.disposition).toBe('processed');
      }
      if (stage !== undefined) {
        const k = Number(stage);
        const s = run.stages[k]!;
        const last = k === run.stages.length - 1;
        // A processed message has exactly its stage's children; a failed or waiting one none.
        const expected = r.disposition === 'processed' && !last ? (s.via === 'sqs' ? s.copies : 1) : 0;
        expect(kids.length, `${r.id} at stage ${k}`).toBe(expected);
        if (r.disposition === 'deadLetter') expect(r.where).toBe(`Test/Dlq${k}`);
        if (kids.length > 0) expect(new Set(kids.map((c) => c.source))).toEqual(new Set([s.via === 'sqs' ? `Test/Q${k + 1}` : `Test/T${k}`]));
      }
      if (/^Test\/T\d+$/.test(r.source)) {
        // A publish is processed once delivered: to the next stage and the sink.
        expect(r.disposition).toBe('processed');
        expect(kids.map((c) => c.source).sort()).toEqual([`Test/Q${Number(r.source.slice(6)) + 1}`, 'Test/Sink']);
      }
    }
    // The DLQs hold exactly the dead-lettered messages.
    run.stages.forEach((_, k) => {
      expect(rt.queue(`Test/Dlq${k}`).pending().length).toBe(inputs.filter((r) => r.source === `Test/Q${k}` && r.disposition === 'deadLetter').length);
    });
  } finally {
    await rt.shutdown();
  }
}

describe('conservation with handlers that send on through the AWS SDK', () => {
  it('holds for random chains and fan-outs, run to the end or cut short', async () => {
    await fc.assert(fc.asyncProperty(runArb, check), { seed: 20_261_130, numRuns: 6, endOnFailure: true });
    const missing = ['Q processed', 'Q deadLetter', 'Q processed sent on', 'Q deadLetter sent on', 'Q queued sent on', 'T processed sent on', 'Sink queued sent on'].filter((k) => !seen.has(k));
    expect(missing, [...seen].join(', ')).toEqual([]);
  });
});
