import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { LambdaformError } from './errors.js';
import type { AssetModel } from '../model/types.js';

/**
 * How the symbolic links of an asset directory are handled. Named and valued like AWS CDK's
 * `SymlinkFollowMode` (`aws-cdk-lib/core/lib/fs/options.ts`), so code moving between the two
 * reads the same. The issue that asked for this called the modes `'always' | 'never' | 'within'`:
 * `'always'` is {@link ALWAYS}, `'never'` is {@link NEVER} and `'within'` is {@link BLOCK_EXTERNAL}.
 *
 * A link is *internal* when its target (all links resolved) lies inside the asset directory,
 * *external* otherwise. Following a link zips its target's content under the link's name (a
 * directory link is walked like a directory); a link that is not followed is zipped as a link
 * (unix mode 0120777, the entry's content is the link's target as written), which Lambda
 * unpacks as a symbolic link.
 *
 * In every mode that follows links, a dangling link (whose target does not exist, such as an
 * editor lock file `.#index.js`) is skipped with a warning on stderr, and a directory link that
 * leads back to a directory being walked (a loop) is an error.
 */
export enum SymlinkFollowMode {
  /** Never follow links: every link is zipped as a link, internal or external, dangling or not (CDK: the same). */
  NEVER = 'never',

  /**
   * Follow every link, internal or external: the zip holds the targets' content, wherever it is on
   * this machine (CDK: the same). Use it for a directory assembled from links to files elsewhere.
   */
  ALWAYS = 'always',

  /** Follow only external links; internal links are zipped as links (CDK: the same). */
  EXTERNAL = 'external',

  /**
   * The default (the issue's `'within'`): follow internal links, and refuse an external link with
   * an error naming it, so a link cannot ship a file from elsewhere on this machine (a key, a
   * password file) by accident. CDK's mode of this name refuses external links too, but keeps
   * internal links as links where lambdaform zips their targets' content.
   */
  BLOCK_EXTERNAL = 'internal-only',
}

/** A {@link SymlinkFollowMode} or its string value (as the model stores it). */
export type SymlinkFollowModeValue = `${SymlinkFollowMode}`;

/**
 * What is left out of every asset zip unless an `include` pattern names it: files that hold
 * secrets, and version-control and build-tool clutter. In `.gitignore` syntax, at any depth:
 *
 * - `.env*`: dotenv files (`.env`, `.env.production`, `.envrc`), which hold secrets;
 * - `.git`: a repository (or a worktree's `.git` file);
 * - `.aws/`: AWS CLI credentials and config;
 * - `.aws-sam/`: `sam build` output (left out by `sam build` itself, as is `.git`, `.env`);
 * - `.npmrc`: may hold registry tokens;
 * - `*.pem`, `id_rsa*`, `id_dsa*`, `id_ecdsa*`, `id_ed25519*`: private keys and certificates;
 * - `.DS_Store`: macOS folder metadata;
 * - `.lambdaform/`: lambdaform's own files beside a project's code (a compiled app, handler
 *   bundles, caches), which hold absolute paths: in a zip they would make its hash depend on
 *   where the project is checked out.
 *
 * AWS CDK excludes nothing by default (its `exclude` is "@default nothing is excluded"), so this
 * list is lambdaform's own; `sam build` (aws-lambda-builders) leaves out `.aws-sam`, `.chalice`
 * and, for Python, `.git`, `.env`, `.venv`, `__pycache__` and other Python clutter, of which only
 * the language-neutral entries are taken here.
 */
export const DEFAULT_ASSET_EXCLUDES: readonly string[] = [
  '.env*',
  '**/.git',
  '**/.aws/',
  '**/.aws-sam/',
  '**/.npmrc',
  '*.pem',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '**/.DS_Store',
  '**/.lambdaform/',
];

/** Unix modes of zip entries: a file, an owner-executable file, a symbolic link. */
export const FILE_MODE = 0o100644;
export const EXECUTABLE_MODE = 0o100755;
export const SYMLINK_MODE = 0o120777;

/** An entry of an asset zip. */
export interface AssetFile {
  /** Path relative to the asset directory, with `/`: the entry's name in the zip. */
  readonly relative: string;
  /** Where to read it: the file, or the link through which it was reached. */
  readonly absolute: string;
  /** Normalized unix mode: {@link FILE_MODE}, {@link EXECUTABLE_MODE} or {@link SYMLINK_MODE}. */
  readonly mode: number;
  /** Size in bytes once unzipped (for a link entry, the length of its target text). */
  readonly size: number;
  /** The link's target as written, for a link zipped as a link. */
  readonly linkTarget?: string;
}

/** What selects the entries of an asset directory. */
export interface AssetListOptions {
  /**
   * Patterns of what to leave out, in `.gitignore` syntax (see {@link normalizeAssetPattern}),
   * used as given: the defaults ({@link DEFAULT_ASSET_EXCLUDES}) are not added here.
   */
  readonly exclude?: readonly string[];
  /** Patterns of what to keep even though `exclude` leaves it out (same syntax). */
  readonly include?: readonly string[];
  /** @default SymlinkFollowMode.BLOCK_EXTERNAL */
  readonly followSymlinks?: SymlinkFollowMode | SymlinkFollowModeValue;
  /** How errors and warnings name the directory. @default dir */
  readonly label?: string;
}

const GLOB_CHARS = /[*?[\\]/;

/**
 * Brings a user's pattern to `.gitignore` syntax, keeping the meaning of the exclude forms of
 * earlier versions: a pattern without glob characters (`tests`, `lib/fixtures`) names a path
 * relative to the asset directory, so it is anchored there (`/tests`; gitignore would match a
 * bare `tests` at any depth, write `**\/tests` for that), and so is one starting with `./`.
 * Everything else is gitignore syntax as is: `*.test.mjs` matches at any depth, `!x` negates, a
 * trailing `/` matches directories only. Idempotent.
 */
export function normalizeAssetPattern(pattern: string): string {
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const prefix = negated ? '!' : '';
  if (body.startsWith('./')) return `${prefix}/${body.slice(2)}`;
  if (body === '' || body.startsWith('/') || body.startsWith('#') || GLOB_CHARS.test(body)) return pattern;
  return `${prefix}/${body}`;
}

/**
 * The patterns an asset records: the defaults, then the user's `exclude` and `include`, normalized
 * with {@link normalizeAssetPattern}.
 */
export function assetPatterns(exclude: readonly string[] = [], include: readonly string[] = []): { exclude: string[]; include: string[] } {
  return { exclude: [...DEFAULT_ASSET_EXCLUDES, ...exclude.map(normalizeAssetPattern)], include: include.map(normalizeAssetPattern) };
}

/** Exclude and include patterns, matched with the `ignore` package (gitignore semantics, case-sensitive). */
class AssetFilter {
  private readonly excluded: Ignore;
  private readonly included: Ignore;
  private readonly includePatterns: readonly string[];

  constructor(exclude: readonly string[], include: readonly string[]) {
    const matcher = (): Ignore => ignore({ ignorecase: false, allowRelativePaths: true });
    this.includePatterns = include.map(normalizeAssetPattern);
    this.excluded = matcher().add(exclude.map(normalizeAssetPattern));
    this.included = matcher().add([...this.includePatterns]);
  }

  /** True when the entry `rel` (a directory if `dir`) is left out: excluded and not included. */
  public excludes(rel: string, dir: boolean): boolean {
    const p = dir ? `${rel}/` : rel;
    return this.excluded.ignores(p) && !this.included.ignores(p);
  }

  /**
   * True when an include pattern may match something below the directory `rel`: only then is an
   * excluded directory walked at all (a gitignore pattern cannot re-include below an excluded
   * directory; include patterns can, when they name a path inside it).
   */
  public mayIncludeBelow(rel: string): boolean {
    const dirSegments = rel.split('/');
    for (const raw of this.includePatterns) {
      if (raw.startsWith('!') || raw.startsWith('#') || raw.trim() === '') continue;
      const p = raw.endsWith('/') ? raw.slice(0, -1) : raw;
      // No slash inside: gitignore matches it at any depth.
      if (!p.includes('/')) return true;
      const segments = p.replace(/^\//, '').split('/');
      let possible = true;
      for (let i = 0; i < Math.min(segments.length, dirSegments.length); i++) {
        if (GLOB_CHARS.test(segments[i]!)) break;
        if (segments[i] !== dirSegments[i]) {
          possible = false;
          break;
        }
      }
      if (possible) return true;
    }
    return false;
  }
}

/** Dangling links already warned about (by link path), so each warning is printed once. */
const warned = new Set<string>();

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`lambdaform: warning: ${message}\n`);
}

function isInside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

function fileMode(stat: fs.Stats): number {
  return stat.mode & 0o100 ? EXECUTABLE_MODE : FILE_MODE;
}

const SYMLINKS_HINT = 'set followSymlinks: SymlinkFollowMode.ALWAYS to zip what it points to, or SymlinkFollowMode.NEVER to zip it as a link';

/**
 * Every entry of `dir`, sorted by relative path, so hashing and zipping see the same entries in
 * the same order on every machine. Regular files are zipped with their content (their mode
 * normalized to 0644, or 0755 when executable by their owner); symbolic links as `followSymlinks`
 * says; other kinds of files (sockets, pipes) are left out. Sizes come from `lstat`/`stat`, so
 * listing reads no file's content.
 *
 * `exclude` and `include` are used as given (plus {@link normalizeAssetPattern}); an array in
 * place of the options is the `exclude` list, as in earlier versions.
 */
export function listAssetFiles(dir: string, options: AssetListOptions | readonly string[] = {}): AssetFile[] {
  const opts: AssetListOptions = isStringArray(options) ? { exclude: options } : options;
  const mode = opts.followSymlinks ?? SymlinkFollowMode.BLOCK_EXTERNAL;
  const label = opts.label ?? dir;
  if (!(Object.values(SymlinkFollowMode) as string[]).includes(mode)) {
    throw new LambdaformError(label, `followSymlinks must be one of ${Object.values(SymlinkFollowMode).map((m) => `'${m}'`).join(', ')} (SymlinkFollowMode), got '${String(mode)}'`, 'wrong-type');
  }
  const filter = new AssetFilter(opts.exclude ?? [], opts.include ?? []);
  const root = fs.realpathSync(dir);
  const out: AssetFile[] = [];
  const fail = (detail: string): never => {
    throw new LambdaformError(label, detail);
  };

  /** Walks `abs` (real path `real`), whose entries are named `rel/…`; `chain` maps the real paths being walked to their `rel`. */
  const walk = (abs: string, rel: string, real: string, chain: ReadonlyMap<string, string>): void => {
    for (const name of fs.readdirSync(abs).sort()) {
      const childAbs = path.join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const lst = fs.lstatSync(childAbs);
      if (lst.isSymbolicLink()) {
        link(childAbs, childRel, chain);
      } else if (lst.isDirectory()) {
        enterDirectory(childAbs, childRel, path.join(real, name), chain);
      } else if (lst.isFile() && !filter.excludes(childRel, false)) {
        out.push({ relative: childRel, absolute: childAbs, mode: fileMode(lst), size: lst.size });
      }
    }
  };

  const enterDirectory = (abs: string, rel: string, real: string, chain: ReadonlyMap<string, string>): void => {
    if (filter.excludes(rel, true) && !filter.mayIncludeBelow(rel)) return;
    const back = chain.get(real);
    if (back !== undefined) {
      fail(`symbolic link loop: '${rel}' leads back to '${back || '.'}', a directory that contains it; remove the link or exclude it`);
    }
    walk(abs, rel, real, new Map([...chain, [real, rel]]));
  };

  const link = (abs: string, rel: string, chain: ReadonlyMap<string, string>): void => {
    // A link left out as a file is not even resolved, unless an include pattern may reach below it.
    if (filter.excludes(rel, false) && !filter.mayIncludeBelow(rel)) return;
    const target = fs.readlinkSync(abs);
    const asLink = (): void => {
      if (!filter.excludes(rel, false)) out.push({ relative: rel, absolute: abs, mode: SYMLINK_MODE, size: Buffer.byteLength(target), linkTarget: target });
    };
    if (mode === SymlinkFollowMode.NEVER) return asLink();

    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(abs);
      stat = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (filter.excludes(rel, false)) return;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        warnOnce(`${abs}\0${target}`, `${label}: skipping dangling symbolic link ${rel} -> ${target}`);
        return;
      }
      if (code === 'ELOOP') return fail(`symbolic link loop: '${rel}' -> ${target} never resolves (it leads back to itself); remove the link or exclude it`);
      throw e;
    }
    const isDir = stat.isDirectory();
    const excluded = filter.excludes(rel, isDir);
    if (excluded && !(isDir && filter.mayIncludeBelow(rel))) return;
    const inside = isInside(real, root);
    if (mode === SymlinkFollowMode.EXTERNAL && inside) return asLink();
    if (mode === SymlinkFollowMode.BLOCK_EXTERNAL && !inside) {
      if (excluded) return;
      const resolved = real === path.resolve(path.dirname(abs), target) ? '' : ` (resolves to ${real})`;
      return fail(`symbolic link '${rel}' -> ${target}${resolved} points outside the asset directory ${root}; ${SYMLINKS_HINT}, or exclude it`);
    }
    if (isDir) enterDirectory(abs, rel, real, chain);
    else if (stat.isFile()) out.push({ relative: rel, absolute: abs, mode: fileMode(stat), size: stat.size });
  };

  walk(dir, '', root, new Map([[root, '']]));
  return out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

function isStringArray(x: AssetListOptions | readonly string[]): x is readonly string[] {
  return Array.isArray(x);
}

/** Total size in bytes of the entries once unzipped. */
export function assetUnzippedBytes(files: readonly AssetFile[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}

/**
 * sha256 over the sorted entries: relative path, mode and content (a link's target for a link):
 * the asset's identity. A plain 0644 file hashes as in earlier versions, so ids stay the same for
 * directories without executables or links. `read` gives a file's content (it reads the file
 * unless given).
 */
export function hashAssetFiles(files: readonly AssetFile[], read: (file: AssetFile, index: number) => Uint8Array = (f) => fs.readFileSync(f.absolute)): string {
  const h = createHash('sha256');
  files.forEach((f, i) => {
    h.update(f.relative);
    h.update('\0');
    if (f.linkTarget !== undefined) h.update(`link:${f.linkTarget}`);
    else h.update(createHash('sha256').update(read(f, i)).digest('hex'));
    if (f.mode !== FILE_MODE) h.update(`\0${f.mode.toString(8)}`);
    h.update('\n');
  });
  return h.digest('hex');
}

/** True when `file` names a zip archive (`.zip`, any case): `Code.fromAsset` takes one as it is. */
export function isZipFileName(file: string): boolean {
  return file.toLowerCase().endsWith('.zip');
}

/**
 * The id of a `.zip` file asset: sha256 over a fixed prefix and the file's bytes. The prefix keeps
 * it apart from any directory's id (a directory holding only this zip hashes its name and mode
 * too, {@link hashAssetFiles}); the same bytes give the same id wherever the file is.
 */
export function hashZipFile(bytes: Uint8Array): string {
  return createHash('sha256').update('lambdaform:zip-file\0').update(bytes).digest('hex');
}

/** An entry of a zip file: its name as stored, and its size once unzipped. */
export interface ZipEntryInfo {
  readonly name: string;
  readonly size: number;
}

/**
 * The entries of a zip file, read from its central directory (nothing is decompressed). Throws
 * a plain Error with fflate's reason when the bytes are not a zip it can read.
 */
export function zipEntries(bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  fflate().unzipSync(bytes, {
    filter: (f) => {
      entries.push({ name: f.name, size: f.originalSize });
      return false;
    },
  });
  return entries;
}

/**
 * The asset of a `.zip` file's bytes at `rel`, as `Code.fromAsset` makes it (and the template
 * import, for a SAM `CodeUri` naming one): its id from the bytes, its unzipped size from the
 * entries, which come with it. Throws a plain Error with fflate's reason when the bytes are not a zip.
 */
export function zipFileAsset(bytes: Uint8Array, rel: string, followSymlinks: SymlinkFollowMode = SymlinkFollowMode.BLOCK_EXTERNAL): { asset: AssetModel; entries: ZipEntryInfo[] } {
  const entries = zipEntries(bytes);
  const unzippedBytes = entries.reduce((sum, e) => sum + e.size, 0);
  return { asset: { id: hashZipFile(bytes), path: rel, zipFile: true, exclude: [], include: [], followSymlinks, unzippedBytes }, entries };
}

let fflateModule: typeof import('fflate') | undefined;

/** fflate, loaded when a zip is first read or written (a synth without assets, or the CLI's start, does not pay for it). */
export function fflate(): typeof import('fflate') {
  return (fflateModule ??= createRequire(import.meta.url)('fflate') as typeof import('fflate'));
}
