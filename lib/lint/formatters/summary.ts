import type { Finding, Severity } from '../types.js';

/** How many findings of each severity count (acknowledged ones are not counted there), and how many are acknowledged. */
export function summary(findings: readonly Finding[]): Record<Severity, number> & { suppressed: number } {
  const out = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) out.suppressed++;
    else out[f.severity]++;
  }
  return out;
}

/** The findings that count: those not acknowledged. */
export function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}
