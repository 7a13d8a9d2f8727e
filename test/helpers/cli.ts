import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './examples.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lambdaform <args>` as a user would (node bin/lambdaform.mjs) in `cwd`. */
export function runCli(args: readonly string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lambdaform.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LAMBDAFORM_OUTDIR: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
