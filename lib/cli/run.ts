import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaformError } from '../core/errors.js';
import { parseScenario } from '../local/scenario/parse.js';
import { formatReport } from '../local/scenario/report.js';
import { runScenario } from '../local/scenario/run.js';
import { CliError, EXIT_USAGE } from './errors.js';
import { loadPlan, type PlanSourceOptions } from './plan-source.js';

/** Options of `lambdaform run`. */
export interface RunCommandOptions extends PlanSourceOptions {
  /** Print the report as one JSON document. */
  readonly json?: boolean;
  /** Run on the wall clock. */
  readonly realtime?: boolean;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** The account's concurrency limit. @default 1000 */
  readonly accountConcurrency?: number;
}

/**
 * `lambdaform run <scenario.yaml>`: runs the scenario against the app's plan on the simulated
 * clock and prints the report. Returns 0 when the scenario ran and its checks hold, 1 when one
 * fails; a bad scenario is exit 2 (thrown) with its file, line and what is wrong.
 */
export async function runCommand(file: string, opts: RunCommandOptions, cwd = process.cwd()): Promise<number> {
  const abs = path.resolve(cwd, file);
  if (!fs.existsSync(abs)) throw new CliError(`${file}: no such file`);
  let scenario;
  try {
    scenario = parseScenario(fs.readFileSync(abs, 'utf8'), file);
  } catch (e) {
    if (e instanceof LambdaformError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  const { plan, planDir } = await loadPlan(opts, cwd);
  for (const w of plan.warnings) process.stderr.write(`lambdaform: warning: ${w}\n`);
  let report;
  try {
    report = await runScenario(plan, scenario, {
      planDir,
      ...(opts.realtime ? { realtime: true } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.accountConcurrency !== undefined ? { accountConcurrency: opts.accountConcurrency } : {}),
    });
  } catch (e) {
    if (e instanceof LambdaformError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? 0 : 1;
}
