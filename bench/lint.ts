/**
 * Lint benchmark: N functions (default 1,000; 50 a stack, as a template holds at most 500
 * resources), each triggered by a queue of its own and sending to another, their handlers spread
 * over 20 handler files on disk (in a temporary directory, as code assets); then times `lint()`
 * in-process over the whole app with every rule (preset strict) and
 * reports how many handler files were parsed. Loading ts-morph (which brings the TypeScript
 * compiler) is timed apart: it happens once per process, on the first handler analysed.
 *
 * Run with `node bin/run-ts.mjs bench/lint.ts [N] [files]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Code } from '../lib/all.js';
import { BENCH_NOW, queueWorkers, time } from './common.js';
import { lint } from '../lib/lint/engine.js';
import { createHandlerAnalyzer } from '../lib/lint/handlers/analyzer.js';
import { tsMorph } from '../lib/lint/handlers/ts-morph.js';
import { RULES } from '../lib/lint/rules/index.js';
import type { Finding } from '../lib/lint/types.js';

const n = Number(process.argv[2] ?? 1000);
const fileCount = Number(process.argv[3] ?? 20);
const NOW = BENCH_NOW;

/**
 * A handler of realistic size: module-level clients, helpers, a send to the queue OUT_URL names.
 * Every fourth file creates a client in the handler (init-in-handler), every fifth sends back to
 * its own trigger queue (recursive-loop).
 */
function handlerSource(i: number): string {
  const target = i % 5 === 0 ? 'IN_URL' : 'OUT_URL';
  const client = i % 4 === 0 ? 'const sqs = new SQSClient({});' : '';
  return `// handler ${i}
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

const shared = new SQSClient({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.TABLE_NAME ?? 'orders-${i}';
const QUEUE = process.env.${target};

function parse(body) {
  try {
    return JSON.parse(body);
  } catch {
    return { raw: body };
  }
}

async function load(id) {
  const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { id } }));
  return Item ?? { id, count: 0 };
}

async function save(item) {
  await documents.send(new PutCommand({ TableName: TABLE, Item: { ...item, count: item.count + 1, updatedAt: Date.now() } }));
}

async function forward(record, item) {
  ${client}
  const command = new SendMessageCommand({ QueueUrl: QUEUE, MessageBody: JSON.stringify({ id: item.id, from: record.messageId }) });
  await ${client ? 'sqs' : 'shared'}.send(command);
}

export const handler = async (event, context) => {
  const failures = [];
  for (const record of event.Records) {
    try {
      const message = parse(record.body);
      const item = await load(message.id ?? record.messageId);
      await save(item);
      if (message.forward) await forward(record, item);
    } catch (error) {
      console.error(JSON.stringify({ requestId: context.awsRequestId, messageId: record.messageId, error: String(error) }));
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
`;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-lint-'));
try {
  for (let i = 0; i < fileCount; i++) {
    fs.mkdirSync(path.join(dir, `h${i}`));
    fs.writeFileSync(path.join(dir, `h${i}`, 'index.mjs'), handlerSource(i));
  }
  const codes = Array.from({ length: fileCount }, (_, i) => Code.fromAsset(path.join(dir, `h${i}`)));

  const build = () => queueWorkers(n, (i) => codes[i % fileCount]!, true);
  const [model, buildMs] = time(build);
  // A second model of the same app: rules cache rendered templates per stack model, so a run on
  // the first model again would measure the cache.
  const again = build();

  const [, loadMs] = time(() => tsMorph());
  const run = (rules = RULES, on = model): { findings: Finding[]; ms: number; parsed: number } => {
    const analyzer = createHandlerAnalyzer(process.cwd(), on);
    const [findings, ms] = time(() => lint(on, { preset: 'strict' }, rules, NOW, analyzer));
    return { findings, ms, parsed: analyzer.parsedFiles };
  };
  const first = run();
  const second = run(RULES, again);
  const handlerRules = RULES.filter((r) => r.meta.id === 'init-in-handler' || r.meta.id === 'recursive-loop');
  const handlersOnly = run(handlerRules, build());
  const count = (id: string) => first.findings.filter((f) => f.rule === id).length;

  console.log(`functions: ${n} in ${model.stacks.length} stacks, sharing ${fileCount} handler files; model built in ${buildMs.toFixed(0)} ms`);
  console.log(`ts-morph load (once per process): ${loadMs.toFixed(0)} ms`);
  console.log(`lint, all ${RULES.length} rules: first run ${first.ms.toFixed(0)} ms (cold: as \`lambdaform lint\` runs), second run ${second.ms.toFixed(0)} ms (warm, another model of the same app; fresh analyzer each: ${first.parsed} files parsed per run)`);
  console.log(`lint, init-in-handler + recursive-loop only: ${handlersOnly.ms.toFixed(0)} ms (${handlersOnly.parsed} files parsed)`);
  console.log(`findings: ${first.findings.length} (init-in-handler ${count('init-in-handler')}, recursive-loop ${count('recursive-loop')})`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
