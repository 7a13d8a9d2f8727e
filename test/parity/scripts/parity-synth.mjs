#!/usr/bin/env node
/**
 * Regenerates the CDK fixtures of the parity suite: synthesizes every test/parity/apps/<name>/cdk.ts
 * with the real aws-cdk-lib and copies its stack's template to apps/<name>/cdk.template.json.
 *
 *   npm install --prefix test/parity/cdk      # once: aws-cdk-lib and constructs, pinned there
 *   node test/parity/scripts/parity-synth.mjs [name...]
 *
 * The apps import 'aws-cdk-lib' as CDK users write it, and Node resolves it from the app file's
 * folder: each app folder is copied into the parity project (test/parity/cdk/.run/<name>/, a
 * dotted folder the repository's type check does not include, removed at the end) and runs there
 * with tsx, in a process of its own, CDK_OUTDIR pointing to a temporary cdk.out. The suite
 * (test/parity/parity.test.ts) reads only the committed fixtures: it runs offline.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const PARITY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = path.join(PARITY, 'apps');
const CDK_MODULES = path.join(PARITY, 'cdk', 'node_modules');
const ROOT = path.resolve(PARITY, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

if (!fs.existsSync(path.join(CDK_MODULES, 'aws-cdk-lib', 'package.json'))) {
  console.error(`aws-cdk-lib is not installed for the parity suite: run \`npm install --prefix ${path.relative(process.cwd(), path.join(PARITY, 'cdk')) || '.'}\` first`);
  process.exit(1);
}
const cdkVersion = JSON.parse(fs.readFileSync(path.join(CDK_MODULES, 'aws-cdk-lib', 'package.json'), 'utf8')).version;

const all = fs.readdirSync(APPS).filter((n) => fs.existsSync(path.join(APPS, n, 'cdk.ts'))).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`no such parity app: ${unknown.join(', ')} (apps: ${all.join(', ')})`);
  process.exit(1);
}
const names = wanted.length ? wanted : all;

/** What each fixture was made from: the SHA-256 of its cdk.ts and the aws-cdk-lib version (parity.test.ts checks cdk.ts did not change since). */
const SOURCES = path.join(APPS, 'fixtures.json');
const sources = fs.existsSync(SOURCES) ? JSON.parse(fs.readFileSync(SOURCES, 'utf8')) : {};
const RUN = path.join(PARITY, 'cdk', '.run');
fs.rmSync(RUN, { recursive: true, force: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-parity-'));
let failed = 0;
try {
  for (const name of names) {
    const dir = path.join(APPS, name);
    const run = path.join(RUN, name);
    fs.cpSync(dir, run, { recursive: true });
    const outdir = path.join(tmp, name);
    const r = spawnSync(TSX, [path.join(run, 'cdk.ts')], {
      cwd: run,
      encoding: 'utf8',
      // No bundling: the NodejsFunction asset's contents are an accepted difference (differences.ts).
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }) },
    });
    if (r.status !== 0) {
      failed++;
      console.error(`${name}: cdk.ts failed (exit ${r.status})\n${r.stdout}${r.stderr}`);
      continue;
    }
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    if (templates.length !== 1) {
      failed++;
      console.error(`${name}: expected one stack template in cdk.out, found ${templates.length} (${templates.join(', ')})`);
      continue;
    }
    const template = JSON.parse(fs.readFileSync(path.join(outdir, templates[0]), 'utf8'));
    fs.writeFileSync(path.join(dir, 'cdk.template.json'), JSON.stringify(template, null, 2) + '\n');
    sources[name] = { cdkTs: createHash('sha256').update(fs.readFileSync(path.join(dir, 'cdk.ts'))).digest('hex'), awsCdkLib: cdkVersion };
    console.log(`${name}: ${templates[0]} (aws-cdk-lib ${cdkVersion}) -> apps/${name}/cdk.template.json`);
  }
  const kept = Object.keys(sources).filter((n) => all.includes(n)).sort();
  fs.writeFileSync(SOURCES, JSON.stringify(Object.fromEntries(kept.map((n) => [n, sources[n]])), null, 2) + '\n');
} finally {
  fs.rmSync(RUN, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
