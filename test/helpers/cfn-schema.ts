/**
 * Validates synthesized templates against the CloudFormation resource provider schemas in
 * test/schemas/cfn (cfn-lint v1.51.5 copies, see test/schemas/README.md), with ajv.
 *
 * The schemas describe literal values; a property holding an intrinsic function (Ref, Fn::GetAtt,
 * Fn::Sub, ...) cannot be checked literally, so errors at or below an intrinsic are skipped,
 * as cfn-lint does. Everything else (unknown properties, wrong types, out-of-range numbers,
 * enums, missing required properties) is checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'cfn');
const KEYWORDS = [
  'typeName', 'primaryIdentifier', 'additionalIdentifiers', 'readOnlyProperties', 'createOnlyProperties', 'writeOnlyProperties',
  'conditionalCreateOnlyProperties', 'nonPublicProperties', 'nonPublicDefinitions', 'deprecatedProperties', 'tagging', 'handlers',
  'propertyTransform', 'sourceUrl', 'documentationUrl', 'replacementStrategy', 'taggable', 'insertionOrder', 'arrayType', 'resourceLink',
  'requiredXor', 'requiredOr', 'dependentExcluded', 'relationshipRef', 'uniqueKeys', 'maxUniqueItems', 'prefixItems', 'cfnLint',
  'exclusiveRequired', 'dependentRequired', 'enumCaseInsensitive', 'pattern_message', 'anyOfCount',
];

let validators: Map<string, ValidateFunction> | undefined;

function newAjv(unicodeRegExp: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strictTypes: false, allowUnionTypes: true, unicodeRegExp, allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const k of KEYWORDS) if (!ajv.getKeyword(k)) ajv.addKeyword(k);
  return ajv;
}

/**
 * Schemas compile with unicode regular expressions (patterns use `\p{L}`); the few whose Python
 * regexes are invalid in unicode mode (see test/schemas/README.md) fall back to non-unicode mode.
 */
function load(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const unicode = newAjv(true);
  const plain = newAjv(false);
  validators = new Map();
  for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    delete schema.$id;
    for (const ajv of [unicode, plain]) {
      collectFormats(schema).forEach((f) => {
        if (!ajv.formats[f]) ajv.addFormat(f, true);
      });
    }
    let validate: ValidateFunction;
    try {
      validate = unicode.compile(schema);
    } catch {
      validate = plain.compile(schema);
    }
    validators.set(schema.typeName as string, validate);
  }
  return validators;
}

function collectFormats(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => collectFormats(x, out));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'format' && typeof x === 'string') out.add(x);
      else collectFormats(x, out);
    }
  }
  return out;
}

const INTRINSICS = new Set(['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Split', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr']);

export function intrinsicPaths(v: unknown, at = '', out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => intrinsicPaths(x, `${at}/${i}`, out));
  else if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (keys.length === 1 && INTRINSICS.has(keys[0]!)) out.push(at);
    else for (const k of keys) intrinsicPaths((v as Record<string, unknown>)[k], `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
  return out;
}

/** Resource types with a schema here. */
export function schemaTypes(): string[] {
  return [...load().keys()];
}

/**
 * Errors of every resource in the template, as `LogicalId (Type): /path message`; empty when valid.
 * A resource type without a schema here is an error too (`skipTypes` lists types checked elsewhere).
 */
export function validateCfnTemplate(template: { Resources: Record<string, { Type: string; Properties?: unknown }> }, skipTypes: readonly string[] = []): string[] {
  const v = load();
  const errors: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (skipTypes.includes(r.Type)) continue;
    const validate = v.get(r.Type);
    if (!validate) {
      errors.push(`${id} (${r.Type}): no schema for this type in test/schemas/cfn`);
      continue;
    }
    const props = r.Properties ?? {};
    if (validate(props)) continue;
    const skip = intrinsicPaths(props);
    for (const e of validate.errors ?? []) {
      if (skip.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`))) continue;
      // anyOf/oneOf/if summaries are reported through their branches' errors
      if (['anyOf', 'oneOf', 'if', 'not'].includes(e.keyword)) continue;
      errors.push(`${id} (${r.Type}): ${e.instancePath || '/'} ${e.message} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
    }
  }
  return errors;
}
