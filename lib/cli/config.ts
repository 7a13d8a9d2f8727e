import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/** `lambdaform.json`, read from the working directory (the way `cdk.json` works). */
export interface ProjectConfig {
  /** The app: a .ts/.js file, or a command that runs one. */
  readonly app?: string;
}

export const CONFIG_FILE = 'lambdaform.json';

/** Reads `lambdaform.json` in `cwd`; undefined when there is none. */
export function readConfig(cwd: string): ProjectConfig | undefined {
  const file = path.join(cwd, CONFIG_FILE);
  if (!fs.existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliError(`${file} must hold a JSON object such as {"app": "app.ts"}`);
  const app = (data as Record<string, unknown>).app;
  if (app !== undefined && (typeof app !== 'string' || app.trim() === '')) throw new CliError(`${file}: "app" must be a non-empty string, got ${JSON.stringify(app)}`);
  return { ...(app !== undefined ? { app: app as string } : {}) };
}
