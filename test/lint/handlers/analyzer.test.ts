/**
 * The handler analyzer on the fixture handlers of test/fixtures/handlers (SDK v2 and v3, ESM and
 * CommonJS, JavaScript and TypeScript) and on inline code: where the handler is, what it creates
 * on every invocation, where it sends, and why it says nothing when it cannot read the code.
 */
import { describe, expect, it } from 'vitest';
import { App, Code, Function, Runtime, Stack, type FunctionProps } from '../../../lib/all.js';
import { createHandlerAnalyzer, SourceHandlerAnalyzer } from '../../../lib/lint/handlers/analyzer.js';
import { formatLocation, type HandlerAnalysis, type HandlerFacts } from '../../../lib/lint/handlers/types.js';
import type { AppModel, FunctionNode } from '../../../lib/model/types.js';
import { TODAY } from '../../helpers/app.js';
import { ROOT } from '../../helpers/examples.js';

const FIXTURES = 'test/fixtures/handlers';

function analyzed(a: HandlerAnalysis): HandlerFacts {
  if (a.status !== 'analyzed') throw new Error(`expected an analysis, got ${a.status}: ${a.reason}`);
  return a;
}

/** `what@line:column` of each construction. */
const made = (a: HandlerAnalysis) => analyzed(a).constructions.map((c) => `${c.what}@${c.at.line}:${c.at.column}${c.via.length ? ` via ${c.via.join('>')}` : ''}`);

/** `call -> target@line` of each send. */
const sent = (a: HandlerAnalysis) =>
  analyzed(a).sends.map((s) => {
    const t = s.target;
    const target = t.kind === 'literal' ? `'${t.value}'` : t.kind === 'env' ? `env ${t.name}` : t.kind === 'self' ? `self (${t.via})` : t.kind === 'unknown' ? `? ${t.text}` : 'template';
    const key = s.key ? ` key ${s.key.exact ? `'${s.key.prefix}'` : `${s.key.prefix}*${s.key.suffix}`}` : '';
    return `${s.call} -> ${target}${key}@${s.at.line}`;
  });

/** An app of functions built by `build`, its model, and an analyzer over it (rooted at the repository). */
function appOf(build: (stack: Stack) => void): { model: AppModel; fns: Map<string, FunctionNode>; analyzer: SourceHandlerAnalyzer } {
  const stack = new Stack(new App({ now: TODAY }), 'Test');
  build(stack);
  const model = App.of(stack).synth();
  const fns = new Map(model.stacks[0]!.nodes.filter((n): n is FunctionNode => n.kind === 'function').map((n) => [n.id.replace('Test/', ''), n]));
  return { model, fns, analyzer: createHandlerAnalyzer(ROOT, model) };
}

function fn(stack: Stack, id: string, props: Partial<FunctionProps>): Function {
  return new Function(stack, id, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;'), ...props });
}

/** The analysis of inline handler source. */
function inline(source: string, handler = 'index.handler'): HandlerAnalysis {
  const { fns, analyzer } = appOf((s) => fn(s, 'Fn', { code: Code.fromInline(source), handler }));
  return analyzer.of(fns.get('Fn')!);
}

describe('handler analysis: SDK v3, ESM TypeScript', () => {
  const a = new SourceHandlerAnalyzer(ROOT, []).analyzeFile(`${FIXTURES}/v3-esm-ts/index.ts`, 'handler');

  it('finds the handler and names the file relative to the root', () => {
    expect(formatLocation(analyzed(a).at)).toBe(`${FIXTURES}/v3-esm-ts/index.ts:30:24`);
  });

  it('reports clients created per invocation, in the handler and in the functions it calls, not the module-level or cached ones', () => {
    // getDocuments() caches `DynamoDBDocumentClient.from(new DynamoDBClient({}))` under `if (!documents)`:
    // the client it wraps is created once with it.
    expect(made(a)).toEqual(['new s3.S3Client()@26:18 via archive', 'new SQSClient()@31:15', 'new SNSClient()@32:15', 'new s3.S3Client()@42:30']);
  });

  it('follows sends: commands inline or in a variable, parameters in a variable, env through module-level constants and destructuring', () => {
    expect(sent(a)).toEqual([
      "PutObjectCommand -> env ARCHIVE_BUCKET key processed/*.json@27",
      'SendMessageCommand -> env QUEUE_URL@35',
      'PublishCommand -> env TOPIC_ARN@38',
      'InvokeCommand -> self (context.functionName)@41',
      "Upload -> 'literal-bucket' key uploads/*@42",
      'InvokeCommand -> template@43',
    ]);
    expect(analyzed(a).sends[1]!.via).toEqual([]);
    expect(analyzed(a).sends[0]!.via).toEqual(['archive']);
    expect(analyzed(a).sends[5]!.target).toEqual({ kind: 'template', parts: [{ kind: 'env', name: 'STAGE' }, { kind: 'literal', value: '-worker' }] });
  });

  it('points at the send call of a command built in a variable', () => {
    // const command = new PublishCommand(params) on line 37; await sns.send(command) on line 38.
    expect(analyzed(a).sends[2]!.at).toEqual({ file: `${FIXTURES}/v3-esm-ts/index.ts`, line: 38, column: 11 });
  });

  it('lists the environment variables the file reads', () => {
    expect(analyzed(a).envReads).toEqual(['ARCHIVE_BUCKET', 'QUEUE_URL', 'STAGE', 'TOPIC_ARN']);
    expect(analyzed(a).envDynamic).toBe(false);
  });
});

describe('handler analysis: SDK v2, CommonJS JavaScript', () => {
  const a = new SourceHandlerAnalyzer(ROOT, []).analyzeFile(`${FIXTURES}/v2-cjs/index.js`, 'handler');

  it('reports v2 clients (AWS.X, aws-sdk/clients/x, nested AWS.DynamoDB.DocumentClient), not AWS.Config or module-level ones', () => {
    expect(made(a)).toEqual(['new S3()@8:14', 'new AWS.DynamoDB.DocumentClient()@9:16', 'new AWS.Lambda()@11:18', 'new AWS.SNS()@14:9']);
  });

  it('follows v2 method sends, and leaves out same-named methods without the target parameter', () => {
    expect(sent(a)).toEqual([
      'invoke -> self (process.env.AWS_LAMBDA_FUNCTION_NAME)@12',
      'sendMessage -> env OUT_QUEUE_URL@13',
      "publish -> 'arn:aws:sns:eu-west-1:123456789012:alerts'@14",
      'putObject -> env BUCKET key *@15',
      'sendMessage -> ? event.replyTo@16',
    ]);
  });
});

describe('handler analysis: databases and HTTP clients', () => {
  const analyzer = new SourceHandlerAnalyzer(ROOT, []);

  it('reports connections and pools created per invocation; cached ones (??=, if (!x), early return, Map.set under has) are not', () => {
    expect(made(analyzer.analyzeFile(`${FIXTURES}/databases/handler.mjs`, 'handler'))).toEqual([
      'new pg.Pool()@24:19',
      'new Client()@25:18',
      'mysql.createConnection()@26:22',
      'createClient()@31:17',
      'knex()@32:14',
      'new Sequelize()@33:21',
    ]);
  });

  it('reports HTTP clients and agents (axios.create, https.Agent, undici Agent, got.extend)', () => {
    expect(made(analyzer.analyzeFile(`${FIXTURES}/http/index.cjs`, 'handler'))).toEqual(['axios.create()@10:15', 'new https.Agent()@11:17', 'new Agent()@12:22', 'got.extend()@13:18']);
  });
});

describe('handler analysis: export forms', () => {
  const analyzer = new SourceHandlerAnalyzer(ROOT, []);
  const at = (file: string, name = 'handler') => {
    const a = analyzed(analyzer.analyzeFile(`${FIXTURES}/exports/${file}`, name));
    return { at: `${a.at.file.replace(`${FIXTURES}/exports/`, '')}:${a.at.line}`, wrappedBy: a.wrappedBy, made: a.constructions.map((c) => c.what) };
  };

  it.each([
    ['export async function handler', 'declaration.mjs', 'declaration.mjs:3'],
    ['export { main as handler }', 'alias.mjs', 'alias.mjs:3'],
    ['export const handler: Handler = async () =>', 'arrow.ts', 'arrow.ts:5'],
    ['exports.handler = async function', 'exports-member.js', 'exports-member.js:3'],
    ['module.exports.handler = main', 'module-exports-member.cjs', 'module-exports-member.cjs:3'],
    ['module.exports = { async handler() {} }', 'module-exports-object.cjs', 'module-exports-object.cjs:4'],
    ["export { handler } from './impl.js' (the TypeScript source impl.ts)", 'reexport.ts', 'impl.ts:4'],
    ['tsc-compiled CommonJS re-export (Object.defineProperty getter)', 'compiled.js', 'impl-cjs.js:5'],
  ])('%s', (_name, file, where) => {
    expect(at(file)).toEqual({ at: where, wrappedBy: [], made: [file === 'compiled.js' ? 'new client_s3_1.S3Client()' : 'new S3Client()'] });
  });

  it('export default, for the handler index.default', () => {
    expect(at('default.mjs', 'default')).toEqual({ at: 'default.mjs:3', wrappedBy: [], made: ['new S3Client()'] });
  });

  it('unwraps middleware: Sentry.wrapHandler(middy(base).use(...)) analyses base', () => {
    expect(at('middy.mjs')).toEqual({ at: 'middy.mjs:6', wrappedBy: ['Sentry.wrapHandler', 'middy'], made: ['new S3Client()'] });
  });

  it('says why when the handler cannot be followed', () => {
    expect(analyzer.analyzeFile(`${FIXTURES}/exports/from-package.mjs`, 'handler')).toEqual({
      status: 'unresolved',
      reason: `${FIXTURES}/exports/from-package.mjs: the handler is what makeHandler(...) returns, and none of its arguments is a function lambdaform can follow`,
    });
    expect(analyzer.analyzeFile(`${FIXTURES}/v2-cjs/index.js`, 'notThere')).toEqual({
      status: 'unresolved',
      reason: `${FIXTURES}/v2-cjs/index.js has no export named 'notThere' lambdaform can find (ESM export, exports.notThere, module.exports)`,
    });
  });

  it('an ES module without the export (itself, or through its local star re-exports) surely fails with Runtime.HandlerNotFound', () => {
    expect(analyzer.analyzeFile(`${FIXTURES}/exports/no-handler.mjs`, 'handler')).toEqual({
      status: 'unresolved',
      reason: `${FIXTURES}/exports/no-handler.mjs is an ES module without an export named 'handler'`,
      fails: 'Runtime.HandlerNotFound',
    });
    expect(analyzer.analyzeFile(`${FIXTURES}/exports/reexport.ts`, 'main')).toMatchObject({ status: 'unresolved', fails: 'Runtime.HandlerNotFound' });
    expect(analyzer.analyzeFile(`${FIXTURES}/exports/default.mjs`, 'handler')).toMatchObject({ status: 'unresolved', fails: 'Runtime.HandlerNotFound' });
    // Not sure: a star re-export of a package, CommonJS exports (made at run time), ES syntax mixed with module.exports.
    expect(analyzer.analyzeFile(`${FIXTURES}/exports/star-package.mjs`, 'handler')).not.toHaveProperty('fails');
    expect(analyzer.analyzeFile(`${FIXTURES}/v2-cjs/index.js`, 'notThere')).not.toHaveProperty('fails');
    expect(inline("import x from 'y';\nmodule.exports = { other: x };")).not.toHaveProperty('fails');
    // A property named exports or module is not CommonJS's.
    expect(inline("import cfg from './cfg.js';\nexport const main = () => cfg.exports ?? { module: 1 };")).toMatchObject({ fails: 'Runtime.HandlerNotFound' });
  });

  it('an export declared by destructuring (export const { handler } = ...) is there: not reported as surely missing', () => {
    expect(inline('const make = () => ({ handler: async () => 1 });\nexport const { handler } = make();')).not.toHaveProperty('fails');
    expect(inline('const make = () => [async () => 1];\nexport const [handler] = make();')).not.toHaveProperty('fails');
    expect(inline('const make = () => ({ fn: async () => 1 });\nexport const { fn: handler } = make();')).not.toHaveProperty('fails');
  });

  it('says why when the file cannot be read or parsed, without throwing', () => {
    expect(analyzer.analyzeFile(`${FIXTURES}/broken/index.js`, 'handler')).toEqual({ status: 'unavailable', reason: `${FIXTURES}/broken/index.js:2:25: syntax error: Property assignment expected.` });
    expect(analyzer.analyzeFile(`${FIXTURES}/missing/index.js`, 'handler')).toEqual({ status: 'unavailable', reason: `cannot read ${FIXTURES}/missing/index.js: ENOENT` });
  });
});

describe('handler analysis of functions', () => {
  it('finds the handler file in the asset directory, trying .js, .mjs, .cjs, .ts, .mts, .cts', () => {
    const { fns, analyzer } = appOf((s) => {
      fn(s, 'Ts', { code: Code.fromAsset(`${FIXTURES}/v3-esm-ts`) });
      fn(s, 'Mjs', { code: Code.fromAsset(`${FIXTURES}/databases`), handler: 'handler.handler' });
      fn(s, 'Cjs', { code: Code.fromAsset(`${FIXTURES}/http`) });
      fn(s, 'Nested', { code: Code.fromAsset(FIXTURES), handler: 'exports/alias.handler' });
    });
    expect(analyzed(analyzer.of(fns.get('Ts')!)).at.file).toBe(`${FIXTURES}/v3-esm-ts/index.ts`);
    expect(analyzed(analyzer.of(fns.get('Mjs')!)).at.file).toBe(`${FIXTURES}/databases/handler.mjs`);
    expect(analyzed(analyzer.of(fns.get('Cjs')!)).at.file).toBe(`${FIXTURES}/http/index.cjs`);
    expect(analyzed(analyzer.of(fns.get('Nested')!)).at.file).toBe(`${FIXTURES}/exports/alias.mjs`);
  });

  it('parses a file once, however many functions share it, and analyses each function once', () => {
    const { fns, analyzer } = appOf((s) => {
      for (let i = 0; i < 50; i++) fn(s, `F${i}`, { code: Code.fromAsset(`${FIXTURES}/v3-esm-ts`) });
      for (let i = 0; i < 50; i++) fn(s, `I${i}`, { code: Code.fromInline('exports.handler = async () => new (require("@aws-sdk/client-s3").S3Client)({});') });
    });
    const all = [...fns.values()].map((f) => analyzer.of(f));
    expect(all.every((a) => a.status === 'analyzed')).toBe(true);
    expect(analyzer.parsedFiles).toBe(2);
    expect(analyzer.of(fns.get('F0')!)).toBe(all[0]);
    expect(made(analyzer.of(fns.get('I0')!))).toEqual(['new (require("@aws-sdk/client-s3").S3Client)()@1:31']);
  });

  it('does not parse anything until a function is asked about', () => {
    const { analyzer } = appOf((s) => fn(s, 'Fn', { code: Code.fromAsset(`${FIXTURES}/v3-esm-ts`) }));
    expect(analyzer.parsedFiles).toBe(0);
  });

  it('skips code it cannot read by nature: other runtimes, code in S3', () => {
    const { fns, analyzer } = appOf((s) => {
      fn(s, 'Py', { runtime: Runtime.PYTHON_3_13, code: Code.fromInline('def handler(e, c): pass') });
      fn(s, 'S3', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'fn.zip') });
    });
    expect(analyzer.of(fns.get('Py')!)).toEqual({ status: 'skipped', reason: 'the runtime python3.13 is not Node.js' });
    expect(analyzer.of(fns.get('S3')!)).toEqual({ status: 'skipped', reason: 'the code is a zip in S3, which lint does not download' });
  });

  it('says why a handler setting names nothing it can read', () => {
    const { fns, analyzer } = appOf((s) => {
      fn(s, 'Missing', { code: Code.fromAsset(`${FIXTURES}/http`), handler: 'main.handler' });
      fn(s, 'Nested', { code: Code.fromAsset(`${FIXTURES}/http`), handler: 'index.handlers.main' });
      fn(s, 'Inline', {});
    });
    expect(analyzer.of(fns.get('Missing')!)).toEqual({ status: 'unavailable', reason: `the code directory ${FIXTURES}/http has no main.js, .mjs, .cjs, .ts, .mts, .cts`, fails: 'Runtime.ImportModuleError' });
    // The constructs refuse it; an imported template can hold it.
    const inlineModule = { ...fns.get('Inline')!, props: { ...fns.get('Inline')!.props, handler: 'main.handler' } };
    expect(analyzer.of(inlineModule)).toEqual({ status: 'unresolved', reason: "inline code is the file index.js, but the handler 'main.handler' names the module 'main'", fails: 'Runtime.ImportModuleError' });
    expect(analyzer.of(fns.get('Nested')!)).toEqual({ status: 'unresolved', reason: "the handler 'index.handlers.main' names a nested property (handlers.main), which lint does not follow" });
  });
});

describe('handler analysis: inline code and scopes', () => {
  it('analyses inline code as the file index.js', () => {
    const a = inline("import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => new S3Client({});");
    expect(made(a)).toEqual(['new S3Client()@2:36']);
    expect(analyzed(a).constructions[0]!.at.file).toBe('inline:index.js');
  });

  it('a local variable that shadows the module-level cache is not a cache', () => {
    const a = inline(`const { S3Client } = require('@aws-sdk/client-s3');
let client;
exports.handler = async () => {
  let client;
  if (!client) client = new S3Client({});
  return client;
};`);
    expect(made(a)).toEqual(['new S3Client()@5:25']);
  });

  it('an unconditional assignment to a module-level variable replaces the client on every invocation', () => {
    const a = inline(`const { S3Client } = require('@aws-sdk/client-s3');
let client;
exports.handler = async () => {
  client = new S3Client({});
  return client;
};`);
    expect(made(a)).toEqual(['new S3Client()@4:12']);
  });

  it('client = client ?? new X(), client ||= new X() and a ternary on the cache are cached', () => {
    const a = inline(`const { S3Client } = require('@aws-sdk/client-s3');
const { Pool } = require('pg');
let client, pool, other;
exports.handler = async () => {
  client = client ?? new S3Client({});
  pool ||= new Pool();
  other = other ? other : new S3Client({});
};`);
    expect(made(a)).toEqual([]);
  });

  it('what a cached assignment holds is cached: a promise of a client, and a same-file function called only to fill the cache', () => {
    const a = inline(`const { MongoClient } = require('mongodb');
const { Pool } = require('pg');
let clientPromise, poolPromise;
async function connect() {
  const client = new MongoClient(process.env.URI);
  await client.connect();
  return client;
}
const getPool = () => (poolPromise ||= Promise.resolve(new Pool({ max: 1 })));
exports.handler = async () => {
  clientPromise ??= connect();
  await clientPromise;
  return (await getPool()).query('select 1');
};`);
    expect(made(a)).toEqual([]);
    // The same function called outside a cache is read.
    const b = inline(`const { MongoClient } = require('mongodb');
let clientPromise;
function connect() { return new MongoClient(process.env.URI); }
exports.handler = async () => {
  clientPromise ??= connect();
  const fresh = connect();
  const local = undefined ?? new MongoClient('x');
  return [fresh, local];
};`);
    expect(made(b)).toEqual(['new MongoClient()@3:29 via connect', 'new MongoClient()@7:30']);
  });

  it('methods of a module-level object literal the handler calls are followed', () => {
    const a = inline(`const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
function makeAgent() { return new (require('https').Agent)(); }
const queue = {
  async push(body) { await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body })); },
  agent: () => makeAgent(),
};
exports.handler = async (event) => {
  queue.agent();
  for (const r of event.Records) await queue.push(r.body);
};`);
    expect(sent(a)).toEqual(['SendMessageCommand -> env QUEUE_URL@5']);
    expect(analyzed(a).sends[0]!.via).toEqual(['queue.push']);
    expect(made(a)).toEqual(["new (require('https').Agent)()@3:31 via queue.agent>makeAgent"]);
  });

  it('records calls into local modules, whose code is not read', () => {
    const a = inline("const { enqueue } = require('./lib/queue');\nexports.handler = async (e) => enqueue(e);");
    expect(analyzed(a).localCalls).toEqual([{ module: './lib/queue', name: 'enqueue', at: { file: 'inline:index.js', line: 2, column: 32 } }]);
  });

  it('process.env read whole is dynamic', () => {
    expect(analyzed(inline('exports.handler = async () => ({ ...process.env });')).envDynamic).toBe(true);
    expect(analyzed(inline("exports.handler = async (e) => process.env['Q_' + e.name];")).envDynamic).toBe(true);
  });

  it('functions passed by name (records.map(processRecord)) are followed', () => {
    const a = inline(`const { SQSClient } = require('@aws-sdk/client-sqs');
function processRecord(r) { return new SQSClient({}); }
exports.handler = async (event) => Promise.all(event.Records.map(processRecord));`);
    expect(made(a)).toEqual(['new SQSClient()@2:36 via processRecord']);
  });

  it('a syntax error in inline code is a reason, not a throw', () => {
    expect(inline('exports.handler = async () => {')).toEqual({ status: 'unavailable', reason: "inline:index.js:1:32: syntax error: '}' expected." });
  });
});
