/**
 * In-process stage times of the benchmark app (one process, one pass, as a `lambdaform` command
 * runs each stage once): `node bin/run-ts.mjs bench/stages.ts <N>` prints one JSON line of
 * milliseconds per stage. Modules are loaded before any clock starts (ts-morph too, timed apart
 * as `tsMorphLoad`), so the stage times exclude loading.
 *
 * Stages, in this order: `constructs` (bench/generate.ts's `buildApp`, BENCH_SPLIT as set),
 * `model` (`app.synth()`), `lint` (the recommended preset, as `lambdaform lint` and `synth` run
 * it, with the handler analysis, without the analysis cache between runs), `sam`, `plan`
 * (lib/local/plan/build.ts `toPlan`), `cfn`, `yaml` (lib/synth/template.ts `toYaml` of the
 * CloudFormation templates), `import` (parse those YAML texts with positions, and
 * `importTemplate` them). With `BENCH_STAGES=synth-lint`, the stages of `synth --format cfn` only,
 * then `lintInSynth`: the linter as that synth runs it (cold), handed those templates and texts,
 * so it renders nothing.
 * `npm run bench` runs it in a fresh process for each repetition.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTemplate } from '../lib/import/read.js';
import { importTemplate } from '../lib/import/index.js';
import { lint } from '../lib/lint/engine.js';
import { provideTemplate } from '../lib/lint/templates.js';
import { createHandlerAnalyzer } from '../lib/lint/handlers/analyzer.js';
import { tsMorph } from '../lib/lint/handlers/ts-morph.js';
import { RULES } from '../lib/lint/rules/index.js';
import { toPlan } from '../lib/local/plan/build.js';
import { toCloudFormation } from '../lib/synth/cfn/index.js';
import { toSam } from '../lib/synth/sam/index.js';
import { toYaml } from '../lib/synth/template.js';

/** Milliseconds per stage, and what the app held. */
export interface StageTimes {
  readonly n: number;
  readonly stacks: number;
  readonly resources: number;
  readonly findings: number;
  readonly tsMorphLoad: number;
  readonly constructs: number;
  readonly model: number;
  readonly lint: number;
  /** The linter as `synth --format cfn` runs it, handed the templates it rendered and their text. */
  readonly lintInSynth: number;
  readonly cfn: number;
  readonly sam: number;
  readonly plan: number;
  readonly yaml: number;
  readonly import: number;
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

const n = Number(process.argv[2] ?? process.env.BENCH_N ?? 100);
process.env.BENCH_NO_SYNTH = '1';
const { buildApp } = await import('./generate.js');
const [, tsMorphLoad] = timed(() => tsMorph());
const cwd = process.cwd();

// Each stage runs in a heap that holds only what the stages after it need, as a command would:
// what a stage rendered is dropped before the next stage starts (a heap holding every stage's output
// would make each later stage's garbage collection, not its work, grow with N).
let app: ReturnType<typeof buildApp> | undefined;
let constructs = 0;
[app, constructs] = timed(() => buildApp(n));
const [model, modelMs] = timed(() => app!.synth());
app = undefined;
// Each backend renders a stack once and keeps the template (lint, synth and the SAM backend's
// check share it): the backends are timed on copies of the stacks, so each stage renders afresh.
const fresh = (): typeof model.stacks => structuredClone(model.stacks);
const names = model.stacks.map((s) => s.name);
const stackCount = model.stacks.length;
// `BENCH_STAGES=synth-lint`: only what `synth --format cfn` does (constructs, model, cfn, yaml,
// then the linter, handed the templates), so that the linter runs cold, as in a synth process;
// the other stages are not run (reported as -1).
const synthLintOnly = process.env.BENCH_STAGES === 'synth-lint';
const [findingCount, lintMs] = synthLintOnly ? [-1, -1] : (() => {
  const forLint = { ...model, stacks: fresh() };
  const [findings, ms] = timed(() => lint(forLint, {}, RULES, new Date(), createHandlerAnalyzer(cwd, forLint)));
  return [findings.length, ms] as const;
})();
const samMs = synthLintOnly ? -1 : (() => {
  const forSam = fresh();
  return timed(() => forSam.map((s) => toSam(s, { codeUri: (a) => path.relative(cwd, path.resolve(cwd, a.path)) || '.' })))[1];
})();
const [, planMs] = synthLintOnly ? [undefined, -1] : timed(() => toPlan(model, { appDir: cwd }));
let forCfn: typeof model.stacks | undefined = fresh();
let [cfn, cfnMs] = timed(() => forCfn!.map((s) => toCloudFormation(s)));
const resources = cfn.reduce((sum, t) => sum + Object.keys(t.Resources).length, 0);
const [texts, yamlMs] = timed(() => cfn.map((t) => toYaml(t)));
// The linter as `synth --format cfn` runs it: after the templates are rendered and written to
// text, which it is handed (the template-size rule measures that text, the resource count reads
// that template); a new handler analysis.
forCfn.forEach((s, i) => provideTemplate(s, 'cfn', false, cfn[i]!, texts[i]!));
const forSynthLint = { ...model, stacks: forCfn };
const [, lintInSynthMs] = !synthLintOnly ? [undefined, -1] : timed(() => lint(forSynthLint, {}, RULES, new Date(), createHandlerAnalyzer(cwd, forSynthLint), { 'template-size': { format: 'cfn', json: false } }));
forCfn = undefined;
cfn = [];
const [, importMs] = synthLintOnly ? [undefined, -1] : timed(() => texts.map((text, i) => importTemplate(parseTemplate(text, `${names[i]}.template.yaml`))));

const out: StageTimes = {
  n,
  stacks: stackCount,
  resources,
  findings: findingCount,
  tsMorphLoad,
  constructs,
  model: modelMs,
  lint: lintMs,
  lintInSynth: lintInSynthMs,
  cfn: cfnMs,
  sam: samMs,
  plan: planMs,
  yaml: yamlMs,
  import: importMs,
};
console.log(JSON.stringify(out));
