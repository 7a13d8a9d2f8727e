import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire, isBuiltin } from 'node:module';
import type { Loader, Metafile, Plugin } from 'esbuild';
import { sha256Hex, writeFileAtomically } from '../core/util.js';

/**
 * A TypeScript app compiled by esbuild into one JavaScript file Node loads natively: tsx's hooks
 * (their start, and esbuild's service, which they start) cost more than the rest of a small app's
 * `synth`. `format` is the app's module system: `esm` (`"type": "module"`, `.mts`), imported;
 * `cjs` (TypeScript compiled as CommonJS, as CDK apps are), required.
 *
 * The app's own modules are bundled with it (packages stay imports: the compiled file lies below
 * the app's directory, in `.lambdaform/app/` where lambdaform's bundles also go, so Node resolves
 * them as it would from the app). The entry's `import.meta.url`, `dirname` and `filename` (and in
 * CommonJS `__dirname`, `__filename`) are the app file's; an inline source map names the app's
 * own files and lines in errors and in the source locations of constructs.
 *
 * The compiled file is kept, with the content hashes of the files it was made from (a manifest
 * beside it), and taken again while none of them changed. Anything bundling could change returns
 * undefined, and tsx runs the app as before: a dynamic import or require, a module that reads its
 * own location in a way the bundle cannot keep (see `ownLocations`), a package's files imported by
 * path (lambdaform's sources in a checkout), tsconfig `paths` or `extends`. That decision is kept
 * in the manifest too, so such an app costs one esbuild run, not one a synth.
 */
export async function compiledEntry(file: string, tsconfig: string | undefined, format: 'esm' | 'cjs' = 'esm'): Promise<string | undefined> {
  if (tsconfig && !plainTsconfig(tsconfig)) return undefined;
  const source = fs.readFileSync(file, 'utf8');
  // A module loaded or resolved at run time (a local TypeScript one, or relative to the entry's file): tsx.
  if (RUN_TIME.test(source)) return undefined;
  const dir = path.dirname(file);
  const key = sha256Hex(`${COMPILATION}\0${file}\0${tsconfig ? fs.readFileSync(tsconfig, 'utf8') : ''}\0${format}`).slice(0, 20);
  const stem = path.basename(file).replace(/\.[^.]+$/, '');
  const out = path.join(dir, '.lambdaform', 'app', `${stem}-${key}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const manifest = `${out}.inputs.json`;
  // What was decided for these files before, while none of them changed: the compiled file, or tsx.
  const known = decided(manifest, out);
  if (known !== undefined) return known === 'tsx' ? undefined : out;
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
  } catch {
    return undefined; // a read-only project: tsx, as before, without a build whose result could not be kept
  }
  const { build } = await import('esbuild');
  const url = pathToFileURL(file).href;
  const modules = new AppModules(file, format);
  let result;
  try {
    result = await build({
      entryPoints: [file],
      outfile: out,
      bundle: true,
      packages: 'external',
      format,
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      // Names as written: bundling renames a top-level name two modules share, and a class's or function's name is data.
      keepNames: true,
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: dir,
      ...(tsconfig ? { tsconfig } : {}),
      plugins: [modules.plugin()],
      define: {
        'import.meta.url': JSON.stringify(url),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(dir),
        ...(format === 'cjs' ? { __dirname: JSON.stringify(dir), __filename: JSON.stringify(file) } : {}),
      },
    });
  } catch {
    // A syntax error: tsx runs the app, and reports it.
    return undefined;
  }
  // The app's files: their hashes as compiled (read by the plugin; another kind of file, as it is now).
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(dir, f));
  const hashes: Record<string, string> = {};
  for (const input of inputs) hashes[input] = modules.hashes.get(input) ?? sha256Hex(fs.readFileSync(input, 'utf8'));
  const text = result.outputFiles.find((f) => f.path === out)?.text;
  const bundles =
    text !== undefined &&
    modules.refused === undefined &&
    // (a package's files imported by path, lambdaform's own among them, are no module of the app's)
    !inputs.some((f) => f.split(path.sep).includes('node_modules')) &&
    !packagesResolveElsewhere(inputs, path.dirname(out)) &&
    !(format === 'esm' && packagesRunEarlier(result.metafile, path.relative(dir, file).split(path.sep).join('/')));
  try {
    if (bundles) writeFileAtomically(out, text);
    writeFileAtomically(manifest, `${JSON.stringify({ compiled: bundles, ...(bundles ? { output: sha256Hex(text) } : {}), inputs: hashes })}\n`);
    // This app file's earlier compilations (another key), not another app's (`app-dev.ts` beside `app.ts`).
    const mine = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{20}\\.(?:mjs|cjs)(?:\\.inputs\\.json)?$`);
    for (const old of fs.readdirSync(path.dirname(out))) {
      if (mine.test(old) && !old.startsWith(path.basename(out))) fs.rmSync(path.join(path.dirname(out), old), { force: true });
    }
  } catch {
    return undefined; // a read-only project: tsx, as before
  }
  return bundles ? out : undefined;
}

/**
 * The app's own modules as esbuild loads them (what it compiled is what their hashes are of), each
 * given its own location, as it has it unbundled (the entry's are `define`d):
 * - `import.meta` (`url`, `dirname` and `filename`) is an object of the module's, declared at the
 *   start of its first line under a name as long as `import.meta`, so no column moves;
 * - in a CommonJS module (all of a CommonJS app's, and a `.cts`/`.cjs` one in an ES module app),
 *   `__dirname` and `__filename` are declared there too.
 * A module that loads or resolves modules at run time, uses `import.meta` otherwise, spells it in
 * a string, a comment or a regular expression (which the replacement would change), or needs a
 * declaration under a shebang line is `refused`: tsx runs the app.
 */
class AppModules {
  /** The hash of each module's text as esbuild compiled it. */
  public readonly hashes = new Map<string, string>();
  /** Why the app cannot be bundled, when it cannot. */
  public refused: string | undefined;

  constructor(
    private readonly entry: string,
    private readonly format: 'esm' | 'cjs',
  ) {}

  public plugin(): Plugin {
    return {
      name: 'lambdaform-app-modules',
      setup: (b) => {
        // A `file:` URL imported (an external module, by its URL): by its path, which `require` takes too.
        b.onResolve({ filter: /^file:\/\// }, (args) => ({ path: fileURLToPath(args.path), external: true }));
        b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
          const text = fs.readFileSync(args.path, 'utf8');
          this.hashes.set(args.path, sha256Hex(text));
          const ext = path.extname(args.path);
          const loader: Loader = ext.includes('t') ? (ext.endsWith('x') ? 'tsx' : 'ts') : ext.endsWith('x') ? 'jsx' : 'js';
          if (args.path === this.entry || args.path.split(path.sep).includes('node_modules')) return { contents: text, loader };
          return { contents: await this.located(args.path, text, loader), loader };
        });
      },
    };
  }

  private async located(file: string, text: string, loader: Loader): Promise<string> {
    if (RUN_TIME.test(text)) {
      this.refused ??= `${file} loads or resolves modules at run time`;
      return text;
    }
    if (!OWN_LOCATION.test(text)) return text;
    const declarations: string[] = [];
    let contents = text;
    if (/\bimport\.meta\b/.test(text)) {
      // Replaced as text (no column moves), so only when every `import.meta` written is one in the
      // code: not in a string, a template's text, a regular expression or a comment (left as written).
      if (!(await metaOnlyInCode(text, loader))) {
        this.refused ??= `${file} spells import.meta in a string, a comment or a regular expression`;
        return text;
      }
      contents = text.replace(/\bimport\.meta\b/g, META);
      if (new RegExp(`\\b${META}\\.(?!(?:url|dirname|filename)\\b)|\\b${META}\\b(?!\\.)`).test(contents)) this.refused ??= `${file} reads import.meta otherwise than its url, dirname or filename`;
      declarations.push(`const ${META} = { url: ${JSON.stringify(pathToFileURL(file).href)}, dirname: ${JSON.stringify(path.dirname(file))}, filename: ${JSON.stringify(file)} };`);
    }
    // (an ES module has no __dirname of Node's: one it names is its own, `dirname(fileURLToPath(import.meta.url))`)
    const commonJs = this.format === 'cjs' || /\.c[jt]s$/.test(file);
    if (commonJs && /\b__dirname\b|\b__filename\b/.test(text)) declarations.push(`const __dirname = ${JSON.stringify(path.dirname(file))}, __filename = ${JSON.stringify(file)};`);
    if (declarations.length === 0) return contents;
    if (contents.startsWith('#!')) {
      this.refused ??= `${file} starts with a shebang line`;
      return text;
    }
    return `${declarations.join(' ')} ${contents}`;
  }
}

/** What stands for `import.meta` in a bundled module: a name of the same length. */
const META = '__lf_meta__';

/**
 * Whether each `import.meta` written in a module's text is an expression of its code: as many as
 * esbuild's own `define` of `import.meta` replaces (it parses the module, so the ones in strings,
 * template text, regular expressions and comments are not among them).
 */
async function metaOnlyInCode(text: string, loader: Loader): Promise<boolean> {
  const marker = '__lf_meta_in_code__';
  if (text.includes(marker)) return false;
  const { transform } = await import('esbuild');
  try {
    const { code } = await transform(text, { loader, define: { 'import.meta': marker }, logLevel: 'silent' });
    return code.split(marker).length === text.split(/\bimport\.meta\b/).length;
  } catch {
    return false; // (a syntax error: the build reports it)
  }
}

/**
 * Whether a package an ES module app imports would run later than some of the app's own modules
 * unbundled: a bundle imports every package first. (lambdaform, constructs and Node's own modules
 * are loaded before any app runs, bundled or not.) `entry` is the entry's key in `meta`.
 */
function packagesRunEarlier(meta: Metafile, entry: string): boolean {
  const visited = new Set<string>();
  const seen = new Set<string>();
  let appModuleRan = false;
  let earlier = false;
  const visit = (key: string): void => {
    visited.add(key);
    for (const imp of meta.inputs[key]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (!imp.external) {
        if (!visited.has(imp.path)) visit(imp.path);
      } else if (!seen.has(imp.path)) {
        seen.add(imp.path);
        if (appModuleRan && !loadedBefore(imp.path)) earlier = true;
      }
    }
    appModuleRan = true;
  };
  visit(entry);
  return earlier;
}

function loadedBefore(specifier: string): boolean {
  return isBuiltin(specifier) || specifier === 'lambdaform' || specifier.startsWith('lambdaform/') || specifier === 'constructs';
}

/**
 * Whether a package imported from one of the app's modules could resolve to another copy from the
 * compiled file: a `node_modules` in a directory above the module that is not above the compiled
 * file (a monorepo package of its own).
 */
function packagesResolveElsewhere(inputs: readonly string[], outDir: string): boolean {
  const above = (a: string, b: string): boolean => b === a || b.startsWith(a.endsWith(path.sep) ? a : a + path.sep);
  const checked = new Set<string>();
  for (const input of inputs) {
    for (let d = path.dirname(input); !checked.has(d); d = path.dirname(d)) {
      checked.add(d);
      if (!above(d, outDir) && fs.existsSync(path.join(d, 'node_modules'))) return true;
      if (path.dirname(d) === d) break;
    }
  }
  return false;
}

/** How apps are compiled (esbuild's options, `ownLocations`): a new value when that changes, so no app runs from an older compilation. */
const COMPILATION = 3;

/**
 * `import(`, `require(`, `require.resolve`, `import.meta.resolve`: a module loaded at run time
 * (which may be a local TypeScript one) or resolved relative to the module's own file.
 */
const RUN_TIME = /\bimport\s*\(|\brequire\s*\(|\brequire\.resolve\b|\bimport\.meta\.resolve\b/;
/** What a module reads of its own location. */
const OWN_LOCATION = /\bimport\.meta\b|\b__dirname\b|\b__filename\b/;

/**
 * What was decided for an app (its manifest: whether it was compiled, the content hash of the
 * compiled file `out`, and those of the files it is made of), while every one of those files still
 * has the content it had and the compiled file is the one the manifest names (two CLIs compiling
 * an app that changed between them write each other's files last); undefined otherwise.
 */
function decided(manifest: string, out: string): 'compiled' | 'tsx' | undefined {
  try {
    const { compiled, output, inputs } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { compiled: boolean; output?: string; inputs: Record<string, string> };
    const files = Object.keys(inputs);
    if (files.length === 0 || !files.every((f) => sha256Hex(fs.readFileSync(f, 'utf8')) === inputs[f])) return undefined;
    if (!compiled) return 'tsx';
    return sha256Hex(fs.readFileSync(out, 'utf8')) === output ? 'compiled' : undefined;
  } catch {
    return undefined; // no manifest or compiled file, or a file gone
  }
}


/** Whether a tsconfig.json has nothing only tsx's resolution honours (`paths`, `baseUrl`, `extends`). */
function plainTsconfig(file: string): boolean {
  try {
    // jsonc-parser is loaded only for a project with a tsconfig.json.
    const { parse: parseJsonc } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    const config = parseJsonc(fs.readFileSync(file, 'utf8')) as { extends?: unknown; compilerOptions?: { paths?: unknown; baseUrl?: unknown } } | undefined;
    if (typeof config !== 'object' || config === null) return false;
    return config.extends === undefined && config.compilerOptions?.paths === undefined && config.compilerOptions?.baseUrl === undefined;
  } catch {
    return false;
  }
}
