import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';
import { loadPlan, planText, type PlanSourceOptions } from './plan-source.js';

/** Options of `lambdaform plan` (and `synth --format plan`). */
export interface PlanCommandOptions extends PlanSourceOptions {
  /** Write plan.json into this directory (paths in it become relative to it); stdout without. */
  readonly out?: string;
}

/** `lambdaform plan`: the local execution plan of the app (or templates) as plan.json, on stdout or in the out directory. */
export async function planCommand(opts: PlanCommandOptions, cwd = process.cwd()): Promise<void> {
  const outDir = opts.out !== undefined ? path.resolve(cwd, opts.out) : undefined;
  // Before loading the app: an unusable out directory should not cost the user the app's run time.
  if (outDir && fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new CliError(`--out ${opts.out}: not a directory`);
  const { plan } = await loadPlan(opts, cwd, outDir ?? cwd);
  for (const w of plan.warnings) process.stderr.write(`lambdaform: warning: ${w}\n`);
  const text = planText(plan);
  if (!outDir) {
    process.stdout.write(text);
    return;
  }
  const file = path.join(outDir, 'plan.json');
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new CliError(`--out ${opts.out}: cannot write plan.json there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  process.stderr.write(`plan: ${path.relative(cwd, file)}\n`);
}
