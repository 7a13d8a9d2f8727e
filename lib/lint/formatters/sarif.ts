/**
 * Lint findings as SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`) and
 * other SARIF viewers. Follows GitHub's supported subset: rule help and an absolute help link,
 * a physical location per result, and `partialFingerprints.primaryLocationLineHash` set by us.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACKNOWLEDGEMENT_RULE } from '../engine.js';
import type { Finding, Rule, RuleMeta, Severity } from '../types.js';
import { docsUrl, hexDigest, identities, messageWithHint, REPOSITORY_URL, slashPath, type FindingIdentity } from './common.js';

/** The `$schema` of the log (the URI GitHub's documentation uses). */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The `uriBaseId` of relative paths: the directory lambdaform ran in (the repository root, in CI). */
export const SRCROOT = '%SRCROOT%';

/** Options of formatSarif. */
export interface SarifOptions {
  /**
   * Also list acknowledged findings, each with a SARIF `suppressions` entry (`inSource` for
   * `Lint.acknowledge`, `external` for lambdaform.json; `status: accepted`, the reason as
   * `justification`). Off by default because GitHub code scanning ignores `suppressions`: it
   * would open an alert for every acknowledged finding.
   */
  readonly showSuppressed?: boolean;
  /** lambdaform's version (package.json's `version`): `tool.driver.version` and `semanticVersion`. */
  readonly version: string;
  /** The absolute directory relative source paths are relative to (the working directory): `originalUriBaseIds['%SRCROOT%']`. */
  readonly root?: string;
  /**
   * The file (relative to `root`) that findings without a source location are reported on, at no
   * particular line (the app file, or lambdaform.json). Without it they get a logical location only,
   * which is valid SARIF but which GitHub code scanning refuses ("expected a physical location"),
   * failing the whole upload.
   */
  readonly fallbackFile?: string;
  /** `automationDetails.id` (`<category>/`). Leave it out on GitHub Actions, where upload-sarif's `category` input sets it (a value in the file wins over the input). */
  readonly category?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub's `problem.severity` of a rule. */
const PROBLEM: Record<Severity, 'error' | 'warning' | 'recommendation'> = { error: 'error', warning: 'warning', info: 'recommendation' };
/** GitHub cuts descriptions at 1024 characters. */
const MAX_DESCRIPTION = 1024;

/** Rules the engine reports that are not in RULES. */
const BUILT_IN_EXTRA: Record<string, RuleMeta> = {
  [ACKNOWLEDGEMENT_RULE]: {
    id: ACKNOWLEDGEMENT_RULE,
    severity: 'error',
    description: 'an acknowledgement of a finding (Lint.acknowledge) says why the finding is acceptable there, so a reviewer can judge it',
    docs: 'docs/rules.md#acknowledging-findings',
    recommended: true,
  },
};

/**
 * Formats findings as a SARIF 2.1.0 log with one run. `tool.driver.rules` holds every rule given
 * (pass all of RULES, so the rule metadata GitHub stores does not change between runs), then any
 * other rule a finding names (`acknowledgement-reason`). Each result has the rule, the level
 * (info is `note`), the message with its fix, the source line as a physical location (relative
 * paths against `%SRCROOT%`, absolute ones as `file://` URIs) and the construct path as a logical
 * location (kind `resource`), and a `primaryLocationLineHash` made of the rule, stack and construct
 * path, so GitHub keeps one alert per finding across runs even when lines move. Acknowledged
 * findings are listed, as suppressed results, only with `showSuppressed` (see SarifOptions).
 * Output is deterministic, in the order of `findings`.
 */
export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], opts: SarifOptions): string {
  const ids = identities(findings);
  const listed = findings.map((f, i) => ({ f, id: ids[i]! })).filter(({ f }) => opts.showSuppressed || !f.suppressed);
  const metas = descriptors(listed.map(({ f }) => f), rules);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const run = {
    tool: {
      driver: {
        name: 'lambdaform',
        semanticVersion: opts.version,
        version: opts.version,
        informationUri: REPOSITORY_URL,
        rules: metas.map(reportingDescriptor),
      },
    },
    ...(opts.category !== undefined ? { automationDetails: { id: opts.category.endsWith('/') ? opts.category : `${opts.category}/` } } : {}),
    ...(opts.root !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(opts.root) } } } : {}),
    results: listed.map(({ f, id }) => result(f, id, index.get(f.rule)!, opts.fallbackFile)),
    columnKind: 'utf16CodeUnits',
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

/** The rules given, then those only findings name (with metadata made from the finding). */
function descriptors(findings: readonly Finding[], rules: readonly Rule[]): RuleMeta[] {
  const metas: RuleMeta[] = [];
  const seen = new Set<string>();
  const add = (m: RuleMeta) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    metas.push(m);
  };
  rules.forEach((r) => add(r.meta));
  for (const f of findings) add(BUILT_IN_EXTRA[f.rule] ?? { id: f.rule, severity: f.severity, description: `the lambdaform rule ${f.rule}`, docs: f.docs, recommended: false });
  return metas;
}

function reportingDescriptor(m: RuleMeta) {
  const same = equivalents(m);
  const options = Object.entries(m.defaultOptions ?? {});
  const presets = m.recommended ? 'recommended, strict' : 'strict';
  const url = docsUrl(m.docs);
  const text = [
    `${m.description}.`,
    '',
    `Default severity: ${m.severity}. Presets: ${presets}.`,
    ...(same.length ? [`Same check elsewhere: ${same.map(([tool, ids]) => `${tool} ${ids.join(', ')}`).join('; ')}.`] : []),
    ...(options.length ? [`Options: ${options.map(([k, v]) => `${k} (default ${JSON.stringify(v)})`).join(', ')}.`] : []),
    `Docs: ${url}`,
  ];
  const markdown = [
    `**${m.id}**: ${escapeMarkdown(m.description)}.`,
    '',
    `- Default severity: \`${m.severity}\``,
    `- Presets: ${presets.split(', ').map((p) => `\`${p}\``).join(', ')}`,
    ...(same.length ? [`- Same check elsewhere: ${same.map(([tool, ids]) => `${tool} ${ids.map((i) => `\`${i}\``).join(', ')}`).join('; ')}`] : []),
    ...(options.length ? [`- Options: ${options.map(([k, v]) => `\`${k}\` (default \`${JSON.stringify(v)}\`)`).join(', ')}`] : []),
    '',
    `See [${m.docs}](${url}).`,
  ];
  return {
    id: m.id,
    name: pascalCase(m.id),
    shortDescription: { text: cut(m.description) },
    fullDescription: { text: cut(`${m.description}.${same.length ? ` Same check elsewhere: ${same.map(([tool, ids]) => `${tool} ${ids.join(', ')}`).join('; ')}.` : ''}`) },
    helpUri: url,
    help: { text: text.join('\n'), markdown: markdown.join('\n') },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: ['lambdaform', 'aws-serverless', ...(m.recommended ? ['recommended'] : ['strict'])], precision: 'high', 'problem.severity': PROBLEM[m.severity] },
  };
}

function result(f: Finding, id: FindingIdentity, ruleIndex: number, fallbackFile: string | undefined) {
  const logical = { name: f.path.slice(f.path.lastIndexOf('/') + 1), fullyQualifiedName: f.path, kind: 'resource' };
  const file = f.source?.file ?? fallbackFile;
  const physical =
    file === undefined
      ? undefined
      : {
          artifactLocation: artifactLocation(file),
          ...(f.source ? { region: { startLine: f.source.line, ...(f.source.column !== undefined ? { startColumn: f.source.column } : {}) } } : {}),
        };
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: messageWithHint(f) },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [logical] }],
    partialFingerprints: {
      // GitHub reads only this key (as upload-sarif makes it: a hash, `:`, the occurrence); upload-sarif
      // computes it from the text of the line when it is missing, so an edited line would open a new alert.
      primaryLocationLineHash: `${hexDigest('sha256', id.base).slice(0, 16)}:${id.occurrence}`,
      'lambdaformFinding/v1': hexDigest('sha256', id.key),
    },
    ...(f.suppressed ? { suppressions: [{ kind: f.suppressed.by !== 'config' ? 'inSource' : 'external', status: 'accepted', justification: f.suppressed.reason }] } : {}),
    properties: { stack: f.stack, ...(f.logicalId !== undefined ? { logicalId: f.logicalId } : {}), docs: docsUrl(f.docs) },
  };
}

/** A relative path against %SRCROOT% (each segment percent-encoded), an absolute one as a file:// URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: slashPath(file).split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A directory's file:// URI, with the trailing slash SARIF requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function equivalents(m: RuleMeta): Array<[string, readonly string[]]> {
  const e = m.equivalents ?? {};
  const named: Array<[string, readonly string[] | undefined]> = [
    ['cfn-lint', e.cfnLint],
    ['cdk-nag', e.cdkNag],
    ['serverless-rules', e.serverlessRules],
  ];
  return named.filter((x): x is [string, readonly string[]] => x[1] !== undefined && x[1].length > 0);
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

function cut(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 3)}...`;
}
