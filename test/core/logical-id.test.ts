// Logical ids: the PascalCase of the construct path below the stack, stable when unrelated
// constructs are added, unique per stack (a collision names both constructs), overridable.
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App, CfnResource, LambdaformError, Queue, SqsEventSource, Stack, type Function } from '../../lib/all.js';
import { stackModel } from '../../lib/testing/index.js';
import { logicalIdFromPath, pascal } from '../../lib/core/logical-id.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import type { Template } from '../../lib/synth/template.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';


/** The one stack's CloudFormation template of the app that holds `stack`. */
function templateOf(stack: Stack): Template {
  const model = App.of(stack).synth();
  return toCloudFormation(model.stacks.find((s) => s.path === stack.node.path)!);
}

describe('derived logical ids', () => {
  it('are the PascalCase of the path below the stack', () => {
    // GIVEN a function (with its role), a queue and a mapping between them
    const stack = newStack();
    const worker = newFunction(stack, 'Worker');
    const jobs = new Queue(stack, 'Jobs');
    const source = new SqsEventSource(jobs);
    worker.addEventSource(source);

    // WHEN the ids are read / THEN each is the PascalCase path below the stack
    expect(worker.logicalId).toBe('Worker');
    expect(worker.role.node.path).toBe('Test/Worker/ServiceRole');
    expect(worker.role.logicalId).toBe('WorkerServiceRole');
    expect(jobs.logicalId).toBe('Jobs');
    expect(source.mapping!.logicalId).toBe('WorkerSqsEventSourceJobs');

    // AND the template uses exactly those ids
    expect(Object.keys(templateOf(stack).Resources).sort()).toEqual(['Jobs', 'Worker', 'WorkerServiceRole', 'WorkerSqsEventSourceJobs']);
  });

  it.each([
    ['jobs-queue', 'JobsQueue'],
    ['jobs_queue_v2', 'JobsQueueV2'],
    ['items-api_v2', 'ItemsApiV2'],
    ['my.queue', 'MyQueue'],
    ['already-Pascal', 'AlreadyPascal'],
    ['123abc', 'R123abc'],
  ])('construct id %s gives %s', (id, logicalId) => {
    // GIVEN a queue whose id has dashes, underscores, dots or a leading digit
    const stack = newStack();
    const q = new Queue(stack, id);
    // WHEN synthesized / THEN the id is letters and digits only, in PascalCase
    expect(q.logicalId).toBe(logicalId);
    expect(App.of(stack).synth().stacks[0]!.nodes[0]!.logicalId).toBe(logicalId);
  });

  it("drops 'Resource' and 'Default' path components", () => {
    // GIVEN queues below plain constructs, some named 'Resource' or 'Default'
    const stack = newStack();
    const group = new Construct(stack, 'group');
    const byDefault = new Queue(group, 'Default');
    const underResource = new Queue(new Construct(group, 'Resource'), 'inner');
    const nested = new Queue(new Construct(stack, 'Outer'), 'Resource');

    // WHEN the ids are derived / THEN the hidden components leave no trace
    expect(byDefault.logicalId).toBe('Group');
    expect(underResource.logicalId).toBe('GroupInner');
    expect(nested.logicalId).toBe('Outer');
    expect(Object.keys(templateOf(stack).Resources).sort()).toEqual(['Group', 'GroupInner', 'Outer']);
  });

  it('a path that gives no letters is refused with a hint', () => {
    // GIVEN a queue whose whole path below the stack is hidden
    const stack = newStack();
    const q = new Queue(stack, 'Resource');
    // WHEN its logical id is needed
    const err = thrown(() => q.logicalId);
    // THEN the error names the construct and suggests overrideLogicalId
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Resource');
    expect((err as LambdaformError).detail).toBe("cannot derive a logical id from this path (got ''); give the construct an id with letters, or call overrideLogicalId()");
  });

  it('pascal() and logicalIdFromPath() work on plain paths', () => {
    // GIVEN path components / WHEN converted / THEN PascalCase, hidden parts dropped
    expect(pascal('items-api_v2')).toBe('ItemsApiV2');
    expect(pascal('--x--y--')).toBe('XY');
    expect(logicalIdFromPath(['Worker', 'ServiceRole'], 'S/Worker/ServiceRole')).toBe('WorkerServiceRole');
    expect(logicalIdFromPath(['api', 'Default', 'Resource', 'route-1'], 'S/api/Default/Resource/route-1')).toBe('ApiRoute1');
  });

  it('are the same in two stacks of one app', () => {
    // GIVEN two stacks with a queue of the same id
    const app = new App({ now: TODAY });
    const a = new Queue(new Stack(app, 'A'), 'Jobs');
    const b = new Queue(new Stack(app, 'B'), 'Jobs');
    // WHEN synthesized / THEN both keep the id (ids are unique per stack only)
    const model = app.synth();
    expect(a.logicalId).toBe('Jobs');
    expect(b.logicalId).toBe('Jobs');
    expect(model.stacks.map((s) => s.nodes.map((n) => n.logicalId))).toEqual([['Jobs'], ['Jobs']]);
  });
});

describe('stability', () => {
  interface Common {
    readonly stack: Stack;
    readonly worker: Function;
    readonly jobs: Queue;
    readonly source: SqsEventSource;
  }

  /** A function reading a queue; `extra` adds unrelated constructs before and between them. */
  function build(extra: boolean): Common {
    const stack = newStack();
    if (extra) {
      new Queue(stack, 'Aardvark');
      const other = newFunction(stack, 'AnotherWorker', { environment: { MODE: 'other' } });
      other.addEventSource(new SqsEventSource(new Queue(stack, 'AnotherQueue')));
      new Queue(new Construct(stack, 'Group'), 'Nested');
    }
    const worker = newFunction(stack, 'Worker');
    if (extra) {
      newFunction(stack, 'Between');
      new Queue(stack, 'Middle', { fifo: true });
    }
    const jobs = new Queue(stack, 'Jobs');
    if (extra) new Queue(stack, 'Zebra');
    const source = new SqsEventSource(jobs, { batchSize: 5 });
    worker.addEventSource(source);
    if (extra) newFunction(stack, 'Last').addEventSource(new SqsEventSource(new Queue(stack, 'LastQueue')));
    return { stack, worker, jobs, source };
  }

  const ids = (c: Common): string[] => [c.worker.logicalId, c.worker.role.logicalId, c.jobs.logicalId, c.source.mapping!.logicalId];

  it('logical ids do not change when unrelated constructs are added', () => {
    // GIVEN the same constructs in an app without and an app with unrelated constructs
    const plain = build(false);
    const crowded = build(true);
    // WHEN their ids are derived / THEN they are identical
    expect(ids(plain)).toEqual(['Worker', 'WorkerServiceRole', 'Jobs', 'WorkerSqsEventSourceJobs']);
    expect(ids(crowded)).toEqual(ids(plain));
  });

  it('the rendered resources of the common constructs are identical', () => {
    // GIVEN the same two apps
    const plain = templateOf(build(false).stack);
    const crowded = templateOf(build(true).stack);
    // WHEN the templates are compared / THEN the crowded one has more resources
    expect(Object.keys(crowded.Resources).length).toBeGreaterThan(Object.keys(plain.Resources).length);
    // AND every resource of the plain app is rendered the same in the crowded one
    expect(Object.keys(plain.Resources).sort()).toEqual(['Jobs', 'Worker', 'WorkerServiceRole', 'WorkerSqsEventSourceJobs']);
    for (const id of Object.keys(plain.Resources)) {
      expect(crowded.Resources[id], id).toEqual(plain.Resources[id]);
    }
    // AND the mapping still references the same function and queue
    expect(plain.Resources.WorkerSqsEventSourceJobs!.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] },
      FunctionName: { Ref: 'Worker' },
      BatchSize: 5,
    });
  });
});

describe('collisions', () => {
  it('two constructs with the same logical id make synth throw naming both paths', () => {
    // GIVEN queues 'a-b' and 'aB', which both become 'AB'
    const stack = newStack();
    new Queue(stack, 'a-b');
    new Queue(stack, 'aB');
    // WHEN the app is synthesized
    const err = thrown(() => App.of(stack).synth());
    // THEN a LambdaformError names the id and both construct paths
    expect(err).toBeInstanceOf(LambdaformError);
    const message = (err as LambdaformError).message;
    expect(message).toContain("'AB'");
    expect(message).toContain('Test/a-b');
    expect(message).toContain('Test/aB');
    expect(message).toContain('overrideLogicalId()');
  });

  it('an overridden id can collide with a derived one, and is reported', () => {
    // GIVEN a queue overridden to 'B' next to a queue whose derived id is 'B'
    const stack = newStack();
    new Queue(stack, 'a').overrideLogicalId('B');
    new Queue(stack, 'B');
    // WHEN synthesized / THEN both paths are named
    const err = thrown(() => App.of(stack).synth());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/Test\/B: logical id 'B' is already used by Test\/a/);
  });
});

describe('overrideLogicalId', () => {
  it('replaces the derived id in the model and the template, references follow', () => {
    // GIVEN a queue that must keep an old id, read by a function
    const stack = newStack();
    const jobs = new Queue(stack, 'Jobs');
    jobs.overrideLogicalId('LegacyJobsQueue');
    newFunction(stack, 'Worker', { environment: { QUEUE_URL: jobs.queueUrl } });

    // WHEN synthesized
    const model = App.of(stack).synth();
    const t = toCloudFormation(model.stacks[0]!);

    // THEN the override is used everywhere
    expect(jobs.logicalId).toBe('LegacyJobsQueue');
    expect(model.stacks[0]!.nodes.find((n) => n.id === 'Test/Jobs')!.logicalId).toBe('LegacyJobsQueue');
    expect(t.Resources.LegacyJobsQueue!.Type).toBe('AWS::SQS::Queue');
    expect(t.Resources.Jobs).toBeUndefined();
    expect((t.Resources.Worker!.Properties as { Environment: unknown }).Environment).toEqual({ Variables: { QUEUE_URL: { Ref: 'LegacyJobsQueue' } } });
  });

  it('resolves a collision', () => {
    // GIVEN the colliding queues, one overridden
    const stack = newStack();
    new Queue(stack, 'a-b').overrideLogicalId('Other');
    new Queue(stack, 'aB');
    // WHEN synthesized / THEN both ids are used
    expect(App.of(stack).synth().stacks[0]!.nodes.map((n) => n.logicalId)).toEqual(['Other', 'AB']);
  });

  it('accepts 255 characters', () => {
    // GIVEN the longest id CloudFormation allows / WHEN set / THEN it is used
    const q = new Queue(newStack(), 'Q');
    const id = `A${'b'.repeat(254)}`;
    q.overrideLogicalId(id);
    expect(q.logicalId).toBe(id);
  });

  it.each(['1bad', 'has-dash', 'with space', 'under_score', '', `A${'b'.repeat(255)}`])('rejects %j', (id) => {
    // GIVEN an id that is not 1-255 letters and digits starting with a letter
    const q = new Queue(newStack(), 'Q');
    // WHEN it is set
    const err = thrown(() => q.overrideLogicalId(id));
    // THEN a LambdaformError names the construct and the id, and the derived id stays
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Q');
    expect((err as LambdaformError).detail).toBe(`logical id must be 1-255 letters and digits starting with a letter, got '${id}'`);
    expect(q.logicalId).toBe('Q');
  });
});

describe('stack names', () => {
  it('two stacks with the same stackName make synth throw', () => {
    // GIVEN two stacks that both deploy as 'Shared'
    const app = new App({ now: TODAY });
    new Stack(app, 'First', { stackName: 'Shared' });
    new Stack(app, 'Second', { stackName: 'Shared' });
    // WHEN synthesized
    const err = thrown(() => app.synth());
    // THEN the error names the second stack, the name and the first stack
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Second');
    expect((err as LambdaformError).detail).toBe("stack name 'Shared' is already used by First");
  });

  it('a stackName equal to another stack id also clashes', () => {
    // GIVEN stack 'Api' and a stack with stackName 'Api'
    const app = new App({ now: TODAY });
    new Stack(app, 'Api');
    new Stack(app, 'Other', { stackName: 'Api' });
    // WHEN synthesized / THEN it throws naming both
    const err = thrown(() => app.synth());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toBe("Other: stack name 'Api' is already used by Api");
  });
});

describe('CfnResource types', () => {
  it.each(['AWS::SSM::Parameter', 'Custom::DatabaseSeed', 'MyOrg::Network::Vpc::MODULE', 'Vendor::Service::Thing'])('accepts %s', (type) => {
    const stack = newStack();
    new CfnResource(stack, 'R', { type });
    expect(toCloudFormation(stackModel(stack)).Resources.R?.Type).toBe(type);
  });

  it.each(['Custom', 'AWS::SSM', 'aws ssm parameter', 'Custom::'])('refuses %j', (type) => {
    const stack = newStack();
    expect(() => new CfnResource(stack, 'R', { type })).toThrow(/^Test\/R: type must look like 'AWS::Service::Type', 'Org::Service::Type::MODULE' or 'Custom::Name'/);
  });
});
