import type { FunctionNode, ModelNode, StackModel } from '../../model/types.js';
import { corsConfiguration, defaultRouteSettings } from '../cfn/api.js';
import { dependsOn, renderEventInvokeConfigs } from '../cfn/function.js';
import { renderQueuePolicies } from '../cfn/push.js';
import { renderEdge, renderNode } from '../cfn/resources.js';
import { assertResourceCount, renderCloudFormation, writtenFor } from '../cfn/index.js';
import { assemble, importedSections, templateConditions, templateMetadata, templateParameters, renderOutputs } from '../outputs.js';
import { RenderContext } from '../render-context.js';
import { clean, ResourceSet, sortKeys } from '../resource-set.js';
import type { Template } from '../template.js';
import { samEvents, type SamEvent } from './events.js';
import { serverlessFunction, serverlessLayer, type CodeUriResolver } from './function.js';
import { hoistGlobals } from './globals.js';

/** Options of the SAM backend. */
export interface SamOptions {
  /** `CodeUri` of an asset: its directory relative to where the template is written. @default the asset's path (relative to the app's working directory) */
  readonly codeUri?: CodeUriResolver;
  /**
   * Whether the resources of nodes both backends write alike are taken from the CloudFormation
   * template (false: written again; the tests compare both). @default true
   */
  readonly reuseCloudFormation?: boolean;
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * Kinds of node whose resources do not depend on what SAM writes itself (`renderNode` reads
 * neither `PlainOptions` nor the resource set for them): the SAM template takes them from the
 * CloudFormation template of the same stack, rendered anyway for the dependency check. Buckets
 * (notifications SAM writes as events) and aliases (a deployment's CodeDeploy application SAM
 * makes) are written again; test/synth/sam-reuse.test.ts checks both ways give the same template.
 */
const SAME_IN_BOTH: ReadonlySet<ModelNode['kind']> = new Set<ModelNode['kind']>(['queue', 'stream', 'table', 'role', 'topic', 'raw', 'version', 'schedule', 'api']);


/**
 * The AWS SAM template of one stack: functions as `AWS::Serverless::Function` with `Events`,
 * layers and HTTP APIs as SAM resources, shared function settings in `Globals`, gradual
 * deployments as `AutoPublishAlias` + `DeploymentPreference`. Anything SAM cannot express stays
 * plain CloudFormation, rendered by the CloudFormation backend. A pure function of the model.
 */
export function toSam(stack: StackModel, options: SamOptions = {}): Template {
  // The same application as the CloudFormation output: a dependency cycle there is one here too.
  // (Rendered once per stack and kept: the resources both write alike are taken from it below.)
  const cfn = renderCloudFormation(stack);
  assertResourceCount(stack, cfn);
  const codeUri = options.codeUri ?? ((a) => a.path);
  const reuse = options.reuseCloudFormation ?? true;
  const ctx = new RenderContext(stack);
  const out = new ResourceSet(ctx);
  const events = samEvents(stack, ctx);
  // Each function's events, in the order samEvents gives them.
  const byFunction = new Map<string, SamEvent[]>();
  for (const e of events.values()) {
    const list = byFunction.get(e.fn.id);
    if (list) list.push(e);
    else byFunction.set(e.fn.id, [e]);
  }
  const eventsOf = (fn: FunctionNode): SamEvent[] => byFunction.get(fn.id) ?? [];

  // Nodes SAM generates itself: the primary alias and version of each function, and rules that are Schedule/EventBridgeRule events.
  const samGenerated = new Set<string>();
  let samDeployments = false;
  for (const fn of ctx.graph.nodes('function')) {
    if (fn.imported) continue;
    const p = ctx.graph.primaryAlias(fn);
    if (!p) continue;
    samGenerated.add(p.alias.id).add(p.version.id);
    if (p.alias.props.deployment) samDeployments = true;
  }
  for (const e of ctx.graph.edges('ruleTarget')) if (events.has(e.id)) samGenerated.add(e.from);

  // Functions first, so Globals can be hoisted before they are added.
  const functions = ctx.graph.nodes('function').filter((fn) => fn.imported === undefined);
  const functionProps = functions.map((fn) => clean(serverlessFunction(fn, ctx, codeUri, eventsOf(fn))) as Record<string, unknown>);
  const globals = hoistGlobals(functionProps);
  const propsOf = new Map(functions.map((fn, i) => [fn.id, functionProps[i]!]));
  // An API is a SAM HttpApi when it has routes and all of them are events (samEvents keeps all or none).
  const isHttpApi = (apiId: string): boolean => ctx.graph.edgesFrom(apiId, 'apiRoute').some((e) => events.has(e.id));

  const plain = { handledEdges: new Set(events.keys()), codeDeployShared: !samDeployments };
  for (const n of stack.nodes) {
    if (samGenerated.has(n.id) || n.partOf !== undefined || n.imported !== undefined) continue;
    if (n.kind === 'function') {
      out.add(n.logicalId, n.origin.path, { Type: 'AWS::Serverless::Function', Properties: propsOf.get(n.id)!, DependsOn: dependsOn(n.dependsOn, ctx) }, n.overrides);
      if (!ctx.graph.primaryAlias(n)) renderEventInvokeConfigs(n, ctx, out, true);
    } else if (n.kind === 'layer') {
      out.add(n.logicalId, n.origin.path, { Type: 'AWS::Serverless::LayerVersion', Properties: serverlessLayer(n, ctx, codeUri), DependsOn: dependsOn(n.dependsOn, ctx) }, n.overrides);
    } else if (n.kind === 'api' && isHttpApi(n.id)) {
      out.add(n.logicalId, n.origin.path, {
        Type: 'AWS::Serverless::HttpApi',
        Properties: {
          Name: n.props.apiName,
          Description: n.props.description,
          StageName: n.props.stageName === '$default' ? undefined : n.props.stageName,
          CorsConfiguration: corsConfiguration(n),
          DefaultRouteSettings: defaultRouteSettings(n),
          Tags: ctx.tagMap(n.tags),
        },
        DependsOn: dependsOn(n.dependsOn, ctx),
      }, n.overrides);
    } else {
      // A node both backends write alike: the resources the CloudFormation template holds already.
      const written = reuse && SAME_IN_BOTH.has(n.kind) ? writtenFor(cfn, n.id) : undefined;
      if (written) out.adopt(written);
      else renderNode(n, ctx, out, plain);
    }
  }
  for (const e of stack.edges) if (!events.has(e.id) && e.partOf === undefined) renderEdge(e, ctx, out);
  renderQueuePolicies(ctx, out);
  return assemble({
    Transform: SAM_TRANSFORM,
    ...importedSections(stack, 'sam'),
    Description: stack.description,
    Metadata: templateMetadata(stack),
    // SAM templates name code by its directory (CodeUri): no asset bucket parameter.
    Parameters: templateParameters(stack, 'sam'),
    Conditions: templateConditions(stack),
    Globals: globals ? { Function: sortKeys(globals) as Record<string, unknown> } : undefined,
    Resources: out.toRecord(),
    Outputs: renderOutputs(stack, ctx),
  });
}
