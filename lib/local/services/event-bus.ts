import { LambdaformError } from '../../core/errors.js';
import type { InputRecord } from '../ledger.js';
import { matchesEventPattern } from '../match/event-pattern.js';
import type { PlanRule, PlanRuleTarget, PlanTarget } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { parseSchedule } from '../schedule.js';

/** The ledger's source of events put on the default bus (it has no id in the plan). */
export const DEFAULT_EVENT_BUS = 'default event bus';

/** An event put on the default bus. */
export interface BusEntry {
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
  readonly resources?: readonly string[];
  /** The event's id (PutEvents answers it); a new one when absent. */
  readonly id?: string;
  /** The event's time (epoch ms), when the entry gives one; now otherwise. */
  readonly time?: number;
}

/**
 * EventBridge: events put on the default bus go to the targets of every enabled rule whose
 * pattern matches (a function target is invoked asynchronously, a queue target gets it as a
 * message body, a topic target as a published message; each with the target's `input` instead of
 * the event when it has one); schedule rules fire on the simulated clock (`rate` from the start of
 * the run, `cron` in UTC). Schedule firings are background events: a run without `until` ends
 * when nothing else is left, whatever the schedules would still do.
 */
export class EventBus {
  public constructor(private readonly rt: Runtime) {}

  public startSchedules(): void {
    const rt = this.rt;
    for (const rule of rt.plan.rules) {
      if (!rule.enabled || rule.schedule === undefined || rule.targets.length === 0) continue;
      const schedule = parseSchedule(rule.schedule);
      const fire = (at: number): void => {
        rt.sim.at(
          at - rt.sim.startEpochMs,
          () => {
            this.fire(rule);
            const next = schedule.next(at);
            if (next !== undefined) fire(next);
          },
          true,
        );
      };
      const first = schedule.next(rt.sim.startEpochMs);
      if (first !== undefined) fire(first);
    }
  }

  /**
   * Fires a schedule rule now, as at its next firing (a new input, the same Scheduled Event to its
   * targets); its regular firings stay as they are. Refuses a rule that is not a schedule rule, or
   * is disabled (EventBridge does not fire it).
   */
  public triggerSchedule(ruleId: string): void {
    this.fire(this.triggerable(ruleId));
  }

  /** The rule `triggerSchedule` fires: refuses one that is not in the plan, not a schedule rule, or disabled. */
  public triggerable(ruleId: string): PlanRule {
    const rule = this.rt.plan.rules.find((r) => r.id === ruleId);
    if (!rule) throw new LambdaformError(ruleId, 'no such rule in the plan', 'local-unknown-name');
    // The rule named in the text (not as the path): a scenario's check of a step shows the text at the step's place.
    if (rule.schedule === undefined) throw new LambdaformError(undefined, `rule ${rule.id} is not a schedule rule (it has an event pattern): only a schedule can be triggered`, 'local-not-a-schedule');
    if (!rule.enabled) throw new LambdaformError(undefined, `rule ${rule.id} is disabled: EventBridge does not fire a disabled schedule`, 'local-rule-disabled');
    return rule;
  }

  /** One firing of a schedule rule: a new input, the Scheduled Event to the rule's targets. */
  private fire(rule: PlanRule): void {
    const rt = this.rt;
    const input = rt.ledger.create(-1, rule.id);
    this.deliver(rule, { source: 'aws.events', detailType: 'Scheduled Event', detail: {}, resources: [rule.arn] }, input, false);
  }

  /** Puts an event on the default bus. False never (the bus always exists); `terminal` carries an input to where it ends. */
  public putEvent(entry: BusEntry, input: InputRecord, terminal = false): boolean {
    const rt = this.rt;
    const event = this.event(entry);
    const rules = rt.plan.rules.filter((r) => r.enabled && r.eventPattern !== undefined && matchesEventPattern(r.eventPattern, event));
    if (!terminal) {
      if (rules.length === 0) {
        rt.ledger.settle(input, 'discarded', rt.sim.now(), { reason: 'matched no rule on the default event bus' });
        return true;
      }
    }
    for (const rule of rules) this.deliver(rule, entry, input, terminal, event);
    return true;
  }

  private deliver(rule: PlanRule, entry: BusEntry, input: InputRecord, terminal: boolean, event = this.event(entry)): void {
    const rt = this.rt;
    if (!terminal) rt.ledger.settle(input, 'processed', rt.sim.now());
    for (const t of rule.targets) {
      const carrier = terminal ? input : rt.ledger.child(input, t.queue ?? t.topic ?? t.function!);
      const body = JSON.stringify(t.input !== undefined ? t.input : event);
      try {
        if (t.queue !== undefined) {
          // A FIFO queue: the target's message group, the event's id as the deduplication id (as EventBridge sends them).
          const q = rt.queue(t.queue);
          rt.sendMessage(t.queue, body, carrier, { terminal, ...(q.plan.fifo ? { groupId: t.messageGroupId ?? 'events', deduplicationId: String(event.id) } : {}) });
        } else if (t.topic !== undefined) {
          if (!rt.topics.publish(t.topic, body, {}, carrier, terminal)) this.undelivered(rule, t, body, carrier, terminal, 'NO_RESOURCE', `${t.topic} is not in the plan`);
        } else {
          rt.async.enqueue(t as PlanTarget, body, carrier);
        }
      } catch (e) {
        // The target refused the event (a message larger than the queue takes, say): a client
        // error EventBridge does not retry. The event goes to the target's DLQ, or is dropped.
        if (!(e instanceof LambdaformError)) throw e;
        this.undelivered(rule, t, body, carrier, terminal, e.code === 'local-unknown-name' ? 'NO_RESOURCE' : 'INVALID_PARAMETER', e.detail);
      }
    }
  }

  /**
   * A target that could not take the event, with an error EventBridge does not retry (the target
   * does not exist, or refuses the request): the event goes to the target's dead-letter queue,
   * with the attributes EventBridge gives it (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE,
   * RETRY_ATTEMPTS: 0), else it is dropped ("Event retry policy and using dead-letter queues").
   */
  private undelivered(rule: PlanRule, t: PlanRuleTarget, body: string, carrier: InputRecord, terminal: boolean, code: string, message: string): void {
    const rt = this.rt;
    const targetArn = this.targetArn(t);
    const dlq = t.deadLetterQueue !== undefined && rt.plan.queues.some((q) => q.id === t.deadLetterQueue) ? t.deadLetterQueue : undefined;
    if (dlq !== undefined) {
      const s = (v: string): { dataType: string; stringValue: string } => ({ dataType: 'String', stringValue: v });
      try {
        rt.sendMessage(dlq, body, carrier, {
          terminal: true,
          attributes: { RULE_ARN: s(rule.arn), TARGET_ARN: s(targetArn), ERROR_CODE: s(code), ERROR_MESSAGE: s(message), RETRY_ATTEMPTS: s('0') },
        });
        if (!terminal) rt.ledger.settle(carrier, 'deadLetter', rt.sim.now(), { where: dlq, reason: `${targetArn} refused the event (${code}): ${message}` });
        return;
      } catch (e) {
        if (!(e instanceof LambdaformError)) throw e;
        message = `${message}; and its dead-letter queue ${dlq} refused it too: ${e.detail}`;
      }
    }
    if (!terminal) rt.ledger.settle(carrier, 'discarded', rt.sim.now(), { reason: `${targetArn} refused the event (${code}): ${message}; not retried, with no dead-letter queue that took it` });
  }

  private targetArn(t: PlanRuleTarget): string {
    const rt = this.rt;
    if (t.queue !== undefined) return rt.plan.queues.find((q) => q.id === t.queue)?.arn ?? t.queue;
    if (t.topic !== undefined) return rt.plan.topics.find((x) => x.id === t.topic)?.arn ?? t.topic;
    const fn = rt.plan.functions.find((f) => f.id === t.function);
    return fn ? (t.qualifier !== undefined ? `${fn.arn}:${t.qualifier}` : fn.arn) : String(t.function);
  }

  private event(entry: BusEntry): Record<string, unknown> {
    const rt = this.rt;
    return {
      version: '0',
      id: entry.id ?? rt.random.uuid(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: rt.plan.account,
      time: new Date(entry.time ?? rt.sim.epochMs()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: rt.plan.region,
      resources: entry.resources ?? [],
      detail: entry.detail,
    };
  }
}
