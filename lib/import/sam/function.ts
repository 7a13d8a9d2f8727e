/**
 * `AWS::Serverless::Function` into the nodes lambdaform's `Function` makes, the exact reverse of
 * `lib/synth/sam/function.ts` for what that backend writes: the function node (SAM's defaults:
 * 128 MB, 3 seconds, x86_64), its `AutoPublishAlias` as the version and alias nodes the SAM
 * backend expresses as one (`graph.primaryAlias`), `DeploymentPreference` as the alias's
 * deployment, `EventInvokeConfig` and `DeadLetterQueue` as async settings and destination edges,
 * the role SAM generates when `Role` is absent, and the events (`events.ts`).
 */
import { createHash } from 'node:crypto';
import { stableJson } from '../../core/util.js';
import { LIMITS } from '../../model/defaults.js';
import type { DeploymentModel, FunctionNodeProps, ModelNode, ModelValue } from '../../model/types.js';
import { isRef, sanitize } from '../../model/values.js';
import { isDefaultEventBusArn } from '../cfn/edges.js';
import { dependsOnOf, tagsOf } from '../cfn/nodes.js';
import { PropertyReader } from '../props.js';
import { addGeneratedNode, generatesDestination, obj, same, splitOverrides, type FunctionPlan, type SamImport } from './common.js';
import { importEvents } from './events.js';
import { addDestinationStatements, GeneratedRole, managedPolicyArn } from './policies.js';
import { capId } from '../../core/logical-id.js';
import { vpcOf } from '../cfn/nodes.js';

const D = LIMITS.function;

/** SAM function properties that are `AWS::Lambda::Function` properties of the same name and form: kept as overrides when the model has no prop for them. */
const SAME_IN_CFN = same(
  'Architectures',
  'CapacityProviderConfig',
  'CodeSigningConfigArn',
  'Description',
  'DurableConfig',
  'Environment',
  'EphemeralStorage',
  'FileSystemConfigs',
  'FunctionName',
  'FunctionScalingConfig',
  'Handler',
  'ImageConfig',
  'KmsKeyArn',
  'Layers',
  'LoggingConfig',
  'MemorySize',
  'PackageType',
  'PublishToLatestPublished',
  'RecursiveLoop',
  'ReservedConcurrentExecutions',
  'Role',
  'Runtime',
  'RuntimeManagementConfig',
  'SnapStart',
  'TenancyConfig',
  'Timeout',
  'VpcConfig',
);

/** SAM-only properties the model holds (an unknown value of one cannot be an override: it has no CloudFormation name). */
const MODELLED_SAM_ONLY: ReadonlySet<string> = new Set(['Tracing', 'CodeUri', 'InlineCode', 'EventInvokeConfig']);

/** Function props that are not part of a published version (as `lib/constructs/version.ts` hashes them). */
const UNVERSIONED: ReadonlySet<string> = new Set(['reservedConcurrency', 'retryAttempts', 'maxEventAgeSeconds', 'recursiveLoop']);

/** The DeploymentPreference type prefix SAM and CodeDeploy use, which the model leaves out. */
const DEPLOYMENT_PREFIX = 'CodeDeployDefault.Lambda';

/** Imports one function with everything SAM generates for it. */
export function importFunction(sam: SamImport, plan: FunctionPlan): void {
  const ctx = sam.ctx;
  const fn = plan.logicalId;
  const r = new PropertyReader(ctx, fn, plan.resource);
  const p = plan.props;

  const role = plan.generatedRole ? new GeneratedRole(sam, plan, plan.generatedRole.id, plan.generatedRole.logicalId) : undefined;
  r.consume('Policies', 'AssumeRolePolicyDocument', 'PermissionsBoundary', 'RolePath', 'Events', 'AutoPublishAlias', 'DeploymentPreference', 'ProvisionedConcurrencyConfig');
  r.consume('EventInvokeConfig', 'DeadLetterQueue', 'VersionDescription', 'AutoPublishCodeSha256', 'Tags');
  if (!role) {
    // SAM adds nothing to a role it did not make.
    for (const k of ['Policies', 'PermissionsBoundary', 'RolePath', 'AssumeRolePolicyDocument']) {
      if (p[k] !== undefined) sam.keep(fn, [k], 'property', `${k} applies to the role SAM generates, and SAM ignores it when Role is given`, p[k], plan.id);
    }
  }

  // Configuration.
  const env = obj(r.value('Environment'));
  const vars = obj(env?.Variables) as Record<string, ModelValue> | undefined;
  const vpc = obj(r.value('VpcConfig'));
  const arch = r.value('Architectures');
  const ephemeral = obj(r.value('EphemeralStorage'))?.Size;
  const tracing = r.string('Tracing', 'tracing');
  const loop = r.string('RecursiveLoop', 'recursiveLoop');
  const sha = ctx.literal(p.AutoPublishCodeSha256);
  let description = r.string('Description', 'description');
  // SAM appends AutoPublishCodeSha256 to the description, so that new code publishes a new version.
  if (sha !== undefined) description = description ? `${description} ${sha}` : sha;
  const layers = r.value('Layers');

  // Async invocation (EventInvokeConfig applies to the AutoPublishAlias, else to $LATEST; the model's settings are the function's).
  const eic = obj(p.EventInvokeConfig);
  const retry = eic?.MaximumRetryAttempts !== undefined ? ctx.number(eic.MaximumRetryAttempts) : undefined;
  const age = eic?.MaximumEventAgeInSeconds !== undefined ? ctx.number(eic.MaximumEventAgeInSeconds) : undefined;
  if (eic?.MaximumRetryAttempts !== undefined && retry === undefined) r.markUnknown('retryAttempts', 'EventInvokeConfig.MaximumRetryAttempts', ctx.value(eic.MaximumRetryAttempts));
  if (eic?.MaximumEventAgeInSeconds !== undefined && age === undefined) r.markUnknown('maxEventAgeSeconds', 'EventInvokeConfig.MaximumEventAgeInSeconds', ctx.value(eic.MaximumEventAgeInSeconds));

  const props: FunctionNodeProps = sanitize({
    functionName: r.value('FunctionName'),
    description,
    runtime: r.string('Runtime', 'runtime') ?? '',
    handler: r.string('Handler', 'handler') ?? '',
    code: sam.code(r, 'CodeUri'),
    memorySizeMb: r.number('MemorySize', 'memorySizeMb') ?? D.memorySize.default!,
    timeoutSeconds: r.number('Timeout', 'timeoutSeconds') ?? D.timeout.default!,
    ephemeralStorageMb: ctx.number(ephemeral) ?? D.ephemeralStorage.default!,
    environment: vars ?? {},
    environmentKmsKeyArn: r.value('KmsKeyArn'),
    layers: Array.isArray(layers) ? (layers as ModelValue[]) : [],
    architecture: Array.isArray(arch) && arch[0] === 'arm64' ? 'arm64' : 'x86_64',
    reservedConcurrency: r.number('ReservedConcurrentExecutions', 'reservedConcurrency'),
    tracing: tracing === 'Active' || tracing === 'PassThrough' ? tracing : undefined,
    vpc: vpcOf(r, vpc as { SubnetIds?: ModelValue[]; SecurityGroupIds?: ModelValue[] } | undefined),
    role: plan.generatedRole ? { $ref: plan.generatedRole.id, attr: 'Arn' } : (r.value('Role') ?? ''),
    retryAttempts: retry,
    maxEventAgeSeconds: age,
    recursiveLoop: loop === 'Allow' || loop === 'Terminate' ? loop : undefined,
  } as FunctionNodeProps);

  const tags = tagsOf(r, 'Tags');
  const { overrides, rest } = splitOverrides(r, SAME_IN_CFN);
  for (const o of rest) {
    const head = o.path.split('.')[0]!;
    // A modelled SAM-only property whose value is unknown before deploy (its prop is named in `unknown`), or one the model has no prop for.
    if (MODELLED_SAM_ONLY.has(head)) sam.keep(fn, o.path.split('.'), 'property', `${o.path} is not known before deploy (the model holds a placeholder)`, o.value, plan.id);
    else sam.keep(fn, [head], 'property', `${head} is a SAM property the model has no prop for`, p[head] ?? o.value, plan.id);
  }
  const node = sam.addNode({
    id: plan.id,
    kind: 'function',
    logicalId: fn,
    origin: ctx.origin(fn),
    tags,
    overrides,
    dependsOn: dependsOnOf(ctx, plan.resource),
    props,
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  } as ModelNode);

  // The generated role: managed policies first (SAM's order), then Policies, then what the settings add.
  if (role) {
    role.addManaged(managedPolicyArn(p.DurableConfig !== undefined ? 'service-role/AWSLambdaBasicDurableExecutionRolePolicy' : 'service-role/AWSLambdaBasicExecutionRole'));
    if (p.Tracing !== undefined && ctx.literal(p.Tracing) !== 'Disabled') role.addManaged(managedPolicyArn('AWSXrayWriteOnlyAccess'));
    if (p.VpcConfig !== undefined) role.addManaged(managedPolicyArn('service-role/AWSLambdaVPCAccessExecutionRole'));
    role.readPolicies();
  }

  importVersionAndAlias(sam, plan, node.props as FunctionNodeProps);
  importDeadLetter(sam, plan, role);
  importDestinations(sam, plan, role);
  importEvents(sam, plan, role);
  role?.emit(tags);
}

/** `AutoPublishAlias`: the version (`<id>/CurrentVersion`) and the alias (`<id>/Alias<name>`), with `DeploymentPreference` and `ProvisionedConcurrencyConfig`. */
function importVersionAndAlias(sam: SamImport, plan: FunctionPlan, fnProps: FunctionNodeProps): void {
  const ctx = sam.ctx;
  const p = plan.props;
  const fn = plan.logicalId;
  if (!plan.alias) {
    for (const k of ['DeploymentPreference', 'ProvisionedConcurrencyConfig']) {
      if (p[k] !== undefined) sam.keep(fn, [k], 'property', `${k} needs AutoPublishAlias (SAM refuses it without one)`, p[k], plan.id);
    }
    return;
  }
  const a = plan.alias;
  const versionDescription = ctx.literal(p.VersionDescription);
  const configHash = versionHash(sam, fnProps, versionDescription);
  // A template lambdaform wrote: the version is the function's `currentVersion`, named as lambdaform
  // names it; another SAM template: named as SAM names it (`<Function>Version<10 hex digits>`).
  const versionLogicalId = plan.written ? capId(`${fn}CurrentVersion`, configHash.slice(0, 10).toUpperCase()) : `${fn}Version${configHash.slice(0, 10)}`;
  sam.addNode({
    id: a.versionId,
    kind: 'version',
    logicalId: versionLogicalId,
    origin: sam.originAt(fn, a.versionId, 'AutoPublishAlias'),
    tags: {},
    overrides: [],
    dependsOn: [],
    props: { functionId: plan.id, ...(versionDescription !== undefined ? { description: versionDescription } : {}), configHash },
  });
  const provisioned = obj(p.ProvisionedConcurrencyConfig)?.ProvisionedConcurrentExecutions;
  const deployment = deploymentOf(sam, plan);
  const unknown: string[] = [];
  const pc = provisioned !== undefined ? ctx.number(provisioned) : undefined;
  if (provisioned !== undefined && pc === undefined) unknown.push('provisionedConcurrency');
  if (deployment?.type === '') unknown.push('deployment');
  sam.addNode({
    id: a.id,
    kind: 'alias',
    logicalId: a.logicalId,
    origin: sam.originAt(fn, a.id, 'AutoPublishAlias'),
    tags: {},
    overrides: [],
    dependsOn: [],
    props: { functionId: plan.id, aliasName: a.name, version: a.versionId, additionalVersions: [], provisionedConcurrency: pc, deployment },
    ...(unknown.length ? { unknown } : {}),
  } as ModelNode);
}

/** `DeploymentPreference` as the alias's deployment; undefined when absent or `Enabled: false`. */
function deploymentOf(sam: SamImport, plan: FunctionPlan): DeploymentModel | undefined {
  const ctx = sam.ctx;
  const fn = plan.logicalId;
  const dp = obj(plan.props.DeploymentPreference);
  if (!dp || ctx.boolean(dp.Enabled) === false) return undefined;
  const type = ctx.literal(dp.Type);
  const alarmsValue = ctx.value(dp.Alarms, ['Resources', fn, 'Properties', 'DeploymentPreference', 'Alarms']);
  const hooks = obj(dp.Hooks);
  const hook = (name: 'PreTraffic' | 'PostTraffic'): string | undefined => {
    if (hooks?.[name] === undefined) return undefined;
    const id = ctx.nodeIdIn(hooks[name]);
    if (id === undefined || sam.kindOf(id) !== 'function') sam.keep(fn, ['DeploymentPreference', 'Hooks', name], 'property', `the ${name} hook is not a function of this template`, hooks[name], plan.id);
    return sam.kindOf(id) === 'function' ? id : undefined;
  };
  for (const k of ['Role', 'TriggerConfigurations', 'PassthroughCondition']) {
    if (dp[k] !== undefined) sam.keep(fn, ['DeploymentPreference', k], 'property', `DeploymentPreference.${k} has no prop in the model`, dp[k], plan.id);
  }
  return sanitize({
    type: type === undefined ? '' : type.startsWith(DEPLOYMENT_PREFIX) ? type.slice(DEPLOYMENT_PREFIX.length) : type,
    alarms: Array.isArray(alarmsValue) ? (alarmsValue as ModelValue[]) : alarmsValue !== undefined ? [alarmsValue] : [],
    preTraffic: hook('PreTraffic'),
    postTraffic: hook('PostTraffic'),
  }) as DeploymentModel;
}

/**
 * The hash of a function's code and configuration, as lambdaform's `Version` computes it (the
 * function's props but the unversioned ones, each layer by its content identity, the version's
 * description): a new hash is a new version.
 */
function versionHash(sam: SamImport, fnProps: FunctionNodeProps, description: string | undefined): string {
  const versioned: Record<string, unknown> = Object.fromEntries(Object.entries(fnProps).filter(([k]) => !UNVERSIONED.has(k)));
  versioned.layers = fnProps.layers.map((l) => {
    const layer = isRef(l) ? sam.ctx.node(l.$ref) : undefined;
    if (layer?.kind !== 'layer') return l;
    const s = layer.props;
    // As `LayerVersion._identity()`: the code, and the settings given (lists undefined when none).
    return {
      code: s.code,
      settings: {
        ...(s.description !== undefined ? { description: s.description } : {}),
        ...(s.license !== undefined ? { license: s.license } : {}),
        ...(s.layerName !== undefined ? { layerVersionName: s.layerName } : {}),
        compatibleRuntimes: s.compatibleRuntimes.length ? [...s.compatibleRuntimes] : undefined,
        compatibleArchitectures: s.compatibleArchitectures.length ? [...s.compatibleArchitectures] : undefined,
      },
    };
  });
  return createHash('sha256').update(stableJson({ versioned, description })).digest('hex');
}

/** `DeadLetterQueue: { Type: SQS | SNS, TargetArn }`: a `deadLetter` destination, and the generated role's statement. */
function importDeadLetter(sam: SamImport, plan: FunctionPlan, role: GeneratedRole | undefined): void {
  const ctx = sam.ctx;
  const dlq = obj(plan.props.DeadLetterQueue);
  if (!dlq) return;
  addDestination(sam, plan, ctx.nodeIdIn(dlq.TargetArn), 'deadLetter', ['DeadLetterQueue'], dlq);
  const type = ctx.literal(dlq.Type);
  const action = type === 'SNS' ? 'sns:Publish' : type === 'SQS' ? 'sqs:SendMessage' : undefined;
  const resource = ctx.value(dlq.TargetArn);
  if (role && action && resource !== undefined) role.addStatement({ Action: action, Resource: resource, Effect: 'Allow' }, `SAM DeadLetterQueue (${type})`, ['DeadLetterQueue']);
}

/**
 * A destination edge (`<function>#<condition>`, the model builder's id, claimed so that the
 * CloudFormation importer does not add it again from an `AWS::Lambda::EventInvokeConfig`). A
 * destination outside the template has no node: as the CloudFormation importer does, the function
 * names the condition in its `unknown` props, and the destination is kept as unmodelled.
 */
function addDestination(sam: SamImport, plan: FunctionPlan, to: string | undefined, condition: 'deadLetter' | 'onSuccess' | 'onFailure', at: ReadonlyArray<string | number>, value: unknown): void {
  const id = `${plan.id}#${condition}`;
  // The account's default event bus (an EventBridgeDestination): outside the template, but modelled.
  const bus = to === undefined && condition !== 'deadLetter' && isDefaultEventBusArn(sam.ctx.value((value as { Destination?: unknown } | undefined)?.Destination, []));
  if (to === undefined && !bus) {
    const fn = sam.ctx.node(plan.id) as { unknown?: readonly string[] } | undefined;
    if (fn) fn.unknown = [...new Set([...(fn.unknown ?? []), condition])];
    sam.keep(plan.logicalId, at, 'property', `the ${condition === 'deadLetter' ? 'dead-letter target' : 'destination'} is not a resource of this template`, value, plan.id);
    return;
  }
  if (sam.ctx.handled.has(`edge:${id}`)) return;
  sam.ctx.handled.add(`edge:${id}`);
  sam.addEdge<'destination'>({ id, kind: 'destination', from: plan.id, to, origin: sam.originAt(plan.logicalId, id, ...at), props: bus ? { condition, eventBus: 'default' } : { condition } });
}

/** `EventInvokeConfig.DestinationConfig`: on-success and on-failure destinations (SAM creates a queue or topic when an SQS/SNS destination has no ARN). */
function importDestinations(sam: SamImport, plan: FunctionPlan, role: GeneratedRole | undefined): void {
  const ctx = sam.ctx;
  const dc = obj(obj(plan.props.EventInvokeConfig)?.DestinationConfig);
  if (!dc) return;
  for (const [condition, key] of [
    ['onSuccess', 'OnSuccess'],
    ['onFailure', 'OnFailure'],
  ] as const) {
    const d = obj(dc[key]);
    if (!d) continue;
    const type = ctx.literal(d.Type);
    const at = ['EventInvokeConfig', 'DestinationConfig', key];
    let arn: unknown = d.Destination;
    if (generatesDestination(ctx, d, type)) {
      const generated = `${plan.logicalId}EventInvokeConfig${key}${type === 'SQS' ? 'Queue' : 'Topic'}`;
      arn = type === 'SQS' ? { 'Fn::GetAtt': [generated, 'Arn'] } : { Ref: generated };
      addGeneratedNode(sam, plan, generated, type === 'SQS' ? 'queue' : 'topic', at);
    }
    addDestination(sam, plan, ctx.nodeIdIn(arn), condition, at, d);
    addDestinationStatements(sam, role, type, arn, `SAM EventInvokeConfig ${key} (${type ?? 'no Type'})`, at);
  }
}

