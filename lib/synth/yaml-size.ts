/**
 * Bounds on the size of the YAML text `toYaml` writes for a template, computed in one walk over
 * the data without writing it (writing YAML costs about 25 times as much as this walk). Rules
 * that only need to know on which side of a limit a template falls (the template-size lint rule)
 * use them, and write the YAML only when the bounds straddle the limit.
 *
 * Both bounds hold for every choice the writer makes (plain, quoted, escaped or block scalars,
 * short-form tags or long-form intrinsics, `!!str` tags, flow `{}`/`[]` for empty collections);
 * `test/synth/yaml-size.test.ts` checks them against `toYaml` on random and real templates.
 */
import { SHORT_FORM_KEYS } from './template.js';

/** Lower and upper bounds, in UTF-8 bytes, of a template's YAML text. */
export interface SizeBounds {
  readonly lower: number;
  readonly upper: number;
}

/** The bounds of `toYaml(template)`'s length in bytes. */
export function yamlSizeBounds(template: unknown): SizeBounds {
  lowerSum = 0;
  const upper = walk(template, 0) + 8;
  return { lower: lowerSum, upper };
}

/**
 * The lower bound, summed by `walk` as it goes (one walk gives both bounds): at least the bytes
 * of every string, and of every key that is not an intrinsic's (those may become a short-form
 * tag), plus its `:` and line break; one byte per list item (its `-`), and per other scalar.
 */
let lowerSum = 0;
/** The UTF-8 byte length of the string `upperString` last measured (as `Buffer.byteLength`). */
let stringBytes = 0;

/**
 * The upper bound, for a value whose nested lines start at column `indent`: every entry or item
 * on a line of its own, every string at its longest form (each character escaped or quoted as
 * the writer could, each line break a new indented line, a `!!str` tag), intrinsics counted in
 * their long form (a short-form tag is shorter than the key it replaces and the line it saves).
 * Adds the value's lower bound to `lowerSum`.
 */
function walk(v: unknown, indent: number): number {
  if (typeof v === 'string') {
    const n = upperString(v, indent);
    lowerSum += stringBytes;
    return n;
  }
  if (Array.isArray(v)) {
    lowerSum += v.length;
    if (v.length === 0) return 2;
    let n = 0;
    for (let i = 0; i < v.length; i++) n += indent + 3 + walk(v[i], indent + 2); // `- ` item, line break
    return n;
  }
  if (typeof v === 'object' && v !== null) {
    let n = 2; // `{}` when empty
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      n += indent + 5 + upperString(k, indent + 2); // `? ` of a complex key, `: `, line break
      if (!SHORT_FORM_KEYS.has(k)) lowerSum += stringBytes + 2;
      n += walk(x, indent + 2);
    }
    return n;
  }
  lowerSum += 1;
  if (typeof v === 'number') return String(v).length + 4; // `1.0e+21` for 1e21
  return 5; // true, false, null
}

/** Printable ASCII but `"`, `'` and `\\`: characters the writer never escapes. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;

/**
 * A string written the longest way the writer can: every character escaped, every line break a
 * new line. Sets `stringBytes` to its UTF-8 length, counted in the same loop.
 */
function upperString(s: string, indent: number): number {
  // Most strings (ids, names, ARNs) are printable ASCII without quotes or backslashes: one byte
  // each, written as they are; the regular expression tests them faster than the loop below.
  if (PLAIN_ASCII.test(s)) {
    stringBytes = s.length;
    return s.length + 8;
  }
  let n = 8; // quotes, and a `!!str ` tag
  let utf8 = 0;
  let lines = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      n += indent + 2;
      lines = true;
      utf8 += 1;
    } else if (c >= 0x20 && c < 0x7f) {
      n += c === 0x22 || c === 0x27 || c === 0x5c ? 2 : 1;
      utf8 += 1;
    } else {
      n += 6;
      if (c < 0x80) utf8 += 1;
      else if (c < 0x800) utf8 += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        // A surrogate pair: one 4-byte character, written (escaped) as up to 12 bytes.
        utf8 += 4;
        n += 6;
        i++;
      } else utf8 += 3; // a lone surrogate is written as U+FFFD
    }
  }
  stringBytes = utf8;
  return lines ? n + indent + 5 : n; // a block header `|2-` and its line break, the first line's indentation
}
