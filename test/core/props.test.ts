// Errors people meet on day one, in plain JavaScript apps without a type checker: every public
// prop is checked at run time, and each problem names the construct path, the property, the value
// given and the expected form; all independent problems of a construct are reported at once.
import { describe, expect, it } from 'vitest';
import {
  Bucket,
  Code,
  Duration,
  EventType,
  Function,
  LambdaformError,
  Queue,
  Runtime,
  S3EventSource,
  Size,
  SqsEventSource,
  Tracing,
  type FunctionProps,
} from '../../lib/all.js';
import { checkProps, describeValue, P } from '../../lib/core/props.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';

/** Props as a JavaScript user writes them: no type checker in the way. */
const loose = (props: Record<string, unknown>) => props as unknown as Partial<FunctionProps>;

describe('type guards on construct props', () => {
  it('accepts memorySize as a number of MiB, as CDK does, and renders the same as a Size', () => {
    // GIVEN two functions, one with a number and one with a Size
    const stack = newStack();
    const a = newFunction(stack, 'A', loose({ memorySize: 512 }));
    const b = newFunction(stack, 'B', { memorySize: Size.mebibytes(512) });
    // THEN both resolve to 512 MiB
    expect(a.memorySize.toMebibytes()).toBe(512);
    expect(b.memorySize.toMebibytes()).toBe(512);
  });

  it('refuses a number of MiB out of range with the same message as a Size', () => {
    expectLambdaformError(() => newFunction(newStack(), 'Fn', loose({ memorySize: 127 })), 'Test/Fn', /^memorySize must be between 128 and 10240 MiB, got 127$/);
  });

  it('names the expected Duration when timeout is a number', () => {
    expectLambdaformError(
      () => newFunction(newStack(), 'Fn', loose({ timeout: 30 })),
      'Test/Fn',
      /^timeout expects a Duration such as Duration\.seconds\(30\), got the number 30$/,
    );
  });

  it('names the expected Runtime when runtime is undefined (Runtime.NODEJS_15_X does not exist)', () => {
    const missing = (Runtime as unknown as Record<string, Runtime | undefined>).NODEJS_15_X;
    expectLambdaformError(
      () => new Function(newStack(), 'Fn', loose({ runtime: missing, handler: 'index.handler', code: Code.fromInline('x') }) as FunctionProps),
      'Test/Fn',
      /^runtime expects a Runtime such as Runtime\.NODEJS_22_X, got undefined \(a misspelt or removed member, such as Runtime\.NODEJS_15_X, is undefined\)$/,
    );
  });

  it('names the event type when an S3 event is an enum member that does not exist (EventType.OBJECT_CREATE)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const missing = (EventType as unknown as Record<string, EventType | undefined>).OBJECT_CREATE;
    const err = thrown(() => fn.addEventSource(new S3EventSource(new Bucket(stack, 'B'), { events: [missing as EventType] })));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Fn');
    expect((err as LambdaformError).detail).toMatch(/^events\[0\] expects an EventType \(EventType\.OBJECT_CREATED, .*\), got undefined$/);
  });

  it('refuses an unknown prop with a did-you-mean suggestion', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const queue = new Queue(stack, 'Q');
    const err = thrown(() => fn.addEventSource(new SqsEventSource(queue, { batchSzie: 5 } as never)));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toMatch(/^unknown property 'batchSzie'; did you mean 'batchSize'\?/);
    expect((err as LambdaformError).code).toBe('unknown-property');
  });

  it('refuses an unknown prop of a function, with no suggestion when nothing is close', () => {
    const err = thrown(() => newFunction(newStack(), 'Fn', loose({ zzzzzzzzzzzz: 1 }))) as LambdaformError;
    expect(err.detail).toMatch(/^unknown property 'zzzzzzzzzzzz' \(known: /);
    expect(err.detail).not.toMatch(/did you mean/);
  });

  it('names the enum when a Tracing value is a string that is not one of its members', () => {
    expectLambdaformError(() => newFunction(newStack(), 'Fn', loose({ tracing: 'active' })), 'Test/Fn', /^tracing expects a Tracing \(Tracing\.ACTIVE, Tracing\.PASS_THROUGH, Tracing\.DISABLED\), got the string 'active'$/);
    // ... and accepts the member
    expect(newFunction(newStack(), 'Fn', { tracing: Tracing.ACTIVE }).tracing).toBe(Tracing.ACTIVE);
  });

  it('names a nested property by its path', () => {
    const stack = newStack();
    const dlq = new Queue(stack, 'Dlq');
    expectLambdaformError(
      () => new Queue(stack, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: '5' as unknown as number } }),
      'Test/Q',
      /^deadLetterQueue\.maxReceiveCount expects a whole number, got the string '5'$/,
    );
  });

  it('refuses props that are not an object', () => {
    expectLambdaformError(() => new Queue(newStack(), 'Q', 'fifo' as never), 'Test/Q', /^props must be a QueueProps object, got the string 'fifo'$/);
  });
});

describe('all independent problems of a construct at once', () => {
  it('reports three range problems of one function in one error, each with its code', () => {
    // GIVEN a function with three values out of range
    const err = thrown(() => newFunction(newStack(), 'Fn', { memorySize: Size.mebibytes(64), timeout: Duration.seconds(901), ephemeralStorageSize: Size.mebibytes(100) }));
    // THEN one error lists all three
    expect(err).toBeInstanceOf(LambdaformError);
    const e = err as LambdaformError;
    expect(e.path).toBe('Test/Fn');
    expect(e.problems.map((p) => [p.property, p.code])).toEqual([
      ['memorySize', 'out-of-range'],
      ['timeout', 'out-of-range'],
      ['ephemeralStorageSize', 'out-of-range'],
    ]);
    expect(e.detail).toBe(
      [
        '3 problems:',
        '  - memorySize must be between 128 and 10240 MiB, got 64',
        '  - timeout must be between 1 and 900 seconds, got 901',
        '  - ephemeralStorageSize must be between 512 and 10240 MiB, got 100',
      ].join('\n'),
    );
  });

  it('reports type problems first, then the ranges of the settings whose type is right: a range check never sees a value of the wrong type', () => {
    const e = thrown(() => newFunction(newStack(), 'Fn', loose({ timeout: 30, memorySize: Size.mebibytes(64) }))) as LambdaformError;
    expect(e.problems.map((p) => [p.code, p.property])).toEqual([
      ['wrong-type', 'timeout'],
      ['out-of-range', 'memorySize'],
    ]);
    const typeOnly = thrown(() => newFunction(newStack(), 'Fn', loose({ timeout: 30, memorySize: 'big' }))) as LambdaformError;
    expect(typeOnly.problems.map((p) => [p.code, p.property])).toEqual([
      ['wrong-type', 'memorySize'],
      ['wrong-type', 'timeout'],
    ]);
  });

  it('gives each problem the value and what is allowed', () => {
    const e = thrown(() => newFunction(newStack(), 'Fn', { timeout: Duration.seconds(901) })) as LambdaformError;
    expect(e.problems).toEqual([
      { code: 'out-of-range', path: 'Test/Fn', property: 'timeout', value: '901', allowed: '1-900 seconds', message: 'timeout must be between 1 and 900 seconds, got 901' },
    ]);
  });
});

describe('Duration and Size errors point at the user line', () => {
  it('Duration.seconds(-5) names this file and line', () => {
    const line = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
    const err = thrown(() => Duration.seconds(-5)) as LambdaformError;
    expect(err.path).toBe(`test/core/props.test.ts:${line}`);
    expect(err.message).toBe(`test/core/props.test.ts:${line}: a Duration must be a finite, non-negative number of seconds, got -5`);
  });
});

describe('checkProps', () => {
  it('skips undefined values and checks required ones', () => {
    const fields = { a: P.string({ required: true }), b: P.number() };
    expect(checkProps('X', 'XProps', fields, { a: 'ok', b: undefined })).toEqual([]);
    expect(checkProps('X', 'XProps', fields, {}).map((p) => p.message)).toEqual(['a is required: a string']);
  });

  it('names each entry of a list, a record and JSON data by its path, and skips holes and undefined record values', () => {
    const fields = {
      actions: P.array(P.string(), { limit: { min: 1, max: 2, unit: '', integer: true, source: 'test' }, noun: 'actions' }),
      environment: P.record(P.string()),
      input: P.json(),
    };
    const holes = ['a', , 'b'];
    const problems = checkProps('X', 'XProps', fields, {
      actions: ['ok', 5, undefined],
      environment: { GOOD: 'x', BAD: 7, GONE: undefined },
      input: { list: [1, { deep: Number.NaN }], fine: true },
    });
    expect(problems.map((p) => [p.path, p.property, p.message])).toEqual([
      ['X', 'actions[1]', 'actions[1] expects a string, got the number 5'],
      ['X', 'actions[2]', 'actions[2] expects a string, got undefined'],
      ['X', 'environment.BAD', 'environment.BAD expects a string, got the number 7'],
      ['X', 'input.list[1].deep', 'input.list[1].deep must be JSON data; NaN is not a JSON number'],
    ]);
    // the value round counts a list with a hole by its length, and checks no hole
    expect(checkProps('X', 'XProps', fields, { actions: holes }).map((p) => p.message)).toEqual([expect.stringMatching(/^actions /)]);
    expect(checkProps('X', 'XProps', fields, { actions: ['a', 'b'], environment: {}, input: [] })).toEqual([]);
  });

  it('describes values of every type', () => {
    expect([undefined, null, 3, 'x', true, [1, 2], new Date(Number.NaN), Size.mebibytes(1), { a: 1 }, () => 1].map(describeValue)).toEqual([
      'undefined',
      'null',
      'the number 3',
      "the string 'x'",
      'the boolean true',
      'an array of 2',
      'the Date Invalid Date',
      'a Size',
      'an object with keys a',
      'a function',
    ]);
  });
});

describe('the escape hatches and the app check their props too', () => {
  it('refuses a misspelt CfnResource prop (the properties would be silently lost)', async () => {
    const { CfnResource } = await import('../../lib/all.js');
    expectLambdaformError(() => new CfnResource(newStack(), 'P', { type: 'AWS::SSM::Parameter', propertes: { Type: 'String' } } as never), 'Test/P', /^unknown property 'propertes'; did you mean 'properties'\?/);
  });

  it('refuses a misspelt CfnOutput prop and a value that is not a string, number or boolean', async () => {
    const { CfnOutput } = await import('../../lib/all.js');
    expectLambdaformError(() => new CfnOutput(newStack(), 'O', { value: 'x', exportname: 'y' } as never), 'Test/O', /^unknown property 'exportname'; did you mean 'exportName'\?/);
    expectLambdaformError(() => new CfnOutput(newStack(), 'O', { value: { a: 1 } } as never), 'Test/O', /^value must be a string \(tokens allowed\), a number or a boolean, got an object with keys a$/);
  });

  it('refuses a misspelt App prop', async () => {
    const { App } = await import('../../lib/all.js');
    expectLambdaformError(() => new App({ outDir: 'x' } as never), 'App', /^unknown property 'outDir'; did you mean 'outdir'\?/);
  });
});

describe('checkProps reports problems in a fixed order', () => {
  const FIELDS = { name: P.string({ required: true }), size: P.number({ limit: { min: 1, max: 10, unit: '', integer: false, source: 'test' } }), kind: P.oneOf(['a', 'b']), count: P.number({ required: true, limit: { min: 0, max: 5, unit: '', integer: true, source: 'test' } }) };

  it('unknown properties first, in the order given; then the fields in the interface order, whatever the props order', () => {
    const problems = checkProps('S/X', 'XProps', FIELDS, { kind: 'c', zzz: 1, size: 'big', yyy: 2 });
    expect(problems.map((p) => `${p.code} ${p.property}`)).toEqual([
      'unknown-property zzz',
      'unknown-property yyy',
      'missing-property name',
      'wrong-type size',
      'wrong-type kind',
      'missing-property count',
    ]);
  });

  it('value problems (only without type problems) in the interface order too, and a required field given as undefined is a wrong type', () => {
    expect(checkProps('S/X', 'XProps', FIELDS, { count: 1.5, kind: 'a', size: 11, name: 'n' }).map((p) => `${p.code} ${p.property}`)).toEqual(['out-of-range size', 'not-an-integer count']);
    expect(checkProps('S/X', 'XProps', FIELDS, { count: undefined, name: 'n' }).map((p) => `${p.code} ${p.property}`)).toEqual(['wrong-type count']);
    expect(checkProps('S/X', 'XProps', FIELDS, { count: 2, name: 'n', size: 10 })).toEqual([]);
  });
});
