import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/**
 * A TypeScript app written as one ES module file, compiled by esbuild into a JavaScript module
 * Node imports natively: starting tsx's module hooks (a worker thread every import waits on)
 * costs more than the rest of a small app's `synth`.
 *
 * Only for an app file that imports nothing of its own (every import a package or a `node:`
 * module): the compiled file keeps its imports, and lies below the app's directory
 * (`.lambdaform/app/`, where lambdaform's bundles also go), so Node resolves them as it would from
 * the app; `import.meta.url`, `dirname` and `filename` are the app file's; an inline source map
 * names the app's own lines in errors and in the source locations of constructs. Anything else
 * (local modules, dynamic imports, tsconfig `paths` or `extends`, which only tsx's resolution
 * honours) returns undefined: tsx runs the app as before.
 */
export async function compiledEntry(file: string, tsconfig: string | undefined): Promise<string | undefined> {
  if (tsconfig && !plainTsconfig(tsconfig)) return undefined;
  const source = fs.readFileSync(file, 'utf8');
  // A dynamic import or require may load a local TypeScript module, which only tsx can.
  if (/\bimport\s*\(|\brequire\s*\(/.test(source)) return undefined;
  const dir = path.dirname(file);
  const key = createHash('sha256').update(`${file}\0${tsconfig ? fs.readFileSync(tsconfig, 'utf8') : ''}\0${source}`).digest('hex').slice(0, 20);
  const stem = `${path.basename(file).replace(/\.[^.]+$/, '')}-`;
  const out = path.join(dir, '.lambdaform', 'app', `${stem}${key}.mjs`);
  if (fs.existsSync(out)) return out;
  const { build } = await import('esbuild');
  const url = pathToFileURL(file).href;
  let result;
  try {
    result = await build({
      entryPoints: [file],
      outfile: out,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      ...(tsconfig ? { tsconfig } : {}),
      define: { 'import.meta.url': JSON.stringify(url), 'import.meta.filename': JSON.stringify(file), 'import.meta.dirname': JSON.stringify(dir) },
    });
  } catch {
    // A syntax or type-only error: tsx reports it as for any app.
    return undefined;
  }
  // Another file of the app went into the bundle: its import.meta would be wrong, tsx runs it.
  if (Object.keys(result.metafile.inputs).length !== 1) return undefined;
  const text = result.outputFiles.find((f) => f.path === out)?.text;
  if (text === undefined) return undefined;
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
    for (const old of fs.readdirSync(path.dirname(out))) {
      if (old !== path.basename(out) && old.startsWith(stem) && old.endsWith('.mjs')) fs.rmSync(path.join(path.dirname(out), old), { force: true });
    }
  } catch {
    return undefined; // a read-only project: tsx, as before
  }
  return out;
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
