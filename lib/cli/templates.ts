/**
 * Which template files `lambdaform lint <template...>` reads, and the parameter values it resolves
 * them with: files as given; directories searched for templates (`cdk.out/` included); globs
 * expanded. `--parameter Key=Value` and `--parameters file.json` (the CloudFormation CLI's
 * `[{ "ParameterKey", "ParameterValue" }]` format, or a plain `{ "Key": "Value" }` map).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { importTemplateFiles } from '../import/index.js';
import type { AppModel } from '../model/types.js';
import { CliError } from './errors.js';

/** Template file extensions looked for in directories. */
const EXTENSIONS = /\.(ya?ml|json|template)$/i;
/** Directories never searched: dependencies, VCS data, CDK's asset folders. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.aws-sam', 'cdk.out.tmp']);

/** Files of code: an app, never a template. */
const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/** Template files for the arguments, relative to `cwd`, in argument order, each once. */
export function templateFiles(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const add = (abs: string) => {
    const rel = path.relative(cwd, abs).split(path.sep).join('/');
    const shown = rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
    if (!out.includes(shown)) out.push(shown);
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) {
        const found = findTemplates(abs);
        if (found.length === 0) throw new CliError(`${arg}: no CloudFormation or SAM template in this directory (looked for .yaml, .yml, .json and .template files with a Resources section)`);
        found.forEach(add);
      } else {
        // An app file named where a template goes (`lambdaform lint app.ts`): said as such, not as YAML the file is not.
        if (CODE_FILE.test(abs)) throw new CliError(`${arg} is a program, not a template: name an app with --app ${arg}`);
        add(abs);
      }
      continue;
    }
    if (isDynamicPattern(arg)) {
      const matches = globSync(arg, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
      if (matches.length === 0) throw new CliError(`${arg}: no file matches this pattern`);
      matches.forEach(add);
      continue;
    }
    throw new CliError(`${arg}: no such file or directory`);
  }
  return out;
}

/** Templates below a directory: files with a template extension whose text has a top-level `Resources` section. */
function findTemplates(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        // CDK writes each asset as a folder `asset.<hash>`: code, not templates.
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('asset.')) walk(p);
      } else if (entry.isFile() && EXTENSIONS.test(entry.name) && looksLikeTemplate(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function looksLikeTemplate(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  return /^\s*\{/.test(text.replace(/^\uFEFF/, '')) ? /"Resources"\s*:/.test(text) : /^Resources\s*:/m.test(text);
}

/** Parameter values from `--parameter Key=Value` (repeatable) and `--parameters file.json`. */
export function parameterValues(pairs: readonly string[] = [], file?: string, cwd = process.cwd()): Record<string, string> {
  const out: Record<string, string> = {};
  if (file !== undefined) {
    const abs = path.resolve(cwd, file);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new CliError(`--parameters ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(e as Error).message}`}`);
    }
    if (Array.isArray(data)) {
      data.forEach((p, i) => {
        const ok = typeof p === 'object' && p !== null && typeof p.ParameterKey === 'string' && (typeof p.ParameterValue === 'string' || p.UsePreviousValue === true);
        if (!ok) throw new CliError(`--parameters ${file}: entry ${i} must be {"ParameterKey": "Name", "ParameterValue": "value"}, got ${JSON.stringify(p)}`);
        if (typeof p.ParameterValue === 'string') out[p.ParameterKey] = p.ParameterValue;
      });
    } else if (typeof data === 'object' && data !== null) {
      for (const [k, v] of Object.entries(data)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new CliError(`--parameters ${file}: the value of ${k} must be a string, got ${JSON.stringify(v)}`);
        out[k] = String(v);
      }
    } else throw new CliError(`--parameters ${file} must hold [{"ParameterKey": "Name", "ParameterValue": "value"}, ...] or {"Name": "value"}`);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--parameter ${pair}: expected Key=Value, such as --parameter Stage=prod`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/**
 * The model of the templates named on the command line (files, directories, globs), resolved
 * with `--parameter`/`--parameters`; a parameter no template declares is refused.
 */
export function importTemplateArgs(args: readonly string[], opts: { readonly parameter?: readonly string[]; readonly parameters?: string }, cwd: string): AppModel {
  const files = templateFiles(args, cwd);
  const parameters = parameterValues(opts.parameter, opts.parameters, cwd);
  // Template files are relative to cwd; so are the paths findings carry.
  const model = importTemplateFiles(files, { parameters, cwd });
  const declared = new Set(model.stacks.flatMap((s) => Object.keys((s.imported?.sections.Parameters ?? {}) as object)));
  const unknown = Object.keys(parameters).filter((k) => !declared.has(k));
  if (unknown.length) throw new CliError(`--parameter ${unknown[0]}: no template declares this parameter (${declared.size ? `their parameters: ${[...declared].sort().join(', ')}` : 'they declare none'})`);
  return model;
}
