/**
 * DynamoDB's data model and expression language, as the local DynamoDB serves them: attribute
 * values (validated and normalised as DynamoDB stores them, numbers as 38-digit decimals),
 * document paths, and the five kinds of expression — ConditionExpression and FilterExpression,
 * KeyConditionExpression, UpdateExpression and ProjectionExpression — parsed with their
 * ExpressionAttributeNames (`#n`) and ExpressionAttributeValues (`:v`) and evaluated against
 * items. Errors are DynamoDB's `ValidationException`s, with its messages.
 */
import { ApiError } from './protocol.js';

// ------------------------------------------------------------ attribute values

/** An attribute value in DynamoDB JSON: `{ S: 'x' }`, `{ N: '1' }`, `{ M: { ... } }`, ... */
export type AttributeValue = Record<string, unknown>;
/** An item: attribute names to values. */
export type Item = Record<string, AttributeValue>;

export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';
const TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

/** A DynamoDB ValidationException. */
export function validation(message: string): ApiError {
  return new ApiError(400, 'ValidationException', message);
}

/** The type of a (valid) attribute value. */
export function typeOf(v: AttributeValue | undefined): AttributeType | undefined {
  if (!v) return undefined;
  for (const k of Object.keys(v)) if (v[k] !== undefined && (TYPES as readonly string[]).includes(k)) return k as AttributeType;
  return undefined;
}

/**
 * An attribute value as DynamoDB accepts it (exactly one type; non-empty sets without
 * duplicates; valid numbers; NULL true), normalised as DynamoDB stores it (numbers in their
 * canonical form). Throws DynamoDB's ValidationException otherwise.
 */
export function checkValue(v: unknown): AttributeValue {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null);
  if (keys.length === 0 || !(TYPES as readonly string[]).includes(keys[0]!)) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  if (keys.length > 1) throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  const type = keys[0] as AttributeType;
  const x = (v as Record<string, unknown>)[type];
  const bad = (): never => {
    throw new ApiError(400, 'SerializationException', `Unexpected value for the ${type} attribute value: ${JSON.stringify(x)}`);
  };
  switch (type) {
    case 'S':
      if (typeof x !== 'string') bad();
      return { S: x };
    case 'N':
      if (typeof x !== 'string') bad();
      return { N: normalizeNumber(x as string) };
    case 'B':
      if (typeof x !== 'string') bad();
      return { B: x };
    case 'BOOL':
      if (typeof x !== 'boolean') bad();
      return { BOOL: x };
    case 'NULL':
      if (x !== true) throw validation('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return { NULL: true };
    case 'SS':
    case 'NS':
    case 'BS': {
      if (!Array.isArray(x) || x.some((e) => typeof e !== 'string')) bad();
      const list = x as string[];
      if (list.length === 0) throw validation(`One or more parameter values were invalid: An ${{ SS: 'string', NS: 'number', BS: 'binary' }[type]} set  may not be empty`);
      const elems = type === 'NS' ? list.map(normalizeNumber) : list;
      const seen = new Set<string>();
      for (const e of elems) {
        const k = type === 'BS' ? Buffer.from(e, 'base64').toString('hex') : e;
        if (seen.has(k)) throw validation(`One or more parameter values were invalid: Input collection [${list.join(', ')}] contains duplicates.`);
        seen.add(k);
      }
      return { [type]: elems };
    }
    case 'L':
      if (!Array.isArray(x)) bad();
      return { L: (x as unknown[]).map(checkValue) };
    case 'M': {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) bad();
      return { M: checkItemValues(x as Record<string, unknown>) };
    }
  }
}

/** Every value of an item (or map) checked and normalised (checkValue). */
export function checkItemValues(item: Readonly<Record<string, unknown>>): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) out[k] = checkValue(v);
  return out;
}

/** A deep copy of a value. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

// ------------------------------------------------------------ numbers

/** A decimal: `m` × 10^`e`, normalised (no trailing zeros in `m`; zero is 0 × 10^0). */
export interface Decimal {
  readonly m: bigint;
  readonly e: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number's text as a decimal; DynamoDB's ValidationException when it is not one it stores (38 significant digits, magnitude 1E-130 to 1E+126). */
export function parseNumber(text: string): Decimal {
  const t = text.trim();
  if (!NUMBER.test(t)) throw validation('A value provided cannot be converted into a number');
  const [mant, exp] = t.split(/[eE]/) as [string, string | undefined];
  const neg = mant.startsWith('-');
  const body = mant.replace(/^[+-]/, '');
  const [int, frac = ''] = body.split('.') as [string, string | undefined];
  let digits = `${int}${frac}`.replace(/^0+/, '');
  let e = (exp ? Number(exp) : 0) - frac.length;
  if (digits === '') return { m: 0n, e: 0 };
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  e += trailing;
  return checkRange({ m: BigInt(digits) * (neg ? -1n : 1n), e });
}

function checkRange(d: Decimal): Decimal {
  if (d.m === 0n) return { m: 0n, e: 0 };
  const digits = (d.m < 0n ? -d.m : d.m).toString().length;
  if (digits > 38) throw validation('Attempting to store more than 38 significant digits in a Number');
  const adjusted = d.e + digits - 1;
  if (adjusted > 125) throw validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (adjusted < -130) throw validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  return d;
}

function normalize(m: bigint, e: number): Decimal {
  if (m === 0n) return { m: 0n, e: 0 };
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return checkRange({ m, e });
}

/** A decimal as DynamoDB returns it (plain notation, no redundant zeros). */
export function formatNumber(d: Decimal): string {
  if (d.m === 0n) return '0';
  const neg = d.m < 0n;
  const digits = (neg ? -d.m : d.m).toString();
  let out: string;
  if (d.e >= 0) out = digits + '0'.repeat(d.e);
  else {
    const padded = digits.padStart(-d.e + 1, '0');
    out = `${padded.slice(0, padded.length + d.e)}.${padded.slice(padded.length + d.e)}`;
  }
  return neg ? `-${out}` : out;
}

/** A number's canonical text (as DynamoDB stores it). */
export function normalizeNumber(text: string): string {
  return formatNumber(parseNumber(text));
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e];
}

export function addNumbers(a: string, b: string): string {
  const [x, y, e] = align(parseNumber(a), parseNumber(b));
  return formatNumber(normalize(x + y, e));
}

export function subtractNumbers(a: string, b: string): string {
  const [x, y, e] = align(parseNumber(a), parseNumber(b));
  return formatNumber(normalize(x - y, e));
}

export function compareNumbers(a: string, b: string): number {
  const [x, y] = align(parseNumber(a), parseNumber(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

// ------------------------------------------------------------ comparing values

function bytes(b64: unknown): Buffer {
  return Buffer.from(String(b64), 'base64');
}

/** The order of two scalars of one type (N numerically, S by UTF-8 bytes, B by bytes); undefined when they are not comparable. */
export function compareValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  const t = typeOf(a);
  if (!t || t !== typeOf(b)) return undefined;
  switch (t) {
    case 'N':
      return compareNumbers(String(a!.N), String(b!.N));
    case 'S':
      return Buffer.compare(Buffer.from(String(a!.S)), Buffer.from(String(b!.S)));
    case 'B':
      return Buffer.compare(bytes(a!.B), bytes(b!.B));
    default:
      return undefined;
  }
}

/** Whether two values are equal as DynamoDB compares them (sets unordered, numbers by value). */
export function valuesEqual(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  const t = typeOf(a);
  if (!t || t !== typeOf(b)) return false;
  const x = a![t];
  const y = b![t];
  switch (t) {
    case 'N':
    case 'S':
    case 'B':
      return compareValues(a, b) === 0;
    case 'BOOL':
      return x === y;
    case 'NULL':
      return true;
    case 'SS':
    case 'NS':
    case 'BS': {
      const xs = x as string[];
      const ys = y as string[];
      return xs.length === ys.length && xs.every((e) => setHas(t, ys, e));
    }
    case 'L': {
      const xs = x as AttributeValue[];
      const ys = y as AttributeValue[];
      return xs.length === ys.length && xs.every((e, i) => valuesEqual(e, ys[i]));
    }
    case 'M': {
      const xm = x as Item;
      const ym = y as Item;
      const keys = Object.keys(xm);
      return keys.length === Object.keys(ym).length && keys.every((k) => Object.hasOwn(ym, k) && valuesEqual(xm[k], ym[k]));
    }
  }
}

function setHas(type: 'SS' | 'NS' | 'BS', set: readonly string[], e: string): boolean {
  if (type === 'SS') return set.includes(e);
  if (type === 'NS') return set.some((x) => compareNumbers(x, e) === 0);
  const b = bytes(e);
  return set.some((x) => bytes(x).equals(b));
}

// ------------------------------------------------------------ document paths

/** A document path: a top-level attribute name, then map keys (strings) and list indexes (numbers). */
export type Path = ReadonlyArray<string | number>;

/** The value at a path of an item (the live object, not a copy), or undefined. */
export function getPath(item: Readonly<Item>, path: Path): AttributeValue | undefined {
  let cur: AttributeValue | undefined = Object.hasOwn(item, path[0] as string) ? item[path[0] as string] : undefined;
  for (let i = 1; i < path.length && cur; i++) {
    const p = path[i]!;
    if (typeof p === 'number') {
      const list = cur.L as AttributeValue[] | undefined;
      cur = Array.isArray(list) ? list[p] : undefined;
    } else {
      const map = cur.M as Item | undefined;
      cur = map && typeof map === 'object' && Object.hasOwn(map, p) ? map[p] : undefined;
    }
  }
  return cur;
}

/** A path as DynamoDB's messages write it: `[a, b, [0]]`. */
export function pathText(path: Path): string {
  return `[${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join(', ')}]`;
}

/** Whether two paths overlap (one is a prefix of the other). */
function overlapping(a: Path, b: Path): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkOverlaps(paths: readonly Path[], fail: (detail: string) => ApiError): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = paths[j]!;
      const b = paths[i]!;
      if (!overlapping(a, b)) continue;
      const conflict = a.some((p, k) => k < b.length && typeof p !== typeof b[k]);
      throw fail(`Two document paths ${conflict ? 'conflict' : 'overlap'} with each other; must remove or rewrite one of these paths; path one: ${pathText(a)}, path two: ${pathText(b)}`);
    }
  }
}

// ------------------------------------------------------------ names and values of a request

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of a request, shared by its
 * expressions, which mark what they use: DynamoDB refuses a name or value no expression uses.
 */
export class ExpressionContext {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  /** Expressions parsed with these names and values. */
  public parsed = 0;
  private readonly names: Readonly<Record<string, string>>;
  private readonly values: Readonly<Record<string, AttributeValue>>;

  public constructor(names?: unknown, values?: unknown) {
    this.names = ExpressionContext.checkNames(names);
    this.values = ExpressionContext.checkValues(values);
  }

  private static checkNames(names: unknown): Record<string, string> {
    if (names === undefined || names === null) return {};
    if (typeof names !== 'object' || Array.isArray(names)) throw validation('ExpressionAttributeNames must be a map of names');
    const entries = Object.entries(names as Record<string, unknown>);
    if (entries.length === 0) throw validation('ExpressionAttributeNames must not be empty');
    for (const [k, v] of entries) {
      if (!/^#[A-Za-z0-9_]+$/.test(k)) throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`);
      if (typeof v !== 'string' || v === '') throw validation(`ExpressionAttributeNames contains invalid value: Empty attribute name for key ${k}`);
    }
    return names as Record<string, string>;
  }

  private static checkValues(values: unknown): Record<string, AttributeValue> {
    if (values === undefined || values === null) return {};
    if (typeof values !== 'object' || Array.isArray(values)) throw validation('ExpressionAttributeValues must be a map of values');
    const entries = Object.entries(values as Record<string, unknown>);
    if (entries.length === 0) throw validation('ExpressionAttributeValues must not be empty');
    const out: Record<string, AttributeValue> = {};
    for (const [k, v] of entries) {
      if (!/^:[A-Za-z0-9_]+$/.test(k)) throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`);
      try {
        out[k] = checkValue(v);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'ValidationException') throw validation(`ExpressionAttributeValues contains invalid value: ${e.message} for key ${k}`);
        throw e;
      }
    }
    return out;
  }

  /** The attribute name a placeholder stands for (marking it used), or undefined. */
  public name(placeholder: string): string | undefined {
    if (!Object.hasOwn(this.names, placeholder)) return undefined;
    this.usedNames.add(placeholder);
    return this.names[placeholder];
  }

  /** The value a placeholder stands for (marking it used), or undefined. */
  public value(placeholder: string): AttributeValue | undefined {
    if (!Object.hasOwn(this.values, placeholder)) return undefined;
    this.usedValues.add(placeholder);
    return this.values[placeholder];
  }

  /** DynamoDB's error for a name or value no expression used. */
  public checkUnused(): void {
    if (this.parsed === 0) {
      if (Object.keys(this.names).length > 0) throw validation('ExpressionAttributeNames can only be specified when using expressions');
      if (Object.keys(this.values).length > 0) throw validation('ExpressionAttributeValues can only be specified when using expressions');
    }
    const names = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (names.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${names.join(', ')}}`);
    const values = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (values.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${values.join(', ')}}`);
  }
}

// ------------------------------------------------------------ tokens

export type ExpressionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

interface Token {
  readonly kind: 'name' | 'attrName' | 'value' | 'number' | 'op' | 'eof';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const TOKEN = /\s+|([A-Za-z_][A-Za-z0-9_]*)|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(\d+)|(<>|<=|>=|[=<>()[\],.+-])/y;

/** A syntax error at a token (the parser may backtrack past it). */
class ExpressionSyntaxError extends ApiError {
  public constructor(
    message: string,
    public readonly at: number,
  ) {
    super(400, 'ValidationException', message);
  }
}

function tokenize(text: string, kind: ExpressionKind): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let i = 0;
  while (i < text.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      const prev = out.at(-1);
      throw new ExpressionSyntaxError(`Invalid ${kind}: Syntax error; token: "${ch}", near: "${text.slice(prev?.start ?? i, i + ch.length)}"`, out.length);
    }
    const kindOf = m[1] ? 'name' : m[2] ? 'attrName' : m[3] ? 'value' : m[4] ? 'number' : m[5] ? 'op' : undefined;
    if (kindOf) out.push({ kind: kindOf, text: m[0], start: i, end: i + m[0].length });
    i += m[0].length;
  }
  out.push({ kind: 'eof', text: '<EOF>', start: text.length, end: text.length });
  return out;
}

// ------------------------------------------------------------ reserved words

/** DynamoDB's reserved words ("Reserved words in DynamoDB"): not usable as attribute names in expressions (use `#n`). */
const RESERVED = new Set(
  `ABORT ABSOLUTE ACTION ADD AFTER AGENT AGGREGATE ALL ALLOCATE ALTER ANALYZE AND ANY ARCHIVE ARE ARRAY AS ASC ASCII ASENSITIVE
ASSERTION ASYMMETRIC AT ATOMIC ATTACH ATTRIBUTE AUTH AUTHORIZATION AUTHORIZE AUTO AVG BACK BACKUP BASE BATCH BEFORE BEGIN
BETWEEN BIGINT BINARY BIT BLOB BLOCK BOOLEAN BOTH BREADTH BUCKET BULK BY BYTE CALL CALLED CALLING CAPACITY CASCADE CASCADED
CASE CAST CATALOG CHAR CHARACTER CHECK CLASS CLOB CLOSE CLUSTER CLUSTERED CLUSTERING CLUSTERS COALESCE COLLATE COLLATION
COLLECTION COLUMN COLUMNS COMBINE COMMENT COMMIT COMPACT COMPILE COMPRESS CONDITION CONFLICT CONNECT CONNECTION CONSISTENCY
CONSISTENT CONSTRAINT CONSTRAINTS CONSTRUCTOR CONSUMED CONTINUE CONVERT COPY CORRESPONDING COUNT COUNTER CREATE CROSS CUBE
CURRENT CURSOR CYCLE DATA DATABASE DATE DATETIME DAY DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DEFINE
DEFINED DEFINITION DELETE DELIMITED DEPTH DEREF DESC DESCRIBE DESCRIPTOR DETACH DETERMINISTIC DIAGNOSTICS DIRECTORIES DISABLE
DISCONNECT DISTINCT DISTRIBUTE DO DOMAIN DOUBLE DROP DUMP DURATION DYNAMIC EACH ELEMENT ELSE ELSEIF EMPTY ENABLE END EQUAL
EQUALS ERROR ESCAPE ESCAPED EVAL EVALUATE EXCEEDED EXCEPT EXCEPTION EXCEPTIONS EXCLUSIVE EXEC EXECUTE EXISTS EXIT EXPLAIN
EXPLODE EXPORT EXPRESSION EXTENDED EXTERNAL EXTRACT FAIL FALSE FAMILY FETCH FIELDS FILE FILTER FILTERING FINAL FINISH FIRST
FIXED FLATTERN FLOAT FOR FORCE FOREIGN FORMAT FORWARD FOUND FREE FROM FULL FUNCTION FUNCTIONS GENERAL GENERATE GET GLOB
GLOBAL GO GOTO GRANT GREATER GROUP GROUPING HANDLER HASH HAVE HAVING HEAP HIDDEN HOLD HOUR IDENTIFIED IDENTITY IF IGNORE
IMMEDIATE IMPORT IN INCLUDING INCLUSIVE INCREMENT INCREMENTAL INDEX INDEXED INDEXES INDICATOR INFINITE INITIALLY INLINE
INNER INNTER INOUT INPUT INSENSITIVE INSERT INSTEAD INT INTEGER INTERSECT INTERVAL INTO INVALIDATE IS ISOLATION ITEM ITEMS
ITERATE JOIN KEY KEYS LAG LANGUAGE LARGE LAST LATERAL LEAD LEADING LEAVE LEFT LENGTH LESS LEVEL LIKE LIMIT LIMITED LINES
LIST LOAD LOCAL LOCALTIME LOCALTIMESTAMP LOCATION LOCATOR LOCK LOCKS LOG LOGED LONG LOOP LOWER MAP MATCH MATERIALIZED MAX
MAXLEN MEMBER MERGE METHOD METRICS MIN MINUS MINUTE MISSING MOD MODE MODIFIES MODIFY MODULE MONTH MULTI MULTISET NAME
NAMES NATIONAL NATURAL NCHAR NCLOB NEW NEXT NO NONE NOT NULL NULLIF NUMBER NUMERIC OBJECT OF OFFLINE OFFSET OLD ON ONLINE
ONLY OPAQUE OPEN OPERATOR OPTION OR ORDER ORDINALITY OTHER OTHERS OUT OUTER OUTPUT OVER OVERLAPS OVERRIDE OWNER PAD
PARALLEL PARAMETER PARAMETERS PARTIAL PARTITION PARTITIONED PARTITIONS PATH PERCENT PERCENTILE PERMISSION PERMISSIONS PIPE
PIPELINED PLAN POOL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVATE PRIVILEGES PROCEDURE PROCESSED PROJECT
PROJECTION PROPERTY PROVISIONING PUBLIC PUT QUERY QUIT QUORUM RAISE RANDOM RANGE RANK RAW READ READS REAL REBUILD RECORD
RECURSIVE REDUCE REF REFERENCE REFERENCES REFERENCING REGEXP REGION REINDEX RELATIVE RELEASE REMAINDER RENAME REPEAT
REPLACE REQUEST RESET RESIGNAL RESOURCE RESPONSE RESTORE RESTRICT RESULT RETURN RETURNING RETURNS REVERSE REVOKE RIGHT
ROLE ROLES ROLLBACK ROLLUP ROUTINE ROW ROWS RULE RULES SAMPLE SATISFIES SAVE SAVEPOINT SCAN SCHEMA SCOPE SCROLL SEARCH
SECOND SECTION SEGMENT SEGMENTS SELECT SELF SEMI SENSITIVE SEPARATE SEQUENCE SERIALIZABLE SESSION SET SETS SHARD SHARE
SHARED SHORT SHOW SIGNAL SIMILAR SIZE SKEWED SMALLINT SNAPSHOT SOME SOURCE SPACE SPACES SPARSE SPECIFIC SPECIFICTYPE SPLIT
SQL SQLCODE SQLERROR SQLEXCEPTION SQLSTATE SQLWARNING START STATE STATIC STATUS STORAGE STORE STORED STREAM STRING STRUCT
STYLE SUB SUBMULTISET SUBPARTITION SUBSTRING SUBTYPE SUM SUPER SYMMETRIC SYNONYM SYSTEM TABLE TABLESAMPLE TEMP TEMPORARY
TERMINATED TEXT THAN THEN THROUGHPUT TIME TIMESTAMP TIMEZONE TINYINT TO TOKEN TOTAL TOUCH TRAILING TRANSACTION TRANSFORM
TRANSLATE TRANSLATION TREAT TRIGGER TRIM TRUE TRUNCATE TTL TUPLE TYPE UNDER UNDO UNION UNIQUE UNIT UNKNOWN UNLOGGED UNNEST
UNPROCESSED UNSIGNED UNTIL UPDATE UPPER URL USAGE USE USER USERS USING UUID VACUUM VALUE VALUED VALUES VARCHAR VARIABLE
VARIANCE VARINT VARYING VIEW VIEWS VIRTUAL VOID WAIT WHEN WHENEVER WHERE WHILE WINDOW WITH WITHIN WITHOUT WORK WRAPPED WRITE
YEAR ZONE`.split(/\s+/),
);

/** Whether a word is one of DynamoDB's reserved words (case-insensitive). */
export function isReserved(word: string): boolean {
  return RESERVED.has(word.toUpperCase());
}

/** The words the grammars use: a syntax error where a path is expected. */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);

// ------------------------------------------------------------ syntax trees

/** An operand of a condition: a document path, a value, or `size(path)`. */
export type Operand = { readonly k: 'path'; readonly path: Path } | { readonly k: 'value'; readonly value: AttributeValue; readonly name: string } | { readonly k: 'size'; readonly arg: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ConditionFunction = 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

/** A condition (ConditionExpression, FilterExpression; KeyConditionExpression before its checks). */
export type Condition =
  | { readonly k: 'cmp'; readonly op: Comparator; readonly a: Operand; readonly b: Operand }
  | { readonly k: 'between'; readonly a: Operand; readonly lo: Operand; readonly hi: Operand }
  | { readonly k: 'in'; readonly a: Operand; readonly list: readonly Operand[] }
  | { readonly k: 'fn'; readonly name: ConditionFunction; readonly args: readonly Operand[] }
  | { readonly k: 'and' | 'or'; readonly a: Condition; readonly b: Condition }
  | { readonly k: 'not'; readonly a: Condition };

/** The value of a SET action (and of its functions' arguments). */
export type UpdateValue =
  | { readonly k: 'path'; readonly path: Path }
  | { readonly k: 'value'; readonly value: AttributeValue; readonly name: string }
  | { readonly k: 'if_not_exists' | 'list_append'; readonly args: readonly UpdateValue[] }
  | { readonly k: '+' | '-'; readonly a: UpdateValue; readonly b: UpdateValue };

export type UpdateAction =
  | { readonly action: 'SET'; readonly path: Path; readonly value: UpdateValue }
  | { readonly action: 'REMOVE'; readonly path: Path }
  | { readonly action: 'ADD' | 'DELETE'; readonly path: Path; readonly value: AttributeValue };

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS: Readonly<Record<string, number>> = { attribute_exists: 1, attribute_not_exists: 1, attribute_type: 2, begins_with: 2, contains: 2, size: 1 };
const UPDATE_FUNCTIONS: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };

// ------------------------------------------------------------ parser

class Parser {
  private pos = 0;
  private readonly toks: Token[];

  public constructor(
    private readonly text: string,
    private readonly kind: ExpressionKind,
    private readonly ctx: ExpressionContext,
  ) {
    ctx.parsed++;
    this.toks = tokenize(text, kind);
    if (this.toks.length === 1) throw this.fail('The expression can not be empty;');
  }

  public fail(detail: string): ApiError {
    return validation(`Invalid ${this.kind}: ${detail}`);
  }

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && t.text === op;
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'name' && t.text.toUpperCase() === word;
  }

  public atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** The syntax error at the token at `index` (default: the next one). */
  public syntax(index = this.pos): ExpressionSyntaxError {
    const i = Math.min(index, this.toks.length - 1);
    const t = this.toks[i]!;
    const prev = i > 0 ? this.toks[i - 1] : undefined;
    const after = this.toks[i + 1];
    const end = after && after.kind !== 'eof' ? after.end : t.end;
    return new ExpressionSyntaxError(`Invalid ${this.kind}: Syntax error; token: "${t.text}", near: "${this.text.slice(prev?.start ?? t.start, end)}"`, i);
  }

  private expectOp(op: string): void {
    if (!this.isOp(this.peek(), op)) throw this.syntax();
    this.next();
  }

  /** Ends the expression: anything left is a syntax error. */
  public end(): void {
    if (!this.atEnd()) throw this.syntax();
  }

  // -------------------------------------------------- paths

  private pathElement(t: Token, index: number): string {
    if (t.kind === 'attrName') {
      const name = this.ctx.name(t.text);
      if (name === undefined) throw this.fail(`An expression attribute name used in the document path is not defined; attribute name: ${t.text}`);
      return name;
    }
    if (t.kind !== 'name' || KEYWORDS.has(t.text.toUpperCase())) throw this.syntax(index);
    if (isReserved(t.text)) throw this.fail(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
    return t.text;
  }

  public path(): Path {
    const first = this.pos;
    const out: Array<string | number> = [this.pathElement(this.next(), first)];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '.')) {
        this.next();
        const at = this.pos;
        out.push(this.pathElement(this.next(), at));
      } else if (this.isOp(t, '[')) {
        this.next();
        const n = this.peek();
        if (n.kind !== 'number') throw this.syntax();
        this.next();
        this.expectOp(']');
        out.push(Number(n.text));
      } else break;
    }
    return out;
  }

  private valueToken(): { value: AttributeValue; name: string } {
    const t = this.next();
    if (t.kind !== 'value') throw this.syntax(this.pos - 1);
    const value = this.ctx.value(t.text);
    if (value === undefined) throw this.fail(`An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
    return { value, name: t.text };
  }

  /** Comma-separated paths (ProjectionExpression). */
  public paths(): Path[] {
    const out = [this.path()];
    while (this.isOp(this.peek(), ',')) {
      this.next();
      out.push(this.path());
    }
    this.end();
    checkOverlaps(out, (d) => this.fail(d));
    return out;
  }

  // -------------------------------------------------- conditions

  public condition(): Condition {
    const c = this.or();
    this.end();
    return c;
  }

  private or(): Condition {
    let a = this.and();
    while (this.isKeyword(this.peek(), 'OR')) {
      this.next();
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Condition {
    let a = this.not();
    while (this.isKeyword(this.peek(), 'AND')) {
      this.next();
      a = { k: 'and', a, b: this.not() };
    }
    return a;
  }

  private not(): Condition {
    if (this.isKeyword(this.peek(), 'NOT')) {
      this.next();
      return { k: 'not', a: this.not() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.isOp(this.peek(), '(')) {
      // A parenthesised condition, or a comparison whose first operand is parenthesised: `(a) = :v`.
      const save = this.pos;
      try {
        this.next();
        const c = this.or();
        this.expectOp(')');
        return c;
      } catch (e) {
        if (!(e instanceof ExpressionSyntaxError)) throw e;
        this.pos = save;
        try {
          return this.comparison();
        } catch (e2) {
          // The reading that got further names the better token.
          if (!(e2 instanceof ExpressionSyntaxError)) throw e2;
          throw e2.at >= e.at ? e2 : e;
        }
      }
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const t = this.peek();
    if (t.kind === 'name' && this.isOp(this.peek(1), '(') && t.text !== 'size') {
      const f = this.conditionFunction();
      return f;
    }
    const a = this.operand();
    const op = this.peek();
    if (op.kind === 'op' && COMPARATORS.has(op.text)) {
      this.next();
      const b = this.operand();
      this.distinct(op.text, a, b);
      return { k: 'cmp', op: op.text as Comparator, a, b };
    }
    if (this.isKeyword(op, 'BETWEEN')) {
      this.next();
      const lo = this.operand();
      if (!this.isKeyword(this.peek(), 'AND')) throw this.syntax();
      this.next();
      const hi = this.operand();
      if (lo.k === 'value' && hi.k === 'value') {
        const lt = typeOf(lo.value);
        const ht = typeOf(hi.value);
        const show = (v: AttributeValue, type: string | undefined): string => `AttributeValue: {${type}:${String(v[type ?? ''])}}`;
        if (lt !== ht) throw this.fail(`The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: ${show(lo.value, lt)}, upper bound operand: ${show(hi.value, ht)}`);
        if ((compareValues(lo.value, hi.value) ?? 0) > 0) throw this.fail(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${show(lo.value, lt)}, upper bound operand: ${show(hi.value, ht)}`);
      }
      return { k: 'between', a, lo, hi };
    }
    if (this.isKeyword(op, 'IN')) {
      this.next();
      this.expectOp('(');
      const list = [this.operand()];
      while (this.isOp(this.peek(), ',')) {
        this.next();
        list.push(this.operand());
      }
      this.expectOp(')');
      if (list.length > 100) throw this.fail(`The IN operator takes at most 100 operands; operator: IN, number of operands: ${list.length}`);
      return { k: 'in', a, list };
    }
    // Where a comparison should follow: an error the parser may backtrack from, as from a syntax error (`(size(a)) > :n`).
    if (a.k === 'size') throw new ExpressionSyntaxError(`Invalid ${this.kind}: The function is not allowed to be used this way in an expression; function: size`, this.pos);
    throw this.syntax();
  }

  private distinct(op: string, a: Operand, b: Operand): void {
    if (a.k === 'path' && b.k === 'path' && a.path.length === b.path.length && a.path.every((p, i) => p === b.path[i])) {
      throw this.fail(`The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${pathText(a.path)}`);
    }
  }

  private operand(): Operand {
    const t = this.peek();
    if (this.isOp(t, '(')) {
      this.next();
      const o = this.operand();
      this.expectOp(')');
      return o;
    }
    if (t.kind === 'value') return { k: 'value', ...this.valueToken() };
    if (t.kind === 'name' && this.isOp(this.peek(1), '(')) {
      if (t.text !== 'size') {
        if (Object.hasOwn(CONDITION_FUNCTIONS, t.text)) throw this.fail(`The function is not allowed to be used this way in an expression; function: ${t.text}`);
        throw this.fail(`Invalid function name; function: ${t.text}`);
      }
      const args = this.functionArgs(t.text);
      const arg = args[0]!;
      if (arg.k === 'value') {
        const type = typeOf(arg.value);
        if (type === 'N' || type === 'BOOL' || type === 'NULL') throw this.fail(`Incorrect operand type for operator or function; operator or function: size, operand type: ${type}`);
      }
      return { k: 'size', arg };
    }
    return { k: 'path', path: this.path() };
  }

  private functionArgs(name: string): Operand[] {
    this.next();
    this.expectOp('(');
    const args = [this.operand()];
    while (this.isOp(this.peek(), ',')) {
      this.next();
      args.push(this.operand());
    }
    this.expectOp(')');
    if (args.length !== CONDITION_FUNCTIONS[name]) throw this.fail(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
    return args;
  }

  private conditionFunction(): Condition {
    const name = this.peek().text;
    if (!Object.hasOwn(CONDITION_FUNCTIONS, name)) throw this.fail(`Invalid function name; function: ${name}`);
    const args = this.functionArgs(name);
    const [a, b] = args as [Operand, Operand | undefined];
    switch (name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (a.k !== 'path') throw this.fail(`Operator or function requires a document path; operator or function: ${name}`);
        break;
      case 'attribute_type': {
        if (a.k !== 'path') throw this.fail(`Operator or function requires a document path; operator or function: ${name}`);
        if (b!.k !== 'value' || typeOf(b!.value) !== 'S') throw this.fail(`Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${b!.k === 'value' ? typeOf(b!.value) : '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}'}`);
        const type = String(b!.value.S);
        if (!(TYPES as readonly string[]).includes(type)) throw this.fail(`Invalid attribute type name found; type: ${type}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
        break;
      }
      case 'begins_with':
        for (const x of args) {
          const type = x.k === 'value' ? typeOf(x.value) : undefined;
          if (type && type !== 'S' && type !== 'B') throw this.fail(`Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${type}`);
        }
        this.distinct(name, a, b!);
        break;
      case 'contains':
        this.distinct(name, a, b!);
        break;
      case 'size':
        // size() is an operand, not a condition.
        throw this.fail('The function is not allowed to be used this way in an expression; function: size');
    }
    return { k: 'fn', name: name as ConditionFunction, args };
  }

  // -------------------------------------------------- update expressions

  public update(): UpdateAction[] {
    const out: UpdateAction[] = [];
    const seen = new Set<string>();
    while (!this.atEnd()) {
      const t = this.peek();
      const section = t.kind === 'name' ? t.text.toUpperCase() : '';
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(section)) throw this.syntax();
      this.next();
      if (seen.has(section)) throw this.fail(`The "${section}" section can only be used once in an update expression;`);
      seen.add(section);
      for (;;) {
        out.push(this.updateAction(section as UpdateAction['action']));
        if (!this.isOp(this.peek(), ',')) break;
        this.next();
      }
    }
    checkOverlaps(
      out.map((a) => a.path),
      (d) => this.fail(d),
    );
    return out;
  }

  private updateAction(action: UpdateAction['action']): UpdateAction {
    const path = this.path();
    switch (action) {
      case 'SET':
        this.expectOp('=');
        return { action, path, value: this.setValue() };
      case 'REMOVE':
        return { action, path };
      case 'ADD':
      case 'DELETE': {
        const { value } = this.valueToken();
        const type = typeOf(value)!;
        const sets = ['SS', 'NS', 'BS'];
        if (!sets.includes(type) && !(action === 'ADD' && type === 'N')) {
          const names: Record<string, string> = { S: 'STRING', N: 'NUMBER', B: 'BINARY', NULL: 'NULL', BOOL: 'BOOLEAN', L: 'LIST', M: 'MAP' };
          throw this.fail(`Incorrect operand type for operator or function; operator: ${action}, operand type: ${names[type] ?? type}`);
        }
        return { action, path, value };
      }
    }
  }

  private setValue(): UpdateValue {
    const a = this.updateOperand();
    const t = this.peek();
    if (this.isOp(t, '+') || this.isOp(t, '-')) {
      this.next();
      const b = this.updateOperand();
      for (const x of [a, b]) {
        const type = x.k === 'value' ? typeOf(x.value) : undefined;
        if (type && type !== 'N') throw this.fail(`Incorrect operand type for operator or function; operator or function: ${t.text}, operand type: ${type}`);
      }
      return { k: t.text as '+' | '-', a, b };
    }
    return a;
  }

  private updateOperand(): UpdateValue {
    const t = this.peek();
    if (this.isOp(t, '(')) {
      this.next();
      const v = this.setValue();
      this.expectOp(')');
      return v;
    }
    if (t.kind === 'value') return { k: 'value', ...this.valueToken() };
    if (t.kind === 'name' && this.isOp(this.peek(1), '(')) {
      const name = t.text;
      if (!Object.hasOwn(UPDATE_FUNCTIONS, name)) {
        if (Object.hasOwn(CONDITION_FUNCTIONS, name)) throw this.fail(`The function is not allowed in an update expression; function: ${name}`);
        throw this.fail(`Invalid function name; function: ${name}`);
      }
      this.next();
      this.expectOp('(');
      const args = [this.setValue()];
      while (this.isOp(this.peek(), ',')) {
        this.next();
        args.push(this.setValue());
      }
      this.expectOp(')');
      if (args.length !== UPDATE_FUNCTIONS[name]) throw this.fail(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
      if (name === 'if_not_exists' && args[0]!.k !== 'path') throw this.fail('Operator or function requires a document path; operator or function: if_not_exists');
      if (name === 'list_append') {
        for (const x of args) {
          const type = x.k === 'value' ? typeOf(x.value) : undefined;
          if (type && type !== 'L') throw this.fail(`Incorrect operand type for operator or function; operator or function: list_append, operand type: ${type}`);
        }
      }
      return { k: name as 'if_not_exists' | 'list_append', args };
    }
    return { k: 'path', path: this.path() };
  }
}

// ------------------------------------------------------------ parsing entry points

/** A ConditionExpression or FilterExpression. */
export function parseCondition(text: string, ctx: ExpressionContext, kind: 'ConditionExpression' | 'FilterExpression' = 'ConditionExpression'): Condition {
  return new Parser(text, kind, ctx).condition();
}

/** An UpdateExpression: its actions, in order. */
export function parseUpdate(text: string, ctx: ExpressionContext): UpdateAction[] {
  return new Parser(text, 'UpdateExpression', ctx).update();
}

/** A ProjectionExpression: its paths. */
export function parseProjection(text: string, ctx: ExpressionContext): Path[] {
  return new Parser(text, 'ProjectionExpression', ctx).paths();
}

/** A key attribute of a table. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export type SortKeyCondition =
  | { readonly op: '=' | '<' | '<=' | '>' | '>=' | 'begins_with'; readonly value: AttributeValue }
  | { readonly op: 'BETWEEN'; readonly lo: AttributeValue; readonly hi: AttributeValue };

/** A Query's KeyConditionExpression: the partition key's value, and the sort key's condition if any. */
export interface KeyCondition {
  readonly partition: AttributeValue;
  readonly sort?: SortKeyCondition;
}

const FLIPPED: Readonly<Record<string, '=' | '<' | '<=' | '>' | '>='>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * A KeyConditionExpression: partition key equality, and optionally one condition on the sort key
 * (=, <, <=, >, >=, BETWEEN, begins_with), joined by AND.
 */
export function parseKeyCondition(text: string, ctx: ExpressionContext, key: { readonly partition: KeyAttribute; readonly sort?: KeyAttribute }): KeyCondition {
  const parser = new Parser(text, 'KeyConditionExpression', ctx);
  const top = parser.condition();
  const parts: Condition[] = [];
  const flatten = (c: Condition): void => {
    if (c.k === 'and') {
      flatten(c.a);
      flatten(c.b);
    } else parts.push(c);
  };
  flatten(top);
  if (parts.length > 2) throw validation('Conditions can be of length 1 or 2 only');
  const conds = new Map<string, SortKeyCondition>();
  const name = (o: Operand): string => {
    if (o.k !== 'path') throw validation('Invalid condition in KeyConditionExpression: a condition needs a key attribute and a value');
    if (o.path.length !== 1) throw validation(`KeyConditionExpressions must only contain top level attributes; attribute: ${pathText(o.path)}`);
    return o.path[0] as string;
  };
  const value = (o: Operand): AttributeValue => {
    if (o.k !== 'value') throw validation('Invalid condition in KeyConditionExpression: a condition needs a key attribute and a value');
    return o.value;
  };
  for (const c of parts) {
    let attr: string;
    let cond: SortKeyCondition;
    switch (c.k) {
      case 'cmp': {
        if (c.op === '<>') throw parser.fail('Invalid operator used in KeyConditionExpression: <>');
        if (c.a.k === 'value' && c.b.k === 'path') {
          attr = name(c.b);
          cond = { op: FLIPPED[c.op]!, value: c.a.value };
        } else {
          attr = name(c.a);
          cond = { op: c.op, value: value(c.b) };
        }
        break;
      }
      case 'between':
        attr = name(c.a);
        cond = { op: 'BETWEEN', lo: value(c.lo), hi: value(c.hi) };
        break;
      case 'fn':
        if (c.name !== 'begins_with') throw parser.fail(`Invalid operator used in KeyConditionExpression: ${c.name}`);
        attr = name(c.args[0]!);
        cond = { op: 'begins_with', value: value(c.args[1]!) };
        break;
      case 'in':
        throw parser.fail('Invalid operator used in KeyConditionExpression: IN');
      case 'or':
        throw parser.fail('Invalid operator used in KeyConditionExpression: OR');
      case 'not':
        throw parser.fail('Invalid operator used in KeyConditionExpression: NOT');
      default:
        throw parser.fail('Invalid operator used in KeyConditionExpression');
    }
    if (conds.has(attr)) throw validation('KeyConditionExpressions must only contain one condition per key');
    conds.set(attr, cond);
  }
  for (const attr of conds.keys()) {
    if (attr !== key.partition.name && attr !== key.sort?.name) throw validation('Query condition missed key schema element');
  }
  const p = conds.get(key.partition.name);
  if (!p) throw validation(`Query condition missed key schema element: ${key.partition.name}`);
  if (p.op !== '=') throw validation('Query key condition not supported');
  const s = key.sort ? conds.get(key.sort.name) : undefined;
  const typed = (v: AttributeValue, k: KeyAttribute): void => {
    if (typeOf(v) !== k.type) throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  };
  typed(p.value, key.partition);
  if (s) {
    if (s.op === 'BETWEEN') {
      typed(s.lo, key.sort!);
      typed(s.hi, key.sort!);
      if ((compareValues(s.lo, s.hi) ?? 0) > 0) {
        const t = key.sort!.type;
        throw parser.fail(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${t}:${String(s.lo[t])}}, upper bound operand: AttributeValue: {${t}:${String(s.hi[t])}}`);
      }
    } else {
      if (s.op === 'begins_with' && key.sort!.type === 'N') throw parser.fail('Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
      typed(s.value, key.sort!);
    }
  }
  return { partition: p.value, ...(s ? { sort: s } : {}) };
}

/** The paths a condition reads. */
export function conditionPaths(c: Condition): Path[] {
  const out: Path[] = [];
  const operand = (o: Operand): void => {
    if (o.k === 'path') out.push(o.path);
    else if (o.k === 'size') operand(o.arg);
  };
  const walk = (x: Condition): void => {
    switch (x.k) {
      case 'cmp':
        operand(x.a);
        operand(x.b);
        break;
      case 'between':
        [x.a, x.lo, x.hi].forEach(operand);
        break;
      case 'in':
        [x.a, ...x.list].forEach(operand);
        break;
      case 'fn':
        x.args.forEach(operand);
        break;
      case 'and':
      case 'or':
        walk(x.a);
        walk(x.b);
        break;
      case 'not':
        walk(x.a);
        break;
    }
  };
  walk(c);
  return out;
}

// ------------------------------------------------------------ evaluation

function operandValue(o: Operand, item: Readonly<Item>): AttributeValue | undefined {
  switch (o.k) {
    case 'path':
      return getPath(item, o.path);
    case 'value':
      return o.value;
    case 'size': {
      const v = operandValue(o.arg, item);
      const t = typeOf(v);
      if (!t) return undefined;
      const x = v![t];
      switch (t) {
        case 'S':
          return { N: String((x as string).length) };
        case 'B':
          return { N: String(bytes(x).length) };
        case 'SS':
        case 'NS':
        case 'BS':
        case 'L':
          return { N: String((x as unknown[]).length) };
        case 'M':
          return { N: String(Object.keys(x as object).length) };
        default:
          return undefined;
      }
    }
  }
}

/** Whether an item (`{}` for none) satisfies a condition. */
export function evaluateCondition(c: Condition, item: Readonly<Item>): boolean {
  switch (c.k) {
    case 'and':
      return evaluateCondition(c.a, item) && evaluateCondition(c.b, item);
    case 'or':
      return evaluateCondition(c.a, item) || evaluateCondition(c.b, item);
    case 'not':
      return !evaluateCondition(c.a, item);
    case 'cmp': {
      const a = operandValue(c.a, item);
      const b = operandValue(c.b, item);
      if (c.op === '=') return valuesEqual(a, b);
      if (c.op === '<>') return !valuesEqual(a, b);
      const order = compareValues(a, b);
      if (order === undefined) return false;
      return c.op === '<' ? order < 0 : c.op === '<=' ? order <= 0 : c.op === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const a = operandValue(c.a, item);
      const lo = compareValues(a, operandValue(c.lo, item));
      const hi = compareValues(a, operandValue(c.hi, item));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'in': {
      const a = operandValue(c.a, item);
      return c.list.some((o) => valuesEqual(a, operandValue(o, item)));
    }
    case 'fn': {
      const a = operandValue(c.args[0]!, item);
      const b = c.args[1] ? operandValue(c.args[1], item) : undefined;
      switch (c.name) {
        case 'attribute_exists':
          return a !== undefined;
        case 'attribute_not_exists':
          return a === undefined;
        case 'attribute_type':
          return a !== undefined && typeOf(a) === b?.S;
        case 'begins_with':
          return beginsWith(a, b);
        case 'contains':
          return contains(a, b);
      }
    }
  }
}

function beginsWith(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  const t = typeOf(a);
  if (!t || t !== typeOf(b)) return false;
  if (t === 'S') return String(a!.S).startsWith(String(b!.S));
  if (t === 'B') {
    const x = bytes(a!.B);
    const p = bytes(b!.B);
    return x.length >= p.length && x.subarray(0, p.length).equals(p);
  }
  return false;
}

function contains(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  const t = typeOf(a);
  const bt = typeOf(b);
  if (!t || !bt) return false;
  switch (t) {
    case 'S':
      return bt === 'S' && String(a!.S).includes(String(b!.S));
    case 'B':
      return bt === 'B' && bytes(a!.B).includes(bytes(b!.B));
    case 'SS':
    case 'NS':
    case 'BS':
      return bt === t.slice(0, 1) && setHas(t, a![t] as string[], String(b![bt]));
    case 'L':
      return (a!.L as AttributeValue[]).some((e) => valuesEqual(e, b));
    default:
      return false;
  }
}

/** Whether a sort key value satisfies a key condition's sort key part. */
export function matchesSortKey(c: SortKeyCondition, v: AttributeValue | undefined): boolean {
  if (c.op === 'BETWEEN') {
    const lo = compareValues(v, c.lo);
    const hi = compareValues(v, c.hi);
    return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
  }
  if (c.op === 'begins_with') return beginsWith(v, c.value);
  const order = compareValues(v, c.value);
  if (order === undefined) return false;
  switch (c.op) {
    case '=':
      return order === 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

// ------------------------------------------------------------ updates

const NO_ATTRIBUTE = 'The provided expression refers to an attribute that does not exist in the item';
const BAD_OPERAND = 'An operand in the update expression has an incorrect data type';
const BAD_PATH = 'The document path provided in the update expression is invalid for update';

function updateValue(v: UpdateValue, item: Readonly<Item>): AttributeValue {
  switch (v.k) {
    case 'value':
      return v.value;
    case 'path': {
      const x = getPath(item, v.path);
      if (x === undefined) throw validation(NO_ATTRIBUTE);
      return x;
    }
    case 'if_not_exists': {
      const x = getPath(item, (v.args[0] as { path: Path }).path);
      return x ?? updateValue(v.args[1]!, item);
    }
    case 'list_append': {
      const a = updateValue(v.args[0]!, item);
      const b = updateValue(v.args[1]!, item);
      if (typeOf(a) !== 'L' || typeOf(b) !== 'L') throw validation(BAD_OPERAND);
      return { L: [...(a.L as AttributeValue[]), ...(b.L as AttributeValue[])] };
    }
    case '+':
    case '-': {
      const a = updateValue(v.a, item);
      const b = updateValue(v.b, item);
      if (typeOf(a) !== 'N' || typeOf(b) !== 'N') throw validation(BAD_OPERAND);
      return { N: v.k === '+' ? addNumbers(String(a.N), String(b.N)) : subtractNumbers(String(a.N), String(b.N)) };
    }
  }
}

/** Sets the value at a path (the parent must exist; an index past a list's end appends). */
function assign(item: Item, path: Path, value: AttributeValue): void {
  if (path.length === 1) {
    item[path[0] as string] = value;
    return;
  }
  const parent = getPath(item, path.slice(0, -1));
  const last = path.at(-1)!;
  if (typeof last === 'number') {
    const list = parent?.L as AttributeValue[] | undefined;
    if (!Array.isArray(list)) throw validation(BAD_PATH);
    if (last >= list.length) list.push(value);
    else list[last] = value;
  } else {
    const map = parent?.M as Item | undefined;
    if (!map || typeof map !== 'object' || Array.isArray(map)) throw validation(BAD_PATH);
    map[last] = value;
  }
}

function remove(item: Item, path: Path): void {
  if (path.length === 1) {
    delete item[path[0] as string];
    return;
  }
  const parent = getPath(item, path.slice(0, -1));
  const last = path.at(-1)!;
  if (typeof last === 'number') {
    const list = parent?.L as AttributeValue[] | undefined;
    if (Array.isArray(list) && last < list.length) list.splice(last, 1);
  } else {
    const map = parent?.M as Item | undefined;
    if (map && typeof map === 'object') delete map[last];
  }
}

function setUnion(type: 'SS' | 'NS' | 'BS', a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const e of b) if (!setHas(type, out, e)) out.push(e);
  return out;
}

/**
 * An item after an update's actions: SET values are computed from the item as it was, then the
 * actions apply (REMOVEs of list elements from the highest index down, so that each index names
 * the element it named before the update).
 */
export function applyUpdate(actions: readonly UpdateAction[], item: Readonly<Item>): Item {
  const out = clone(item) as Item;
  const sets: Array<[Path, AttributeValue]> = [];
  for (const a of actions) if (a.action === 'SET') sets.push([a.path, clone(updateValue(a.value, item))]);
  for (const [path, value] of sets) assign(out, path, value);
  const removes = actions.filter((a) => a.action === 'REMOVE').map((a) => a.path);
  removes.sort((x, y) => {
    const xi = x.at(-1);
    const yi = y.at(-1);
    return typeof xi === 'number' && typeof yi === 'number' ? yi - xi : 0;
  });
  for (const path of removes) remove(out, path);
  for (const a of actions) {
    if (a.action !== 'ADD' && a.action !== 'DELETE') continue;
    const cur = getPath(out, a.path);
    const t = typeOf(a.value)!;
    if (a.action === 'ADD') {
      if (cur === undefined) assign(out, a.path, clone(a.value));
      else if (typeOf(cur) !== t) throw validation(BAD_OPERAND);
      else if (t === 'N') assign(out, a.path, { N: addNumbers(String(cur.N), String(a.value.N)) });
      else assign(out, a.path, { [t]: setUnion(t as 'SS' | 'NS' | 'BS', cur[t] as string[], a.value[t] as string[]) });
    } else {
      if (cur === undefined) continue;
      if (typeOf(cur) !== t) throw validation(BAD_OPERAND);
      const drop = a.value[t] as string[];
      const left = (cur[t] as string[]).filter((e) => !setHas(t as 'SS' | 'NS' | 'BS', drop, e));
      if (left.length === 0) remove(out, a.path);
      else assign(out, a.path, { [t]: left });
    }
  }
  return out;
}

// ------------------------------------------------------------ projection

type ProjectionNode = { readonly leaf: AttributeValue } | { readonly map: Map<string, ProjectionNode> } | { readonly list: Map<number, ProjectionNode> };

/**
 * The parts of an item that paths name, nested as in the item (list elements in their order,
 * the list compacted), as ProjectionExpression returns them.
 */
export function project(item: Readonly<Item>, paths: readonly Path[]): Item {
  const root = new Map<string, ProjectionNode>();
  for (const path of paths) {
    const v = getPath(item, path);
    if (v === undefined) continue;
    let children: Map<string | number, ProjectionNode> = root as Map<string | number, ProjectionNode>;
    for (let i = 0; i < path.length; i++) {
      const p = path[i]!;
      if (i === path.length - 1) {
        children.set(p, { leaf: clone(v) });
        break;
      }
      let node = children.get(p);
      if (!node) {
        node = typeof path[i + 1] === 'number' ? { list: new Map() } : { map: new Map() };
        children.set(p, node);
      }
      if ('leaf' in node) break;
      children = ('map' in node ? node.map : node.list) as Map<string | number, ProjectionNode>;
    }
  }
  const value = (n: ProjectionNode): AttributeValue => {
    if ('leaf' in n) return n.leaf;
    if ('map' in n) return { M: Object.fromEntries([...n.map].map(([k, c]) => [k, value(c)])) };
    return { L: [...n.list].sort(([a], [b]) => a - b).map(([, c]) => value(c)) };
  };
  return Object.fromEntries([...root].map(([k, n]) => [k, value(n)]));
}
