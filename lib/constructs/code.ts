import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashAssetFiles, listAssetFiles } from '../core/asset.js';
import { LambdaformError } from '../core/errors.js';
import type { StackModelBuilder } from '../model/builder.js';
import type { AssetModel, CodeModel } from '../model/types.js';

/** Options of `Code.fromAsset`. */
export interface AssetOptions {
  /** Relative paths (`tests`) or suffix patterns (`*.test.mjs`) left out of the zip. @default nothing excluded */
  readonly exclude?: readonly string[];
}

/** Something with a bucket name: a `Bucket`, or `{ bucketName: 'my-artifacts' }`. */
export interface IBucketName {
  readonly bucketName: string;
}

/** Bound code: what a function or layer puts in the model. */
export interface CodeConfig {
  readonly code: CodeModel;
  readonly asset?: AssetModel;
  /** Size of the inline source in bytes (inline code only). */
  readonly inlineBytes?: number;
}

/** ZipFile limit of CloudFormation inline code, in bytes. */
export const INLINE_CODE_MAX_BYTES = 4 * 1024 * 1024;

/** The code of a function or layer. */
export abstract class Code {
  /**
   * A local directory, zipped deterministically at synthesis and uploaded as an asset.
   * @param dir directory path, relative to the working directory or absolute
   */
  public static fromAsset(dir: string, options: AssetOptions = {}): Code {
    return new AssetCode(dir, options.exclude ?? []);
  }

  /** Inline source (CloudFormation `ZipFile`): one file, no dependencies, Node.js and Python only, at most 4 MB. */
  public static fromInline(source: string): Code {
    return new InlineCode(source);
  }

  /** A zip already in S3. */
  public static fromBucket(bucket: IBucketName, key: string, objectVersion?: string): Code {
    return new BucketCode(bucket.bucketName, key, objectVersion);
  }

  /** True for inline code (which has no dependencies and one file). */
  public abstract readonly isInline: boolean;

  /** @internal Resolves the code for a function or layer at `path`. */
  public abstract _bind(constructPath: string): CodeConfig;
}

class AssetCode extends Code {
  public readonly isInline = false;
  private bound: CodeConfig | undefined;

  constructor(
    private readonly dir: string,
    private readonly exclude: readonly string[],
  ) {
    super();
  }

  public _bind(constructPath: string): CodeConfig {
    if (this.bound) return this.bound;
    const abs = path.resolve(this.dir);
    if (!fs.existsSync(abs)) throw new LambdaformError(constructPath, `code asset directory '${this.dir}' does not exist (resolved to ${abs})`);
    if (!fs.statSync(abs).isDirectory()) throw new LambdaformError(constructPath, `code asset '${this.dir}' must be a directory, got a file`);
    const files = listAssetFiles(abs, this.exclude);
    if (files.length === 0) throw new LambdaformError(constructPath, `code asset directory '${this.dir}' is empty`);
    const id = hashAssetFiles(files);
    const rel = path.relative(process.cwd(), abs).split(path.sep).join('/') || '.';
    this.bound = { code: { kind: 'asset', assetId: id }, asset: { id, path: rel, exclude: [...this.exclude] } };
    return this.bound;
  }
}

class InlineCode extends Code {
  public readonly isInline = true;
  constructor(private readonly source: string) {
    super();
  }

  public _bind(constructPath: string): CodeConfig {
    const bytes = Buffer.byteLength(this.source, 'utf8');
    if (bytes === 0) throw new LambdaformError(constructPath, 'inline code must not be empty');
    if (bytes > INLINE_CODE_MAX_BYTES) {
      throw new LambdaformError(constructPath, `inline code must be at most ${INLINE_CODE_MAX_BYTES} bytes (4 MB), got ${bytes}; use Code.fromAsset`);
    }
    return { code: { kind: 'inline', source: this.source }, inlineBytes: bytes };
  }
}

class BucketCode extends Code {
  public readonly isInline = false;
  constructor(
    private readonly bucketName: string,
    private readonly key: string,
    private readonly objectVersion: string | undefined,
  ) {
    super();
  }

  public _bind(constructPath: string): CodeConfig {
    if (!this.key) throw new LambdaformError(constructPath, 'Code.fromBucket needs an object key');
    return {
      code: { kind: 'bucket', bucket: this.bucketName, key: this.key, ...(this.objectVersion ? { objectVersion: this.objectVersion } : {}) },
    };
  }
}

/** @internal Records the asset (if any) and returns the code model with tokens resolved. */
export function codeToModel(config: CodeConfig, b: StackModelBuilder, from: string): CodeModel {
  if (config.asset) b.addAsset(config.asset);
  const c = config.code;
  if (c.kind === 'bucket') return { ...c, bucket: b.resolve(c.bucket, from), key: b.resolve(c.key, from) };
  return c;
}
