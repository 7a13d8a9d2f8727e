/**
 * KMS keys as aws-cdk-lib's `aws-kms` has them, for the props that take a key (a queue's
 * `encryptionMasterKey`, a topic's `masterKey`, a table's or bucket's `encryptionKey`, a
 * function's `environmentEncryption`): existing keys only (`Key.fromKeyArn`,
 * `Alias.fromAliasName`). A new key (`new Key(...)`, an `AWS::KMS::Key`) is not modelled.
 *
 * Its own file, exported only from `lambdaform/aws-kms`: `Alias` is also aws-lambda's.
 */
import { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import { grant, type IGrantable } from './iam.js';
import { ARN_SHAPES, checkArn, importPath, stackArn } from './imported.js';

/** The actions aws-cdk-lib's `grantEncrypt` gives on a key. */
export const KMS_ENCRYPT_ACTIONS: readonly string[] = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
/** The actions aws-cdk-lib's `grantDecrypt` gives on a key. */
export const KMS_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt'];

/** A KMS key (aws-cdk-lib's `IKey`): an existing key by ARN, or an alias. */
export interface IKey {
  /** The key's ARN (an alias's ARN for `Alias.fromAliasName`). */
  readonly keyArn: string;
  /** The key id (the alias name for an alias). */
  readonly keyId: string;
  /** Allows the grantee these actions on the key (`kms:Decrypt`, ...). */
  grant(grantee: IGrantable, ...actions: string[]): void;
  /** Allows decrypting: `kms:Decrypt`. */
  grantDecrypt(grantee: IGrantable): void;
  /** Allows encrypting: `kms:Encrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`. */
  grantEncrypt(grantee: IGrantable): void;
  /** Allows both (`grantEncrypt` and `grantDecrypt`). */
  grantEncryptDecrypt(grantee: IGrantable): void;
}

/** True for a key made by `Key.fromKeyArn` or `Alias.fromAliasName`. */
export function isKey(v: unknown): v is IKey {
  return v instanceof KeyBase;
}

/**
 * The alias name when `key` is an AWS managed key's alias (`alias/aws/sns`, `alias/aws/sqs`, ...),
 * else undefined. Such a key's policy is AWS's: it allows the app's own roles through the service,
 * never another service (S3, EventBridge, SNS) sending to the resource.
 */
export function awsManagedAlias(key: IKey | undefined): string | undefined {
  return key instanceof ImportedAlias && key.aliasName.startsWith('alias/aws/') ? key.aliasName : undefined;
}

abstract class KeyBase extends Construct implements IKey {
  public abstract readonly keyArn: string;
  public abstract readonly keyId: string;
  public abstract grant(grantee: IGrantable, ...actions: string[]): void;
  public grantDecrypt(grantee: IGrantable): void {
    this.grant(grantee, ...KMS_DECRYPT_ACTIONS);
  }
  public grantEncrypt(grantee: IGrantable): void {
    this.grant(grantee, ...KMS_ENCRYPT_ACTIONS);
  }
  public grantEncryptDecrypt(grantee: IGrantable): void {
    this.grant(grantee, ...KMS_DECRYPT_ACTIONS, ...KMS_ENCRYPT_ACTIONS);
  }
}

class ImportedKey extends KeyBase {
  public readonly keyId: string;
  constructor(
    scope: Construct,
    id: string,
    public readonly keyArn: string,
    keyId: string,
  ) {
    super(scope, id);
    this.keyId = keyId;
  }
  public grant(grantee: IGrantable, ...actions: string[]): void {
    grant(grantee, [...new Set(actions)].sort(), [this.keyArn], 'grant');
  }
}

/**
 * A KMS key (aws-cdk-lib's `aws-kms` `Key`). Only existing keys are supported:
 * `Key.fromKeyArn(scope, id, arn)`. `new Key(...)` (an `AWS::KMS::Key`) is refused.
 */
export class Key extends KeyBase {
  /** An existing key by ARN (`arn:aws:kms:us-east-1:123456789012:key/<id>`), or a token such as a CfnParameter's value. */
  public static fromKeyArn(scope: Construct, id: string, keyArn: string): IKey {
    const parsed = checkArn(importPath(scope, id), 'Key.fromKeyArn', 'keyArn', keyArn, ARN_SHAPES.key);
    return new ImportedKey(scope, id, keyArn, parsed ? parsed.name : keyArn);
  }

  /** Refused: lambdaform does not look resources up in an account at synthesis. */
  public static fromLookup(scope: Construct, id: string, _options?: unknown): IKey {
    throw new LambdaformError(
      importPath(scope, id),
      'Key.fromLookup is not supported by lambdaform (it does not look resources up in an account at synthesis): use Key.fromKeyArn(scope, id, arn), with the ARN from a CfnParameter when it differs between environments, or Alias.fromAliasName(scope, id, \'alias/name\')',
      'unsupported-method',
    );
  }

  declare public readonly keyArn: string;
  declare public readonly keyId: string;

  /** Refused: lambdaform does not create KMS keys (`AWS::KMS::Key`). */
  constructor(scope: Construct, id: string, _props?: unknown) {
    throw new LambdaformError(
      importPath(scope, id),
      "new Key(scope, id, {...}) (a new KMS key, AWS::KMS::Key) is not supported by lambdaform: use an existing key with Key.fromKeyArn(scope, id, arn) or Alias.fromAliasName(scope, id, 'alias/name'), or the AWS managed key of the service (QueueEncryption.KMS_MANAGED, TableEncryption.AWS_MANAGED, BucketEncryption.KMS_MANAGED)",
      'unsupported-construct',
    );
    super(scope, id);
  }

  public grant(): void {}
}

/** A KMS alias (aws-cdk-lib's `IAlias`): a key by its alias name. */
export interface IAlias extends IKey {
  /** `alias/<name>`. */
  readonly aliasName: string;
}

class ImportedAlias extends KeyBase implements IAlias {
  public readonly keyArn: string;
  public readonly keyId: string;
  constructor(
    scope: Construct,
    id: string,
    public readonly aliasName: string,
  ) {
    super(scope, id);
    this.keyArn = stackArn('kms', aliasName);
    this.keyId = aliasName;
  }
  /** As aws-cdk-lib (without its feature flag): an imported alias names no key a statement could hold, so nothing is granted on it; the key's own policy must allow the grantee. */
  public grant(): void {}
  /** Refused, as in aws-cdk-lib. */
  public get aliasTargetKey(): IKey {
    throw new LambdaformError(this.node.path, 'cannot access aliasTargetKey on an Alias imported by Alias.fromAliasName()', 'imported-resource');
  }
}

/**
 * A KMS alias (aws-cdk-lib's `aws-kms` `Alias`). Only existing aliases are supported:
 * `Alias.fromAliasName(scope, id, 'alias/name')`. `new Alias(...)` (an `AWS::KMS::Alias`) is refused.
 */
export class Alias extends KeyBase implements IAlias {
  /**
   * An existing alias by name (`alias/my-key`), or an AWS managed key's (`alias/aws/sns`, as in
   * aws-cdk-lib). Its `keyArn` is the alias's ARN in this stack's region and account. As in
   * aws-cdk-lib, grants on it add nothing (the key's policy must allow the grantee; an AWS managed
   * key's allows the account's roles through its service). A queue or topic encrypted with an AWS
   * managed key cannot receive from another AWS service (S3, EventBridge, SNS): lambdaform refuses
   * those deliveries.
   */
  public static fromAliasName(scope: Construct, id: string, aliasName: string): IAlias {
    if (typeof aliasName !== 'string' || !/^alias\/[a-zA-Z0-9:/_-]{1,250}$/.test(aliasName)) {
      throw new LambdaformError(
        importPath(scope, id),
        `Alias.fromAliasName: aliasName must be 'alias/' then 1-250 letters, digits and :/_-, got ${typeof aliasName === 'string' ? `'${aliasName}'` : describeValue(aliasName)}`,
        'invalid-format',
      );
    }
    return new ImportedAlias(scope, id, aliasName);
  }

  /** Refused: lambdaform does not look resources up in an account at synthesis. */
  public static fromAliasAttributes(scope: Construct, id: string, _attrs?: unknown): IAlias {
    throw new LambdaformError(importPath(scope, id), "Alias.fromAliasAttributes is not supported by lambdaform: use Alias.fromAliasName(scope, id, 'alias/name'), or Key.fromKeyArn(scope, id, arn) for the key itself", 'unsupported-method');
  }

  declare public readonly keyArn: string;
  declare public readonly keyId: string;
  declare public readonly aliasName: string;

  /** Refused: lambdaform does not create KMS aliases (`AWS::KMS::Alias`). */
  constructor(scope: Construct, id: string, _props?: unknown) {
    throw new LambdaformError(
      importPath(scope, id),
      "new Alias(scope, id, {...}) (a new KMS alias, AWS::KMS::Alias) is not supported by lambdaform: use an existing one with Alias.fromAliasName(scope, id, 'alias/name')",
      'unsupported-construct',
    );
    super(scope, id);
  }

  public grant(): void {}
}
