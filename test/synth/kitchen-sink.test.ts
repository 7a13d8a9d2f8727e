// An app with every construct and event source (test/fixtures/apps/kitchen-sink.ts), checked in
// both formats like the examples: schemas, cfn-lint, SAM/CloudFormation equivalence.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml, type Template } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { stack } from '../fixtures/apps/kitchen-sink.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason } from '../helpers/cfn-lint.js';
import { validateCfnTemplate } from '../helpers/cfn-schema.js';
import { samTranslate, samTranslatorAvailable, samTranslatorSkipReason } from '../helpers/sam-translate.js';
import { validateSamTemplate } from '../helpers/sam-schema.js';
import { sorted, summarize } from '../helpers/summary.js';

const model = stackModel(stack);
const cfn = toCloudFormation(model);
const sam = toSam(model);
const NO_SCHEMA_HERE = ['AWS::SSM::Parameter'];

/** Every folder the tests make lives in here, removed at the end. */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-ks-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** Both templates, linted in one cfn-lint run (starting cfn-lint takes seconds). */
function lint(templates: ReadonlyArray<[Template, string]>): void {
  const files = templates.map(([t, name]) => {
    const file = path.join(TMP, name);
    fs.writeFileSync(file, toYaml(t));
    return file;
  });
  const results = cfnLintAll(files);
  for (const file of files) {
    const r = results.get(file)!;
    expect(r.errors, `${file}\n${r.output}`).toEqual([]);
  }
}

it('covers every node and edge kind of the model', () => {
  expect(new Set(model.nodes.map((n) => n.kind))).toEqual(new Set(['function', 'version', 'alias', 'layer', 'queue', 'topic', 'bucket', 'table', 'stream', 'api', 'schedule', 'role', 'raw']));
  expect(new Set(model.edges.map((e) => e.kind))).toEqual(new Set(['eventSourceMapping', 'destination', 'grant', 'invokePermission', 'apiRoute', 'subscription', 'notification', 'ruleTarget']));
});

it('CloudFormation output validates against the resource schemas', () => {
  expect(validateCfnTemplate(cfn, NO_SCHEMA_HERE)).toEqual([]);
});

it('SAM output validates against the SAM schema and uses every SAM event type lambdaform emits', () => {
  expect(validateSamTemplate(sam as never, NO_SCHEMA_HERE)).toEqual([]);
  const types = new Set(
    Object.values(sam.Resources).flatMap((r) => Object.values(((r.Properties ?? {}) as { Events?: Record<string, { Type: string }> }).Events ?? {}).map((e) => e.Type)),
  );
  expect(types).toEqual(new Set(['SQS', 'Kinesis', 'DynamoDB', 'SNS', 'S3', 'EventBridgeRule', 'Schedule', 'HttpApi']));
});

it.skipIf(!cfnLintAvailable)(`both outputs pass cfn-lint with no errors ${cfnLintSkipReason}`, () => {
  lint([
    [cfn, 'ks.template.yaml'],
    [sam, 'ks.sam.yaml'],
  ]);
});

it.skipIf(!samTranslatorAvailable)(`SAM and CloudFormation outputs describe the same application ${samTranslatorSkipReason}`, () => {
  expect(sorted(summarize(samTranslate(sam)))).toEqual(sorted(summarize(cfn as never)));
});
