/**
 * Template import: a SAM or CloudFormation template (read with the line of everything) into the
 * AppModel, so the same rules lint it and the same backends write it again.
 *
 * Resources the model knows become nodes and edges; permissions and policies a backend writes for
 * an edge are taken in by that edge; anything else is kept as a raw node, as written.
 */
import * as path from 'node:path';
import { LambdaformError, type Problem } from '../core/errors.js';
import { MODEL_VERSION, type AppModel, type ModelEdge, type ModelNode, type ModelValue, type OutputModel, type StackModel } from '../model/types.js';
import { ImportContext, type ImportOptions } from './context.js';
import { importApiV2 } from './cfn/api.js';
import { claimBucketHelpers, importBucketHelpers } from './cfn/bucket-helpers.js';
import { claimCdkProviders } from './cfn/cdk-providers.js';
import { claimDeploymentResources, importDeployments } from './cfn/deployment.js';
import { importDeadLetter, importEventInvokeConfig, importInlineSubscriptions, importGrants, importMapping, importNotifications, importPermission, importRuleTargets, importSubscription } from './cfn/edges.js';
import { CFN_NODE_TYPES, declareNodeTarget, dependsOnOf, importNode } from './cfn/nodes.js';
import { importQueuePolicy, importTopicPolicy } from './cfn/queue-policy.js';
import { importSslPolicy } from './cfn/ssl-policy.js';
import { importRestRoutes } from './cfn/rest-api.js';
import { expandLanguageExtensions } from './language-extensions.js';
import { acknowledgementsOf } from './metadata.js';
import { readTemplateFile, type TemplateDocument } from './read.js';
import { importSamResources, type SamUnmodelled } from './sam/index.js';

export type { ImportOptions } from './context.js';
export { parseTemplate, readTemplateFile, type TemplateDocument } from './read.js';

/** Resource types that become edges (or are taken in by one) when what they connect is in the template. */
const EDGE_TYPES: ReadonlySet<string> = new Set([
  'AWS::Lambda::EventSourceMapping',
  'AWS::SNS::Subscription',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::S3::BucketPolicy',
  'AWS::IAM::Policy',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
]);

/** Sections of a template the model does not hold, written back as they were. */
const KEPT_SECTIONS = ['AWSTemplateFormatVersion', 'Transform', 'Parameters', 'Mappings', 'Conditions', 'Rules', 'Metadata', 'Hooks'];

/** Imports one template document as one stack. */
export function importTemplate(written: TemplateDocument, options: ImportOptions = {}): StackModel {
  // Language extensions' loops expanded; what no transform of the import applies named in warnings.
  const { doc, warnings } = expandLanguageExtensions(written);
  const ctx = new ImportContext(doc, options);
  const ids = Object.keys(ctx.resources).filter((id) => ctx.exists(id));

  // SAM resources first: they expand to nodes and edges of their own.
  const { unmodelled, resourceDelta } = ctx.isSam ? importSamResources(ctx, ids) : { unmodelled: [], resourceDelta: 0 };

  // CodeDeploy resources of gradual deployments: the aliases' deployments write them again.
  claimDeploymentResources(ctx, ids);
  // Custom::S3BucketNotifications and Custom::S3AutoDeleteObjects with their functions: the buckets write them again.
  const bucketHelpers = claimBucketHelpers(ctx, ids);
  // Functions aws-cdk-lib writes for its own custom resources (the LogRetention handler): raw nodes, as written.
  claimCdkProviders(ctx, ids);

  // Nodes, their reference targets declared before any value is resolved: resources of a modelled
  // type, and raw nodes for the rest but those that may become edges (declared if they do not).
  for (const id of ids) {
    if (ctx.handled.has(id) || ctx.targetOf(id)) continue;
    if (ctx.asWritten.has(id)) {
      ctx.declareTarget(id, { nodeId: ctx.idOf(id), kind: 'raw' });
      continue;
    }
    const type = ctx.resources[id]!.Type;
    const kind = CFN_NODE_TYPES[type];
    if (kind) declareNodeTarget(ctx, id, kind);
    else if (!EDGE_TYPES.has(type)) ctx.declareTarget(id, { nodeId: ctx.idOf(id), kind: 'raw' });
  }
  for (const id of ids) {
    if (ctx.handled.has(id) || ctx.targetOf(id)?.kind === 'raw') continue;
    const kind = CFN_NODE_TYPES[ctx.resources[id]!.Type];
    if (!kind) continue;
    ctx.nodes.push(importNode(ctx, id, ctx.resources[id]!, kind));
    ctx.handled.add(id);
  }
  importDeployments(ctx);
  // Anything else a value may refer to is a raw node (declared now, built last).
  for (const id of ids) if (!ctx.handled.has(id) && !ctx.targetOf(id)) ctx.declareTarget(id, { nodeId: ctx.idOf(id), kind: 'raw' });

  // Edges: those with resources of their own, then those inside nodes' properties.
  const byType = (type: string) => ids.filter((id) => !ctx.handled.has(id) && !ctx.asWritten.has(id) && ctx.resources[id]!.Type === type);
  for (const id of byType('AWS::Lambda::EventSourceMapping')) if (importMapping(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const id of byType('AWS::SNS::Subscription')) if (importSubscription(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const id of ids) {
    const r = ctx.resources[id]!;
    if (r.Type === 'AWS::S3::Bucket' && ctx.targetOf(id)?.kind === 'bucket') {
      importNotifications(ctx, id, r);
      importBucketHelpers(ctx, bucketHelpers, id);
    }
    if (r.Type === 'AWS::SNS::Topic' && ctx.targetOf(id)?.kind === 'topic') importInlineSubscriptions(ctx, id, r);
    if (r.Type === 'AWS::Events::Rule' && ctx.targetOf(id)?.kind === 'schedule') importRuleTargets(ctx, id, r);
    if (r.Type === 'AWS::Lambda::Function' && ctx.targetOf(id)?.kind === 'function') importDeadLetter(ctx, id, r);
    if (r.Type === 'AWS::IAM::Role' && ctx.targetOf(id)?.kind === 'role') {
      const policies = (ctx.value(r.Properties?.Policies) ?? []) as Array<{ PolicyDocument?: ModelValue }>;
      importGrants(ctx, ctx.idOf(id), (Array.isArray(policies) ? policies : []).map((p) => p?.PolicyDocument), id);
    }
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const id of byType(type)) {
      const p = ctx.resources[id]!.Properties ?? {};
      const roles = (Array.isArray(p.Roles) ? p.Roles : []).map((x) => ctx.nodeIdIn(x)).filter((x): x is string => x !== undefined);
      if (roles.length === 0 || !Array.isArray(p.Roles) || roles.length !== p.Roles.length || type === 'AWS::IAM::ManagedPolicy') {
        // A policy on roles elsewhere, or a managed policy (a resource of its own): kept as written, its grants still known.
        for (const role of roles) importGrants(ctx, role, [ctx.value(p.PolicyDocument)], id);
        continue;
      }
      for (const role of roles) importGrants(ctx, role, [ctx.value(p.PolicyDocument)], id);
      ctx.handled.add(id);
    }
  }
  importApiV2(ctx, ids);
  importRestRoutes(ctx, ids);
  for (const id of byType('AWS::Lambda::EventInvokeConfig')) if (importEventInvokeConfig(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const id of byType('AWS::Lambda::Permission')) if (importPermission(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const id of byType('AWS::SQS::QueuePolicy')) if (importQueuePolicy(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const id of byType('AWS::SNS::TopicPolicy')) if (importTopicPolicy(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);
  for (const type of ['AWS::SNS::TopicPolicy', 'AWS::S3::BucketPolicy']) for (const id of byType(type)) if (importSslPolicy(ctx, id, ctx.resources[id]!)) ctx.handled.add(id);

  // The rest, as written.
  for (const id of ids) {
    if (ctx.handled.has(id)) continue;
    const r = ctx.resources[id]!;
    const properties = (ctx.value(r.Properties ?? {}, ['Resources', id, 'Properties']) ?? {}) as Record<string, ModelValue>;
    ctx.nodes.push({ id: ctx.idOf(id), kind: 'raw', logicalId: id, origin: ctx.origin(id), tags: {}, overrides: [], dependsOn: dependsOnOf(ctx, r), props: { type: r.Type, properties } });
    ctx.handled.add(id);
  }
  return stackOf(ctx, unmodelled, resourceDelta, warnings);
}

function stackOf(ctx: ImportContext, unmodelled: readonly SamUnmodelled[], samResourceDelta: number, warnings: readonly Problem[]): StackModel {
  const t = ctx.doc.template;
  const name = stackName(ctx.doc.file);
  const templateAcks = acknowledgementsOf(t.Metadata);
  // An acknowledgement in the template's Metadata covers every resource of it, as one on a stack does.
  const withAcks = <T extends ModelNode | ModelEdge>(x: T): T =>
    templateAcks.length ? ({ ...x, origin: { ...x.origin, acknowledged: [...(x.origin.acknowledged ?? []), ...templateAcks] } } as T) : x;
  const outputs: OutputModel[] = Object.entries((t.Outputs ?? {}) as Record<string, { Value?: unknown; Description?: unknown; Export?: { Name?: unknown } }>).map(([logicalId, o]) => {
    const source = ctx.locate(['Outputs', logicalId]);
    return {
      logicalId,
      value: ctx.value(o?.Value, ['Outputs', logicalId, 'Value']) ?? '',
      ...(typeof o?.Description === 'string' ? { description: o.Description } : {}),
      ...(o?.Export?.Name !== undefined ? { exportName: ctx.value(o.Export.Name)! } : {}),
      origin: { path: `${name}/${logicalId}`, ...(source ? { source } : {}) },
    };
  });
  const sections: Record<string, unknown> = {};
  for (const k of KEPT_SECTIONS) if (t[k] !== undefined) sections[k] = t[k];
  return {
    name,
    path: name,
    origin: { path: name, source: { file: ctx.doc.file, line: 1, column: 1 }, ...(templateAcks.length ? { acknowledged: templateAcks } : {}) },
    ...(typeof t.Description === 'string' ? { description: t.Description } : {}),
    tags: {},
    nodes: ctx.nodes.map(withAcks),
    edges: ctx.edges.map(withAcks),
    outputs,
    assets: ctx.assets,
    ...(warnings.length ? { warnings } : {}),
    imported: {
      file: ctx.doc.file,
      sections,
      parameters: { ...ctx.parameterValues },
      ...(ctx.doc.bytes !== undefined ? { bytes: ctx.doc.bytes } : {}),
      resourceCount: Object.keys(ctx.resources).length,
      ...(samResourceDelta !== 0 ? { samResourceDelta } : {}),
      ...(unmodelled.length ? { unmodelled: unmodelled.map(({ value: _value, ...u }) => u) } : {}),
    },
  };
}

/** A stack name from a template file name: `cdk.out/Api.template.json` and `out/Api.sam.yaml` give `Api`. */
export function stackName(file: string): string {
  const base = path.basename(file).replace(/\.(template\.|sam\.)?(ya?ml|json)$/i, '').replace(/\.template$/i, '');
  const name = base.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return name === '' ? 'Template' : /^[A-Za-z]/.test(name) ? name : `T${name}`;
}

/** Imports template files as one app model, one stack each (stack names made unique). */
export function importTemplateFiles(files: readonly string[], options: ImportOptions = {}): AppModel {
  if (files.length === 0) throw new LambdaformError(undefined, 'no template to lint: name template files, directories or globs', 'no-templates');
  const stacks: StackModel[] = [];
  const used = new Set<string>();
  for (const f of files) {
    let s = importTemplate(readTemplateFile(f, options.cwd), options);
    if (used.has(s.name)) {
      let i = 2;
      while (used.has(`${s.name}-${i}`)) i++;
      s = { ...s, name: `${s.name}-${i}`, path: `${s.name}-${i}` };
    }
    used.add(s.name);
    stacks.push(s);
  }
  return { version: MODEL_VERSION, stacks };
}
