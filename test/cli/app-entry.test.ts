// A TypeScript app is compiled by esbuild with its own modules and loaded natively (lib/cli/app-entry.ts):
// its import.meta (and in CommonJS __dirname) is the app file's, its errors name the app's TypeScript
// lines, a changed file of it is compiled again, and anything bundling could change (a dynamic
// import, a module other than the entry that reads its own location, tsconfig paths) is left to tsx.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compiledEntry } from '../../lib/cli/app-entry.js';

// esbuild as it is, its builds counted.
vi.mock('esbuild', async (original) => {
  const real = await original<typeof import('esbuild')>();
  return { ...real, build: vi.fn(real.build) };
});

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-app-entry-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The files of an ES module package installed at `dir` (its name is the directory's), whose index is `index`. */
function esmPackage(dir: string, index: string): Record<string, string> {
  return { [`${dir}/package.json`]: `${JSON.stringify({ name: path.basename(dir), type: 'module', exports: './index.js' })}\n`, [`${dir}/index.js`]: index };
}

const APP = `import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
interface Shape { readonly name: string }
const here: Shape = { name: path.basename(fileURLToPath(import.meta.url)) };
console.log(JSON.stringify({ url: import.meta.url, name: here.name, dirname: import.meta.dirname }));
await Promise.resolve();
throw new Error('boom');
`;

describe('compiledEntry', () => {
  it('compiles a one-file app below its directory, with import.meta of the app file and errors on its TypeScript lines', async () => {
    const dir = project({ 'app.ts': APP });
    const file = path.join(dir, 'app.ts');
    const out = await compiledEntry(file, undefined);
    expect(out).toBeDefined();
    expect(path.dirname(out!)).toBe(path.join(dir, '.lambdaform', 'app'));
    // the same file again: taken as it is
    expect(await compiledEntry(file, undefined)).toBe(out);
    const r = spawnSync(process.execPath, ['--enable-source-maps', out!], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ url: pathToFileURL(file).href, name: 'app.ts', dirname: dir });
    expect(r.stderr).toContain(`${file}:7:7`);
  });

  it('bundles the modules of the app, and compiles again when one of them changes', async () => {
    const dir = project({ 'app.ts': "import { x } from './lib/other.js';\nconsole.log(JSON.stringify({ x }));\n", 'lib/other.ts': 'export const x: number = 1;\n' });
    const file = path.join(dir, 'app.ts');
    const out = await compiledEntry(file, undefined);
    expect(out).toBeDefined();
    const run = (f: string): string => spawnSync(process.execPath, [f], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    expect(run(out!)).toBe('{"x":1}');
    fs.writeFileSync(path.join(dir, 'lib', 'other.ts'), 'export const x: number = 2;\n');
    const again = await compiledEntry(file, undefined);
    expect(again).toBe(out);
    expect(run(again!)).toBe('{"x":2}');
    // a compiled file that is not the one its manifest names (another CLI's, written last) is made again
    fs.writeFileSync(out!, 'console.log("stale");\n');
    expect(await compiledEntry(file, undefined)).toBe(out);
    expect(run(out!)).toBe('{"x":2}');
  });

  it('compiles a CommonJS app (no "type": "module") with its modules, each with its own __dirname and __filename', async () => {
    const dir = project({
      'app.ts': "import * as path from 'node:path';\nimport { name, where } from './lib/stack';\nconsole.log(JSON.stringify({ dir: __dirname, file: path.basename(__filename), name, where }));\nthrow new Error('boom');\n",
      // (read at the module's top level, as CDK stacks do for their assets)
      'lib/stack.ts': "import * as path from 'node:path';\nexport const where = path.join(__dirname, 'lambda');\nexport const name: string = path.basename(__filename);\n",
    });
    fs.writeFileSync(path.join(dir, 'package.json'), '{}\n');
    const file = path.join(dir, 'app.ts');
    const out = await compiledEntry(file, undefined, 'cjs');
    expect(out).toMatch(/\.cjs$/);
    const r = spawnSync(process.execPath, ['--enable-source-maps', out!], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ dir, file: 'app.ts', name: 'stack.ts', where: path.join(dir, 'lib', 'lambda') });
    expect(r.stderr).toContain(`${file}:4:7`);
  });

  it('keeps a module imported by its file: URL external, as its path (which require takes too)', async () => {
    const lib = project({ 'lib.mjs': 'export const v = 42;\n' });
    for (const format of ['esm', 'cjs'] as const) {
      const dir = project({ 'app.ts': `import { v } from '${pathToFileURL(path.join(lib, 'lib.mjs')).href}';\nconsole.log(v);\n` });
      if (format === 'cjs') fs.writeFileSync(path.join(dir, 'package.json'), '{}\n');
      const out = await compiledEntry(path.join(dir, 'app.ts'), undefined, format);
      expect(out).toBeDefined();
      const r = spawnSync(process.execPath, [out!], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout.trim(), r.stderr).toBe('42');
    }
  });

  it('gives each ES module of the app its own import.meta.url, dirname and filename', async () => {
    const dir = project({ 'app.ts': "import { here } from './lib/other.js';\nconsole.log(JSON.stringify(here));\n", 'lib/other.ts': 'export const here = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename };\n' });
    const out = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    expect(out).toBeDefined();
    const other = path.join(dir, 'lib', 'other.ts');
    expect(JSON.parse(spawnSync(process.execPath, [out!], { cwd: dir, encoding: 'utf8' }).stdout)).toEqual({ url: pathToFileURL(other).href, dirname: path.dirname(other), filename: other });
  });

  it("keeps an ES module's own __dirname (dirname(fileURLToPath(import.meta.url))), and the names of classes two modules share", async () => {
    const dir = project({
      'app.ts': "import { here, Stack as Other } from './lib/other.js';\nclass Stack {}\nconsole.log(JSON.stringify({ here, names: [Stack.name, Other.name] }));\n",
      'lib/other.ts': "import * as path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nconst __dirname = path.dirname(fileURLToPath(import.meta.url));\nexport const here = __dirname;\nexport class Stack {}\n",
    });
    const out = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    expect(out).toBeDefined();
    expect(JSON.parse(spawnSync(process.execPath, [out!], { cwd: dir, encoding: 'utf8' }).stdout)).toEqual({ here: path.join(dir, 'lib'), names: ['Stack', 'Stack'] });
  });

  it('keeps the columns of a module that reads import.meta (errors and source locations point where tsx points)', async () => {
    const line2 = "export const u = import.meta.url; export function boom(): never { throw new Error('x'); }";
    const dir = project({ 'app.ts': "import { boom } from './lib/m.js';\nboom();\n", 'lib/m.ts': `// a module\n${line2}\n` });
    const out = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    const r = spawnSync(process.execPath, ['--enable-source-maps', out!], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain(`${path.join(dir, 'lib', 'm.ts')}:2:${line2.indexOf('new Error') + 1}`);
  });

  it("leaves to tsx a module that spells import.meta in a string or a regular expression (replaced as text, they would change)", async () => {
    const inline = "export const handler = async () => import.meta.url;";
    for (const other of [
      `export const url = import.meta.url;\nexport const code = ${JSON.stringify(inline)};\n`,
      'export const url = import.meta.url;\nexport const code = `${import.meta.dirname}: import.meta`;\n',
      'export const url = import.meta.url;\nexport const code = String(/import.meta/);\n',
    ]) {
      const dir = project({ 'app.ts': "import { code } from './lib/other.js';\nconsole.log(code);\n", 'lib/other.ts': other });
      expect(await compiledEntry(path.join(dir, 'app.ts'), undefined), other).toBeUndefined();
    }
    // every import.meta in the code: compiled, each the module's own
    const dir = project({ 'app.ts': "import { code } from './lib/other.js';\nconsole.log(code);\n", 'lib/other.ts': 'export const code = `${import.meta.filename} ${import.meta.dirname}`;\n' });
    const out = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    expect(out).toBeDefined();
    expect(spawnSync(process.execPath, [out!], { cwd: dir, encoding: 'utf8' }).stdout.trim()).toBe(`${path.join(dir, 'lib', 'other.ts')} ${path.join(dir, 'lib')}`);
  });

  it('gives a CommonJS module of an ES module app (.cts) its own __dirname', async () => {
    const dir = project({ 'app.ts': "import { assets } from './lib/paths.cjs';\nconsole.log(assets);\n", 'lib/paths.cts': "import * as path from 'node:path';\nexport const assets = path.join(__dirname, 'assets');\n" });
    const out = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    expect(out).toBeDefined();
    expect(spawnSync(process.execPath, [out!], { cwd: dir, encoding: 'utf8' }).stdout.trim()).toBe(path.join(dir, 'lib', 'assets'));
  });

  it('keeps the compiled files of another app beside it (app.ts and app-dev.ts)', async () => {
    const dir = project({ 'app.ts': 'console.log(1);\n', 'app-dev.ts': 'console.log(2);\n' });
    const dev = await compiledEntry(path.join(dir, 'app-dev.ts'), undefined);
    const app = await compiledEntry(path.join(dir, 'app.ts'), undefined);
    expect(fs.existsSync(dev!) && fs.existsSync(app!)).toBe(true);
  });

  it('leaves a project where nothing can be written (no .lambdaform/app/) to tsx without a build', async () => {
    const dir = project({ 'app.ts': 'console.log(1);\n', '.lambdaform': 'a file, not a directory\n' });
    vi.mocked(esbuild.build).mockClear();
    expect(await compiledEntry(path.join(dir, 'app.ts'), undefined)).toBeUndefined();
    expect(esbuild.build).not.toHaveBeenCalled();
    // (a project that can hold it is built)
    expect(await compiledEntry(path.join(project({ 'app.ts': 'console.log(1);\n' }), 'app.ts'), undefined)).toBeDefined();
    expect(esbuild.build).toHaveBeenCalledTimes(1);
  });

  it('leaves to tsx an ES module app whose package would run earlier bundled than unbundled', async () => {
    const dir = project({
      'app.ts': "import './env.js';\nimport { region } from './stack.js';\nconsole.log(region);\n",
      'env.ts': "process.env.MY_REGION = 'eu-west-1';\n",
      'stack.ts': "import { region } from 'regionpkg';\nexport { region };\n",
      ...esmPackage('node_modules/regionpkg', 'export const region = process.env.MY_REGION ?? "unset";\n'),
    });
    expect(await compiledEntry(path.join(dir, 'app.ts'), undefined)).toBeUndefined();
    // the same app with the package imported first is compiled: nothing of the app's ran before it
    fs.writeFileSync(path.join(dir, 'app.ts'), "import { region } from './stack.js';\nimport './env.js';\nconsole.log(region);\n");
    expect(await compiledEntry(path.join(dir, 'app.ts'), undefined)).toBeDefined();
  });

  it('leaves to tsx an app whose module in another package directory imports a package (a monorepo)', async () => {
    const root = project({
      'infra/app.ts': "import { cfg } from '../shared/cfg.js';\nconsole.log(cfg);\n",
      'shared/cfg.ts': "import { v } from 'sharedpkg';\nexport const cfg = v;\n",
      ...esmPackage('shared/node_modules/sharedpkg', 'export const v = 1;\n'),
    });
    expect(await compiledEntry(path.join(root, 'infra', 'app.ts'), undefined)).toBeUndefined();
  });

  it('leaves to tsx an app that loads modules at run time, reads its location otherwise, imports a package by path, or has tsconfig paths', async () => {
    const manifestOf = (dir: string): { compiled: boolean } => {
      const appDir = path.join(dir, '.lambdaform', 'app');
      return JSON.parse(fs.readFileSync(path.join(appDir, fs.readdirSync(appDir).find((f) => f.endsWith('.inputs.json'))!), 'utf8'));
    };
    const byPath = project({ 'app.ts': "import { v } from './node_modules/pkg/index.js';\nconsole.log(v);\n", 'node_modules/pkg/index.js': 'export const v = 1;\n' });
    expect(await compiledEntry(path.join(byPath, 'app.ts'), undefined)).toBeUndefined();
    // the decision is kept: the same files again are left to tsx without a build...
    expect(manifestOf(byPath).compiled).toBe(false);
    expect(await compiledEntry(path.join(byPath, 'app.ts'), undefined)).toBeUndefined();
    // ...until one of them changes
    fs.writeFileSync(path.join(byPath, 'app.ts'), 'console.log(1);\n');
    expect(await compiledEntry(path.join(byPath, 'app.ts'), undefined)).toBeDefined();
    const later = project({ 'app.ts': "import { load } from './other.js';\nconsole.log(await load());\n", 'other.ts': "export const load = () => import('./third.js');\n", 'third.ts': 'export const x = 1;\n' });
    expect(await compiledEntry(path.join(later, 'app.ts'), undefined)).toBeUndefined();
    const resolveMeta = project({ 'app.ts': "import { here } from './other.js';\nconsole.log(here);\n", 'other.ts': "export const here = import.meta.resolve('./x.js');\n" });
    expect(await compiledEntry(path.join(resolveMeta, 'app.ts'), undefined)).toBeUndefined();
    const shebang = project({ 'app.ts': "import { here } from './other';\nconsole.log(here);\n", 'other.ts': '#!/usr/bin/env node\nexport const here = __dirname;\n' });
    fs.writeFileSync(path.join(shebang, 'package.json'), '{}\n');
    expect(await compiledEntry(path.join(shebang, 'app.ts'), undefined, 'cjs')).toBeUndefined();
    const dynamic = project({ 'app.ts': "const m = await import('./other.js');\nconsole.log(m);\n" });
    expect(await compiledEntry(path.join(dynamic, 'app.ts'), undefined)).toBeUndefined();
    const resolved = project({ 'app.ts': "console.log(import.meta.resolve('./lambda/index.js'));\n" });
    expect(await compiledEntry(path.join(resolved, 'app.ts'), undefined)).toBeUndefined();
    const requireResolve = project({ 'app.ts': "import { where } from './other';\nconsole.log(where);\n", 'other.ts': "export const where = require.resolve('./lambda/index.js');\n" });
    fs.writeFileSync(path.join(requireResolve, 'package.json'), '{}\n');
    expect(await compiledEntry(path.join(requireResolve, 'app.ts'), undefined, 'cjs')).toBeUndefined();
    expect(manifestOf(requireResolve).compiled).toBe(false);
    const paths = project({ 'app.ts': "import * as fs from 'node:fs';\nconsole.log(fs.existsSync('.'));\n", 'tsconfig.json': '{ "compilerOptions": { "paths": { "x/*": ["./x/*"] } } }\n' });
    expect(await compiledEntry(path.join(paths, 'app.ts'), path.join(paths, 'tsconfig.json'))).toBeUndefined();
    const plain = project({ 'app.ts': "import * as fs from 'node:fs';\nconsole.log(fs.existsSync('.'));\n", 'tsconfig.json': '{ "compilerOptions": { "strict": true } /* a comment */ }\n' });
    expect(await compiledEntry(path.join(plain, 'app.ts'), path.join(plain, 'tsconfig.json'))).toBeDefined();
  });
});
