import LIFECYCLE_TABLE from '../../data/lambda-runtime-lifecycle.json' with { type: 'json' };
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/** One entry of the runtime lifecycle table (lib/data/lambda-runtime-lifecycle.json, ISO dates or null when not announced). */
interface Lifecycle {
  readonly deprecated: string | null;
  readonly 'create-block': string | null;
  readonly 'update-block': string | null;
  readonly successor: string | null;
}

// The linter may not import lib/core/runtime.ts: it reads the same table itself.
const LIFECYCLE: Readonly<Record<string, Lifecycle>> = LIFECYCLE_TABLE as Record<string, Lifecycle>;

/** Where a runtime stands on a date: which of its lifecycle dates have passed. */
export interface RuntimeStatus {
  readonly runtime: string;
  readonly lifecycle: Lifecycle;
  /** AWS no longer patches it (deprecation date passed). */
  readonly deprecated: boolean;
  /** AWS refuses new functions with it. */
  readonly createBlocked: boolean;
  /** AWS refuses updates of existing functions with it. */
  readonly updateBlocked: boolean;
  /** The runtime to move to (the table names the newest of the family); undefined when there is none. */
  readonly successor: string | undefined;
}

/** True when the ISO date `iso` is on or before `date` (the day itself counts, as in lib/core/runtime.ts). */
function passed(iso: string | null, date: Date): boolean {
  return iso !== null && date.toISOString().slice(0, 10) >= iso;
}

/**
 * The lifecycle of `runtime` on `date`, or undefined when the runtime is not in the table (a
 * runtime lambdaform does not know: nothing to say about it).
 */
export function runtimeStatus(runtime: string, date: Date): RuntimeStatus | undefined {
  if (!Object.prototype.hasOwnProperty.call(LIFECYCLE, runtime)) return undefined;
  const lifecycle = LIFECYCLE[runtime]!;
  return {
    runtime,
    lifecycle,
    deprecated: passed(lifecycle.deprecated, date),
    createBlocked: passed(lifecycle['create-block'], date),
    updateBlocked: passed(lifecycle['update-block'], date),
    successor: lifecycle.successor ?? undefined,
  };
}

/**
 * A deprecated runtime gets no more security patches from AWS; later AWS refuses new functions
 * with it (a stack that uses it can no longer be deployed to a new account or region) and then
 * updates of existing ones (the function is frozen: a deploy that changes it fails). A warning
 * from the deprecation date, naming the dates to come and the successor; an error once updates
 * are blocked. Dates come from the lifecycle table and are compared with the lint run's date.
 */
export const deprecatedRuntime: Rule = {
  meta: {
    id: 'deprecated-runtime',
    // Error once updates are blocked; the deprecation itself is reported as a warning.
    severity: 'error',
    description: "a function's runtime is not deprecated (warning: no more security patches) and can still be updated (error once AWS blocks updates)",
    docs: 'docs/rules.md#deprecated-runtime',
    recommended: true,
    equivalents: { cfnLint: ['W2531', 'E2531', 'E2533'] },
  },
  check({ graph, now, report }) {
    for (const fn of graph.nodes('function')) {
      if (!isKnown(fn, 'runtime')) continue;
      const s = runtimeStatus(fn.props.runtime, now);
      if (!s || !(s.deprecated || s.createBlocked || s.updateBlocked)) continue;
      const lc = s.lifecycle;
      const since = (iso: string | null) => (passed(iso, now) ? `since ${iso}` : `from ${iso}`);
      const deprecated = s.deprecated ? `deprecated since ${lc.deprecated} (AWS no longer applies security patches to it)` : `not yet deprecated (${lc.deprecated ? `from ${lc.deprecated}` : 'no date announced'})`;
      const create = lc['create-block'] ? `new functions with it ${since(lc['create-block'])}` : undefined;
      const update = lc['update-block'] ? `updates of existing ones ${since(lc['update-block'])}` : undefined;
      const blocks = [create, update].filter((b): b is string => b !== undefined);
      const blocked = blocks.length ? `AWS refuses ${blocks.join(' and ')}` : 'AWS has not announced when it blocks new functions or updates';
      const unannounced = lc['update-block'] === null && blocks.length ? ' (no date announced for blocking updates)' : '';
      const consequence = s.updateBlocked
        ? ': the function can no longer be updated, so a deploy that changes it fails'
        : s.createBlocked
          ? ': the stack can no longer be deployed to a new account or region'
          : '';
      const move = s.successor
        ? `move ${fn.origin.path} to ${s.successor} (runtime: Runtime.${runtimeConstant(s.successor)}; in a template, Runtime: ${s.successor}) and test the handler on it`
        : `move ${fn.origin.path} to a supported runtime and test the handler on it`;
      const before = !s.updateBlocked && lc['update-block'] ? `, before ${lc['update-block']} when updates are blocked` : '';
      report({
        at: fn,
        severity: s.updateBlocked ? 'error' : 'warning',
        message: `${fn.origin.path} uses runtime ${s.runtime}, ${deprecated}; ${blocked}${unannounced}${consequence}`,
        hint: `${move}${before}`,
      });
    }
  },
};

/**
 * The name of the `Runtime` constant of a runtime identifier, as aws-cdk-lib (and lambdaform)
 * name them: `nodejs24.x` is `NODEJS_24_X`, `python3.13` `PYTHON_3_13`, `java21` `JAVA_21`,
 * `provided.al2023` `PROVIDED_AL2023`.
 */
export function runtimeConstant(runtime: string): string {
  const m = /^([a-z]+)(.*)$/.exec(runtime);
  if (!m) return `of('${runtime}')`;
  const [, family, rest] = m;
  return `${family!.toUpperCase()}${rest ? `${/^\d/.test(rest) ? '_' : ''}${rest.replace(/\./g, '_').toUpperCase()}` : ''}`;
}
