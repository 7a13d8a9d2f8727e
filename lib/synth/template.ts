import type * as YAML from 'yaml';
import { LambdaformError } from '../core/errors.js';
import { yamlLibrary, yamlUtilLibrary } from '../core/yaml-libraries.js';
import { writeYaml } from './yaml-writer.js';

/** A CloudFormation (or SAM) template as plain JSON data. */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Transform?: string | string[];
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, TemplateParameter>;
  Globals?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
  Hooks?: Record<string, unknown>;
}

/** The number of resources of a template. */
export function resourceCount(template: Template): number {
  return Object.keys(template.Resources).length;
}

export interface TemplateParameter {
  Type: string;
  Default?: string | number;
  AllowedPattern?: string;
  AllowedValues?: readonly (string | number)[];
  ConstraintDescription?: string;
  Description?: string;
  MaxLength?: number;
  MaxValue?: number;
  MinLength?: number;
  MinValue?: number;
  NoEcho?: boolean;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}

export interface TemplateOutput {
  Value: unknown;
  Description?: string;
  Export?: { Name: unknown };
}

/** Intrinsic functions written in YAML short form (`!Ref X`, `!GetAtt X.Arn`, `!Sub '...'`). */
const SHORT_FORMS: Record<string, string> = {
  Ref: '!Ref',
  'Fn::GetAtt': '!GetAtt',
  'Fn::Sub': '!Sub',
  'Fn::Join': '!Join',
  'Fn::Select': '!Select',
  'Fn::Split': '!Split',
  'Fn::If': '!If',
  'Fn::Equals': '!Equals',
  'Fn::Not': '!Not',
  'Fn::And': '!And',
  'Fn::Or': '!Or',
  'Fn::FindInMap': '!FindInMap',
  'Fn::GetAZs': '!GetAZs',
  'Fn::ImportValue': '!ImportValue',
  'Fn::Base64': '!Base64',
  'Fn::Cidr': '!Cidr',
  Condition: '!Condition',
};

/** The keys of the intrinsics the YAML writer may write as a short-form tag. */
export const SHORT_FORM_KEYS: ReadonlySet<string> = new Set(Object.keys(SHORT_FORMS));

/**
 * Serializes a template as YAML with short-form intrinsics. Deterministic: same data, same bytes.
 *
 * The text reads back as exactly the same data with YAML 1.2 and YAML 1.1 readers (the `yaml`
 * library in either mode, PyYAML and libyaml, which cfn-lint uses):
 * - strings YAML 1.1 or 1.2 would read as something else (`yes`, `on`, `~`, `=`, `0o17`, `.inf`)
 *   are quoted; `<<` is tagged `!!str`;
 * - strings with characters outside YAML's printable set, with characters YAML 1.1 reads as line
 *   breaks (NEL U+0085, LS U+2028, PS U+2029), with a BOM (U+FEFF), CR, or a TAB or LF that a
 *   literal block cannot carry, are written double-quoted with escapes (`\t`, `\n`, `\xXX`, `\N`,
 *   `\L`, `\P`, `\uXXXX`); other multi-line strings are literal blocks (`|`);
 * - numbers in exponent form get a fraction (`1.0e+21`), which YAML 1.1 needs to read a float;
 *   -0 is written as 0, as `toJson` (JSON.stringify) does: CloudFormation has no negative zero;
 * - as in JSON, keys whose value is undefined are left out, and undefined in a list is null;
 * - an intrinsic keeps its long form (`Fn::Base64: !Sub ...`) where the short form cannot hold
 *   its argument: another short form, a number, boolean or null, GetAtt's string or map form.
 *
 * Throws a LambdaformError, naming the value's template path, for a string (or key) with an
 * unpaired UTF-16 surrogate: it has no UTF-8 form.
 */
export function toYaml(template: unknown): string {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) return toYamlWithLibrary(template);
  return writeYaml(template as Record<string, unknown>, libraryValue, SHORT_FORMS) ?? toYamlWithLibrary(template);
}

/**
 * `toYaml` through the `yaml` library's document model: the reference `toYaml`'s direct writer
 * (yaml-writer.ts) is tested against, and what that writer hands the values it does not write
 * itself to.
 */
export function toYamlWithLibrary(template: unknown): string {
  const doc = newDocument();
  doc.contents = toNode(doc, template, false, '') as typeof doc.contents;
  return doc.toString(STRINGIFY_OPTIONS);
}

let escapedString: YAML.ScalarTag | undefined;

const STRINGIFY_OPTIONS = { lineWidth: 0, indentSeq: true, singleQuote: true } as const;

function newDocument(): YAML.Document {
  return new (yamlLibrary().Document)(null, { version: '1.1', compat: 'core', customTags: (tags) => [(escapedString ??= escapedStringTag()), EXPONENT_NUMBER, ...tags] });
}

/**
 * One value as the library writes it under a key (`x: <value>`), without the `x:`: the text
 * after the key on its line (` value`, or empty when the value starts on the next line) and the
 * next lines, indented for a key at column 0. `insideProperties` and `path` are the value's, as
 * `toNode` takes them.
 */
function libraryValue(value: unknown, insideProperties: boolean, path: string): string {
  const doc = newDocument();
  const map = new (yamlLibrary().YAMLMap)();
  map.items.push(new (yamlLibrary().Pair)(new (yamlLibrary().Scalar)('x'), toNode(doc, value, insideProperties, path)));
  doc.contents = map as typeof doc.contents;
  return doc.toString(STRINGIFY_OPTIONS).slice(2);
}

/**
 * Serializes a template as JSON (2-space indent, trailing newline). Throws a LambdaformError,
 * naming the value's template path, for a string (or key) with an unpaired UTF-16 surrogate:
 * JSON.stringify would write it as a `\udXXX` escape, which CloudFormation reads as garbage.
 */
export function toJson(template: unknown): string {
  checkStrings(template, '');
  return `${JSON.stringify(template, null, 2)}\n`;
}

function toNode(doc: YAML.Document, v: unknown, insideProperties: boolean, path: string): unknown {
  if (Array.isArray(v)) {
    const seq = new (yamlLibrary().YAMLSeq)();
    v.forEach((x, i) => seq.items.push(toNode(doc, x, insideProperties, `${path}[${i}]`)));
    return seq;
  }
  if (typeof v === 'object' && v !== null) {
    // As in JSON, a key whose value is undefined is left out.
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    const only = keys.length === 1 ? keys[0]! : undefined;
    // (Own keys only: a map whose one key is `toString` or `constructor` is no intrinsic.)
    const tag = only !== undefined && Object.hasOwn(SHORT_FORMS, only) ? SHORT_FORMS[only] : undefined;
    // `Condition` is a short form only as an intrinsic, not as a resource attribute.
    if (tag && !(only === 'Condition' && !insideProperties)) {
      const arg = (v as Record<string, unknown>)[only!];
      const argPath = childPath(path, only!);
      // `!GetAtt A.B` only when the logical id has no dot (the reader splits at the first one).
      const getAttString = only === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((x) => typeof x === 'string') && !arg[0].includes('.');
      if (getAttString) (arg as string[]).forEach((x, i) => checkString(x, `${argPath}[${i}]`, 'string'));
      const node = toNode(doc, getAttString ? (arg as string[]).join('.') : arg, true, argPath) as YAML.Node;
      // The short form takes a string, a list or a map; not a number, boolean or null (`!Ref 1` reads
      // back as '1'), not GetAtt's own dotted string (it reads back as a list) nor a map for GetAtt
      // (cfn-lint reads `!GetAtt {}` as a list), and not a node that has a tag already (a short form
      // inside: `!Base64 !Sub x` is not YAML). Those keep the long form.
      const fits = yamlLibrary().isScalar(node) ? typeof node.value === 'string' && (only !== 'Fn::GetAtt' || getAttString) : !(only === 'Fn::GetAtt' && yamlLibrary().isMap(node));
      if (!node.tag && fits) {
        node.tag = tag;
        return node;
      }
      const long = new (yamlLibrary().YAMLMap)();
      long.items.push(new (yamlLibrary().Pair)(toNode(doc, only!, false, argPath), node));
      return long;
    }
    const map = new (yamlLibrary().YAMLMap)();
    for (const k of keys) {
      const p = childPath(path, k);
      checkString(k, p, 'key');
      map.items.push(new (yamlLibrary().Pair)(toNode(doc, k, false, p), toNode(doc, (v as Record<string, unknown>)[k], insideProperties || k === 'Properties', p)));
    }
    return map;
  }
  if (typeof v === 'number') {
    // -0 is written as 0 (see toYaml); an exponent gets a fraction so YAML 1.1 reads a float.
    const node = new (yamlLibrary().Scalar)(Object.is(v, -0) ? 0 : v);
    if (/e/i.test(String(v))) node.format = EXPONENT;
    return node;
  }
  if (typeof v === 'string') checkString(v, path, 'string');
  // As in JSON, undefined in a list is null.
  const node = doc.createNode(v === undefined ? null : v);
  if (typeof v === 'string' && NEEDS_CARE.test(v)) (node as YAML.Scalar).format = ESCAPED;
  // Plain scalars YAML 1.1 gives a meaning to (the "value" and merge-key types, null) must be quoted.
  if (typeof v === 'string' && YAML11_SPECIAL.has(v)) (node as YAML.Scalar).type = yamlLibrary().Scalar.QUOTE_SINGLE;
  // The yaml library always writes `<<` plain (a merge key in YAML 1.1); an explicit string tag keeps it a string.
  if (v === '<<') (node as YAML.Scalar).tag = 'tag:yaml.org,2002:str';
  return node;
}

const YAML11_SPECIAL = new Set(['=', '~', '']);

/** A template path: `Resources.Fn.Properties.Description`, `...Layers[0]`. */
function childPath(path: string, key: string): string {
  const k = LONE_SURROGATE.test(key) ? JSON.stringify(key).slice(1, -1) : key;
  return path ? `${path}.${k}` : k;
}

/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws when `s` has an unpaired surrogate: it cannot be encoded as UTF-8. */
function checkString(s: string, path: string, what: 'string' | 'key'): void {
  const m = LONE_SURROGATE.exec(s);
  if (!m) return;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase();
  const before = s.slice(Math.max(0, m.index - 20), m.index).replace(LONE_SURROGATE_G, '\uFFFD');
  throw new LambdaformError(
    path || undefined,
    `the ${what} contains an unpaired surrogate (U+${code}) at index ${m.index}${before ? `, after ${JSON.stringify(before)}` : ''}: it has no UTF-8 form, so no template can carry it (a character cut in half by slicing the string?)`,
  );
}

const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

/** Refuses unpaired surrogates anywhere in a JSON value, keys included. */
function checkStrings(v: unknown, path: string): void {
  if (typeof v === 'string') checkString(v, path, 'string');
  else if (Array.isArray(v)) v.forEach((x, i) => checkStrings(x, `${path}[${i}]`));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const p = childPath(path, k);
      checkString(k, p, 'key');
      checkStrings(x, p);
    }
  }
}

/**
 * Characters a plain, single-quoted or folded scalar cannot carry unchanged to every reader: C0
 * controls (TAB and LF included: a literal block may keep those), DEL, C1 controls (NEL is a line
 * break in YAML 1.1), LS and PS (line breaks in YAML 1.1), the BOM and the non-characters U+FFFE/U+FFFF.
 */
const NEEDS_CARE = /[\x00-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
/** Of those, the ones a literal block cannot carry either (all but TAB and LF). */
const NEEDS_ESCAPE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

/** Scalar format of strings written by `escapedStringTag`. */
const ESCAPED = 'lambdaform-escaped';
/** Scalar format of numbers written by EXPONENT_NUMBER. */
const EXPONENT = 'lambdaform-exponent';

/** Writes a string with NEEDS_CARE characters as a literal block where that keeps it exact, else double-quoted with escapes. */
function escapedStringTag(): YAML.ScalarTag {
  const stringTag = yamlUtilLibrary().stringTag;
  return {
    ...stringTag,
    format: ESCAPED,
    stringify(item, ctx, onComment, onChompKeep) {
      const value = String((item as YAML.Scalar).value);
      // A literal block, unless: a character needs an escape; the text is only whitespace (the yaml
      // library then writes a block that reads back without the spaces); its first line starts with a
      // TAB (libyaml, which cfn-lint uses, refuses that without an indentation indicator).
      // At the top of the document (only a bare string is there) the yaml library gets the
      // indentation indicator wrong, so the block form is for nested strings only.
      if (ctx.indent !== '' && !NEEDS_ESCAPE.test(value) && value.includes('\n') && /[^ \t\n]/.test(value) && !/^[\n ]*\t/.test(value)) {
        const text = stringTag.stringify!(item, ctx, onComment, onChompKeep);
        if (text.startsWith('|')) return text;
      }
      return doubleQuoted(value);
    },
  };
}

/** Writes a number in exponent form with a fraction: `1.0e+21`, which YAML 1.1 (PyYAML) reads as a float too. */
const EXPONENT_NUMBER: YAML.ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  format: EXPONENT,
  // Never matches: this tag only writes (a tag without `test` would not be picked for numbers).
  test: /(?!)/,
  resolve: (s: string) => Number(s),
  stringify: ({ value }) => {
    const s = String(value);
    return s.includes('.') ? s : s.replace(/e/i, '.0e');
  },
};

const NAMED_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1B': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/** A double-quoted YAML scalar on one line: every NEEDS_CARE character escaped, the rest as is. */
function doubleQuoted(s: string): string {
  return `"${s.replace(/["\\\x00-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, (ch) => {
    const named = NAMED_ESCAPES[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  })}"`;
}

/** Custom tags that turn the short forms back into their long JSON form when parsing. */
export const CFN_YAML_TAGS: YAML.Tags = Object.entries(SHORT_FORMS).flatMap(([long, tag]) => {
  const make = (value: unknown) => {
    if (long === 'Fn::GetAtt' && typeof value === 'string') {
      const i = value.indexOf('.');
      return { [long]: [value.slice(0, i), value.slice(i + 1)] };
    }
    return { [long]: value };
  };
  return [
    { tag, resolve: (s: string) => make(s) } as YAML.ScalarTag,
    { tag, collection: 'seq', resolve: (seq: YAML.YAMLSeq) => make(seq.toJSON()) } as unknown as YAML.CollectionTag,
    { tag, collection: 'map', resolve: (map: YAML.YAMLMap) => make(map.toJSON()) } as unknown as YAML.CollectionTag,
  ];
});

/** Parses YAML (with short-form intrinsics) or JSON template text. */
export function parseTemplate(text: string): Template {
  return yamlLibrary().parse(text, { customTags: CFN_YAML_TAGS, version: '1.1' }) as Template;
}
