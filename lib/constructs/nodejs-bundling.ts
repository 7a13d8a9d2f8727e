/**
 * The esbuild side of `NodejsFunction`: one entry bundled into a directory under
 * `<working directory>/.lambdaform/bundles/`, kept there as a cache keyed by what the bundle is
 * made of, so a second synthesis with the same inputs reuses it without running esbuild.
 *
 * Cache layout (everything below `.lambdaform/bundles/`, safe to delete at any time):
 * - `<key>/`: a bundle (`index.js` or `index.mjs`, its map, `node_modules/` of `nodeModules`).
 *   `<key>` hashes the settings (entry, options, esbuild's version) and the content of every
 *   input esbuild read (the metafile's inputs), of the `package.json` and `tsconfig.json` nearest
 *   to each, the names of the script files beside each (a new `util.ts` beside `util.js` changes
 *   how `./util` resolves), and of the `nodeModules` packages copied.
 * - `manifests/<settings hash>.json`: for one entry and its settings, the inputs of the last
 *   build, its key, its warnings and the entry's exports. A synthesis reads it, hashes those inputs
 *   again and, when `<key>/` exists, uses it; otherwise it bundles, writes `<key>/` (atomically:
 *   written beside, then renamed) and replaces the manifest, removing the bundle it named before
 *   (and the manifests whose bundle is gone).
 *
 * Bundles are deterministic: esbuild runs with the working directory as `absWorkingDir` and writes
 * paths relative to it (comments) or to the bundle (source maps), never absolute ones, and the
 * bundle directory is always three levels below the working directory, so the relative paths are
 * the same whatever the key.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as esbuildApi from 'esbuild';
import { hashAssetFiles, listAssetFiles, SymlinkFollowMode } from '../core/asset.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { sha256Hex, stableJson, writeFileAtomically } from '../core/util.js';

/** Changes when the way lambdaform calls esbuild changes, so older cached bundles are not reused. */
const RECIPE = 'lambdaform-nodejs-bundle-1';

/** Where bundles are cached, relative to the working directory. */
export const BUNDLE_CACHE_DIR = '.lambdaform/bundles';

/** Script files whose appearance beside an input may change how an import resolves. */
const SCRIPT_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The settings of one bundle, resolved (defaults applied, paths absolute). */
export interface BundleSpec {
  /** Construct path, for errors. */
  readonly path: string;
  /** The working directory: esbuild's `absWorkingDir`, the cache's root. */
  readonly cwd: string;
  /** The entry file (absolute). */
  readonly entry: string;
  readonly format: 'cjs' | 'esm';
  readonly target: readonly string[];
  readonly minify: boolean;
  readonly sourcemap: boolean | 'external' | 'inline' | 'both';
  readonly sourcesContent: boolean;
  /** Modules left out of the bundle (the user's or the default, plus `nodeModules`). */
  readonly external: readonly string[];
  /** Packages copied into the bundle's `node_modules/` rather than bundled. */
  readonly nodeModules: readonly string[];
  readonly loader: Readonly<Record<string, esbuildApi.Loader>>;
  readonly define: Readonly<Record<string, string>>;
  readonly banner: string | undefined;
  readonly footer: string | undefined;
  readonly charset: esbuildApi.Charset | undefined;
  readonly keepNames: boolean;
  readonly mainFields: readonly string[] | undefined;
  /** A tsconfig file (absolute) in place of the one esbuild finds. */
  readonly tsconfig: string | undefined;
  /** Files (absolute) esbuild injects. */
  readonly inject: readonly string[];
  /** Writes esbuild's metafile as `index.meta.json` in the bundle. */
  readonly metafile: boolean;
}

/** A bundle ready to use. */
export interface Bundle {
  /** The bundle directory (absolute). */
  readonly dir: string;
  /** `index.js` or `index.mjs`. */
  readonly file: string;
  /** esbuild's warnings, formatted (`src/a.ts:3:7: ...`). */
  readonly warnings: readonly string[];
  /** The entry's exports; undefined when they cannot be known before running it (a CommonJS entry bundled as CommonJS). */
  readonly exports: readonly string[] | undefined;
  /** True when the bundle came from the cache (esbuild did not run). */
  readonly cached: boolean;
}

/** What a manifest holds. */
interface Manifest {
  readonly key: string;
  /** Inputs, relative to the working directory with `/`. */
  readonly inputs: readonly string[];
  readonly warnings: readonly string[];
  readonly exports: readonly string[] | null;
}

let esbuildModule: typeof esbuildApi | undefined;

/** esbuild, loaded on first use (apps without a NodejsFunction never load it). */
function esbuild(): typeof esbuildApi {
  esbuildModule ??= createRequire(import.meta.url)('esbuild') as typeof esbuildApi;
  return esbuildModule;
}

let builds = 0;

/** @internal How many times esbuild has bundled in this process (the tests check cache hits with it). */
export function esbuildBuildCount(): number {
  return builds;
}


/** `rel` with `/`, relative to `from`. */
function posixRelative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/** A path for messages: relative to the working directory when below it, else absolute. */
function shown(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}

/**
 * The bundle of `spec`: from the cache when its inputs have not changed, else made with esbuild.
 * Throws a LambdaformError at `spec.path` when esbuild fails (each error with its file:line:column)
 * or a `nodeModules` package is not installed.
 */
export function bundle(spec: BundleSpec): Bundle {
  const root = path.join(spec.cwd, BUNDLE_CACHE_DIR);
  const file = spec.format === 'esm' ? 'index.mjs' : 'index.js';
  const packages = resolveNodeModules(spec);
  const settings = settingsOf(spec);
  const settingsKey = sha256Hex(stableJson(settings)).slice(0, 32);
  const manifestFile = path.join(root, 'manifests', `${settingsKey}.json`);
  const contentKey = (inputs: readonly string[]): string | undefined => {
    const inputsPrint = fingerprint(spec.cwd, inputs);
    if (inputsPrint === undefined) return undefined;
    const tsconfig = spec.tsconfig ? sha256Hex(fs.readFileSync(spec.tsconfig)) : null;
    return sha256Hex(stableJson({ settings, inputs: inputsPrint, tsconfig, packages: packages.map((p) => [p.dest, p.hash]) })).slice(0, 32);
  };

  const previous = readManifest(manifestFile);
  if (previous) {
    const key = contentKey(previous.inputs);
    if (key === previous.key && fs.existsSync(path.join(root, key, file))) {
      return { dir: path.join(root, key), file, warnings: previous.warnings, exports: previous.exports ?? undefined, cached: true };
    }
  }

  const built = build(spec, root, file);
  const key = contentKey(built.inputs);
  if (key === undefined) throw new LambdaformError(spec.path, `an input of ${shown(spec.cwd, spec.entry)} changed while esbuild read it; synthesize again`, 'bundling-failed');
  const dir = path.join(root, key);
  if (!fs.existsSync(path.join(dir, file))) {
    const tmp = path.join(root, `${key}.${process.pid}.${Date.now()}.tmp`);
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
      for (const f of built.files) {
        fs.mkdirSync(path.dirname(path.join(tmp, f.rel)), { recursive: true });
        fs.writeFileSync(path.join(tmp, f.rel), f.contents);
      }
      for (const p of packages) copyPackage(p.src, path.join(tmp, p.dest));
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another process may have written the same bundle meanwhile.
      if (!fs.existsSync(path.join(dir, file))) throw new LambdaformError(spec.path, `cannot write the bundle to ${shown(spec.cwd, dir)}: ${(e as Error).message}`, 'bundling-failed');
    }
  }
  const manifest: Manifest = { key, inputs: built.inputs, warnings: built.warnings, exports: built.exports ?? null };
  writeManifest(manifestFile, manifest);
  // The previous bundle stays: templates written before point at it (SAM's CodeUri), and so does a
  // running local server. Bundles no manifest names are removed a week after they were replaced
  // (the time of replacement is the directory's, set here: a bundle may have been built long before).
  if (previous && previous.key !== key) {
    try {
      const now = new Date();
      fs.utimesSync(path.join(root, previous.key), now, now);
    } catch {
      // gone already
    }
  }
  pruneManifests(root);
  pruneBundles(root);
  return { dir, file, warnings: built.warnings, exports: built.exports, cached: false };
}

/** Everything about the bundle but the inputs' content: what the manifest is named after. */
function settingsOf(spec: BundleSpec): Record<string, unknown> {
  const rel = (p: string): string => posixRelative(spec.cwd, p);
  return {
    recipe: RECIPE,
    esbuild: esbuild().version,
    entry: rel(spec.entry),
    format: spec.format,
    target: spec.target,
    minify: spec.minify,
    sourcemap: spec.sourcemap,
    sourcesContent: spec.sourcesContent,
    external: spec.external,
    nodeModules: spec.nodeModules,
    loader: spec.loader,
    define: spec.define,
    banner: spec.banner ?? null,
    footer: spec.footer ?? null,
    charset: spec.charset ?? null,
    keepNames: spec.keepNames,
    mainFields: spec.mainFields ?? null,
    tsconfig: spec.tsconfig ? rel(spec.tsconfig) : null,
    inject: spec.inject.map(rel),
    metafile: spec.metafile,
  };
}

function readManifest(file: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    return typeof m.key === 'string' && /^[0-9a-f]{32}$/.test(m.key) && Array.isArray(m.inputs) && Array.isArray(m.warnings) ? m : undefined;
  } catch {
    return undefined;
  }
}

function writeManifest(file: string, manifest: Manifest): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomically(file, `${JSON.stringify(manifest, null, 1)}\n`);
  } catch {
    // Without a manifest the next synthesis bundles again: slower, not wrong.
  }
}

/** Removes the manifests whose bundle is gone (deleted by hand, or replaced by another process). */
function pruneManifests(root: string): void {
  const dir = path.join(root, 'manifests');
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.json')) continue;
      const m = readManifest(path.join(dir, name));
      if (!m || !fs.existsSync(path.join(root, m.key))) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A cache that cannot be tidied still works.
  }
}

/** How long a bundle no manifest names is kept for the templates and servers that still use it. */
export const STALE_BUNDLE_MS = 7 * 24 * 3600 * 1000;

/** Removes the bundles no manifest names that were replaced more than STALE_BUNDLE_MS ago (their directory's time). */
function pruneBundles(root: string, now = Date.now()): void {
  try {
    const named = new Set<string>();
    const manifests = path.join(root, 'manifests');
    for (const name of fs.readdirSync(manifests)) {
      const m = name.endsWith('.json') ? readManifest(path.join(manifests, name)) : undefined;
      if (m) named.add(m.key);
    }
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'manifests' || named.has(entry.name)) continue;
      const dir = path.join(root, entry.name);
      if (now - fs.statSync(dir).mtimeMs > STALE_BUNDLE_MS) fs.rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    // A cache that cannot be tidied still works.
  }
}

/**
 * What the bundle depends on besides its settings: each input's content, the package.json and
 * tsconfig.json nearest to it (module type, `main`/`exports`, compiler options), and the script
 * files beside it. Undefined when an input no longer exists.
 */
function fingerprint(cwd: string, inputs: readonly string[]): string[] | undefined {
  const out: string[] = [];
  const dirs = new Set<string>();
  for (const rel of [...inputs].sort()) {
    const abs = path.resolve(cwd, rel);
    let content: Buffer;
    try {
      content = fs.readFileSync(abs);
    } catch {
      return undefined;
    }
    out.push(`file ${rel} ${sha256Hex(content)}`);
    dirs.add(path.dirname(abs));
  }
  const configs = new Set<string>();
  const nearest = new Map<string, string | null>();
  const find = (dir: string, names: readonly string[]): string | null => {
    const memo = `${names.join(',')}\0${dir}`;
    const known = nearest.get(memo);
    if (known !== undefined) return known;
    const here = names.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
    const up = path.dirname(dir);
    const found = here ?? (up === dir ? null : find(up, names));
    nearest.set(memo, found);
    return found;
  };
  for (const dir of [...dirs].sort()) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => SCRIPT_EXT.test(n)).sort();
    } catch {
      return undefined;
    }
    out.push(`dir ${posixRelative(cwd, dir)} ${names.join('/')}`);
    const pkg = find(dir, ['package.json']);
    if (pkg) configs.add(pkg);
    if (!dir.split(path.sep).includes('node_modules')) {
      const tsconfig = find(dir, ['tsconfig.json', 'jsconfig.json']);
      if (tsconfig) configs.add(tsconfig);
    }
  }
  for (const f of [...configs].sort()) out.push(`config ${posixRelative(cwd, f)} ${sha256Hex(fs.readFileSync(f))}`);
  return out;
}

interface Built {
  readonly files: ReadonlyArray<{ rel: string; contents: Uint8Array }>;
  readonly inputs: string[];
  readonly warnings: string[];
  readonly exports: string[] | undefined;
}

/** esbuild's options for `spec`, writing (in memory) to `outdir`. */
function esbuildOptions(spec: BundleSpec, outfile: string): esbuildApi.BuildOptions & { metafile: true; write: false } {
  return {
    entryPoints: [spec.entry],
    bundle: true,
    platform: 'node',
    format: spec.format,
    target: [...spec.target],
    outfile,
    absWorkingDir: spec.cwd,
    write: false,
    metafile: true,
    logLevel: 'silent',
    minify: spec.minify,
    sourcemap: spec.sourcemap,
    sourcesContent: spec.sourcesContent,
    external: [...spec.external],
    loader: { ...spec.loader },
    define: { ...spec.define },
    ...(spec.banner !== undefined ? { banner: { js: spec.banner } } : {}),
    ...(spec.footer !== undefined ? { footer: { js: spec.footer } } : {}),
    ...(spec.charset !== undefined ? { charset: spec.charset } : {}),
    keepNames: spec.keepNames,
    ...(spec.mainFields !== undefined ? { mainFields: [...spec.mainFields] } : {}),
    ...(spec.tsconfig !== undefined ? { tsconfig: spec.tsconfig } : {}),
    inject: [...spec.inject],
  };
}

/** Runs esbuild; its errors become one LambdaformError listing each with its file:line:column. */
function run(spec: BundleSpec, options: esbuildApi.BuildOptions & { metafile: true; write: false }): esbuildApi.BuildResult<typeof options> {
  try {
    return esbuild().buildSync(options);
  } catch (e) {
    const failure = e as Partial<esbuildApi.BuildFailure>;
    const errors = Array.isArray(failure.errors) && failure.errors.length > 0 ? failure.errors : undefined;
    const entry = shown(spec.cwd, spec.entry);
    if (!errors) {
      const first = String((e as Error)?.message ?? e).split('\n')[0];
      throw new LambdaformError(spec.path, `bundling ${entry} with esbuild failed: ${first}`, 'bundling-failed');
    }
    const problems: Problem[] = errors.slice(0, 10).map((m) => ({ code: 'bundling-failed', path: spec.path, property: 'entry', message: `bundling ${entry} failed: ${formatMessage(spec.cwd, m)}` }));
    if (errors.length > 10) problems.push({ code: 'bundling-failed', path: spec.path, property: 'entry', message: `bundling ${entry} failed: ${errors.length - 10} more errors` });
    throwProblems(spec.path, problems);
    throw e;
  }
}

/**
 * `src/a.ts:3:7: Unexpected ";"`: the file relative to the working directory, the line and the
 * column 1-based in characters (esbuild counts columns from 0, in bytes; editors and Node's stack
 * traces count from 1), then esbuild's text and its first note.
 */
function formatMessage(cwd: string, m: esbuildApi.Message): string {
  const note = m.notes.find((n) => n.text)?.text;
  const text = `${m.text}${note ? ` (${note})` : ''}`;
  const loc = m.location;
  if (!loc || !loc.file) return text;
  const column = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length + 1;
  return `${shown(cwd, path.resolve(cwd, loc.file))}:${loc.line}:${column}: ${text}`;
}

/** Bundles `spec` in memory: the files to write, the inputs read, the warnings and the entry's exports. */
function build(spec: BundleSpec, root: string, file: string): Built {
  // Any directory at the depth of `<root>/<key>/` gives the same relative paths in the output.
  const outdir = path.join(root, 'build');
  const outfile = path.join(outdir, file);
  const options = esbuildOptions(spec, outfile);
  builds++;
  const result = run(spec, options);
  const files = (result.outputFiles ?? []).map((f) => ({ rel: posixRelative(outdir, f.path), contents: f.contents }));
  if (spec.metafile) files.push({ rel: 'index.meta.json', contents: Buffer.from(JSON.stringify(result.metafile)) });
  const inputs = Object.keys(result.metafile.inputs).filter((rel) => {
    try {
      return fs.statSync(path.resolve(spec.cwd, rel)).isFile();
    } catch {
      return false;
    }
  });
  const warnings = result.warnings.map((m) => formatMessage(spec.cwd, m));
  return { files, inputs, warnings, exports: exportsOf(spec, result.metafile, outfile, options) };
}

/**
 * The entry's exports: esbuild lists them for ESM output. For CommonJS output, an ESM entry is
 * bundled once more as ESM (in memory) to list them; a CommonJS entry's exports are only known by
 * running it (undefined). An entry with neither imports nor exports exports nothing.
 */
function exportsOf(spec: BundleSpec, metafile: esbuildApi.Metafile, outfile: string, options: esbuildApi.BuildOptions & { metafile: true; write: false }): string[] | undefined {
  const outputOf = (m: esbuildApi.Metafile) => m.outputs[posixRelative(spec.cwd, outfile)] ?? Object.values(m.outputs).find((o) => o.entryPoint !== undefined);
  if (spec.format === 'esm') return [...(outputOf(metafile)?.exports ?? [])];
  const entryInput = metafile.inputs[posixRelative(spec.cwd, spec.entry)];
  if (entryInput?.format === 'cjs') return undefined;
  if (entryInput && entryInput.format === undefined) return [];
  const esm = run(spec, { ...options, format: 'esm', minify: false, sourcemap: false, banner: {}, footer: {}, outfile: outfile.replace(/\.js$/, '.mjs') });
  return [...(outputOf(esm.metafile)?.exports ?? [])];
}

/** A package of `nodeModules` (or one it depends on) to copy into the bundle. */
interface PackageCopy {
  /** Where it goes in the bundle: `node_modules/<name>`. */
  readonly dest: string;
  /** Its installed directory (absolute, symbolic links resolved). */
  readonly src: string;
  /** Content hash of the directory. */
  readonly hash: string;
}

/** The directory of package `name` as Node resolves it from `from`: the nearest `node_modules/<name>`. */
function findPackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (path.basename(dir) !== 'node_modules' && fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The packages of `nodeModules` and their dependencies (`dependencies` and the installed
 * `optionalDependencies`, transitively), found as Node would from the entry's directory. A
 * dependency installed inside a package's own `node_modules/` travels with it; the others are
 * placed at the bundle's `node_modules/<name>`. Refuses a package that is not installed.
 */
function resolveNodeModules(spec: BundleSpec): PackageCopy[] {
  const out = new Map<string, PackageCopy>();
  const seen = new Set<string>();
  const hash = (dir: string): string => hashAssetFiles(listAssetFiles(dir, { followSymlinks: SymlinkFollowMode.ALWAYS, label: dir }));
  const visit = (name: string, from: string, neededBy: string | undefined, optional: boolean): void => {
    const dir = findPackage(from, name);
    if (!dir) {
      if (optional) return;
      const why = neededBy ? `'${neededBy}' depends on '${name}', which is not installed` : `package '${name}' is not installed (no node_modules/${name}/package.json in ${shown(spec.cwd, path.dirname(spec.entry))} or above it)`;
      throw new LambdaformError(spec.path, `bundling.nodeModules: ${why}; install it (npm install ${name}), or leave '${spec.nodeModules.includes(name) ? name : neededBy}' out of nodeModules to bundle it`, 'node-module-not-found');
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    // Installed inside a package already copied: it travels with that package.
    const inside = [...out.values()].some((p) => dir.startsWith(`${p.src}${path.sep}`));
    const dest = `node_modules/${name}`;
    if (!inside && !out.has(dest)) out.set(dest, { dest, src: dir, hash: hash(dir) });
    let manifest: { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      manifest = {};
    }
    const optionalDeps = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).sort()) visit(dep, dir, name, optionalDeps.has(dep));
  };
  for (const name of spec.nodeModules) visit(name, path.dirname(spec.entry), undefined, false);
  return [...out.values()].sort((a, b) => (a.dest < b.dest ? -1 : a.dest > b.dest ? 1 : 0));
}

/** Copies an installed package (links followed: the bundle holds their content). */
function copyPackage(src: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(src, dest, { recursive: true, dereference: true });
}
