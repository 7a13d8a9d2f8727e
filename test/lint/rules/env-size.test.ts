import { describe, expect, it } from 'vitest';
import { App, Queue, Stack } from '../../../lib/all.js';
import { envSize } from '../../../lib/lint/rules/env-size.js';
import { LIMITS } from '../../../lib/model/defaults.js';
import { environmentBytes } from '../../../lib/model/environment.js';
import type { ModelValue } from '../../../lib/model/types.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

const MAX = LIMITS.function.environmentBytes.max;
/** An environment of exactly `bytes` bytes in one variable BIG (3-byte key). */
const sized = (bytes: number) => ({ BIG: 'x'.repeat(bytes - 3) });
const fn = (stack: Stack) => void newFunction(stack, 'Fn', { environment: { AA: '1' } });
/** The model with the function's environment replaced. */
const env = (environment: Record<string, ModelValue>) => withProps('Test/Fn', { environment });

// The longest a queue URL can be (https://sqs.<region>.amazonaws.com.cn/<account>/<80-character name>).
const QUEUE_URL = environmentBytes({ QU: { $ref: 'Test/Q', attr: 'Url' } }, () => 'queue').bytes - 2;

ruleTester(envSize, {
  valid: [
    { name: 'a small environment', build: fn },
    { name: 'no environment', build: (s) => void newFunction(s, 'Fn') },
    { name: 'exactly 4,096 bytes', build: (s) => void newFunction(s, 'Fn', { environment: sized(MAX) }) },
    {
      name: 'exactly 4,096 bytes with a queue URL counted at its longest',
      build: (s) => void newFunction(s, 'Fn', { environment: { ...sized(MAX - 2 - QUEUE_URL), QU: new Queue(s, 'Q').queueUrl } }),
    },
    { name: 'multi-byte characters counted in bytes: 4,096', build: fn, edit: env({ BIG: `${'é'.repeat(2046)}x` }) },
  ],
  invalid: [
    {
      name: '4,097 bytes (an imported template; constructs refuse it)',
      build: fn,
      edit: env(sized(MAX + 1)),
      findings: [{ path: 'Test/Fn', severity: 'error', message: /^the environment of Test\/Fn is 4097 bytes \(keys \+ values\), over Lambda's limit of 4096 bytes: Lambda refuses the function$/ }],
    },
    {
      name: 'multi-byte characters counted in bytes: 4,097',
      build: fn,
      edit: env({ BIG: 'é'.repeat(2047) }),
      findings: [{ path: 'Test/Fn', severity: 'error', message: /is 4097 bytes/ }],
    },
    {
      name: 'a queue URL at its longest takes it one byte over',
      build: (s) => {
        new Queue(s, 'Q');
        fn(s);
      },
      edit: env({ ...sized(MAX + 1 - 2 - QUEUE_URL), QU: { $ref: 'Test/Q', attr: 'Url' } }),
      findings: [{ path: 'Test/Fn', severity: 'error', message: /is 4097 bytes \(keys \+ values, counting its 1 deploy-time value \(ARNs, URLs, names\) at the longest AWS allows\)/ }],
    },
    {
      name: 'an attribute of a raw resource, whose length is not known, could take it over: a warning',
      build: fn,
      edit: env({ ...sized(2100), RAW: { $ref: 'Test/Raw', attr: 'Whatever' } }),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^the environment of Test\/Fn is 2103 bytes plus 1 deploy-time value of raw resources whose length is not known before deploy \(up to 2048 bytes each\)/ }],
    },
  ],
});

describe('env-size', () => {
  it('the queue-URL case sits exactly at the limit', () => {
    const stack = new Stack(new App({ now: TODAY }), 'Test');
    newFunction(stack, 'Fn', { environment: { ...sized(MAX - 2 - QUEUE_URL), QU: new Queue(stack, 'Q').queueUrl } });
    const model = App.of(stack).synth().stacks[0]!;
    const f = model.nodes.find((n) => n.id === 'Test/Fn')!;
    expect(f.kind === 'function' && environmentBytes(f.props.environment, (id) => model.nodes.find((n) => n.id === id)?.kind)).toEqual({ bytes: MAX, tokens: 1, unknown: 0 });
  });

  it('names the largest variables in the hint', () => {
    const [f] = findingsOf(envSize, fn, undefined, env({ AA: 'x'.repeat(10), BB: 'x'.repeat(4000), CC: 'x'.repeat(100), DD: '' }));
    expect(f!.hint).toMatch(/the largest variables: BB \(4002 bytes\), CC \(102 bytes\), AA \(12 bytes\)$/);
  });

  it('stays quiet on a raw attribute that cannot take it over', () => {
    expect(findingsOf(envSize, fn, undefined, env({ ...sized(MAX - 2048 - 3), RAW: { $ref: 'Test/Raw', attr: 'X' } }))).toEqual([]);
  });
});
