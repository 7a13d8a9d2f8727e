/**
 * Lint findings as a GitLab Code Quality report (`artifacts:reports:codequality`): the subset of
 * the Code Climate issue format GitLab reads, shown in the merge request widget and diff.
 */
import * as path from 'node:path';
import type { Finding, Severity } from '../types.js';
import { hexDigest, identities, messageWithHint, slashPath } from './common.js';

/**
 * GitLab's severities (info, minor, major, critical, blocker) for ours: an error is `major` (as
 * ESLint's GitLab formatters map it; `critical` and `blocker` are left for security scanners), a
 * warning `minor`, info `info`.
 */
export const GITLAB_SEVERITY: Record<Severity, 'info' | 'minor' | 'major'> = { error: 'major', warning: 'minor', info: 'info' };

/** The file findings without a source location are reported on, when the caller names none. */
export const GITLAB_FALLBACK_FILE = 'lambdaform.json';

/** Options of formatGitlab. */
export interface GitlabOptions {
  /** The directory relative paths are relative to (the repository root): absolute source paths below it are made relative to it. */
  readonly root?: string;
  /** The repository-relative file that findings without a source are reported on, at line 1 (the app file). @default 'lambdaform.json' */
  readonly fallbackFile?: string;
}

/**
 * Formats the findings that count (acknowledged ones are left out: Code Quality has no way to mark
 * them) as a GitLab Code Quality JSON array, in the order given: `description` (the message with
 * its fix), `check_name` (the rule id), `fingerprint` (the MD5 of rule, stack and construct path,
 * with the occurrence for a second finding of the same: unique in the report and the same across
 * runs, so GitLab can tell new findings from fixed ones), `severity` (GITLAB_SEVERITY) and
 * `location` (`path` with `/`, relative to the repository; `lines.begin`). A finding without a
 * source is put at line 1 of `fallbackFile`, since GitLab requires a path.
 */
export function formatGitlab(findings: readonly Finding[], opts: GitlabOptions = {}): string {
  const ids = identities(findings);
  const issues = findings.flatMap((f, i) => {
    if (f.suppressed) return [];
    return [
      {
        description: messageWithHint(f),
        check_name: f.rule,
        fingerprint: hexDigest('md5', ids[i]!.key),
        severity: GITLAB_SEVERITY[f.severity],
        location: {
          path: f.source ? repositoryPath(f.source.file, opts.root) : slashPath(opts.fallbackFile ?? GITLAB_FALLBACK_FILE),
          lines: { begin: f.source?.line ?? 1 },
        },
      },
    ];
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}

/** A path relative to the repository root, with `/`: absolute paths below `root` made relative; others as given. */
function repositoryPath(file: string, root: string | undefined): string {
  if (root !== undefined && path.isAbsolute(file)) {
    const rel = path.relative(root, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return slashPath(rel);
  }
  return slashPath(file);
}
