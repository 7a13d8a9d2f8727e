/**
 * What the import does with the parts of a template a transform other than SAM's makes or
 * changes, before any resource is imported:
 *
 * - `Fn::ForEach::<Loop>: [Identifier, [a, b, ...], {OutputKey: OutputValue}]` (the
 *   `AWS::LanguageExtensions` transform) over a literal list is expanded as CloudFormation expands
 *   it: the output entries once per item, with `${Identifier}` and `&{Identifier}` (the item's
 *   letters and digits only) replaced in keys and in every string of the body (`Fn::Sub` and plain
 *   ones), and `Ref: Identifier` replaced by the item; loops nest. What it makes is linted, at the lines of the loop's body.
 * - what cannot be read before deploy is left out of the model, and the user is told with a
 *   warning naming the file and line (`StackModel.warnings`, code `not-linted`): a loop over a
 *   parameter (or any collection that is not a literal list), a loop without the transform, an
 *   `Fn::Transform` (`AWS::Include`, a macro), a macro in `Transform`.
 */
import type { Problem } from '../core/errors.js';
import type { SourceLocation } from '../model/types.js';
import { isRecord, templateError, type Pos } from './read-common.js';
import type { TemplateDocument, TemplatePath } from './read.js';

/** The code of the warnings about parts of a template the import leaves out. */
export const NOT_LINTED = 'not-linted';

const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
/** Transforms the import applies itself: SAM's (`sam/`) and the language extensions (here). */
const APPLIED = new Set(['AWS::Serverless-2016-10-31', LANGUAGE_EXTENSIONS]);
const FOR_EACH = 'Fn::ForEach::';

/** A template with its language extensions expanded, and what the import leaves out. */
export interface ExpandedTemplate {
  readonly doc: TemplateDocument;
  readonly warnings: readonly Problem[];
}

/** Expands the template's `Fn::ForEach` loops where their collection is a literal list, and names what is left out. */
export function expandLanguageExtensions(doc: TemplateDocument): ExpandedTemplate {
  const template = doc.template;
  const transforms = Array.isArray(template.Transform) ? template.Transform : template.Transform === undefined ? [] : [template.Transform];
  const warnings: Problem[] = [];
  const warn = (path: TemplatePath, message: string) => {
    const at = doc.locate(path) ?? doc.locate([]);
    const where = at ? `${at.file}:${at.line}:${at.column}` : doc.file;
    // (once: a part of a loop's body is read once per item)
    if (!warnings.some((w) => w.path === where && w.message === message)) warnings.push({ code: NOT_LINTED, path: where, message, severity: 'warning' });
  };
  for (const t of transforms) {
    if (typeof t === 'string' && !APPLIED.has(t)) warn(['Transform'], `the transform ${t} is not applied: what it adds or changes is not linted`);
  }
  if (!containsSpecialKey(template)) return { doc, warnings };
  const expander = new Expander(doc, transforms.includes(LANGUAGE_EXTENSIONS), warn);
  const expanded = new ExpandedDocument(doc, expander.walk(template, [], [], {}) as Record<string, unknown>, expander.remap);
  // What a loop made is a resource as any other (`checkStructure`).
  for (const [id, r] of Object.entries(isRecord(expanded.template.Resources) ? expanded.template.Resources : {})) {
    if (id.startsWith(FOR_EACH) || id === 'Fn::Transform' || (isRecord(r) && typeof r.Type === 'string')) continue;
    throw templateError(doc.file, posOf(expanded.locate(['Resources', id])), `resource '${id}' made by Fn::ForEach has no string Type (e.g. Type: AWS::SQS::Queue)`);
  }
  return { doc: expanded, warnings };
}

/** Whether a `Fn::ForEach::*` or `Fn::Transform` key is anywhere in a value. */
function containsSpecialKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(containsSpecialKey);
  if (!isRecord(v)) return false;
  for (const [k, x] of Object.entries(v)) if (k.startsWith(FOR_EACH) || k === 'Fn::Transform' || containsSpecialKey(x)) return true;
  return false;
}

type Params = Readonly<Record<string, string>>;

class Expander {
  /** Paths of the expanded template that are written elsewhere (in a loop's body), by their JSON. */
  public readonly remap = new Map<string, TemplatePath>();

  constructor(
    private readonly doc: TemplateDocument,
    private readonly enabled: boolean,
    private readonly warn: (path: TemplatePath, message: string) => void,
  ) {}

  /** `value`, written at `from` and placed at `to`, with the loops in it expanded and `params` substituted. */
  public walk(value: unknown, from: TemplatePath, to: TemplatePath, params: Params): unknown {
    if (Array.isArray(value)) return value.map((x, i) => this.walk(x, [...from, i], [...to, i], params));
    // Every `${Identifier}` and `&{Identifier}` of the body is replaced (AWS: "all instances ... in
    // the OutputKey and OutputValue"), in plain strings too (`QueueName: jobs-${Name}`, `!GetAtt Q${Name}.Arn`).
    if (typeof value === 'string') return substitute(value, params);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && Object.keys(params).length) {
      const [k] = keys as [string];
      const v = value[k];
      if (k === 'Ref' && typeof v === 'string' && Object.hasOwn(params, v)) return params[v];
      if (k === 'Fn::Sub' && (typeof v === 'string' || (Array.isArray(v) && typeof v[0] === 'string'))) {
        const text = substitute(typeof v === 'string' ? v : (v[0] as string), params);
        if (typeof v === 'string') return /\$\{/.test(text) ? { 'Fn::Sub': text } : text;
        return { 'Fn::Sub': [text, ...v.slice(1).map((x, i) => this.walk(x, [...from, k, i + 1], [...to, k, i + 1], params))] };
      }
    }
    const out: Record<string, unknown> = {};
    const put = (key: string, v: unknown, at: TemplatePath) => {
      if (Object.hasOwn(out, key)) throw this.error(at, `Fn::ForEach makes '${key}' a second time in the same map (CloudFormation refuses the template)`);
      out[key] = v;
    };
    for (const [k, v] of Object.entries(value)) {
      const at = [...from, k];
      if (k === 'Fn::Transform') {
        const t = isRecord(v) ? v : {};
        const location = isRecord(t.Parameters) && typeof t.Parameters.Location === 'string' ? ` from ${t.Parameters.Location}` : '';
        this.warn(at, `Fn::Transform (${typeof t.Name === 'string' ? t.Name : 'a macro'}${location}) is not expanded: ${from.length === 1 && from[0] === 'Resources' ? 'the resources it adds are' : 'what it makes is'} not linted`);
      }
      if (k.startsWith(FOR_EACH)) {
        const items = this.loop(k, v, at);
        if (items) {
          const [id, list, body] = items;
          for (const item of list) {
            const made = this.walk(body, [...at, 2], to, { ...params, [id]: item }) as Record<string, unknown>;
            for (const [mk, mv] of Object.entries(made)) put(mk, mv, at);
          }
        } else put(k, v, at); // kept as written
        continue;
      }
      const key = Object.keys(params).length ? substitute(k, params) : k;
      const dest = [...to, key];
      if (key !== k || from.length !== to.length || from.some((x, i) => x !== to[i])) this.remap.set(JSON.stringify(dest), at);
      put(key, this.walk(v, at, dest, params), at);
    }
    return out;
  }

  /** A loop's identifier, items and body, when it can be expanded; otherwise it is named in a warning (and kept as written). */
  private loop(key: string, v: unknown, at: TemplatePath): [string, string[], Record<string, unknown>] | undefined {
    const skip = (why: string) => void this.warn(at, `${key} is not expanded (${why}): what it makes is not linted`);
    if (!this.enabled) return skip('the template does not declare the AWS::LanguageExtensions transform, without which CloudFormation refuses it');
    if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || !isRecord(v[2])) return skip('it is not [Identifier, Collection, {OutputKey: OutputValue}]');
    const list = v[1];
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
      return skip(`its collection ${JSON.stringify(list)} is not a literal list: its items are known only at deploy`);
    }
    return [v[0], list.map(String), v[2]];
  }

  private error(at: TemplatePath, message: string) {
    return templateError(this.doc.file, posOf(this.doc.locate(at)), message);
  }
}

function posOf(at: SourceLocation | undefined): Pos {
  return { line: at?.line ?? 1, column: at?.column ?? 1 };
}

/** `${Identifier}` by the item, `&{Identifier}` by its letters and digits. */
function substitute(s: string, params: Params): string {
  if (!/[$&]\{/.test(s)) return s;
  return s.replace(/([$&])\{([A-Za-z0-9.:]+)\}/g, (m, sigil: string, name: string) => {
    if (!Object.hasOwn(params, name)) return m;
    return sigil === '$' ? params[name]! : params[name]!.replace(/[^0-9A-Za-z]+/g, '');
  });
}

/** The document of the expanded template: what a loop made is located at the loop's body. */
class ExpandedDocument implements TemplateDocument {
  public readonly file: string;
  public readonly format: 'yaml' | 'json';
  public readonly bytes?: number;

  constructor(
    private readonly original: TemplateDocument,
    public readonly template: Record<string, unknown>,
    private readonly remap: ReadonlyMap<string, TemplatePath>,
  ) {
    this.file = original.file;
    this.format = original.format;
    if (original.bytes !== undefined) this.bytes = original.bytes;
  }

  public locate(path: TemplatePath): SourceLocation | undefined {
    for (let n = path.length; n > 0; n--) {
      const from = this.remap.get(JSON.stringify(path.slice(0, n)));
      if (from) return this.original.locate([...from, ...path.slice(n)]);
    }
    return this.original.locate(path);
  }
}
