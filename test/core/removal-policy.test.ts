// RemovalPolicy, as aws-cdk-lib's: the DeletionPolicy and UpdateReplacePolicy of a resource, in
// both formats; CDK's defaults (tables and streams are retained, queues are not); only the
// resource's own primary resource gets it; SNAPSHOT, which CloudFormation refuses for these
// resources, is refused.
import { describe, expect, it } from 'vitest';
import { AttributeType, Bucket, Code, LayerVersion, Queue, RemovalPolicy, Stream, Table } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { parseModel } from '../../lib/model/parse.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

/** DeletionPolicy and UpdateReplacePolicy of a resource, in the CloudFormation and the SAM output. */
function policies(build: (s: ReturnType<typeof newStack>) => void, logicalId: string): Array<[unknown, unknown]> {
  const stack = newStack();
  build(stack);
  return (['cfn', 'sam'] as const).map((format) => {
    const r = (Template.fromStack(stack, format).toJSON().Resources as Record<string, { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown }>)[logicalId]!;
    return [r.DeletionPolicy, r.UpdateReplacePolicy];
  });
}

describe('RemovalPolicy', () => {
  it.each([
    [RemovalPolicy.DESTROY, ['Delete', 'Delete']],
    [RemovalPolicy.RETAIN, ['Retain', 'Retain']],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, ['RetainExceptOnCreate', 'Retain']],
  ] as const)('%s is written as %j in both formats', (policy, written) => {
    expect(policies((s) => new Queue(s, 'Jobs', { removalPolicy: policy }), 'Jobs')).toEqual([written, written]);
    expect(policies((s) => new Table(s, 'Items', { partitionKey: { name: 'id', type: AttributeType.STRING }, removalPolicy: policy }), 'Items')).toEqual([written, written]);
  });

  it.each([
    [RemovalPolicy.RETAIN, ['Retain', 'Retain']],
    [RemovalPolicy.DESTROY, ['Delete', 'Delete']],
  ] as const)("a LayerVersion's removalPolicy %s is written as %j, and SAM's RetentionPolicy is left out so that SAM takes them", (policy, written) => {
    const stack = newStack();
    new LayerVersion(stack, 'Shared', { code: Code.fromBucket(Bucket.fromBucketName(stack, 'Artifacts', 'artifacts'), 'layer.zip'), removalPolicy: policy });
    for (const format of ['cfn', 'sam'] as const) {
      const r = (Template.fromStack(stack, format).toJSON().Resources as Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown }>).Shared!;
      expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(written);
      expect(r.Properties.RetentionPolicy).toBeUndefined();
    }
  });

  it("a LayerVersion without a removal policy is deleted (CDK's default, DESTROY): SAM is told RetentionPolicy Delete, as it retains old versions otherwise", () => {
    const stack = newStack();
    new LayerVersion(stack, 'Shared', { code: Code.fromBucket(Bucket.fromBucketName(stack, 'Artifacts', 'artifacts'), 'layer.zip') });
    const sam = (Template.fromStack(stack, 'sam').toJSON().Resources as Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: unknown }>).Shared!;
    expect(sam.Properties.RetentionPolicy).toBe('Delete');
    expect(sam.DeletionPolicy).toBeUndefined();
  });

  it("defaults to aws-cdk-lib's: tables and streams are retained, a queue is left to CloudFormation (deleted)", () => {
    expect(policies((s) => new Table(s, 'Items', { partitionKey: { name: 'id', type: AttributeType.STRING } }), 'Items')).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
    expect(policies((s) => new Stream(s, 'Clicks'), 'Clicks')).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
    expect(policies((s) => new Queue(s, 'Jobs'), 'Jobs')).toEqual([[undefined, undefined], [undefined, undefined]]);
  });

  it('applyRemovalPolicy after construction wins over the prop; it applies to the resource only, not to what it creates beside it', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Jobs', { removalPolicy: RemovalPolicy.RETAIN });
    q.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const fn = newFunction(stack, 'Worker');
    fn.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { DeletionPolicy?: unknown }>;
    expect(resources.Jobs!.DeletionPolicy).toBe('Delete');
    expect(resources.Worker!.DeletionPolicy).toBe('Retain');
    expect(resources.WorkerServiceRole!.DeletionPolicy).toBeUndefined();
  });

  it('SNAPSHOT, which CloudFormation refuses for these resources, and values that are not a policy are refused', () => {
    const stack = newStack();
    expectLambdaformError(() => new Queue(stack, 'Snap').applyRemovalPolicy(RemovalPolicy.SNAPSHOT), 'Test/Snap', /^RemovalPolicy\.SNAPSHOT: CloudFormation snapshots only databases and volumes \(RDS, EBS, ElastiCache, Redshift, Neptune, DocumentDB\), not this resource; use RemovalPolicy\.RETAIN to keep it, or DESTROY$/);
    expectLambdaformError(() => new Queue(stack, 'Bad', { removalPolicy: 'keep' as RemovalPolicy }), 'Test/Bad', /removalPolicy/);
  });

  it('a model whose node has a removal policy that is not one is refused', () => {
    const model = { version: 2, stacks: [{ name: 'S', path: 'S', nodes: [{ id: 'S/Q', kind: 'queue', logicalId: 'Q', origin: { path: 'S/Q' }, props: {}, tags: {}, overrides: [], dependsOn: [], removalPolicy: 'keep' }], edges: [], outputs: [], assets: [] }] };
    expect(() => parseModel(JSON.stringify(model), 'model.json')).toThrow("stacks[0].nodes[0].removalPolicy must be one of destroy, retain, snapshot, retain-on-update-or-delete, got \"keep\"");
  });
});
