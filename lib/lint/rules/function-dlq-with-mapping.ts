import { ASYNC_EDGES } from '../../model/graph.js';
import type { EventSourceMappingEdge, ModelEdge } from '../../model/types.js';
import type { Rule } from '../types.js';
import { actionMatches } from './iam-actions.js';

/** Edge kinds that invoke a function synchronously: a DLQ on the function never sees their failures. */
const SYNC_KINDS = new Set<ModelEdge['kind']>(['eventSourceMapping', 'apiRoute']);

const MAPPING_KINDS: Readonly<Record<string, string>> = { sqs: 'an SQS', kinesis: 'a Kinesis', dynamodb: 'a DynamoDB stream' };

/** IAM actions through which a role's holder may invoke a function asynchronously (`InvocationType: Event`). */
const INVOKE_ACTIONS = ['lambda:InvokeFunction', 'lambda:InvokeAsync'];

/**
 * A function's dead-letter queue (`DeadLetterConfig`) only receives events of asynchronous
 * invocations that failed after their retries. A function triggered only by event source
 * mappings (which invoke synchronously with a batch) and synchronous callers such as API routes
 * never sends anything there: failed SQS messages go to the queue's own DLQ (its redrive
 * policy), failed stream batches to the mapping's on-failure destination, and API callers get
 * the error. The unused DLQ gives a false sense of safety.
 *
 * No finding when anything may invoke the function (or one of its versions or aliases)
 * asynchronously: an SNS, S3 or EventBridge source, another function's async destination, an
 * invoke permission for a principal, a role allowed to invoke it, a deployment hook; nor when
 * nothing in the stack invokes it (callers outside the stack may invoke it asynchronously).
 */
export const functionDlqWithMapping: Rule = {
  meta: {
    id: 'function-dlq-with-mapping',
    severity: 'warning',
    description: 'a function with a dead-letter queue is invoked asynchronously: one triggered only by event source mappings or synchronous callers never sends anything to its DLQ (the DLQ belongs on the queue)',
    docs: 'docs/rules.md#function-dlq-with-mapping',
    recommended: true,
  },
  check({ graph, report }) {
    const hooks = new Set(graph.nodes('alias').flatMap((a) => [a.props.deployment?.preTraffic, a.props.deployment?.postTraffic]));
    for (const fn of graph.nodes('function')) {
      const dlqEdge = graph.destinations(fn.id).deadLetter;
      if (!dlqEdge || hooks.has(fn.id)) continue;
      const targets = [fn.id, ...graph.aliasesOf(fn.id).map((a) => a.id), ...graph.versionsOf(fn.id).map((v) => v.id)];
      const incoming = targets.flatMap((t) => graph.edgesTo(t));
      if (incoming.some(mayInvokeAsync)) continue;
      const callers = incoming.filter((e) => SYNC_KINDS.has(e.kind));
      if (callers.length === 0) continue;
      const dlq = dlqEdge.to === undefined ? 'a target outside the stack' : (graph.find(dlqEdge.to)?.origin.path ?? dlqEdge.to);
      const via = [...new Set(callers.map((e) => describe(e, (id) => graph.find(id)?.origin.path ?? id)))].join(', ');
      const fixes: string[] = [];
      const mappings = callers.filter((e): e is EventSourceMappingEdge => e.kind === 'eventSourceMapping');
      const queues = [...new Set(mappings.filter((e) => e.props.sourceType === 'sqs').map((e) => graph.find(e.from)).filter((q) => q?.kind !== 'queue' || !q.props.deadLetter).map((q) => q?.origin.path))];
      if (queues.length > 0) fixes.push(`give ${queues.map((q) => q ?? 'the queue').join(', ')} a deadLetterQueue (a redrive policy)`);
      const streams = mappings.filter((e) => e.props.sourceType !== 'sqs' && e.props.onFailure === undefined).map((e) => e.origin.path);
      if (streams.length > 0) fixes.push(`give ${streams.join(', ')} an onFailure destination`);
      report({
        at: fn,
        message: `${fn.origin.path} has a dead-letter queue (${dlq}) but is only invoked synchronously, by ${via}: Lambda sends only failed asynchronous events to a function's dead-letter queue, so ${dlq} will never receive anything`,
        hint: `remove deadLetterQueue from ${fn.origin.path}${fixes.length > 0 ? ` and ${fixes.join(' and ')}` : ''}`,
        templateHint: `remove DeadLetterConfig from ${fn.origin.path} (SAM: DeadLetterQueue)${queues.length > 0 ? ` and give ${queues.map((q) => q ?? 'the queue').join(', ')} a RedrivePolicy` : ''}${streams.length > 0 ? ` and give the mappings of ${streams.join(', ')} DestinationConfig.OnFailure` : ''}`,
      });
    }
  },
};

/** Whether an edge into a function (or its qualifier) may invoke it asynchronously. */
function mayInvokeAsync(e: ModelEdge): boolean {
  if (ASYNC_EDGES.has(e.kind)) return true;
  // Lambda invokes a destination function asynchronously; a permission lets a principal invoke it any way.
  if (e.kind === 'destination' || e.kind === 'invokePermission') return true;
  if (e.kind !== 'grant' || e.props.effect !== 'Allow') return false;
  if (e.props.actions) return e.props.actions.some((a) => INVOKE_ACTIONS.some((i) => actionMatches(a, i)));
  const excluded = e.props.notActions ?? [];
  return INVOKE_ACTIONS.some((i) => !excluded.some((a) => actionMatches(a, i)));
}

function describe(e: ModelEdge, path: (id: string) => string): string {
  if (e.kind === 'eventSourceMapping') return `${MAPPING_KINDS[e.props.sourceType]} event source mapping from ${path(e.from)}`;
  if (e.kind === 'apiRoute') return `the API route ${e.props.method} ${e.props.path} of ${path(e.from)}`;
  return `${e.kind} from ${path(e.from)}`;
}
