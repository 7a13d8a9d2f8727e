// aws-cdk-lib's LogGroup (aws-logs) and a function's logGroup: an AWS::Logs::LogGroup kept two
// years and retained by default, and LoggingConfig.LogGroup on the function, in both formats.
import { describe, expect, it } from 'vitest';
import { RemovalPolicy, type LambdaformError } from '../../lib/all.js';
import { LogGroup, RetentionDays } from '../../lib/modules/aws-logs.js';
import { ApplicationLogLevel, LoggingFormat, SystemLogLevel } from '../../lib/modules/aws-lambda.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

const FORMATS = ['cfn', 'sam'] as const;

describe('LogGroup', () => {
  it('defaults as aws-cdk-lib: two years of retention, retained when it leaves the stack, a generated name', () => {
    const stack = newStack();
    const logs = new LogGroup(stack, 'Logs');
    expect(logs.retention).toBe(RetentionDays.TWO_YEARS);
    for (const format of FORMATS) {
      expect(Template.fromStack(stack, format).template.Resources.Logs).toEqual({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 731 },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Metadata: { 'lambdaform:path': 'Test/Logs' },
      });
    }
  });

  it('takes a name, a retention and a removal policy; INFINITE writes no RetentionInDays', () => {
    const stack = newStack();
    new LogGroup(stack, 'Orders', { logGroupName: '/orders/worker', retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    new LogGroup(stack, 'Forever', { retention: RetentionDays.INFINITE });
    for (const format of FORMATS) {
      const r = Template.fromStack(stack, format).template.Resources;
      expect(r.Orders).toMatchObject({ Properties: { LogGroupName: '/orders/worker', RetentionInDays: 7 }, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      expect(r.Forever!.Properties).toBeUndefined();
    }
  });

  it('logGroupName: 512 characters is accepted, 513 refused, and so is a character CloudWatch Logs refuses', () => {
    const stack = newStack();
    new LogGroup(stack, 'Max', { logGroupName: 'a'.repeat(512) });
    expect((thrown(() => new LogGroup(stack, 'Long', { logGroupName: 'a'.repeat(513) })) as LambdaformError).message).toBe(`Test/Long: logGroupName must be 1-512 letters, digits and ._-/#, got '${'a'.repeat(80)}...' (513 characters)`);
    expect((thrown(() => new LogGroup(stack, 'Space', { logGroupName: 'my logs' })) as LambdaformError).message).toBe("Test/Space: logGroupName must be 1-512 letters, digits and ._-/#, got 'my logs'");
  });

  it('refuses aws-cdk-lib props it does not model, with the override to write instead', () => {
    const stack = newStack();
    expect((thrown(() => new LogGroup(stack, 'Kms', { encryptionKey: {} } as never)) as LambdaformError).message).toBe(
      "Test/Kms: encryptionKey (aws-cdk-lib's LogGroupProps.encryptionKey) is not supported by lambdaform: write it with logGroup.addPropertyOverride('KmsKeyId', keyArn)",
    );
  });
});

describe("Function's logGroup", () => {
  it('writes LoggingConfig.LogGroup (the group’s Ref), in both formats', () => {
    const stack = newStack();
    const logs = new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_MONTH });
    newFunction(stack, 'Fn', { logGroup: logs });
    for (const format of FORMATS) {
      const r = Template.fromStack(stack, format).template.Resources;
      expect(r.Fn!.Properties!.LoggingConfig).toEqual({ LogGroup: { Ref: 'Logs' } });
      // No group of the function's own.
      expect(Object.keys(r).filter((id) => r[id]!.Type === 'AWS::Logs::LogGroup')).toEqual(['Logs']);
    }
  });

  it('with logRetention is refused, as in aws-cdk-lib', () => {
    const stack = newStack();
    const logs = new LogGroup(stack, 'Logs');
    expect((thrown(() => newFunction(stack, 'Fn', { logGroup: logs, logRetention: RetentionDays.ONE_WEEK })) as LambdaformError).message).toBe(
      "Test/Fn: logRetention and logGroup cannot be given together (as in aws-cdk-lib): give the LogGroup its retention, new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_WEEK }), and leave logRetention out",
    );
  });

  it('logRetention alone still writes the function’s own group, deleted with the stack', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { logRetention: RetentionDays.ONE_WEEK });
    for (const format of FORMATS) {
      const r = Template.fromStack(stack, format).template.Resources;
      expect(r.FnLogGroup).toEqual({
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${Fn}' }, RetentionInDays: 7 },
        Metadata: { 'lambdaform:path': 'Test/Fn/LogGroup' },
      });
      expect(r.Fn!.Properties!.LoggingConfig).toBeUndefined();
    }
  });

  it('refuses something that is not a log group', () => {
    const stack = newStack();
    expect((thrown(() => newFunction(stack, 'Fn', { logGroup: '/aws/lambda/x' as never })) as LambdaformError).message).toBe(
      "Test/Fn: logGroup expects an ILogGroup such as new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_WEEK }), got the string '/aws/lambda/x'",
    );
  });
});

describe("Function's loggingFormat and log levels", () => {
  it('writes LoggingConfig LogFormat, ApplicationLogLevel and SystemLogLevel, beside LogGroup, in both formats', () => {
    const stack = newStack();
    const logs = new LogGroup(stack, 'Logs');
    newFunction(stack, 'Fn', { logGroup: logs, loggingFormat: LoggingFormat.JSON, applicationLogLevelV2: ApplicationLogLevel.WARN, systemLogLevelV2: SystemLogLevel.DEBUG });
    newFunction(stack, 'Text', { loggingFormat: LoggingFormat.TEXT });
    newFunction(stack, 'Old', { logFormat: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' });
    for (const format of FORMATS) {
      const r = Template.fromStack(stack, format).template.Resources;
      expect(r.Fn!.Properties!.LoggingConfig).toEqual({ ApplicationLogLevel: 'WARN', LogFormat: 'JSON', LogGroup: { Ref: 'Logs' }, SystemLogLevel: 'DEBUG' });
      expect(r.Text!.Properties!.LoggingConfig).toEqual({ LogFormat: 'Text' });
      expect(r.Old!.Properties!.LoggingConfig).toEqual({ ApplicationLogLevel: 'DEBUG', LogFormat: 'JSON', SystemLogLevel: 'WARN' });
    }
  });

  it('refuses log levels without JSON logs, a deprecated prop beside its V2, and values Lambda does not know', () => {
    const stack = newStack();
    expect((thrown(() => newFunction(stack, 'A', { applicationLogLevelV2: ApplicationLogLevel.DEBUG })) as LambdaformError).message).toBe(
      'Test/A: applicationLogLevelV2 needs JSON logs: Lambda filters the levels of JSON log lines only; add loggingFormat: LoggingFormat.JSON',
    );
    expect((thrown(() => newFunction(stack, 'B', { loggingFormat: LoggingFormat.TEXT, applicationLogLevelV2: ApplicationLogLevel.DEBUG, systemLogLevelV2: SystemLogLevel.WARN })) as LambdaformError).message).toBe(
      "Test/B: applicationLogLevelV2 and systemLogLevelV2 need JSON logs: Lambda filters the levels of JSON log lines only; add loggingFormat: LoggingFormat.JSON (got 'Text')",
    );
    // The deprecated props are named as given.
    expect((thrown(() => newFunction(stack, 'F', { systemLogLevel: 'WARN' })) as LambdaformError).message).toBe(
      'Test/F: systemLogLevel needs JSON logs: Lambda filters the levels of JSON log lines only; add loggingFormat: LoggingFormat.JSON',
    );
    expect((thrown(() => newFunction(stack, 'C', { loggingFormat: LoggingFormat.JSON, logFormat: 'JSON' })) as LambdaformError).message).toBe(
      'Test/C: logFormat and loggingFormat cannot be given together (as in aws-cdk-lib): give loggingFormat only (logFormat is deprecated)',
    );
    expect((thrown(() => newFunction(stack, 'D', { logFormat: 'json' })) as LambdaformError).message).toBe("Test/D: logFormat expects one of 'Text', 'JSON', got the string 'json'");
    expect((thrown(() => newFunction(stack, 'E', { loggingFormat: LoggingFormat.JSON, systemLogLevelV2: 'ERROR' as SystemLogLevel })) as LambdaformError).message).toMatch(/^Test\/E: systemLogLevelV2 expects /);
  });
});
