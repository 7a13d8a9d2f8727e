import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file of an asset directory: its path relative to the directory (with `/`) and absolute path. */
export interface AssetFile {
  readonly relative: string;
  readonly absolute: string;
}

/**
 * Every regular file below `dir`, sorted by relative path, so hashing and zipping see the same
 * files in the same order on every machine. Symbolic links are followed; `exclude` holds
 * relative-path prefixes or `*.ext` suffix patterns.
 */
export function listAssetFiles(dir: string, exclude: readonly string[] = []): AssetFile[] {
  const out: AssetFile[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of fs.readdirSync(abs).sort()) {
      const childAbs = path.join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      if (isExcluded(childRel, exclude)) continue;
      const stat = fs.statSync(childAbs);
      if (stat.isDirectory()) walk(childAbs, childRel);
      else if (stat.isFile()) out.push({ relative: childRel, absolute: childAbs });
    }
  };
  walk(dir, '');
  return out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

function isExcluded(rel: string, exclude: readonly string[]): boolean {
  return exclude.some((p) => (p.startsWith('*') ? rel.endsWith(p.slice(1)) : rel === p || rel.startsWith(`${p}/`)));
}

/** sha256 over the sorted relative paths and contents of the files: the asset's identity. */
export function hashAssetFiles(files: readonly AssetFile[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.relative);
    h.update('\0');
    h.update(createHash('sha256').update(fs.readFileSync(f.absolute)).digest('hex'));
    h.update('\n');
  }
  return h.digest('hex');
}
