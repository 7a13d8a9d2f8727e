import type { Finding, Severity } from '../types.js';

/** How many findings of each severity. */
export function summary(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
