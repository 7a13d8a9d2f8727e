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
  return { lower: lower(template), upper: upper(template, 0) + 8 };
}

/**
 * At least the bytes of every string, and of every key that is not an intrinsic's (those may
 * become a short-form tag), plus its `:` and line break; one byte per list item (its `-`).
 */
function lower(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) n += 1 + lower(x);
    return n;
  }
  if (typeof v === 'object' && v !== null) {
    let n = 0;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      n += lower(x) + (SHORT_FORM_KEYS.has(k) ? 0 : Buffer.byteLength(k, 'utf8') + 2);
    }
    return n;
  }
  return 1;
}

/**
 * At most, for a value whose nested lines start at column `indent`: every entry or item on a
 * line of its own, every string at its longest form (each character escaped or quoted as the
 * writer could, each line break a new indented line, a `!!str` tag), intrinsics counted in their
 * long form (a short-form tag is shorter than the key it replaces and the line it saves).
 */
function upper(v: unknown, indent: number): number {
  if (typeof v === 'string') return upperString(v, indent);
  if (typeof v === 'number') return String(v).length + 4; // `1.0e+21` for 1e21
  if (Array.isArray(v)) {
    if (v.length === 0) return 2;
    let n = 0;
    for (const x of v) n += indent + 3 + upper(x, indent + 2); // `- ` item, line break
    return n;
  }
  if (typeof v === 'object' && v !== null) {
    let n = 2; // `{}` when empty
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      n += indent + 5 + upperString(k, indent + 2) + upper(x, indent + 2); // `? ` of a complex key, `: `, line break
    }
    return n;
  }
  return 5; // true, false, null
}

/** A string written the longest way the writer can: every character escaped, every line break a new line. */
function upperString(s: string, indent: number): number {
  let n = 8; // quotes, and a `!!str ` tag
  let lines = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      n += indent + 2;
      lines = true;
    } else if (c >= 0x20 && c < 0x7f) n += c === 0x22 || c === 0x27 || c === 0x5c ? 2 : 1;
    else n += 6;
  }
  return lines ? n + indent + 5 : n; // a block header `|2-` and its line break, the first line's indentation
}
