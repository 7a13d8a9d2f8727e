import { findSourceMap, type SourceMap } from 'node:module';
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

/** A frame's file name (a path or URL) to the user's file it is, or '' when it is not the user's. */
const userFiles = new Map<string, string>();

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
  return sourceBelow(captureSource);
}

/** The first user frame below `fn`'s frame, or what `madeAt` gives. */
function sourceBelow(fn: (...args: never[]) => unknown): SourceLocation | undefined {
  // Made by lambdaform on behalf of a user call whose line is known already (see `madeAt`).
  if (madeFor !== undefined) return { ...madeFor };
  // Most constructs are made a few frames below the user's line: a short stack first, the whole
  // one (Error.stackTraceLimit frames, as a formatted stack would hold) only when that has no user frame.
  const limit = Error.stackTraceLimit;
  if (limit > SHORT_STACK) {
    const near = userFrame(SHORT_STACK, fn);
    if (near !== null) return near;
  }
  return userFrame(limit, fn) ?? undefined;
}

/**
 * The environment variable that turns off recording where constructs are made (`off`): set by
 * `lambdaform synth --no-lint` for CloudFormation and SAM, whose templates and checks never read
 * it (only the linter's findings and the local plan's `definedAt` do), as CDK records stack traces
 * only when asked. Errors still name the user's line ({@link captureSource} is unaffected).
 */
export const SOURCES_ENV = 'LAMBDAFORM_SOURCES';

/** Whether {@link recordSource} records: read from {@link SOURCES_ENV} when an App is made. */
let recording = true;

/** Reads {@link SOURCES_ENV} again (the App's constructor calls it: the CLI sets it before running the app). */
export function readSourcesSetting(): void {
  recording = process.env[SOURCES_ENV] !== 'off';
}

/**
 * The line of user code that made a construct, grant or route, for the model: as
 * {@link captureSource}, unless recording is off ({@link SOURCES_ENV}); then undefined, and no
 * stack is captured (capturing one costs microseconds, for every construct), unless `madeAt` gives it.
 */
export function recordSource(): SourceLocation | undefined {
  return recording || madeFor !== undefined ? sourceBelow(recordSource) : undefined;
}

/** The source of what lambdaform makes inside `madeAt`'s callback; undefined outside it. */
let madeFor: SourceLocation | undefined;

/**
 * Runs `make`, in which lambdaform makes constructs (or grants) on behalf of the user call that
 * made a construct whose source is `source` (a function's default role, the grant of a queue to
 * the mapping that polls it): what it makes gets that source without a stack being captured
 * (capturing one costs microseconds, and the first user frame would be the same line). Only for
 * lambdaform's own code: `make` must not call into user code that makes constructs of its own.
 */
export function madeAt<T>(source: SourceLocation | undefined, make: () => T): T {
  if (source === undefined) return make();
  const saved = madeFor;
  madeFor = source;
  try {
    return make();
  } finally {
    madeFor = saved;
  }
}

/** Frames in the first, cheap look at the stack. */
const SHORT_STACK = 6;

/** The first user frame of the stack's top `limit` frames below `below`'s frame; null when there is none among them. */
function userFrame(limit: number, below: (...args: never[]) => unknown): SourceLocation | null {
  const saved = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  let sites: NodeJS.CallSite[] | undefined;
  try {
    Error.prepareStackTrace = structured;
    Error.stackTraceLimit = limit;
    Error.captureStackTrace(holder, below);
    sites = holder.stack;
  } finally {
    Error.prepareStackTrace = saved;
    Error.stackTraceLimit = savedLimit;
  }
  if (!Array.isArray(sites)) return firstUserFrame(new Error().stack ?? '') ?? null;
  for (const site of sites) {
    const name = site.getFileName();
    if (!name) continue;
    let file = userFiles.get(name);
    if (file === undefined) {
      const p = name.startsWith('node:') ? '' : name.startsWith('file://') ? fileURLToPath(name) : name;
      file = path.isAbsolute(p) && isUserFile(p) ? p : '';
      userFiles.set(name, file);
    }
    if (!file) continue;
    const line = site.getLineNumber() ?? 0;
    const column = site.getColumnNumber() ?? 0;
    // A loop makes many constructs on one line: each line is mapped once (per working directory,
    // which locations are relative to), found by a number, without a key string made per construct.
    const cwd = process.cwd();
    if (cwd !== locationsCwd) {
      locations.clear();
      locationsCwd = cwd;
    }
    let inFile = locations.get(name);
    if (inFile === undefined) locations.set(name, (inFile = new Map()));
    const at = line * POSITION_LINE + column;
    const known = inFile.get(at);
    if (known) return { ...known };
    const loc = locate(site, saved, name, file, line, column);
    inFile.set(at, loc);
    return { ...loc };
  }
  return null;
}

/** Source locations by frame: by file name, then by position (`line * POSITION_LINE + column`), for `locationsCwd`. */
const locations = new Map<string, Map<number, SourceLocation>>();
let locationsCwd: string | undefined;
/** Positions as one number: exact while lines stay below 2^53 / 2^32 (2 million) and columns below 2^32. */
const POSITION_LINE = 2 ** 32;

function locate(site: NodeJS.CallSite, saved: typeof Error.prepareStackTrace, name: string, file: string, line: number, column: number): SourceLocation {
  const map = process.sourceMapsEnabled ? findSourceMap(name) : undefined;
  if (map) return mapped(map, file, line, column);
  // A stack formatter someone installed (a test runner's, mapping its own transforms): it formats this one frame.
  if (saved) return firstUserFrame(String(saved(HEADER, [site]))) ?? { file: relativeTo(process.cwd(), file), line, column };
  return { file: relativeTo(process.cwd(), file), line, column };
}

/** The error a formatter is given to format one frame: made once (making one captures a stack). */
const HEADER = new Error();

/** A generated position mapped through the file's source map (1-based line and column in and out), as Node's own formatting maps it. */
function mapped(map: SourceMap, file: string, line: number, column: number, cwd = process.cwd()): SourceLocation {
  const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (entry && entry.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    return { file: relativeTo(cwd, source), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
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
