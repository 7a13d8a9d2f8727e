/**
 * Template lint benchmark: one CloudFormation template of N functions (default 1,000: the lint
 * benchmark's app, its stacks' resources in one template, each function triggered by a queue of
 * its own and sending to another, its code in S3), written as YAML to a temporary file; then times, in-process,
 * reading it (YAML with positions), importing it into the model and linting it with every rule
 * (preset strict), and, as a user runs it, the whole `lambdaform lint <file>` process.
 *
 * The template has far more than CloudFormation's 500 resources (stack-resource-limit reports
 * it): it measures reading and linting, not a deployable stack.
 *
 * Run with `npm run bench:lint-template [-- N] [--json]` (`--json`: the template as JSON, as `cdk synth` writes it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Code } from '../lib/all.js';
import { BENCH_NOW, queueWorkers, time } from './common.js';
import { importTemplate } from '../lib/import/index.js';
import { parseTemplate } from '../lib/import/read.js';
import { lint } from '../lib/lint/engine.js';
import { RULES } from '../lib/lint/rules/index.js';
import { renderCloudFormation } from '../lib/synth/cfn/index.js';
import { toJson, toYaml, type Template } from '../lib/synth/template.js';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
const NOW = BENCH_NOW;
// Code in S3, as in `cdk synth` output and exported stacks (there is no handler file to read).
const model = queueWorkers(n, (i) => Code.fromBucket({ bucketName: 'artifacts-bucket' }, `functions/f${i}.zip`));
const merged: Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: {} };
for (const s of model.stacks) Object.assign(merged.Resources, renderCloudFormation(s).Resources);
const json = process.argv.includes('--json');
const text = json ? toJson(merged) : toYaml(merged);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-template-'));
const file = path.join(dir, json ? 'big.template.json' : 'big.template.yaml');
fs.writeFileSync(file, text);

try {
  const run = () => {
    const [doc, readMs] = time(() => parseTemplate(text, file));
    const [model, importMs] = time(() => ({ version: 2 as const, stacks: [importTemplate(doc)] }));
    const [findings, lintMs] = time(() => lint(model, { preset: 'strict' }, RULES, NOW, process.cwd()));
    return { readMs, importMs, lintMs, findings: findings.length };
  };
  const first = run();
  const second = run();
  const bin = fileURLToPath(new URL('../bin/lambdaform.mjs', import.meta.url));
  const t = performance.now();
  const cli = spawnSync(process.execPath, [bin, 'lint', file, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const cliMs = performance.now() - t;
  if (cli.status !== 0) throw new Error(`lambdaform lint exited with ${cli.status}: ${cli.stderr}`);

  const fmt = (r: typeof first) => `read ${r.readMs.toFixed(0)} ms, import ${r.importMs.toFixed(0)} ms, lint ${r.lintMs.toFixed(0)} ms = ${(r.readMs + r.importMs + r.lintMs).toFixed(0)} ms`;
  console.log(`template: ${n} functions, ${Object.keys(merged.Resources).length} resources, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB of ${json ? 'JSON' : 'YAML'}`);
  console.log(`in-process, first run (cold): ${fmt(first)}; ${first.findings} findings`);
  console.log(`in-process, second run (warm): ${fmt(second)}`);
  console.log(`whole process (lambdaform lint ${path.basename(file)} --format json): ${cliMs.toFixed(0)} ms`);
  console.log(`peak RSS (this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
