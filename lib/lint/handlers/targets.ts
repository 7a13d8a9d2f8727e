/**
 * Which resources of the model a handler's send goes to: an environment variable the function's
 * configuration sets to a reference (`{ QUEUE_URL: queue.queueUrl }`), a literal name, URL or ARN
 * equal to a resource's physical name, or the function itself (`context.functionName`).
 */
import type { StackGraph } from '../../model/graph.js';
import type { FunctionNode, ModelNode, ModelValue, NodeKind } from '../../model/types.js';
import { collectRefs, isJoin, isRef } from '../../model/values.js';
import type { CodeValue, SendService } from './types.js';

/** Where a send goes, as far as the model tells. */
export type TargetResolution =
  /** These nodes of the stack (one, usually; a template of several references may be any of them). */
  | { readonly kind: 'nodes'; readonly ids: readonly string[] }
  /** Something known that is not in the stack (a literal name no resource has, a reference to another kind of resource). */
  | { readonly kind: 'external' }
  /** Cannot be told: a value computed at run time, an environment variable the function does not set. */
  | { readonly kind: 'unknown' };

/** The node kinds each service sends to. */
export const SERVICE_KINDS: Readonly<Record<SendService, readonly NodeKind[]>> = {
  lambda: ['function', 'version', 'alias'],
  sqs: ['queue'],
  sns: ['topic'],
  s3: ['bucket'],
  events: [],
};

/** The service that writes to a node kind (`queue` → `sqs`), if handler analysis follows it. */
export function serviceOf(kind: NodeKind): SendService | undefined {
  return (Object.keys(SERVICE_KINDS) as SendService[]).find((s) => SERVICE_KINDS[s].includes(kind));
}

const UNKNOWN: TargetResolution = { kind: 'unknown' };
const EXTERNAL: TargetResolution = { kind: 'external' };

/** The nodes of the stack a value the handler sends to may be. */
export function resolveTarget(value: CodeValue, service: SendService, fn: FunctionNode, graph: StackGraph): TargetResolution {
  switch (value.kind) {
    case 'self':
      return service === 'lambda' ? { kind: 'nodes', ids: [fn.id] } : UNKNOWN;
    case 'literal':
      return byName(value.value, service, graph);
    case 'env': {
      const v = fn.props.environment[value.name];
      return v === undefined ? UNKNOWN : fromModelValue(v, service, graph);
    }
    case 'template': {
      const ids = new Set<string>();
      let unknown = false;
      for (const part of value.parts) {
        if (part.kind === 'literal') continue;
        const r = resolveTarget(part, service, fn, graph);
        if (r.kind === 'nodes') r.ids.forEach((id) => ids.add(id));
        else if (r.kind === 'unknown') unknown = true;
      }
      return ids.size > 0 ? { kind: 'nodes', ids: [...ids] } : unknown ? UNKNOWN : EXTERNAL;
    }
    case 'unknown':
      return UNKNOWN;
  }
}

/** The environment variables of a function that name a node: a reference to it, or its literal name (and `AWS_LAMBDA_FUNCTION_NAME` for the function itself). */
export function envVarsNaming(fn: FunctionNode, node: ModelNode, graph: StackGraph): string[] {
  const service = serviceOf(node.kind);
  const out = Object.entries(fn.props.environment)
    .filter(([, v]) => {
      if (collectRefs(v).has(node.id)) return true;
      if (typeof v !== 'string' || service === undefined) return false;
      const r = byName(v, service, graph);
      return r.kind === 'nodes' && r.ids.includes(node.id);
    })
    .map(([k]) => k);
  if (node.id === fn.id) out.push('AWS_LAMBDA_FUNCTION_NAME');
  return out;
}

function fromModelValue(v: ModelValue, service: SendService, graph: StackGraph): TargetResolution {
  if (typeof v === 'string') return byName(v, service, graph);
  if (isRef(v) || isJoin(v)) {
    const refs = [...collectRefs(v)];
    if (refs.length === 0) return UNKNOWN;
    const ids = refs.filter((id) => SERVICE_KINDS[service].includes(graph.find(id)?.kind as NodeKind));
    return ids.length > 0 ? { kind: 'nodes', ids } : EXTERNAL;
  }
  return UNKNOWN;
}

/** The resource a literal names: a name, a queue URL, an ARN (of a function, possibly qualified; of a topic, queue or bucket). */
function byName(text: string, service: SendService, graph: StackGraph): TargetResolution {
  const name = physicalName(text, service);
  const ids: string[] = [];
  const named = namesOf(graph);
  for (const kind of SERVICE_KINDS[service]) {
    const found = named.get(kind)?.get(name);
    if (found) ids.push(...found);
  }
  return ids.length > 0 ? { kind: 'nodes', ids } : EXTERNAL;
}

/** Each stack's nodes that have a physical name, by kind and name (made at the first look: a model is not changed once built). */
const NAMES = new WeakMap<StackGraph, Map<NodeKind, Map<string, string[]>>>();

function namesOf(graph: StackGraph): Map<NodeKind, Map<string, string[]>> {
  let named = NAMES.get(graph);
  if (named) return named;
  named = new Map();
  for (const kind of ['function', 'queue', 'topic', 'bucket'] as const) {
    const byName = new Map<string, string[]>();
    for (const n of graph.nodes(kind)) {
      const name = nameOf(n);
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(n.id);
      else byName.set(name, [n.id]);
    }
    named.set(kind, byName);
  }
  NAMES.set(graph, named);
  return named;
}

function physicalName(text: string, service: SendService): string {
  switch (service) {
    case 'lambda': {
      // name, name:qualifier, 123456789012:function:name, arn:aws:lambda:region:account:function:name[:qualifier]
      const m = /(?:^|:)function:([^:]+)/.exec(text);
      return m ? m[1]! : text.split(':')[0]!;
    }
    case 'sqs':
      return text.startsWith('https://') || text.startsWith('http://') ? (text.split('/').filter(Boolean).pop() ?? text) : (text.split(':').pop() ?? text);
    case 'sns':
      return text.split(':').pop() ?? text;
    case 's3':
      return text.startsWith('arn:') ? (text.split(':::')[1]?.split('/')[0] ?? text) : text;
    case 'events':
      return text;
  }
}

/** A node's physical name, when the model gives it as a literal. */
function nameOf(n: ModelNode): string | undefined {
  switch (n.kind) {
    case 'function':
      return typeof n.props.functionName === 'string' ? n.props.functionName : undefined;
    case 'queue':
      return n.props.queueName;
    case 'topic':
      return n.props.topicName;
    case 'bucket':
      return n.props.bucketName;
    default:
      return undefined;
  }
}
