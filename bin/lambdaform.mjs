#!/usr/bin/env node
// Launcher: runs the TypeScript CLI (bin/lambdaform.ts) through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
try {
  await import('./lambdaform.ts');
} catch (err) {
  // The CLI reports its own errors; what gets here is lambdaform failing to load: a bug, in the CLI's format.
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`lambdaform: internal error: ${e.message}\nThis is a bug in lambdaform; set LAMBDAFORM_DEBUG=1 to see where it happened.\n`);
  if (process.env.LAMBDAFORM_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 1;
}
