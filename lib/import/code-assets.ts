/**
 * Code assets named by templates: SAM's `CodeUri`/`ContentUri`, and the asset directories
 * aws-cdk-lib stages beside its templates (`aws:asset:path` Metadata), as `Code.fromAsset` makes them.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assetPatterns, assetUnzippedBytes, hashAssetFiles, isZipFileName, listAssetFiles, SymlinkFollowMode, zipFileAsset } from '../core/asset.js';
import type { AssetModel } from '../model/types.js';
import type { ImportContext } from './context.js';

/**
 * The asset of a code directory named in the template: its path relative to the working
 * directory; when the directory is here, listed and hashed as `Code.fromAsset` does (its
 * default excludes, links inside it followed), so a template lambdaform wrote gives the app's
 * asset ids back; otherwise (it may not exist yet, or not here) an id that is a hash of the path,
 * nothing excluded, and no size.
 */
export function codeAsset(ctx: ImportContext, uri: string): AssetModel {
  const abs = path.resolve(ctx.cwd, path.dirname(ctx.doc.file), uri);
  const rel = path.relative(ctx.cwd, abs).split(path.sep).join('/') || '.';
  const existing = ctx.assets.find((a) => a.path === rel);
  if (existing) return existing;
  const asset = (isZipFileName(abs) ? zipAsset(abs, rel) : listedAsset(abs, rel)) ?? { id: createHash('sha256').update(rel).digest('hex'), path: rel, exclude: [], include: [], followSymlinks: 'external', unzippedBytes: directoryBytes(abs) };
  ctx.assets.push(asset);
  return asset;
}

/** A `.zip` file's asset as `Code.fromAsset` makes it (its id from its bytes, its size from its entries); undefined when it cannot be read here as a zip. */
function zipAsset(abs: string, rel: string): AssetModel | undefined {
  try {
    return zipFileAsset(fs.readFileSync(abs), rel).asset;
  } catch {
    return undefined;
  }
}

/** A code directory's asset as `Code.fromAsset` makes it with its defaults; undefined when it cannot be listed here. */
function listedAsset(abs: string, rel: string): AssetModel | undefined {
  try {
    if (!fs.statSync(abs).isDirectory()) return undefined;
    const { exclude, include } = assetPatterns();
    const files = listAssetFiles(abs, { exclude, include, followSymlinks: SymlinkFollowMode.BLOCK_EXTERNAL, label: rel });
    if (files.length === 0) return undefined;
    return { id: hashAssetFiles(files), path: rel, exclude, include, followSymlinks: SymlinkFollowMode.BLOCK_EXTERNAL, unzippedBytes: assetUnzippedBytes(files) };
  } catch {
    return undefined;
  }
}

/** Sum of the sizes of the files below a directory (links followed, each directory once); 0 when it does not exist. */
function directoryBytes(dir: string): number {
  const seen = new Set<string>();
  const walk = (d: string): number => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch {
      return 0;
    }
    if (seen.has(real)) return 0;
    seen.add(real);
    let total = 0;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return 0;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue; // a dangling link
      }
      if (st.isDirectory()) total += walk(p);
      else if (st.isFile()) total += st.size;
    }
    return total;
  };
  try {
    return fs.statSync(dir).isDirectory() ? walk(dir) : fs.statSync(dir).size;
  } catch {
    return 0;
  }
}
