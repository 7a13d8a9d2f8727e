import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodejsFunction, type App } from '../../lib/all.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every shipped example: a folder of examples/ with an app.ts. */
export const EXAMPLES: string[] = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'app.ts')))
  .sort();

/** One program making every example's App (test/fixtures/cli/all-examples.ts): one CLI process synthesizes them all. */
export const ALL_EXAMPLES_APP = 'test/fixtures/cli/all-examples.ts';

/** The examples `ALL_EXAMPLES_APP` imports (each must be every one of `EXAMPLES`). */
export function examplesInAllExamplesApp(): string[] {
  const text = fs.readFileSync(path.join(ROOT, ALL_EXAMPLES_APP), 'utf8');
  return [...text.matchAll(/^import '\.\.\/\.\.\/\.\.\/examples\/([^/]+)\/app\.js';$/gm)].map((m) => m[1]!).sort();
}

/** The stack names of every example. */
export async function exampleStackNames(): Promise<string[]> {
  const names: string[] = [];
  for (const name of EXAMPLES) names.push(...(await loadExample(name)).synth().stacks.map((s) => s.name));
  return names.sort();
}

/** Imports an example's app module (which exports `app`). */
export async function loadExample(name: string): Promise<App> {
  const mod = (await import(path.join(ROOT, 'examples', name, 'app.ts'))) as { app?: App };
  if (!mod.app) throw new Error(`examples/${name}/app.ts must export its App as \`app\``);
  return mod.app;
}

/**
 * The bundle directory of an example's NodejsFunction (`SqsWorker/Worker`), relative to the
 * working directory: `.lambdaform/bundles/<hash>`, where esbuild wrote its handler when the app ran.
 */
export function bundleDirOf(app: App, constructPath: string): string {
  const fn = app.node.findAll().find((c) => c.node.path === constructPath);
  if (!(fn instanceof NodejsFunction) || fn.bundleDir === undefined) throw new Error(`${constructPath} is not a bundled NodejsFunction`);
  return fn.bundleDir;
}
