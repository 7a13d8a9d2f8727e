// CDK-compatible logical ids (opt-in): `new App({ logicalIds: 'cdk' })` or the context value
// `lambdaform:logicalIds`. The ids are checked against aws-cdk-lib's own output in parity.test.ts;
// here: the algorithm at its edges, the switch, and that the default stays lambdaform's.
import { describe, expect, it } from 'vitest';
import { App, Code, Duration, Function, HttpApi, LambdaformError, Queue, Rule, Runtime, Stack } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { CONTEXT_ENV } from '../../lib/core/app.js';
import { cdkChildId, cdkLogicalId, cdkNodeUniqueId, cdkStylePath, LOGICAL_IDS_CONTEXT } from '../../lib/core/logical-id.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { thrown } from '../helpers/errors.js';

describe('cdkLogicalId (CDK makeUniqueId)', () => {
  it('is the human part and the first 8 hex digits of the MD5 of the path (values aws-cdk-lib 2.276.0 gives)', () => {
    expect(cdkLogicalId(['Jobs', 'Resource'], 'S/Jobs')).toBe('JobsDF1CC2D4');
    expect(cdkLogicalId(['Worker', 'ServiceRole', 'Resource'], 'S/Worker')).toBe('WorkerServiceRole8543584E');
    expect(cdkLogicalId(['ItemsApi', 'GET--items', 'Resource'], 'S/ItemsApi')).toBe('ItemsApiGETitems9DF0F922');
    expect(cdkLogicalId(['Hourly', 'AllowEventRuleScheduledCleanupDB6A0878'], 'S/Hourly')).toBe('HourlyAllowEventRuleScheduledCleanupDB6A0878B1B442AC');
  });

  it('drops Default components from the path and the hash, and Resource from the human part only', () => {
    expect(cdkLogicalId(['Jobs', 'Default', 'Resource'], 'S/Jobs')).toBe('JobsDF1CC2D4');
    expect(cdkLogicalId(['Resource', 'Jobs'], 'S/Jobs')).toMatch(/^Jobs[0-9A-F]{8}$/);
  });

  it('gives a single component its letters and digits, without a hash', () => {
    expect(cdkLogicalId(['My-Queue_1'], 'S/My-Queue_1')).toBe('MyQueue1');
    expect(cdkLogicalId(['Default', 'Jobs'], 'S/Jobs')).toBe('Jobs');
  });

  it('leaves out a component the one before it ends with', () => {
    // CDK's removeDupes: 'FooBar' then 'Bar' keeps 'FooBar' only in the human part.
    expect(cdkLogicalId(['FooBar', 'Bar', 'Resource'], 'S/FooBar')).toMatch(/^FooBar[0-9A-F]{8}$/);
  });

  it('cuts the human part at 240 characters, the hash kept (248 in all)', () => {
    expect(cdkLogicalId(['A'.repeat(239), 'Resource'], 'S/A')).toHaveLength(239 + 8);
    expect(cdkLogicalId(['A'.repeat(240), 'Resource'], 'S/A')).toHaveLength(248);
    expect(cdkLogicalId(['A'.repeat(241), 'Resource'], 'S/A')).toHaveLength(248);
    expect(cdkLogicalId(['A'.repeat(241), 'Resource'], 'S/A').slice(0, 240)).toBe('A'.repeat(240));
  });

  it('a single component over 255 characters gets the hash', () => {
    expect(cdkLogicalId(['A'.repeat(255)], 'S/A')).toBe('A'.repeat(255));
    expect(cdkLogicalId(['A'.repeat(256)], 'S/A')).toHaveLength(248);
  });

  it('refuses an empty path', () => {
    expect(() => cdkLogicalId(['Default'], 'S/Default')).toThrow('S/Default: cannot derive a CDK logical id from an empty path');
  });

  it("nodeUniqueId is the makeUniqueId of the whole path, the stack's id first", () => {
    expect(cdkNodeUniqueId('Scheduled/Cleanup')).toBe('ScheduledCleanupDB6A0878');
  });

  it('a node has CDK-style ids when its logical id is the one CDK gives its path', () => {
    expect(cdkStylePath('S', { id: 'S/Jobs', logicalId: cdkLogicalId(['Jobs', 'Resource'], '') })).toEqual(['Jobs']);
    expect(cdkStylePath('S', { id: 'S/Jobs', logicalId: 'Jobs' })).toBeUndefined();
    expect(cdkStylePath('S', { id: 'Other/Jobs', logicalId: 'JobsDF1CC2D4' })).toBeUndefined();
    expect(cdkChildId('S', { id: 'S/Orders', logicalId: cdkLogicalId(['Orders', 'Resource'], '') }, ['Policy', 'Resource'])).toBe('OrdersPolicy95F4027F');
    expect(cdkChildId('S', { id: 'S/Orders', logicalId: 'Orders' }, ['Policy', 'Resource'])).toBeUndefined();
  });
});

function sample(app: App): Stack {
  const stack = new Stack(app, 'S');
  const queue = new Queue(stack, 'Jobs');
  const fn = new Function(stack, 'Worker', { runtime: Runtime.NODEJS_20_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}'), timeout: Duration.seconds(10) });
  queue.grantSendMessages(fn);
  new Rule(stack, 'Hourly', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(fn)] });
  new HttpApi(stack, 'Api');
  return stack;
}

describe("App logicalIds: 'cdk'", () => {
  it("gives the constructs' resources CDK's ids, and the derived ones CDK's where lambdaform derives them", () => {
    const t = Template.fromStack(sample(new App({ logicalIds: 'cdk' }))).toJSON();
    expect(Object.keys(t.Resources).sort()).toEqual(
      [
        'ApiF70053CD',
        'ApiDefaultStage189A7074',
        'HourlyF36A3822',
        'HourlyAllowEventRuleSWorkerE69E7BB79DF5A1D5',
        'JobsDF1CC2D4',
        'Worker11F36D0F',
        'WorkerServiceRole8543584E',
      ].sort(),
    );
    expect((t.Resources.HourlyF36A3822!.Properties as { Targets: Array<{ Id: string }> }).Targets.map((x) => x.Id)).toEqual(['Target0']);
  });

  it('gives the SAM template the same ids (the rule stays a plain AWS::Events::Rule: its id does not start with the function\'s)', () => {
    const t = Template.fromStack(sample(new App({ logicalIds: 'cdk' })), 'sam').toJSON();
    expect(Object.fromEntries(Object.entries(t.Resources).map(([id, r]) => [id, r.Type]))).toEqual({
      JobsDF1CC2D4: 'AWS::SQS::Queue',
      Worker11F36D0F: 'AWS::Serverless::Function',
      WorkerServiceRole8543584E: 'AWS::IAM::Role',
      HourlyF36A3822: 'AWS::Events::Rule',
      HourlyAllowEventRuleSWorkerE69E7BB79DF5A1D5: 'AWS::Lambda::Permission',
      ApiF70053CD: 'AWS::ApiGatewayV2::Api',
      ApiDefaultStage189A7074: 'AWS::ApiGatewayV2::Stage',
    });
  });

  it('keeps lambdaform readable ids by default', () => {
    const t = Template.fromStack(sample(new App())).toJSON();
    expect(Object.keys(t.Resources).sort()).toEqual(['Api', 'ApiDefaultStage', 'Hourly', 'HourlyPermission', 'Jobs', 'Worker', 'WorkerServiceRole'].sort());
    expect(Object.keys(Template.fromStack(sample(new App({ logicalIds: 'lambdaform' }))).toJSON().Resources).sort()).toEqual(Object.keys(t.Resources).sort());
  });

  it('overrideLogicalId still wins', () => {
    const app = new App({ logicalIds: 'cdk' });
    const stack = new Stack(app, 'S');
    new Queue(stack, 'Jobs').overrideLogicalId('KeptJobs');
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).toEqual(['KeptJobs']);
  });

  it('is read from the context value lambdaform:logicalIds (cdk.json or lambdaform.json "context")', () => {
    const stack = sample(new App({ context: { [LOGICAL_IDS_CONTEXT]: 'cdk' } }));
    expect(Template.fromStack(stack).toJSON().Resources.JobsDF1CC2D4).toBeDefined();
    const saved = process.env[CONTEXT_ENV];
    process.env[CONTEXT_ENV] = JSON.stringify({ [LOGICAL_IDS_CONTEXT]: 'cdk' });
    try {
      expect(Template.fromStack(sample(new App())).toJSON().Resources.JobsDF1CC2D4).toBeDefined();
    } finally {
      if (saved === undefined) delete process.env[CONTEXT_ENV];
      else process.env[CONTEXT_ENV] = saved;
    }
  });

  it('refuses another style, in the props and in the context', () => {
    const e = thrown(() => new App({ logicalIds: 'aws' as 'cdk' }));
    expect(e).toBeInstanceOf(LambdaformError);
    expect((e as Error).message).toBe("App: logicalIds expects one of 'lambdaform', 'cdk', got the string 'aws'");
    expect(() => new App({ context: { [LOGICAL_IDS_CONTEXT]: 'CDK' } })).toThrow(`App: the context value 'lambdaform:logicalIds' must be 'lambdaform' (readable ids) or 'cdk' (aws-cdk-lib's ids), got "CDK"`);
  });
});
