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
  /** Context values the app reads with `node.tryGetContext(key)`, as cdk.json's "context". */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The file this came from: lambdaform.json, or cdk.json when there is no lambdaform.json. */
  readonly file: string;
}

export const CONFIG_FILE = 'lambdaform.json';
/** A CDK project's configuration, read when there is no lambdaform.json: its "app" and "context". */
export const CDK_CONFIG_FILE = 'cdk.json';

export { CONTEXT_ENV } from '../core/app.js';

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

/**
 * Reads `lambdaform.json` in `cwd`; without one, a CDK project's `cdk.json` (its "app", whose
 * `npx ts-node … bin/app.ts` command line gives the file lambdaform runs itself, and its
 * "context"); undefined when there is neither.
 */
export function readConfig(cwd: string): ProjectConfig | undefined {
  const own = path.join(cwd, CONFIG_FILE);
  if (fs.existsSync(own)) return readOwnConfig(own);
  const cdk = path.join(cwd, CDK_CONFIG_FILE);
  return fs.existsSync(cdk) ? readCdkConfig(cdk, cwd) : undefined;
}

function readJsonObject(file: string, example: string): Record<string, unknown> {
  let data: unknown;
  try {
    // Editors on Windows may save UTF-8 with a byte order mark, which JSON.parse refuses.
    data = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliError(`${file} must hold a JSON object such as ${example}`);
  return data as Record<string, unknown>;
}

function checkContext(file: string, context: unknown): Record<string, unknown> | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) throw new CliError(`${file}: "context" must be an object of context values, got ${JSON.stringify(context)}`);
  return context as Record<string, unknown>;
}

/** cdk.json: "app" (a command line whose TypeScript or JavaScript file is taken) and "context"; its other keys are the CDK CLI's own. */
function readCdkConfig(file: string, cwd: string): ProjectConfig {
  const data = readJsonObject(file, '{"app": "npx ts-node --prefer-ts-exts bin/app.ts"}');
  const { app, context } = data;
  if (app !== undefined && (typeof app !== 'string' || app.trim() === '')) throw new CliError(`${file}: "app" must be a non-empty string, got ${JSON.stringify(app)}`);
  const checked = checkContext(file, context);
  return { file, ...(app !== undefined ? { app: appOfCdkCommand(app as string, cwd) } : {}), ...(checked ? { context: checked } : {}) };
}

/** Runners whose command line names the app's file: lambdaform runs that file itself. */
const RUNNERS = new Set(['ts-node', 'ts-node-esm', 'ts-node-script', 'tsx', 'node', 'esno', 'esrun']);
/** Their options that take a value (`-r ts-node/register`, `-P tsconfig.json`). */
const VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-P', '--project', '-C', '--compiler', '--tsconfig', '-O', '--compiler-options']);

/**
 * The app of a cdk.json "app" command: `npx ts-node --prefer-ts-exts bin/app.ts`, `npx tsx
 * bin/app.ts`, `node -r ts-node/register bin/app.ts` and `node bin/app.js` give the file, which
 * lambdaform runs with its own loader; any other command is run as it is.
 */
export function appOfCdkCommand(command: string, cwd: string): string {
  const words = command.trim().split(/\s+/);
  let i = 0;
  if (words[i] === 'npx' || words[i] === 'pnpm' || words[i] === 'yarn') {
    i++;
    while (words[i]?.startsWith('-')) i++; // npx --yes
    if (words[i] === 'exec' || words[i] === 'dlx') i++;
  }
  if (!RUNNERS.has(path.basename(words[i] ?? ''))) return command;
  for (i++; i < words.length; i++) {
    const w = words[i]!;
    if (VALUE_OPTIONS.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    // The first operand is the app's file; what follows it are the app's own arguments.
    return /\.(ts|mts|cts|tsx|js|mjs|cjs)$/.test(w) && words.length === i + 1 && fs.existsSync(path.resolve(cwd, w)) ? w : command;
  }
  return command;
}

function readOwnConfig(file: string): ProjectConfig {
  const { app, appTimeout, lint, context } = readJsonObject(file, '{"app": "app.ts"}');
  const checked = checkContext(file, context);
  if (lint !== undefined && (typeof lint !== 'object' || lint === null || Array.isArray(lint))) throw new CliError(`${file}: "lint" must be an object such as {"preset": "recommended", "rules": {}}, got ${JSON.stringify(lint)}`);
  if (app !== undefined && (typeof app !== 'string' || app.trim() === '')) throw new CliError(`${file}: "app" must be a non-empty string, got ${JSON.stringify(app)}`);
  if (appTimeout !== undefined && !isAppTimeout(appTimeout)) throw new CliError(`${file}: "appTimeout" must be ${APP_TIMEOUT_RULE}, got ${JSON.stringify(appTimeout)}`);
  return {
    file,
    ...(app !== undefined ? { app: app as string } : {}),
    ...(appTimeout !== undefined ? { appTimeout } : {}),
    ...(lint !== undefined ? { lint: lint as Record<string, unknown> } : {}),
    ...(checked ? { context: checked } : {}),
  };
}

/** `start-api`'s port, as `sam local start-api`'s. */
export const DEFAULT_PORT = 3000;
/** `start-api` listens on the loopback interface unless told otherwise. */
export const DEFAULT_HOST = '127.0.0.1';
