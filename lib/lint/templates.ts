/**
 * The templates `synth` would write for a stack, rendered at most once per lint run and shared
 * by the rules about the template itself (its resource count, its size). Rendering can fail for
 * a model no template can express (a dependency cycle): then the rules have nothing to measure,
 * and the failure is the synthesizer's to report.
 */
import { LambdaformError } from '../core/errors.js';
import type { StackModel } from '../model/types.js';
import { forgetRendered, isRendered, renderCloudFormation } from '../synth/cfn/index.js';
import { toSam } from '../synth/sam/index.js';
import { toJson, toYaml, type Template } from '../synth/template.js';

/** The output formats of `synth`. */
export type TemplateFormat = 'sam' | 'cfn';

const RENDERED = new WeakMap<StackModel, Map<string, Template | string | undefined>>();

/** What this run rendered (or was handed) for a stack, by key: `sam`, and a body's `format:form`. */
function cacheOf(stack: StackModel): Map<string, Template | string | undefined> {
  let cache = RENDERED.get(stack);
  if (!cache) RENDERED.set(stack, (cache = new Map()));
  return cache;
}

function memo<T extends Template | string | undefined>(stack: StackModel, key: string, make: () => T): T {
  const cache = cacheOf(stack);
  if (!cache.has(key)) {
    try {
      cache.set(key, make());
    } catch (e) {
      if (!(e instanceof LambdaformError)) throw e;
      cache.set(key, undefined);
    }
  }
  return cache.get(key) as T;
}

/**
 * Hands the linter the template `synth` rendered and writes for a stack (its format and form, and
 * its text), so that the rules measure that template instead of rendering one of their own (the
 * SAM template's `CodeUri`s, relative to the out directory, are part of its size).
 */
export function provideTemplate(stack: StackModel, format: TemplateFormat, json: boolean, template: Template, body: string): void {
  const cache = cacheOf(stack);
  if (format === 'sam') cache.set('sam', template);
  cache.set(bodyKey(format, json), body);
}

/** The template body of a stack when it is known already (provided by `synth`, or written once by a rule), without writing it. */
export function knownBodyOf(stack: StackModel, format: TemplateFormat, json: boolean): string | undefined {
  return RENDERED.get(stack)?.get(bodyKey(format, json)) as string | undefined;
}

function bodyKey(format: TemplateFormat, json: boolean): string {
  return `${format}:${json ? 'json' : 'yaml'}`;
}

/** The stack's plain CloudFormation template, whatever its resource count; undefined when it cannot be rendered. */
export function cloudFormationOf(stack: StackModel): Template | undefined {
  // renderCloudFormation keeps each stack's template (or its error) itself.
  try {
    return renderCloudFormation(stack);
  } catch (e) {
    if (!(e instanceof LambdaformError)) throw e;
    return undefined;
  }
}

/** The template `synth` writes in a format (`--format`), as data; undefined when it cannot be rendered. */
export function templateOf(stack: StackModel, format: TemplateFormat): Template | undefined {
  return format === 'cfn' ? cloudFormationOf(stack) : memo(stack, 'sam', () => toSam(stack));
}

/** The template body `synth` writes (`--format`, `--json`), undefined when it cannot be rendered. */
export function templateBodyOf(stack: StackModel, format: TemplateFormat, json: boolean): string | undefined {
  return memo(stack, bodyKey(format, json), () => {
    const template = templateOf(stack, format);
    return template === undefined ? undefined : json ? toJson(template) : toYaml(template);
  });
}

/**
 * What the linter renders for a stack while its rules run (`run`), dropped once they are done:
 * the templates the rules of one stack share are garbage before the next stack's are rendered,
 * instead of being kept (and copied by the garbage collector) for the whole run. What was kept
 * before (`synth`'s templates, handed over or rendered) stays kept.
 */
export function withStackRenders<T>(stack: StackModel, run: () => T): T {
  const keptCfn = isRendered(stack);
  const keptOwn = RENDERED.has(stack);
  try {
    return run();
  } finally {
    if (!keptCfn) forgetRendered(stack);
    if (!keptOwn) RENDERED.delete(stack);
  }
}
