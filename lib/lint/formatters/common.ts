/**
 * What the CI formatters (SARIF, GitHub, JUnit, GitLab) share: absolute docs links, the text of a
 * finding with its fix, its identity across runs, and file paths as CI systems want them.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/** lambdaform's repository: SARIF's `informationUri`. */
export const REPOSITORY_URL = 'https://github.com/lambdaform/lambdaform';

/** What the rules' docs paths (`docs/rules.md#sqs-visibility-timeout`) are relative to, for absolute links. */
export const DOCS_BASE = `${REPOSITORY_URL}/blob/main/`;

/** A rule's docs as an absolute URL: `docs/rules.md#x` resolved against DOCS_BASE; an absolute URL stays as it is. */
export function docsUrl(docs: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(docs) ? docs : new URL(docs, DOCS_BASE).href;
}

/** The finding's message and how to fix it, as one text: `<message>. Fix: <hint>`. */
export function messageWithHint(f: Pick<Finding, 'message' | 'hint'>): string {
  if (f.hint === undefined || f.hint === '') return f.message;
  return `${f.message}${/[.!?]$/.test(f.message) ? '' : '.'} Fix: ${f.hint}`;
}

/** The identity of each finding (same order): rule, stack and construct path, and for the 2nd, 3rd... finding with those, its occurrence. */
export interface FindingIdentity {
  /** `rule \0 stack \0 path`. */
  readonly base: string;
  /** `base`, with `\0 n` appended for the n-th (n > 1) finding of the same: unique among the findings. */
  readonly key: string;
  /** 1 for the first finding with this rule, stack and path, 2 for the next... */
  readonly occurrence: number;
}

/**
 * Identities that stay the same across runs while the finding stays (its line, its message's
 * values and its acknowledgement may change). Computed over all findings, acknowledged or not,
 * so listing acknowledged findings does not change the others'.
 */
export function identities(findings: readonly Finding[]): FindingIdentity[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.rule}\0${f.stack}\0${f.path}`;
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return { base, key: occurrence === 1 ? base : `${base}\0${occurrence}`, occurrence };
  });
}

/** The hex digest of a text. */
export function hexDigest(algorithm: 'md5' | 'sha256', text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

/** A relative path with `/` separators and no leading `./` (CI systems match these against the repository). */
export function slashPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
