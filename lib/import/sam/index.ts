/**
 * SAM resources (`AWS::Serverless::*`) into the nodes and edges lambdaform's constructs make, so
 * the same lint rules run on a SAM template; for what lambdaform's SAM backend writes
 * (`lib/synth/sam`), its exact reverse: synth SAM, import, and the app's model comes back.
 *
 * `importSam` runs before the plain CloudFormation resources are imported (`../index.ts`). It
 * first plans each function (the alias, version, role, rules and queues SAM generates for it),
 * then declares how every reference of the template resolves — to SAM resources, to what SAM
 * generates (`MyFnRole`, `MyFn.Alias`, `MyFnMyEvent`, `ServerlessHttpApi`,
 * `ServerlessDeploymentApplication`) and to the plain resources — and only then resolves values
 * and builds nodes and edges. The SAM resources are marked handled; the plain ones are left to
 * the CloudFormation importers, which find the SAM nodes in `ctx.nodes`.
 *
 * Files: `globals.ts` (Globals), `function.ts` (functions, versions, aliases, destinations),
 * `policies.ts` (the generated role, Policies and policy templates), `events.ts` (Events),
 * `resources.ts` (layers, HTTP APIs, simple tables, raw SAM resources).
 */
import { NO_VALUE, type ImportContext } from '../context.js';
import { CFN_NODE_TYPES } from '../cfn/nodes.js';
import { generatesDestination, obj, SamImport, type FunctionPlan, type SamUnmodelled } from './common.js';
import { eventId } from './events.js';
import { samResourceDelta } from './generated.js';
import { importConnectors } from './connectors.js';
import { importFunction } from './function.js';
import { implicitApiProperties, withGlobals } from './globals.js';
import { importHttpApi, importLayer, importRaw, importSimpleTable } from './resources.js';
import { importStateMachineEvents } from './state-machine.js';

export type { SamUnmodelled } from './common.js';

/** The API SAM creates for HttpApi events without `ApiId`. */
const IMPLICIT_HTTP_API = 'ServerlessHttpApi';
/** The CodeDeploy application SAM creates for the gradual deployments of a template. */
const DEPLOYMENT_APPLICATION = 'ServerlessDeploymentApplication';

/**
 * Imports the SAM resources among `ids` into `ctx` (nodes, edges, assets; each marked handled) and
 * returns what the model could not hold (unmodelled event types, events whose source is outside the
 * template, SAM-only properties), each with where it is written.
 */
export function importSam(ctx: ImportContext, ids: readonly string[]): SamUnmodelled[] {
  return importSamResources(ctx, ids).unmodelled;
}

/** What `importSam` does, with how many resources SAM's transform makes beyond the CloudFormation template of the model (`generated.ts`). */
export function importSamResources(ctx: ImportContext, ids: readonly string[]): { unmodelled: SamUnmodelled[]; resourceDelta: number } {
  const sam = new SamImport(ctx);
  const template = ctx.doc.template;
  const samIds = ids.filter((id) => ctx.resources[id]!.Type.startsWith('AWS::Serverless::'));
  const merged = new Map(samIds.map((id) => [id, withGlobals(template, ctx.resources[id]!)]));

  for (const id of samIds) if (ctx.resources[id]!.Type === 'AWS::Serverless::Function') sam.functions.set(id, planFunction(sam, id, merged.get(id)!));
  const implicitApi = implicitHttpApiEvent(sam);
  declareTargets(sam, ids, samIds, implicitApi !== undefined);

  // Nodes the functions refer to first (layers' content counts in a version's hash), then the functions.
  for (const id of samIds) {
    const type = ctx.resources[id]!.Type;
    const props = merged.get(id)!;
    if (type === 'AWS::Serverless::LayerVersion') importLayer(sam, id, props);
    else if (type === 'AWS::Serverless::SimpleTable') importSimpleTable(sam, id, props);
    else if (type === 'AWS::Serverless::HttpApi') importHttpApi(sam, id, props);
    else if (type !== 'AWS::Serverless::Function') {
      importRaw(sam, id, props);
      if (type === 'AWS::Serverless::StateMachine') importStateMachineEvents(sam, id, props);
    }
  }
  if (implicitApi && !ctx.resources[IMPLICIT_HTTP_API]) importHttpApi(sam, IMPLICIT_HTTP_API, implicitApiProperties(template, 'AWS::Serverless::HttpApi'), implicitApi);
  for (const plan of sam.functions.values()) importFunction(sam, plan);
  // Connectors from functions: statements of the functions' roles.
  importConnectors(sam, ids);
  for (const id of samIds) ctx.handled.add(id);
  return { unmodelled: sam.unmodelled, resourceDelta: samResourceDelta(sam, samIds, merged) };
}

/** What SAM generates for a function, from its properties (Globals merged) and the template's parameters only. */
function planFunction(sam: SamImport, logicalId: string, props: Record<string, unknown>): FunctionPlan {
  const ctx = sam.ctx;
  const id = ctx.idOf(logicalId);
  const written = sam.written(logicalId);
  const aliasName = props.AutoPublishAlias !== undefined ? ctx.literal(props.AutoPublishAlias) : undefined;
  if (props.AutoPublishAlias !== undefined && aliasName === undefined) sam.keep(logicalId, ['AutoPublishAlias'], 'property', 'the alias name is not known before deploy', props.AutoPublishAlias, id);
  // SAM's alias logical id: `<Function>Alias<name>`, hyphens and underscores written D and U.
  const alias =
    aliasName !== undefined
      ? { name: aliasName, id: written ? `${id}/Alias${aliasName}` : `${logicalId}Alias${aliasName.replace(/-/g, 'D').replace(/_/g, 'U')}`, logicalId: `${logicalId}Alias${aliasName.replace(/-/g, 'D').replace(/_/g, 'U')}`, versionId: `${id}/CurrentVersion` }
      : undefined;
  // No Role (or one that resolves to AWS::NoValue): SAM generates `<Function>Role`.
  const generated = props.Role === undefined || ctx.resolve(props.Role, []) === NO_VALUE;
  const generatedRole = generated ? { id: written ? `${id}/Role` : `${logicalId}Role`, logicalId: `${logicalId}Role` } : undefined;
  return { logicalId, id, written, resource: { ...ctx.resources[logicalId]!, Properties: props }, props, ...(alias ? { alias } : {}), ...(generatedRole ? { generatedRole } : {}), target: alias?.id ?? id };
}

/** The first HttpApi event without `ApiId`, when there is one (SAM then creates `ServerlessHttpApi`). */
function implicitHttpApiEvent(sam: SamImport): { fn: string; event: string } | undefined {
  for (const plan of sam.functions.values()) {
    for (const [name, ev] of Object.entries(obj(plan.props.Events) ?? {})) {
      if (obj(ev)?.Type === 'HttpApi' && obj(obj(ev)?.Properties)?.ApiId === undefined) return { fn: plan.logicalId, event: name };
    }
  }
  return undefined;
}

/** The id of a resource SAM generates for a function: its logical id, or below the function's path in a template lambdaform wrote. */
function generatedId(plan: FunctionPlan, logicalId: string): string {
  return plan.written ? `${plan.id}/${logicalId.startsWith(plan.logicalId) ? logicalId.slice(plan.logicalId.length) : logicalId}` : logicalId;
}

/** Declares how every reference of the template resolves, before any value is. */
function declareTargets(sam: SamImport, ids: readonly string[], samIds: readonly string[], implicitApi: boolean): void {
  const ctx = sam.ctx;
  const kindOfSam: Record<string, 'layer' | 'api' | 'table'> = { 'AWS::Serverless::LayerVersion': 'layer', 'AWS::Serverless::HttpApi': 'api', 'AWS::Serverless::SimpleTable': 'table' };
  for (const id of samIds) {
    const type = ctx.resources[id]!.Type;
    if (type === 'AWS::Serverless::Function') continue;
    const kind = kindOfSam[type];
    if (kind) sam.declare(id, kind, ctx.idOf(id));
    else sam.declareTarget(id, { nodeId: ctx.idOf(id), kind: 'raw' });
  }
  if (implicitApi && !ctx.resources[IMPLICIT_HTTP_API]) sam.declare(IMPLICIT_HTTP_API, 'api', IMPLICIT_HTTP_API);

  let deployed: string | undefined;
  for (const plan of sam.functions.values()) {
    const fn = plan.logicalId;
    sam.declare(fn, 'function', plan.id);
    if (plan.alias) {
      // `!Ref MyFn.Alias` and `!Ref MyFn.Version` (SAM's), and the alias's own logical id.
      sam.declareTarget(`${fn}.Alias`, { nodeId: plan.alias.id, kind: 'alias', ref: 'Arn', getAtt: {} });
      sam.declareTarget(plan.alias.logicalId, { nodeId: plan.alias.id, kind: 'alias', ref: 'Arn', getAtt: {} });
      sam.declareTarget(`${fn}.Version`, { nodeId: plan.alias.versionId, kind: 'version', ref: 'Arn', getAtt: { Version: 'Version' } });
      const dp = obj(plan.props.DeploymentPreference);
      if (dp && ctx.boolean(dp.Enabled) !== false) deployed ??= plan.alias.id;
    }
    if (plan.generatedRole) sam.declare(plan.generatedRole.logicalId, 'role', plan.generatedRole.id);
    // Generated destinations of EventInvokeConfig (an SQS or SNS destination without ARN).
    const dc = obj(obj(plan.props.EventInvokeConfig)?.DestinationConfig);
    for (const key of ['OnSuccess', 'OnFailure']) {
      const d = obj(dc?.[key]);
      const type = ctx.literal(d?.Type);
      if (d && generatesDestination(ctx, d, type)) {
        const logicalId = `${fn}EventInvokeConfig${key}${type === 'SQS' ? 'Queue' : 'Topic'}`;
        sam.declare(logicalId, type === 'SQS' ? 'queue' : 'topic', generatedId(plan, logicalId));
      }
    }
    for (const [name, raw] of Object.entries(obj(plan.props.Events) ?? {})) {
      const ev = obj(raw);
      const p = obj(ev?.Properties) ?? {};
      const type = ev?.Type;
      if (type === 'Schedule' || type === 'ScheduleV2' || type === 'EventBridgeRule' || type === 'CloudWatchEvent') {
        sam.declare(`${fn}${name}`, 'schedule', eventId(plan, name));
        const dlc = obj(p.DeadLetterConfig);
        if (dlc && dlc.Arn === undefined && ctx.literal(dlc.Type) === 'SQS') {
          const logicalId = ctx.literal(dlc.QueueLogicalId) ?? `${fn}${name}Queue`;
          sam.declare(logicalId, 'queue', generatedId(plan, logicalId));
        }
      }
      if (type === 'SNS' && p.SqsSubscription === true) sam.declare(`${fn}${name}Queue`, 'queue', generatedId(plan, `${fn}${name}Queue`));
    }
  }
  // The CodeDeploy application SAM creates: what lambdaform's model calls an alias's `DeploymentApplication`.
  if (deployed !== undefined && !ctx.resources[DEPLOYMENT_APPLICATION]) sam.declareTarget(DEPLOYMENT_APPLICATION, { nodeId: deployed, kind: 'alias', ref: 'DeploymentApplication', getAtt: {} });

  // The plain resources, as the CloudFormation importers will declare them; anything else is a raw node.
  for (const id of ids) {
    if (samIds.includes(id) || ctx.targetOf(id)) continue;
    const kind = CFN_NODE_TYPES[ctx.resources[id]!.Type];
    if (kind) sam.declare(id, kind, ctx.idOf(id));
    else sam.declareTarget(id, { nodeId: ctx.idOf(id), kind: 'raw' });
  }
}
