import { LAZY_MD5_SOURCE } from './lazy-md5.js';
import { LOG_LINES_SOURCE } from './log-lines.js';

/**
 * The code of an execution environment's worker thread, as source text (run with `eval: true`,
 * so it works the same from sources, from the CLI's bundle and from the published package).
 *
 * It loads the handler module once (INIT), then answers `invoke` messages, one at a time: the
 * handler gets the event and a Lambda `context`; callback-style handlers (three parameters) get a
 * callback. Console output is buffered with Lambda's line format and sent back with the result.
 * Plain JavaScript, CommonJS: it runs before any loader is registered.
 */
export const HOST_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { pathToFileURL } = require('node:url');
const util = require('node:util');
const v8 = require('node:v8');
const nodeModule = require('node:module');
const nodeFs = require('node:fs');
const nodePath = require('node:path');
const nodeDns = require('node:dns');
const nodeCrypto = require('node:crypto');
// An eval'd worker has node -e's globals (require, module, exports, __filename, __dirname); a
// Lambda handler has none of them in an ES module (typeof require === 'undefined' there).
for (const name of ['require', 'module', 'exports', '__filename', '__dirname']) delete globalThis[name];

let handler;
let requestId;
let logs = [];
let clockBase = 0; // simulated epoch ms at the wall time wallBase
let wallBase = performance.now();
const RealDate = Date;
const simNow = () => new RealDate(clockBase + (performance.now() - wallBase));
// The handler's clock is the simulation's: Date.now() and new Date() give the simulated time (which
// follows the wall clock while the code runs), as the events' timestamps and the log lines do; a
// Date made from a value is as it is. Date.prototype, Date.parse and Date.UTC are the real ones,
// so instanceof, subclasses and dates made before stay what they are.
{
  const SimDate = function Date(...args) {
    if (new.target === undefined) return new RealDate(clockBase + (performance.now() - wallBase)).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clockBase + (performance.now() - wallBase)] : args, new.target);
  };
  SimDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: SimDate, writable: true, configurable: true });
  SimDate.now = () => Math.floor(clockBase + (performance.now() - wallBase));
  SimDate.parse = RealDate.parse;
  SimDate.UTC = RealDate.UTC;
  Object.defineProperty(SimDate, 'length', { value: 7 });
  globalThis.Date = SimDate;
}
// Console calls as Lambda's runtime logs them: text or JSON (AWS_LAMBDA_LOG_FORMAT), filtered by AWS_LAMBDA_LOG_LEVEL (see log-lines.ts).
${LOG_LINES_SOURCE}
{
  const env = process.env;
  for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
    console[method] = logEnabled(env, level)
      ? (...args) => {
          if (logs.length < 10000) logs.push(logLine(env, simNow().toISOString(), requestId, level, args));
        }
      : () => {};
  }
}
// What the handler writes to stdout or stderr itself is logged too, line by line, as written.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    for (const line of text.replace(/\n$/, '').split('\n')) if (logs.length < 10000) logs.push(line);
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(cb);
    return true;
  };
}
// No call reaches AWS: the SDK's calls go to AWS_ENDPOINT_URL (the runtime's endpoint); a name in
// amazonaws.com is not looked up (an SDK too old to read AWS_ENDPOINT_URL, an endpoint set in code).
{
  const dns = nodeDns;
  const AWS_HOST = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws)\.?$/i;
  const refuse = (host) => {
    const e = new Error('lambdaform: ' + host + ' is AWS, and the local runtime keeps every call on this machine: the AWS SDK sends to AWS_ENDPOINT_URL (' + process.env.AWS_ENDPOINT_URL + '), which an endpoint set in the handler code, or an AWS SDK older than AWS_ENDPOINT_URL (2023), does not use');
    e.code = 'ENOTFOUND';
    e.hostname = host;
    return e;
  };
  const lookup = dns.lookup;
  dns.lookup = function (host, options, callback) {
    if (typeof host === 'string' && AWS_HOST.test(host)) {
      const cb = typeof options === 'function' ? options : callback;
      process.nextTick(cb, refuse(host));
      return {};
    }
    return lookup.apply(this, arguments);
  };
  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = function (host, options) {
    if (typeof host === 'string' && AWS_HOST.test(host)) return Promise.reject(refuse(host));
    return promiseLookup.apply(this, arguments);
  };
}

// A promise rejection nothing handles ends the runtime, as in Lambda (Runtime.UnhandledPromiseRejection);
// the worker's error event tells it as the error of the running invocation.
process.on('unhandledRejection', (reason) => {
  const e = new Error(String(reason));
  e.name = 'Runtime.UnhandledPromiseRejection';
  throw e;
});

// The error document of Lambda's Node.js runtime (aws-lambda-nodejs-runtime-interface-client,
// toRapidResponse): an Error gives its name, message and stack lines; any other value typeof and
// its toString().
function errorInfo(e) {
  if (util.types.isNativeError(e) || (e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string')) {
    return { errorType: e.name, errorMessage: e.message, trace: userTrace(String(e.stack)) };
  }
  let message;
  try {
    message = String(e);
  } catch {
    message = util.inspect(e);
  }
  return { errorType: typeof e, errorMessage: message, trace: [] };
}

// A stack's lines up to the frame of this host calling the handler: the user's frames, not the simulator's.
function userTrace(stack) {
  const lines = stack.split('\n');
  const host = lines.findIndex((l) => /^\s+at .*\[worker eval\]/.test(l));
  return host < 0 ? lines : lines.slice(0, host);
}

// INIT failures the runtime wraps (Runtime.UserCodeSyntaxError, Runtime.ImportModuleError): the
// message is the original error as text ("SyntaxError: Unexpected token ...").
function wrapped(type, e) {
  const text = String(e);
  const stack = util.types.isNativeError(e) ? String(e.stack ?? '').split('\n').slice(1) : [];
  return { errorType: type, errorMessage: text, trace: [type + ': ' + text, ...stack] };
}

// Lambda reads a .js file as CommonJS unless a package.json inside the deployment package says
// "type": "module"; package.json files above the code directory (this repository's, say) are not
// deployed and do not count. Both loaders are taught that rule.
const moduleRule = [
  'function typeWithin(root, file, path, fs) {',
  '  let d = path.dirname(file);',
  '  for (;;) {',
  "    const p = path.join(d, 'package.json');",
  '    if (fs.existsSync(p)) { try { return JSON.parse(fs.readFileSync(p, "utf8")).type === "module" ? "module" : "commonjs"; } catch { return "commonjs"; } }',
  '    if (d === root) return "commonjs";',
  '    const up = path.dirname(d);',
  '    if (up === d || !up.startsWith(root)) return "commonjs";',
  '    d = up;',
  '  }',
  '}',
].join('\n');

const loaderHook = 'data:text/javascript,' + encodeURIComponent([
  "import * as fs from 'node:fs';",
  "import * as path from 'node:path';",
  "import { fileURLToPath } from 'node:url';",
  moduleRule,
  'let roots = [];',
  'let root = "";',
  'export async function initialize(data) { roots = data.roots; root = data.root; }',
  'export async function resolve(spec, context, next) {',
  '  try { return await next(spec, context); } catch (e) {',
  "    if (e && e.code === 'ERR_MODULE_NOT_FOUND' && !/^[./]/.test(spec) && !spec.includes(':')) {",
  '      for (const r of roots) { try { return await next(spec, { ...context, parentURL: r }); } catch {} }',
  '    }',
  '    throw e;',
  '  }',
  '}',
  'export async function load(url, context, next) {',
  "  if (root && url.startsWith('file:') && url.endsWith('.js')) {",
  '    const file = fileURLToPath(url);',
  "    if (file.startsWith(root + path.sep) && typeWithin(root, file, path, fs) === 'commonjs') return next(url, { ...context, format: 'commonjs' });",
  '  }',
  '  return next(url, context);',
  '}',
].join('\n'));

/** The CommonJS loader's side of the rule: a .js file of the code directory without "type": "module" compiles as CommonJS. */
function teachCommonJs(root) {
  const Module = nodeModule;
  const fs = nodeFs;
  const path = nodePath;
  const typeOf = new Function('root', 'file', 'path', 'fs', moduleRule + '\nreturn typeWithin(root, file, path, fs);');
  const js = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, filename) {
    if (filename.endsWith(".js") && filename.startsWith(root + path.sep) && typeOf(root, filename, path, fs) === "commonjs") {
      module._compile(fs.readFileSync(filename, 'utf8'), filename);
      return;
    }
    return js.call(this, module, filename);
  };
}

async function init() {
  const d = workerData;
  const start = performance.now();
  clockBase = d.clock;
  wallBase = start;
  try {
    // CommonJS: NODE_PATH (set in this thread's environment) names the layers' node_modules.
    nodeModule._initPaths();
    const root = process.env.LAMBDA_TASK_ROOT ?? '';
    if (root) teachCommonJs(root);
    // ES modules: a bare specifier not found from the handler is looked up in the layers; .js files follow Lambda's CommonJS rule.
    // Only when the code needs it (see loader-needs.ts): the hooks cost a loader thread.
    if (d.hooks) nodeModule.register(loaderHook, { data: { roots: d.layerRoots.map((r) => pathToFileURL(r + '/x.js').href), root } });
    if (d.tsx) {
      (await import(d.tsx)).register();
      if (d.tsxCjs) (await import(d.tsxCjs)).register();
    }
    // CommonJS code only (loader-needs.ts ModuleLoading.requireEntry): required, as Lambda's runtime loads it,
    // with no module hooks (a package.json above the code directory may say "type": "module").
    const mod = d.requireEntry ? nodeModule.createRequire(d.file)(d.file) : await import(pathToFileURL(d.file).href);
    let fn = mod;
    for (const part of d.exportName.split('.')) fn = fn == null ? undefined : fn[part];
    if (typeof fn !== 'function' && mod.default && typeof mod.default === 'object') {
      fn = mod.default;
      for (const part of d.exportName.split('.')) fn = fn == null ? undefined : fn[part];
    }
    if (typeof fn !== 'function') {
      return { t: 'initError', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: d.handlerSetting + ' is undefined or not exported', trace: [] } };
    }
    handler = fn;
    return { t: 'ready' };
  } catch (e) {
    if (e instanceof SyntaxError) return { t: 'initError', error: wrapped('Runtime.UserCodeSyntaxError', e) };
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) return { t: 'initError', error: wrapped('Runtime.ImportModuleError', e) };
    return { t: 'initError', error: errorInfo(e) };
  }
}

// Results are arrays, not objects: [id, ok, json | error, durationMs, memoryMb, logs] (cheaper to clone).
// The heap in MB, read again after an invocation of 1 ms or more, or 50 ms after the last read (a read costs
// several microseconds, more than a trivial invocation; a shorter one cannot have grown the heap by much).
let heapMb = 0;
let heapAt = -Infinity;
function usedHeapMb(durationMs, now) {
  if (durationMs >= 1 || now - heapAt >= 50) {
    heapAt = now;
    heapMb = Math.ceil(v8.getHeapStatistics().used_heap_size / 1048576);
  }
  return heapMb;
}

function finish(id, start, err, value) {
  const now = performance.now();
  const durationMs = now - start;
  const memoryMb = usedHeapMb(durationMs, now);
  const out = logs;
  logs = [];
  requestId = undefined;
  if (err !== undefined && err !== null) {
    parentPort.postMessage([id, false, errorInfo(err), durationMs, memoryMb, out]);
    return;
  }
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    parentPort.postMessage([id, false, { errorType: 'Runtime.MarshalError', errorMessage: 'Unable to stringify response body: ' + (e && e.message), trace: [] }, durationMs, memoryMb, out]);
    return;
  }
  parentPort.postMessage([id, true, json, durationMs, memoryMb, out]);
}

// An SQS record's md5OfBody, made when first read: the same code the runtime's thread runs for in-process handlers.
const md5Hex = (text) => nodeCrypto.hash('md5', text);
${LAZY_MD5_SOURCE}
// Completes the records of an event sent without each record's md5OfBody and what follows it (the SQS poller's):
// md5OfBody, then the tail's properties (name, value, ...), the key order of the whole event's text.
function complete(event, tail) {
  const records = event !== null && typeof event === 'object' ? event.Records : undefined;
  if (!Array.isArray(records)) return;
  for (const r of records) {
    lazyMd5(r, r.body);
    for (let i = 0; i < tail.length; i += 2) r[tail[i]] = tail[i + 1];
  }
}

// Invocations are arrays too: [id, eventJson, awsRequestId, invokedFunctionArn, timeoutMs, simulatedEpochMs, tail?]
// (tail: the event's records are to be completed, see complete).
parentPort.on('message', (m) => {
  if (!Array.isArray(m)) return;
  const [id, eventJson, awsRequestId, invokedFunctionArn, timeoutMs, clock, tail] = m;
  const start = performance.now();
  clockBase = clock;
  wallBase = start;
  requestId = awsRequestId;
  let settled = false;
  /** What ends the invocation when the event loop is empty (the last one set wins). */
  let onEmpty;
  const emptied = () => {
    parentPort.ref();
    const fn = onEmpty;
    onEmpty = undefined;
    fn?.();
  };
  const done = (err, value) => {
    if (settled) return;
    settled = true;
    if (onEmpty) {
      onEmpty = undefined;
      process.off('beforeExit', emptied);
      parentPort.ref();
    }
    finish(id, start, err, value);
  };
  // As Lambda's Node.js runtime does: a callback waits for the event loop to be empty (unless
  // context.callbackWaitsForEmptyEventLoop is false); a handler that neither returns a promise nor
  // calls back ends with null when the loop is empty. The worker notices the empty loop by its
  // beforeExit event, which it gets while the port to the runtime does not hold the loop open.
  const whenLoopEmpty = (fn) => {
    if (settled) return;
    const first = onEmpty === undefined;
    onEmpty = fn;
    if (!first) return;
    parentPort.unref();
    process.once('beforeExit', emptied);
  };
  const callback = (err, value) => {
    if (context.callbackWaitsForEmptyEventLoop) whenLoopEmpty(() => done(err, value));
    else done(err, value);
  };
  // Written out, not spread: a spread followed by more properties makes a slow object (see in-process.ts).
  const c = workerData.context;
  const context = {
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    memoryLimitInMB: c.memoryLimitInMB,
    logGroupName: c.logGroupName,
    logStreamName: c.logStreamName,
    awsRequestId,
    invokedFunctionArn,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(timeoutMs - (performance.now() - start))),
    done: (err, value) => done(err, value),
    succeed: (value) => done(null, value),
    fail: (err) => done(err ?? new Error('handled')),
  };
  let event;
  try {
    event = JSON.parse(eventJson);
  } catch {
    event = eventJson;
  }
  if (tail !== undefined) complete(event, tail);
  try {
    const r = handler.length >= 3 ? handler(event, context, callback) : handler(event, context);
    if (r && typeof r.then === 'function') r.then((v) => done(null, v), (e) => done(e ?? new Error('Promise rejected with ' + String(e))));
    else if (!settled && onEmpty === undefined) whenLoopEmpty(() => done(null, null));
  } catch (e) {
    done(e);
  }
});

init().then((msg) => parentPort.postMessage(msg));
`;
