import { createHash } from 'node:crypto';
import type { ModelNode, PseudoParameter, StackModel } from '../../model/types.js';

/**
 * The local names, ARNs and URLs of an app's resources: the name the app gives, else
 * `<stack>-<logicalId>` as CloudFormation would make one (without its random suffix, so plans
 * are deterministic); ARNs in the plan's region and account; queue URLs below the local endpoint.
 */
export class LocalNames {
  private readonly nodes = new Map<string, { node: ModelNode; stack: string }>();

  public constructor(
    public readonly region: string,
    public readonly account: string,
    public readonly endpoint: string,
  ) {}

  public addStack(stack: StackModel): void {
    for (const n of stack.nodes) this.nodes.set(n.id, { node: n, stack: stack.name });
  }

  /** The resource's physical name. */
  public name(id: string): string {
    const e = this.nodes.get(id);
    if (!e) return id;
    const { node: n, stack } = e;
    const given = givenName(n);
    if (given !== undefined) return given;
    const base = `${stack}-${n.logicalId}`;
    switch (n.kind) {
      case 'queue':
      case 'topic':
        return n.props.fifo ? `${base.slice(0, 75)}.fifo` : base.slice(0, 80);
      case 'bucket':
        return base.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 63);
      case 'function':
      case 'schedule':
      case 'role':
        return base.slice(0, 64);
      default:
        return base;
    }
  }

  /** A node attribute's local value (`Arn`, `Url`, `Name`, `StreamArn`, ...). */
  public attr(id: string, attr: string): string {
    const e = this.nodes.get(id);
    if (!e) return id;
    const n = e.node;
    const { region: r, account: a } = this;
    const name = this.name(id);
    if (attr === 'Name') return name;
    switch (n.kind) {
      case 'function':
        return `arn:aws:lambda:${r}:${a}:function:${name}`;
      case 'version': {
        const fn = this.name(n.props.functionId);
        const versions = [...this.nodes.values()].filter((x) => x.node.kind === 'version' && x.node.props.functionId === n.props.functionId).map((x) => x.node.id);
        const number = String(versions.indexOf(n.id) + 1);
        return attr === 'Version' ? number : `arn:aws:lambda:${r}:${a}:function:${fn}:${number}`;
      }
      case 'alias':
        return `arn:aws:lambda:${r}:${a}:function:${this.name(n.props.functionId)}:${n.props.aliasName}`;
      case 'layer':
        return `arn:aws:lambda:${r}:${a}:layer:${name}:1`;
      case 'queue':
        return attr === 'Url' ? `${this.endpoint}/${a}/${name}` : `arn:aws:sqs:${r}:${a}:${name}`;
      case 'topic':
        return `arn:aws:sns:${r}:${a}:${name}`;
      case 'bucket':
        return attr === 'DomainName' ? `${name}.s3.localhost` : `arn:aws:s3:::${name}`;
      case 'table':
        return attr === 'StreamArn' ? `arn:aws:dynamodb:${r}:${a}:table/${name}/stream/1970-01-01T00:00:00.000` : `arn:aws:dynamodb:${r}:${a}:table/${name}`;
      case 'stream':
        return `arn:aws:kinesis:${r}:${a}:stream/${name}`;
      case 'api': {
        const apiId = createHash('sha256').update(id).digest('hex').slice(0, 10);
        return attr === 'Endpoint' ? 'http://127.0.0.1:3000' : apiId;
      }
      case 'schedule':
        return `arn:aws:events:${r}:${a}:rule/${name}`;
      case 'role':
        return `arn:aws:iam::${a}:role/${name}`;
      case 'raw':
        return attr === 'Ref' || attr === 'Id' ? n.logicalId : `${n.logicalId}.${attr}`;
    }
  }

  public pseudo(p: PseudoParameter): string {
    switch (p) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'local';
    }
  }
}

function givenName(n: ModelNode): string | undefined {
  const p = n.props as unknown as Record<string, unknown>;
  for (const key of ['functionName', 'queueName', 'topicName', 'bucketName', 'tableName', 'streamName', 'ruleName', 'roleName', 'layerName', 'apiName']) {
    if (typeof p[key] === 'string') return p[key];
  }
  return undefined;
}
