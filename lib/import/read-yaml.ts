/**
 * The YAML (and JSON) text of a template → plain JSON data with every intrinsic function in its
 * long form, and a location tree giving the line and column of every value.
 *
 * CloudFormation reads YAML 1.1 ("template formats" in its user guide), so scalars are resolved
 * with the `yaml` package's YAML 1.1 schema:
 * - unquoted `yes`/`no`/`on`/`off`/`y`/`n` (in their YAML 1.1 spellings) are booleans, as they are
 *   for CloudFormation: an unquoted `Value: YES` reaches AWS as `"true"` (the AWS CLI quotes these
 *   words when it writes a template for that reason, aws/aws-cli#5257 and #7931);
 * - integers are YAML 1.1 integers: `0755` is octal (493), so an unquoted account id with a
 *   leading zero changes, as it does for CloudFormation; quote it;
 * - but timestamps stay strings (`AWSTemplateFormatVersion: 2010-09-09`): CloudFormation does not
 *   support the timestamp type; base-60 numbers (`10:30`) stay strings too.
 * Map keys are taken as written (`yes:` is the key `yes`, `1.0:` the key `1.0`). The YAML types
 * CloudFormation does not support (`!!binary`, `!!omap`, `!!pairs`, `!!set`, `!!timestamp`) are
 * refused. Anchors, aliases and `<<` merge keys are expanded: CloudFormation's guide lists them
 * as unsupported, but `aws cloudformation package` and SAM CLI (PyYAML) expand them before
 * CloudFormation sees the template.
 */
import type { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlLibrary as Y } from '../core/yaml-libraries.js';
import { YAML11_WORDS } from '../synth/yaml-writer.js';
import { templateError, type LocNode, type Pos } from './read-common.js';
import { setOwn } from '../model/values.js';

/** The short-form tags CloudFormation knows (`!Name`) and the long-form key each stands for. */
export const SHORT_FORMS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr',
    'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length',
    // the rule functions of a Rules section (AWS's own templates write them as tags too)
    'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
  ].map((name) => [name, name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`]),
);

const CORE = 'tag:yaml.org,2002:';
/** The explicit YAML tags allowed (`!!str 123`); the others are types CloudFormation does not support. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'merge'].map((t) => CORE + t));
const UNSUPPORTED = new Set(['binary', 'omap', 'pairs', 'set', 'timestamp'].map((t) => CORE + t));

/**
 * How many values a template may hold once its aliases are expanded: a guard against "billion
 * laughs" (CloudFormation takes templates of at most 1 MB, far fewer values than this).
 */
const MAX_VALUES = 1_000_000;

/**
 * CloudFormation's tags, registered so that `yaml` neither warns about them nor changes their
 * value: the walker below turns them into long forms, with their positions.
 */
const CFN_TAGS = Object.keys(SHORT_FORMS).flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]);

/** The data and locations of a template text. */
export interface LoadedYaml {
  /** The document's content; undefined for an empty document. */
  readonly data: unknown;
  /** Where each value is written (the root's `at` is where the content starts). */
  readonly root: LocNode;
}

/** Reads `text` (without a BOM) as YAML, or as JSON (`format: 'json'`, already checked for JSON syntax). */
export function loadYaml(text: string, file: string, format: 'yaml' | 'json'): LoadedYaml {
  const lineCounter = new (Y().LineCounter)();
  const doc = Y().parseDocument(text, {
    lineCounter,
    prettyErrors: false, // the position is given as file:line:column
    uniqueKeys: false, // duplicates are reported below, with the first one's line
    ...(format === 'json'
      ? { version: '1.2' as const, schema: 'json' }
      : {
          version: '1.1' as const,
          customTags: YAML11_TAGS,
        }),
  });
  const pos = (offset: number): Pos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const error = doc.errors[0];
  if (error) {
    const message =
      error.code === 'MULTIPLE_TAGS'
        ? 'a value can have only one tag, so `!Base64 !Sub x` is not valid (for CloudFormation either); write one of the two functions in its long form: `Fn::Base64: !Sub x` or `!Base64 {"Fn::Sub": x}`'
        : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // The `yaml` package may place an error on the white space before the token at fault (a
    // mis-indented key: the blank line above it): point at that token, as cfn-lint does.
    let offset = error.pos[0];
    // (not past a tab: a tab in the indentation is itself the fault)
    while (offset < text.length && /[ \r\n]/.test(text[offset]!) && text.slice(offset).trim() !== '') offset++;
    throw templateError(file, pos(offset), `invalid ${format === 'json' ? 'JSON' : 'YAML'}: ${message}`);
  }
  const walker = new Walker(doc, text, file, pos);
  if (doc.contents === null) return { data: undefined, root: { at: { line: 1, column: 1 } } };
  const at = walker.start(doc.contents);
  const [data, root] = walker.value(doc.contents, at);
  return { data, root };
}

/** The tags of the YAML 1.1 schema as CloudFormation reads it: no unsupported types, no base-60 numbers, floats need a digit; CloudFormation's own tags. */
const YAML11_TAGS = (tags: Array<string | { tag: string; test?: RegExp }>) => [...tags.filter((t) => typeof t === 'string' || (!UNSUPPORTED.has(t.tag) && !isSexagesimal(t))).map(withDigits), ...CFN_TAGS] as never;

/**
 * How a plain (unquoted) scalar is read, exactly as `loadYaml` reads it: the first YAML 1.1 tag of
 * the schema whose test matches, else a string (the fast reader resolves its scalars with it).
 * A scalar that starts with a letter is a string unless it is one of YAML 1.1's boolean and null
 * words (its numbers start with a digit, a sign or a dot): most of a template's scalars are
 * settled by that, without the schema's tests. Made once.
 */
export function yaml11Resolver(): (plain: string) => unknown {
  return resolveFew;
}

/**
 * A whole decimal number without leading zeros, sign or underscores, of at most 15 digits: an int
 * in YAML 1.1 (and 1.2), whose value is exact as a double. (`010` is octal in YAML 1.1, `1_000` a
 * thousand, `+1` an int: the schema's.)
 */
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * The resolver: the words and numbers most templates hold are settled without the `yaml` package
 * (loading it costs about 50 ms, a fifth of reading a large template); the schema's tests (made
 * when first needed) read everything else.
 */
function resolveFew(plain: string): unknown {
  const c = plain.charCodeAt(0) | 32;
  if (c >= 97 && c <= 122) return YAML11_WORDS.has(plain) ? WORD_VALUES.get(plain.toLowerCase()) : plain;
  if (SIMPLE_INT.test(plain)) return Number(plain);
  if (STRING_ONLY.test(plain)) return plain;
  return (resolver ??= schemaResolver())(plain);
}

/** What YAML 1.1's boolean and null words (YAML11_WORDS, in lower case) read as. */
const WORD_VALUES: ReadonlyMap<string, boolean | null> = new Map([
  ...['y', 'yes', 'true', 'on'].map((w) => [w, true] as const),
  ...['n', 'no', 'false', 'off'].map((w) => [w, false] as const),
  ['null', null] as const,
]);

/**
 * Plain scalars no YAML 1.1 type but the string reads (the schema's tests, tested against them):
 * one that starts with none of the characters a number, null, `.inf` or a merge key starts with
 * (`$default`, `/items`), and one that starts with a digit but holds a character no number or
 * timestamp has (an asset's S3 key, `0a1b….zip`).
 */
const STRING_ONLY = /^(?:[^0-9~+\-.<A-Za-z]|[0-9].*[^0-9a-fA-F_.:+\-xXoObBtTzZ \t])/s;

let resolver: ((plain: string) => unknown) | undefined;

/** The schema's resolver alone (what `yaml11Resolver` settles without it must match it: tested). */
export function yaml11SchemaResolver(): (plain: string) => unknown {
  return (resolver ??= schemaResolver());
}

function schemaResolver(): (plain: string) => unknown {
  const schema = new (Y().Document)(null, { version: '1.1', customTags: YAML11_TAGS }).schema;
  const tags = (schema.tags as Array<{ default?: boolean | 'key'; test?: RegExp; collection?: string; resolve: (s: string, onError: (m: string) => void, o: object) => unknown }>).filter((t) => t.default === true && t.test && !t.collection);
  return (plain) => {
    const c = plain.charCodeAt(0) | 32;
    if (c >= 97 && c <= 122 && !YAML11_WORDS.has(plain)) return plain;
    const tag = tags.find((t) => t.test!.test(plain));
    if (!tag) return plain;
    // (some tags resolve to a Scalar that keeps the source's format: its value is the value)
    const r = tag.resolve(plain, () => undefined, {});
    const v = Y().isScalar(r) ? r.value : r;
    return typeof v === 'bigint' ? Number(v) : v;
  };
}

/** The YAML 1.1 base-60 numbers (`10:30`), which stay strings. */
function isSexagesimal(tag: { tag: string; test?: RegExp }): boolean {
  return (tag.tag === `${CORE}int` || tag.tag === `${CORE}float`) && tag.test !== undefined && (tag.test.test('10:30') || tag.test.test('10:30.5'));
}

/**
 * The `yaml` package's YAML 1.1 float tests accept words without a digit (`E3505`, `E2`, `.`),
 * which it then reads as NaN: a cfn-lint rule id in `ignore_checks: [E3505]` became null. YAML
 * 1.1 (and PyYAML, SnakeYAML) need a digit in the number: those words stay strings.
 */
function withDigits<T>(tag: T): T {
  const t = tag as { tag?: string; format?: string; test?: RegExp };
  if (typeof tag === 'string' || t.tag !== `${CORE}float` || !t.test) return tag;
  if (t.format === 'EXP') return { ...tag, test: /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/ };
  if (t.format === undefined && t.test.test('.')) return { ...tag, test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ };
  return tag;
}


class Walker {
  private values = 0;
  private readonly active = new Set<Node>();
  /** Each alias's node: the last node before it with its anchor (`yaml`'s own lookup walks the document for every alias). */
  private readonly anchored = new Map<Alias, Node>();

  constructor(
    doc: Document,
    private readonly text: string,
    private readonly file: string,
    private readonly pos: (offset: number) => Pos,
  ) {
    const anchors = new Map<string, Node>();
    Y().visit(doc, {
      Node: (_key, node) => {
        if (Y().isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) this.anchored.set(node, target);
        } else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  /** Where a node is written, its tag included. */
  public start(node: Node): Pos {
    const offset = node.range?.[0] ?? 0;
    const tag = node.tag;
    if (tag) {
      const written = tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag;
      const at = this.text.lastIndexOf(written, offset);
      if (at >= 0) return this.pos(at);
    }
    return this.pos(offset);
  }

  /** The plain value of `node` and its locations; `at` is where the entry or item holding it is written. */
  public value(node: Node | null, at: Pos): [unknown, LocNode] {
    if (++this.values > MAX_VALUES) throw templateError(this.file, at, `the template holds more than ${MAX_VALUES} values once its aliases are expanded`);
    if (node === null) return [null, { at }];
    if (Y().isAlias(node)) return this.alias(node, at);
    const tag = node.tag;
    if (tag && tag !== '!' && !tag.startsWith(CORE)) return this.tagged(node, tag, at);
    if (tag && tag !== '!' && !CORE_TAGS.has(tag)) {
      const name = `!!${tag.startsWith(CORE) ? tag.slice(CORE.length) : tag}`;
      throw templateError(this.file, this.start(node), `the YAML type ${name} is not supported by CloudFormation (explicit types allowed: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)`);
    }
    return this.untagged(node, at);
  }

  private untagged(node: Node, at: Pos): [unknown, LocNode] {
    if (Y().isScalar(node)) return this.scalar(node, at);
    if (this.active.has(node)) throw templateError(this.file, at, 'an alias refers to a collection that contains it (the value would be infinite)');
    this.active.add(node);
    try {
      if (Y().isMap(node)) return this.map(node as YAMLMap<Node, Node | null>, at);
      if (Y().isSeq(node)) return this.seq(node as YAMLSeq<Node | null>, at);
    } finally {
      this.active.delete(node);
    }
    throw templateError(this.file, at, 'unexpected YAML node');
  }

  private alias(node: Alias, at: Pos): [unknown, LocNode] {
    const target = this.anchored.get(node);
    if (!target) throw templateError(this.file, this.start(node), `unknown alias *${node.source}: no anchor &${node.source} before it`);
    return this.value(target, at);
  }

  private scalar(node: Scalar, at: Pos): [unknown, LocNode] {
    let value = node.value;
    if (typeof value === 'bigint') value = Number(value);
    const [from, to] = node.range ?? [0, 0];
    const text = this.text.slice(from, to);
    return [value, text.includes('\n') ? { at } : { at, src: { pos: this.pos(from), text } }];
  }

  /** `!Ref X` → `{ Ref: 'X' }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`... */
  private tagged(node: Node, tag: string, at: Pos): [unknown, LocNode] {
    const tagAt = this.start(node);
    const long = SHORT_FORMS[tag.slice(1)];
    if (!long) {
      const known = Object.keys(SHORT_FORMS).map((n) => `!${n}`).join(', ');
      throw templateError(this.file, tagAt, `unknown tag '${tag}'; CloudFormation's short forms are ${known}`);
    }
    let [body, loc] = this.untagged(node, tagAt);
    if (long === 'Fn::GetAtt' && typeof body === 'string') [body, loc] = this.splitGetAtt(body, loc);
    const out: Record<string, unknown> = {};
    setOwn(out, long, body);
    return [out, { at, children: new Map([[long, { ...loc, at: tagAt }]]) }];
  }

  /** `'A.B.C'` → `['A', 'B.C']`: split at the first dot, as CloudFormation does. */
  private splitGetAtt(value: string, loc: LocNode): [string[], LocNode] {
    const dot = value.indexOf('.');
    const where = loc.src?.pos ?? loc.at;
    if (dot <= 0 || dot === value.length - 1) {
      throw templateError(this.file, where, `Fn::GetAtt '${value}' must name a resource and an attribute: LogicalId.Attribute (e.g. Bucket.Arn) or [LogicalId, Attribute]`);
    }
    const rawDot = loc.src?.text.indexOf('.') ?? -1;
    const attr = rawDot >= 0 ? { line: where.line, column: where.column + rawDot + 1 } : where;
    return [[value.slice(0, dot), value.slice(dot + 1)], { ...loc, children: new Map([[0, { at: where }], [1, { at: attr }]]) }];
  }

  private map(node: YAMLMap<Node, Node | null>, at: Pos): [Record<string, unknown>, LocNode] {
    const out: Record<string, unknown> = {};
    const children = new Map<string | number, LocNode>();
    const merges: (Node | null)[] = [];
    for (const pair of node.items) {
      if (this.isMergeKey(pair)) {
        merges.push(pair.value);
        continue;
      }
      const [key, keyAt] = this.key(pair.key, at);
      const first = children.get(key);
      if (first) throw templateError(this.file, keyAt, `duplicate key '${key}' (first at line ${first.at.line}); a key may appear only once in a map`);
      const [value, loc] = this.value(pair.value, keyAt);
      setOwn(out, key, value);
      children.set(key, loc);
    }
    // `<<: *base` (or a list of them): the merged maps' entries the map does not set itself, the first merged map winning
    for (const merge of merges) {
      const [sources, where] = this.mergeSources(merge, at);
      for (const source of sources) {
        const [value, loc] = this.value(source, where);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw templateError(this.file, where, 'a merge key (<<) takes a map or a list of maps');
        for (const [key, v] of Object.entries(value)) {
          if (children.has(key)) continue;
          setOwn(out, key, v);
          children.set(key, loc.children!.get(key)!);
        }
      }
    }
    const getAtt = out['Fn::GetAtt'];
    if (children.size === 1 && typeof getAtt === 'string') {
      const [parts, loc] = this.splitGetAtt(getAtt, children.get('Fn::GetAtt')!);
      out['Fn::GetAtt'] = parts;
      children.set('Fn::GetAtt', loc);
    }
    return [out, { at, children }];
  }

  private isMergeKey(pair: Pair<Node, Node | null>): boolean {
    const key = pair.key;
    return Y().isScalar(key) && (typeof key.value === 'symbol' || (key.type === 'PLAIN' && key.source === '<<' && !key.tag));
  }

  private mergeSources(value: Node | null, at: Pos): [(Node | null)[], Pos] {
    const where = value ? this.start(value) : at;
    return [Y().isSeq(value) ? (value as YAMLSeq<Node | null>).items : [value], where];
  }

  /** A map key as a string, as written: `yes:` is the key 'yes', `1.0:` the key '1.0'. */
  private key(key: Node | null, at: Pos): [string, Pos] {
    let node = key;
    if (node && Y().isAlias(node)) node = this.anchored.get(node) ?? null;
    if (!node) throw templateError(this.file, at, 'a map entry has no key');
    const keyAt = key ? this.start(key) : at;
    if (!Y().isScalar(node)) throw templateError(this.file, keyAt, `a map key must be a string, got a ${Y().isSeq(node) ? 'list' : 'map'}`);
    if (node.tag && !node.tag.startsWith(CORE)) throw templateError(this.file, keyAt, `a map key cannot be a tagged value (${node.tag}); keys are plain strings`);
    const value = node.value;
    return [typeof value === 'string' ? value : (node.source ?? String(value)), keyAt];
  }

  private seq(node: YAMLSeq<Node | null>, at: Pos): [unknown[], LocNode] {
    const out: unknown[] = [];
    const children = new Map<string | number, LocNode>();
    node.items.forEach((item, i) => {
      const [value, loc] = this.value(item, item ? this.start(item) : at);
      out.push(value);
      children.set(i, loc);
    });
    return [out, { at, children }];
  }
}
