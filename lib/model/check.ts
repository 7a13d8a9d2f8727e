/**
 * The hard invariants every model satisfies, wherever it came from (constructs today, an imported
 * template next): ids unique, references resolvable, user keys escaped, values within the limits
 * AWS enforces, and the combinations CloudFormation refuses absent. A model that breaks one would
 * give a template CloudFormation rejects, or mislead every reader; the builder refuses it.
 */
import type { Problem } from '../core/errors.js';
import { LIMITS, rangeMessage, textProblem, type Limit } from './defaults.js';
import { environmentBytes, UNKNOWN_ATTRIBUTE_MAX } from './environment.js';
import { StackGraph } from './graph.js';
import type { AppModel, ModelNode, StackModel } from './types.js';
import { isEscapedKey, isExpr, isJoin, isPseudo, isRef } from './values.js';

const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName']);

/** Every invariant broken by the model, as problems (empty when the model is sound). */
export function checkModel(model: AppModel): Problem[] {
  const out: Problem[] = [];
  const names = new Map<string, string>();
  for (const s of model.stacks) {
    const other = names.get(s.name);
    if (other !== undefined) out.push({ code: 'duplicate-stack-name', path: s.path, message: `stack name '${s.name}' is already used by ${other}` });
    names.set(s.name, s.path);
    out.push(...checkStack(s));
  }
  return out;
}

/** Every invariant broken by one stack. */
export function checkStack(stack: StackModel): Problem[] {
  const out: Problem[] = [];
  const fail = (path: string, code: string, message: string): void => void out.push({ code, path, message });
  const graph = StackGraph.of(stack);

  // A resource outside the stack (the node's `imported`) is written as no resource.
  if (stack.nodes.every((n) => n.imported !== undefined)) {
    fail(stack.path, 'empty-stack', 'the stack has no resources, and CloudFormation refuses a template without any; add a resource or remove the stack');
  }
  // Each node is at least one resource of the template (the backends check the rendered count too).
  const resources = LIMITS.stack.resources;
  if (stack.nodes.length > resources.max) {
    fail(stack.path, 'too-many-resources', `a template can have at most ${resources.max} resources, and this stack has ${stack.nodes.length} resources before the ones lambdaform adds for them; split it into several stacks`);
  }
  if (stack.outputs.length > LIMITS.stack.outputs.max) {
    fail(stack.path, 'too-many-outputs', `a template can have at most ${LIMITS.stack.outputs.max} outputs, got ${stack.outputs.length}`);
  }

  // Ids and logical ids.
  const ids = new Set<string>();
  const logicalIds = new Map<string, string>();
  const claim = (logicalId: string | undefined, path: string): void => {
    if (logicalId === undefined) return;
    const invalid = textProblem('logical id', logicalId, LIMITS.stack.logicalId);
    if (invalid) fail(path, 'invalid-logical-id', invalid);
    const other = logicalIds.get(logicalId);
    if (other !== undefined) fail(path, 'duplicate-logical-id', `logical id '${logicalId}' is already used by ${other}; rename one of the constructs or call overrideLogicalId()`);
    logicalIds.set(logicalId, path);
  };
  for (const n of stack.nodes) {
    if (ids.has(n.id)) fail(n.id, 'duplicate-id', `node id '${n.id}' is used twice`);
    ids.add(n.id);
    claim(n.logicalId, n.origin.path);
  }
  const edgeIds = new Set<string>();
  for (const e of stack.edges) {
    if (edgeIds.has(e.id)) fail(e.id, 'duplicate-id', `edge id '${e.id}' is used twice`);
    edgeIds.add(e.id);
    claim(e.logicalId, e.origin.path);
  }
  const outputIds = new Set<string>();
  for (const o of stack.outputs) {
    if (outputIds.has(o.logicalId)) fail(o.origin.path, 'duplicate-logical-id', `output logical id '${o.logicalId}' is used twice`);
    outputIds.add(o.logicalId);
  }

  // References: symbolic values, and the node ids edges and props name.
  const known = (id: string | undefined, path: string, what: string): void => {
    if (id !== undefined && !ids.has(id)) fail(path, 'dangling-reference', `${what} ${id}, which is not a resource of stack ${stack.name}`);
  };
  const values = (v: unknown, path: string, at: string): void => walkValue(v, [at], (problem) => fail(path, problem.code, problem.message), ids, stack.name);
  for (const n of stack.nodes) {
    values(n.props, n.id, 'props');
    if (n.imported) values(n.imported.attributes, n.id, 'imported.attributes');
    for (const o of n.overrides) values(o.value, n.id, `overrides.${o.path}`);
    n.dependsOn.forEach((d) => known(d, n.id, 'depends on'));
    nodeReferences(n).forEach(([what, id]) => known(id, n.id, what));
  }
  for (const e of stack.edges) {
    values(e.props, e.id, 'props');
    if (!e.from.startsWith('principal:')) known(e.from, e.id, 'starts at');
    known(e.to, e.id, 'points at');
    e.dependsOn?.forEach((d) => known(d, e.id, 'depends on'));
    if (e.kind === 'eventSourceMapping') known(e.props.onFailure, e.id, 'sends failures to');
    if (e.kind === 'ruleTarget' || e.kind === 'subscription') known(e.props.deadLetterQueue, e.id, 'sends undeliverable events to');
  }
  for (const o of stack.outputs) values(o.value, o.origin.path, 'value');

  // Values within AWS's limits.
  const limit = (path: string, property: string, value: number | undefined, l: Limit): void => {
    if (value === undefined) return;
    if (l.integer && Number.isFinite(value) && !Number.isInteger(value)) fail(path, 'not-an-integer', `${property} must be a whole number${l.unit ? ` of ${l.unit}` : ''}, got ${value}`);
    else if (!Number.isFinite(value) || value < l.min || value > l.max) fail(path, 'out-of-range', rangeMessage(property, l, value));
  };
  for (const n of stack.nodes) {
    if (n.kind === 'function') {
      const f = LIMITS.function;
      limit(n.id, 'memorySize', n.props.memorySizeMb, f.memorySize);
      limit(n.id, 'timeout', n.props.timeoutSeconds, f.timeout);
      limit(n.id, 'ephemeralStorageSize', n.props.ephemeralStorageMb, f.ephemeralStorage);
      limit(n.id, 'reservedConcurrentExecutions', n.props.reservedConcurrency, f.reservedConcurrency);
      limit(n.id, 'retryAttempts', n.props.retryAttempts, f.retryAttempts);
      limit(n.id, 'maxEventAge', n.props.maxEventAgeSeconds, f.maxEventAge);
      limit(n.id, 'layers (count)', n.props.layers.length, f.layers);
      const code = functionCodeBytes(stack, n);
      if (code.bytes > f.unzippedCodeBytes.max) {
        fail(n.id, 'out-of-range', `code and layers must be at most ${f.unzippedCodeBytes.max} bytes unzipped (Lambda's 250 MB quota), got ${code.bytes}: ${code.parts.join(', ')}`);
      }
      const env = environmentBytes(n.props.environment, (id) => graph.find(id)?.kind);
      const envMax = f.environmentBytes.max;
      if (env.bytes > envMax) {
        const tokens = env.tokens
          ? `, counting its ${env.tokens} deploy-time value${env.tokens === 1 ? '' : 's'} (ARNs, URLs, names known only at deploy) at the longest AWS allows them to be; Lambda refuses the function if the resolved environment is larger`
          : '';
        fail(n.id, 'out-of-range', `environment must be at most ${envMax} bytes in total (keys + values), got ${env.bytes}${tokens}`);
      } else if (env.unknown > 0 && env.bytes + env.unknown * UNKNOWN_ATTRIBUTE_MAX > envMax) {
        out.push({
          code: 'environment-size-unknown',
          path: n.id,
          severity: 'warning',
          message: `environment is ${env.bytes} bytes plus ${env.unknown} deploy-time value${env.unknown === 1 ? '' : 's'} of raw resources whose length is not known before deploy (up to ${UNKNOWN_ATTRIBUTE_MAX} bytes each); Lambda refuses the function if the resolved environment is over ${envMax} bytes`,
        });
      }
    } else if (n.kind === 'queue') {
      const q = LIMITS.queue;
      limit(n.id, 'visibilityTimeout', n.props.visibilityTimeoutSeconds, q.visibilityTimeout);
      limit(n.id, 'retentionPeriod', n.props.retentionPeriodSeconds, q.retentionPeriod);
      limit(n.id, 'deliveryDelay', n.props.deliveryDelaySeconds, q.deliveryDelay);
      limit(n.id, 'receiveMessageWaitTime', n.props.receiveWaitTimeSeconds, q.receiveMessageWaitTime);
      limit(n.id, 'maxMessageSize', n.props.maxMessageSizeBytes, q.maxMessageSize);
      limit(n.id, 'deadLetterQueue.maxReceiveCount', n.props.deadLetter?.maxReceiveCount, q.maxReceiveCount);
    }
  }
  for (const e of graph.edges('eventSourceMapping')) {
    if (e.props.sourceType !== 'sqs' || !e.to) continue;
    const queue = graph.find(e.from);
    const fn = graph.functionOf(e.to);
    if (queue?.kind !== 'queue' || !fn || queue.imported || fn.imported) continue; // (settings of a resource outside the stack are unknown)
    const message = visibilityProblem(queue.origin.path, queue.props.visibilityTimeoutSeconds ?? LIMITS.queue.visibilityTimeout.default!, fn.origin.path, fn.props.timeoutSeconds);
    if (message) fail(e.id, 'visibility-below-timeout', message);
  }
  return out;
}

/**
 * Why an SQS mapping from a queue to a function cannot be deployed (the queue's visibility
 * timeout is shorter than the function's timeout), or undefined.
 */
export function visibilityProblem(queuePath: string, visibilitySeconds: number, functionPath: string, timeoutSeconds: number): string | undefined {
  if (visibilitySeconds >= timeoutSeconds) return undefined;
  return `the visibility timeout of ${queuePath} (${visibilitySeconds} seconds) must be at least the timeout of ${functionPath} (${timeoutSeconds} seconds); CloudFormation refuses this mapping (AWS recommends 6 x the function timeout)`;
}

/** The unzipped bytes of code (an asset of the stack, or inline); undefined when they cannot be known. */
function codeBytes(stack: StackModel, code: { kind: string; assetId?: string; source?: string }): number | undefined {
  return code.kind === 'asset' ? stack.assets.find((a) => a.id === code.assetId)?.unzippedBytes : code.kind === 'inline' ? Buffer.byteLength(code.source ?? '', 'utf8') : undefined;
}

/**
 * The unzipped bytes of a function's code and of its layers that are assets of the stack, with
 * each part named; `unknown` names the parts whose size cannot be known (code in a bucket, layers
 * given by ARN).
 */
export function functionCodeBytes(stack: StackModel, fn: Extract<ModelNode, { kind: 'function' }>): { bytes: number; parts: string[]; unknown: string[] } {
  const graph = StackGraph.of(stack);
  const parts: Array<[string, number | undefined]> = [['the function code', codeBytes(stack, fn.props.code)]];
  for (const l of fn.props.layers) {
    const layer = isRef(l) ? graph.find(l.$ref) : undefined;
    parts.push([layer?.kind === 'layer' ? `layer ${layer.id}` : `layer ${typeof l === 'string' ? l : JSON.stringify(l)}`, layer?.kind === 'layer' ? codeBytes(stack, layer.props.code) : undefined]);
  }
  const known = parts.filter((p): p is [string, number] => p[1] !== undefined);
  return { bytes: known.reduce((n, [, b]) => n + b, 0), parts: known.map(([what, b]) => `${what}: ${b} bytes`), unknown: parts.filter((p) => p[1] === undefined).map(([what]) => what) };
}

/** Node ids a node's props name directly (not through `$ref`). */
function nodeReferences(n: ModelNode): Array<[string, string | undefined]> {
  switch (n.kind) {
    case 'version':
      return [['is a version of', n.props.functionId]];
    case 'alias':
      return [
        ['is an alias of', n.props.functionId],
        ['points at', n.props.version === '$LATEST' ? undefined : n.props.version],
        ...n.props.additionalVersions.map((w): [string, string | undefined] => ['shifts traffic to', w.version === '$LATEST' ? undefined : w.version]),
        ['runs the pre-traffic hook', n.props.deployment?.preTraffic],
        ['runs the post-traffic hook', n.props.deployment?.postTraffic],
      ];
    case 'queue':
      return [['sends dead letters to', n.props.deadLetter?.queue]];
    default:
      return [];
  }
}

/**
 * Checks a model value: symbolic values well-formed and resolvable, user keys escaped. `at` is the
 * value's path in pieces (a name, then keys and list indexes), pushed and popped as the walk goes
 * and written out only for a problem (`props.environment.QUEUE_URL`, `props.layers[0]`).
 */
function walkValue(v: unknown, at: Array<string | number>, report: (p: { code: string; message: string }) => void, ids: ReadonlySet<string>, stackName: string): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      at.push(i);
      walkValue(v[i], at, report, ids, stackName);
      at.pop();
    }
    return;
  }
  if (isRef(v)) {
    if (!ids.has(v.$ref)) report({ code: 'dangling-reference', message: `${pathText(at)} references ${v.$ref}, which is not a resource of stack ${stackName}` });
    return;
  }
  if (isPseudo(v)) {
    if (!PSEUDO.has(v.$pseudo)) report({ code: 'invalid-value', message: `${pathText(at)} names the unknown pseudo parameter '${v.$pseudo}'` });
    return;
  }
  if (isExpr(v)) return; // an imported template's own expression, written back as it was
  if (isJoin(v)) {
    at.push('$join');
    v.$join.forEach((x, i) => {
      at.push(i);
      if (typeof x !== 'string' && !isRef(x) && !isPseudo(x) && !isExpr(x)) report({ code: 'invalid-value', message: `${pathText(at)} must be a string, a $ref, a $pseudo or an $expr` });
      else walkValue(x, at, report, ids, stackName);
      at.pop();
    });
    at.pop();
    return;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    at.push(k);
    if (!isEscapedKey(k)) report({ code: 'unescaped-key', message: `${pathText(at)}: a key of user data that starts with '$' must be stored escaped ('$${k}')` });
    walkValue((v as Record<string, unknown>)[k], at, report, ids, stackName);
    at.pop();
  }
}

/** A path in pieces as text: `props`, then `.key` and `[index]`. */
function pathText(at: ReadonlyArray<string | number>): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
