import type { StackModel } from '../model/types.js';
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
  const acks = stack.origin?.acknowledged ?? [];
  return acks.length ? { [ACKNOWLEDGE_KEY]: acknowledgeMetadata(acks) } : undefined;
}

export function assemble(parts: Template): Template {
  const t: Partial<Template> = { AWSTemplateFormatVersion: '2010-09-09' };
  if (parts.Transform) t.Transform = parts.Transform;
  if (parts.Description) t.Description = parts.Description;
  if (parts.Metadata && Object.keys(parts.Metadata).length) t.Metadata = parts.Metadata;
  if (parts.Parameters) t.Parameters = parts.Parameters;
  if (parts.Globals) t.Globals = parts.Globals;
  t.Resources = parts.Resources;
  if (parts.Outputs) t.Outputs = parts.Outputs;
  return t as Template;
}
