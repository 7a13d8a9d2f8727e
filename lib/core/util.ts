import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Sorts strings in place, by `compare` (default: code units, as `Array.prototype.sort`), and returns
 * them: an insertion sort for the few keys of an object, which allocates nothing, and the built-in
 * sort for more.
 */
export function sortInPlace(keys: string[], compare: (a: string, b: string) => number = byCodeUnits): string[] {
  if (keys.length > 32) return keys.sort(compare);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && compare(keys[j]!, k) > 0) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An empty plain object for many keys never seen before (a template's resources by logical id),
 * made to keep its properties in a hash table from the start. V8 otherwise gives every new key a
 * hidden class of its own, which for hundreds of new keys costs more with every key (building a
 * 430-resource template's `Resources` took a third of its rendering). The object is an ordinary
 * one: same prototype, same key order.
 */
export function recordForManyKeys<T>(): Record<string, T> {
  const o: Record<string, unknown> = { a: 0, b: 0 };
  // Deleting a property other than the last one added turns the object into a dictionary.
  delete o.a;
  delete o.b;
  return o as Record<string, T>;
}

/** Objects of data with more keys than this are made by `recordFor` as hash tables. */
const MANY_KEYS = 32;

/** An empty plain object for `count` keys of data: `recordForManyKeys()` when they are many, else `{}`. */
export function recordFor<T>(count: number): Record<string, T> {
  return count > MANY_KEYS ? recordForManyKeys<T>() : {};
}


/**
 * A whole number with its thousands grouped by commas, as `n.toLocaleString('en-US')` writes it
 * (`1,048,576`), without loading the locale data that costs ~20 ms on its first call (lint
 * messages are written in every `lint`). Other numbers are written by `toLocaleString`.
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** The SHA-256 of a text (as UTF-8) or of bytes, in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes a file whole or not at all: the text goes to a file of this process beside it, renamed
 * over it, so processes writing the same file at once each write their own and the last rename wins.
 */
export function writeFileAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * JSON with object keys sorted: the same data always gives the same text (for hashing). Unlike
 * JSON.stringify, an undefined value (in an object or a list) is written `null`, and an object's
 * own keys are written whatever its class (no `toJSON`). The text must not change between
 * versions of lambdaform: a version's logical id is made from its hash.
 */
export function stableJson(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += stableJson(v[i]);
    }
    return `${out}]`;
  }
  const keys = Object.keys(v);
  if (keys.length > 1) sortInPlace(keys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    out += `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`;
  }
  return `${out}}`;
}

/**
 * lambdaform's package root: the first directory above `moduleUrl` whose package.json names
 * lambdaform. The same from the sources (lib/…), the compiled package (dist/lib/…) and the CLI's
 * bundle (.lambdaform/cli/…).
 */
export function packageRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const file = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'lambdaform') return dir;
    } catch {
      // No package.json here (or not JSON): look further up.
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`lambdaform's package.json is not above ${moduleUrl}`);
    dir = up;
  }
}
