import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/** How a worker loads a handler file: with `require` or `import()`, and whether it registers its module hooks. */
export interface ModuleLoading {
  /** The module hooks (layers and the provided AWS SDK for ES modules, Lambda's CommonJS rule for .js files): a loader thread per environment. */
  readonly hooks: boolean;
  /**
   * The handler file is loaded with `require` instead of `import()`: a `.js` file that is CommonJS
   * by Lambda's rule (no package.json between it and the code directory says "type": "module"),
   * in a code directory whose files use no ES module syntax (no `import`/`export` statement, no
   * `import()`). Such code needs no module hooks: whatever a package.json above the code
   * directory says, `require` loads it as Lambda does.
   */
  readonly requireEntry: boolean;
}

/**
 * How a worker loads a handler, read once per function version (files are scanned as text):
 * - CommonJS code only (see `requireEntry`) is required, with no hooks: `require` finds the
 *   layers and the provided AWS SDK on NODE_PATH, and .js files as CommonJS by Lambda's rule.
 * - Otherwise the file is imported, with the hooks (which cost a loader thread per environment,
 *   so a cold start takes about twice as long) when its code imports a package it does not
 *   install itself (from a layer, or the AWS SDK Lambda provides), or when a `.js` file of the
 *   code directory must load as CommonJS although a package.json above the directory (not
 *   deployed) says "type": "module".
 */
export function moduleLoading(codeDir: string, entry: string): ModuleLoading {
  if (entry.endsWith('.cjs') || entry.endsWith('.cts')) return { hooks: false, requireEntry: false };
  const files = sourceFiles(codeDir);
  if (commonJsOnly(codeDir, entry, files)) return { hooks: false, requireEntry: true };
  return { hooks: hooksNeeded(codeDir, files), requireEntry: false };
}

function hooksNeeded(codeDir: string, files: readonly string[]): boolean {
  if (files.some((f) => f.endsWith('.js')) && moduleTypeAbove(codeDir) && !hasOwnType(codeDir)) return true;
  const builtins = new Set(builtinModules);
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"./][^'"]*)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:') || builtins.has(spec)) continue;
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!installedFrom(path.dirname(file), pkg, codeDir)) return true;
    }
  }
  return false;
}

function commonJsOnly(codeDir: string, entry: string, files: readonly string[]): boolean {
  // (A directory of more files than sourceFiles reads is not known to be all CommonJS.)
  if (!entry.endsWith('.js') || files.length >= 500 || lambdaModuleType(codeDir, entry) !== 'commonjs') return false;
  for (const file of files) {
    if (!file.endsWith('.js')) return false;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    if (ES_MODULE_SYNTAX.test(text)) return false;
  }
  return true;
}

/** An `import` or `export` statement at the start of a line, or an `import(` (a comment or string with one only costs the hooks). */
const ES_MODULE_SYNTAX = /^\s*(?:import|export)\b(?!\s*[=:(.])|\bimport\s*\(/m;

/**
 * Lambda's rule for a .js file of a code directory: CommonJS unless a package.json between it and
 * the directory says "type": "module" (one that cannot be read: CommonJS). What lies above the
 * directory is not deployed and does not count.
 */
export function lambdaModuleType(codeDir: string, file: string): 'module' | 'commonjs' {
  for (let d = path.dirname(file); ; ) {
    const p = path.join(d, 'package.json');
    if (fs.existsSync(p)) {
      try {
        return (JSON.parse(fs.readFileSync(p, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (d === codeDir) return 'commonjs';
    const up = path.dirname(d);
    if (up === d || !up.startsWith(codeDir)) return 'commonjs';
    d = up;
  }
}

/** The code directory's .js/.mjs/.ts files outside node_modules (at most 500). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= 500) return;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(d, e.name));
      } else if (/\.(m?js|m?ts)$/.test(e.name)) out.push(path.join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** Whether a package is installed in a node_modules between `from` and the code directory. */
function installedFrom(from: string, pkg: string, codeDir: string): boolean {
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules', pkg))) return true;
    if (d === codeDir || path.dirname(d) === d) return false;
  }
}

function hasOwnType(codeDir: string): boolean {
  return fs.existsSync(path.join(codeDir, 'package.json'));
}

function moduleTypeAbove(codeDir: string): boolean {
  for (let d = path.dirname(codeDir); ; d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (fs.existsSync(p)) {
      try {
        return (JSON.parse(fs.readFileSync(p, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(d) === d) return false;
  }
}
