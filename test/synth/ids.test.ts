// Every generated name and id stays within its CloudFormation limit, unique and stable: logical ids
// at most 255 characters, EventBridge target ids at most 64.
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App, Duration, EventType, Queue, S3EventSource, ScheduleEventSource, SqsEventSource, Stack, Bucket, HttpApi, HttpLambdaIntegration, Topic, SnsEventSource } from '../../lib/all.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { HttpMethod } from '../../lib/modules/aws-apigatewayv2.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { newFunction, TODAY } from '../helpers/app.js';
import { samTranslateAll, samTranslatorAvailable, samTranslatorSkipReason } from '../helpers/sam-translate.js';

/** A construct nested `depth` levels deep, each level with a long id. */
function deep(stack: Stack, depth: number, name: string): Construct {
  let scope: Construct = stack;
  for (let i = 0; i < depth; i++) scope = new Construct(scope, `${name}Level${i}WithAQuiteLongConstructIdentifier`);
  return scope;
}

function deepApp(): Stack {
  const stack = new Stack(new App({ now: TODAY }), 'Ids');
  const scope = deep(stack, 6, 'Scheduled');
  const fn = newFunction(scope as Stack, 'HandlerFunctionWithALongName');
  fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
  fn.currentVersion;
  const other = newFunction(deep(stack, 6, 'Other') as Stack, 'HandlerFunctionWithALongName');
  other.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
  other.addEventSource(new SqsEventSource(new Queue(deep(stack, 5, 'Queue'), 'JobsQueueWithALongName')));
  other.addEventSource(new S3EventSource(new Bucket(deep(stack, 5, 'Bucket'), 'UploadsBucketWithALongName'), { events: [EventType.OBJECT_CREATED] }));
  other.addEventSource(new SnsEventSource(new Topic(deep(stack, 5, 'Topic'), 'TopicWithALongName')));
  new HttpApi(deep(stack, 6, 'Api'), 'ApiWithALongName').addRoutes({ path: '/items/{id}/with/a/long/path', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', other.addAlias('live', { description: 'not primary' })) });
  return stack;
}

function targetIds(template: ReturnType<typeof toCloudFormation>): string[] {
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Events::Rule')
    .flatMap((r) => ((r.Properties!.Targets as Array<{ Id: string }> | undefined) ?? []).map((t) => t.Id));
}

describe('generated ids', () => {
  it('keeps every logical id within 255 characters and every rule target id within 64, in both formats', () => {
    const stack = App.of(deepApp()).synth().stacks[0]!;
    for (const template of [toCloudFormation(stack), toSam(stack)]) {
      for (const id of Object.keys(template.Resources)) expect({ id, ok: /^[A-Za-z0-9]{1,255}$/.test(id) }).toEqual({ id, ok: true });
    }
    const ids = targetIds(toCloudFormation(stack));
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
    expect(new Set(ids).size).toBe(2);
  });

  it('gives the same ids on every synthesis', () => {
    const a = toCloudFormation(App.of(deepApp()).synth().stacks[0]!);
    const b = toCloudFormation(App.of(deepApp()).synth().stacks[0]!);
    expect(Object.keys(a.Resources)).toEqual(Object.keys(b.Resources));
    expect(targetIds(a)).toEqual(targetIds(b));
  });

  it('caps a nested function schedule target id (66 characters before) at 64, keeping the readable start', () => {
    const stack = new Stack(new App({ now: TODAY }), 'S');
    const fn = newFunction(new Construct(new Construct(stack, 'OrdersServiceBackgroundJobs'), 'NightlyCleanup') as Stack, 'HandlerFn');
    fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
    const [id] = targetIds(toCloudFormation(App.of(stack).synth().stacks[0]!));
    expect('OrdersServiceBackgroundJobsNightlyCleanupHandlerFnScheduleLambdaTarget'.length).toBeGreaterThan(64);
    expect(id).toMatch(/^OrdersServiceBackgroundJobsNightlyCleanupHan[A-F0-9]{8}LambdaTarget$/);
    expect(id!.length).toBe(64);
  });

  it('caps a version logical id (264 characters were seen) at 255, hash last', () => {
    const stack = new Stack(new App({ now: TODAY }), 'S');
    const fn = newFunction(deep(stack, 8, 'Versions') as Stack, 'Fn');
    const version = fn.currentVersion;
    const model = App.of(stack).synth().stacks[0]!;
    const node = model.nodes.find((n) => n.id === version.node.path)!;
    expect(node.logicalId.length).toBeLessThanOrEqual(255);
    expect(node.logicalId).toMatch(/^Versions.*[A-F0-9]{10}$/);
  });

  it.skipIf(!samTranslatorAvailable)(`keeps the ids SAM generates (versions, permissions) within 255 characters ${samTranslatorSkipReason}`, () => {
    // GIVEN functions whose logical ids leave little room, with an alias and push events SAM would name after them
    const depths = [5, 6, 7];
    const templates = depths.map((depth) => {
      const stack = new Stack(new App({ now: TODAY }), 'S');
      const fn = newFunction(deep(stack, depth, 'Sam') as Stack, 'HandlerFunctionWithALongName');
      const live = fn.addAlias('live');
      live.addEventSource(new SnsEventSource(new Topic(stack, 'T')));
      live.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
      return toSam(App.of(stack).synth().stacks[0]!);
    });
    // WHEN SAM transforms the templates
    const outs = samTranslateAll(templates);
    // THEN every resource they hold has a logical id CloudFormation accepts
    outs.forEach((out, i) => {
      const depth = depths[i];
      expect(Object.keys(out.Resources).length).toBeGreaterThan(0);
      for (const id of Object.keys(out.Resources)) expect({ depth, id, ok: id.length <= 255 }).toEqual({ depth, id, ok: true });
    });
  });
});
