/**
 * Validates SAM templates against the AWS SAM schema in test/schemas/sam (aws-sam-translator
 * 1.110's sam.schema.json, draft-04; see test/schemas/README.md), with ajv-draft-04.
 *
 * The schema says "each resource is anyOf(every SAM model, any CloudFormation resource)" and
 * "each event is anyOf(every event type)", which makes ajv's errors unreadable; so each
 * serverless resource is validated against the model of its own Type (events taken out), and
 * each event against the model of its own Type. Errors at or below an intrinsic function are
 * skipped, as for the CloudFormation schemas; plain CloudFormation resources in a SAM template
 * are checked against their CloudFormation schemas.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { intrinsicPaths, validateCfnTemplate } from './cfn-schema.js';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'sam', 'sam.schema.json');
const PREFIX = 'samtranslator__internal__schema_source__';

const RESOURCE_MODELS: Record<string, string> = {
  'AWS::Serverless::Function': `${PREFIX}aws_serverless_function__Resource`,
  'AWS::Serverless::LayerVersion': `${PREFIX}aws_serverless_layerversion__Resource`,
  'AWS::Serverless::HttpApi': `${PREFIX}aws_serverless_httpapi__Resource`,
  'AWS::Serverless::Api': `${PREFIX}aws_serverless_api__Resource`,
  'AWS::Serverless::SimpleTable': `${PREFIX}aws_serverless_simpletable__Resource`,
};
const EVENT_MODELS: Record<string, string> = {
  SQS: 'SQSEvent',
  Kinesis: 'KinesisEvent',
  DynamoDB: 'DynamoDBEvent',
  S3: 'S3Event',
  SNS: 'SNSEvent',
  HttpApi: 'HttpApiEvent',
  Schedule: `${PREFIX}aws_serverless_function__ScheduleEvent`,
  EventBridgeRule: `${PREFIX}aws_serverless_function__EventBridgeRuleEvent`,
  Api: `${PREFIX}aws_serverless_function__ApiEvent`,
};

const validators = new Map<string, ValidateFunction>();
let ajv: { compile(s: object): ValidateFunction } | undefined;
let definitions: Record<string, unknown> | undefined;

function validatorFor(definition: string): ValidateFunction {
  let v = validators.get(definition);
  if (v) return v;
  if (!ajv) {
    const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (o: object) => never;
    const instance = new Ajv({ strictTypes: false, allowUnionTypes: true, allErrors: true }) as unknown as { addKeyword(k: string): void; compile(s: object): ValidateFunction };
    (addFormats as unknown as (a: unknown) => void)(instance);
    instance.addKeyword('__samPassThrough');
    instance.addKeyword('markdownDescription');
    ajv = instance;
    definitions = (JSON.parse(fs.readFileSync(FILE, 'utf8')) as { definitions: Record<string, unknown> }).definitions;
  }
  if (!definitions![definition]) throw new Error(`no definition ${definition} in the SAM schema`);
  v = ajv.compile({ definitions, $ref: `#/definitions/${definition}` });
  validators.set(definition, v);
  return v;
}

function errorsOf(definition: string, value: unknown, label: string): string[] {
  const v = validatorFor(definition);
  if (v(value)) return [];
  const skip = intrinsicPaths(value);
  return (v.errors ?? [])
    .filter((e) => !skip.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)))
    .filter((e) => !['anyOf', 'oneOf'].includes(e.keyword))
    .map((e) => `${label}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Errors of a SAM template (empty when valid). */
export function validateSamTemplate(template: { Resources: Resources; Globals?: Record<string, unknown> }, skipTypes: readonly string[] = []): string[] {
  const errors: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (!r.Type.startsWith('AWS::Serverless::')) continue;
    const model = RESOURCE_MODELS[r.Type];
    if (!model) {
      errors.push(`${id} (${r.Type}): no SAM model mapped for this type in test/helpers/sam-schema.ts`);
      continue;
    }
    const { Events, ...props } = (r.Properties ?? {}) as { Events?: Record<string, { Type: string; Properties?: unknown }> };
    errors.push(...errorsOf(model, { ...r, Properties: props }, `${id} (${r.Type})`));
    for (const [name, event] of Object.entries(Events ?? {})) {
      const eventModel = EVENT_MODELS[event.Type];
      if (!eventModel) errors.push(`${id} event ${name}: no SAM model mapped for event type ${event.Type}`);
      else errors.push(...errorsOf(eventModel, event, `${id} event ${name} (${event.Type})`));
    }
  }
  if (template.Globals) errors.push(...errorsOf('__main____Globals', template.Globals, 'Globals'));
  const samTypes = Object.values(template.Resources).map((r) => r.Type).filter((t) => t.startsWith('AWS::Serverless::'));
  errors.push(...validateCfnTemplate(template, [...samTypes, ...skipTypes]));
  return errors;
}
