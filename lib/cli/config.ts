import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/** `lambdaform.json`, read from the working directory (the way `cdk.json` works). */
export interface ProjectConfig {
  /** The app: a .ts/.js file, or a command that runs one. */
  readonly app?: string;
  /** Seconds the app may run before it is stopped (default {@link DEFAULT_APP_TIMEOUT_SECONDS}). */
  readonly appTimeout?: number;
  /** The linter's configuration: `{ "preset": "strict", "rules": { "sqs-visibility-timeout": ["error", { "ratio": 6 }] } }`. */
  readonly lint?: Readonly<Record<string, unknown>>;
}

export const CONFIG_FILE = 'lambdaform.json';

/** How long the app may run when neither --app-timeout nor "appTimeout" says otherwise: 10 minutes. */
export const DEFAULT_APP_TIMEOUT_SECONDS = 600;

/** The longest app timeout: what a Node timer can wait (2^31 - 1 ms, about 24 days). */
export const MAX_APP_TIMEOUT_SECONDS = 2_147_483;

/** What an app timeout must be, for messages. */
export const APP_TIMEOUT_RULE = `a number of seconds greater than 0 (at most ${MAX_APP_TIMEOUT_SECONDS})`;

/** True for a usable app timeout in seconds. */
export function isAppTimeout(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_APP_TIMEOUT_SECONDS;
}

/** Parses the text of `--app-timeout`; undefined when it is not {@link APP_TIMEOUT_RULE}. */
export function parseAppTimeout(text: string): number | undefined {
  const value = text.trim() === '' ? NaN : Number(text);
  return isAppTimeout(value) ? value : undefined;
}

/** Reads `lambdaform.json` in `cwd`; undefined when there is none. */
export function readConfig(cwd: string): ProjectConfig | undefined {
  const file = path.join(cwd, CONFIG_FILE);
  if (!fs.existsSync(file)) return undefined;
  let data: unknown;
  try {
    // Editors on Windows may save UTF-8 with a byte order mark, which JSON.parse refuses.
    data = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliError(`${file} must hold a JSON object such as {"app": "app.ts"}`);
  const { app, appTimeout, lint } = data as Record<string, unknown>;
  if (lint !== undefined && (typeof lint !== 'object' || lint === null || Array.isArray(lint))) throw new CliError(`${file}: "lint" must be an object such as {"preset": "recommended", "rules": {}}, got ${JSON.stringify(lint)}`);
  if (app !== undefined && (typeof app !== 'string' || app.trim() === '')) throw new CliError(`${file}: "app" must be a non-empty string, got ${JSON.stringify(app)}`);
  if (appTimeout !== undefined && !isAppTimeout(appTimeout)) throw new CliError(`${file}: "appTimeout" must be ${APP_TIMEOUT_RULE}, got ${JSON.stringify(appTimeout)}`);
  return { ...(app !== undefined ? { app: app as string } : {}), ...(appTimeout !== undefined ? { appTimeout } : {}), ...(lint !== undefined ? { lint: lint as Record<string, unknown> } : {}) };
}

/** `start-api`'s port, as `sam local start-api`'s. */
export const DEFAULT_PORT = 3000;
/** `start-api` listens on the loopback interface unless told otherwise. */
export const DEFAULT_HOST = '127.0.0.1';
