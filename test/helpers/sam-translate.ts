/**
 * Runs the real SAM transform (aws-sam-translator 1.110, the Python library cfn-lint uses and
 * installs) on a SAM template, through sam_translate.py. Where Python or the library is absent,
 * `samTranslatorAvailable` is false and the calling test is skipped with a printed reason.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sam_translate.py');
const PYTHON = process.env.PYTHON ?? 'python3';

const probe = spawnSync(PYTHON, ['-c', 'import samtranslator; print(samtranslator.__version__)'], { encoding: 'utf8' });
/** True when aws-sam-translator can be imported here. */
export const samTranslatorAvailable = probe.status === 0;
/** The reason printed when tests that need the SAM transform are skipped. */
export const samTranslatorSkipReason = samTranslatorAvailable
  ? ''
  : `SKIPPED: aws-sam-translator is not importable with ${PYTHON} (${(probe.stderr ?? probe.error?.message ?? '').trim().split('\n').pop()}); it comes with cfn-lint: pip install cfn-lint`;
if (!samTranslatorAvailable) console.warn(samTranslatorSkipReason);

/** The CloudFormation template SAM makes of `template`; throws with SAM's messages when it refuses it. */
export function samTranslate(template: unknown): { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; UpdatePolicy?: Record<string, unknown> }> } {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(template), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(r.stdout || '{}') as { errors?: string[]; Resources?: never };
  if (r.status !== 0 || out.errors) throw new Error(`SAM transform failed: ${(out.errors ?? [r.stderr]).join('; ')}`);
  return out as never;
}
