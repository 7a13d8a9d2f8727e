import { describe, expect, it } from 'vitest';
import { CfnResource, LambdaformError, LogGroup, RetentionDays } from '../../../lib/all.js';
import { logRetention } from '../../../lib/lint/rules/log-retention.js';
import { newFunction, newStack } from '../../helpers/app.js';
import { App } from '../../../lib/all.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { thrown } from '../../helpers/errors.js';

ruleTester(logRetention, {
  valid: [
    { name: 'logRetention on the function', build: (s) => void newFunction(s, 'Fn', { logRetention: RetentionDays.ONE_MONTH }) },
    {
      name: 'a log group named after a fixed function name',
      build: (s) => {
        newFunction(s, 'Fn', { functionName: 'orders-api' });
        new CfnResource(s, 'Logs', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: '/aws/lambda/orders-api', RetentionInDays: 14 } });
      },
    },
    {
      name: 'a log group named with the function name reference',
      build: (s) => {
        const fn = newFunction(s, 'Fn');
        new CfnResource(s, 'Logs', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: `/aws/lambda/${fn.functionName}`, RetentionInDays: 14 } });
      },
    },
    {
      name: 'logGroup on the function: LoggingConfig.LogGroup names a group with a retention',
      build: (s) => void newFunction(s, 'Fn', { logGroup: new LogGroup(s, 'Logs', { retention: RetentionDays.ONE_WEEK }) }),
    },
  ],
  invalid: [
    {
      name: 'logGroup on the function: the group it names has no retention',
      build: (s) => void newFunction(s, 'Fn', { logGroup: new LogGroup(s, 'Logs', { retention: RetentionDays.INFINITE }) }),
      findings: [{ path: 'Test/Fn', message: /^the log group of Test\/Fn \(Test\/Logs\) has no retention period/ }],
    },
    { name: 'no log group', build: (s) => void newFunction(s, 'Fn'), findings: [{ path: 'Test/Fn', message: /^Test\/Fn has no log group with a retention period in the stack: Lambda creates \/aws\/lambda\/<function name> at the first invocation and keeps its logs, and bills for them, forever$/ }] },
    { name: 'RetentionDays.INFINITE: a log group without retention', build: (s) => void newFunction(s, 'Fn', { logRetention: RetentionDays.INFINITE }), findings: [{ path: 'Test/Fn', message: /^the log group of Test\/Fn \(Test\/Fn\/LogGroup\) has no retention period/ }] },
    {
      name: 'a log group of another function does not count',
      build: (s) => {
        newFunction(s, 'Fn', { functionName: 'orders-api' });
        new CfnResource(s, 'Logs', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: '/aws/lambda/orders-api-v2', RetentionInDays: 14 } });
      },
      findings: [{ path: 'Test/Fn', message: /has no log group with a retention period/ }],
    },
  ],
});

describe('Function logRetention', () => {
  it('creates the log group /aws/lambda/<name> with RetentionInDays (none for INFINITE)', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { logRetention: RetentionDays.ONE_WEEK });
    newFunction(stack, 'Forever', { logRetention: RetentionDays.INFINITE });
    const raw = App.of(stack).synth().stacks[0]!.nodes.filter((n) => n.kind === 'raw');
    expect(raw.map((n) => [n.id, n.logicalId, n.props])).toEqual([
      ['Test/Fn/LogGroup', 'FnLogGroup', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: { $join: ['/aws/lambda/', { $ref: 'Test/Fn', attr: 'Name' }] }, RetentionInDays: 7 } }],
      ['Test/Forever/LogGroup', 'ForeverLogGroup', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: { $join: ['/aws/lambda/', { $ref: 'Test/Forever', attr: 'Name' }] } } }],
    ]);
  });

  it('refuses a number of days CloudWatch Logs does not offer', () => {
    const err = thrown(() => newFunction(newStack(), 'Fn', { logRetention: 10 as RetentionDays }));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/^Test\/Fn: logRetention expects a RetentionDays \(RetentionDays\.ONE_DAY, .*RetentionDays\.INFINITE\), got the number 10$/);
  });

  it('offers exactly the retentions AWS::Logs::LogGroup accepts, plus INFINITE', () => {
    const days = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
    expect(days).toEqual([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, 9999]);
  });
});
