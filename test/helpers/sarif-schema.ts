/**
 * Validates SARIF logs against the SARIF 2.1.0 JSON schema in test/schemas/sarif (draft-04; see
 * test/schemas/README.md for where the file comes from), with ajv-draft-04 in strict mode and
 * the `uri`, `uri-reference` and `date-time` formats checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'sarif', 'sarif-2.1.0-rtm.5.json');

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (validator) return validator;
  const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (o: object) => { compile(s: object): ValidateFunction };
  // unicodeRegExp: false: the schema's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]`, which is an
  // error in `u` mode and a literal `]` without it.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, allowUnionTypes: true, unicodeRegExp: false });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  validator = ajv.compile(JSON.parse(fs.readFileSync(FILE, 'utf8')) as object);
  return validator;
}

/** Errors of a SARIF log (empty when it is valid). */
export function validateSarif(log: unknown): string[] {
  const v = validate();
  if (v(log)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
