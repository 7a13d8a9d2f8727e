import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './util.js';

import type { SourceLocation } from '../model/types.js';

export type { SourceLocation };

const PACKAGE_ROOT = packageRoot(import.meta.url);
/** lambdaform's own code (sources, the compiled package, the CLI's bundle): frames there are never the user's. */
const OWN_DIRS = ['lib', 'bin', 'dist', '.lambdaform'].map((d) => path.join(PACKAGE_ROOT, d) + path.sep);
const FRAME_RE = /(?:^at |\()((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/;

/**
 * The first frame of a stack trace in user code: outside lambdaform's own `lib/` and `bin/`,
 * node internals (`node:...`) and node_modules; the file relative to `cwd` when it lies below it.
 */
export function firstUserFrame(stack: string, cwd = process.cwd()): SourceLocation | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME_RE.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (file.includes('node_modules') || OWN_DIRS.some((d) => file.startsWith(d))) continue;
    return { file: relativeTo(cwd, file), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** The line of user code that created a construct: the first user frame of the current stack. Captured once, at construction. */
export function captureSource(): SourceLocation | undefined {
  return firstUserFrame(new Error().stack ?? '');
}

function relativeTo(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

/** `file:line` for messages. */
export function formatSource(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}` : '<unknown>';
}
