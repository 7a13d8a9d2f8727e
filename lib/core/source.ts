import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

/** Where in the user's code (or in a template) something was created. */
export interface SourceLocation {
  /** File path, relative to the working directory when it lies below it. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

const LIB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FRAME_RE = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/;

/**
 * The first stack frame outside lambdaform's own `lib/`, node internals and node_modules:
 * the line of user code that created a construct. Captured once, at construction.
 */
export function captureSource(): SourceLocation | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME_RE.exec(line.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('node:') || file.includes('node_modules')) continue;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (!path.isAbsolute(file)) continue;
    if (file.startsWith(LIB_DIR + path.sep)) continue;
    return { file: relativeToCwd(file), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

/** `file:line` for messages. */
export function formatSource(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}` : '<unknown>';
}
