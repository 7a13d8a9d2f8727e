// The AppModel: every node knows its construct path and the user's line that created it,
// references are symbolic ($ref, $join, $pseudo), the model survives JSON, and validation
// errors are collected and thrown once.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  App,
  Aws,
  CfnOutput,
  CfnResource,
  Code,
  Function,
  LambdaformError,
  LambdaformValidationError,
  MODEL_FILE,
  Queue,
  Runtime,
  SqsEventSource,
  Stack,
  type AppModel,
  type FunctionNode,
  type ModelNode,
  type StackModel,
} from '../../lib/all.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const HELPERS_FILE = path.join(path.dirname(THIS_FILE), '..', 'helpers', 'app.ts');

/**
 * The 1-based line and column of the only line of `file` containing `needle`: lets a test name the
 * exact line where it creates a construct (`// @queue`) without hard-coding line numbers.
 */
function locate(file: string, needle: string, code: string): { line: number; column: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i] : []));
  if (hits.length !== 1) throw new Error(`expected exactly one line with '${needle}' in ${file}, found ${hits.length}`);
  const text = lines[hits[0]!]!;
  if (!text.includes(code)) throw new Error(`line ${hits[0]! + 1} does not contain '${code}'`);
  return { line: hits[0]! + 1, column: text.indexOf(code) + 1 };
}

/** Where `// @<marker>` sits in this test file. */
const here = (marker: string, code: string) => locate(THIS_FILE, `// @${marker}`, code);


function onlyStack(model: AppModel): StackModel {
  expect(model.stacks).toHaveLength(1);
  return model.stacks[0]!;
}

function node(stack: StackModel, id: string): ModelNode {
  const n = stack.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; nodes: ${stack.nodes.map((x) => x.id).join(', ')}`);
  return n;
}

describe('origin', () => {
  it('every node carries its construct path and the file and line that created it', () => {
    // GIVEN constructs created on known lines of this file
    const stack = newStack();
    const jobs = new Queue(stack, 'Jobs'); // @jobs
    const worker = new Function(stack, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') }); // @worker
    worker.addEventSource(new SqsEventSource(jobs)); // @mapping
    new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x' } }); // @param
    new CfnOutput(stack, 'JobsUrl', { value: jobs.queueUrl }); // @output

    // WHEN the model is built
    const model = onlyStack(App.of(stack).synth());

    // THEN each node's origin is its path plus this file and the line (and column) of its `new`
    const file = 'test/core/model-builder.test.ts';
    expect(node(model, 'Test/Jobs').origin).toEqual({ path: 'Test/Jobs', source: { file, ...here('jobs', 'new Queue') } });
    expect(node(model, 'Test/Worker').origin).toEqual({ path: 'Test/Worker', source: { file, ...here('worker', 'new Function') } });
    // The role is created inside lambdaform: the user's line is still the function's.
    expect(node(model, 'Test/Worker/ServiceRole').origin).toEqual({ path: 'Test/Worker/ServiceRole', source: { file, ...here('worker', 'new Function') } });
    expect(node(model, 'Test/Param').origin).toEqual({ path: 'Test/Param', source: { file, ...here('param', 'new CfnResource') } });
    expect(model.nodes.map((n) => n.id).sort()).toEqual(['Test/Jobs', 'Test/Param', 'Test/Worker', 'Test/Worker/ServiceRole']);
    for (const n of model.nodes) {
      expect(n.origin.path).toBe(n.id);
      expect(n.origin.source?.file).toBe(file);
    }

    // AND the mapping edge and the output point at their lines too
    const mapping = model.edges.find((e) => e.kind === 'eventSourceMapping')!;
    expect(mapping.origin.path).toBe('Test/Worker/SqsEventSourceJobs');
    expect(mapping.origin.source).toMatchObject({ file, line: here('mapping', 'addEventSource').line });
    expect(model.outputs[0]!.origin).toEqual({ path: 'Test/JobsUrl', source: { file, ...here('output', 'new CfnOutput') } });
  });

  it('a construct made by a helper points at the helper line', () => {
    // GIVEN a function made by newFunction() (test/helpers/app.ts), outside lambdaform's lib/
    const stack = newStack();
    newFunction(stack, 'Fn');
    // WHEN the model is built
    const fn = node(onlyStack(App.of(stack).synth()), 'Test/Fn');
    // THEN its source is the helper's `new Function` line, the first frame outside lib/
    expect(fn.origin.source).toEqual({ file: 'test/helpers/app.ts', ...locate(HELPERS_FILE, 'return new Function(', 'new Function') });
  });

  it('is the same on the construct itself', () => {
    // GIVEN a queue / WHEN its source is read / THEN it is the line that created it
    const q = new Queue(newStack(), 'Q'); // @own
    expect(q.source).toEqual({ file: 'test/core/model-builder.test.ts', ...here('own', 'new Queue') });
  });
});

describe('references are symbolic', () => {
  it('a token in an environment variable is a $ref, a concatenation a $join, a pseudo parameter a $pseudo', () => {
    // GIVEN a function whose environment uses a queue's attributes and the region
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    newFunction(stack, 'Fn', {
      environment: {
        QUEUE_URL: q.queueUrl,
        QUEUE_LINK: `https://example.com/queues/${q.queueName}?arn=${q.queueArn}`,
        REGION_NAME: Aws.REGION,
        WHERE: `${Aws.ACCOUNT_ID}:${Aws.REGION}`,
        PLAIN: 'literal ${not-a-token}',
      },
    });

    // WHEN the model is built
    const fn = node(onlyStack(App.of(stack).synth()), 'Test/Fn') as FunctionNode;

    // THEN each value is the symbolic form, literals unchanged
    expect(fn.props.environment).toEqual({
      QUEUE_URL: { $ref: 'Test/Q', attr: 'Url' },
      QUEUE_LINK: { $join: ['https://example.com/queues/', { $ref: 'Test/Q', attr: 'Name' }, '?arn=', { $ref: 'Test/Q', attr: 'Arn' }] },
      REGION_NAME: { $pseudo: 'AWS::Region' },
      WHERE: { $join: [{ $pseudo: 'AWS::AccountId' }, ':', { $pseudo: 'AWS::Region' }] },
      PLAIN: 'literal ${not-a-token}',
    });
    // AND the function's role is referenced, not inlined
    expect(fn.props.role).toEqual({ $ref: 'Test/Fn/ServiceRole', attr: 'Arn' });
  });

  it('tokens inside raw properties and outputs are resolved the same way', () => {
    // GIVEN a raw resource and an output using a queue's attributes
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: q.queueArn, Tags: { region: Aws.REGION }, Skip: undefined, List: [q.queueUrl, 1, true, null] } });
    new CfnOutput(stack, 'Url', { value: `${q.queueUrl}#main`, description: 'the url' });

    // WHEN the model is built
    const model = onlyStack(App.of(stack).synth());

    // THEN references are symbolic, `undefined` is dropped, other values kept
    expect(node(model, 'Test/Param').props).toEqual({
      type: 'AWS::SSM::Parameter',
      properties: { Type: 'String', Value: { $ref: 'Test/Q', attr: 'Arn' }, Tags: { region: { $pseudo: 'AWS::Region' } }, List: [{ $ref: 'Test/Q', attr: 'Url' }, 1, true, null] },
    });
    expect(Object.keys((node(model, 'Test/Param').props as { properties: object }).properties)).not.toContain('Skip');
    expect(model.outputs).toEqual([
      expect.objectContaining({ logicalId: 'Url', value: { $join: [{ $ref: 'Test/Q', attr: 'Url' }, '#main'] }, description: 'the url' }),
    ]);
  });

  it('a value that is not plain data is refused, naming the construct', () => {
    // GIVEN a raw resource with a Date in its properties
    const stack = newStack();
    new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { When: new Date(0) } });
    // WHEN the model is built / THEN the error names the construct and the type
    const err = thrown(() => App.of(stack).synth());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Param');
    expect((err as LambdaformError).detail).toBe('cannot use a value of type Date here; use strings, numbers, booleans, arrays and plain objects');
  });
});

describe('serialization', () => {
  it('JSON.parse(JSON.stringify(model)) is the same model', () => {
    // GIVEN an app with nodes, edges, references, tags, overrides and outputs
    const stack = newStack();
    const q = new Queue(stack, 'Q', { deadLetterQueue: { queue: new Queue(stack, 'Dlq'), maxReceiveCount: 5 } });
    const fn = newFunction(stack, 'Fn', { environment: { URL: `${q.queueUrl}/x`, REGION_NAME: Aws.REGION }, tags: { team: 'jobs' } });
    fn.addEventSource(new SqsEventSource(q, { batchSize: 5 }));
    fn.addPropertyOverride('SnapStart.ApplyOn', 'PublishedVersions');
    fn.addDependency(q);
    new CfnOutput(stack, 'Url', { value: q.queueUrl });
    const model = App.of(stack).synth();

    // WHEN it goes through JSON
    const copy = JSON.parse(JSON.stringify(model)) as AppModel;

    // THEN it is deep-equal, and serializes to the same text again
    expect(copy).toEqual(model);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
    expect(node(onlyStack(copy), 'Test/Fn')).toMatchObject({
      tags: { team: 'jobs' },
      overrides: [{ path: 'SnapStart.ApplyOn', value: 'PublishedVersions' }],
      dependsOn: ['Test/Q'],
    });
  });

  it('synth() with an out directory writes the same model as model.json', () => {
    // GIVEN an app with an out directory under the temp dir
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-model-'));
    try {
      const app = new App({ now: TODAY, outdir, autoSynth: false });
      new Queue(new Stack(app, 'S'), 'Q');
      // WHEN synthesized
      const model = app.synth();
      // THEN model.json holds the model, and synth() returns the same object again
      expect(MODEL_FILE).toBe('model.json');
      expect(JSON.parse(fs.readFileSync(path.join(outdir, MODEL_FILE), 'utf8'))).toEqual(model);
      expect(app.synth()).toBe(model);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('errors', () => {
  it('referencing a resource in another stack throws, mentioning cross-stack references', () => {
    // GIVEN a function in one stack reading a queue of another stack
    const app = new App({ now: TODAY });
    const producer = new Stack(app, 'Producer');
    const consumer = new Stack(app, 'Consumer');
    const q = new Queue(producer, 'Q');
    newFunction(consumer, 'Fn', { environment: { QUEUE_URL: q.queueUrl } });

    // WHEN the app is synthesized
    const err = thrown(() => app.synth());

    // THEN the error names the referencing construct, the target and its stack
    expect(err).toBeInstanceOf(LambdaformError);
    const e = err as LambdaformError;
    expect(e.path).toBe('Consumer/Fn');
    expect(e.message).toContain('cross-stack');
    expect(e.message).toContain('Producer/Q');
    expect(e.detail).toBe('references Producer/Q in another stack (Producer); cross-stack references are not supported yet: put both in one stack');
  });

  it('validation errors are collected from the whole tree and thrown once', () => {
    // GIVEN three constructs with validations, one of them with two problems
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    const fn = newFunction(stack, 'Fn');
    const group = new Construct(stack, 'Group');
    const calls: string[] = [];
    q.node.addValidation({ validate: () => (calls.push('Q'), ['queue problem']) });
    fn.node.addValidation({ validate: () => (calls.push('Fn'), ['function problem one', 'function problem two']) });
    group.node.addValidation({ validate: () => (calls.push('Group'), ['group problem']) });
    fn.role.node.addValidation({ validate: () => (calls.push('Role'), []) });

    // WHEN the app is synthesized
    const err = thrown(() => App.of(stack).synth());

    // THEN one LambdaformValidationError lists every problem with its path
    expect(err).toBeInstanceOf(LambdaformValidationError);
    expect(err).toBeInstanceOf(LambdaformError);
    const v = err as LambdaformValidationError;
    expect(v.errors.map((e) => [e.path, e.detail])).toEqual([
      ['Test/Q', 'queue problem'],
      ['Test/Fn', 'function problem one'],
      ['Test/Fn', 'function problem two'],
      ['Test/Group', 'group problem'],
    ]);
    expect(v.message).toBe(
      [
        'validation failed with 4 error(s):',
        '  - Test/Q: queue problem',
        '  - Test/Fn: function problem one',
        '  - Test/Fn: function problem two',
        '  - Test/Group: group problem',
      ].join('\n'),
    );
    // AND every validation ran exactly once
    expect([...calls].sort()).toEqual(['Fn', 'Group', 'Q', 'Role']);
  });

  it('a single validation error is thrown as it is', () => {
    // GIVEN one construct with one problem
    const stack = newStack();
    new Queue(stack, 'Q').node.addValidation({ validate: () => ['only problem'] });
    // WHEN synthesized / THEN that error is thrown, with its path
    const err = thrown(() => App.of(stack).synth());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toBe('Test/Q: only problem');
  });

  it('an app without stacks throws', () => {
    // GIVEN an app with no stack
    const app = new App({ now: TODAY });
    // WHEN synthesized / THEN the error says to create a stack
    const err = thrown(() => app.synth());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBeUndefined();
    expect((err as LambdaformError).message).toBe('the app has no stacks: create at least one `new Stack(app, "Name")`');
  });

  it('a resource outside any stack is refused at construction', () => {
    // GIVEN an app / WHEN a queue is created directly under it / THEN the error names the construct
    const app = new App({ now: TODAY });
    const err = thrown(() => new Queue(app, 'Loose'));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Loose');
    expect((err as LambdaformError).detail).toMatch(/^this construct is not inside a Stack/);
  });
});
