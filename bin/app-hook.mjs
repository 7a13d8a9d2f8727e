// Loaded into the user's app process by `lambdaform` (node --import). When the app throws, the
// error is written to $LAMBDAFORM_OUTDIR/error.json for the CLI to report in one paragraph,
// instead of Node printing a stack trace; the process exits with code 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outdir = process.env.LAMBDAFORM_OUTDIR;

function report(err) {
  if (!outdir) return false;
  const e = err instanceof Error ? err : new Error(String(err));
  try {
    writeFileSync(join(outdir, 'error.json'), JSON.stringify({ name: e.name, message: e.message, stack: e.stack }));
  } catch {
    return false;
  }
  return true;
}

if (outdir) {
  process.on('uncaughtException', (err) => {
    if (!report(err)) console.error(err);
    process.exit(2);
  });
  process.on('unhandledRejection', (err) => {
    if (!report(err)) console.error(err);
    process.exit(2);
  });
}
