import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

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
  // A dynamic import or require may load a local TypeScript module, which only tsx can.
  if (DYNAMIC.test(source)) return undefined;
  const dir = path.dirname(file);
  const key = createHash('sha256').update(`${COMPILATION}\0${file}\0${tsconfig ? fs.readFileSync(tsconfig, 'utf8') : ''}\0${format}`).digest('hex').slice(0, 20);
  const stem = `${path.basename(file).replace(/\.[^.]+$/, '')}-`;
  const out = path.join(dir, '.lambdaform', 'app', `${stem}${key}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const manifest = `${out}.inputs.json`;
  // What was decided for these files before, while none of them changed: the compiled file, or tsx.
  const known = decided(manifest, out);
  if (known !== undefined) return known === 'tsx' ? undefined : out;
  const { build } = await import('esbuild');
  const url = pathToFileURL(file).href;
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
      plugins: [ownLocations(file, format)],
      define: {
        'import.meta.url': JSON.stringify(url),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(dir),
        ...(format === 'cjs' ? { __dirname: JSON.stringify(dir), __filename: JSON.stringify(file) } : {}),
      },
    });
  } catch {
    // A syntax error, or a module whose location the bundle cannot keep: tsx runs the app (and reports its errors).
    return undefined;
  }
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(dir, f));
  const hashes: Record<string, string> = {};
  let bundles = true;
  for (const input of inputs) {
    const text = fs.readFileSync(input, 'utf8');
    // (a package's files imported by path, lambdaform's own among them, are no module of the app's)
    if (input !== file && (DYNAMIC.test(text) || input.split(path.sep).includes('node_modules'))) bundles = false;
    hashes[input] = contentHash(text);
  }
  const text = result.outputFiles.find((f) => f.path === out)?.text;
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (bundles && text !== undefined) writeAtomically(out, text);
    const compiled = bundles && text !== undefined ? { output: contentHash(text) } : {};
    writeAtomically(manifest, `${JSON.stringify({ compiled: bundles && text !== undefined, ...compiled, inputs: hashes })}\n`);
    for (const old of fs.readdirSync(path.dirname(out))) {
      if (!old.startsWith(stem) || old.startsWith(path.basename(out)) || old.endsWith('.tmp')) continue;
      if (/\.(mjs|cjs)(\.inputs\.json)?$/.test(old)) fs.rmSync(path.join(path.dirname(out), old), { force: true });
    }
  } catch {
    return undefined; // a read-only project: tsx, as before
  }
  return bundles && text !== undefined ? out : undefined;
}

/**
 * Gives each module of the app (other than the entry, whose are `define`d) its own location, as
 * it has it unbundled: `import.meta.url`, `dirname` and `filename` become the file's, as strings;
 * in CommonJS, `__dirname` and `__filename` are declared at the start of its first line (so its
 * lines stay where they are). A module that reads its location otherwise (`import.meta` itself, or
 * `__dirname` under a shebang line) fails the build: tsx runs the app.
 */
function ownLocations(entry: string, format: 'esm' | 'cjs'): Plugin {
  return {
    name: 'lambdaform-own-locations',
    setup(b) {
      // A `file:` URL imported (an external module, by its URL): by its path, which `require` takes too.
      b.onResolve({ filter: /^file:\/\// }, (args) => ({ path: fileURLToPath(args.path), external: true }));
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        if (args.path === entry || args.path.split(path.sep).includes('node_modules')) return undefined;
        const text = fs.readFileSync(args.path, 'utf8');
        if (!OWN_LOCATION.test(text)) return undefined;
        const literal = { url: JSON.stringify(pathToFileURL(args.path).href), dirname: JSON.stringify(path.dirname(args.path)), filename: JSON.stringify(args.path) };
        let contents = text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k: keyof typeof literal) => literal[k]);
        // (an ES module has no __dirname of Node's: one it names is its own, `dirname(fileURLToPath(import.meta.url))`)
        const cjsLocation = format === 'cjs' && /\b__dirname\b|\b__filename\b/.test(contents);
        if (/\bimport\.meta\b/.test(contents) || (cjsLocation && contents.startsWith('#!'))) {
          return { errors: [{ text: `${args.path} reads its own location in a way a bundle cannot keep` }] };
        }
        if (cjsLocation) contents = `const __dirname = ${literal.dirname}, __filename = ${literal.filename}; ${contents}`;
        const ext = path.extname(args.path);
        const loader = ext.includes('t') ? (ext.endsWith('x') ? 'tsx' : 'ts') : ext.endsWith('x') ? 'jsx' : 'js';
        return { contents, loader };
      });
    },
  };
}

/** How apps are compiled (esbuild's options, `ownLocations`): a new value when that changes, so no app runs from an older compilation. */
const COMPILATION = 2;

/** `import(` or `require(`: a module loaded at run time, which may be a local TypeScript one. */
const DYNAMIC = /\bimport\s*\(|\brequire\s*\(/;
/** What a module reads of its own location. */
const OWN_LOCATION = /\bimport\.meta\b|\b__dirname\b|\b__filename\b/;

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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
    if (files.length === 0 || !files.every((f) => contentHash(fs.readFileSync(f, 'utf8')) === inputs[f])) return undefined;
    if (!compiled) return 'tsx';
    return contentHash(fs.readFileSync(out, 'utf8')) === output ? 'compiled' : undefined;
  } catch {
    return undefined; // no manifest or compiled file, or a file gone
  }
}

/** Writes a file whole or not at all: CLIs started together each write their own, and the last rename wins. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
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
