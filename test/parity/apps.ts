/**
 * The parity apps (test/parity/apps/<name>/): each is one CDK app written for aws-cdk-lib
 * (`cdk.ts`), the same file with lambdaform's import specifiers (`lambdaform.ts`), and the template
 * the real aws-cdk-lib synthesized from `cdk.ts` (`cdk.template.json`, made by
 * scripts/parity-synth.mjs). Helpers to run a lambdaform app in this process and read its templates.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CLI_SESSION, type CliSession } from '../../lib/core/app.js';
import type { AppModel } from '../../lib/model/types.js';
import type { Template } from '../../lib/synth/template.js';

export const PARITY = path.dirname(fileURLToPath(import.meta.url));
export const APPS_DIR = path.join(PARITY, 'apps');
const ROOT = path.resolve(PARITY, '..', '..');

/** The apps, by folder name. */
export const PARITY_APPS: readonly string[] = fs
  .readdirSync(APPS_DIR)
  .filter((n) => fs.existsSync(path.join(APPS_DIR, n, 'cdk.ts')))
  .sort();

export const appFile = (name: string, file: 'cdk.ts' | 'lambdaform.ts' | 'cdk.template.json'): string => path.join(APPS_DIR, name, file);

/** The template aws-cdk-lib synthesized for the app. */
export function cdkTemplate(name: string): Template {
  return JSON.parse(fs.readFileSync(appFile(name, 'cdk.template.json'), 'utf8')) as Template;
}

/**
 * `aws-cdk-lib` → `lambdaform`, `aws-cdk-lib/aws-x` → `lambdaform/aws-x`: the only change a CDK
 * user makes. Returns the line-by-line differences of the two files that are not that change.
 */
export function nonImportDifferences(cdk: string, lambdaform: string): string[] {
  const a = cdk.split('\n');
  const b = lambdaform.split('\n');
  const out: string[] = [];
  if (a.length !== b.length) out.push(`cdk.ts has ${a.length} lines, lambdaform.ts ${b.length}`);
  const spec = /^(import\s.+\sfrom\s+)'([^']+)';$/;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const ma = spec.exec(a[i]!);
    const mb = spec.exec(b[i]!);
    const mapped = ma?.[2] === 'aws-cdk-lib' ? 'lambdaform' : ma?.[2]?.startsWith('aws-cdk-lib/') ? `lambdaform/${ma[2].slice('aws-cdk-lib/'.length)}` : undefined;
    if (!ma || !mb || ma[1] !== mb[1] || mapped === undefined || mapped !== mb[2]) out.push(`line ${i + 1}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`);
  }
  return out;
}

/**
 * The lambdaform apps (of `names`) the project's type-check leaves out: `npm test` runs
 * `tsc --noEmit -p tsconfig.json` before the tests, and that program must hold each app's
 * lambdaform.ts (a second program for them alone would check them again, for seconds).
 */
export function appsOutsideTypeCheck(names: readonly string[]): { strict: boolean; missing: string[] } {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = new Set(parsed.fileNames.map((f) => path.resolve(f)));
  return { strict: parsed.options.strict === true, missing: names.filter((n) => !files.has(path.resolve(appFile(n, 'lambdaform.ts')))) };
}

/**
 * Runs a lambdaform app file in this process, as the CLI does (its Apps register with a CLI
 * session on globalThis) and returns the models its `app.synth()` calls returned.
 */
export async function runApp(file: string): Promise<AppModel[]> {
  const g = globalThis as { [CLI_SESSION]?: CliSession };
  const saved = g[CLI_SESSION];
  const session: CliSession = { apps: [], synthesized: new Map() };
  g[CLI_SESSION] = session;
  try {
    // A module runs once: call this once per app file and test file.
    await import(pathToFileURL(file).href);
  } finally {
    if (saved === undefined) delete g[CLI_SESSION];
    else g[CLI_SESSION] = saved;
  }
  return session.apps.map((a) => session.synthesized.get(a) ?? a.synth());
}
