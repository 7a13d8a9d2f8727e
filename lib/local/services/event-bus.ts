import type { InputRecord } from '../ledger.js';
import { matchesEventPattern } from '../match/event-pattern.js';
import type { PlanRule } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { parseSchedule } from '../schedule.js';

/** An event put on the default bus. */
export interface BusEntry {
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
  readonly resources?: readonly string[];
}

/**
 * EventBridge: events put on the default bus go to the targets of every enabled rule whose
 * pattern matches (a function target is invoked asynchronously, with the rule's `input` instead of
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
            const input = rt.ledger.create(-1, rule.id);
            this.deliver(rule, { source: 'aws.events', detailType: 'Scheduled Event', detail: {}, resources: [rule.arn] }, input, false);
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
      const carrier = terminal ? input : rt.ledger.child(input, t.function, false);
      rt.async.enqueue(t, JSON.stringify(t.input !== undefined ? t.input : event), carrier);
    }
  }

  private event(entry: BusEntry): Record<string, unknown> {
    const rt = this.rt;
    return {
      version: '0',
      id: rt.random.uuid(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: rt.plan.account,
      time: new Date(rt.sim.epochMs()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: rt.plan.region,
      resources: entry.resources ?? [],
      detail: entry.detail,
    };
  }
}
