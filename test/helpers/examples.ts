import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../../lib/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every shipped example: a folder of examples/ with an app.ts. */
export const EXAMPLES: string[] = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'app.ts')))
  .sort();

/** Imports an example's app module (which exports `app`). */
export async function loadExample(name: string): Promise<App> {
  const mod = (await import(path.join(ROOT, 'examples', name, 'app.ts'))) as { app?: App };
  if (!mod.app) throw new Error(`examples/${name}/app.ts must export its App as \`app\``);
  return mod.app;
}
