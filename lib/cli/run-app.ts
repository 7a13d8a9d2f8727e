import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MODEL_FILE, OUTDIR_ENV } from '../core/app.js';
import { firstUserFrame, formatSource, SOURCES_ENV } from '../core/source.js';
import { packageRoot } from '../core/util.js';
import { parseModel } from '../model/parse.js';
import type { AppModel } from '../model/types.js';
import { CONFIG_FILE, CONTEXT_ENV, DEFAULT_APP_TIMEOUT_SECONDS, readConfig } from './config.js';
import { CliError } from './errors.js';
import { canRunInProcess, nearestTsconfig, runAppInProcess } from './app-in-process.js';
import { signalGroup, stopGroup } from './processes.js';

const HOOK = path.join(packageRoot(import.meta.url), 'bin', 'app-hook.mjs');
const SCRIPT_EXT = /\.(ts|mts|cts|js|mjs|cjs|tsx)$/;
const TS_EXT = /\.(ts|mts|cts|tsx)$/;
/** File the app hook writes when the app throws. */
const ERROR_FILE = 'error.json';

/** Signals that stop the CLI: the app is stopped too, and the CLI exits with 128 + the signal's number. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The serialized error the app hook writes when the app throws. */
export interface AppErrorReport {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** Options of {@link loadAppModel}. */
export interface LoadAppOptions {
  /** Seconds the app may run; default: "appTimeout" in lambdaform.json, then {@link DEFAULT_APP_TIMEOUT_SECONDS}. */
  readonly appTimeout?: number;
  /**
   * Whether the model records the user's line of each construct (what the linter's findings and
   * the local plan show); false sets LAMBDAFORM_SOURCES=off for the app, which then captures no
   * stack per construct. @default true
   */
  readonly recordSources?: boolean;
}

/**
 * Runs the user's app (a file, or a command) in a child process with `LAMBDAFORM_OUTDIR` set and
 * reads back the model it writes. Everything the app prints goes to our stderr, so stdout stays
 * clean for templates.
 *
 * The app leads its own process group: when it does not finish within the timeout, or the CLI
 * is interrupted, the whole group (the app and whatever it started) is stopped.
 */
export async function loadAppModel(appOption: string | undefined, cwd: string, options: LoadAppOptions = {}): Promise<AppModel> {
  // lambdaform.json (or cdk.json) only when the command line leaves something to it.
  const config = appOption === undefined || options.appTimeout === undefined ? readConfig(cwd) : undefined;
  const app = appOption ?? config?.app;
  if (!app) {
    throw new CliError(`no app given: pass --app <file-or-command> (e.g. --app app.ts) or create ${CONFIG_FILE} with {"app": "app.ts"} in ${cwd} (a cdk.json's "app" is read too)`);
  }
  const timeoutSeconds = options.appTimeout ?? config?.appTimeout ?? DEFAULT_APP_TIMEOUT_SECONDS;
  const launch = commandFor(app, cwd);
  const file = launch.command === process.execPath ? launch.args[launch.args.length - 1]! : undefined;
  // The project's context (cdk.json's or lambdaform.json's "context"), as the CDK CLI passes it; context already in the environment wins.
  const env: Record<string, string> = config?.context && process.env[CONTEXT_ENV] === undefined ? { [CONTEXT_ENV]: JSON.stringify(config.context) } : {};
  if (options.recordSources === false && process.env[SOURCES_ENV] === undefined) env[SOURCES_ENV] = 'off';
  if (file !== undefined && canRunInProcess(file, cwd)) {
    return runAppInProcess(app, file, timeoutSeconds * 1000, env, {
      timeout: (wroteModel) => timeoutMessage(app, timeoutSeconds, wroteModel),
      error: (report) => describeAppError(report, app, cwd),
    });
  }
  const outdir = makeTempDir();
  try {
    const result = await run(app, launch, cwd, outdir, timeoutSeconds * 1000, env);
    const modelFile = path.join(outdir, MODEL_FILE);
    if (result.kind === 'timeout') throw new CliError(timeoutMessage(app, timeoutSeconds, fs.existsSync(modelFile)));
    if (result.kind === 'stopped') {
      throw new CliError(`interrupted by ${result.signal}; the app '${app}' was stopped`, 128 + (os.constants.signals[result.signal] ?? 0));
    }
    const errorFile = path.join(outdir, ERROR_FILE);
    if (fs.existsSync(errorFile)) throw new CliError(describeAppError(readErrorReport(fs.readFileSync(errorFile, 'utf8'), app), app, cwd));
    if (result.signal) throw new CliError(`the app '${app}' was killed by ${result.signal} before producing a model; see its output above`);
    if (result.code !== 0) {
      const notFound = launch.shell && result.code === 127 ? ' (the shell could not find the command)' : '';
      throw new CliError(`the app '${app}' exited with code ${result.code}${notFound} before producing a model; see its output above`);
    }
    if (!fs.existsSync(modelFile)) {
      throw new CliError(`the app '${app}' ran but produced no model: it must create a lambdaform \`new App()\` with at least one Stack (app.synth() is called automatically)`);
    }
    return parseModel(fs.readFileSync(modelFile, 'utf8'), `${MODEL_FILE} from the app '${app}'`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function makeTempDir(): string {
  try {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-'));
  } catch (e) {
    throw new CliError(`cannot create a temporary directory for the app's model in ${os.tmpdir()}: ${(e as Error).message}; set TMPDIR to a writable directory`);
  }
}

/** How to start the app. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly shell: boolean;
}

/**
 * An existing file is run as a file (never through the shell, so its path may hold spaces): a
 * script with node and tsx, any other executable directly. What is not a file and looks like a
 * command (`npx ts-node app.ts`, `node app.js`) goes through the shell; what looks like a script's
 * path but does not exist is an error.
 */
export function commandFor(app: string, cwd: string): Launch {
  const trimmed = app.trim();
  const file = path.resolve(cwd, trimmed);
  const stat = statOf(file);
  if (stat?.isFile()) {
    if (SCRIPT_EXT.test(file) || !isExecutable(file)) {
      // tsx only for TypeScript: a JavaScript app starts without its loader.
      const loader = TS_EXT.test(file) ? ['--import', import.meta.resolve('tsx')] : [];
      return { command: process.execPath, args: [...loader, '--import', pathToFileURL(HOOK).href, file], shell: false };
    }
    return { command: file, args: [], shell: false };
  }
  if (stat?.isDirectory()) throw new CliError(`the app ${trimmed} is a directory (resolved to ${file}); pass the app's file, such as ${path.join(trimmed, 'app.ts')}`);
  if (SCRIPT_EXT.test(trimmed) && (inExistingDirWithSpace(trimmed, cwd) || !looksLikeCommand(trimmed, cwd))) {
    throw new CliError(`app file not found: ${trimmed} (resolved to ${file})`);
  }
  return { command: trimmed, args: [], shell: true };
}

/** Shell syntax: quoting, expansion, redirection, pipes and lists. */
const SHELL_SYNTAX = /[|&;<>()$`"'\\*?[\]{}~]/;
const SHELL_BUILTINS = new Set(['.', 'cd', 'command', 'exec', 'export', 'source', 'set', 'time', 'env']);

/** Whether the directory part of a path holds whitespace and exists (`dir with space/app.ts`): then it is a path, not a command. */
function inExistingDirWithSpace(s: string, cwd: string): boolean {
  const dir = path.dirname(s);
  return /\s/.test(dir) && statOf(path.resolve(cwd, dir))?.isDirectory() === true;
}

/** Whether a string with a script extension that is not a file is a command (`node app.js`) rather than a missing file. */
function looksLikeCommand(s: string, cwd: string): boolean {
  if (!/\s/.test(s)) return false;
  if (SHELL_SYNTAX.test(s)) return true;
  const first = s.split(/\s+/)[0]!;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first) || SHELL_BUILTINS.has(first)) return true;
  if (first.includes('/')) return statOf(path.resolve(cwd, first))?.isFile() === true;
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && statOf(path.join(dir, first))?.isFile() === true);
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

type RunResult =
  | { readonly kind: 'exit'; readonly code: number; readonly signal?: NodeJS.Signals }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'stopped'; readonly signal: NodeJS.Signals };

/**
 * Runs the app to its end, or until `timeoutMs` has passed or the CLI gets a stop signal: then
 * its process group is stopped (SIGTERM, SIGKILL after a grace period) before this resolves.
 */
function run(app: string, launch: Launch, cwd: string, outdir: string, timeoutMs: number, extraEnv: Readonly<Record<string, string>>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Our own node gets the hook as an argument; anything else (a command, an executable) through NODE_OPTIONS.
    const viaNodeOptions = launch.command !== process.execPath;
    const hookOption = `--import=${pathToFileURL(HOOK).href}`;
    // A TypeScript app file gets its own project's tsconfig.json (paths, options), wherever the CLI runs from.
    const file = launch.args[launch.args.length - 1];
    const tsconfig = !viaNodeOptions && file && TS_EXT.test(file) && process.env.TSX_TSCONFIG_PATH === undefined ? nearestTsconfig(file) : undefined;
    const env = {
      ...process.env,
      ...extraEnv,
      [OUTDIR_ENV]: outdir,
      ...(tsconfig ? { TSX_TSCONFIG_PATH: tsconfig } : {}),
      ...(viaNodeOptions ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${hookOption}`.trim() } : {}),
    };
    let child: ChildProcess;
    try {
      // detached: the app leads a process group of its own, so it and its children can be stopped together.
      child = spawn(launch.command, [...launch.args], { cwd, env, shell: launch.shell, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(new CliError(`cannot run the app '${app}': ${(e as Error).message}`));
      return;
    }
    child.stdout!.pipe(process.stderr, { end: false });
    child.stderr!.pipe(process.stderr, { end: false });

    let settled = false;
    let stopping = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      finish();
    };
    const stop = (result: RunResult): void => {
      stopping = true;
      void stopGroup(child.pid).then(() => settle(() => resolve(result)));
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      // A second Ctrl-C while the app is being stopped: no more grace.
      if (stopping) signalGroup(child.pid, 'SIGKILL');
      else stop({ kind: 'stopped', signal });
    };
    const timer = setTimeout(() => stop({ kind: 'timeout' }), timeoutMs);
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
    child.on('error', (e) => settle(() => reject(new CliError(`cannot run the app '${app}': ${e.message}`))));
    child.on('close', (code, signal) => {
      if (!stopping) settle(() => resolve({ kind: 'exit', code: code ?? 1, ...(signal ? { signal } : {}) }));
    });
  });
}

function timeoutMessage(app: string, seconds: number, wroteModel: boolean): string {
  const what = wroteModel ? 'wrote its model but did not exit' : 'did not finish';
  return (
    `the app '${app}' ${what} within ${seconds} second${seconds === 1 ? '' : 's'} and was stopped; ` +
    `an open server, timer, socket or child process keeps Node running after the app is built (close it, or let the app end), ` +
    `or the app needs longer: set "appTimeout" (seconds) in ${CONFIG_FILE} or pass --app-timeout <seconds>`
  );
}

/** The error report the app hook wrote; a CliError naming the file when it is corrupt. */
export function readErrorReport(text: string, app: string): AppErrorReport {
  const fail = (what: string): never => {
    throw new CliError(`the app '${app}' failed, but its error report (${ERROR_FILE}) ${what}; see the app's output above`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`is not valid JSON (${(e as Error).message}): it is corrupt or truncated`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('is not a JSON object');
  const { name, message, stack } = data as Record<string, unknown>;
  if (typeof name !== 'string' || typeof message !== 'string') return fail('has no error name and message');
  return { name, message, ...(typeof stack === 'string' ? { stack } : {}) };
}

/** `ReferenceError` messages of CommonJS names used in an ES module, and what to use instead. */
const ESM_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(__dirname|__filename|require) is not defined/, 'in an ES module use import.meta.dirname / import.meta.filename, or createRequire(import.meta.url)'],
  [/^(module|exports) is not defined/, 'in an ES module use export instead of module.exports'],
];

/**
 * The package a "cannot find" error of Node's module loaders names (`Cannot find module 'x'` of
 * `require`, `Cannot find package 'x' imported from ...` of `import`), its name without a subpath
 * (`lambdaform/aws-sqs` is `lambdaform`); undefined for a relative or absolute specifier (a file
 * of the app, not a package) and for other errors.
 */
export function missingPackage(message: string): string | undefined {
  const m = /^Cannot find (?:module|package) '([^']+)'/.exec(message);
  if (!m || /^[./]|^[a-zA-Z]:[\\/]|^node:|^file:/.test(m[1]!)) return undefined;
  // Needed by an installed package (the first file of the require stack, or the importer), not by the app: said as Node says it.
  const by = /\n- (.+)/.exec(message)?.[1] ?? / imported from (.+)$/m.exec(message)?.[1];
  if (by !== undefined && /[\\/]node_modules[\\/]/.test(by)) return undefined;
  const parts = m[1]!.split('/');
  return parts[0]!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** One paragraph about an error thrown by the app: lambdaform's own errors as they are, others with the user's line. */
export function describeAppError(report: AppErrorReport, app: string, cwd: string): string {
  if (report.name.startsWith('Lambdaform')) {
    // Refused as a construct was made: the line that made it. (Refused at synthesis, the message
    // names each construct; the user's frame would be the line calling synth().)
    const stack = report.stack ?? '';
    // A frame of lambdaform's own synthesis (an app's own function named `synth` is not one).
    const synthesis = stack.split('\n').some((line) => /^\s+at (?:\S+\.)?(?:synth|buildModel|validateTree)\b/.test(line) && firstUserFrame(`\n${line}`, cwd) === undefined);
    const frame = synthesis ? undefined : firstUserFrame(stack, cwd);
    return frame ? `${report.message} (at ${formatSource(frame)})` : report.message;
  }
  const frame = firstUserFrame(report.stack ?? '', cwd);
  const where = frame && formatSource(frame);
  const missing = missingPackage(report.message);
  if (missing !== undefined) {
    const install = missing === 'lambdaform' || missing === 'constructs' ? 'npm install lambdaform constructs' : `npm install ${missing}`;
    return `the app '${app}' imports '${missing}', which is not installed where the app is${where ? ` (at ${where})` : ''}: install it in the app's project (${install})`;
  }
  const shadow = configShadowingPackage(path.resolve(cwd, app));
  const hint =
    report.name === 'ReferenceError'
      ? ESM_HINTS.find(([re]) => re.test(report.message))?.[1]
      : shadow
        ? `${path.relative(cwd, shadow.tsconfig) || shadow.tsconfig} resolves bare imports from its baseUrl (or a "*" path), so the TypeScript loader (tsx) takes 'lambdaform' to be ${path.relative(cwd, shadow.file) || shadow.file}, not the package: remove "baseUrl" (paths can be written without it, "@lib/*": ["./lib/*"]) or map "*" elsewhere`
        : undefined;
  return `the app '${app}' threw ${report.name}: ${report.message}${where ? ` (at ${where})` : ''}${hint ? ` (${hint})` : ''}`;
}

/**
 * A tsconfig whose `baseUrl` (or a `"*"` path) is a directory holding lambdaform.json, the
 * configuration file: tsx, which runs a TypeScript app with such a tsconfig, resolves the bare
 * import 'lambdaform' there (to the JSON file) before node_modules, and the app fails far from
 * the cause ("does not provide an export named 'Stack'", "Class extends value undefined"). The
 * tsconfig and the file, or undefined. Follows relative `extends`.
 */
export function configShadowingPackage(appFile: string): { tsconfig: string; file: string } | undefined {
  if (!TS_EXT.test(appFile)) return undefined;
  const first = nearestTsconfig(appFile);
  try {
    const { parse } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    const dirs: string[] = [];
    for (let file = first, depth = 0; file !== undefined && depth < 8; depth++) {
      const config = parse(fs.readFileSync(file, 'utf8')) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
      const options = config?.compilerOptions;
      const base = typeof options?.baseUrl === 'string' ? path.resolve(path.dirname(file), options.baseUrl) : undefined;
      if (base !== undefined) dirs.push(base);
      const star = (options?.paths as Record<string, unknown> | undefined)?.['*'];
      if (Array.isArray(star)) for (const t of star) if (typeof t === 'string') dirs.push(path.resolve(base ?? path.dirname(file), t.replace('*', '')));
      if (base !== undefined || options?.paths !== undefined) break; // the nearest config that sets them decides
      const ext = typeof config?.extends === 'string' && config.extends.startsWith('.') ? config.extends : undefined;
      file = ext === undefined ? undefined : path.resolve(path.dirname(file), ext.endsWith('.json') ? ext : `${ext}.json`);
    }
    const shadow = dirs.map((d) => path.join(d, CONFIG_FILE)).find((f) => fs.existsSync(f));
    return shadow === undefined || first === undefined ? undefined : { tsconfig: first, file: shadow };
  } catch {
    return undefined;
  }
}
