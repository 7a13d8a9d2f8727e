/**
 * Every shipped example has a scenario (examples/<name>/scenario.yaml), and it runs: its plan is
 * made as `lambdaform run --app` makes it, and every `expect` check of the scenario holds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPlan } from '../../../lib/local/plan/build.js';
import { schemaProblems } from '../../../lib/local/plan/read.js';
import { parseScenario } from '../../../lib/local/scenario/parse.js';
import { runScenario } from '../../../lib/local/scenario/run.js';
import { EXAMPLES, loadExample, ROOT } from '../../helpers/examples.js';

describe.each(EXAMPLES)('examples/%s', (name) => {
  it('has a scenario whose checks all hold', async () => {
    const file = path.join(ROOT, 'examples', name, 'scenario.yaml');
    expect(fs.existsSync(file), `examples/${name}/scenario.yaml`).toBe(true);
    const app = await loadExample(name);
    const plan = toPlan(app.synth(), { appDir: ROOT });
    expect(schemaProblems(plan)).toEqual([]);
    const scenario = parseScenario(fs.readFileSync(file, 'utf8'), `examples/${name}/scenario.yaml`);
    expect(scenario.expect.length).toBeGreaterThan(0);
    const report = await runScenario(plan, scenario, { planDir: ROOT });
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.check}: expected ${JSON.stringify(c.expected)}, got ${c.actual} (${c.where})`);
    expect(failed).toEqual([]);
    expect(report.summary.total).toBe(report.inputs.length);
  }, 30_000);
});
