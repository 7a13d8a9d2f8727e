import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MODEL_FILE, OUTDIR_ENV } from '../core/app.js';
import { firstUserFrame, formatSource } from '../core/source.js';
import type { AppModel } from '../model/types.js';
import { CONFIG_FILE, readConfig } from './config.js';
import { CliError } from './errors.js';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOOK = path.join(PACKAGE_ROOT, 'bin', 'app-hook.mjs');
const SCRIPT_EXT = /\.(ts|mts|cts|js|mjs|cjs|tsx)$/;

/** The serialized error the app hook writes when the app throws. */
interface AppErrorReport {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * Runs the user's app (a file, or a command) in a child process with `LAMBDAFORM_OUTDIR` set and
 * reads back the model it writes. Everything the app prints goes to our stderr, so stdout stays
 * clean for templates.
 */
export async function loadAppModel(appOption: string | undefined, cwd: string): Promise<AppModel> {
  const app = appOption ?? readConfig(cwd)?.app;
  if (!app) {
    throw new CliError(`no app given: pass --app <file-or-command> (e.g. --app app.ts) or create ${CONFIG_FILE} with {"app": "app.ts"} in ${cwd}`);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-'));
  try {
    const { command, args, shell } = commandFor(app, cwd);
    const code = await run(command, args, shell, cwd, outdir);
    const errorFile = path.join(outdir, 'error.json');
    if (fs.existsSync(errorFile)) throw new CliError(describeAppError(JSON.parse(fs.readFileSync(errorFile, 'utf8')) as AppErrorReport, app, cwd));
    if (code !== 0) throw new CliError(`the app '${app}' exited with code ${code} before producing a model; see its output above`);
    const modelFile = path.join(outdir, MODEL_FILE);
    if (!fs.existsSync(modelFile)) {
      throw new CliError(`the app '${app}' ran but produced no model: it must create a lambdaform \`new App()\` with at least one Stack (app.synth() is called automatically)`);
    }
    return JSON.parse(fs.readFileSync(modelFile, 'utf8')) as AppModel;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function commandFor(app: string, cwd: string): { command: string; args: string[]; shell: boolean } {
  const trimmed = app.trim();
  if (!/\s/.test(trimmed) && SCRIPT_EXT.test(trimmed)) {
    const file = path.resolve(cwd, trimmed);
    if (!fs.existsSync(file)) throw new CliError(`app file not found: ${trimmed} (resolved to ${file})`);
    const tsx = import.meta.resolve('tsx');
    return { command: process.execPath, args: ['--import', tsx, '--import', pathToFileURL(HOOK).href, file], shell: false };
  }
  return { command: trimmed, args: [], shell: true };
}

function run(command: string, args: string[], shell: boolean, cwd: string, outdir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const hookOption = `--import=${pathToFileURL(HOOK).href}`;
    const env = { ...process.env, [OUTDIR_ENV]: outdir, ...(shell ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${hookOption}`.trim() } : {}) };
    const child = spawn(command, args, { cwd, env, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
    child.on('error', (e) => reject(new CliError(`cannot run the app '${command}': ${e.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** One paragraph about an error thrown by the app: lambdaform's own errors as they are, others with the user's line. */
function describeAppError(report: AppErrorReport, app: string, cwd: string): string {
  if (report.name.startsWith('Lambdaform')) return report.message;
  const frame = firstUserFrame(report.stack ?? '', cwd);
  const where = frame && formatSource(frame);
  return `the app '${app}' threw ${report.name}: ${report.message}${where ? ` (at ${where})` : ''}`;
}
