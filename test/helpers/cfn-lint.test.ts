// The batch cfn-lint helper the example tests rely on: one run, each file's errors kept apart.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason } from './cfn-lint.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-lint-helper-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

it.skipIf(!cfnLintAvailable)(`reports a broken template's errors against that file only ${cfnLintSkipReason}`, () => {
  const good = path.join(TMP, 'good.yaml');
  const bad = path.join(TMP, 'bad.yaml');
  fs.writeFileSync(good, 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  fs.writeFileSync(bad, 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: not-a-number\n');
  const results = cfnLintAll([good, bad]);
  expect(results.get(good)!.errors).toEqual([]);
  expect(results.get(bad)!.errors.length).toBeGreaterThan(0);
  expect(results.get(bad)!.errors.every((l) => l.startsWith(`${bad}:`))).toBe(true);
});
