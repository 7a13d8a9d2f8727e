// LocalNames: the physical names, ARNs and URLs a plan gives an app's resources: the name the app
// gives, else `<stack>-<logicalId>` cut to what AWS allows; ARNs in the plan's region and account.
import { describe, expect, it } from 'vitest';
import { App, AttributeType, Bucket, Code, Function, HttpApi, LayerVersion, Queue, Runtime, Stack, Stream, StreamViewType, Table, Topic } from '../../../lib/all.js';
import { LocalNames } from '../../../lib/local/plan/names.js';
import type { StackModel } from '../../../lib/model/types.js';

const INLINE = Code.fromInline('exports.handler = async () => 1;');

function names(build: (stack: Stack) => void, stackName = 'Shop', region = 'eu-west-1', account = '111122223333'): { names: LocalNames; stack: StackModel } {
  const app = new App();
  build(new Stack(app, stackName));
  const stack = app.synth().stacks[0]!;
  const n = new LocalNames(region, account, 'http://localhost:4566');
  n.addStack(stack);
  return { names: n, stack };
}

const id = (stack: StackModel, logicalId: string): string => stack.nodes.find((n) => n.logicalId === logicalId)!.id;

describe('LocalNames', () => {
  it('names: the given name, else <stack>-<logicalId>; buckets in lower case', () => {
    const { names: n, stack } = names((s) => {
      new Queue(s, 'Jobs');
      new Queue(s, 'Named', { queueName: 'my-jobs' });
      new Queue(s, 'Orders', { fifo: true });
      new Topic(s, 'Events', { fifo: true });
      new Bucket(s, 'Uploads');
      new Function(s, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: INLINE, functionName: 'worker-fn' });
    });
    expect(n.name(id(stack, 'Jobs'))).toBe('Shop-Jobs');
    expect(n.name(id(stack, 'Named'))).toBe('my-jobs');
    expect(n.name(id(stack, 'Orders'))).toBe('Shop-Orders.fifo');
    expect(n.name(id(stack, 'Events'))).toBe('Shop-Events.fifo');
    expect(n.name(id(stack, 'Uploads'))).toBe('shop-uploads');
    expect(n.name(id(stack, 'Worker'))).toBe('worker-fn');
    // An id the plan does not know stands for itself.
    expect(n.name('Elsewhere/Thing')).toBe('Elsewhere/Thing');
  });

  it('long names are cut to what AWS allows (queues 80, FIFO 75 + .fifo, functions 64, buckets 63)', () => {
    const stackName = `S${'x'.repeat(84)}`; // 85 characters
    const { names: n, stack } = names((s) => {
      new Queue(s, 'Jobs');
      new Queue(s, 'Orders', { fifo: true });
      new Function(s, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: INLINE });
      new Bucket(s, 'Uploads');
    }, stackName);
    expect(n.name(id(stack, 'Jobs'))).toBe(`${stackName}-Jobs`.slice(0, 80));
    expect(n.name(id(stack, 'Orders'))).toBe(`${stackName.slice(0, 75)}.fifo`);
    expect(n.name(id(stack, 'Orders'))).toHaveLength(80);
    expect(n.name(id(stack, 'Worker'))).toBe(stackName.slice(0, 64));
    expect(n.name(id(stack, 'Uploads'))).toBe(stackName.toLowerCase().slice(0, 63));
  });

  it('attributes: URLs below the endpoint, ARNs in the region and account', () => {
    const { names: n, stack } = names((s) => {
      new Queue(s, 'Jobs');
      new Topic(s, 'Events');
      new Bucket(s, 'Uploads');
      new Table(s, 'Items', { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.KEYS_ONLY });
      new Stream(s, 'Clicks');
      new LayerVersion(s, 'Shared', { code: layerCode(), compatibleRuntimes: [Runtime.NODEJS_22_X] });
      const fn = new Function(s, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: INLINE });
      fn.addVersion('First');
      fn.addVersion('Second');
      fn.addAlias('live', { version: fn.addVersion('Third') });
      new HttpApi(s, 'Api');
    });
    const a = (logicalId: string, attr: string) => n.attr(id(stack, logicalId), attr);
    expect(a('Jobs', 'Url')).toBe('http://localhost:4566/111122223333/Shop-Jobs');
    expect(a('Jobs', 'Arn')).toBe('arn:aws:sqs:eu-west-1:111122223333:Shop-Jobs');
    expect(a('Jobs', 'Name')).toBe('Shop-Jobs');
    expect(a('Events', 'Arn')).toBe('arn:aws:sns:eu-west-1:111122223333:Shop-Events');
    expect(a('Uploads', 'Arn')).toBe('arn:aws:s3:::shop-uploads');
    expect(a('Uploads', 'DomainName')).toBe('shop-uploads.s3.localhost');
    expect(a('Items', 'Arn')).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/Shop-Items');
    expect(a('Items', 'StreamArn')).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/Shop-Items/stream/1970-01-01T00:00:00.000');
    expect(a('Clicks', 'Arn')).toBe('arn:aws:kinesis:eu-west-1:111122223333:stream/Shop-Clicks');
    expect(a('Shared', 'Arn')).toBe('arn:aws:lambda:eu-west-1:111122223333:layer:Shop-Shared:1');
    expect(a('Worker', 'Arn')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:Shop-Worker');
    expect(a('Worker', 'Name')).toBe('Shop-Worker');
    // Versions are numbered in the order the app publishes them.
    expect(n.attr('Shop/Worker/Second', 'Version')).toBe('2');
    expect(n.attr('Shop/Worker/Third', 'Arn')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:Shop-Worker:3');
    expect(n.attr('Shop/Worker/Aliaslive', 'Arn')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:Shop-Worker:live');
    expect(n.attr('Shop/Worker/ServiceRole', 'Arn')).toBe(`arn:aws:iam::111122223333:role/${n.name('Shop/Worker/ServiceRole')}`);
    // An API's id is the same for the same path, and ten hex digits.
    expect(a('Api', 'Id')).toMatch(/^[0-9a-f]{10}$/);
    expect(a('Api', 'Id')).toBe(names((s) => void new HttpApi(s, 'Api')).names.attr('Shop/Api', 'Id'));
    expect(a('Api', 'Endpoint')).toBe('http://127.0.0.1:3000');
  });

  it('pseudo parameters', () => {
    const { names: n } = names((s) => void new Queue(s, 'Jobs'));
    expect([n.pseudo('AWS::Region'), n.pseudo('AWS::AccountId'), n.pseudo('AWS::Partition'), n.pseudo('AWS::URLSuffix'), n.pseudo('AWS::StackName')]).toEqual(['eu-west-1', '111122223333', 'aws', 'amazonaws.com', 'local']);
  });
});

function layerCode(): Code {
  // A layer needs a directory; this repository's own example layer will do.
  return Code.fromAsset('examples/http-api/layers/shared');
}
