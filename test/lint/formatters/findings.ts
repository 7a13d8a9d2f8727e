/**
 * Findings the formatter tests share: hand-made ones (every shape a finding can have, and text
 * that needs escaping), the rules they name, and the findings of a real lint of a small app built
 * below (so their source lines point into this file).
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Duration, Lint, Queue, SqsEventSource, Stack } from '../../../lib/all.js';
import { lint } from '../../../lib/lint/engine.js';
import { RULES } from '../../../lib/lint/rules/index.js';
import type { Finding, Rule } from '../../../lib/lint/types.js';
import { newFunction, TODAY } from '../../helpers/app.js';

/** Two rules with metadata the tests control. */
export const RULE_A: Rule = {
  meta: {
    id: 'queue-timeout',
    severity: 'error',
    description: "a queue's timeout is at least 6 x its consumer's",
    docs: 'docs/rules.md#queue-timeout',
    recommended: true,
    equivalents: { cfnLint: ['E3505'], cdkNag: ['SQS3', 'SQS4'] },
    defaultOptions: { ratio: 6 },
  },
  check: () => undefined,
};
export const RULE_B: Rule = {
  meta: { id: 'no-tracing', severity: 'info', description: 'functions are traced with X-Ray', docs: 'docs/rules.md#no-tracing', recommended: false },
  check: () => undefined,
};
/** A rule that reports nothing. */
export const RULE_QUIET: Rule = {
  meta: { id: 'quiet-rule', severity: 'warning', description: 'never reports', docs: 'docs/rules.md#quiet-rule', recommended: true },
  check: () => undefined,
};
export const HAND_RULES: readonly Rule[] = [RULE_A, RULE_B, RULE_QUIET];

/** An error with a source and a column. */
export const ERROR: Finding = {
  rule: 'queue-timeout',
  severity: 'error',
  stack: 'Shop',
  path: 'Shop/Worker/SqsEventSourceJobs',
  logicalId: 'WorkerSqsEventSourceJobs',
  source: { file: 'src/app.ts', line: 12, column: 8 },
  message: 'the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s',
  hint: 'set visibilityTimeout to at least Duration.seconds(180)',
  docs: 'docs/rules.md#queue-timeout',
};
/** A second finding of the same rule on the same construct, at a warning. */
export const SAME_AGAIN: Finding = { ...ERROR, severity: 'warning', message: 'the batching window adds 10 s' };
/** An info finding without a source (an imported template's node can lack one) or hint. */
export const NO_SOURCE: Finding = { rule: 'no-tracing', severity: 'info', stack: 'Shop', path: 'Shop/Api', message: 'Shop/Api is not traced', docs: 'docs/rules.md#no-tracing' };
/** A warning whose text needs every kind of escaping: workflow commands, XML, URIs. */
export const NASTY: Finding = {
  rule: 'queue-timeout',
  severity: 'warning',
  stack: 'Shop',
  path: 'Shop/A&B <"quoted">',
  source: { file: 'src\\my app,v2:final/100%.ts', line: 3 },
  message: "50% of 'x' & <y>, line one\nline two\r\nend\u0001\uD800!",
  hint: 'use a:b, not c',
  docs: 'docs/rules.md#queue-timeout',
};
/** An absolute source path (an app outside the working directory). */
export const ABSOLUTE: Finding = { ...NO_SOURCE, path: 'Shop/Fn', source: { file: '/home/ci/other/app.ts', line: 7 } };
/** Acknowledged in code and in lambdaform.json. */
export const BY_CODE: Finding = { ...ERROR, path: 'Shop/Old', logicalId: 'Old', source: { file: 'src/app.ts', line: 20, column: 1 }, suppressed: { reason: 'jobs take 2 s', by: 'code' } };
export const BY_CONFIG: Finding = { ...NO_SOURCE, path: 'Shop/Legacy', suppressed: { reason: 'X-Ray is off by policy', by: 'config' } };
/** A finding of a rule that is not among the rules given (as the engine's acknowledgement-reason). */
export const UNKNOWN_RULE: Finding = { rule: 'acknowledgement-reason', severity: 'error', stack: 'Shop', path: 'Shop/Old', message: 'Shop/Old acknowledges tracing without a reason', docs: 'docs/rules.md#acknowledging-findings' };

// ---------------------------------------------------------------- a real app

/** This file, relative to the repository root (the tests' working directory), as sources name it. */
export const THIS_FILE = 'test/lint/formatters/findings.ts';

/** The findings of the recommended and strict rules on a small app; one finding is acknowledged in code. */
export function realFindings(): Finding[] {
  const stack = new Stack(new App({ now: TODAY }), 'Shop');
  const jobs = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(60) });
  const worker = newFunction(stack, 'Worker', { timeout: Duration.seconds(30) });
  worker.addEventSource(new SqsEventSource(jobs, { reportBatchItemFailures: true })); // @mapping
  const old = newFunction(stack, 'Old', { timeout: Duration.seconds(30) }); // @old
  old.addEventSource(new SqsEventSource(new Queue(stack, 'OldJobs', { visibilityTimeout: Duration.seconds(60) }), { reportBatchItemFailures: true }));
  Lint.acknowledge(old, 'sqs-visibility-timeout', 'old jobs finish in 2 s');
  return lint(App.of(stack).synth(), { preset: 'strict' }, RULES, TODAY);
}

/** The 1-based line of this file that holds `// @<marker>`. */
export function lineOf(marker: string): number {
  const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// @${marker}`));
  if (i < 0) throw new Error(`no // @${marker} in ${THIS_FILE}`);
  return i + 1;
}

/** The text of line `n` (1-based) of a file of the repository. */
export function lineText(file: string, n: number): string {
  return fs.readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8').split('\n')[n - 1] ?? '';
}
