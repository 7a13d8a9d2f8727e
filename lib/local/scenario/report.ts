import { LambdaformError } from '../../core/errors.js';
import type { Disposition } from '../ledger.js';
import { percentile } from '../metrics.js';
import type { Runtime } from '../runtime.js';
import { DISPOSITION_KEYS, type Check, type Expected, type Scenario } from './parse.js';
import { DEFAULT_EVENT_BUS } from '../services/event-bus.js';

/** The report format version. */
export const REPORT_VERSION = 1 as const;

export interface ReportInput {
  readonly id: string;
  /** The step that created it (the step of the chain's first input); null for a schedule's firing. */
  readonly step: number | null;
  readonly source: string;
  readonly parent?: string;
  readonly disposition: Disposition;
  readonly where?: string;
  readonly reason?: string;
  readonly attempts: number;
  readonly receives?: number;
  /** Simulated seconds when it reached its disposition (absent for `queued`). */
  readonly endedAt?: number;
}

export interface ReportFunction {
  readonly Invocations: number;
  readonly Errors: number;
  readonly Throttles: number;
  /** Milliseconds. */
  readonly Duration: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly ConcurrentExecutions: number;
  /** Milliseconds. */
  readonly IteratorAge: number;
  readonly DeadLetterErrors: number;
  readonly DestinationDeliveryFailures: number;
  readonly AsyncEventsReceived: number;
  /** Milliseconds. */
  readonly AsyncEventAge: number;
  readonly AsyncEventsDropped: number;
  readonly RecursiveInvocationsDropped: number;
  readonly ProvisionedConcurrencyInvocations: number;
  readonly ProvisionedConcurrencySpilloverInvocations: number;
  readonly ColdStarts: number;
}

export interface ReportQueue {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly sent: number;
  readonly deleted: number;
  readonly movedToDeadLetter: number;
  readonly expired: number;
}

export interface ReportHttp {
  readonly input: string;
  readonly api: string;
  readonly method: string;
  readonly path: string;
  readonly route?: string;
  readonly status: number;
  /** Simulated milliseconds. */
  readonly latencyMs: number;
  readonly reason?: string;
}

export interface CheckResult {
  /** What was checked, in words (`queue JobsDlq visible`). */
  readonly check: string;
  /** `file:line:column` of the check. */
  readonly where: string;
  readonly ok: boolean;
  readonly expected: Expected;
  readonly actual: number;
}

/** What `run --json` prints. */
export interface Report {
  readonly version: typeof REPORT_VERSION;
  readonly seed: number;
  readonly simulatedSeconds: number;
  readonly wallMs: number;
  /** Inputs per disposition (the conservation invariant: they add up to the number of inputs). */
  readonly summary: Readonly<Record<Disposition, number>> & { readonly total: number };
  readonly inputs: readonly ReportInput[];
  readonly functions: Readonly<Record<string, ReportFunction>>;
  readonly queues: Readonly<Record<string, ReportQueue>>;
  readonly http: readonly ReportHttp[];
  readonly checks: readonly CheckResult[];
  /** Whether every check holds. */
  readonly ok: boolean;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function buildReport(rt: Runtime, scenario: Scenario | undefined, seed: number, wallMs: number): Report {
  const inputs: ReportInput[] = rt.ledger.inputs.map((r) => ({
    id: r.id,
    step: r.step < 0 ? null : r.step,
    source: r.source,
    ...(r.parent ? { parent: r.parent } : {}),
    disposition: r.disposition ?? 'queued',
    ...(r.where !== undefined ? { where: r.where } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    attempts: r.attempts,
    ...(r.receives !== undefined ? { receives: r.receives } : {}),
    ...(r.endedAt !== undefined && r.disposition !== undefined ? { endedAt: r.endedAt } : {}),
  }));
  const summary = { processed: 0, queued: 0, deadLetter: 0, failureDestination: 0, discarded: 0, total: inputs.length };
  for (const i of inputs) summary[i.disposition]++;
  const functions: Record<string, ReportFunction> = {};
  for (const id of rt.functions.ids()) {
    const m = rt.functions.metrics(id);
    functions[id] = {
      Invocations: m.Invocations,
      Errors: m.Errors,
      Throttles: m.Throttles,
      Duration: { p50: round(percentile(m.Duration, 50)), p99: round(percentile(m.Duration, 99)), max: round(Math.max(0, ...m.Duration)) },
      ConcurrentExecutions: m.ConcurrentExecutions,
      IteratorAge: round(m.IteratorAge),
      DeadLetterErrors: m.DeadLetterErrors,
      DestinationDeliveryFailures: m.DestinationDeliveryFailures,
      AsyncEventsReceived: m.AsyncEventsReceived,
      AsyncEventAge: round(m.AsyncEventAge),
      AsyncEventsDropped: m.AsyncEventsDropped,
      RecursiveInvocationsDropped: m.RecursiveInvocationsDropped,
      ProvisionedConcurrencyInvocations: m.ProvisionedConcurrencyInvocations,
      ProvisionedConcurrencySpilloverInvocations: m.ProvisionedConcurrencySpilloverInvocations,
      ColdStarts: m.ColdStarts,
    };
  }
  const queues: Record<string, ReportQueue> = {};
  for (const [id, q] of rt.queues) queues[id] = { visible: q.visible, inFlight: q.inFlight, delayed: q.delayed, ...q.counts };
  // In the order the requests were made (the log has them as they were answered, and concurrent
  // requests are answered in whatever order their handlers finish): `http: 0` is the first request.
  const order = new Map(rt.ledger.inputs.map((r, i) => [r.id, i]));
  const answered = [...rt.http.log].sort((a, b) => (order.get(a.input) ?? order.size) - (order.get(b.input) ?? order.size));
  const http: ReportHttp[] = answered.map((h) => ({
    input: h.input,
    api: h.api,
    method: h.method,
    path: h.path,
    ...(h.route !== undefined ? { route: h.route } : {}),
    status: h.status,
    latencyMs: h.latencyMs,
    ...(h.reason !== undefined ? { reason: h.reason } : {}),
  }));
  const partial: Partial = { version: REPORT_VERSION, seed, simulatedSeconds: round(rt.sim.now() / 1000), wallMs: Math.round(wallMs), summary, inputs, functions, queues, http };
  const checks = scenario ? scenario.expect.map((c) => evaluate(rt, partial, c)).flat() : [];
  return { ...partial, checks, ok: checks.every((c) => c.ok) };
}

function holds(expected: Expected, actual: number): boolean {
  if (typeof expected === 'number') return actual === expected;
  return (expected.min === undefined || actual >= expected.min) && (expected.max === undefined || actual <= expected.max);
}

type Partial = Omit<Report, 'checks' | 'ok'>;

function evaluate(rt: Runtime, report: Partial, c: Check): CheckResult[] {
  try {
    return evaluateAt(rt, report, c);
  } catch (e) {
    if (e instanceof LambdaformError) throw new LambdaformError(c.where, e.detail, 'bad-scenario');
    throw e;
  }
}

function evaluateAt(rt: Runtime, report: Partial, c: Check): CheckResult[] {
  const result = (check: string, expected: Expected, actual: number): CheckResult => ({ check, where: c.where, ok: holds(expected, actual), expected, actual });
  switch (c.kind) {
    case 'inputs': {
      const source = c.source !== undefined ? resolveCheckSource(rt, c.source, report.inputs.map((i) => i.source)) : undefined;
      const list = source !== undefined ? report.inputs.filter((i) => i.source === source) : report.inputs;
      return Object.entries(c.counts).map(([k, e]) => result(`inputs${source ? ` of ${source}` : ''} ${k}`, e, k === 'total' ? list.length : list.filter((i) => i.disposition === k).length));
    }
    case 'queue': {
      const id = rt.resolve('queue', c.queue);
      const q = report.queues[id]!;
      return Object.entries(c.counts).map(([k, e]) => result(`queue ${id} ${k}`, e, q[k as keyof ReportQueue]));
    }
    case 'function': {
      const id = rt.resolve('function', c.function);
      const f = report.functions[id]!;
      return Object.entries(c.counts).map(([k, e]) => {
        const actual = k === 'DurationP50' ? f.Duration.p50 : k === 'DurationP99' ? f.Duration.p99 : k === 'DurationMax' ? f.Duration.max : (f[k as keyof ReportFunction] as number);
        return result(`function ${id} ${k}`, e, actual);
      });
    }
    case 'http': {
      if (c.request !== undefined) {
        const h = report.http[c.request];
        return [result(`http request ${c.request} status`, c.status ?? 200, h ? h.status : -1)];
      }
      const list = c.status !== undefined ? report.http.filter((h) => h.status === c.status) : report.http;
      return [result(`http requests${c.status !== undefined ? ` with status ${c.status}` : ''}`, c.count ?? report.http.length, list.length)];
    }
    case 'simulatedSeconds':
      return [result('simulatedSeconds', c.expected, report.simulatedSeconds)];
  }
}

const KINDS = ['queue', 'function', 'topic', 'bucket', 'stream', 'table', 'api', 'rule'] as const;

/**
 * The resource an `inputs` check's `source` names, by any of its names, whatever its kind (the
 * first kind that has it: queue, function, topic, bucket, stream, table, api, rule), or a source
 * inputs have that is no resource of the plan (`default event bus`). Refuses an unknown name with
 * the names there are.
 */
export function resolveCheckSource(rt: Runtime, name: string, sources: readonly string[]): string {
  for (const kind of KINDS) {
    try {
      return rt.resolve(kind, name);
    } catch (e) {
      if (e instanceof LambdaformError && e.code === 'local-ambiguous-name') throw e;
      // try the next kind
    }
  }
  if (name === DEFAULT_EVENT_BUS || sources.includes(name)) return name;
  const p = rt.plan;
  const names = [...p.queues, ...p.functions, ...p.topics, ...p.buckets, ...p.streams, ...p.tables, ...p.apis, ...p.rules].map((r) => r.id);
  throw new LambdaformError(undefined, `no resource '${name}' in the plan for inputs.source; there are: ${[...names, DEFAULT_EVENT_BUS].join(', ')}`, 'local-unknown-name');
}

/** Rows of the text report's tables of HTTP requests and of inputs not processed. */
const HTTP_ROWS = 50;
const INPUT_ROWS = 20;

/**
 * The report as text: the summary, then tables of functions, queues, HTTP requests (the first
 * 50) and inputs not processed (the first 20), then every check with its expected and actual
 * values (and, when it fails, its place in the scenario).
 */
export function formatReport(r: Report): string {
  const lines: string[] = [];
  lines.push(`simulated ${formatSeconds(r.simulatedSeconds)} in ${r.wallMs} ms (seed ${r.seed})`);
  lines.push(`inputs: ${r.summary.total} — ${DISPOSITION_KEYS.map((k) => `${k} ${r.summary[k]}`).join(', ')}`);
  const fnRows = Object.entries(r.functions).map(([id, f]) => [id, f.Invocations, f.Errors, f.Throttles, f.ColdStarts, f.Duration.p50, f.Duration.p99, f.Duration.max, f.ConcurrentExecutions, f.AsyncEventsDropped, f.RecursiveInvocationsDropped]);
  if (fnRows.length > 0) lines.push('', table(['function', 'Invocations', 'Errors', 'Throttles', 'ColdStarts', 'p50 ms', 'p99 ms', 'max ms', 'Concurrent', 'AsyncDropped', 'RecursionDropped'], fnRows));
  const qRows = Object.entries(r.queues).map(([id, q]) => [id, q.visible, q.inFlight, q.delayed, q.sent, q.deleted, q.movedToDeadLetter, q.expired]);
  if (qRows.length > 0) lines.push('', table(['queue', 'visible', 'inFlight', 'delayed', 'sent', 'deleted', 'toDLQ', 'expired'], qRows));
  const more = (shown: number, all: number, what: string): void => {
    if (all > shown) lines.push(`... and ${all - shown} more ${what} (--json shows them all)`);
  };
  if (r.http.length > 0) {
    lines.push('', table(['request', 'route', 'status', 'latency ms', 'reason'], r.http.slice(0, HTTP_ROWS).map((h) => [`${h.method} ${h.path}`, h.route ?? '', h.status, h.latencyMs, h.reason ?? ''])));
    more(HTTP_ROWS, r.http.length, 'requests');
  }
  // Deliveries to endpoints outside the app (an SNS email or URL subscription): processed at once, recorded with where they went.
  const outside = r.inputs.filter((i) => i.disposition === 'processed' && i.where !== undefined);
  if (outside.length > 0) {
    lines.push('', table(['input', 'from', 'delivered outside the app to'], outside.slice(0, INPUT_ROWS).map((i) => [i.id, i.parent ?? '', i.where ?? ''])));
    more(INPUT_ROWS, outside.length, 'deliveries outside the app');
  }
  const notable = r.inputs.filter((i) => i.disposition !== 'processed');
  if (notable.length > 0) {
    lines.push('', table(['input', 'source', 'disposition', 'where / reason', 'attempts', 'ended s'], notable.slice(0, INPUT_ROWS).map((i) => [i.id, i.source, i.disposition, i.where ?? i.reason ?? '', i.attempts, i.endedAt ?? ''])));
    more(INPUT_ROWS, notable.length, 'inputs not processed');
  }
  if (r.checks.length > 0) {
    lines.push('');
    for (const c of r.checks) lines.push(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: expected ${formatExpected(c.expected)}, got ${c.actual}${c.ok ? '' : `  (${c.where})`}`);
    const failed = r.checks.filter((c) => !c.ok).length;
    lines.push(failed === 0 ? `all ${r.checks.length} checks hold` : `${failed} of ${r.checks.length} checks failed`);
  }
  return `${lines.join('\n')}\n`;
}

function formatExpected(e: Expected): string {
  if (typeof e === 'number') return String(e);
  return [e.min !== undefined ? `>= ${e.min}` : '', e.max !== undefined ? `<= ${e.max}` : ''].filter(Boolean).join(' and ');
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

/** A text table: columns of numbers aligned right, columns of text (and the first) left. */
function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = head.map((_, i) => i > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === ''));
  return cells.map((r) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
