import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaformError } from '../core/errors.js';
import { Runtime } from '../local/runtime.js';
import { CliError } from './errors.js';
import { loadPlan, type PlanSourceOptions } from './plan-source.js';

/** Options of `lambdaform invoke`. */
export interface InvokeOptions extends PlanSourceOptions {
  /** The event: a JSON file, or `-` for stdin. @default {} */
  readonly event?: string;
  /** An alias name or version number. @default $LATEST */
  readonly qualifier?: string;
  /** `RequestResponse` (the result on stdout) or `Event` (through the async queue, with its retries). @default RequestResponse */
  readonly invocationType?: 'RequestResponse' | 'Event';
  readonly seed?: number;
}

/**
 * `lambdaform invoke <function>`: runs one invocation as `sam local invoke` does, without Docker:
 * the result (or the error Lambda returns) on stdout, the logs (START/END/REPORT) on stderr;
 * returns the exit code, 1 on a function error. With `--invocation-type Event` the event goes
 * through the function's async queue on the simulated clock (retries, destinations) and the
 * outcome is printed on stderr.
 */
export async function invokeCommand(name: string, opts: InvokeOptions, cwd = process.cwd(), stdin: () => string = () => fs.readFileSync(0, 'utf8')): Promise<number> {
  const eventText = opts.event === undefined ? '{}' : opts.event === '-' ? stdin() : readEvent(opts.event, cwd);
  try {
    JSON.parse(eventText);
  } catch (e) {
    throw new CliError(`${opts.event === '-' ? 'stdin' : opts.event}: the event is not JSON: ${(e as Error).message.replace(/\s+/g, ' ')}`);
  }
  const { plan, planDir } = await loadPlan(opts, cwd);
  const rt = new Runtime(plan, { planDir, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  try {
    let id: string;
    try {
      id = rt.resolve('function', name);
      rt.functions.resolveVersion({ function: id, ...(opts.qualifier ? { qualifier: opts.qualifier } : {}) });
    } catch (e) {
      if (e instanceof LambdaformError) throw new CliError(e.message);
      throw e;
    }
    await rt.start();
    const target = { function: id, ...(opts.qualifier ? { qualifier: opts.qualifier } : {}) };
    const input = rt.ledger.create(0, id);
    const type = opts.invocationType ?? 'RequestResponse';
    const pending = rt.invoke(target, eventText, type, input);
    await rt.sim.run();
    const outcome = await pending;
    for (const line of rt.functions.logs(id)) process.stderr.write(`${line}\n`);
    if (type === 'Event') {
      const r = input;
      process.stderr.write(`event ${r.disposition ?? 'queued'}${r.where ? ` to ${r.where}` : ''}${r.reason ? `: ${r.reason}` : ''} after ${r.attempts} tr${r.attempts === 1 ? 'y' : 'ies'}, at simulated ${(r.endedAt ?? rt.sim.now() / 1000).toFixed(3)} s\n`);
      process.stdout.write(`${JSON.stringify({ StatusCode: 202 })}\n`);
      return r.disposition === 'processed' ? 0 : 1;
    }
    if (!outcome) return 1;
    if (outcome.status === 'success') {
      process.stdout.write(`${outcome.json ?? 'null'}\n`);
      return 0;
    }
    if (outcome.status === 'throttled') process.stderr.write(`TooManyRequestsException (429): ${outcome.error?.errorMessage}\n`);
    process.stdout.write(`${JSON.stringify({ errorType: outcome.error?.errorType, errorMessage: outcome.error?.errorMessage, trace: outcome.error?.trace ?? [] })}\n`);
    return 1;
  } finally {
    await rt.shutdown();
  }
}

function readEvent(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  if (!fs.existsSync(abs)) throw new CliError(`${file}: no such file`);
  if (!fs.statSync(abs).isFile()) throw new CliError(`${file}: not a file; --event takes a JSON file, or - for stdin`);
  return fs.readFileSync(abs, 'utf8');
}
