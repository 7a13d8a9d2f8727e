/**
 * How many resources SAM's transform makes of a template beyond the CloudFormation template
 * lambdaform writes for the imported model, so that `stack-resource-limit` counts what SAM
 * deploys. The model holds what it models as lambdaform writes it; what it keeps without
 * modelling (an event whose source is outside the template, an event type it does not model, a
 * function URL, a REST API) SAM expands all the same, and an HTTP API's routes, which lambdaform
 * writes as a Route and an Integration each, SAM writes into the API's body.
 *
 * Each number is what aws-sam-translator 1.110 generates (`test/import/sam/generated.test.ts`).
 */
import { NO_VALUE } from '../context.js';
import { obj, type SamImport } from './common.js';

/** What SAM generates for a function event the model does not hold, by event type. */
const KEPT_EVENT: Readonly<Record<string, number>> = {
  // an event source mapping
  SQS: 1,
  Kinesis: 1,
  DynamoDB: 1,
  MQ: 1,
  MSK: 1,
  SelfManagedKafka: 1,
  DocumentDB: 1,
  // the rule or filter, and the permission to invoke
  IoTRule: 2,
  CloudWatchLogs: 2,
  // the permission to invoke (the trigger is written into the user pool; the REST route into the API's body)
  Cognito: 1,
  AlexaSkill: 1,
  Api: 1,
  // S3 on a bucket outside the template, HttpApi on an API outside it: SAM refuses the template.
};

/** State machine events SAM makes a rule (or Scheduler schedule) and the role it assumes for. */
const STATE_MACHINE_RULES: ReadonlySet<string> = new Set(['Schedule', 'ScheduleV2', 'EventBridgeRule', 'CloudWatchEvent']);

/** The implicit REST API SAM creates for Api events without `RestApiId`: its RestApi, Deployment and Stage. */
const IMPLICIT_REST_API = 'ServerlessRestApi';

/**
 * The resources SAM's transform makes of the template less those of the CloudFormation template
 * of the model the SAM import built (`sam.unmodelled` complete), for `ImportedTemplate.samResourceDelta`.
 */
export function samResourceDelta(sam: SamImport, samIds: readonly string[], merged: ReadonlyMap<string, Record<string, unknown>>): number {
  const ctx = sam.ctx;
  const kept = new Map(sam.unmodelled.map((u) => [`${u.resource}\0${u.path}`, u]));
  let delta = 0;
  let implicitRestApi = false;
  const events = (props: Record<string, unknown>) => Object.entries(obj(props.Events) ?? {}).map(([name, ev]) => ({ name, type: obj(ev)?.Type, p: obj(obj(ev)?.Properties) ?? {} }));

  for (const plan of sam.functions.values()) {
    for (const { name, type, p } of events(plan.props)) {
      if (type === 'Api' && p.RestApiId === undefined) implicitRestApi = true;
      if (!kept.has(`${plan.logicalId}\0Events.${name}`)) {
        // Modelled: as SAM writes it, but an HTTP API route, which SAM writes into the API's body.
        if (type === 'HttpApi') delta -= 2;
        continue;
      }
      if (type === 'SNS') delta += snsEvent(sam, p.SqsSubscription);
      else if (typeof type === 'string') delta += KEPT_EVENT[type] ?? 0;
    }
    // A function URL: the Url, and with AuthType NONE the two permissions of public access.
    if (kept.has(`${plan.logicalId}\0FunctionUrlConfig`)) delta += ctx.literal(obj(plan.props.FunctionUrlConfig)?.AuthType) === 'NONE' ? 3 : 1;
  }

  for (const id of samIds) {
    const type = ctx.resources[id]!.Type;
    const props = merged.get(id) ?? {};
    // A REST API (a raw node): its Deployment and Stage too.
    if (type === 'AWS::Serverless::Api') delta += 2;
    if (type === 'AWS::Serverless::StateMachine') {
      // A raw node: the role SAM generates without `Role`, and what its events make (written by no node of the model).
      if (props.Role === undefined || ctx.resolve(props.Role, []) === NO_VALUE) delta += 1;
      for (const { type: t, p } of events(props)) {
        if (typeof t === 'string' && STATE_MACHINE_RULES.has(t)) delta += 2;
        if (t === 'Api') {
          delta += 1; // the role API Gateway assumes to start executions
          if (p.RestApiId === undefined) implicitRestApi = true;
        }
      }
    }
  }
  if (implicitRestApi && !ctx.resources[IMPLICIT_REST_API]) delta += 3;

  // Embedded connectors (a resource's `Connectors` attribute): a policy each, at least.
  for (const id of Object.keys(ctx.resources)) delta += Object.keys(obj(ctx.resources[id]!.Connectors) ?? {}).length;
  return delta;
}

/** An SNS event the model does not hold: subscription and permission; with SqsSubscription, the queue SAM creates (or the one named), its policy and the mapping instead of the permission. */
function snsEvent(sam: SamImport, sqs: unknown): number {
  if (sqs === undefined || sam.ctx.boolean(sqs) === false) return 2;
  return obj(sqs) && sam.ctx.boolean(sqs) === undefined ? 3 : 4;
}
