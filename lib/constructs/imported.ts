/**
 * What aws-cdk-lib's imports of existing resources share (`Queue.fromQueueArn`,
 * `Function.fromFunctionAttributes`, ...): the ARN checks, the name parsed from an ARN (literal,
 * or `Fn.select` over `Fn.split` when the ARN is a token such as a CfnParameter's value), and the
 * hand-over of the imported attributes to the class's constructor.
 *
 * An import is an instance of the same class (so every `instanceof Queue` of the event sources,
 * targets and subscriptions takes it) whose `_imported` is set: its `_toModel` adds a node that is
 * `imported` (the backends write no resource for it), and the methods that would change the
 * resource itself refuse with `refuseOnImported`.
 */
import type { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { Fn } from '../core/fn.js';
import { describeValue } from '../core/props.js';
import { Aws, Token } from '../core/tokens.js';

/** The attributes an imported resource is known by (tokens or literals), by the model's attribute names. */
export interface ImportedAttributes {
  readonly attributes: Readonly<Record<string, string | undefined>>;
  /** The resource's name, when it is a literal (the local runtime's stand-in takes it). */
  readonly name?: string;
  /** A function only: write no `AWS::Lambda::Permission` for it. */
  readonly skipPermissions?: boolean;
}

let pending: unknown;

/** Runs `make` (a `new` of the class) with `imported` handed to its constructor, which takes it with `takeImport()`. */
export function construct<T, A>(imported: A, make: () => T): T {
  pending = imported;
  try {
    return make();
  } finally {
    pending = undefined;
  }
}

/** In a constructor, right after `super`: the attributes of an import being made, or undefined for a new resource. */
export function takeImport<A>(): A | undefined {
  const p = pending as A | undefined;
  pending = undefined;
  return p;
}

/** The construct path an import will have, for messages before it exists. */
export function importPath(scope: Construct, id: string): string | undefined {
  const base = (scope as Partial<Construct> | undefined)?.node?.path;
  return base === undefined ? undefined : base === '' ? id : `${base}/${id}`;
}

/** How an ARN of one service looks: its service, and the shape of its resource part. */
export interface ArnShape {
  /** The ARN's service (`sqs`, `lambda`, ...). */
  readonly service: string;
  /** The resource part after `arn:<partition>:<service>:<region>:<account>:`, with the name in group 1. */
  readonly resource: RegExp;
  /** True when region and account are empty (`arn:aws:s3:::bucket`). */
  readonly global?: boolean;
  /** An example, for messages. */
  readonly example: string;
}

/** The ARN shapes of the services lambdaform imports. */
export const ARN_SHAPES = {
  function: { service: 'lambda', resource: /^function:([a-zA-Z0-9_-]{1,64})(?::[a-zA-Z0-9$_-]+)?$/, example: 'arn:aws:lambda:us-east-1:123456789012:function:my-function' },
  queue: { service: 'sqs', resource: /^([a-zA-Z0-9_-]{1,80}|[a-zA-Z0-9_-]{1,75}\.fifo)$/, example: 'arn:aws:sqs:us-east-1:123456789012:my-queue' },
  topic: { service: 'sns', resource: /^([a-zA-Z0-9_-]{1,256}|[a-zA-Z0-9_-]{1,251}\.fifo)$/, example: 'arn:aws:sns:us-east-1:123456789012:my-topic' },
  bucket: { service: 's3', resource: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/, global: true, example: 'arn:aws:s3:::my-bucket' },
  table: { service: 'dynamodb', resource: /^table\/([a-zA-Z0-9_.-]{3,255})$/, example: 'arn:aws:dynamodb:us-east-1:123456789012:table/my-table' },
  tableStream: { service: 'dynamodb', resource: /^table\/([a-zA-Z0-9_.-]{3,255})\/stream\/.+$/, example: 'arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2024-01-01T00:00:00.000' },
  stream: { service: 'kinesis', resource: /^stream\/([a-zA-Z0-9_.-]{1,128})$/, example: 'arn:aws:kinesis:us-east-1:123456789012:stream/my-stream' },
  key: { service: 'kms', resource: /^key\/([a-zA-Z0-9-]{1,128})$/, example: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
} as const satisfies Record<string, ArnShape>;

/** A parsed literal ARN. */
export interface ParsedArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The name the resource part holds. */
  readonly name: string;
}

/**
 * Checks an ARN given to an import: a token (a CfnParameter's value, an attribute) is taken as it
 * is (undefined returned); a literal must be an ARN of the shape's service and resource.
 * @param what the method, for messages (`Queue.fromQueueArn`)
 */
export function checkArn(path: string | undefined, what: string, prop: string, value: unknown, shape: ArnShape): ParsedArn | undefined {
  if (typeof value !== 'string' || value === '') {
    throw new LambdaformError(path, `${what}: ${prop} must be an ARN string such as '${shape.example}', got ${describeValue(value)}`, 'wrong-type');
  }
  if (Token.isUnresolved(value)) return undefined;
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(value);
  const bad = (why: string): never => {
    throw new LambdaformError(path, `${what}: ${prop} must be ${shape.service === 's3' ? 'an' : 'a'} ${shape.service} ARN such as '${shape.example}', got '${value}' (${why})`, 'invalid-format');
  };
  if (!m) return bad('not an ARN: arn:<partition>:<service>:<region>:<account>:<resource>');
  const [, partition, service, region, account, resource] = m as unknown as [string, string, string, string, string | undefined, string];
  if (service !== shape.service) return bad(`an ARN of the service '${service}'`);
  if (shape.global ? region !== '' || account !== undefined : region === '' || account === undefined) {
    return bad(shape.global ? 'an S3 bucket ARN has no region and no account' : 'it needs a region and a 12-digit account');
  }
  const r = shape.resource.exec(resource);
  if (!r) return bad(`the resource part '${resource}' is not of this kind`);
  return { partition, region, account: account ?? '', name: r[1]! };
}

/**
 * The `index`th `:`-separated field of an ARN: the literal one, or `Fn.select(index, Fn.split(':', arn))`
 * for a token (what aws-cdk-lib's `Arn.split` writes for an ARN unknown before deploy).
 */
export function arnField(arn: string, index: number): string {
  if (!Token.isUnresolved(arn)) return arn.split(':')[index] ?? '';
  return Fn.select(index, Fn.split(':', arn));
}

/** The last `/`-separated part of an ARN's resource (`table/<name>`): a token's as `Fn.select(1, Fn.split('/', field 5))`. */
export function arnResourceName(arn: string, parsed: ParsedArn | undefined): string {
  if (parsed) return parsed.name;
  return Fn.select(1, Fn.split('/', arnField(arn, 5)));
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of this stack's region and account (aws-cdk-lib's `Stack.formatArn`). */
export function stackArn(service: string, resource: string, global = false): string {
  return global ? `arn:${Aws.PARTITION}:${service}:::${resource}` : `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
}

/**
 * Refuses a method on an import that would change the resource itself, which lives outside the
 * stack: aws-cdk-lib's imports have no such method (or it has no effect there).
 */
export function refuseOnImported(path: string, what: string, instead: string): never {
  throw new LambdaformError(path, `${what} is not possible on an imported resource (it exists outside this stack, and lambdaform writes nothing for it); ${instead}`, 'imported-resource');
}
