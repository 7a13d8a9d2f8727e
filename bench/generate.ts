/**
 * The benchmark app (issue 13): N units of a queue worker behind an alias, as a CDK user writes
 * them. The same file, with `lambdaform` replaced by `aws-cdk-lib` in its import specifiers, is
 * the app `npm run bench:cdk` times with the real CDK.
 *
 *   lambdaform synth --app bench/generate.ts                        (N = 100, split)
 *   BENCH_N=1000 BENCH_SPLIT=1 lambdaform synth --app bench/generate.ts --format cfn --no-lint
 *
 * One unit i: a DLQ (retention 14 days); a queue (visibility 180 s, redrive to the DLQ after 5
 * receives); a function (Node.js 24, the newest Lambda runtime, `index.handler`, code from one shared asset directory —
 * or one directory per function with BENCH_DISTINCT_ASSETS=1 —, 30 s, 256 MB, one shared layer,
 * environment UNIT_ID, QUEUE_URL and STAGE); the function may send to its queue; an alias `live`
 * on its current version; an SQS mapping from the queue to the alias (batch 10, partial batch
 * responses). Every 10th unit adds GET and POST /units/{i} on one shared HTTP API, integrated
 * with the alias. BENCH_SPLIT=1 (the default) puts at most 50 units (378 resources) in a
 * stack, each stack with its own layer and API. BENCH_SPLIT=0 puts them all in one stack, which
 * `synth` refuses from 67 units on (507 resources), with or without `--no-lint`: a template over CloudFormation's
 * 500 resources cannot be deployed (CDK's `app.synth()` refuses it too, unless its
 * `@aws-cdk/core:stackResourceLimit` context is raised).
 *
 * Run as an app, the module builds the App and synthesizes it; with BENCH_NO_SYNTH=1 it only
 * defines `buildApp`, which the in-process stage timings of `npm run bench` call.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'lambdaform';
import { HttpApi, HttpMethod } from 'lambdaform/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'lambdaform/aws-apigatewayv2-integrations';
import { Alias, Code, Function, LayerVersion, Runtime } from 'lambdaform/aws-lambda';
import { SqsEventSource } from 'lambdaform/aws-lambda-event-sources';
import { Queue } from 'lambdaform/aws-sqs';
import { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Units a stack holds when split: 50 units are 378 resources, under CloudFormation's 500. */
const UNITS_PER_STACK = 50;
const SHARED_ASSET = path.join(here, 'app', 'asset');
const LAYER = path.join(here, 'app', 'layer');

/** How `buildApp` shapes the app. */
export interface BenchAppOptions {
  /** At most 50 units a stack. @default true, unless BENCH_SPLIT=0 */
  readonly split?: boolean;
  /** One asset directory per function. @default BENCH_DISTINCT_ASSETS=1 */
  readonly distinctAssets?: boolean;
}

/** The asset directory of unit i: the shared one, or (distinct assets) one of its own, made once under the system's temporary directory. */
function assetOf(i: number, distinct: boolean): string {
  if (!distinct) return SHARED_ASSET;
  const dir = path.join(os.tmpdir(), 'lambdaform-bench-assets', String(i));
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.handler = async () => ({ batchItemFailures: [], unit: ${i} });\n`);
  }
  return dir;
}

/** What the units of one stack share: its layer and its HTTP API. */
interface Shared {
  readonly layer: LayerVersion;
  readonly api: HttpApi;
}

class Unit extends Construct {
  constructor(scope: Construct, id: string, i: number, shared: Shared, distinctAssets: boolean) {
    super(scope, id);
    const dlq = new Queue(this, 'Dlq', { retentionPeriod: Duration.days(14) });
    const queue = new Queue(this, 'Queue', { visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    const fn = new Function(this, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromAsset(assetOf(i, distinctAssets)),
      timeout: Duration.seconds(30),
      memorySize: 256,
      layers: [shared.layer],
      environment: { UNIT_ID: String(i), QUEUE_URL: queue.queueUrl, STAGE: 'bench' },
    });
    queue.grantSendMessages(fn);
    const live = new Alias(this, 'Live', { aliasName: 'live', version: fn.currentVersion });
    live.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    if (i % 10 === 0) {
      shared.api.addRoutes({ path: `/units/${i}`, methods: [HttpMethod.GET, HttpMethod.POST], integration: new HttpLambdaIntegration(`Unit${i}Integration`, live) });
    }
  }
}

/** The benchmark app of `n` units, built but not synthesized. */
export function buildApp(n: number, options: BenchAppOptions = {}): App {
  const split = options.split ?? process.env.BENCH_SPLIT !== '0';
  const distinctAssets = options.distinctAssets ?? process.env.BENCH_DISTINCT_ASSETS === '1';
  const app = new App();
  let stack: Stack | undefined;
  let shared: Shared | undefined;
  for (let i = 0; i < n; i++) {
    if (!stack || (split && i % UNITS_PER_STACK === 0)) {
      stack = new Stack(app, split ? `Bench${i / UNITS_PER_STACK}` : 'Bench');
      shared = { layer: new LayerVersion(stack, 'Shared', { code: Code.fromAsset(LAYER), compatibleRuntimes: [Runtime.NODEJS_24_X] }), api: new HttpApi(stack, 'Api') };
    }
    new Unit(stack, `Unit${i}`, i, shared!, distinctAssets);
  }
  return app;
}

/** BENCH_N: a whole number of units, at least 1 (100 when unset). */
function unitsFromEnv(): number {
  const text = process.env.BENCH_N ?? '100';
  if (!/^[1-9][0-9]*$/.test(text.trim())) throw new Error(`bench/generate.ts: BENCH_N must be a whole number of units, at least 1, got ${JSON.stringify(text)}`);
  return Number(text);
}

if (process.env.BENCH_NO_SYNTH !== '1') buildApp(unitsFromEnv()).synth();
