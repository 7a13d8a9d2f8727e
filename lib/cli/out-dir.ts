import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/**
 * The out directory of a command: its absolute path and how messages name it. Problems with it
 * (a file in the way, no permission, a read-only or special file system such as /proc) are the
 * user's to fix, so they are CliErrors (exit 2) naming the path and the reason.
 */
export class OutDir {
  /** Absolute path of the directory. */
  public readonly dir: string;
  /** How messages name the directory: as given, with the absolute path when that differs. */
  public readonly shown: string;
  private readonly advice: string;

  /** `given` is the --out value, or undefined for the default `fallback` directory. */
  constructor(given: string | undefined, fallback: string, cwd: string) {
    const name = given ?? fallback;
    this.dir = path.resolve(cwd, name);
    this.shown = name === this.dir ? name : `${name} (${this.dir})`;
    this.advice = given === undefined ? 'pass --out <dir> to write elsewhere' : 'choose another --out directory';
  }

  /**
   * Checks, without creating anything, that the directory exists and is writable or can be
   * created: run before the app, so the user does not wait for the app to learn this.
   */
  public check(): void {
    const problem = outDirProblem(this.dir);
    if (problem) throw new CliError(`the out directory ${this.shown} ${problem}; ${this.advice}`);
  }

  /** Creates the directory (and missing parents), one level at a time. */
  public create(): void {
    this.writing(() => makeDirs(this.dir), true);
  }

  /**
   * Runs `write`, turning a file-system error about a path in the directory (or, with
   * `parentsToo`, above it) into a CliError; other errors (reading the app's assets, bugs) pass
   * through.
   */
  public writing<T>(write: () => T, parentsToo = false): T {
    try {
      return write();
    } catch (e) {
      const file = fsErrorPath(e);
      if (file === undefined || !(isWithin(this.dir, file) || (parentsToo && isWithin(file, this.dir)))) throw e;
      throw new CliError(`cannot write to the out directory ${this.shown}: ${fsReason(e as NodeJS.ErrnoException)} at ${file}; ${this.advice}`);
    }
  }
}

/** Why `dir` cannot be (or become) a writable directory; undefined when it can. */
export function outDirProblem(dir: string): string | undefined {
  // The nearest part of the path that exists: the directory itself, or the parent to create it in.
  let existing = dir;
  let stat: fs.Stats | undefined;
  for (;;) {
    try {
      stat = fs.statSync(existing);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `cannot be used: ${fsReason(e as NodeJS.ErrnoException)} at ${existing}`;
      const parent = path.dirname(existing);
      if (parent === existing) return 'cannot be created: no part of its path exists';
      existing = parent;
    }
  }
  if (existing === dir) {
    if (!stat.isDirectory()) return `is ${fileKind(stat)}, not a directory`;
    const denied = probeWritable(dir);
    return denied && `is not writable: ${denied}`;
  }
  if (!stat.isDirectory()) return `cannot be created: ${existing} is ${fileKind(stat)}, not a directory`;
  const denied = probeWritable(existing);
  return denied && `cannot be created: ${existing} is not writable: ${denied}`;
}

/**
 * Whether something can be created in `dir`, by creating (and removing) an empty directory there:
 * permission bits are not enough (root may write anywhere by them, yet not in /proc or on a
 * read-only mount).
 */
function probeWritable(dir: string): string | undefined {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.lambdaform-probe-')));
    return undefined;
  } catch (e) {
    return fsReason(e as NodeJS.ErrnoException);
  }
}

/**
 * `fs.mkdirSync(dir, { recursive: true })` without its flaw: where the parent exists but refuses
 * new entries with ENOENT (/proc), the recursive version loops forever.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw e;
    }
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'the file system does not allow creating files there',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'a directory is in the way',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** A file-system error in words, with its code: `permission denied (EACCES)`. */
function fsReason(e: NodeJS.ErrnoException): string {
  const words = (e.code && REASONS[e.code]) ?? e.message;
  return e.code ? `${words} (${e.code})` : words;
}

/** The path a Node file-system error is about, if it is one. */
function fsErrorPath(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path: p } = e as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' && typeof p === 'string' ? p : undefined;
}

function isWithin(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function fileKind(stat: fs.Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}
