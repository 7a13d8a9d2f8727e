import { LambdaformError } from '../../core/errors.js';
import { LIMITS } from '../../model/defaults.js';
import type { StackModel } from '../../model/types.js';
import { assemble, importedSections, templateConditions, templateMetadata, templateParameters, renderOutputs } from '../outputs.js';
import { assertNoCycle } from '../cycles.js';
import { RenderContext } from '../render-context.js';
import { ResourceSet, type WrittenResource } from '../resource-set.js';
import { resourceCount, type Template } from '../template.js';
import { decideNotificationResources } from './notifications.js';
import { renderQueuePolicies } from './push.js';
import { renderEdge, renderNode } from './resources.js';

/** The plain CloudFormation template of one stack: a pure function of the model. */
export function toCloudFormation(stack: StackModel): Template {
  const template = renderCloudFormation(stack);
  assertResourceCount(stack, template);
  return template;
}

/**
 * The plain CloudFormation template of one stack, even when it has more resources than
 * CloudFormation accepts (the linter counts them; `toCloudFormation` refuses such a template).
 */
export function renderCloudFormation(stack: StackModel): Template {
  // Models are not changed once built: a stack is rendered once, for synth, lint and the SAM
  // backend (its check, and the resources it takes over) alike; they read the template, never change it.
  const known = RENDERED.get(stack);
  if (known) {
    if ('error' in known) throw known.error;
    return known.template;
  }
  try {
    const template = render(stack);
    RENDERED.set(stack, { template });
    return template;
  } catch (error) {
    RENDERED.set(stack, { error });
    throw error;
  }
}

const RENDERED = new WeakMap<StackModel, { readonly template: Template } | { readonly error: unknown }>();

/** Whether the stack's template (or its error) is kept already (see renderCloudFormation). */
export function isRendered(stack: StackModel): boolean {
  return RENDERED.has(stack);
}

/**
 * Forgets the stack's kept template: the next renderCloudFormation renders it again. For a caller
 * that rendered it only for itself (the linter), so that the template is garbage once it is done.
 */
export function forgetRendered(stack: StackModel): void {
  RENDERED.delete(stack);
}

/** The resource set each rendered template was written from (what each node wrote: the SAM backend reuses it). */
const SETS = new WeakMap<Template, ResourceSet>();

/** The resources a node wrote into a CloudFormation template `renderCloudFormation` returned, as written; undefined when it wrote none. */
export function writtenFor(template: Template, nodeId: string): readonly WrittenResource[] | undefined {
  return SETS.get(template)?.writtenFor(nodeId);
}

function render(stack: StackModel): Template {
  // Which buckets' notifications need a custom resource (writing them in the bucket would be a cycle).
  decideNotificationResources(stack, (s) => ({ Resources: renderResources(s, new RenderContext(s)).toRecord() }));
  const ctx = new RenderContext(stack);
  const out = renderResources(stack, ctx);
  const template = assemble({
    ...importedSections(stack, 'cfn'),
    Description: stack.description,
    Metadata: templateMetadata(stack),
    Parameters: templateParameters(stack),
    Conditions: templateConditions(stack),
    Resources: out.toRecord(),
    Outputs: renderOutputs(stack, ctx),
  });
  assertNoCycle(template, out.dependencies());
  SETS.set(template, out);
  return template;
}

/** The resources of the stack. */
function renderResources(stack: StackModel, ctx: RenderContext): ResourceSet {
  const out = new ResourceSet(ctx);
  // (what an imported template writes as part of another resource is written by that one)
  // (a resource outside the stack, `imported`, is written as no resource)
  for (const n of stack.nodes) {
    if (n.partOf !== undefined || n.imported !== undefined) continue;
    out.renderingNode(n.id);
    renderNode(n, ctx, out);
  }
  out.renderingNode(undefined);
  for (const e of stack.edges) if (e.partOf === undefined) renderEdge(e, ctx, out);
  renderQueuePolicies(ctx, out);
  return out;
}

/** CloudFormation refuses a template with more than 500 resources: say so, with the count, instead of writing one. */
export function assertResourceCount(stack: StackModel, template: Template): void {
  const count = resourceCount(template);
  const max = LIMITS.stack.resources.max;
  if (count > max) {
    throw new LambdaformError(stack.path, `the template would have ${count} resources, and CloudFormation refuses more than ${max} in one template; split the stack into several stacks`, 'too-many-resources');
  }
}
