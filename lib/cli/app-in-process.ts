import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, CLI_SESSION, uniqueStacks, type CliSession } from '../core/app.js';
import { parseModel } from '../model/parse.js';
import { MODEL_VERSION, type AppModel } from '../model/types.js';
import { compiledEntry } from './app-entry.js';
import { CliError } from './errors.js';
import { descendants, stopProcesses } from './processes.js';

/**
 * Running the user's app in the CLI's own process: a second Node process, and loading lambdaform
 * a second time in it, costs more than the rest of a `synth` of a small app.
 *
 * The app runs as it would as a process of its own: its module is imported (TypeScript through
 * tsx, registered for this run only), and it is done when Node's event loop has nothing left to
 * do (`beforeExit`), which is when an app process would have synthesized its Apps and ended. Its
 * Apps register with the CLI's session (`CLI_SESSION` on globalThis, seen by every copy of
 * lambdaform in the process), and the CLI synthesizes them then. While it runs, what it prints
 * goes to stderr (stdout is for templates), `process.argv` is `[node, app]`, `process.exit()`
 * ends the app rather than the CLI, and what it throws, a timeout and Ctrl-C are reported as for an
 * app process.
 *
 * Only the command-line CLI does this (`enableInProcessApps`), once per process (a module runs
 * once), and only for an app file in the CLI's working directory; commands, executables and a
 * second load of an app (tests calling the CLI's functions) run the app in a process of its own.
 */

let enabled = false;
let used = false;
let stillRunning = false;

/** Lets this process run one app in process: the command-line CLI calls it at start. */
export function enableInProcessApps(): void {
  enabled = process.env.LAMBDAFORM_APP_PROCESS !== 'separate';
}

/** Whether an app ran in this process and may still be running (it failed, timed out or called process.exit): the CLI must exit when it is done. */
export function appMayStillRun(): boolean {
  return stillRunning;
}

/** Whether the app file `file` may run in this process. */
export function canRunInProcess(file: string, cwd: string): boolean {
  return enabled && !used && path.resolve(cwd) === process.cwd() && /\.(ts|mts|cts|tsx|js|mjs|cjs)$/.test(file);
}

/** `process.exit()` called by the app: thrown to end the app where it is. */
class AppExit {
  constructor(readonly code: number) {}
}

type Outcome =
  | { readonly kind: 'end' }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'pending-await' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'stopped'; readonly signal: NodeJS.Signals };

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** What the CLI needs to say about an app that failed. */
export interface InProcessFailures {
  timeout(wroteModel: boolean): string;
  error(report: { name: string; message: string; stack?: string }): string;
}

/** Runs the app file in this process and returns the model of its Apps. */
export async function runAppInProcess(app: string, file: string, timeoutMs: number, env: Readonly<Record<string, string>>, say: InProcessFailures): Promise<AppModel> {
  used = true;
  const session: CliSession = { apps: [], synthesized: new Map() };
  const g = globalThis as { [CLI_SESSION]?: CliSession };
  g[CLI_SESSION] = session;
  const unregister: Array<() => unknown> = [];
  const kind = moduleKind(file);
  // The app's own TypeScript project (its compiler options and paths), wherever the CLI runs from.
  const tsconfig = kind === 'js' ? undefined : nearestTsconfig(file);
  const saved = Object.fromEntries(['TSX_TSCONFIG_PATH', ...Object.keys(env)].map((k) => [k, process.env[k]]));
  if (tsconfig && saved.TSX_TSCONFIG_PATH === undefined) process.env.TSX_TSCONFIG_PATH = tsconfig;
  Object.assign(process.env, env);
  // A TypeScript app compiled by esbuild (with its own modules) and loaded natively, without tsx's hooks, when it can be.
  const compiled = kind === 'js' ? undefined : await compiledEntry(file, tsconfig, kind === 'cjs-ts' ? 'cjs' : 'esm');
  if (kind === 'cjs-ts') {
    // TypeScript compiled as CommonJS (no "type": "module", as CDK apps are): required, its
    // `require('lambdaform…')` given this CLI's modules; else through tsx's require hooks, in this
    // thread, which are enough, and much cheaper to start than its ES module hooks.
    const own = await ownModules();
    if (compiled) process.setSourceMapsEnabled(true);
    else unregister.push((await import('tsx/cjs/api')).register());
    if (own.size) unregister.push(shareOwnModules(own));
  } else if (compiled) {
    // lambdaform's own modules loaded first: with source maps on, Node would read and parse the
    // source map of every one of them as the app imports them (only the app's own are needed).
    await ownModules();
    process.setSourceMapsEnabled(true);
  } else if (kind === 'esm-ts') {
    // lambdaform's modules loaded before tsx's hooks, which would otherwise see every one of them
    // when the app imports lambdaform (the same files, when the app uses this copy).
    await import('../index.js');
    // tsx's hooks for this run only: lambdaform's own modules loaded afterwards do not go through them.
    const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    unregister.push(esm.register(tsconfig ? { tsconfig } : {}), cjs.register());
  }
  const { stdout, argv, exit, exitCode } = { stdout: process.stdout.write, argv: process.argv, exit: process.exit, exitCode: process.exitCode };
  let outcome: Outcome;
  try {
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    process.argv = [process.execPath, file];
    process.exitCode = undefined;
    process.exit = ((code?: number | string | null) => {
      throw new AppExit(Number(code ?? process.exitCode ?? 0) || 0);
    }) as typeof process.exit;
    outcome = await runToEnd(compiled ?? file, kind === 'cjs-ts', timeoutMs);
  } finally {
    process.stdout.write = stdout;
    process.argv = argv;
    process.exit = exit;
    await Promise.all(unregister.map((u) => u()));
    delete g[CLI_SESSION];
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const appExitCode = Number(process.exitCode ?? 0) || 0;
  process.exitCode = exitCode;
  if (outcome.kind !== 'end') {
    // As when an app process is stopped: what the app started goes with it (and would hold our stdout open).
    stillRunning = true;
    await stopProcesses(descendants());
  }
  switch (outcome.kind) {
    case 'timeout':
      throw new CliError(say.timeout(session.synthesized.size > 0));
    case 'stopped':
      throw new CliError(`interrupted by ${outcome.signal}; the app '${app}' was stopped`, 128 + (SIGNAL_NUMBERS[outcome.signal] ?? 0));
    case 'error':
      throw new CliError(say.error(errorReport(outcome.error)));
    case 'pending-await':
      throw new CliError(`the app '${app}' never finished: Node had nothing left to run while its top-level await was still waiting (a promise that never settles)`);
    case 'exit':
      if (outcome.code !== 0) throw new CliError(`the app '${app}' exited with code ${outcome.code} before producing a model; see its output above`);
      // As an app process that exits: only a model it synthesized itself before exiting counts.
      if (session.synthesized.size === 0) {
        throw new CliError(`the app '${app}' called process.exit() before producing a model: call app.synth() before exiting, or let the app end without process.exit()`);
      }
      break;
    case 'end':
      if (appExitCode !== 0) throw new CliError(`the app '${app}' exited with code ${appExitCode} before producing a model; see its output above`);
  }
  if (session.apps.length === 0) {
    throw new CliError(`the app '${app}' ran but produced no model: it must create a lambdaform \`new App()\` with at least one Stack (app.synth() is called automatically)`);
  }
  try {
    session.final = true;
    return modelOf(session.apps, app);
  } catch (e) {
    throw new CliError(say.error(errorReport(e)));
  }
}

/**
 * This copy of lambdaform's public modules, by file, when it runs from its compiled files (an
 * installed package): the root and every `lambdaform/<module>`. Empty when the CLI runs from a
 * bundle (a checkout), whose modules are no files an app could require. (In the package this code
 * is in a chunk of dist/lib/chunks/, as it was in dist/lib/cli/: `../index.js` is dist/lib/index.js.)
 */
async function ownModules(): Promise<Map<string, unknown>> {
  const root = fileURLToPath(new URL('../index.js', import.meta.url));
  const modules = path.join(path.dirname(root), 'modules');
  const own = new Map<string, unknown>();
  if (!fs.existsSync(root) || !fs.existsSync(modules)) return own;
  const files = [root, ...fs.readdirSync(modules).filter((n) => n.endsWith('.js')).map((f) => path.join(modules, f))];
  // Read synchronously by `require()` where it loads ES modules (the same module instances `import` gives):
  // imported one after the other, each file's asynchronous read was a wait of its own.
  const load = process.features.require_module ? createRequire(import.meta.url) : undefined;
  for (const file of files) own.set(file, load ? load(file) : await import(pathToFileURL(file).href));
  return own;
}

/**
 * Makes the app's `require('lambdaform')` and `require('lambdaform/<module>')` give this copy's
 * modules when they resolve to its files, as Node's own `require` of an ES module does: tsx's
 * require hooks would otherwise compile every module of lambdaform again, as CommonJS, and the
 * app would build its constructs with a second copy (loaded again, and its model handed over as
 * JSON). Returns the function that removes the hook.
 */
function shareOwnModules(own: ReadonlyMap<string, unknown>): () => void {
  type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
  type Resolve = (request: string, parent: unknown, isMain: boolean) => string;
  const m = Module as unknown as { _load: Load; _resolveFilename: Resolve };
  const load = m._load;
  m._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    if (request === 'lambdaform' || request.startsWith('lambdaform/')) {
      let file: string | undefined;
      try {
        file = fs.realpathSync(m._resolveFilename(request, parent, isMain));
      } catch {
        file = undefined;
      }
      const shared = file === undefined ? undefined : own.get(file);
      if (shared !== undefined) return shared;
    }
    return load.call(this, request, parent, isMain);
  };
  return () => {
    m._load = load;
  };
}

/**
 * How the app's file loads: JavaScript natively; TypeScript as CommonJS (`.cts`, or `.ts`/`.tsx`
 * where the nearest package.json does not say `"type": "module"`) or as an ES module, as tsx does.
 */
function moduleKind(file: string): 'js' | 'cjs-ts' | 'esm-ts' {
  if (!/\.(ts|mts|cts|tsx)$/.test(file)) return 'js';
  if (file.endsWith('.mts')) return 'esm-ts';
  if (file.endsWith('.cts')) return 'cjs-ts';
  return packageType(path.dirname(file)) === 'module' ? 'esm-ts' : 'cjs-ts';
}

/** The tsconfig.json nearest above the app's file, as tsc finds a project's. */
export function nearestTsconfig(file: string): string | undefined {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The "type" of the nearest package.json above `dir`. */
function packageType(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const type = (JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { type?: unknown }).type;
      return typeof type === 'string' ? type : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** Imports the app and waits until it is done, failed, timed out or was interrupted. */
function runToEnd(file: string, required: boolean, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    let imported = false;
    const done = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      process.off('beforeExit', onEnd);
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      resolve(o);
    };
    const onError = (e: unknown): void => {
      // The stack is formatted now, while tsx's source maps are on: it names the app's TypeScript lines.
      if (e instanceof Error) void e.stack;
      done(e instanceof AppExit ? { kind: 'exit', code: e.code } : { kind: 'error', error: e });
    };
    // Node's loop is empty: an app process would synthesize its Apps and end now.
    const onEnd = (): void => done(imported ? { kind: 'end' } : { kind: 'pending-await' });
    const onSignal = (signal: NodeJS.Signals): void => done({ kind: 'stopped', signal });
    // Unref'd: the timer must not keep the loop from emptying.
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs).unref();
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    process.on('beforeExit', onEnd);
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
    if (required) {
      try {
        createRequire(file)(file);
        imported = true;
      } catch (e) {
        onError(e);
      }
    } else {
      import(pathToFileURL(file).href).then(
        () => {
          imported = true;
        },
        onError,
      );
    }
  });
}

/** The model of the session's Apps, each synthesized afresh, as an app process does at its end. */
function modelOf(apps: readonly App[], app: string): AppModel {
  const models = apps.map((a) => {
    const m = a.synth();
    // An App of another copy of lambdaform (the app's own install): its model is checked as a model file is.
    return a instanceof App ? m : parseModel(JSON.stringify(m), `the model of the app '${app}'`);
  });
  return { version: MODEL_VERSION, stacks: uniqueStacks(models.flatMap((m) => m.stacks)) };
}

function errorReport(err: unknown): { name: string; message: string; stack?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}
