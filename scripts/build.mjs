#!/usr/bin/env node
// `npm run build` (and `prepack`): the published package's dist/.
// - JavaScript: esbuild bundles lib/ and the CLI's entry from the TypeScript sources, one bundle
//   per public entry (package.json "exports", and the CLI's, dist/bin/cli.js, which the launcher
//   dist/bin/lambdaform.js loads: scripts/dist-launcher.js) with the modules they
//   share split into chunks under dist/lib/chunks/ (one instance of each module whatever the
//   entry an app imports it by), and the modules the CLI imports when a command needs them
//   (lint, the local runtime, the template importer, ...) in chunks of their own. Packages stay
//   external. Source maps point at lib/ (sources included). An ES module of ~120 files costs
//   Node's loader ~1 ms a file at every start (resolution, package scope lookups, reads); the
//   bundles cut `lambdaform synth` of a small app by ~100 ms (bench/startup.mjs).
// - Declarations: tsc (tsconfig.build.json), with declaration maps, one .d.ts per module as before.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

/** The public entries: each export's source and where its compiled file goes, and the CLI's. */
function entryPoints() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // The CLI's bundle is dist/bin/cli.js; dist/bin/lambdaform.js is the launcher that requires it (scripts/dist-launcher.js).
  const entries = [{ in: path.join(root, 'bin', 'lambdaform.ts'), out: 'bin/cli' }];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target !== 'object') continue; // ./package.json
    const source = target['lambdaform-source'];
    const compiled = target.default;
    if (!source || !compiled?.startsWith('./dist/') || !compiled.endsWith('.js')) throw new Error(`package.json exports['${subpath}'] needs a lambdaform-source and a ./dist/….js default`);
    entries.push({ in: path.join(root, source), out: compiled.slice('./dist/'.length, -'.js'.length) });
  }
  return entries;
}

// LAMBDAFORM_BUILD_NO_CHECK=1 (CI's package test, beside `npm test`, whose tsc checks the same
// sources): declarations without type-checking again (tsc --noCheck: the same output, faster).
const noCheck = process.env.LAMBDAFORM_BUILD_NO_CHECK === '1' ? ['--noCheck'] : [];
const declarations = () => execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), ...noCheck], { cwd: root, stdio: 'inherit' });

await build({
  entryPoints: entryPoints(),
  outdir: dist,
  bundle: true,
  splitting: true,
  // Names as written: a bundled class may be renamed (`_Queue`), and a class's or function's name is
  // data to users (`construct.constructor.name` in an aspect, `util.inspect`) as it is in aws-cdk-lib.
  keepNames: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Chunks two directories below dist/, as the modules of lib/<dir>/ were: what a module finds
  // relative to its own file (`../index.js`, the package root) is the same in a chunk.
  chunkNames: 'lib/chunks/[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: true,
  legalComments: 'none',
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'scripts', 'dist-launcher.js'), path.join(dist, 'bin', 'lambdaform.js'));
fs.chmodSync(path.join(dist, 'bin', 'lambdaform.js'), 0o755);
declarations();
