/**
 * Code given as a `.zip` file (`Code.fromAsset('fn.zip')`, a SAM `CodeUri: fn.zip`) runs locally
 * from a directory it is extracted to once: `<app>/.lambdaform/zips/<asset id>/` (or, when the
 * app's directory cannot be written, `<os temp dir>/lambdaform-<uid>/zips/<asset id>/`). The
 * asset id is the zip's content hash, so a directory there is the extraction of those bytes: it
 * is used again as it is. Extraction is deterministic (entries written in name order) and made in
 * a temporary directory renamed into place, so concurrent runs never see half a directory.
 *
 * Entries are checked before anything is written: a name that is absolute (`/etc/x`, `C:\x`) or
 * climbs out of the directory (`../x`, `a/../../x`) is refused with an error naming the zip and
 * the entry. Entries are written as regular files (unix modes and symbolic links are not restored:
 * Node.js handlers need neither).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { LambdaformError } from '../../core/errors.js';

/** Where zips are extracted, below the app's directory. */
export const ZIP_CACHE_DIR = '.lambdaform/zips';

/**
 * The directory `zipFile` (absolute) is extracted to, extracting it the first time.
 * @param id the asset id (the zip's content hash): the cache key
 * @param appDir the app's working directory, under whose `.lambdaform/` the cache goes
 * @param label how errors name the zip (its path as the model holds it)
 */
export function extractedZipDir(zipFile: string, id: string, appDir: string, label: string): string {
  if (!/^[0-9a-zA-Z_-]+$/.test(id)) throw new LambdaformError(label, `asset id '${id}' cannot name a directory`);
  const roots = [path.join(appDir, ZIP_CACHE_DIR), path.join(os.tmpdir(), `lambdaform-${uid()}`, 'zips')];
  for (const root of roots) {
    const dest = path.join(root, id);
    if (fs.existsSync(dest)) return dest;
  }
  const entries = readZip(zipFile, label);
  let lastError: unknown;
  for (const root of roots) {
    try {
      fs.mkdirSync(root, { recursive: true });
    } catch (e) {
      lastError = e;
      continue;
    }
    try {
      return extractInto(root, id, entries);
    } catch (e) {
      // An entry that cannot be a file there (a file and a directory of one name, `a` and `a/b`): the zip, not the machine.
      throw new LambdaformError(label, `cannot extract the code zip file ${zipFile} to run it locally: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}; does it hold a file and a directory of one name?`.replace(/ {2,}/g, ' '));
    }
  }
  throw new LambdaformError(label, `cannot create a directory to extract the zip file into (${roots.join(', ')}): ${(lastError as Error).message}`);
}

/** The entries of the zip, checked, in name order (directories as names ending in `/`). */
function readZip(zipFile: string, label: string): Array<[string, Uint8Array]> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(zipFile);
  } catch (e) {
    throw new LambdaformError(label, `cannot read the code zip file ${zipFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = fflate().unzipSync(bytes);
  } catch (e) {
    throw new LambdaformError(label, `the code zip file ${zipFile} is not a readable zip (${(e as Error).message})`);
  }
  const names = Object.keys(files).sort();
  for (const name of names) checkEntryName(name, label);
  return names.map((n) => [n.replace(/\\/g, '/'), files[n]!]);
}

/**
 * Refuses an entry name that would be written outside the extraction directory: absolute (a leading
 * `/` or `\`, a drive letter) or with a `..` segment.
 */
export function checkEntryName(name: string, label: string): void {
  const unix = name.replace(/\\/g, '/');
  if (unix.startsWith('/') || /^[a-zA-Z]:/.test(unix)) {
    throw new LambdaformError(label, `the code zip file has an entry with an absolute path, '${name}', which would be extracted outside its directory; rebuild the zip with relative paths`);
  }
  if (unix.split('/').includes('..')) {
    throw new LambdaformError(label, `the code zip file has an entry '${name}' whose '..' leads outside its directory; rebuild the zip without '..' in its paths`);
  }
}

/** Writes the entries into a fresh directory under `root`, renamed to `root/id` (or left to a concurrent run that got there first). */
function extractInto(root: string, id: string, entries: ReadonlyArray<[string, Uint8Array]>): string {
  const dest = path.join(root, id);
  const tmp = fs.mkdtempSync(path.join(root, `${id}.tmp-`));
  try {
    for (const [name, data] of entries) {
      const target = path.join(tmp, ...name.split('/').filter((s) => s !== '' && s !== '.'));
      if (name.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, data);
    }
    try {
      fs.renameSync(tmp, dest);
    } catch (e) {
      // Another run extracted the same bytes first: use its directory.
      if (!fs.existsSync(dest)) throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dest;
}

function uid(): string {
  try {
    return String(os.userInfo().uid);
  } catch {
    return 'user';
  }
}

let fflateModule: typeof import('fflate') | undefined;

/** fflate, loaded when a zip is first extracted. */
function fflate(): typeof import('fflate') {
  return (fflateModule ??= createRequire(import.meta.url)('fflate') as typeof import('fflate'));
}
