import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import { parseDuration, parseScenario } from '../../../lib/local/scenario/parse.js';

/** The scenario of issue 9's contract, as written there. */
const CONTRACT = `seed: 1                     # optional: all randomness (alias weights, jitter) is seeded
until: 6h                   # optional: stop at this simulated time; default: run until idle
steps:                      # each step happens at \`at\` (simulated, from the start) or right after the previous one
  - send: { queue: Jobs, count: 100, body: '{"i": {{i}}}', groupId: 'g{{i}}' }   # {{i}} = 0..count-1
  - invoke: { function: Worker, payload: { fail: true }, type: Event, qualifier: live }
  - put: { bucket: Uploads, key: in/a.jpg, body: hello }
  - publish: { topic: Events, message: '{"x": 1}' }
  - putRecord: { stream: Clicks, partitionKey: k1, data: '{"n": 1}' }
  - putItem: { table: Orders, item: { id: { S: "1" } } }
  - putEvent: { source: app.orders, detailType: created, detail: { id: 1 } }
  - http: { method: GET, path: /items/1 }
  - advance: 10m
    at: 30s
expect:                     # optional checks on the report; numbers exact or { min, max }
  - inputs: { processed: 100, deadLetter: 0, discarded: 0 }
  - queue: JobsDlq
    visible: 0
  - function: Worker
    Errors: { max: 3 }
`;

/** The error a scenario is refused with. */
function refusal(text: string): LambdaformError {
  try {
    parseScenario(text, 'sc.yaml');
  } catch (e) {
    if (e instanceof LambdaformError) return e;
    throw e;
  }
  throw new Error(`accepted:\n${text}`);
}

/** `path: message` of the refusal. */
const refused = (text: string): string => refusal(text).message;

const oneStep = (step: string): string => `steps:\n  - ${step}\n`;

describe('parseScenario: the forms of the contract', () => {
  it('reads every form of the issue example: steps, their places, until, seed and checks', () => {
    const s = parseScenario(CONTRACT, 'examples/app/scenario.yaml');
    expect(s.file).toBe('examples/app/scenario.yaml');
    expect(s.seed).toBe(1);
    expect(s.untilMs).toBe(6 * 3_600_000);
    expect(s.steps).toEqual([
      { index: 0, where: 'examples/app/scenario.yaml:4:5', action: { kind: 'send', queue: 'Jobs', count: 100, body: '{"i": {{i}}}', groupId: 'g{{i}}' } },
      { index: 1, where: 'examples/app/scenario.yaml:5:5', action: { kind: 'invoke', function: 'Worker', payload: { fail: true }, count: 1, type: 'Event', qualifier: 'live' } },
      { index: 2, where: 'examples/app/scenario.yaml:6:5', action: { kind: 'put', bucket: 'Uploads', key: 'in/a.jpg', body: 'hello', count: 1 } },
      { index: 3, where: 'examples/app/scenario.yaml:7:5', action: { kind: 'publish', topic: 'Events', message: '{"x": 1}', count: 1 } },
      { index: 4, where: 'examples/app/scenario.yaml:8:5', action: { kind: 'putRecord', stream: 'Clicks', partitionKey: 'k1', data: '{"n": 1}', count: 1 } },
      { index: 5, where: 'examples/app/scenario.yaml:9:5', action: { kind: 'putItem', table: 'Orders', item: { id: { S: '1' } }, count: 1 } },
      { index: 6, where: 'examples/app/scenario.yaml:10:5', action: { kind: 'putEvent', source: 'app.orders', detailType: 'created', detail: { id: 1 }, count: 1 } },
      { index: 7, where: 'examples/app/scenario.yaml:11:5', action: { kind: 'http', method: 'GET', path: '/items/1', count: 1 } },
      { index: 8, where: 'examples/app/scenario.yaml:12:5', atMs: 30_000, action: { kind: 'advance', ms: 600_000 } },
    ]);
    expect(s.expect).toEqual([
      { kind: 'inputs', counts: { processed: 100, deadLetter: 0, discarded: 0 }, where: 'examples/app/scenario.yaml:15:5' },
      { kind: 'queue', queue: 'JobsDlq', counts: { visible: 0 }, where: 'examples/app/scenario.yaml:16:5' },
      { kind: 'function', function: 'Worker', counts: { Errors: { max: 3 } }, where: 'examples/app/scenario.yaml:18:5' },
    ]);
  });

  it('fills in the defaults of each step, and leaves seed and until out when the scenario has none', () => {
    const s = parseScenario(
      `steps:
  - send: { queue: Jobs }
  - invoke: { function: Worker }
  - put: { bucket: Uploads, key: a }
  - delete: { bucket: Uploads, key: a }
  - publish: { topic: Events }
  - putRecord: { stream: Clicks }
  - putEvent: { source: app }
  - http: { path: /items, method: post }
`,
      'sc.yaml',
    );
    expect(s).toEqual({
      file: 'sc.yaml',
      expect: [],
      steps: [
        { index: 0, where: 'sc.yaml:2:5', action: { kind: 'send', queue: 'Jobs', body: '{}', count: 1 } },
        { index: 1, where: 'sc.yaml:3:5', action: { kind: 'invoke', function: 'Worker', payload: {}, count: 1, type: 'RequestResponse' } },
        { index: 2, where: 'sc.yaml:4:5', action: { kind: 'put', bucket: 'Uploads', key: 'a', body: '', count: 1 } },
        { index: 3, where: 'sc.yaml:5:5', action: { kind: 'delete', bucket: 'Uploads', key: 'a', count: 1 } },
        { index: 4, where: 'sc.yaml:6:5', action: { kind: 'publish', topic: 'Events', message: '{}', count: 1 } },
        { index: 5, where: 'sc.yaml:7:5', action: { kind: 'putRecord', stream: 'Clicks', partitionKey: 'key', data: '{}', count: 1 } },
        { index: 6, where: 'sc.yaml:8:5', action: { kind: 'putEvent', source: 'app', detailType: 'Event', detail: {}, count: 1 } },
        { index: 7, where: 'sc.yaml:9:5', action: { kind: 'http', method: 'POST', path: '/items', count: 1 } },
      ],
    });
  });

  it('reads the optional keys of send, publish and http; a body given as YAML becomes its JSON text', () => {
    const s = parseScenario(
      `steps:
  - send: { queue: Jobs, body: { id: '{{i}}', n: 2 }, count: 3, deduplicationId: 'd{{i}}', delaySeconds: 900, attributes: { kind: a, n: 5 } }
  - publish: { topic: Events, message: { x: 1 }, subject: hi, attributes: { store: s1, price: 5, tags: [a, b] } }
  - http: { api: Api, method: PUT, path: '/items/{{i}}', headers: { x-id: '{{i}}', n: 1 }, body: { a: 1 }, count: 2 }
`,
      'sc.yaml',
    );
    expect(s.steps.map((x) => x.action)).toEqual([
      { kind: 'send', queue: 'Jobs', body: '{"id":"{{i}}","n":2}', count: 3, deduplicationId: 'd{{i}}', delaySeconds: 900, attributes: { kind: 'a', n: '5' } },
      { kind: 'publish', topic: 'Events', message: '{"x":1}', count: 1, subject: 'hi', attributes: { store: 's1', price: 5, tags: ['a', 'b'] } },
      { kind: 'http', api: 'Api', method: 'PUT', path: '/items/{{i}}', headers: { 'x-id': '{{i}}', n: '1' }, body: '{"a":1}', count: 2 },
    ]);
  });

  it('reads every kind of check: exact numbers, { min, max }, a source, http and simulatedSeconds', () => {
    const s = parseScenario(
      `steps: []
expect:
  - inputs: { source: Jobs, processed: 3, total: { min: 3 } }
  - queue: Jobs
    visible: 0
    inFlight: { max: 2 }
    delayed: 0
    sent: 3
    deleted: 3
    movedToDeadLetter: 0
    expired: { min: 0, max: 0 }
  - function: Worker
    Invocations: { min: 1, max: 3 }
    DurationP99: { max: 100 }
    ColdStarts: 1
  - http: 0
    status: 404
  - http: all
    status: 200
    count: { min: 1 }
  - simulatedSeconds: { min: 60, max: 61.5 }
`,
      'sc.yaml',
    );
    expect(s.expect).toEqual([
      { kind: 'inputs', source: 'Jobs', counts: { processed: 3, total: { min: 3 } }, where: 'sc.yaml:3:5' },
      { kind: 'queue', queue: 'Jobs', counts: { visible: 0, inFlight: { max: 2 }, delayed: 0, sent: 3, deleted: 3, movedToDeadLetter: 0, expired: { min: 0, max: 0 } }, where: 'sc.yaml:4:5' },
      { kind: 'function', function: 'Worker', counts: { Invocations: { min: 1, max: 3 }, DurationP99: { max: 100 }, ColdStarts: 1 }, where: 'sc.yaml:12:5' },
      { kind: 'http', request: 0, status: 404, where: 'sc.yaml:16:5' },
      { kind: 'http', status: 200, count: { min: 1 }, where: 'sc.yaml:18:5' },
      { kind: 'simulatedSeconds', expected: { min: 60, max: 61.5 }, where: 'sc.yaml:21:5' },
    ]);
  });

  it('takes count from 1 to 1,000,000', () => {
    expect(parseScenario(oneStep('send: { queue: Jobs, count: 1 }'), 'sc.yaml').steps[0]!.action).toMatchObject({ count: 1 });
    expect(parseScenario(oneStep('send: { queue: Jobs, count: 1000000 }'), 'sc.yaml').steps[0]!.action).toMatchObject({ count: 1_000_000 });
    expect(refused(oneStep('send: { queue: Jobs, count: 0 }'))).toBe('sc.yaml:2:33: count must be a whole number from 1 to 1000000, got 0');
    expect(refused(oneStep('send: { queue: Jobs, count: 1000001 }'))).toBe('sc.yaml:2:33: count must be a whole number from 1 to 1000000, got 1000001');
    expect(refused(oneStep('put: { bucket: B, key: k, count: 2.5 }'))).toBe('sc.yaml:2:38: count must be a whole number from 1 to 1000000, got 2.5');
    expect(refused(oneStep("invoke: { function: F, count: 'ten' }"))).toBe('sc.yaml:2:35: count must be a whole number from 1 to 1000000, got "ten"');
  });

  it('takes delaySeconds from 0 to 900', () => {
    expect(parseScenario(oneStep('send: { queue: Jobs, delaySeconds: 0 }'), 'sc.yaml').steps[0]!.action).toMatchObject({ delaySeconds: 0 });
    expect(parseScenario(oneStep('send: { queue: Jobs, delaySeconds: 900 }'), 'sc.yaml').steps[0]!.action).toMatchObject({ delaySeconds: 900 });
    expect(refused(oneStep('send: { queue: Jobs, delaySeconds: 901 }'))).toBe('sc.yaml:2:40: delaySeconds must be 0-900, got 901');
    expect(refused(oneStep('send: { queue: Jobs, delaySeconds: -1 }'))).toBe('sc.yaml:2:40: delaySeconds must be 0-900, got -1');
  });
});

describe('parseScenario: operator steps', () => {
  it('reads trigger, pause, resume, redrive and purge, by name or as a mapping, with their times', () => {
    const s = parseScenario(
      `steps:
  - trigger: NightlyRule
  - trigger: { rule: NightlyRule, count: 3 }
  - pause: Worker/JobsSource
    at: 10s
  - resume: { mapping: Worker/JobsSource }
    at: 1m
  - redrive: JobsDlq
  - redrive: { from: JobsDlq, to: Jobs, maxMessagesPerSecond: 10 }
  - purge: Jobs
    at: 2m
  - purge: { queue: Parked }
`,
      'sc.yaml',
    );
    expect(s.steps).toEqual([
      { index: 0, where: 'sc.yaml:2:5', action: { kind: 'trigger', rule: 'NightlyRule', count: 1 } },
      { index: 1, where: 'sc.yaml:3:5', action: { kind: 'trigger', rule: 'NightlyRule', count: 3 } },
      { index: 2, where: 'sc.yaml:4:5', atMs: 10_000, action: { kind: 'pause', mapping: 'Worker/JobsSource' } },
      { index: 3, where: 'sc.yaml:6:5', atMs: 60_000, action: { kind: 'resume', mapping: 'Worker/JobsSource' } },
      { index: 4, where: 'sc.yaml:8:5', action: { kind: 'redrive', from: 'JobsDlq' } },
      { index: 5, where: 'sc.yaml:9:5', action: { kind: 'redrive', from: 'JobsDlq', to: 'Jobs', maxMessagesPerSecond: 10 } },
      { index: 6, where: 'sc.yaml:10:5', atMs: 120_000, action: { kind: 'purge', queue: 'Jobs' } },
      { index: 7, where: 'sc.yaml:12:5', action: { kind: 'purge', queue: 'Parked' } },
    ]);
  });

  it('refuses a bad operator step with file:line:column and what it takes', () => {
    expect(refused(oneStep('pause: [a, b]'))).toBe('sc.yaml:2:12: pause takes a name or a mapping: pause: Name or pause: { mapping: ... }');
    expect(refused(oneStep('purge:'))).toBe('sc.yaml:2:11: purge takes a name or a mapping: purge: Name or purge: { queue: ... }');
    expect(refused(oneStep('purge: { queue: Jobs, count: 2 }'))).toBe("sc.yaml:2:27: unknown key 'count' in purge; it takes queue");
    expect(refused(oneStep('redrive: { to: Jobs }'))).toBe("sc.yaml:2:14: redrive needs 'from'; it takes from, to, maxMessagesPerSecond");
    expect(refused(oneStep('redrive: { from: JobsDlq, maxMessagesPerSecond: 0 }'))).toBe('sc.yaml:2:53: redrive.maxMessagesPerSecond must be a whole number from 1 to 500, got 0');
    expect(refused(oneStep('redrive: { from: JobsDlq, maxMessagesPerSecond: 501 }'))).toBe('sc.yaml:2:53: redrive.maxMessagesPerSecond must be a whole number from 1 to 500, got 501');
    expect(refused(oneStep('trigger: { rule: Nightly, count: 0 }'))).toBe('sc.yaml:2:38: count must be a whole number from 1 to 1000000, got 0');
    expect(refused(oneStep('resume: { mapping: [x] }'))).toBe('sc.yaml:2:24: resume.mapping must be text, got ["x"]');
    expect(refused('steps:\n  - purge: Jobs\n    at: 1m\n  - trigger: Nightly\n    at: 30s\n')).toBe(
      'sc.yaml:5:9: at 30s is earlier than the steps before it reach (60s); steps run in order, so give the steps times in order',
    );
  });
});

describe('parseDuration', () => {
  it.each([
    [90, 90_000],
    [0, 0],
    [1.5, 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    [' 45s ', 45_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([['soon'], [''], ['10'], ['-5s'], [-1], ['10 m'], ['5w'], ['1h 30m'], [null], [true], [Number.POSITIVE_INFINITY]])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseScenario: what it refuses, with file:line:column and what is allowed', () => {
  it('refuses an unknown top-level key, naming the keys a scenario has', () => {
    const e = refusal('seed: 1\nsed: 2\nsteps: []\n');
    expect(e.path).toBe('sc.yaml:2:1');
    expect(e.code).toBe('bad-scenario');
    expect(e.detail).toBe("unknown key 'sed'; a scenario has seed, until, steps, expect, description");
  });

  it('refuses an unknown step, naming the steps there are', () => {
    expect(refused('steps:\n  - advance: 1m\n  - sned: { queue: Jobs }\n')).toBe(
      "sc.yaml:3:5: unknown step 'sned'; a step is one of send, invoke, put, delete, publish, putRecord, putItem, putEvent, http, trigger, pause, resume, redrive, purge, advance",
    );
  });

  it('refuses a step with two actions, or none', () => {
    expect(refused('steps:\n  - send: { queue: Jobs }\n    invoke: { function: Worker }\n')).toBe(
      "sc.yaml:2:5: step 1 must have exactly one action (send, invoke, put, delete, publish, putRecord, putItem, putEvent, http, trigger, pause, resume, redrive, purge, advance), plus an optional 'at'; it has send, invoke",
    );
    expect(refused('steps:\n  - advance: 1s\n  - at: 30s\n')).toBe(
      "sc.yaml:3:5: step 2 must have exactly one action (send, invoke, put, delete, publish, putRecord, putItem, putEvent, http, trigger, pause, resume, redrive, purge, advance), plus an optional 'at'; it has none",
    );
  });

  it('refuses an unknown key in a step, naming the keys the step takes', () => {
    expect(refused(oneStep('send: { queue: Jobs, bdy: x }'))).toBe("sc.yaml:2:26: unknown key 'bdy' in send; it takes queue, body, count, groupId, deduplicationId, delaySeconds, attributes");
    expect(refused(oneStep('invoke: { function: F, qualifer: live }'))).toBe("sc.yaml:2:28: unknown key 'qualifer' in invoke; it takes function, payload, count, type, qualifier");
    expect(refused(oneStep('http: { path: /, verb: GET }'))).toBe("sc.yaml:2:22: unknown key 'verb' in http; it takes path, method, headers, body, api, count");
  });

  it('refuses a step without what it needs, or that is not a mapping', () => {
    expect(refused(oneStep('send: { count: 3 }'))).toBe("sc.yaml:2:11: send needs 'queue'; it takes queue, body, count, groupId, deduplicationId, delaySeconds, attributes");
    expect(refused(oneStep('putItem: { table: Orders }'))).toBe("sc.yaml:2:14: putItem needs 'item'; it takes table, item, count");
    expect(refused(oneStep('send: Jobs'))).toBe('sc.yaml:2:11: send takes a mapping: send: { queue: ... }');
    expect(refused(oneStep('send'))).toBe('sc.yaml:2:5: step 1 must be a mapping such as { send: { queue: Jobs } }');
  });

  it('refuses values of the wrong type', () => {
    expect(refused(oneStep('send: { queue: [a, b] }'))).toBe('sc.yaml:2:20: send.queue must be text, got ["a","b"]');
    expect(refused(oneStep('invoke: { function: F, type: Async }'))).toBe('sc.yaml:2:34: invoke.type must be RequestResponse or Event, got "Async"');
    expect(refused(oneStep('putItem: { table: T, item: 5 }'))).toBe('sc.yaml:2:32: putItem.item must be a mapping in DynamoDB JSON: { id: { S: "1" } }');
    expect(refused(oneStep('http: { path: /, headers: [a] }'))).toBe('sc.yaml:2:31: http.headers must be a mapping of names to values');
    expect(refused(oneStep('publish: { topic: T, attributes: [a] }'))).toBe('sc.yaml:2:38: publish.attributes must be a mapping of names to text, numbers or lists of text');
    expect(refused('seed: 1.5\nsteps: []\n')).toBe('sc.yaml:1:7: seed must be a whole number (0 or more), got 1.5');
    expect(refused('seed: -1\nsteps: []\n')).toBe('sc.yaml:1:7: seed must be a whole number (0 or more), got -1');
    expect(refused("seed: 'one'\nsteps: []\n")).toBe('sc.yaml:1:7: seed must be a whole number (0 or more), got "one"');
    expect(refused('steps: { send: { queue: Jobs } }\n')).toBe('sc.yaml:1:8: steps must be a list');
    expect(refused('steps: []\nexpect: { inputs: { processed: 1 } }\n')).toBe('sc.yaml:2:9: expect must be a list of checks');
    expect(refused('- send: { queue: Jobs }\n')).toBe('sc.yaml:1:1: a scenario is a mapping with steps (and optionally seed, until, expect)');
    expect(refused('')).toBe('sc.yaml:1:1: a scenario is a mapping with steps (and optionally seed, until, expect)');
    expect(refused('seed: 1\n')).toBe('sc.yaml:1:1: a scenario needs steps: a list of send, invoke, put, delete, publish, putRecord, putItem, putEvent, http, trigger, pause, resume, redrive, purge or advance');
  });

  it('refuses bad durations: at, until and advance', () => {
    expect(refused('steps:\n  - advance: 1m\n    at: soon\n')).toBe('sc.yaml:3:9: at must be a duration from the start (30s, 10m, 6h), got "soon"');
    expect(refused('steps:\n  - send: { queue: Jobs }\n    at: -5\n')).toBe('sc.yaml:3:9: at must be a duration from the start (30s, 10m, 6h), got -5');
    expect(refused('until: 6 hours\nsteps: []\n')).toBe('sc.yaml:1:8: until must be a duration such as 30s, 10m, 6h or 1d, got "6 hours"');
    expect(refused(oneStep('advance: later'))).toBe('sc.yaml:2:14: advance takes a duration (30s, 10m, 6h), got "later"');
  });

  it('refuses step times out of order, and a step after until', () => {
    expect(refused('steps:\n  - send: { queue: Jobs }\n    at: 1m\n  - send: { queue: Jobs }\n    at: 30s\n')).toBe(
      'sc.yaml:5:9: at 30s is earlier than the steps before it reach (60s); steps run in order, so give the steps times in order',
    );
    // advance moves the time the next steps start from.
    expect(refused('steps:\n  - advance: 10m\n    at: 30s\n  - send: { queue: Jobs }\n    at: 10m\n')).toBe(
      'sc.yaml:5:9: at 600s is earlier than the steps before it reach (630s); steps run in order, so give the steps times in order',
    );
    expect(parseScenario('steps:\n  - advance: 10m\n    at: 30s\n  - send: { queue: Jobs }\n    at: 630s\n', 'sc.yaml').steps[1]!.atMs).toBe(630_000);
    expect(refused('until: 1h\nsteps:\n  - send: { queue: Jobs }\n    at: 61m\n')).toBe('sc.yaml:4:9: at 3660s is after until (3600s): the step would never happen');
    expect(parseScenario('until: 1h\nsteps:\n  - send: { queue: Jobs }\n    at: 60m\n', 'sc.yaml').steps[0]!.atMs).toBe(3_600_000);
  });

  it('refuses bad checks: unknown metric, unknown disposition, a bad range, a check of nothing', () => {
    const checks = (text: string): string => refused(`steps: []\nexpect:\n${text}`);
    expect(checks('  - function: Worker\n    Errs: 1\n')).toBe(
      "sc.yaml:4:5: unknown function metric 'Errs'; it has Invocations, Errors, Throttles, ConcurrentExecutions, IteratorAge, DeadLetterErrors, DestinationDeliveryFailures, AsyncEventsReceived, AsyncEventAge, AsyncEventsDropped, RecursiveInvocationsDropped, ProvisionedConcurrencyInvocations, ProvisionedConcurrencySpilloverInvocations, ColdStarts, DurationP50, DurationP99, DurationMax",
    );
    expect(checks('  - queue: Jobs\n    visble: 0\n')).toBe("sc.yaml:4:5: unknown queue count 'visble'; it has visible, inFlight, delayed, sent, deleted, movedToDeadLetter, expired");
    expect(checks('  - inputs: { processed: 1, done: 3 }\n')).toBe(
      "sc.yaml:3:29: unknown disposition 'done'; inputs has processed, queued, deadLetter, failureDestination, discarded, total (and source to count the inputs of one resource)",
    );
    expect(checks("  - function: Worker\n    Errors: { min: 'x' }\n")).toBe('sc.yaml:4:13: Errors must be a number or { min, max } (numbers), got {"min":"x"}');
    expect(checks('  - function: Worker\n    Errors: { least: 1 }\n')).toBe('sc.yaml:4:13: Errors must be a number or { min, max } (numbers), got {"least":1}');
    expect(checks('  - function: Worker\n    Errors: {}\n')).toBe('sc.yaml:4:13: Errors must be a number or { min, max } (numbers), got {}');
    expect(checks('  - inputs: { processed: { min: 5, max: 3 } }\n')).toBe('sc.yaml:3:26: processed: min 5 is more than max 3');
    expect(checks('  - queue: Jobs\n')).toBe('sc.yaml:3:5: this check checks nothing: name one or more of visible, inFlight, delayed, sent, deleted, movedToDeadLetter, expired');
    expect(checks('  - inputs: { source: Jobs }\n')).toBe('sc.yaml:3:13: this check checks nothing: name one or more of processed, queued, deadLetter, failureDestination, discarded, total');
    expect(checks('  - inputs: { processed: 1 }\n    queue: Jobs\n')).toBe(
      "sc.yaml:4:5: unknown key 'queue' in an inputs check; it has only inputs: { processed, queued, deadLetter, failureDestination, discarded, total, source }",
    );
    expect(checks('  - topic: Events\n    published: 1\n')).toBe('sc.yaml:3:5: unknown check with topic, published; a check names inputs, queue, function, http or simulatedSeconds');
    expect(checks('  - http: -1\n    status: 200\n')).toBe("sc.yaml:3:11: http is the index of a request (0, 1, ...) or 'all', got -1");
    expect(checks('  - http: 0\n    status: 700\n')).toBe('sc.yaml:4:13: status must be an HTTP status (100-599), got 700');
    expect(checks('  - http: 0\n    count: 1\n')).toBe('sc.yaml:4:5: count counts requests of http: all; a check of request 0 has its status');
    expect(checks('  - simulatedSeconds: 60\n    wall: 1\n')).toBe("sc.yaml:4:5: unknown key 'wall' in a simulatedSeconds check; it has only simulatedSeconds");
    expect(checks('  - queue: [a]\n    visible: 0\n')).toBe('sc.yaml:3:12: queue names a resource (construct id, construct path, logical id or physical name), got ["a"]');
    expect(checks('  - processed\n')).toBe(
      'sc.yaml:3:5: a check is a mapping: { inputs: {...} }, { queue: Name, visible: 0 }, { function: Name, Errors: 0 }, { http: ..., status: 200 } or { simulatedSeconds: ... }',
    );
  });

  it('refuses invalid YAML at its line', () => {
    expect(refused('steps:\n  - send: { queue: Jobs\n  - advance: 1m\n')).toBe('sc.yaml:3:3: not valid YAML: Flow map in block collection must be sufficiently indented and end with a }');
    expect(refused('steps:\n  - send:\n      queue: Jobs\n     count: 3\n')).toBe('sc.yaml:4:1: not valid YAML: All mapping items must start at the same column');
    expect(refused('steps:\n\t- advance: 1m\n')).toBe('sc.yaml:2:1: not valid YAML: Tabs are not allowed as indentation');
  });

  it('refuses duplicate keys, naming the key', () => {
    expect(refused('seed: 1\nsteps: []\nseed: 2\n')).toBe("sc.yaml:3:1: duplicate key 'seed' in a mapping: each key may appear once");
    expect(refused(oneStep('send: { queue: Jobs, queue: Other }'))).toBe("sc.yaml:2:26: duplicate key 'queue' in a mapping: each key may appear once");
    expect(refused('steps: []\nexpect:\n  - queue: Jobs\n    visible: 0\n    visible: 1\n')).toBe("sc.yaml:5:5: duplicate key 'visible' in a mapping: each key may appear once");
  });
});
