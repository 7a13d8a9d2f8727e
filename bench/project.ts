/**
 * A user's project for the whole-process benchmarks: lambdaform as an installed package runs.
 *
 * A temporary folder holds a copy of bench/generate.ts and its shared asset and layer (bench/app),
 * a package.json, and node_modules with `lambdaform` (a symlink to this repository, so its
 * package.json `exports` lead to the compiled dist/) and `constructs`. The CLI is the compiled
 * one, run as `node <repo>/dist/bin/lambdaform.js ...` from the folder. There is no tsconfig.json
 * in the folder, so the app's `lambdaform` imports resolve with the default conditions (dist/),
 * never to the TypeScript sources (`lambdaform-source` is a condition only this repository's
 * tsconfig turns on).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The compiled CLI. */
export const COMPILED_CLI = path.join(ROOT, 'dist', 'bin', 'lambdaform.js');

/** The newest modification time (ms) of the files below a directory. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) max = Math.max(max, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return max;
}

/**
 * Runs `npm run build` when dist/ is missing or older than lib/ or bin/lambdaform.ts. A build that
 * reports type errors but wrote dist/ (tsc emits anyway) is used, with a warning: other work in
 * progress in the repository should not stop a benchmark.
 */
export function ensureBuild(log: (line: string) => void = (l) => console.error(l)): void {
  const built = fs.existsSync(COMPILED_CLI) ? fs.statSync(COMPILED_CLI).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, 'lib')), fs.statSync(path.join(ROOT, 'bin', 'lambdaform.ts')).mtimeMs);
  if (built >= sources) return;
  log(built === 0 ? 'bench: dist/ is missing: npm run build' : 'bench: dist/ is older than lib/: npm run build');
  try {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (e) {
    if (!fs.existsSync(COMPILED_CLI)) throw e;
    log('bench: warning: npm run build reported errors (above); measuring the dist/ it wrote');
  }
}

/** A user's project in a temporary folder. */
export interface UserProject {
  readonly dir: string;
  /** The app file, relative to `dir`. */
  readonly app: string;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * Makes the user's project: generate.ts (as `generate.ts`, or `extra` appended when given: a check
 * the caller wants in the app), app/, package.json and node_modules/{lambdaform,constructs}.
 */
export function makeUserProject(extra = ''): UserProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-project-'));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-user-app', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'generate.ts'), fs.readFileSync(path.join(ROOT, 'bench', 'generate.ts'), 'utf8') + extra);
  fs.cpSync(path.join(ROOT, 'bench', 'app'), path.join(dir, 'app'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'lambdaform'), 'dir');
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', 'constructs')), path.join(dir, 'node_modules', 'constructs'), 'dir');
  return { dir, app: 'generate.ts', remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
