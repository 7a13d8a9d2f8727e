import { LambdaformError, throwProblems } from '../core/errors.js';
import { cdkNodeUniqueId, logicalIdStyle, pascal, pathBelow } from '../core/logical-id.js';
import { EventSourceMapping, MAPPING_OPTIONS, SQS_ONLY, STREAM_ONLY, type SqsMappingOptions, type StreamMappingOptions } from './event-source-mapping.js';
import type { IEventSource, IFunction } from './function-base.js';
import { checkProps, describeValue, type Fields } from '../core/props.js';
import { Queue } from './queue.js';
import { Stream } from './stream.js';
import { Table } from './table.js';
import type { Resource } from '../core/resource.js';

/** Props of `SqsEventSource`. */
export type SqsEventSourceProps = SqsMappingOptions;
/** Props of `KinesisEventSource`. */
export type KinesisEventSourceProps = StreamMappingOptions;
/** Props of `DynamoEventSource`. */
export type DynamoEventSourceProps = StreamMappingOptions;

/** The options of an SQS source and of a stream (`SqsEventSourceProps`, `KinesisEventSourceProps`, `DynamoEventSourceProps`): the mapping's, less the other kind's own. */
const optionsWithout = (other: readonly string[]): Fields => Object.fromEntries(Object.entries(MAPPING_OPTIONS).filter(([k]) => !other.includes(k)));
const SQS_OPTIONS = optionsWithout(STREAM_ONLY);
const STREAM_OPTIONS = optionsWithout(SQS_ONLY);

/** The mapping's construct id under the target: `SqsEventSource` + the source's path, so two sources never clash. */
function mappingId(prefix: string, source: Resource): string {
  return `${prefix}${pascal(pathBelow(source, source.stack).join('-'))}`;
}

abstract class MappingEventSource<S extends Queue | Stream | Table, O> implements IEventSource {
  /** The mapping, once bound. */
  public mapping: EventSourceMapping | undefined;

  constructor(
    protected readonly source: S,
    protected readonly options: O,
    private readonly prefix: string,
    /** aws-cdk-lib's prefix of the mapping's id (`SqsEventSource`, `KinesisEventSource`, `DynamoDBEventSource`). */
    private readonly cdkPrefix: string,
    private readonly expected: string,
    private readonly isSource: (v: unknown) => boolean,
  ) {}

  /**
   * The identifier of the event source mapping (aws-cdk-lib's `eventSourceMappingId`): refused.
   * lambdaform writes the mapping as an `AWS::Lambda::EventSourceMapping` in CloudFormation but as
   * an event of the function in SAM, whose transform names it: its id cannot be referenced the same
   * in both.
   */
  public get eventSourceMappingId(): string {
    return this.refuseMappingAttribute('eventSourceMappingId');
  }

  /** The ARN of the event source mapping (aws-cdk-lib's `eventSourceMappingArn`): refused, as `eventSourceMappingId`. */
  public get eventSourceMappingArn(): string {
    return this.refuseMappingAttribute('eventSourceMappingArn');
  }

  private refuseMappingAttribute(name: string): never {
    if (!this.mapping) throw new LambdaformError(undefined, `${this.prefix} is not yet bound to an event source mapping: ${name} exists once fn.addEventSource(source) has run`, 'unsupported-method');
    throw new LambdaformError(
      this.mapping.node.path,
      `${this.prefix}.${name} is not supported by lambdaform: the mapping is written as an AWS::Lambda::EventSourceMapping in CloudFormation and as an event of the function in SAM, whose transform names it, so no reference to it is the same in both; leave it out (an output can name the function and the ${this.source instanceof Queue ? 'queue' : 'stream'} instead)`,
      'unsupported-method',
    );
  }

  public bind(target: IFunction): void {
    if (!this.isSource(this.source)) {
      throw new LambdaformError(target.node.path, `${this.prefix} expects ${this.expected}, got ${describeValue(this.source)}`, 'wrong-type');
    }
    // A prop no mapping knows: named with the props of this kind of source (an SQS source's, not a stream's).
    const options = (this.options ?? {}) as Record<string, unknown>;
    if (typeof options === 'object' && Object.keys(options).some((k) => !Object.hasOwn(MAPPING_OPTIONS, k))) {
      const own = this.source instanceof Queue ? SQS_OPTIONS : STREAM_OPTIONS;
      throwProblems(target.node.path, checkProps(target.node.path, `${this.prefix}Props`, own, options).filter((p) => p.code === 'unknown-property'));
    }
    const id = mappingId(this.prefix, this.source);
    if (target.node.tryFindChild(id)) {
      throw new LambdaformError(target.node.path, `already has an event source mapping from ${this.source.node.path}; Lambda allows one mapping per source and function`);
    }
    this.mapping = new EventSourceMapping(target, id, { ...this.options, source: this.source, target });
    // aws-cdk-lib's mapping: `<target>/<prefix>:<the source's unique id>/Resource` (used with logicalIds: 'cdk').
    if (logicalIdStyle(target) === 'cdk') this.mapping._cdkPath = [...pathBelow(target, this.mapping.stack), `${this.cdkPrefix}:${cdkNodeUniqueId(this.source.node.path)}`, 'Resource'];
  }
}

/** An SQS queue polled by Lambda: `fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }))`. */
export class SqsEventSource extends MappingEventSource<Queue, SqsEventSourceProps> {
  constructor(queue: Queue, props: SqsEventSourceProps = {}) {
    super(queue, props, 'SqsEventSource', 'SqsEventSource', 'a Queue (new SqsEventSource(queue))', (v) => v instanceof Queue);
  }
}

/** A Kinesis stream read by Lambda. */
export class KinesisEventSource extends MappingEventSource<Stream, KinesisEventSourceProps> {
  constructor(stream: Stream, props: KinesisEventSourceProps) {
    super(stream, props, 'KinesisEventSource', 'KinesisEventSource', 'a Stream (new KinesisEventSource(stream, {...}))', (v) => v instanceof Stream);
  }
}

/** A DynamoDB table's stream read by Lambda. */
export class DynamoEventSource extends MappingEventSource<Table, DynamoEventSourceProps> {
  constructor(table: Table, props: DynamoEventSourceProps) {
    super(table, props, 'DynamoEventSource', 'DynamoDBEventSource', 'a Table with a stream (new DynamoEventSource(table, {...}))', (v) => v instanceof Table);
  }
}
