/**
 * Reads a CloudFormation or SAM template (YAML or JSON) into plain JSON data, every intrinsic
 * function in its long form, with the line and column of every value: the importer's first step.
 *
 * The text is parsed by `read-yaml-fast.ts` (js-yaml, for the common case) or `read-yaml.ts` (YAML
 * 1.1 as CloudFormation reads it; everything, with the error messages), or JSON by
 * `read-json-index.ts` (JSON.parse's data, and where each value is, looked up when asked; the strict check of `read-json.ts` gives the message of a text that is not JSON), and checked by `read-check.ts` (a template with typed resources, and
 * references that resolve). Every problem is a `LambdaformError` with the path
 * `file:line:column` and the code `invalid-template`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaformError } from '../core/errors.js';
import type { SourceLocation } from '../model/types.js';
import { checkReferences, checkStructure } from './read-check.js';
import { descend, templateError, TEMPLATE_ERROR_CODE, type LocNode, type Pos } from './read-common.js';
import { jsonSyntaxError } from './read-json.js';
import { loadJsonIndexed } from './read-json-index.js';
import type { LoadedYaml } from './read-yaml.js';
import { loadYamlFast } from './read-yaml-fast.js';
import { loadYaml } from './read-yaml.js';

/** Keys and list indexes from the template root, e.g. `['Resources', 'Fn', 'Properties', 'Timeout']`. */
export type TemplatePath = readonly (string | number)[];

/** A template read from a file: its data and where each value is written. */
export interface TemplateDocument {
  /** The file path as given (for messages). */
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /**
   * The template as plain JSON data, every intrinsic function in its long form: `!Ref X` is
   * `{ Ref: 'X' }`, `!GetAtt A.B` (and `'Fn::GetAtt': 'A.B'`) is `{ 'Fn::GetAtt': ['A', 'B'] }`
   * (split at the first dot), `!Condition X` is `{ Condition: 'X' }`, any other `!Name` is
   * `{ 'Fn::Name': ... }`. Language-extension keys (`Fn::ForEach::Topics`) stay as they are.
   */
  readonly template: Record<string, unknown>;
  /**
   * Where the value at `path` is written; for a map entry, the line and column of its key (of the
   * `!Tag` for the long-form key a short form stands for). Undefined for a path that does not exist.
   */
  locate(path: TemplatePath): SourceLocation | undefined;
  /** The size of the template text in UTF-8 bytes, as CloudFormation counts it. */
  readonly bytes?: number;
}

/**
 * Parses the text of a template and checks it is one. Text starting with `{` is JSON, checked
 * strictly (a trailing comma is an error), except in a `.yaml`/`.yml` file where text that is not
 * JSON is read as a YAML flow mapping; anything else is YAML. The template must be
 * a map with a non-empty `Resources` of resources with a string `Type`, no duplicate keys, only
 * CloudFormation's tags, and references (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables, conditions)
 * that name something the template declares (not checked when a transform other than SAM's may
 * add declarations). Pure: `file` is only used for its extension, in messages and in locations.
 *
 * @throws LambdaformError (`invalid-template`, path `file:line:column`) for the first syntax or
 * structure problem, or for all the unresolved references at once.
 */
export function parseTemplate(text: string, file: string): TemplateDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let format: 'yaml' | 'json' = 'yaml';
  let loaded: LoadedYaml | undefined;
  if (/^\s*\{/.test(source)) {
    // JSON.parse (natively) and the strict check's nesting limit decide what is JSON; the strict check words why a text is not.
    loaded = loadJsonIndexed(source, file);
    if (loaded) format = 'json';
    else {
      const error = jsonSyntaxError(source) ?? { offset: 0, message: 'not JSON' };
      // in a .yaml file, text that starts with `{` but is not JSON is a YAML flow mapping (`{Resources: ...}`)
      if (!/\.ya?ml$/i.test(file)) throw templateError(file, offsetPos(source, error.offset), `invalid JSON: ${error.message}`);
    }
  }
  // YAML: the fast reader when it can take the text, else (and for every error message) the full one.
  const { data, root } = loaded ?? loadYamlFast(source) ?? loadYaml(source, file, format);
  checkStructure(data, root, file);
  checkReferences(data, root, file);
  return new Document(file, format, data, root, Buffer.byteLength(source, 'utf8'));
}

/**
 * Reads and parses the template file `file` (see `parseTemplate`).
 *
 * @throws LambdaformError (`invalid-template`) when the file cannot be read or is not a valid template.
 */
export function readTemplateFile(file: string, cwd?: string): TemplateDocument {
  let text: string;
  try {
    // (named relative to `cwd` when given; the document keeps the name as given)
    text = fs.readFileSync(cwd === undefined ? file : path.resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new LambdaformError(file, `cannot read the template: ${why}`, TEMPLATE_ERROR_CODE);
  }
  return parseTemplate(text, file);
}

class Document implements TemplateDocument {
  constructor(
    public readonly file: string,
    public readonly format: 'yaml' | 'json',
    public readonly template: Record<string, unknown>,
    private readonly root: LocNode,
    public readonly bytes: number,
  ) {}

  public locate(path: TemplatePath): SourceLocation | undefined {
    const node = descend(this.root, path);
    return node ? { file: this.file, line: node.at.line, column: node.at.column } : undefined;
  }
}

/** The 1-based line and column of `offset` in `text`. */
function offsetPos(text: string, offset: number): Pos {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
