/**
 * An on-disk cache of handler analyses, for the CLI: analysing a handler loads the TypeScript
 * compiler (most of a second), which a second `synth` or `lint` of an unchanged app need not pay.
 *
 * An entry is the analysis of one export of one file, with what it was read from: every file the
 * analysis read (by content hash) and every path it looked for (found or not, as a module that
 * appears changes what `./lib` means). It is used only when all of that is unchanged and it was
 * made by the same analyzer (the version and build of lambdaform's own module). Entries live
 * under the system's temporary directory, never in the user's project; a cache that cannot be
 * read or written is no cache, never an error.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex, writeFileAtomically } from '../../core/util.js';
import type { HandlerAnalysis } from './types.js';

/** What an analysis read: file path → sha256 of its content, or `null` for a path looked for and not found. */
export type AnalysisInputs = ReadonlyMap<string, string | null>;

interface Entry {
  readonly inputs: ReadonlyArray<readonly [string, string | null]>;
  readonly result: HandlerAnalysis;
}

/**
 * This analyzer's build: names, sizes and modification times of the files beside this module
 * (the analyzer's modules, or the one bundle they are in): a changed or rebuilt analyzer is
 * another analyzer.
 */
function analyzerBuild(): string {
  const hash = createHash('sha256');
  try {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    for (const name of fs.readdirSync(dir).sort()) {
      const s = fs.statSync(path.join(dir, name));
      hash.update(`${name}\0${s.size}\0${s.mtimeMs}\n`);
    }
  } catch {
    hash.update(String(Math.random()));
  }
  return hash.digest('hex');
}

/** sha256 of a file's content, or null when it is not a file. */
export function contentHash(file: string): string | null {
  try {
    return sha256Hex(fs.readFileSync(file));
  } catch {
    return null;
  }
}

/** The cache in `dir` (default: a directory of this user's under the system's temporary directory). */
export class AnalysisCache {
  private readonly build = analyzerBuild();

  constructor(public readonly dir: string = path.join(os.tmpdir(), `lambdaform-${os.userInfo().uid}`, 'analysis')) {}

  private file(root: string, abs: string, exportName: string): string {
    const key = sha256Hex(`${this.build}\0${root}\0${abs}\0${exportName}`);
    return path.join(this.dir, `${key}.json`);
  }

  /** The cached analysis, when everything it read is unchanged. */
  public get(root: string, abs: string, exportName: string): HandlerAnalysis | undefined {
    let entry: Entry;
    try {
      entry = JSON.parse(fs.readFileSync(this.file(root, abs, exportName), 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    if (!Array.isArray(entry.inputs) || entry.inputs.length === 0) return undefined;
    for (const [file, hash] of entry.inputs) {
      if (contentHash(file) !== hash) return undefined;
    }
    return entry.result;
  }

  /** Keeps an analysis with what it read. */
  public set(root: string, abs: string, exportName: string, inputs: AnalysisInputs, result: HandlerAnalysis): void {
    const target = this.file(root, abs, exportName);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      writeFileAtomically(target, JSON.stringify({ inputs: [...inputs], result } satisfies Entry));
    } catch {
      // No cache this time.
    }
  }
}
