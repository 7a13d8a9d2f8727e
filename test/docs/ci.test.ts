// docs/ci.md and the CI files it embeds (docs/ci/*.yml): they parse, docs/ci.md shows them as
// they are, and the steps that matter are there and agree with each other (the file the lint
// step writes is the file that is uploaded or reported).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/examples.js';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const DOC = read('docs/ci.md');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** The file a shell command redirects standard output to (`... > file`). */
const redirectTarget = (run: string): string | undefined => /(?:^|\s)>\s*(\S+)\s*$/.exec(run.trim())?.[1];

/** The fenced code blocks of a Markdown text, with their tag. */
function codeBlocks(md: string): Array<{ tag: string; code: string }> {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ tag: m[1]!, code: m[2]! }));
}

describe('docs/ci/github-actions.yml', () => {
  const text = read('docs/ci/github-actions.yml');
  const wf = parse(text) as Workflow;

  it('runs on pushes and pull requests with a read-only default token', () => {
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it.each(['annotations', 'code-scanning'])('job %s checks out, sets up Node.js 20 and installs with npm ci', (name) => {
    const steps = wf.jobs[name]!.steps;
    expect(steps[0]!.uses).toBe('actions/checkout@v5');
    expect(steps[1]).toMatchObject({ uses: 'actions/setup-node@v5', with: { 'node-version': 20, cache: 'npm' } });
    expect(steps[2]!.run).toBe('npm ci');
  });

  it('the annotations job prints workflow commands and keeps the default --fail-on, so it is the gate', () => {
    const lint = wf.jobs.annotations!.steps.find((s) => s.run?.includes('lambdaform lint'))!;
    expect(lint.run).toBe('npx lambdaform lint --format github');
  });

  it('the code-scanning job writes SARIF without failing on findings and uploads that same file, with a category and the permissions upload-sarif needs', () => {
    const job = wf.jobs['code-scanning']!;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    expect(job.if).toMatch(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    const lintAt = job.steps.findIndex((s) => s.run?.includes('lambdaform lint'));
    const lint = job.steps[lintAt]!;
    expect(lint.run).toMatch(/^npx lambdaform lint --format sarif --fail-on none > \S+$/);
    const file = redirectTarget(lint.run!)!;
    expect(file).toMatch(/\.sarif$/);
    const upload = job.steps[lintAt + 1]!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.with).toEqual({ sarif_file: file, category: 'lambdaform' });
  });
});

describe('docs/ci/gitlab-ci.yml', () => {
  const text = read('docs/ci/gitlab-ci.yml');
  const config = parse(text) as Record<string, { stage: string; image: string; script: string[]; artifacts: { when: string; reports: Record<string, string> } }>;
  const job = config['lambdaform-lint']!;

  it('installs with npm ci on Node.js 20 in the test stage', () => {
    expect(job.stage).toBe('test');
    expect(job.image).toBe('node:20');
    expect(job.script[0]).toMatch(/^npm ci\b/);
  });

  it('writes the Code Quality and JUnit reports without failing, declares those same files as reports (kept when the job fails), then gates', () => {
    const written = (format: string) => {
      const line = job.script.find((l) => l.includes(`--format ${format}`))!;
      expect(line).toMatch(new RegExp(`^npx lambdaform lint --format ${format} --fail-on none > \\S+$`));
      return redirectTarget(line);
    };
    expect(job.artifacts.reports).toEqual({ codequality: written('gitlab'), junit: written('junit') });
    expect(job.artifacts.reports.codequality).toBe('gl-code-quality-report.json');
    expect(job.artifacts.when).toBe('always');
    expect(job.script.at(-1)).toBe('npx lambdaform lint');
  });
});

describe('docs/ci.md', () => {
  it('shows each CI file exactly as it is', () => {
    const yamlBlocks = codeBlocks(DOC).filter((b) => b.tag === 'yaml').map((b) => b.code);
    expect(yamlBlocks).toContain(read('docs/ci/github-actions.yml'));
    expect(yamlBlocks).toContain(read('docs/ci/gitlab-ci.yml'));
  });

  it('every YAML block parses', () => {
    for (const { code } of codeBlocks(DOC).filter((b) => b.tag === 'yaml')) {
      for (const doc of parseAllDocuments(code)) expect(doc.errors.map((e) => e.message)).toEqual([]);
    }
  });

  it('uses only the formats and options lambdaform lint documents', () => {
    for (const m of DOC.matchAll(/lambdaform lint([^\n`']*)/g)) {
      for (const f of m[1]!.matchAll(/--format (\S+)/g)) expect(['text', 'json', 'sarif', 'github', 'junit', 'gitlab']).toContain(f[1]);
      for (const f of m[1]!.matchAll(/--fail-on (\S+)/g)) expect(['error', 'warning', 'info', 'none']).toContain(f[1]);
    }
  });

  it('links only to files that exist', () => {
    const links = [...DOC.matchAll(/\]\(((?!https?:)[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(['rules.md', 'ci/github-actions.yml', 'ci/gitlab-ci.yml']));
    for (const link of links) expect(fs.existsSync(path.join(ROOT, 'docs', link)), link).toBe(true);
  });
});
