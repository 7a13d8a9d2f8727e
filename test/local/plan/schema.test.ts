// The plan's JSON Schema: the committed file is the one the plan's types give, and the plans of
// every example app and of every imported fixture template with functions are valid against it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_SCHEMA_FILE, planSchemaText } from '../../../scripts/plan-schema.js';
import { importTemplateFiles } from '../../../lib/import/index.js';
import { checkPlanIds, toPlan } from '../../../lib/local/plan/build.js';
import { referenceProblems, schemaProblems } from '../../../lib/local/plan/read.js';
import type { Plan } from '../../../lib/local/plan/types.js';
import { parseModel } from '../../../lib/model/parse.js';
import { bundleDirOf, EXAMPLES, loadExample, ROOT } from '../../helpers/examples.js';

/** The plan as plan.json holds it (what the schema sees: no undefined properties). */
const asJson = (plan: Plan): unknown => JSON.parse(JSON.stringify(plan));

describe('plan.schema.json', () => {
  it('is what `npm run plan-schema` writes from lib/local/plan/types.ts (run it after changing the types)', () => {
    expect(PLAN_SCHEMA_FILE).toBe(path.join(ROOT, 'lib', 'local', 'plan', 'plan.schema.json'));
    expect(fs.readFileSync(PLAN_SCHEMA_FILE, 'utf8')).toBe(planSchemaText());
  });
});

describe('the plan of every example app', () => {
  const plans = new Map<string, Plan>();
  beforeAll(async () => {
    // In this process, as the CLI reads an app's model (run-app.ts): the model's JSON, parsed,
    // asset paths relative to the working directory (the repository's root).
    expect(process.cwd()).toBe(ROOT);
    for (const e of EXAMPLES) {
      const model = parseModel(JSON.stringify((await loadExample(e)).synth()), `examples/${e}/app.ts`);
      plans.set(e, toPlan(model, { appDir: ROOT }));
    }
  });

  it('there are examples', () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(['cron', 'http-api', 'sqs-worker', 'thumbnail']));
  });

  it.each(EXAMPLES)('%s: valid against the schema, every reference resolves, every function runs locally', (e) => {
    const plan = plans.get(e)!;
    expect(schemaProblems(asJson(plan))).toEqual([]);
    expect(referenceProblems(plan)).toEqual([]);
    expect(() => checkPlanIds(plan)).not.toThrow();
    expect(plan.warnings).toEqual([]);
    expect(plan.functions.length).toBeGreaterThan(0);
    for (const f of plan.functions) {
      expect(f.unavailable, f.id).toBeUndefined();
      expect(fs.existsSync(path.join(ROOT, f.handler!.codeDir, f.handler!.file)), `${f.id}: ${f.handler!.codeDir}/${f.handler!.file}`).toBe(true);
    }
  });

  it('sqs-worker: the entries its scenario relies on', async () => {
    const plan = plans.get('sqs-worker')!;
    expect(plan.queues.map((q) => [q.id, q.visibilityTimeoutSeconds, q.deadLetter])).toEqual([
      ['SqsWorker/JobsDlq', 30, undefined],
      ['SqsWorker/Jobs', 180, { queue: 'SqsWorker/JobsDlq', maxReceiveCount: 5 }],
    ]);
    // The worker is a NodejsFunction: its code is the esbuild bundle of handlers/worker/index.ts (CommonJS, index.js).
    const codeDir = bundleDirOf(await loadExample('sqs-worker'), 'SqsWorker/Worker');
    expect(codeDir).toMatch(/^\.lambdaform\/bundles\/[0-9a-f]{32}$/);
    expect(plan.functions.map((f) => [f.id, f.handler])).toEqual([['SqsWorker/Worker', { codeDir, file: 'index.js', export: 'handler' }]]);
  });
});

describe('the plan of every imported fixture template with functions', () => {
  const DIR = path.join(ROOT, 'test', 'fixtures', 'templates');
  const TEMPLATES = fs
    .readdirSync(DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.expected.json'))
    .filter((f) => /AWS::(Serverless|Lambda)::Function\b/.test(fs.readFileSync(path.join(DIR, f), 'utf8')))
    .sort();

  it('there are templates', () => {
    expect(TEMPLATES.length).toBeGreaterThan(30);
  });

  it.each(TEMPLATES)('%s', (file) => {
    const model = importTemplateFiles([path.join('test', 'fixtures', 'templates', file)], { cwd: ROOT });
    const plan = toPlan(model, { appDir: ROOT });
    expect(plan.functions.length).toBeGreaterThan(0);
    expect(schemaProblems(asJson(plan))).toEqual([]);
    expect(referenceProblems(plan)).toEqual([]);
  });
});
