import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Zippable } from 'fflate';
import { fflate, hashAssetFiles, hashZipFile, listAssetFiles, SymlinkFollowMode } from '../core/asset.js';
import { LambdaformError } from '../core/errors.js';
import type { AssetModel } from '../model/types.js';
import { ASSET_BUCKET_PARAMETER, assetKey } from './render-context.js';

/** One entry of `assets.json`. */
export interface AssetManifestEntry {
  /** Content hash of the source directory (or `.zip` file). */
  readonly id: string;
  /** The source directory (or `.zip` file, copied as it is), relative to the app's working directory. */
  readonly source: string;
  /** The zip, relative to the out directory. */
  readonly file: string;
  /** The S3 key the templates expect (in the bucket given as the `AssetsBucket` parameter). */
  readonly key: string;
  /** sha256 of the zip bytes. */
  readonly sha256: string;
  /** Size of the zip in bytes. */
  readonly bytes: number;
}

/** `assets.json`: what to upload where before deploying a CloudFormation template. */
export interface AssetManifest {
  readonly version: 1;
  readonly bucketParameter: string;
  readonly assets: readonly AssetManifestEntry[];
}

// A fixed local-time date: the DOS timestamps in the zip are then the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** External attributes of a zip entry made on unix (`os` 3): the unix mode in the high 16 bits. */
const unixAttrs = (mode: number): number => (mode << 16) >>> 0;

/**
 * Zips an asset directory deterministically: entries sorted, fixed timestamps, normalized unix
 * modes (0644, 0755 for a file executable by its owner, 0120777 for a link kept as a link), fixed
 * compression level. The same files give the same bytes on every run and machine. The entries are
 * listed again from the model's patterns and symlink mode and must hash to the model's id; each
 * file is read once, for both the hash and the zip. A `.zip` file asset gives its own bytes.
 */
export function zipAsset(asset: AssetModel, baseDir: string): Uint8Array {
  if (asset.zipFile) return zipFileAsset(asset, baseDir);
  const dir = path.resolve(baseDir, asset.path);
  if (!fs.existsSync(dir)) throw new LambdaformError(asset.path, `asset directory does not exist (resolved to ${dir})`);
  const files = listAssetFiles(dir, {
    exclude: asset.exclude,
    include: asset.include ?? [],
    followSymlinks: asset.followSymlinks ?? SymlinkFollowMode.BLOCK_EXTERNAL,
    label: asset.path,
  });
  const contents = files.map((f) => (f.linkTarget !== undefined ? Buffer.from(f.linkTarget) : fs.readFileSync(f.absolute)));
  const actual = hashAssetFiles(files, (_f, i) => contents[i]!);
  if (actual !== asset.id) {
    throw new LambdaformError(asset.path, `asset directory changed since the app was synthesized (hash ${actual.slice(0, 12)}, expected ${asset.id.slice(0, 12)}); synthesize again`);
  }
  const entries: Zippable = {};
  files.forEach((f, i) => {
    const level = f.linkTarget !== undefined ? 0 : 6;
    entries[f.relative] = [contents[i]!, { mtime: FIXED_MTIME, level, os: 3, attrs: unixAttrs(f.mode) }];
  });
  return zip()(entries, { mtime: FIXED_MTIME });
}

/**
 * The bytes of a `.zip` file asset, as they are (not zipped again), which must still hash to the
 * model's id.
 */
function zipFileAsset(asset: AssetModel, baseDir: string): Uint8Array {
  const file = path.resolve(baseDir, asset.path);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new LambdaformError(asset.path, `cannot read the asset zip file (resolved to ${file}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const actual = hashZipFile(bytes);
  if (actual !== asset.id) {
    throw new LambdaformError(asset.path, `asset zip file changed since the app was synthesized (hash ${actual.slice(0, 12)}, expected ${asset.id.slice(0, 12)}); synthesize again`);
  }
  return bytes;
}

/** Writes every asset zip (a `.zip` file asset copied as it is) under `<outdir>/assets/` and returns the manifest (also written as `assets.json`). */
export function writeAssets(assets: readonly AssetModel[], baseDir: string, outdir: string): AssetManifest {
  const entries: AssetManifestEntry[] = [];
  const seen = new Set<string>();
  for (const asset of assets) {
    if (seen.has(asset.id)) continue;
    seen.add(asset.id);
    const zip = zipAsset(asset, baseDir);
    const file = `assets/${assetKey(asset.id)}`;
    fs.mkdirSync(path.join(outdir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(outdir, file), zip);
    entries.push({ id: asset.id, source: asset.path, file, key: assetKey(asset.id), sha256: createHash('sha256').update(zip).digest('hex'), bytes: zip.byteLength });
  }
  entries.sort((a, b) => (a.id < b.id ? -1 : 1));
  const manifest: AssetManifest = { version: 1, bucketParameter: ASSET_BUCKET_PARAMETER, assets: entries };
  fs.writeFileSync(path.join(outdir, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** fflate's `zipSync` (fflate loaded when an asset is first zipped). */
function zip(): typeof import('fflate').zipSync {
  return fflate().zipSync;
}
