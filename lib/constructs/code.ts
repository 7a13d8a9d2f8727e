import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { assetPatterns, assetUnzippedBytes, FILE_MODE, hashAssetFiles, isZipFileName, listAssetFiles, SymlinkFollowMode, zipFileAsset, type AssetFile } from '../core/asset.js';
import { LambdaformError, throwProblems } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, P, type Fields } from '../core/props.js';
import { captureSource, formatSource } from '../core/source.js';
import { LIMITS } from '../model/defaults.js';
import type { AssetModel, CodeModel } from '../model/types.js';

export { DEFAULT_ASSET_EXCLUDES, SymlinkFollowMode } from '../core/asset.js';

/** Options of `Code.fromAsset`. */
export interface AssetOptions {
  /**
   * Patterns of files left out of the zip, added to the defaults ({@link DEFAULT_ASSET_EXCLUDES}:
   * `.env*`, `.git`, `.aws/`, `.aws-sam/`, `.npmrc`, `*.pem`, private SSH keys, `.DS_Store`,
   * `.lambdaform/`).
   * `.gitignore` syntax (matched with the `ignore` package, case-sensitive), except that a pattern
   * without glob characters names a path relative to the directory, as in earlier versions:
   * `tests` leaves out `./tests` only (write `**\/tests` for any depth), `lib/fixtures` that
   * directory; `*.test.mjs` leaves out such files at any depth.
   * @default only the defaults
   */
  readonly exclude?: readonly string[];
  /**
   * Patterns (same syntax) of files to zip although the defaults or `exclude` leave them out:
   * `['.env.production']` ships that file. Include wins over exclude. An excluded directory is
   * walked only where an include pattern can match inside it.
   * @default nothing re-included
   */
  readonly include?: readonly string[];
  /**
   * How symbolic links are handled (see {@link SymlinkFollowMode}).
   * @default SymlinkFollowMode.BLOCK_EXTERNAL: links inside the directory are followed, a link
   * leading outside it is an error
   */
  readonly followSymlinks?: SymlinkFollowMode;
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
  /**
   * Size of the code once unzipped, in bytes (the sum of its files' sizes), for the check of
   * {@link UNZIPPED_CODE_MAX_BYTES}: an asset's `unzippedBytes`, or the inline source's size;
   * undefined when unknown (`Code.fromBucket`).
   */
  readonly unzippedBytes?: number;
}

/** ZipFile limit of CloudFormation inline code, in bytes. */
export const INLINE_CODE_MAX_BYTES = LIMITS.function.inlineCodeBytes.max;

/**
 * Lambda's quota on a function's code and all its layers once unzipped: "250 MB", which Lambda
 * counts as 250 × 1024 × 1024 = 262,144,000 bytes. Sources (AWS documentation): the Lambda quotas
 * page ("Deployment package (.zip file archive) size: 250 MB (unzipped): the maximum size of the
 * contents of a deployment package, including layers and custom runtimes"), and the exact byte
 * count that `aws lambda get-account-settings` reports as `AccountLimit.CodeSizeUnzipped`
 * (262144000 in the Lambda Developer Guide's and the AWS CLI reference's examples), which is
 * also the number in Lambda's deploy error ("Unzipped size must be smaller than 262144000 bytes").
 * {@link checkUnzippedSize} accepts a total of exactly this many bytes.
 */
export const UNZIPPED_CODE_MAX_BYTES = LIMITS.function.unzippedCodeBytes.max;

const MIB = 1024 * 1024;

/** `1 byte`, `1234 bytes`, `200000000 bytes (190.73 MiB)`. */
function sizeText(bytes: number): string {
  const b = bytes === 1 ? '1 byte' : `${bytes} bytes`;
  return bytes >= MIB ? `${b} (${Number((bytes / MIB).toFixed(2))} MiB)` : b;
}

/**
 * Throws a LambdaformError at `path` when the parts (a function's code and each of its layers,
 * with their unzipped sizes) add up to more than {@link UNZIPPED_CODE_MAX_BYTES}; the message
 * lists each part's size, the total and the limit.
 */
export function checkUnzippedSize(path: string, parts: Array<{ what: string; bytes: number }>): void {
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  if (total <= UNZIPPED_CODE_MAX_BYTES) return;
  const list = parts.map((p) => `${p.what} ${sizeText(p.bytes)}`).join(' + ');
  throw new LambdaformError(
    path,
    `code and layers must be at most ${sizeText(UNZIPPED_CODE_MAX_BYTES)} unzipped (Lambda's 250 MB quota), got ${sizeText(total)}: ${list}; make the code or its layers smaller, or use a container image`,
  );
}

/** The description of `AssetOptions`. */
const ASSET_OPTIONS: Fields = {
  exclude: P.array(P.string()),
  include: P.array(P.string()),
  followSymlinks: P.enumOf(SymlinkFollowMode, 'SymlinkFollowMode'),
};

/** What `Code.fromAsset(dir, options)` is checked against: the directory, then the options. */
const ASSET_FIELDS: Fields = { dir: P.string({ required: true }), ...ASSET_OPTIONS };

/** The code of a function or layer. */
export abstract class Code {
  /**
   * A local directory, zipped deterministically at synthesis and uploaded as an asset, or a `.zip`
   * file, uploaded as it is (as aws-cdk-lib takes it).
   * @param dir directory or `.zip` file path, relative to the working directory or absolute
   */
  public static fromAsset(dir: string, options: AssetOptions = {}): AssetCode {
    return new AssetCode(dir, options);
  }

  /**
   * A bundle directory made from a source entry (NodejsFunction): an asset like `fromAsset`, whose
   * model records the entry so lint reads the source.
   * @internal
   */
  public static _fromBundle(dir: string, entry: string): Code {
    return AssetCode._bundle(dir, entry);
  }

  /** Inline source (CloudFormation `ZipFile`): one file, no dependencies, Node.js and Python only, at most 4 MB. */
  public static fromInline(source: string): InlineCode {
    return new InlineCode(source);
  }

  /** A zip already in S3. */
  public static fromBucket(bucket: IBucketName, key: string, objectVersion?: string): S3Code {
    return new S3Code(bucket, key, objectVersion);
  }

  /** True for inline code (which has no dependencies and one file). */
  public abstract readonly isInline: boolean;

  /** @internal Resolves the code for a function or layer at `path` (`scope`: that construct). */
  public abstract _bind(constructPath: string, scope?: IConstruct): CodeConfig;
}

/**
 * A local directory, zipped deterministically at synthesis and uploaded as an asset, or a `.zip`
 * file uploaded as it is (`Code.fromAsset`).
 */
export class AssetCode extends Code {
  public readonly isInline = false;
  private bound: CodeConfig | undefined;
  private readonly options: AssetOptions;
  /** The source entry a bundle was made from (absolute). */
  private bundledFrom: string | undefined;

  /**
   * @param path directory or `.zip` file path, relative to the working directory or absolute
   */
  constructor(
    public readonly path: string,
    options: AssetOptions = {},
  ) {
    super();
    // No construct yet: problems point at the user's line (looked up only when there are problems:
    // this is still the user's call, and capturing a stack for every asset costs microseconds).
    const given = { dir: path, ...(options ?? {}) };
    if (checkProps('Code.fromAsset', 'AssetOptions', ASSET_FIELDS, given).length > 0) {
      const at = captureSource();
      const where = at ? formatSource(at) : 'Code.fromAsset';
      throwProblems(where, checkProps(where, 'AssetOptions', ASSET_FIELDS, given));
    }
    this.options = { exclude: [...(options.exclude ?? [])], include: [...(options.include ?? [])], followSymlinks: options.followSymlinks ?? SymlinkFollowMode.BLOCK_EXTERNAL };
  }

  /** @internal A bundle directory made from a source entry. */
  public static _bundle(dir: string, entry: string): AssetCode {
    const code = new AssetCode(dir);
    code.bundledFrom = entry;
    return code;
  }

  private get dir(): string {
    return this.path;
  }

  public _bind(constructPath: string, scope?: IConstruct): CodeConfig {
    if (this.bound) return this.bound;
    const abs = path.resolve(this.dir);
    const key = JSON.stringify([abs, process.cwd(), this.options, this.bundledFrom ?? null]);
    const known = hashed.get(key);
    const root = scope?.node.root;
    // Checked once per App: the directory's files as they were when the App first used it.
    if (known && root !== undefined && known.checkedFor === root) return (this.bound = known.config);
    if (known && signatureOf(abs, known.files) === known.signature) {
      known.checkedFor = root;
      return (this.bound = known.config);
    }
    const { config, files } = this.hash(constructPath, abs);
    hashed.set(key, { config, files, signature: signatureOf(abs, files), checkedFor: root });
    this.bound = config;
    return config;
  }

  private hash(constructPath: string, abs: string): { config: CodeConfig; files: readonly AssetFile[] } {
    if (!fs.existsSync(abs)) throw new LambdaformError(constructPath, `code asset ${isZipFileName(abs) ? 'file' : 'directory'} '${this.dir}' does not exist (resolved to ${abs})`);
    if (!fs.statSync(abs).isDirectory()) {
      if (!isZipFileName(abs)) throw new LambdaformError(constructPath, `code asset '${this.dir}' must be a directory or a .zip file, got a file of another kind`);
      return this.hashZip(constructPath, abs);
    }
    const { exclude, include } = assetPatterns(this.options.exclude, this.options.include);
    const followSymlinks = this.options.followSymlinks ?? SymlinkFollowMode.BLOCK_EXTERNAL;
    let files;
    try {
      files = listAssetFiles(abs, { exclude, include, followSymlinks, label: this.dir });
    } catch (e) {
      if (e instanceof LambdaformError) throw new LambdaformError(constructPath, `code asset directory '${this.dir}': ${e.detail}`);
      throw e;
    }
    if (files.length === 0) {
      const empty = fs.readdirSync(abs).length === 0;
      throw new LambdaformError(constructPath, `code asset directory '${this.dir}' ${empty ? 'is empty' : 'has no file left to zip once the excludes (defaults and exclude) are applied'}`);
    }
    const id = hashAssetFiles(files);
    const unzippedBytes = assetUnzippedBytes(files);
    const rel = path.relative(process.cwd(), abs).split(path.sep).join('/') || '.';
    const from = this.bundledFrom === undefined ? undefined : path.relative(process.cwd(), path.resolve(this.bundledFrom)).split(path.sep).join('/');
    return { config: { code: { kind: 'asset', assetId: id }, asset: { id, path: rel, exclude, include, followSymlinks, unzippedBytes, ...(from !== undefined ? { bundledFrom: from } : {}) }, unzippedBytes }, files };
  }

  /** A `.zip` file, used as it is: hashed by its bytes, its unzipped size read from its entries. */
  private hashZip(constructPath: string, abs: string): { config: CodeConfig; files: readonly AssetFile[] } {
    if (this.options.exclude?.length || this.options.include?.length) {
      throw new LambdaformError(constructPath, `code asset '${this.dir}' is a .zip file, used as it is: exclude and include apply to a directory only`);
    }
    if (this.bundledFrom !== undefined) throw new LambdaformError(constructPath, `a bundle must be a directory, got the file '${this.dir}'`);
    const bytes = fs.readFileSync(abs);
    const rel = path.relative(process.cwd(), abs).split(path.sep).join('/');
    let made;
    try {
      made = zipFileAsset(bytes, rel, this.options.followSymlinks);
    } catch (e) {
      throw new LambdaformError(constructPath, `code asset '${this.dir}' is not a readable zip file (${(e as Error).message}); give a directory or a valid .zip file`);
    }
    const { asset, entries } = made;
    if (entries.every((e) => e.name.endsWith('/'))) throw new LambdaformError(constructPath, `code asset '${this.dir}' is a zip file with no file in it`);
    const file: AssetFile = { relative: path.basename(abs), absolute: abs, mode: FILE_MODE, size: bytes.byteLength };
    return { config: { code: { kind: 'asset', assetId: asset.id }, asset, unzippedBytes: asset.unzippedBytes }, files: [file] };
  }
}

/**
 * Asset directories (and .zip files) hashed in this process, by directory and options, as
 * aws-cdk-lib keeps them: an app that gives a thousand functions `Code.fromAsset` of one directory
 * lists and hashes it once. An entry is used again only while its directory looks unchanged (`signatureOf`), which
 * is checked once per App (`checkedFor`): the constructs of one App see the directory as it was
 * when the App first used it.
 */
const hashed = new Map<string, { readonly config: CodeConfig; readonly files: readonly AssetFile[]; readonly signature: string; checkedFor: IConstruct | undefined }>();

/**
 * What changes when an asset directory's content may have changed, read from `stat` alone: the
 * modification time of the directory and of every directory holding a listed file (a file added,
 * removed or renamed), and each listed file's size, mode and change time (a write or a chmod).
 * Undefined values (a file gone) make a signature no earlier one matches.
 */
function signatureOf(root: string, files: readonly AssetFile[]): string {
  const dirs = new Set<string>([root]);
  const parts: string[] = [];
  for (const f of files) {
    dirs.add(path.dirname(f.absolute));
    const st = fs.statSync(f.absolute, { throwIfNoEntry: false });
    parts.push(st ? `${st.size}:${st.mode}:${st.ctimeMs}:${st.mtimeMs}` : '-');
  }
  for (const d of dirs) parts.push(String(fs.statSync(d, { throwIfNoEntry: false })?.mtimeMs));
  return parts.join('|');
}

/** Inline source, written as CloudFormation's `ZipFile` (`Code.fromInline`). */
export class InlineCode extends Code {
  public readonly isInline = true;
  /** @param source the handler's source: one file, Node.js or Python, at most 4 MB */
  constructor(private readonly source: string) {
    super();
  }

  public _bind(constructPath: string): CodeConfig {
    const bytes = Buffer.byteLength(this.source, 'utf8');
    if (bytes === 0) throw new LambdaformError(constructPath, 'inline code must not be empty');
    if (bytes > INLINE_CODE_MAX_BYTES) {
      throw new LambdaformError(constructPath, `inline code must be at most ${INLINE_CODE_MAX_BYTES} bytes (4 MB), got ${bytes}; use Code.fromAsset`);
    }
    return { code: { kind: 'inline', source: this.source }, inlineBytes: bytes, unzippedBytes: bytes };
  }
}

/** A zip already in S3 (`Code.fromBucket`). */
export class S3Code extends Code {
  public readonly isInline = false;
  private readonly bucketName: string;

  /**
   * @param bucket the bucket holding the zip (a `Bucket`, or anything with a `bucketName`)
   * @param key the object key of the zip
   * @param objectVersion the object version @default the latest
   */
  constructor(
    bucket: IBucketName,
    private readonly key: string,
    private readonly objectVersion?: string,
  ) {
    super();
    this.bucketName = bucket.bucketName;
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
