import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdkSource } from '../../bench/cdk-source.js';
import { measure, median } from '../../bench/measure.js';
import { ROOT, makeUserProject } from '../../bench/project.js';

describe('bench harness: measure', () => {
  it('sums the peak RSS of the process tree and times the whole run', async () => {
    // The parent holds ~64 MB and starts a child that holds ~64 MB too, both alive for a while.
    const hold = 'const b = Buffer.alloc(64 * 2 ** 20, 1); setTimeout(() => b.length, 600);';
    const script = `${hold} require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(hold)}], { stdio: 'inherit' });`;
    const r = await measure(process.execPath, ['-e', script]);
    expect(r.code).toBe(0);
    expect(r.processes).toBe(2);
    expect(r.rssMb).toBeGreaterThan(2 * 64);
    expect(r.ms).toBeGreaterThan(500);
  });

  it('rejects a failing command with its stderr', async () => {
    await expect(measure(process.execPath, ['-e', 'console.error("boom"); process.exit(3)'])).rejects.toThrow(/exited with 3:\nboom/);
  });

  it('accepts the exit codes it is told to', async () => {
    expect((await measure(process.execPath, ['-e', 'process.exit(1)'], { okCodes: [0, 1] })).code).toBe(1);
  });

  it('takes the lower middle as median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });
});

describe('bench harness: the CDK copy of the benchmark app', () => {
  const text = cdkSource(fs.readFileSync(path.join(ROOT, 'bench', 'generate.ts'), 'utf8'));

  it('imports aws-cdk-lib where the app imports lambdaform, as JavaScript', () => {
    expect(text).not.toMatch(/lambdaform['/]/);
    expect(text).toContain('from "aws-cdk-lib"');
    expect(text).toContain('from "aws-cdk-lib/aws-sqs"');
    expect(text).toContain('from "aws-cdk-lib/aws-apigatewayv2-integrations"');
    expect(text).not.toMatch(/: (Construct|Shared|number)\b/);
  });

  it('synthesizes with skipValidation unless BENCH_CDK_VALIDATION=on', () => {
    expect(text).toMatch(/\.synth\(process\.env\.BENCH_CDK_VALIDATION === "on" \? \{\} : \{ skipValidation: true \}\)/);
  });

  it('refuses an app that no longer ends the way it expects', () => {
    expect(() => cdkSource("import { App } from 'lambdaform';\nnew App().synth();\n")).toThrow(/no longer ends with/);
  });
});

describe('bench harness: the user project', () => {
  it('links lambdaform to the repository and holds the app and its assets', () => {
    const p = makeUserProject('\n// extra\n');
    try {
      expect(fs.realpathSync(path.join(p.dir, 'node_modules', 'lambdaform'))).toBe(fs.realpathSync(ROOT));
      expect(fs.existsSync(path.join(p.dir, 'node_modules', 'constructs', 'package.json'))).toBe(true);
      expect(fs.readFileSync(path.join(p.dir, p.app), 'utf8')).toMatch(/\/\/ extra\n$/);
      expect(fs.existsSync(path.join(p.dir, 'app', 'asset', 'index.js'))).toBe(true);
      expect(fs.existsSync(path.join(p.dir, 'tsconfig.json'))).toBe(false);
    } finally {
      p.remove();
    }
    expect(fs.existsSync(p.dir)).toBe(false);
  });
});
