#!/usr/bin/env node
// Launcher of the CLI: the compiled one (dist/bin/lambdaform.js) in the published package; in a
// checkout of the repository, the TypeScript sources (bin/lambdaform.ts), with no build step to remember.
//
// Loading ~150 TypeScript modules through tsx's loader takes most of a second at every start, so
// the CLI is bundled once with esbuild (which tsx itself uses) into `.lambdaform/cli/`, under a
// key made of the sources' paths, sizes and modification times: a changed source gives a new
// bundle. The bundle sits two directories below the package root, as the modules of lib/ do, so
// their paths relative to `import.meta.url` (package.json, bin/app-hook.mjs) stay right; packages
// stay external and resolve from the package's node_modules. When the bundle cannot be made or
// written (a read-only install), the CLI runs through tsx as before.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'bin', 'lambdaform.ts');
const OUT_DIR = path.join(ROOT, '.lambdaform', 'cli');

/** How the bundle is made (esbuild's options below): a new value gives a new bundle (2: keepNames). */
const BUNDLING = 2;

/** Paths, sizes and modification times of everything the bundle is made of. */
function sourcesKey() {
  const hash = createHash('sha256').update(`${BUNDLING}\n`);
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        const s = fs.statSync(p);
        hash.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  for (const f of [ENTRY, path.join(ROOT, 'package.json')]) {
    const s = fs.statSync(f);
    hash.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The bundled CLI, made when missing; undefined when it cannot be made here. */
async function bundled() {
  if (process.env.LAMBDAFORM_NO_BUNDLE) return undefined;
  try {
    const file = path.join(OUT_DIR, `lambdaform-${sourcesKey()}.mjs`);
    if (fs.existsSync(file)) return file;
    const { build } = await import('esbuild');
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await build({ entryPoints: [ENTRY], outfile: tmp, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent', legalComments: 'none', keepNames: true });
    // Atomic: CLIs started together each write their own file, and the last rename wins.
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(OUT_DIR)) {
      if (old !== path.basename(file) && !old.endsWith('.tmp')) fs.rmSync(path.join(OUT_DIR, old), { force: true });
    }
    return file;
  } catch {
    return undefined;
  }
}

// The published package (no tsconfig.json: it ships dist/) runs the compiled CLI; a checkout of
// the repository runs its sources, bundled as above.
const COMPILED = path.join(ROOT, 'dist', 'bin', 'lambdaform.js');
const DEVELOPMENT = fs.existsSync(path.join(ROOT, 'tsconfig.json'));

try {
  const file = DEVELOPMENT ? await bundled() : COMPILED;
  if (file) await import(pathToFileURL(file).href);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./lambdaform.ts');
  }
} catch (err) {
  // The CLI reports its own errors; what gets here is lambdaform failing to load: a bug, in the CLI's format.
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`lambdaform: internal error: ${e.message}\nThis is a bug in lambdaform; set LAMBDAFORM_DEBUG=1 to see where it happened.\n`);
  if (process.env.LAMBDAFORM_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 1;
}
