/**
 * Runs cfn-lint (1.51, with aws-sam-translator 1.110 for SAM templates) on a template file.
 * Where the `cfn-lint` command is absent, `cfnLintAvailable` is false and the calling test is
 * skipped with a printed reason; it is installed on the development machines and in CI, where
 * (LAMBDAFORM_REQUIRE_TOOLS=1, see tools.ts) its absence fails every test file importing this one.
 */
import { spawnSync } from 'node:child_process';
import { toolRequirement } from './tools.js';

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const missing = `the cfn-lint command is not available here (${probe.error?.message ?? (probe.stderr?.trim() || `exit status ${probe.status}`)}); install it with \`pip install cfn-lint\``;
/** True when the `cfn-lint` command runs here (throws at import when it does not and tools are required). */
export const cfnLintAvailable = toolRequirement(probe.status === 0, missing) === 'run';
/** The reason shown in the names of tests skipped for want of cfn-lint. */
export const cfnLintSkipReason = cfnLintAvailable ? '' : `SKIPPED: ${missing}`;

/** cfn-lint's version line, for test names. */
export const cfnLintVersion = cfnLintAvailable ? probe.stdout.trim() : 'absent';

export interface LintResult {
  /** Exit status: 0 clean, bit 2 errors, bit 4 warnings, bit 8 informational. */
  readonly status: number;
  /** Findings that are errors (rule ids starting with E). */
  readonly errors: string[];
  readonly output: string;
}

/** Lints one file; findings are parsed from the parseable format. */
export function cfnLint(file: string): LintResult {
  const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const errors = output.split('\n').filter((l) => /:E\d{4}:/.test(l));
  return { status: r.status ?? -1, errors, output };
}

/**
 * Lints many files in one cfn-lint run (its start-up costs seconds): the error findings of each
 * file, by file. A run that fails without findings (a crash) fails every file with its output.
 */
export function cfnLintAll(files: readonly string[]): Map<string, LintResult> {
  const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const lines = output.split('\n');
  const crashed = (r.status ?? -1) !== 0 && !lines.some((l) => /:[EWI]\d{4}:/.test(l));
  return new Map(
    files.map((f) => {
      const errors = crashed ? [output] : lines.filter((l) => l.startsWith(`${f}:`) && /:E\d{4}:/.test(l));
      return [f, { status: errors.length ? 2 : 0, errors, output }];
    }),
  );
}

const PYTHON = process.env.PYTHON ?? 'python3';

/** Reads YAML texts (a JSON list on stdin) with cfn-lint's loader, PyYAML's SafeLoader and libyaml's CSafeLoader. */
const LOADERS_PY = `
import json, sys, yaml
from cfnlint.decode import cfn_yaml
def plain(v):
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, str): return str(v)
    return v
def short_form(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode): value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode): value = loader.construct_sequence(node, deep=True)
    else: value = loader.construct_mapping(node, deep=True)
    if suffix == 'GetAtt' and isinstance(value, str): value = value.split('.', 1)
    return {suffix if suffix in ('Ref', 'Condition') else 'Fn::' + suffix: value}
class Safe(yaml.SafeLoader): pass
class CSafe(yaml.CSafeLoader): pass
for L in (Safe, CSafe): L.add_multi_constructor('!', short_form)
out = []
for text in json.load(sys.stdin):
    row = {}
    for name, load in (('cfn-lint', cfn_yaml.loads), ('PyYAML', lambda s: yaml.load(s, Loader=Safe)), ('libyaml', lambda s: yaml.load(s, Loader=CSafe))):
        try: row[name] = {'value': plain(load(text))}
        except Exception as e: row[name] = {'error': '%s: %s' % (type(e).__name__, e)}
    out.append(row)
json.dump(out, sys.stdout)
`;

/** What one Python YAML loader made of a text: the value, or its error. */
export type LoaderResult = { readonly value: unknown } | { readonly error: string };

/** Why Python cannot load cfn-lint's YAML loader, or undefined when it can (computed on first use: a Python start). */
export function cfnLintLoaderMissing(): string | undefined {
  if (loaderMissing === undefined) {
    // find_spec locates the packages without importing them (importing cfn-lint takes seconds).
    const r = spawnSync(PYTHON, ['-c', "import importlib.util as u, sys; sys.exit(0 if u.find_spec('cfnlint') and u.find_spec('yaml') else 'cannot find the cfnlint and yaml modules')"], { encoding: 'utf8' });
    loaderMissing = r.status === 0 ? '' : `cfn-lint's YAML loader is not importable with ${PYTHON} (${(r.error?.message ?? r.stderr ?? '').trim().split('\n').pop()}); install cfn-lint with pip for that Python (or set PYTHON)`;
  }
  return loaderMissing || undefined;
}
let loaderMissing: string | undefined;

/**
 * Parses each YAML text with cfn-lint's own loader (cfnlint.decode.cfn_yaml, built on PyYAML and
 * libyaml), and with PyYAML's SafeLoader and libyaml's CSafeLoader (short forms turned into their
 * JSON form), in one Python process.
 */
export function pythonYamlLoads(texts: readonly string[]): Array<Record<'cfn-lint' | 'PyYAML' | 'libyaml', LoaderResult>> {
  const r = spawnSync(PYTHON, ['-c', LOADERS_PY], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the Python YAML loaders failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as never;
}
