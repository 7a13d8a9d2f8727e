/**
 * The YAML writer of templates: writes the text directly, line by line, for what templates are
 * made of (maps, lists, plain strings, numbers, booleans, short-form intrinsics), and hands every
 * value it is not sure of to the `yaml` library (`fallback`), which writes that value as it would
 * in the whole document. The result is byte for byte what the library writes for the whole
 * template (`toYamlWithLibrary`, tested against it), at a fraction of the cost: building the
 * library's document model and stringifying it was an eighth of a large app's synthesis.
 *
 * What is written here: keys and strings that are plain in YAML 1.1 and 1.2 alike (below), paths,
 * `''`, integers and decimals, booleans, null, `{}` and `[]`, block maps and lists (lists
 * indented under their key), and the short forms `!Tag scalar` and `!Tag` + list. Everything else
 * (quoted and multi-line strings, exponents, other short-form arguments, odd keys) is the
 * library's.
 */

/** Writes `value` (under a key at column 0) as the library does: see `libraryValue` in template.ts. */
export type YamlFallback = (value: unknown, insideProperties: boolean, path: string) => string;

/**
 * A string written plain: it starts with a letter, and has only letters, digits and
 * `_./@%?&=+$(){},*#<>!|~;^-`, with `:` and single spaces between them (never `: `, ` #`, or at
 * the end). The library writes such a string plain unless YAML 1.1 reads it as something else
 * (YAML11_WORDS).
 */
const PLAIN = /^[A-Za-z](?:[A-Za-z0-9_./@%?&=+$(){},*#<>!|~;^-]|:(?=[A-Za-z0-9_./@%?&=+$(){},:*#-])| (?=[A-Za-z0-9_./@%?&=+$(){},<>!|~;^-]))*$/;

/**
 * The words YAML 1.1 reads as booleans or null (the plain scalars that start with a letter and are
 * no string): quoted by the library, and read as such by the template reader.
 */
export const YAML11_WORDS: ReadonlySet<string> = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]),
);

/** `e5`, `E+0`: YAML 1.1 reads an exponent without digits before it as a number, so the library quotes it. */
const EXPONENT_WORD = /^[eE][-+]?[0-9]+$/;

/** The longest key the library writes as a plain key: a longer one is an explicit key (`? key`). */
const MAX_PLAIN_KEY = 1024;

/** A string of digits, with at most one decimal point between digits: YAML reads it as a number, so the library quotes it (`'0'`, `'2.0'`). */
const NUMERIC = /^[0-9]+(?:\.[0-9]+)?$/;

/** An asset's S3 key (`<sha256 hex>.zip`): plain for the library, as letters make it no number. */
const ASSET_KEY = /^[0-9a-f]{64}\.zip$/;

/**
 * A path, absolute or relative (`../app/asset`: a SAM template's CodeUri, relative to the out
 * directory; `/items/{id}`: a route): `/` or `./`/`../` steps, then names of letters, digits and
 * `_.@{}+*-` between slashes. Plain for the library (no YAML type reads it, and it starts with no
 * indicator).
 */
const PATH = /^(?:\/|(?:\.\.?\/)+)(?:[A-Za-z0-9_.@{}+*-]+\/?)*$/;

/**
 * A name after a dot (`.jpg`, a suffix filter): plain for the library, except the YAML float
 * words `.inf` and `.nan` and an exponent (`.e5`), which it quotes.
 */
const DOT_NAME = /^\.(?![eE][0-9+-])(?!(?:inf|Inf|INF|nan|NaN|NAN)$)[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * One line of printable ASCII, without `'`, that YAML cannot read plain (it has `: ` or ` #`, or
 * starts or ends with a space): the library writes it in single quotes, as it is.
 */
const SINGLE_QUOTED = /^[\x20-\x26\x28-\x7e]*$/;
const NOT_PLAIN = /: | #|^ | $/;

/** A date (`2010-09-09`): YAML 1.1 reads it as a timestamp, so the library quotes it. */
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The library's text of the one-line strings it wrote, by fallback: the same for every template (bounded). */
const LIBRARY_TEXTS = new WeakMap<YamlFallback, Map<string, string>>();
const LIBRARY_TEXTS_MAX = 10_000;

/**
 * A string that is plain for the library although it does not start with a letter: an asset's S3
 * key (a SHA-256 in hex and `.zip`: no YAML type reads it), a path, a dotted name, and `$default`
 * or `${AWS::Region}` (`$` is no YAML indicator, so the string is plain when it would be with a
 * letter first).
 */
function plainOtherwise(v: string): boolean {
  return ASSET_KEY.test(v) || PATH.test(v) || DOT_NAME.test(v) || (v.charCodeAt(0) === 36 && PLAIN.test(`a${v.slice(1)}`));
}

/**
 * Whether `scalar` writes a string itself as it is, or quoted as `''`/a special word (the strings
 * a short form's argument is written for: the library's text of other strings may differ after a tag).
 */
function writesPlain(v: string): boolean {
  return v === '' || PLAIN.test(v) || plainOtherwise(v);
}

/** Indents by depth: `deeper(indent)` is `indent` and two spaces, made once per depth. */
const INDENTS: string[] = [''];
function deeper(indent: string): string {
  const depth = indent.length / 2 + 1;
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth]!;
}

/** The value could not be written here: its writer falls back to the library for the nearest whole value. */
class Unwritable {}
const UNWRITABLE = new Unwritable();

/** Writes a template (a map) as YAML with short-form intrinsics; undefined when the library must write the whole document (an odd top-level key, an empty map). */
export function writeYaml(template: Readonly<Record<string, unknown>>, fallback: YamlFallback, shortForms: Readonly<Record<string, string>>): string | undefined {
  const out: string[] = [];
  let memo = LIBRARY_TEXTS.get(fallback);
  if (memo === undefined || memo.size > LIBRARY_TEXTS_MAX) {
    memo = new Map<string, string>();
    LIBRARY_TEXTS.set(fallback, memo);
  }

  /** A scalar's text, or undefined when only the library knows how to write it. */
  const scalar = (v: unknown, insideProperties: boolean, path: string): string | undefined => {
    if (typeof v === 'string') {
      if (v === '') return "''";
      if (PLAIN.test(v)) return YAML11_WORDS.has(v) || EXPONENT_WORD.test(v) ? `'${v}'` : v;
      if (NUMERIC.test(v) || DATE.test(v)) return `'${v}'`;
      if (plainOtherwise(v)) return v;
      if (v.includes('\n')) return undefined;
      if (NOT_PLAIN.test(v) && SINGLE_QUOTED.test(v)) return `'${v}'`;
      // A one-line string: the library writes it the same wherever it is.
      let text = memo!.get(v);
      if (text === undefined) {
        text = fallback(v, insideProperties, path).slice(1, -1);
        memo!.set(v, text);
      }
      return text;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return undefined;
      const text = String(Object.is(v, -0) ? 0 : v);
      return /e/i.test(text) ? undefined : text;
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === null || v === undefined) return 'null';
    return undefined;
  };

  const key = (k: string): string => {
    if (k.length <= MAX_PLAIN_KEY && PLAIN.test(k) && !YAML11_WORDS.has(k) && !EXPONENT_WORD.test(k)) return k;
    throw UNWRITABLE;
  };

  /** The short form of an intrinsic `{ Fn::X: arg }`, if it is one the writer keeps short. */
  const shortForm = (v: object, insideProperties: boolean): { tag: string; arg: unknown; name: string } | undefined => {
    let name: string | undefined;
    for (const k in v) {
      if (!Object.hasOwn(v, k) || (v as Record<string, unknown>)[k] === undefined) continue;
      if (name !== undefined) return undefined;
      name = k;
    }
    if (name === undefined || !Object.hasOwn(shortForms, name)) return undefined;
    // `Condition` is a short form only as an intrinsic, not as a resource attribute.
    if (name === 'Condition' && !insideProperties) return undefined;
    return { tag: shortForms[name]!, arg: (v as Record<string, unknown>)[name], name };
  };

  /**
   * Writes the value of the key whose text (indent included) is `head`: on the key's line, or
   * below it at `indent` + 2. Falls back to the library for the whole value when any part of it
   * cannot be written here.
   */
  const entry = (head: string, v: unknown, indent: string, insideProperties: boolean, path: string): void => {
    const mark = out.length;
    try {
      value(head, v, indent, insideProperties, path);
    } catch (e) {
      if (e !== UNWRITABLE) throw e;
      out.length = mark;
      const text = fallback(v, insideProperties, path);
      const lines = text.split('\n');
      // The library's text ends with a newline: the last element is empty.
      lines.pop();
      out.push(head + lines[0]);
      // (A blank line, in a block scalar, stays blank.)
      for (let i = 1; i < lines.length; i++) out.push(lines[i] ? indent + lines[i] : '');
    }
  };

  const value = (head: string, v: unknown, indent: string, insideProperties: boolean, path: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${head} []`);
      else {
        out.push(head);
        list(v, deeper(indent), insideProperties, path);
      }
      return;
    }
    if (typeof v === 'object' && v !== null) {
      const short = shortForm(v, insideProperties);
      if (short) {
        const { tag, arg, name } = short;
        const argPath = path ? `${path}.${name}` : name;
        if (name === 'Fn::GetAtt') {
          // `!GetAtt A.B` for two strings, the first without a dot; the rest is the library's.
          if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string' && !arg[0].includes('.') && PLAIN.test(arg[0]) && PLAIN.test(arg[1])) {
            const text = scalar(`${arg[0]}.${arg[1]}`, true, argPath);
            if (text !== undefined) {
              out.push(`${head} ${tag} ${text}`);
              return;
            }
          }
          throw UNWRITABLE;
        }
        if (typeof arg === 'string') {
          const text = writesPlain(arg) ? scalar(arg, true, argPath) : undefined;
          if (text === undefined) throw UNWRITABLE;
          out.push(`${head} ${tag} ${text}`);
          return;
        }
        if (Array.isArray(arg) && arg.length > 0) {
          out.push(`${head} ${tag}`);
          list(arg, deeper(indent), true, argPath);
          return;
        }
        throw UNWRITABLE;
      }
      let first = true;
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        if (first) {
          out.push(head);
          first = false;
        }
        const childIndent = deeper(indent);
        entry(`${childIndent}${key(k)}:`, x, childIndent, insideProperties || k === 'Properties', path ? `${path}.${k}` : k);
      }
      if (first) out.push(`${head} {}`);
      return;
    }
    const text = scalar(v, insideProperties, path);
    if (text === undefined) throw UNWRITABLE;
    out.push(`${head} ${text}`);
  };

  /** Writes a list's items at `indent` (`- item`). */
  const list = (items: readonly unknown[], indent: string, insideProperties: boolean, path: string): void => {
    for (let i = 0; i < items.length; i++) {
      const x = items[i] === undefined ? null : items[i];
      const itemPath = `${path}[${i}]`;
      const mark = out.length;
      try {
        item(x, indent, insideProperties, itemPath);
      } catch (e) {
        if (e !== UNWRITABLE) throw e;
        out.length = mark;
        // The library's list of this one item, under a key at column 0: `x:\n  - item\n    ...`.
        const lines = fallback([x], insideProperties, itemPath).split('\n');
        lines.pop();
        for (let j = 1; j < lines.length; j++) out.push(lines[j] ? indent + lines[j]!.slice(2) : '');
      }
    }
  };

  const item = (x: unknown, indent: string, insideProperties: boolean, path: string): void => {
    const dash = `${indent}-`;
    if (typeof x === 'object' && x !== null && !Array.isArray(x) && !shortForm(x, insideProperties) && Object.keys(x).some((k) => (x as Record<string, unknown>)[k] !== undefined)) {
      // A map: its first entry on the dash's line, the others under it.
      const start = out.length;
      value('', x, indent, insideProperties, path);
      // `value` wrote an empty head line, then the entries at indent + 2.
      out.splice(start, 1);
      out[start] = `${dash} ${out[start]!.slice(indent.length + 2)}`;
      return;
    }
    if (Array.isArray(x) && x.length > 0) {
      // A list in a list: `- - a` then `  - b`.
      const start = out.length;
      list(x, deeper(indent), insideProperties, path);
      out[start] = `${dash} ${out[start]!.slice(indent.length + 2)}`;
      return;
    }
    value(dash, x, indent, insideProperties, path);
  };

  // A document that is one intrinsic (`{ Ref: x }`) is the library's: it may become `!Ref x`.
  if (shortForm(template, false) || shortForm(template, true)) return undefined;
  try {
    for (const k in template) {
      if (!Object.hasOwn(template, k)) continue;
      const x = template[k];
      if (x === undefined) continue;
      entry(`${key(k)}:`, x, '', k === 'Properties', k);
    }
  } catch (e) {
    if (e === UNWRITABLE) return undefined;
    throw e;
  }
  if (out.length === 0) return undefined;
  // The trailing line break as an empty last line: join's text is flat (one piece), where appending one to it would make a two-piece string that is flattened, slowly, by its first reader (Buffer.byteLength, a file write).
  out.push('');
  return out.join('\n');
}
