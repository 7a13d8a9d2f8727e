// The kitchen sink's templates, both formats, against reviewed golden files that are never
// updated automatically (test/fixtures/golden/README.md says how to review a change).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { stack } from '../fixtures/apps/kitchen-sink.js';
import { ROOT } from '../helpers/examples.js';

const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');
const model = stackModel(stack);

describe.each([
  ['kitchen-sink.template.yaml', () => toYaml(toCloudFormation(model))],
  ['kitchen-sink.sam.yaml', () => toYaml(toSam(model))],
])('%s', (file, render) => {
  it('is the reviewed golden template, line for line', () => {
    const expected = fs.readFileSync(path.join(GOLDEN, file), 'utf8').split('\n');
    const actual = render().split('\n');
    const first = actual.findIndex((line, i) => line !== expected[i]);
    const where = first === -1 && actual.length === expected.length ? 'none' : `line ${(first === -1 ? Math.min(actual.length, expected.length) : first) + 1}`;
    // On a difference: review it (test/fixtures/golden/README.md); never copy the output over blindly.
    expect({ firstDifference: where, line: actual[first] }).toEqual({ firstDifference: 'none', line: undefined });
  });
});
