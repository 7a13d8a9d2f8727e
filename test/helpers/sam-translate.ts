/**
 * Runs the real SAM transform (aws-sam-translator 1.110, the Python library cfn-lint uses and
 * installs) on a SAM template, through sam_translate.py. Where Python or the library is absent,
 * `samTranslatorAvailable` is false and the calling test is skipped with a printed reason; in CI
 * (LAMBDAFORM_REQUIRE_TOOLS=1, see tools.ts) that fails every test file importing this one.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolRequirement } from './tools.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sam_translate.py');
const PYTHON = process.env.PYTHON ?? 'python3';

const probe = spawnSync(PYTHON, ['-c', 'import samtranslator; print(samtranslator.__version__)'], { encoding: 'utf8' });
const missing = `aws-sam-translator is not importable with ${PYTHON} (${(probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop()}); it comes with cfn-lint: pip install cfn-lint`;
/** True when aws-sam-translator can be imported here (throws at import when it cannot and tools are required). */
export const samTranslatorAvailable = toolRequirement(probe.status === 0, missing) === 'run';
/** The reason shown in the names of tests skipped for want of the SAM transform. */
export const samTranslatorSkipReason = samTranslatorAvailable ? '' : `SKIPPED: ${missing}`;

/** What the SAM transform makes of a template. */
export type Translated = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; UpdatePolicy?: Record<string, unknown> }> };

/** The CloudFormation template SAM makes of `template`; throws with SAM's messages when it refuses it. */
export function samTranslate(template: unknown): Translated {
  return samTranslateAll([template])[0]!;
}

/**
 * `samTranslate` of each template, in one Python process (starting Python and importing the
 * translator takes about 2 s; the translations themselves little); throws with SAM's messages
 * when it refuses any of them.
 */
export function samTranslateAll(templates: readonly unknown[]): Translated[] {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify({ batch: templates }), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`SAM transform failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Array<{ errors?: string[] }>;
  const refused = out.flatMap((t, i) => (t.errors ? [`template ${i + 1}: ${t.errors.join('; ')}`] : []));
  if (refused.length) throw new Error(`SAM transform failed: ${refused.join(' | ')}`);
  return out as Translated[];
}
