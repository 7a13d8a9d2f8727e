/**
 * A function whose output comes back to it as input loops forever: it sends to the queue that
 * triggers it, publishes to a topic that (perhaps through a queue) invokes it, writes objects
 * that its bucket notification reports, invokes itself. Found on the event graph the model
 * describes, through any number of hops:
 * - a resource triggers a function: event source mapping, subscription, S3 notification, rule;
 * - a topic delivers to a queue (subscription);
 * - a function writes to a resource: a write grant on it (`sqs:SendMessage`, `sns:Publish`,
 *   `s3:PutObject`, `lambda:InvokeFunction`, `kinesis:PutRecord(s)`, `dynamodb:PutItem`, ...,
 *   or an IAM wildcard that matches one: `sqs:SendMessage*`, `s3:Put*`, `sns:*`, `*`),
 *   or an async destination (`onSuccess`, `onFailure`, dead-letter queue).
 * An S3 write closes the loop only when the keys it may write can match the notification's
 * prefix and suffix (a prefix filter that excludes the function's output breaks the loop).
 *
 * When the handler's source can be read (lib/lint/handlers), its sends are hops too: an
 * `InvokeCommand` of its own name (`context.functionName`, an environment variable set to the
 * function), a `SendMessageCommand` to the queue an environment variable names, an S3 write with
 * the key's literal prefix and suffix compared with the notification's filter. The code then
 * decides about a grant to the same resource: a grant the code does not use makes no loop (an
 * `info` finding), one the code may use through modules lint does not read makes a possible loop
 * (a warning); without readable code the grant decides, as before.
 *
 * Lambda stops loops through SQS, SNS, S3 and Lambda's Invoke API after about 16 invocations
 * from one event (unless the function sets `RecursiveLoop: Allow`); loops through Kinesis,
 * DynamoDB streams or EventBridge are not detected. The finding says which applies.
 */
import type { StackGraph } from '../../model/graph.js';
import type { FunctionNode, GrantEdge, ModelEdge, ModelNode, ModelValue, NotificationEdge } from '../../model/types.js';
import { isJoin, isRef, literalText } from '../../model/values.js';
import { envVarsNaming, resolveTarget, serviceOf } from '../handlers/targets.js';
import { formatLocation, type HandlerAnalyzer, type HandlerFacts, type KeyShape, type Send, type SendService } from '../handlers/types.js';
import type { Rule } from '../types.js';
import { actionMatches } from './iam-actions.js';

/**
 * Write actions that produce an event a trigger reacts to, by the node kind they write to. A
 * grant's action matches them as IAM matches it (`sqs:SendMessage*`, `s3:Put*`, `sns:*`, `*`).
 */
const WRITES: Readonly<Record<string, readonly string[]>> = {
  queue: ['sqs:SendMessage', 'sqs:SendMessageBatch'],
  topic: ['sns:Publish'],
  bucket: ['s3:PutObject', 's3:CopyObject'],
  function: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
  version: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
  alias: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
  stream: ['kinesis:PutRecord', 'kinesis:PutRecords'],
  table: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
};

/** The first of a grant's actions that allows a write to a node of `kind`, as the grant spells it. */
function writeAction(actions: readonly string[] | undefined, kind: string): string | undefined {
  const writes = WRITES[kind];
  return writes && actions?.find((a) => writes.some((w) => actionMatches(a, w)));
}

/**
 * The event buses an allowing grant lets the function put events on (`events:PutEvents`), each
 * with the action as the grant spells it: `*` for every bus, `default` for the account's default
 * bus, a bus of the template by its node id, another by `name:<bus name>`.
 */
/** A bus named by its literal name: the bus of the template with that `Name`, else `name:<name>` (the default bus: `default`). */
function busNamed(name: string, graph: StackGraph): string {
  if (name === 'default') return 'default';
  const own = graph.nodes('raw').find((n) => n.props.type === 'AWS::Events::EventBus' && (n.props.properties as { Name?: unknown } | undefined)?.Name === name);
  return own ? own.id : `name:${name}`;
}

function busPuts(grants: readonly GrantEdge[], graph: StackGraph): Array<{ action: string; bus: string }> {
  const out: Array<{ action: string; bus: string }> = [];
  for (const g of grants) {
    if (g.props.effect !== 'Allow' || g.props.conditions !== undefined) continue;
    const action = g.props.actions?.find((a) => actionMatches(a, 'events:PutEvents'));
    if (!action) continue;
    const to = g.to === undefined ? undefined : graph.find(g.to);
    if (to?.kind === 'raw' && to.props.type === 'AWS::Events::EventBus') out.push({ action, bus: to.id });
    for (const r of g.props.resources ?? []) {
      if (r === '*') out.push({ action, bus: '*' });
      else if (typeof r === 'string' || isJoin(r)) {
        const m = /:event-bus\/([^/]+)$/.exec(literalText(r));
        if (m) out.push({ action, bus: busNamed(m[1]!, graph) });
      }
    }
  }
  return out;
}

/** The bus a rule is on, as `busPuts` names buses: no `EventBusName` (or `default`) is the default bus. */
function busOf(rule: ModelNode, graph: StackGraph): string {
  const bus = rule.overrides.find((o) => o.path === 'EventBusName')?.value;
  if (bus === undefined) return 'default';
  if (isRef(bus)) return bus.$ref;
  return busNamed(literalText(bus).split('/').pop() ?? '', graph);
}

/** What the handler's code says of a put on the event bus: nothing when it puts events, else why the grant may or may not be used. */
function eventsEvidence(facts: HandlerFacts): { note: string; evidence?: Hop['evidence'] } | undefined {
  const put = facts.sends.find((s) => s.service === 'events');
  if (put) return { note: ` at ${formatLocation(put.at)}` };
  if (facts.envDynamic) return { note: '; the handler reads process.env by computed names', evidence: 'possible' };
  const local = facts.localCalls[0];
  if (local) return { note: `; the handler calls ${local.name} of ${local.module} at ${formatLocation(local.at)}, which lint does not read`, evidence: 'possible' };
  return { note: `, which the handler (${facts.at.file}) never uses`, evidence: 'unused' };
}

/** Hops Lambda's recursive loop detection follows (SQS, SNS, S3, Lambda's Invoke API). */
const DETECTED_KINDS = new Set(['queue', 'topic', 'bucket', 'function', 'version', 'alias']);

/** One step of a loop: from a node to the next, and how. */
interface Hop {
  readonly to: string;
  readonly how: string;
  /** For a write to a bucket: the key pattern written (`out/*`), to compare with the notification. */
  readonly keys?: string;
  /** For a write to a bucket: the S3 event family the action produces (`s3:ObjectCreated`). */
  readonly produces?: string;
  /** The trigger filters what it passes on (an SNS filter policy, mapping filters): the loop holds only if the function's output passes the filter. */
  readonly filtered?: boolean;
  /**
   * A write by grant whose handler code was read and does not (visibly) use it: `possible` when
   * the code may send there through modules lint does not read, `unused` when it never does.
   * Absent: the code does the write, or cannot be read and the grant decides.
   */
  readonly evidence?: 'possible' | 'unused';
}

export const recursiveLoop: Rule = {
  meta: {
    id: 'recursive-loop',
    severity: 'error',
    description: "a function's output never comes back to it as input (queue, topic, bucket, stream, table, rule or itself), however many hops away",
    docs: 'docs/rules.md#recursive-loop',
    recommended: true,
  },
  check({ graph, handlers, report }) {
    const hops = buildHops(graph, handlers);
    const seen = new Set<string>();
    for (const fn of graph.nodes('function')) {
      for (const cycle of cyclesFrom(fn.id, hops)) {
        const key = canonical(cycle.map((h) => h.to));
        if (seen.has(key)) continue;
        seen.add(key);
        // A bucket is reached as `<bucket>#<notification>`: the bucket is what the user knows.
        const node = (id: string) => graph.find(id.split('#')[0]!);
        const path = [fn.origin.path, ...cycle.map((h) => `${h.how} ${node(h.to)?.origin.path ?? h.to}`)].join(' -> ');
        const kinds = cycle.map((h) => node(h.to)?.kind ?? '');
        const detected = kinds.every((k) => DETECTED_KINDS.has(k));
        const functions = cycle.map((h) => graph.functionOf(h.to)).filter((f) => f !== undefined);
        const allowed = functions.some((f) => f.props.recursiveLoop === 'Allow');
        // A filter on the way may stop the function's own output: the loop is possible, not certain.
        const filtered = cycle.some((h) => h.filtered);
        // A grant the handler never uses closes no loop; one it may use through unread code, perhaps.
        const unused = cycle.some((h) => h.evidence === 'unused');
        const possible = cycle.some((h) => h.evidence === 'possible');
        const doubts = [filtered ? 'unless the filter on the way drops what the function sends' : '', possible ? 'the handler may send there through code lint does not read' : ''].filter(Boolean);
        const aws = !detected
          ? 'Lambda does not detect loops through Kinesis, DynamoDB streams or EventBridge: it runs until someone stops it'
          : allowed
            ? 'Lambda would stop it after about 16 invocations, but a function in it sets RecursiveLoop: Allow'
            : 'Lambda stops it after about 16 invocations from one event (RecursiveLoop: Terminate), after it has already run and been billed';
        if (unused) {
          report({
            at: fn,
            severity: 'info',
            message: `no recursive loop in the code, but the permissions allow one: ${path}. ${aws}`,
            hint: 'remove the write permission if the code does not need it: a grant alone makes no loop, but the next change to the handler could close one',
          });
          continue;
        }
        report({
          at: fn,
          // RecursiveLoop: Allow says the loop is meant, and a filter or unread code may break it: a warning, not an error.
          severity: allowed || doubts.length > 0 ? 'warning' : 'error',
          message: `${doubts.length > 0 ? `possible recursive loop (${doubts.join('; ')})` : 'recursive loop'}: ${path}. ${aws}`,
          hint: loopHint(kinds),
        });
      }
    }
  },
};

/** How to break a loop through these kinds of nodes: the S3 filter only when a bucket is on the way; a filter of the function's own output when a stream, table or rule is. */
function loopHint(kinds: readonly string[]): string {
  const ways = ['send the output somewhere that does not trigger the function (another queue, topic, bucket or table)'];
  if (kinds.includes('bucket')) ways.push('give the S3 notification a prefix or suffix that the function never writes');
  if (kinds.some((k) => k === 'table' || k === 'stream' || k === 'schedule')) ways.push("filter the trigger so the function's own writes do not pass (a mapping filter on a marker attribute, an event pattern that excludes them)");
  return ways.join(', or ');
}

/** Every directed hop of the event graph, by the node it leaves. Versions and aliases count as their function. */
function buildHops(graph: StackGraph, handlers: HandlerAnalyzer): Map<string, Hop[]> {
  const out = new Map<string, Hop[]>();
  const add = (from: string, hop: Hop): void => {
    const list = out.get(from);
    if (list) list.push(hop);
    else out.set(from, [hop]);
  };
  const fnOf = (id: string): string => graph.functionOf(id)?.id ?? id;
  // Triggers: a resource invokes a function (or, for SNS, delivers to a queue).
  for (const e of [...graph.edges('eventSourceMapping'), ...graph.edges('subscription'), ...graph.edges('ruleTarget')]) {
    const filtered = (e.kind === 'eventSourceMapping' && e.props.filters.length > 0) || (e.kind === 'subscription' && e.props.filterPolicy !== undefined);
    if (e.to) add(e.from, { to: fnOf(e.to), how: triggerName(e), ...(filtered ? { filtered } : {}) });
  }
  // Writes: a function's destinations, the sends of its handler code, its grants on resources that trigger something.
  for (const fn of graph.nodes('function')) {
    // Destinations first: they are why their delivery grants exist, and name the hop better.
    for (const d of graph.edgesFrom(fn.id, 'destination')) {
      if (d.to) add(fn.id, { to: fnOf(d.to), how: `(${d.props.condition} destination)` });
      // A destination on the default event bus: every pattern rule on it may match the invocation record.
      else if (d.props.eventBus === 'default') {
        for (const rule of graph.nodes('schedule')) if (rule.props.eventPattern !== undefined && busOf(rule, graph) === 'default') add(fn.id, { to: rule.id, how: `(${d.props.condition} destination, the default event bus)`, filtered: true });
      }
    }
    const grants: Array<{ grant: GrantEdge; target: ModelNode; action: string }> = [];
    const roleRef = fn.props.role;
    if (isRef(roleRef)) {
      for (const g of graph.edgesFrom(roleRef.$ref, 'grant')) {
        if (g.props.effect !== 'Allow' || !g.to) continue;
        const target = graph.find(g.to);
        const action = target && writeAction(g.props.actions, target.kind);
        if (!target || !action) continue;
        if (target.kind === 'table' && !target.props.streamViewType) continue;
        grants.push({ grant: g, target, action });
      }
    }
    const analysis = handlers.of(fn);
    const code = analysis.status === 'analyzed' ? codeHops(fn, analysis, graph, new Set(grants.map((g) => fnOf(g.target.id)))) : undefined;
    for (const hop of code?.hops ?? []) add(fn.id, hop);
    // A put on an event bus reaches every pattern rule on that bus.
    const puts = isRef(roleRef) ? busPuts(graph.edgesFrom(roleRef.$ref, 'grant'), graph) : [];
    if (puts.length > 0) {
      const evidence = analysis.status === 'analyzed' ? eventsEvidence(analysis) : undefined;
      for (const rule of graph.nodes('schedule')) {
        if (rule.props.eventPattern === undefined) continue;
        const bus = busOf(rule, graph);
        const put = puts.find((p) => p.bus === '*' || p.bus === bus);
        if (put) add(fn.id, { to: rule.id, how: `(${put.action}${evidence?.note ?? ''})`, filtered: true, ...(evidence?.evidence ? { evidence: evidence.evidence } : {}) });
      }
    }
    for (const { grant, target, action } of grants) {
      const to = fnOf(target.id);
      const service = serviceOf(target.kind);
      // The code's own sends to the resource replace the grant's hop: they say which line, and which keys.
      if (code && service && code.targets.has(to)) continue;
      const evidence = analysis.status === 'analyzed' && service ? grantEvidence(fn, analysis, target, service, graph) : undefined;
      // Writes to a bucket lint cannot tell (`Bucket: record.s3.bucket.name`): each may be this one, with the keys its code writes.
      if (target.kind === 'bucket' && evidence?.unknown && evidence.unknown.length > 0) {
        for (const send of evidence.unknown) {
          const keys = sentKeys(send.key);
          add(fn.id, { to, how: `(${action}${unknownNote(send, 's3')})`, keys: keys === '*' ? writtenKeys(grant, target) : keys, produces: 's3:ObjectCreated' });
        }
        continue;
      }
      add(fn.id, {
        to,
        how: `(${action}${evidence?.note ?? ''})`,
        ...(evidence?.evidence ? { evidence: evidence.evidence } : {}),
        ...(target.kind === 'bucket' ? { keys: writtenKeys(grant, target), produces: 's3:ObjectCreated' } : {}),
      });
    }
  }
  // S3 notifications: kept per notification, to compare the keys written with its filter.
  const notifications = graph.edges('notification');
  // (no notifications: no hop goes on through a bucket)
  for (const [from, list] of notifications.length > 0 ? out : []) {
    out.set(
      from,
      list.flatMap((hop) => {
        if (hop.keys === undefined) return [hop];
        // A write to a bucket goes on to the functions its notifications invoke, where the keys can match.
        const matching = notifications.filter((n) => n.from === hop.to && n.to && n.props.events.some((ev) => ev.startsWith(`${hop.produces}:`)) && keysMayMatch(hop.keys!, n));
        return [hop, ...matching.map((n) => ({ to: `${hop.to}#${n.id}`, how: hop.how }))];
      }),
    );
  }
  for (const n of notifications) if (n.to) add(`${n.from}#${n.id}`, { to: fnOf(n.to), how: `(S3 notification${filterText(n)})` });
  return out;
}

/**
 * The hops of a handler's sends that reach resources of the stack, and the resources (functions
 * for Lambda targets) they reach. `granted` holds the resources the function's role may write.
 */
function codeHops(fn: FunctionNode, facts: HandlerFacts, graph: StackGraph, granted: ReadonlySet<string>): { hops: Hop[]; targets: Set<string> } {
  const hops: Hop[] = [];
  const targets = new Set<string>();
  for (const send of facts.sends) {
    if (send.service === 'events') continue;
    const r = resolveTarget(send.target, send.service, fn, graph);
    if (r.kind !== 'nodes') continue;
    for (const id of r.ids) {
      const to = graph.functionOf(id)?.id ?? id;
      targets.add(to);
      const self = send.target.kind === 'self' ? ` of ${send.target.via}` : '';
      const ungranted = granted.has(to) ? '' : '; no grant of the stack allows it';
      hops.push({ to, how: `(${send.call}${self} at ${formatLocation(send.at)}${ungranted})`, ...(send.service === 's3' ? { keys: sentKeys(send.key), produces: 's3:ObjectCreated' } : {}) });
    }
  }
  return { hops, targets };
}

/** An S3 key's shape as a pattern `keysMayMatch` compares: `out/a.png`, `out/*.png`, `*`. */
function sentKeys(key: KeyShape | undefined): string {
  if (!key) return '*';
  return key.exact ? key.prefix : `${key.prefix}*${key.suffix}`;
}

const NOUNS: Readonly<Record<SendService, string>> = { lambda: 'function', sqs: 'queue', sns: 'topic', s3: 'bucket', events: 'event bus' };

/**
 * What the handler's code says about a grant to `target` it has no resolved send to: a send of
 * the same service to a target lint cannot tell (the grant stands), the target's name read or
 * code lint does not read (the loop is possible), or nothing (the grant is unused).
 */
function grantEvidence(fn: FunctionNode, facts: HandlerFacts, target: ModelNode, service: SendService, graph: StackGraph): { note: string; evidence?: Hop['evidence']; unknown?: readonly Send[] } {
  const unknown: Send[] = facts.sends.filter((s) => s.service === service && resolveTarget(s.target, service, fn, graph).kind === 'unknown');
  if (unknown.length > 0) return { note: unknownNote(unknown[0]!, service), unknown };
  const read = envVarsNaming(fn, target, graph).filter((name) => facts.envReads.includes(name));
  if (read.length > 0) return { note: `; the handler reads process.env.${read[0]} but sends it nowhere lint can follow`, evidence: 'possible' };
  if (facts.envDynamic) return { note: '; the handler reads process.env by computed names', evidence: 'possible' };
  const local = facts.localCalls[0];
  if (local) return { note: `; the handler calls ${local.name} of ${local.module} at ${formatLocation(local.at)}, which lint does not read`, evidence: 'possible' };
  return { note: `, which the handler (${facts.at.file}) never uses`, evidence: 'unused' };
}

/** How a hop names a send whose target lint cannot tell. */
function unknownNote(send: Send, service: SendService): string {
  const what = send.target.kind === 'env' ? `process.env.${send.target.name}, which the function's environment does not set` : send.target.kind === 'unknown' ? send.target.text : 'a value lint cannot tell';
  return `; the handler sends to a ${NOUNS[service]} lint cannot tell (${what}) at ${formatLocation(send.at)}`;
}

/** Loops from `start` back to it: each a list of hops, shortest first, each node visited once. */
function cyclesFrom(start: string, hops: Map<string, Hop[]>): Hop[][] {
  const found: Hop[][] = [];
  const path: Hop[] = [];
  const onPath = new Set<string>([start]);
  const visit = (node: string): void => {
    for (const hop of hops.get(node) ?? []) {
      if (hop.to === start) {
        found.push([...path, hop]);
        continue;
      }
      // A node reached as a bucket (hop.keys) only continues through its filtered notifications.
      if (hop.keys !== undefined || onPath.has(hop.to) || path.length > 12) continue;
      onPath.add(hop.to);
      path.push(hop);
      visit(hop.to);
      path.pop();
      onPath.delete(hop.to);
    }
  };
  visit(start);
  return found.sort((a, b) => a.length - b.length);
}

/** The same cycle found from another of its functions has the same key. */
function canonical(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  const start = ids.indexOf(sorted[0]!);
  return [...ids.slice(start), ...ids.slice(0, start)].join('>');
}

function triggerName(e: ModelEdge): string {
  switch (e.kind) {
    case 'eventSourceMapping':
      return `(${e.props.sourceType === 'sqs' ? 'SQS' : e.props.sourceType === 'kinesis' ? 'Kinesis' : 'DynamoDB stream'} event source mapping)`;
    case 'subscription':
      return '(SNS subscription)';
    case 'ruleTarget':
      return '(EventBridge rule)';
    default:
      return `(${e.kind})`;
  }
}

function filterText(n: NotificationEdge): string {
  const parts = [n.props.prefix !== undefined ? `prefix '${n.props.prefix}'` : '', n.props.suffix !== undefined ? `suffix '${n.props.suffix}'` : ''].filter(Boolean);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

/**
 * The object keys a grant lets the function write in a bucket: the part of the resource ARN
 * after `<bucket ARN>/` (`out/*`), `*` when the grant names every object (or is not understood).
 */
function writtenKeys(g: GrantEdge, bucket: ModelNode): string {
  for (const r of g.props.resources ?? []) {
    const key = keyPattern(r, bucket);
    if (key !== undefined) return key;
  }
  return '*';
}

function keyPattern(r: ModelValue, bucket: ModelNode): string | undefined {
  if (isJoin(r)) {
    const [first, ...rest] = r.$join;
    if (isRef(first) && first.$ref === bucket.id && rest.every((p) => typeof p === 'string')) {
      const tail = (rest as string[]).join('');
      return tail.startsWith('/') ? tail.slice(1) : undefined;
    }
    // A named bucket's ARN is written as text: arn:...:s3:::name/keys
    const text = literalText(r);
    const m = /:s3:::[^/]+\/(.*)$/.exec(text);
    if (m) return m[1];
  }
  if (typeof r === 'string') {
    const m = /^arn:[^:]+:s3:::[^/]+\/(.*)$/.exec(r);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Whether a key the pattern allows (`out/*`, `a/b.png`, `*`) can also match the notification's
 * prefix and suffix: the pattern's literal start and end are compared with them.
 */
function keysMayMatch(pattern: string, n: NotificationEdge): boolean {
  const star = pattern.indexOf('*');
  const head = star === -1 ? pattern : pattern.slice(0, star);
  const tail = star === -1 ? pattern : pattern.slice(pattern.lastIndexOf('*') + 1);
  const prefix = n.props.prefix ?? '';
  const suffix = n.props.suffix ?? '';
  const prefixOk = star === -1 ? pattern.startsWith(prefix) : head.startsWith(prefix) || prefix.startsWith(head);
  const suffixOk = star === -1 ? pattern.endsWith(suffix) : tail.endsWith(suffix) || suffix.endsWith(tail);
  return prefixOk && suffixOk;
}
