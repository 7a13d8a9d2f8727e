// Round trip through CloudFormation: for every example and the kitchen sink, the CloudFormation
// template lambdaform writes, read back and imported into the model, gives the same template again.
import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import type { StackModel } from '../../lib/model/types.js';
import { stack as kitchenSink } from '../fixtures/apps/kitchen-sink.js';
import { EXAMPLES, loadExample } from '../helpers/examples.js';
import { newStack } from '../helpers/app.js';
import { AttributeType, BlockPublicAccess, Bucket, BucketEncryption, Queue, RemovalPolicy, Table, TableClass, TableEncryption, Topic } from '../../lib/all.js';
import { SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';

/** CloudFormation of a stack → YAML → import → CloudFormation again. */
function roundTrip(model: StackModel): { before: unknown; after: unknown } {
  const before = renderCloudFormation(model);
  const doc = parseTemplate(toYaml(before), `${model.name}.template.yaml`);
  const after = renderCloudFormation(importTemplate(doc, { assets: model.assets }));
  return { before: JSON.parse(JSON.stringify(before)), after: JSON.parse(JSON.stringify(after)) };
}

describe('CloudFormation -> import -> CloudFormation gives the same template', () => {
  it.each(EXAMPLES)('example %s', async (name) => {
    const app = await loadExample(name);
    for (const s of app.synth().stacks) {
      const { before, after } = roundTrip(s);
      expect(after).toEqual(before);
    }
  });

  it('the kitchen sink', () => {
    const { before, after } = roundTrip(stackModel(kitchenSink));
    expect(after).toEqual(before);
  });
});

/**
 * A model for comparison: origins left out (the template's lines, not the app's), keys sorted,
 * and what a CloudFormation template cannot carry: a version's config hash (only its logical id
 * keeps it), stack tags on resources that take no Tags (versions, aliases, layers, rules) and on
 * raw resources (written as given).
 * Grants are compared as their role's actions: the backends merge statements on the same resources.
 */
function comparable(s: StackModel): { things: unknown[]; grants: Record<string, string[]> } {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
  const things = [...s.nodes, ...s.edges]
    .filter((x) => x.kind !== 'grant')
    .map((x) => {
      const { origin: _origin, ...rest } = x as typeof x & { origin: unknown };
      const props = x.kind === 'version' ? { ...x.props, configHash: undefined } : x.props;
      const untaggable = ['version', 'alias', 'layer', 'schedule', 'raw'].includes(x.kind);
      return sortKeys(JSON.parse(JSON.stringify({ ...rest, props, ...(untaggable ? { tags: {} } : {}) })));
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const grants: Record<string, string[]> = {};
  for (const e of s.edges) if (e.kind === 'grant') grants[e.from] = [...new Set([...(grants[e.from] ?? []), ...(e.props.actions ?? [])])].sort();
  return { things, grants };
}

describe('CloudFormation -> import gives the app model', () => {
  const check = (app: StackModel) => {
    // As if the assets.json synth writes were beside the template.
    const imported = importTemplate(parseTemplate(toYaml(renderCloudFormation(app)), `${app.name}.template.yaml`), { assets: app.assets });
    const a = comparable(app);
    const b = comparable(imported);
    expect(b.grants).toEqual(a.grants);
    // The one difference the kitchen sink has on purpose: an override of a modelled property
    // (Worker's Description) comes back as the property.
    const fold = (things: unknown[]) => JSON.stringify(things).replace('"description":"overridden",', '').replace('"overrides":[{"path":"Description","value":"overridden"}]', '"overrides":[]');
    expect(fold(b.things)).toEqual(fold(a.things));
  };
  it.each(EXAMPLES)('example %s', async (name) => {
    for (const s of (await loadExample(name)).synth().stacks) check(s);
  });
  it('the kitchen sink', () => check(stackModel(kitchenSink)));
});

describe('the data resources\' props round-trip through CloudFormation, into the model', () => {
  /** A stack of every data prop that writes a property or a policy. */
  const dataStack = () => {
    const stack = newStack();
    new Table(stack, 'T', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7 },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: true,
      tableClass: TableClass.STANDARD_INFREQUENT_ACCESS,
    });
    new Table(stack, 'T2', { partitionKey: { name: 'pk', type: AttributeType.STRING }, encryption: TableEncryption.DEFAULT, pointInTimeRecovery: false });
    new Bucket(stack, 'B', { encryption: BucketEncryption.KMS_MANAGED, enforceSSL: true, eventBridgeEnabled: true, blockPublicAccess: BlockPublicAccess.BLOCK_ACLS, removalPolicy: RemovalPolicy.DESTROY });
    new Bucket(stack, 'Named', { bucketName: 'named-bucket-x', enforceSSL: true, encryption: BucketEncryption.S3_MANAGED });
    const topic = new Topic(stack, 'Tp', { topicName: 'orders.fifo', contentBasedDeduplication: true, enforceSSL: true });
    const queue = new Queue(stack, 'Q', { enforceSSL: true, maxMessageSizeBytes: 2048, fifo: true });
    topic.addSubscription(new SqsSubscription(queue));
    new Queue(stack, 'Q2', { enforceSSL: true });
    return stackModel(stack);
  };

  it('gives the same template', () => {
    const { before, after } = roundTrip(dataStack());
    expect(after).toEqual(before);
  });

  it('gives the app model: the props, and no raw policy', () => {
    const app = dataStack();
    const imported = importTemplate(parseTemplate(toYaml(renderCloudFormation(app)), `${app.name}.template.yaml`), { assets: app.assets });
    expect(imported.nodes.filter((n) => n.kind === 'raw')).toEqual([]);
    expect(comparable(imported).things).toEqual(comparable(app).things);
  });
});
