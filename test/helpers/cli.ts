import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, vi } from 'vitest';
import { CliError } from '../../lib/cli/errors.js';
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

/** runCli without blocking: several CLIs can run side by side. */
export function runCliAsync(args: readonly string[], cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'lambdaform.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LAMBDAFORM_OUTDIR: '' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** What a command run in this process did: its exit code (when it returns one) or the error it threw, and what it wrote. */
export interface Captured {
  readonly code?: number;
  readonly error?: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command function in this process (faster than a process), capturing what it writes on stdout and stderr. */
export async function captured(run: () => Promise<unknown>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await run();
    return { ...(typeof code === 'number' ? { code } : {}), stdout, stderr };
  } catch (error) {
    return { error, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The message of the CliError a captured run threw, which must be a usage error (exit 2) with nothing on stdout. */
export function usageError(r: Captured): string {
  expect(r.error).toBeInstanceOf(CliError);
  expect((r.error as CliError).exitCode).toBe(2);
  expect(r.stdout).toBe('');
  return (r.error as CliError).message;
}
