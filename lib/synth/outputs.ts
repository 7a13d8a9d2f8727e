import { LambdaformError } from '../core/errors.js';
import { LIMITS } from '../model/defaults.js';
import type { ParameterModel, StackModel } from '../model/types.js';
import { ASSET_BUCKET_PARAMETER, type RenderContext } from './render-context.js';
import type { Template, TemplateOutput, TemplateParameter } from './template.js';
import { ACKNOWLEDGE_KEY, acknowledgeMetadata } from './resource-set.js';

/** `Parameters` of a stack template: the asset bucket, when the stack has assets. */
export function assetParameters(stack: StackModel): Record<string, TemplateParameter> | undefined {
  if (stack.assets.length === 0) return undefined;
  return {
    [ASSET_BUCKET_PARAMETER]: {
      Type: 'String',
      Description: 'S3 bucket holding the code assets (upload the zips listed in assets.json under their keys).',
    },
  };
}

/** `Outputs` of a stack template. */
export function renderOutputs(stack: StackModel, ctx: RenderContext): Record<string, TemplateOutput> | undefined {
  if (stack.outputs.length === 0) return undefined;
  const out: Record<string, TemplateOutput> = {};
  for (const o of stack.outputs) {
    out[o.logicalId] = {
      Value: ctx.value(o.value),
      ...(o.description !== undefined ? { Description: o.description } : {}),
      ...(o.exportName !== undefined ? { Export: { Name: ctx.value(o.exportName) } } : {}),
    };
  }
  return out;
}

/** Assembles the top-level sections in their conventional order, leaving out empty ones. */
/** The template's Metadata: the stack's lint acknowledgements, if any. */
export function templateMetadata(stack: StackModel): Record<string, unknown> | undefined {
  const own = stack.imported?.sections.Metadata as Record<string, unknown> | undefined;
  const acks = stack.origin?.acknowledged ?? [];
  // An imported template's Metadata carries its acknowledgements already.
  if (own) return own;
  return acks.length ? { [ACKNOWLEDGE_KEY]: acknowledgeMetadata(acks) } : undefined;
}

export function assemble(parts: Template): Template {
  const t: Partial<Template> = { AWSTemplateFormatVersion: parts.AWSTemplateFormatVersion ?? '2010-09-09' };
  if (parts.Transform && (!Array.isArray(parts.Transform) || parts.Transform.length)) t.Transform = parts.Transform;
  if (parts.Description) t.Description = parts.Description;
  if (parts.Metadata && Object.keys(parts.Metadata).length) t.Metadata = parts.Metadata;
  if (parts.Parameters && Object.keys(parts.Parameters).length) t.Parameters = parts.Parameters;
  if (parts.Mappings) t.Mappings = parts.Mappings;
  if (parts.Conditions) t.Conditions = parts.Conditions;
  if (parts.Rules) t.Rules = parts.Rules;
  if (parts.Globals) t.Globals = parts.Globals;
  t.Resources = parts.Resources;
  if (parts.Outputs) t.Outputs = parts.Outputs;
  if (parts.Hooks) t.Hooks = parts.Hooks;
  return t as Template;
}

/**
 * The sections of an imported template the model does not hold, for a template of `format`: the
 * template's own Parameters (with the asset bucket's), Mappings, Conditions, Rules, Hooks and
 * Metadata, and its transforms (the SAM transform only in a SAM template). Empty for a stack
 * built from constructs.
 */
export function importedSections(stack: StackModel, format: 'cfn' | 'sam'): Partial<Template> {
  const s = stack.imported?.sections;
  if (!s) return {};
  const transforms = (Array.isArray(s.Transform) ? s.Transform : s.Transform !== undefined ? [s.Transform] : []).filter((t): t is string => typeof t === 'string' && t !== SAM_TRANSFORM_NAME);
  const transform = format === 'sam' ? [SAM_TRANSFORM_NAME, ...transforms] : transforms;
  const pick = (k: string) => (s[k] !== undefined ? { [k]: s[k] } : {});
  return {
    ...(typeof s.AWSTemplateFormatVersion === 'string' ? { AWSTemplateFormatVersion: s.AWSTemplateFormatVersion } : {}),
    ...(transform.length ? { Transform: transform.length === 1 ? transform[0]! : transform } : {}),
    ...pick('Mappings'),
    ...pick('Rules'),
    ...pick('Hooks'),
  } as Partial<Template>;
}

/** The name of the SAM transform. */
const SAM_TRANSFORM_NAME = 'AWS::Serverless-2016-10-31';

/**
 * Parameters of a template: an imported template's own, the stack's `CfnParameter`s, then (in the
 * CloudFormation template, when the stack has code assets) the asset bucket's.
 */
export function templateParameters(stack: StackModel, format: 'cfn' | 'sam' = 'cfn'): Record<string, TemplateParameter> | undefined {
  const imported = stack.imported?.sections.Parameters as Record<string, TemplateParameter> | undefined;
  const own = stack.parameters ? Object.fromEntries(Object.entries(stack.parameters).map(([id, p]) => [id, renderParameter(p)])) : undefined;
  const assets = format === 'cfn' ? assetParameters(stack) : undefined;
  for (const id of Object.keys(assets ?? {})) {
    const p = stack.parameters?.[id];
    if (p) throw new LambdaformError(p.origin.path, `the parameter's logical id '${id}' is the one lambdaform gives the parameter of the code assets' bucket; give the parameter another id`, 'duplicate-logical-id');
  }
  const all = imported || own || assets ? { ...(imported ?? {}), ...(own ?? {}), ...(assets ?? {}) } : undefined;
  const max = LIMITS.stack.parameters.max;
  if (all && Object.keys(all).length > max) {
    throw new LambdaformError(stack.path, `the template would have ${Object.keys(all).length} parameters, and CloudFormation refuses more than ${max} in one template`, 'too-many-parameters');
  }
  return all;
}

/** A `CfnParameter` as the Parameters section writes it (aws-cdk-lib's key order). */
function renderParameter(p: ParameterModel): TemplateParameter {
  const out: Record<string, unknown> = {
    Type: p.type,
    Default: p.default,
    AllowedPattern: p.allowedPattern,
    AllowedValues: p.allowedValues,
    ConstraintDescription: p.constraintDescription,
    Description: p.description,
    MaxLength: p.maxLength,
    MaxValue: p.maxValue,
    MinLength: p.minLength,
    MinValue: p.minValue,
    NoEcho: p.noEcho,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as TemplateParameter;
}

/** Conditions of a template: an imported template's own, then the stack's `CfnCondition`s. */
export function templateConditions(stack: StackModel): Record<string, unknown> | undefined {
  const imported = stack.imported?.sections.Conditions as Record<string, unknown> | undefined;
  const own = stack.conditions ? Object.fromEntries(Object.entries(stack.conditions).map(([id, c]) => [id, c.expression])) : undefined;
  return imported || own ? { ...(imported ?? {}), ...(own ?? {}) } : undefined;
}
