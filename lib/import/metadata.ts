/**
 * Lint acknowledgements carried in a template's `Metadata` (of a resource, or of the template):
 *
 * - lambdaform's own: `lambdaform:acknowledge: [{ rule, reason }]` (what `synth` writes);
 * - cdk-nag's: `cdk_nag: { rules_to_suppress: [{ id, reason }] }`, kept as rule `cdk-nag:<id>`;
 * - cfn-lint's: `cfn-lint: { config: { ignore_checks: [E3505] } }`, kept as rule `cfn-lint:<id>`.
 *
 * The linter matches `cdk-nag:` and `cfn-lint:` ids against each rule's `meta.equivalents`, so a
 * team moving from those tools keeps its reviewed exceptions. cfn-lint's ignore_checks carry no
 * reason: they get one that names where they come from, so they are honoured without a finding.
 */
import type { Acknowledgement } from '../model/types.js';
import { ACKNOWLEDGE_KEY } from '../synth/resource-set.js';

/** The acknowledgements a `Metadata` map carries, in the order written. */
export function acknowledgementsOf(metadata: unknown): Acknowledgement[] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [];
  const m = metadata as Record<string, unknown>;
  const out: Acknowledgement[] = [];
  for (const a of list(m[ACKNOWLEDGE_KEY])) {
    if (typeof a === 'string') out.push({ rule: a, reason: '' });
    else if (isObject(a) && typeof a.rule === 'string') out.push({ rule: a.rule, reason: typeof a.reason === 'string' ? a.reason.trim() : '' });
  }
  const nag = m.cdk_nag;
  if (isObject(nag)) {
    for (const s of list(nag.rules_to_suppress)) {
      if (isObject(s) && typeof s.id === 'string') out.push({ rule: `cdk-nag:${s.id}`, reason: typeof s.reason === 'string' ? s.reason.trim() : '' });
    }
  }
  const cfnLint = m['cfn-lint'];
  if (isObject(cfnLint) && isObject(cfnLint.config)) {
    for (const id of list(cfnLint.config.ignore_checks)) {
      if (typeof id === 'string') out.push({ rule: `cfn-lint:${id}`, reason: `cfn-lint's Metadata ignore_checks lists ${id}` });
    }
  }
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
