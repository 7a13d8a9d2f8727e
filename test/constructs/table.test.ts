// Table: the AWS::DynamoDB::Table properties (key schema, billing, stream, name), the limits of
// its props, and how its attributes (tableArn, tableName, tableStreamArn) render. The SAM output
// keeps the table as plain CloudFormation, so every rendering check runs on both formats.
import { describe, expect, it } from 'vitest';
import { AttributeType, BillingMode, CfnOutput, LambdaformError, StreamViewType, Table, TableClass, TableEncryption, type Stack, type TableProps } from '../../lib/all.js';
import { Template, type AssertFormat } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';

const FORMATS: readonly AssertFormat[] = ['cfn', 'sam'];
const PK = { name: 'pk', type: AttributeType.STRING };
const SK = { name: 'sk', type: AttributeType.NUMBER };

/** The Properties of the one AWS::DynamoDB::Table in the stack's template. */
function tableProperties(stack: Stack, format: AssertFormat): Record<string, unknown> {
  const resources = Object.values(Template.fromStack(stack, format).template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties!;
}

/** A stack with one table `T` with these props. */
function tableStack(props: TableProps): Stack {
  const stack = newStack();
  new Table(stack, 'T', props);
  return stack;
}

describe.each(FORMATS)('Table properties (%s)', (format) => {
  it("renders the partition key alone as the HASH key, provisioned 5/5 as aws-cdk-lib's default (BillingMode not written), with nothing else", () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const table = new Table(stack, 'T', { partitionKey: PK });

    // THEN
    expect(table.stream).toBeUndefined();
    expect(tableProperties(stack, format)).toEqual({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
  });

  it('renders PAY_PER_REQUEST, when asked, as BillingMode with no ProvisionedThroughput', () => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, billingMode: BillingMode.PAY_PER_REQUEST });

    // THEN
    expect(tableProperties(stack, format)).toEqual({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('takes readCapacity and writeCapacity without billingMode (PROVISIONED by default)', () => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, readCapacity: 7, writeCapacity: 3 });

    // THEN
    const props = tableProperties(stack, format);
    expect(props).not.toHaveProperty('BillingMode');
    expect(props.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
  });

  it('renders the partition key as HASH and the sort key as RANGE, in that order', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Table(stack, 'T', { partitionKey: PK, sortKey: SK });

    // THEN
    const props = tableProperties(stack, format);
    expect(props.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ]);
    expect(props.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('keeps HASH on the partition key whatever the names sort to', () => {
    // GIVEN: a sort key whose name sorts before the partition key's
    const stack = newStack();

    // WHEN
    new Table(stack, 'T', { partitionKey: { name: 'zone', type: AttributeType.BINARY }, sortKey: { name: 'at', type: AttributeType.STRING } });

    // THEN
    const props = tableProperties(stack, format);
    expect(props.AttributeDefinitions).toEqual([
      { AttributeName: 'zone', AttributeType: 'B' },
      { AttributeName: 'at', AttributeType: 'S' },
    ]);
    expect(props.KeySchema).toEqual([
      { AttributeName: 'zone', KeyType: 'HASH' },
      { AttributeName: 'at', KeyType: 'RANGE' },
    ]);
  });

  it('renders PAY_PER_REQUEST without ProvisionedThroughput when billingMode is given explicitly', () => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, billingMode: BillingMode.PAY_PER_REQUEST });

    // THEN
    const props = tableProperties(stack, format);
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props).not.toHaveProperty('ProvisionedThroughput');
  });

  it('renders PROVISIONED with 5 read and 5 write capacity units by default, without BillingMode (CloudFormation\'s default), as aws-cdk-lib', () => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, billingMode: BillingMode.PROVISIONED });

    // THEN
    const props = tableProperties(stack, format);
    expect(props).not.toHaveProperty('BillingMode');
    expect(props.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  });

  it('renders the given capacities, each defaulting on its own', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Table(stack, 'Both', { partitionKey: PK, billingMode: BillingMode.PROVISIONED, readCapacity: 7, writeCapacity: 3 });
    new Table(stack, 'Read', { partitionKey: PK, billingMode: BillingMode.PROVISIONED, readCapacity: 12 });
    new Table(stack, 'Write', { partitionKey: PK, billingMode: BillingMode.PROVISIONED, writeCapacity: 9 });

    // THEN
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Both!.Properties!.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
    expect(r.Read!.Properties!.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 12, WriteCapacityUnits: 5 });
    expect(r.Write!.Properties!.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 9 });
  });

  it.each(Object.values(StreamViewType))('renders StreamSpecification %s only for a table with a stream', (view) => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const table = new Table(stack, 'T', { partitionKey: PK, stream: view });
    new Table(stack, 'Plain', { partitionKey: PK });

    // THEN
    expect(table.stream).toBe(view);
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.T!.Properties!.StreamSpecification).toEqual({ StreamViewType: view });
    expect(r.Plain!.Properties).not.toHaveProperty('StreamSpecification');
  });

  it('renders TableName only when given', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Table(stack, 'Named', { partitionKey: PK, tableName: 'orders.v2_table-1' });
    new Table(stack, 'Unnamed', { partitionKey: PK });

    // THEN
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Named!.Properties!.TableName).toBe('orders.v2_table-1');
    expect(r.Unnamed!.Properties).not.toHaveProperty('TableName');
  });

  it('is the same plain AWS::DynamoDB::Table resource in both formats', () => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, sortKey: SK, billingMode: BillingMode.PROVISIONED, readCapacity: 2, stream: StreamViewType.KEYS_ONLY, tableName: 'events' });

    // THEN
    expect(Template.fromStack(stack, format).template.Resources.T).toEqual(Template.fromStack(stack, 'cfn').template.Resources.T);
    expect(Template.fromStack(stack, format).template.Resources.T!.Type).toBe('AWS::DynamoDB::Table');
  });
});

describe('Table limits', () => {
  it.each([['abc'], ['a'.repeat(255)], ['My_Table.v2-1']])('accepts tableName %j', (tableName) => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, tableName });

    // THEN
    expect(tableProperties(stack, 'cfn').TableName).toBe(tableName);
  });

  it.each([['ab'], ['a'.repeat(256)], ['has space'], ['slash/name'], ['']])('refuses tableName %j', (tableName) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Table(stack, 'T', { partitionKey: PK, tableName }), 'Test/T', /^tableName must be 3-255 letters, digits, '_', '\.' or '-'/);
  });

  it.each([
    ['readCapacity', 1],
    ['readCapacity', 40_000],
    ['writeCapacity', 1],
    ['writeCapacity', 40_000],
  ] as const)('accepts %s %d', (property, value) => {
    // GIVEN
    const stack = tableStack({ partitionKey: PK, billingMode: BillingMode.PROVISIONED, [property]: value });

    // THEN
    const units = (tableProperties(stack, 'cfn').ProvisionedThroughput as Record<string, number>)[property === 'readCapacity' ? 'ReadCapacityUnits' : 'WriteCapacityUnits'];
    expect(units).toBe(value);
  });

  it.each([
    ['readCapacity', 0, /^readCapacity must be between 1 and 40000, got 0/],
    ['readCapacity', 40_001, /^readCapacity must be between 1 and 40000, got 40001/],
    ['writeCapacity', 0, /^writeCapacity must be between 1 and 40000, got 0/],
    ['writeCapacity', 40_001, /^writeCapacity must be between 1 and 40000, got 40001/],
    ['readCapacity', 2.5, /^readCapacity must be a whole number, got 2.5/],
  ] as const)('refuses %s %d', (property, value, message) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Table(stack, 'T', { partitionKey: PK, billingMode: BillingMode.PROVISIONED, [property]: value }), 'Test/T', message);
  });

  it.each([
    ['readCapacity', BillingMode.PAY_PER_REQUEST],
    ['writeCapacity', BillingMode.PAY_PER_REQUEST],
  ] as const)('refuses %s without PROVISIONED billing (billingMode %s)', (property, billingMode) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Table(stack, 'T', { partitionKey: PK, billingMode, [property]: 5 }),
      'Test/T',
      new RegExp(`^${property} is only valid with BillingMode\\.PROVISIONED`),
    );
  });

  it('refuses a sortKey with the partitionKey name, even with another type', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Table(stack, 'T', { partitionKey: PK, sortKey: { name: 'pk', type: AttributeType.NUMBER } }),
      'Test/T',
      /^sortKey must differ from partitionKey, both are 'pk'/,
    );
  });

  it.each([[''], ['k'.repeat(256)]])('refuses a key attribute name %j (1-255 characters)', (name) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Table(stack, 'T', { partitionKey: { name, type: AttributeType.STRING } }), 'Test/T', /^partitionKey\.name must be 1-255 characters/);
  });

  it('refuses a table without a partition key', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Table(stack, 'T', {} as TableProps), 'Test/T', /^partitionKey is required/);
  });

  it('refuses an attribute type that is not an AttributeType', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Table(stack, 'T', { partitionKey: { name: 'id', type: 'STRING' as AttributeType } }), 'Test/T', /^partitionKey\.type expects an AttributeType/);
  });
});

describe.each(FORMATS)('Table attributes (%s)', (format) => {
  it('renders tableArn as Fn::GetAtt Arn, tableName as Ref and tableStreamArn as Fn::GetAtt StreamArn', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK, stream: StreamViewType.NEW_AND_OLD_IMAGES });

    // WHEN
    new CfnOutput(stack, 'TableArn', { value: table.tableArn });
    new CfnOutput(stack, 'TableName', { value: table.tableName });
    new CfnOutput(stack, 'TableStreamArn', { value: table.tableStreamArn });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      TableArn: { Value: { 'Fn::GetAtt': ['T', 'Arn'] } },
      TableName: { Value: { Ref: 'T' } },
      TableStreamArn: { Value: { 'Fn::GetAtt': ['T', 'StreamArn'] } },
    });
  });

  it('renders the attributes of a table with a fixed name as references too (no literal name)', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK, tableName: 'orders' });

    // WHEN
    new CfnOutput(stack, 'TableArn', { value: table.tableArn });
    new CfnOutput(stack, 'TableName', { value: table.tableName });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      TableArn: { Value: { 'Fn::GetAtt': ['T', 'Arn'] } },
      TableName: { Value: { Ref: 'T' } },
    });
  });

  it('renders an attribute inside a string as a ${T.Arn} / ${T} substitution', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });

    // WHEN
    new CfnOutput(stack, 'IndexArn', { value: `${table.tableArn}/index/*` });
    new CfnOutput(stack, 'Label', { value: `table ${table.tableName}` });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      IndexArn: { Value: { 'Fn::Sub': '${T.Arn}/index/*' } },
      Label: { Value: { 'Fn::Sub': 'table ${T}' } },
    });
  });
});

describe('Table without a stream', () => {
  it('throws a LambdaformError naming the table on tableStreamArn', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });

    // WHEN
    const err = thrown(() => table.tableStreamArn);

    // THEN
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/T');
    expect((err as LambdaformError).message).toMatch(/^Test\/T: the table has no stream; set `stream: StreamViewType\.NEW_IMAGE`/);
  });
});

/** A regular expression matching exactly `s`. */
const exactly = (s: string): RegExp => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

describe.each(FORMATS)('Table encryption, point-in-time recovery, TTL, deletion protection, class (%s)', (format) => {
  it('writes each as aws-cdk-lib does', () => {
    // GIVEN
    const stack = tableStack({
      partitionKey: PK,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7 },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: true,
      tableClass: TableClass.STANDARD_INFREQUENT_ACCESS,
    });

    // THEN
    expect(tableProperties(stack, format)).toEqual({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
      TableClass: 'STANDARD_INFREQUENT_ACCESS',
    });
  });

  it('writes TableEncryption.DEFAULT as SSEEnabled false, the deprecated pointInTimeRecovery as the specification, and false as false', () => {
    const props = tableProperties(tableStack({ partitionKey: PK, encryption: TableEncryption.DEFAULT, pointInTimeRecovery: false, deletionProtection: false, tableClass: TableClass.STANDARD }), format);
    expect(props.SSESpecification).toEqual({ SSEEnabled: false });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    expect(props.DeletionProtectionEnabled).toBe(false);
    expect(props.TableClass).toBe('STANDARD');
  });

  it('writes none of them when none is set', () => {
    const props = tableProperties(tableStack({ partitionKey: PK }), format);
    for (const key of ['SSESpecification', 'PointInTimeRecoverySpecification', 'TimeToLiveSpecification', 'DeletionProtectionEnabled', 'TableClass']) expect(props).not.toHaveProperty(key);
  });
});

describe('Table encryption and point-in-time recovery limits', () => {
  it('accepts recoveryPeriodInDays 1 and 35 and refuses 0 and 36', () => {
    for (const days of [1, 35]) {
      const stack = tableStack({ partitionKey: PK, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: days } });
      expect(tableProperties(stack, 'cfn').PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: days });
    }
    for (const days of [0, 36]) {
      expectLambdaformError(
        () => tableStack({ partitionKey: PK, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: days } }),
        'Test/T',
        exactly(`pointInTimeRecoverySpecification.recoveryPeriodInDays must be between 1 and 35 days, got ${days}`),
      );
    }
  });

  it('refuses TableEncryption.CUSTOMER_MANAGED, naming AWS_MANAGED', () => {
    expectLambdaformError(
      () => tableStack({ partitionKey: PK, encryption: TableEncryption.CUSTOMER_MANAGED }),
      'Test/T',
      exactly('TableEncryption.CUSTOMER_MANAGED is not supported: it needs a KMS key, which lambdaform does not model; use TableEncryption.AWS_MANAGED (the AWS managed key aws/dynamodb) or TableEncryption.DEFAULT'),
    );
  });

  it('refuses both point-in-time recovery props, and a recovery period with recovery disabled', () => {
    expectLambdaformError(
      () => tableStack({ partitionKey: PK, pointInTimeRecovery: true, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } }),
      'Test/T',
      exactly('pointInTimeRecovery and pointInTimeRecoverySpecification cannot both be set; use pointInTimeRecoverySpecification'),
    );
    expectLambdaformError(
      () => tableStack({ partitionKey: PK, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false, recoveryPeriodInDays: 7 } }),
      'Test/T',
      exactly('recoveryPeriodInDays is only valid with pointInTimeRecoveryEnabled: true'),
    );
  });

  it('refuses a TTL attribute name past 255 characters and accepts 255', () => {
    expect(tableProperties(tableStack({ partitionKey: PK, timeToLiveAttribute: 'a'.repeat(255) }), 'cfn').TimeToLiveSpecification).toEqual({ AttributeName: 'a'.repeat(255), Enabled: true });
    expectLambdaformError(() => tableStack({ partitionKey: PK, timeToLiveAttribute: 'a'.repeat(256) }), 'Test/T', /^timeToLiveAttribute must be/);
  });
});
