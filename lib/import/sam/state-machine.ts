/**
 * The events of an `AWS::Serverless::StateMachine` (kept as a raw node, its properties as written):
 * a Schedule, ScheduleV2, EventBridgeRule or CloudWatchEvent event becomes a schedule node and a
 * rule target edge to the state machine, so the model holds the event flow; both are `partOf` the
 * state machine, whose raw node writes them (SAM makes the rule). Other event types (Api,
 * HttpApi) are kept as written.
 */
import type { ModelValue } from '../../model/types.js';
import { sanitize } from '../../model/values.js';
import { obj, parseJson, type SamImport } from './common.js';

const RULE_EVENTS = new Set(['Schedule', 'ScheduleV2', 'EventBridgeRule', 'CloudWatchEvent']);

export function importStateMachineEvents(sam: SamImport, logicalId: string, props: Record<string, unknown>): void {
  const ctx = sam.ctx;
  const machine = ctx.idOf(logicalId);
  const events = obj(props.Events) ?? {};
  for (const [name, raw] of Object.entries(events)) {
    const ev = obj(raw);
    const type = typeof ev?.Type === 'string' ? ev.Type : '';
    if (!RULE_EVENTS.has(type)) continue;
    const p = obj(ev?.Properties) ?? {};
    const at = ['Resources', logicalId, 'Properties', 'Events', name, 'Properties'];
    const pattern = type === 'EventBridgeRule' || type === 'CloudWatchEvent';
    const value = (k: string): ModelValue | undefined => ctx.value(p[k], [...at, k]);
    const schedule = ctx.literal(p[type === 'ScheduleV2' ? 'ScheduleExpression' : 'Schedule']);
    const enabled = ctx.boolean(p.Enabled);
    const state = ctx.literal(p.State);
    const ruleLogicalId = `${logicalId}${name}`;
    const ruleId = `${machine}/${name}`;
    const source = ctx.locate(['Resources', logicalId, 'Properties', 'Events', name]);
    const origin = { path: ruleId, ...(source ? { source } : {}) };
    sam.addNode({
      id: ruleId,
      kind: 'schedule',
      logicalId: ruleLogicalId,
      origin,
      tags: {},
      overrides: [],
      dependsOn: [],
      partOf: machine,
      props: sanitize({
        ruleName: ctx.literal(p[pattern ? 'RuleName' : 'Name']),
        description: pattern ? undefined : ctx.literal(p.Description),
        scheduleExpression: pattern ? undefined : schedule,
        eventPattern: pattern ? value('Pattern') : undefined,
        enabled: enabled ?? state !== 'DISABLED',
      }),
    });
    const retry = obj(value('RetryPolicy'));
    sam.addEdge<'ruleTarget'>({
      id: `${ruleId}#target:${machine}`,
      kind: 'ruleTarget',
      from: ruleId,
      to: machine,
      origin,
      partOf: machine,
      props: sanitize({ input: parseJson(value('Input')), retryAttempts: ctx.number(retry?.MaximumRetryAttempts), maxEventAgeSeconds: ctx.number(retry?.MaximumEventAgeInSeconds) }),
    });
  }
}
