/**
 * The local endpoint's EventBridge API (AWS JSON 1.1) through the real
 * `@aws-sdk/client-eventbridge`: PutEvents from a handler of the plan reaches the targets of the
 * rules whose patterns match, entry by entry, and the errors EventBridge answers.
 */
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, REGION, logEvent, logged, rule } from '../services/helpers.js';
import { failure, invoke } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A handler that calls PutEvents with `event.entries` (a `Time` given as ISO text) and returns
 * the output without $metadata, or `{ error, message }`.
 */
const EMITTER = `
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const client = new EventBridgeClient({});
export const handler = async (event) => {
  const Entries = event.entries.map((e) => (e.Time ? { ...e, Time: new Date(e.Time) } : e));
  try {
    const { $metadata, ...r } = await client.send(new PutEventsCommand({ Entries }));
    return r;
  } catch (e) {
    return { error: e.name, message: e.message };
  }
};`;



interface PutEventsOut {
  FailedEntryCount: number;
  Entries: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
}

describe('the local EventBridge API', () => {
  let rt: Runtime;
  let events: EventBridgeClient;
  beforeAll(async () => {
    rt = await startRuntime(
      testPlan({
        functions: [fn('Emitter', EMITTER), fn('Orders', logEvent()), fn('Users', logEvent())],
        rules: [
          rule('OnOrder', ['Orders'], { eventPattern: { source: ['app.orders'], 'detail-type': ['created'], detail: { total: [{ numeric: ['>', 10] }] } } }),
          rule('OnUser', ['Users'], { eventPattern: { source: ['app.users'] } }),
        ],
      }),
    );
    events = new EventBridgeClient({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  });

  it('PutEvents from a handler: the matching rule\'s target gets the event with the id PutEvents returned, the other rule\'s does not; a malformed Detail fails alone', async () => {
    const { outcome, input } = await invoke(rt, 'Emitter', {
      entries: [
        { Source: 'app.orders', DetailType: 'created', Detail: '{"id":1,"total":25}', Resources: ['arn:aws:s3:::orders'], Time: '2026-03-04T05:06:07Z' },
        { Source: 'app.orders', DetailType: 'created', Detail: '{"id":2,' },
      ],
    }, 'Test/Upstream');
    expect(outcome.status).toBe('success');
    const out = JSON.parse(outcome.json!) as PutEventsOut;
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries).toEqual([{ EventId: expect.stringMatching(UUID) as unknown }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }]);
    const received = logged<Record<string, unknown>>(rt, 'Test/Orders');
    expect(received.map((r) => r.value)).toEqual([
      {
        version: '0',
        id: out.Entries[0]!.EventId,
        'detail-type': 'created',
        source: 'app.orders',
        account: ACCOUNT,
        time: '2026-03-04T05:06:07Z',
        region: REGION,
        resources: ['arn:aws:s3:::orders'],
        detail: { id: 1, total: 25 },
      },
    ]);
    expect(logged(rt, 'Test/Users')).toEqual([]);
    // One input for the entry put (none for the failed one), sent on from the invocation's; EventBridge is not
    // followed by loop detection: the lineage as it was (no Test/Emitter). Its delivery to the target is processed.
    const puts = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(puts.map((i) => [i.source, i.lineage, i.disposition])).toEqual([['default event bus', { 'Test/Upstream': 1 }, 'processed']]);
    expect(rt.ledger.inputs.filter((i) => i.parent === puts[0]!.id).map((i) => [i.source, i.lineage, i.disposition])).toEqual([['Test/Orders', { 'Test/Upstream': 1 }, 'processed']]);
  });

  it('each entry goes to the rules it matches: a user event to the other rule, an order under the threshold to none (discarded)', async () => {
    const before = rt.ledger.inputs.length;
    const out = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app.users', DetailType: 'signed-up', Detail: '{"user":"u1"}' },
          { Source: 'app.orders', DetailType: 'created', Detail: '{"id":3,"total":5}' },
        ],
      }),
    );
    await rt.sim.run();
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries).toEqual([{ EventId: expect.stringMatching(UUID) as unknown }, { EventId: expect.stringMatching(UUID) as unknown }]);
    expect(logged<{ id: string; detail: unknown }>(rt, 'Test/Users').map((r) => [r.value.id, r.value.detail])).toEqual([[out.Entries![0]!.EventId, { user: 'u1' }]]);
    expect(logged(rt, 'Test/Orders')).toHaveLength(1);
    const [users, small] = rt.ledger.inputs.slice(before).filter((i) => i.parent === undefined);
    expect(users).toMatchObject({ source: 'default event bus', lineage: {}, disposition: 'processed' });
    expect(small).toMatchObject({ source: 'default event bus', disposition: 'discarded', reason: 'matched no rule on the default event bus' });
  });

  it('entries that fail: another event bus, a Detail that is not a JSON object, a missing Source; the default bus by name and by ARN is fine', async () => {
    const out = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app.users', DetailType: 'x', Detail: '{}', EventBusName: 'custom' },
          { Source: 'app.users', DetailType: 'x', Detail: '[1,2]' },
          { DetailType: 'x', Detail: '{}' },
          { Source: 'app.users', DetailType: 'x', Detail: '{}', EventBusName: 'default' },
          { Source: 'app.users', DetailType: 'x', Detail: '{}', EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default` },
        ],
      }),
    );
    await rt.sim.run();
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries).toEqual([
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: "Event bus custom does not exist: lambdaform's plan has the default event bus only." },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { EventId: expect.stringMatching(UUID) as unknown },
      { EventId: expect.stringMatching(UUID) as unknown },
    ]);
    expect(logged(rt, 'Test/Users')).toHaveLength(3);
  });

  it('more than 10 entries is a ValidationException for the whole request', async () => {
    const e = await failure(events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => ({ Source: 'app.users', DetailType: 'x', Detail: '{}' })) })));
    expect(e.name).toBe('ValidationException');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10");
  });

  it('an operation the local runtime does not serve fails naming EventBridge and the operation', async () => {
    const e = await failure(events.send(new ListRulesCommand({})));
    expect(e.name).toBe('UnsupportedOperation');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe("lambdaform's local runtime does not serve EventBridge ListRules; it serves PutEvents. The call did not reach AWS.");
  });
});
