import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LambdaformError } from '../core/errors.js';
import { checkCustomRules } from '../lint/rule-check.js';
import type { Rule } from '../lint/types.js';
import { CONFIG_FILE } from './config.js';
import { CliError } from './errors.js';

/**
 * Loads the custom rules `lint.customRules` names: module paths relative to the project directory
 * (`.ts` or `.js`; the CLI runs TypeScript), each exporting a rule or a list of rules as its
 * default export or as `rules`. A missing module, one that fails to load or a malformed rule is a
 * usage error naming the module.
 */
export async function loadCustomRules(paths: unknown, cwd: string, builtIn: readonly Rule[]): Promise<Rule[]> {
  if (paths === undefined) return [];
  if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string' || p.trim() === '')) {
    throw new CliError(`${CONFIG_FILE}: lint.customRules must be a list of module paths, such as ["./lint/rules.ts"], got ${JSON.stringify(paths)}`);
  }
  const taken = new Set(builtIn.map((r) => r.meta.id));
  const out: Rule[] = [];
  for (const p of paths as string[]) {
    const file = path.resolve(cwd, p);
    if (!fs.existsSync(file)) throw new CliError(`${CONFIG_FILE}: lint.customRules: ${p} does not exist (looked for ${file})`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new CliError(`${CONFIG_FILE}: lint.customRules: ${p} failed to load: ${(e as Error).message}`);
    }
    try {
      const rules = checkCustomRules(mod.default ?? mod.rules, p, taken);
      for (const r of rules) taken.add(r.meta.id);
      out.push(...rules);
    } catch (e) {
      if (e instanceof LambdaformError) throw new CliError(`${CONFIG_FILE}: lint.customRules: ${e.message}`);
      throw e;
    }
  }
  return out;
}
