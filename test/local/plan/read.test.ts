// readPlan: a plan written by hand is read as it is; anything else is refused with the file, the
// JSON pointer of what is wrong and the value found there.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import { readPlan } from '../../../lib/local/plan/read.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:hello';

/** A minimal plan, as someone would write it: a queue, a function with a version and an alias, and the mapping between them. */
function minimal(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    version: 1,
    region: 'us-east-1',
    account: '123456789012',
    endpoint: 'http://localhost:4566',
    stacks: ['Hand'],
    functions: [
      {
        id: 'Hello',
        logicalId: 'Hello',
        stack: 'Hand',
        name: 'hello',
        arn: ARN,
        runtime: 'nodejs22.x',
        handlerSetting: 'index.handler',
        handler: { codeDir: 'src', file: 'index.mjs', export: 'handler' },
        memoryMb: 128,
        timeoutSeconds: 3,
        ephemeralStorageMb: 512,
        environment: { GREETING: 'hi' },
        layers: [],
        versions: [{ version: '1', id: 'HelloV1' }],
        aliases: [{ name: 'live', id: 'HelloLive', version: '1', additionalVersions: [] }],
        async: { maxRetryAttempts: 2, maxEventAgeSeconds: 21_600 },
        recursiveLoop: 'Terminate',
      },
    ],
    queues: [
      {
        id: 'Jobs',
        logicalId: 'Jobs',
        stack: 'Hand',
        name: 'jobs',
        url: 'http://localhost:4566/123456789012/jobs',
        arn: 'arn:aws:sqs:us-east-1:123456789012:jobs',
        fifo: false,
        contentBasedDeduplication: false,
        visibilityTimeoutSeconds: 30,
        retentionPeriodSeconds: 345_600,
        delaySeconds: 0,
        receiveWaitTimeSeconds: 0,
        maxMessageSizeBytes: 1_048_576,
      },
    ],
    topics: [],
    buckets: [],
    tables: [],
    streams: [],
    rules: [],
    apis: [],
    mappings: [
      {
        id: 'JobsToHello',
        logicalId: 'JobsToHello',
        stack: 'Hand',
        function: 'Hello',
        qualifier: 'live',
        sourceType: 'sqs',
        source: 'Jobs',
        enabled: true,
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        bisectBatchOnError: false,
        maxRetryAttempts: -1,
        maxRecordAgeSeconds: -1,
        parallelizationFactor: 1,
        reportBatchItemFailures: false,
        filters: [],
      },
    ],
    subscriptions: [],
    notifications: [],
    warnings: [],
  };
}

const text = (v: unknown): string => JSON.stringify(v, null, 2);

/** The error readPlan throws for `doc`, which must be a LambdaformError. */
function refusal(doc: string): LambdaformError {
  try {
    readPlan(doc, 'plan.json');
  } catch (e) {
    expect(e).toBeInstanceOf(LambdaformError);
    return e as LambdaformError;
  }
  throw new Error('readPlan accepted the plan');
}

/** The minimal plan with one change made to it. */
function changed(change: (p: ReturnType<typeof minimal>) => void): string {
  const p = minimal();
  change(p);
  return text(p);
}

describe('readPlan', () => {
  it('reads a hand-written minimal plan as it is written', () => {
    expect(readPlan(text(minimal()), 'plan.json')).toEqual(minimal());
    // With the $schema reference plan.json files carry.
    expect(readPlan(text({ $schema: 'https://lambdaform.dev/schemas/plan.schema.json', ...minimal() }), 'plan.json').functions[0]!.id).toBe('Hello');
  });

  it('refuses text that is not JSON, with the file, line and column', () => {
    const e = refusal('{\n  "version": 1\n  "region": "us-east-1"\n}');
    expect(e.path).toBe('plan.json:3:3');
    expect(e.message).toMatch(/^plan\.json:3:3: not valid JSON: .* at position 19/);
    // Without a position: the file.
    expect(refusal('nope').message).toMatch(/^plan\.json: not valid JSON: .*"nope"/);
  });

  it.each([0, 2, '1'])('refuses format version %j, naming /version and the value', (version) => {
    const e = refusal(changed((p) => (p.version = version)));
    expect(e.message).toBe(`plan.json: /version: plan format version ${JSON.stringify(version)} is not one this lambdaform reads (1); make the plan again with this version`);
  });

  it('refuses an unknown property, naming where and which', () => {
    expect(refusal(changed((p) => (p.functions[0].colour = 'red'))).message).toBe("plan.json: not a valid plan (docs/plan.md):\n  /functions/0: unknown property 'colour'");
    expect(refusal(changed((p) => (p.queues[0].visibility = 30))).message).toBe("plan.json: not a valid plan (docs/plan.md):\n  /queues/0: unknown property 'visibility'");
    expect(refusal(changed((p) => delete p.functions[0].memoryMb)).message).toBe("plan.json: not a valid plan (docs/plan.md):\n  /functions/0: missing property 'memoryMb'");
  });

  it('memoryMb: 128 to 10,240', () => {
    expect(refusal(changed((p) => (p.functions[0].memoryMb = 10_241))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /functions/0/memoryMb must be <= 10240, got 10241');
    expect(refusal(changed((p) => (p.functions[0].memoryMb = 127))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /functions/0/memoryMb must be >= 128, got 127');
    expect(refusal(changed((p) => (p.functions[0].memoryMb = 256.5))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /functions/0/memoryMb must be integer, got 256.5');
    expect(readPlan(changed((p) => (p.functions[0].memoryMb = 10_240)), 'plan.json').functions[0]!.memoryMb).toBe(10_240);
    expect(readPlan(changed((p) => (p.functions[0].memoryMb = 128)), 'plan.json').functions[0]!.memoryMb).toBe(128);
  });

  it('timeoutSeconds: 1 to 900', () => {
    expect(refusal(changed((p) => (p.functions[0].timeoutSeconds = 0))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /functions/0/timeoutSeconds must be >= 1, got 0');
    expect(refusal(changed((p) => (p.functions[0].timeoutSeconds = 901))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /functions/0/timeoutSeconds must be <= 900, got 901');
    expect(readPlan(changed((p) => (p.functions[0].timeoutSeconds = 1)), 'plan.json').functions[0]!.timeoutSeconds).toBe(1);
    expect(readPlan(changed((p) => (p.functions[0].timeoutSeconds = 900)), 'plan.json').functions[0]!.timeoutSeconds).toBe(900);
  });

  it('refuses a value of the wrong type or outside its choices', () => {
    expect(refusal(changed((p) => (p.queues[0].fifo = 'no'))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /queues/0/fifo must be boolean, got "no"');
    expect(refusal(changed((p) => (p.mappings[0].sourceType = 'kafka'))).message).toBe('plan.json: not a valid plan (docs/plan.md):\n  /mappings/0/sourceType must be equal to one of the allowed values, got "kafka"');
  });

  it('refuses a mapping whose source queue is not in the plan', () => {
    expect(refusal(changed((p) => (p.mappings[0].source = 'Nope'))).message).toBe("plan.json: the plan refers to what it does not hold:\n  /mappings/0/source: no queue 'Nope'");
    expect(refusal(changed((p) => (p.mappings[0].sourceType = 'kinesis'))).message).toMatch(/\/mappings\/0\/source: no stream 'Jobs'$/);
  });

  it('refuses a target whose function or qualifier is not in the plan, naming the ones there are', () => {
    expect(refusal(changed((p) => (p.mappings[0].qualifier = 'beta'))).message).toBe("plan.json: the plan refers to what it does not hold:\n  /mappings/0/qualifier: function 'Hello' has no version or alias 'beta' (it has $LATEST, 1, live)");
    expect(refusal(changed((p) => (p.mappings[0].function = 'Gone'))).message).toBe("plan.json: the plan refers to what it does not hold:\n  /mappings/0/function: no function 'Gone'");
    // Versions and $LATEST are qualifiers too.
    for (const q of ['1', '$LATEST']) expect(readPlan(changed((p) => (p.mappings[0].qualifier = q)), 'plan.json').mappings[0]!.qualifier).toBe(q);
  });

  it('refuses a destination, a redrive target or a rule target dead-letter queue that is not in the plan', () => {
    expect(refusal(changed((p) => (p.functions[0].async.onFailure = { type: 'sqs', id: 'Gone', arn: 'arn:aws:sqs:us-east-1:123456789012:gone' }))).message).toBe(
      "plan.json: the plan refers to what it does not hold:\n  /functions/0/async/onFailure/id: no queue 'Gone'",
    );
    expect(refusal(changed((p) => (p.queues[0].deadLetter = { queue: 'Gone', maxReceiveCount: 3 }))).message).toBe("plan.json: the plan refers to what it does not hold:\n  /queues/0/deadLetter/queue: no queue 'Gone'");
    const rule = { id: 'Tick', logicalId: 'Tick', stack: 'Hand', name: 'tick', arn: 'arn:aws:events:us-east-1:123456789012:rule/tick', schedule: 'rate(1 minute)', enabled: true, targets: [{ function: 'Hello', retryAttempts: 185, maxEventAgeSeconds: 86_400, deadLetterQueue: 'Gone' }] };
    expect(refusal(changed((p) => (p.rules = [rule]))).message).toBe("plan.json: the plan refers to what it does not hold:\n  /rules/0/targets/0/deadLetterQueue: no queue 'Gone'");
    // A destination outside the plan (no id) is no reference.
    expect(readPlan(changed((p) => (p.functions[0].async.onFailure = { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:210987654321:elsewhere' })), 'plan.json').functions[0]!.async.onFailure).toEqual({ type: 'sqs', arn: 'arn:aws:sqs:us-east-1:210987654321:elsewhere' });
  });
});

describe('readPlan: expressions the runtime evaluates', () => {
  it('refuses a schedule, an event pattern, a filter or a filter policy the runtime could not evaluate, before the run', () => {
    const rule = (extra: object) => ({ id: 'Tick', logicalId: 'Tick', stack: 'Hand', name: 'tick', arn: 'arn:aws:events:us-east-1:123456789012:rule/tick', enabled: true, targets: [], ...extra });
    const schedule = refusal(changed((p) => (p.rules = [rule({ schedule: 'rate(5 minute)' })]))).message;
    expect(schedule).toMatch(/^plan\.json: the plan has expressions the runtime cannot evaluate:\n {2}\/rules\/0\/schedule: .*rate\(5 minute\)/);
    const pattern = refusal(changed((p) => (p.rules = [rule({ eventPattern: { source: 'aws.ec2' } })]))).message;
    expect(pattern).toMatch(/\/rules\/0\/eventPattern: .*"source"/);
    const filter = refusal(changed((p) => (p.mappings[0].filters = [{ Pattern: '{"body": ' }]))).message;
    expect(filter).toContain('/mappings/0/filters/0: not JSON: ');
    const filter2 = refusal(changed((p) => (p.mappings[0].filters = [{ body: { kind: 'x' } }]))).message;
    expect(filter2).toContain(`/mappings/0/filters/0: event pattern field "body.kind" has "x"`);
    // The same, written correctly, is read.
    expect(() => readPlan(changed((p) => (p.rules = [rule({ schedule: 'rate(5 minutes)', eventPattern: undefined })])), 'plan.json')).not.toThrow();
    expect(() => readPlan(changed((p) => (p.mappings[0].filters = [{ Pattern: '{"body": {"kind": ["x"]}}' }, { body: { kind: ['y'] } }])), 'plan.json')).not.toThrow();
  });
});
