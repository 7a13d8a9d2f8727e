import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './util.js';

import type { SourceLocation } from '../model/types.js';

export type { SourceLocation };

const PACKAGE_ROOT = packageRoot(import.meta.url);
/** lambdaform's own code (sources, the compiled package, the CLI's bundle): frames there are never the user's. */
const OWN_DIRS = ['lib', 'bin', 'dist', '.lambdaform'].map((d) => path.join(PACKAGE_ROOT, d) + path.sep);
const FRAME_RE = /(?:^at |\()((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/;

/** Whether a frame's file is the user's: not lambdaform's own code, not node_modules, not node's internals. */
function isUserFile(file: string): boolean {
  return !file.includes('node_modules') && !OWN_DIRS.some((d) => file.startsWith(d));
}

/**
 * The first frame of a stack trace in user code: outside lambdaform's own `lib/` and `bin/`,
 * node internals (`node:...`) and node_modules; the file relative to `cwd` when it lies below it.
 */
export function firstUserFrame(stack: string, cwd = process.cwd()): SourceLocation | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME_RE.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (!isUserFile(file)) continue;
    return { file: relativeTo(cwd, file), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** Hands V8's structured call sites through, unformatted. */
const structured = (_: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

/**
 * The line of user code that created a construct: the first user frame of the current stack.
 * Captured once, at construction, and cheaply: V8's structured call sites are read as they are
 * (no stack is formatted, no frame but the user's is looked up in a source map), and only the
 * user's frame is mapped through its source map (tsx's, for a TypeScript app), as Node's own
 * formatting would map it.
 */
export function captureSource(): SourceLocation | undefined {
  const saved = Error.prepareStackTrace;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = structured;
    Error.captureStackTrace(holder, captureSource);
    const sites = holder.stack;
    if (!Array.isArray(sites)) return firstUserFrame(new Error().stack ?? '');
    for (const site of sites) {
      const name = site.getFileName();
      if (!name || name.startsWith('node:')) continue;
      const file = name.startsWith('file://') ? fileURLToPath(name) : name;
      if (!path.isAbsolute(file) || !isUserFile(file)) continue;
      // A stack formatter someone installed (a test runner's, mapping its own transforms): it formats this one frame.
      if (saved) return firstUserFrame(String(saved(new Error(), [site]))) ?? mapped(name, file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0);
      return mapped(name, file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0);
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = saved;
  }
}

/** A generated position mapped through the file's source map, when Node has one for it (1-based line and column in and out). */
function mapped(name: string, file: string, line: number, column: number, cwd = process.cwd()): SourceLocation {
  const map = process.sourceMapsEnabled ? findSourceMap(name) : undefined;
  if (map) {
    const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry && entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
      return { file: relativeTo(cwd, source), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    }
  }
  return { file: relativeTo(cwd, file), line, column };
}

function relativeTo(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

/** `file:line` for messages. */
export function formatSource(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}` : '<unknown>';
}
