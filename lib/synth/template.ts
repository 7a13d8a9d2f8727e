import YAML from 'yaml';

/** A CloudFormation (or SAM) template as plain JSON data. */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Transform?: string | string[];
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, TemplateParameter>;
  Globals?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
}

export interface TemplateParameter {
  Type: string;
  Description?: string;
  Default?: string;
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

/** Serializes a template as YAML with short-form intrinsics. Deterministic: same data, same bytes. */
export function toYaml(template: unknown): string {
  const doc = new YAML.Document(null, { version: '1.1' });
  doc.contents = toNode(doc, template, false) as typeof doc.contents;
  return doc.toString({ lineWidth: 0, indentSeq: true, singleQuote: true });
}

/** Serializes a template as JSON (2-space indent, trailing newline). */
export function toJson(template: unknown): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

function toNode(doc: YAML.Document, v: unknown, insideProperties: boolean): unknown {
  if (Array.isArray(v)) {
    const seq = new YAML.YAMLSeq();
    for (const x of v) seq.items.push(toNode(doc, x, insideProperties));
    return seq;
  }
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    const only = keys.length === 1 ? keys[0]! : undefined;
    const tag = only !== undefined ? SHORT_FORMS[only] : undefined;
    // `Condition` is a short form only as an intrinsic, not as a resource attribute.
    if (tag && !(only === 'Condition' && !insideProperties)) {
      const arg = (v as Record<string, unknown>)[only!];
      const getAttString = only === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((x) => typeof x === 'string');
      const node = toNode(doc, getAttString ? (arg as string[]).join('.') : arg, true) as YAML.Node;
      node.tag = tag;
      return node;
    }
    const map = new YAML.YAMLMap();
    for (const k of keys) {
      map.items.push(new YAML.Pair(toNode(doc, k, false), toNode(doc, (v as Record<string, unknown>)[k], insideProperties || k === 'Properties')));
    }
    return map;
  }
  const node = doc.createNode(v);
  // Plain scalars YAML 1.1 gives a meaning to (the "value" and merge-key types, null) must be quoted.
  if (typeof v === 'string' && YAML11_SPECIAL.has(v)) (node as YAML.Scalar).type = YAML.Scalar.QUOTE_SINGLE;
  // The yaml library always writes `<<` plain (a merge key in YAML 1.1); an explicit string tag keeps it a string.
  if (v === '<<') (node as YAML.Scalar).tag = 'tag:yaml.org,2002:str';
  return node;
}

const YAML11_SPECIAL = new Set(['=', '~', '']);

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
  return YAML.parse(text, { customTags: CFN_YAML_TAGS, version: '1.1' }) as Template;
}
