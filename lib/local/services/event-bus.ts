import { LambdaformError } from '../../core/errors.js';
import type { InputRecord } from '../ledger.js';
import { matchesEventPattern } from '../match/event-pattern.js';
import type { PlanRule, PlanTarget } from '../plan/types.js';
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
      if (t.queue !== undefined) {
        // A FIFO queue: the target's message group, the event's id as the deduplication id (as EventBridge sends them).
        const q = rt.queue(t.queue);
        rt.sendMessage(t.queue, body, carrier, { terminal, ...(q.plan.fifo ? { groupId: t.messageGroupId ?? 'events', deduplicationId: String(event.id) } : {}) });
      } else if (t.topic !== undefined) {
        rt.topics.publish(t.topic, body, {}, carrier, terminal);
      } else {
        rt.async.enqueue(t as PlanTarget, body, carrier);
      }
    }
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
