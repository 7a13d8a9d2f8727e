#!/usr/bin/env node
// `npm run bench:startup`: whole-process wall time of `lambdaform synth --format cfn` of a trivial
// app (one queue, as .mjs and .ts) and of each example, median of 5 runs after a warm-up:
// - "compiled": the CLI and the app run the compiled package (dist/, as an installed package runs);
//   an example runs from a copy of its folder whose app imports the compiled package, as in a
//   user's project;
// - "sources": the repository's launcher (bin/lambdaform.mjs: lambdaform's sources, bundled once),
//   with the example's app importing lambdaform's TypeScript sources;
// The CLI runs the app in its own process and keeps handler analyses between runs (the runs after
// the warm-up find them): `LAMBDAFORM_ANALYSIS_CACHE=off` measures without that cache.
// - a bare `node -e` that imports the compiled package and prints the trivial app's template
//   (assertions' Template.fromStack; the floor: what importing lambdaform and synthesizing costs,
//   without the CLI).
// Needs `npm run build` first (it runs it when dist/ is missing).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!fs.existsSync(path.join(root, 'dist', 'bin', 'lambdaform.js'))) execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-startup-'));
const index = pathToFileURL(path.join(root, 'dist', 'lib', 'index.js')).href;
const sqs = pathToFileURL(path.join(root, 'dist', 'lib', 'modules', 'aws-sqs.js')).href;
const body = `const app = new App();\nnew Queue(new Stack(app, 'Trivial'), 'Jobs');\napp.synth();\n`;
const imports = `import { App, Stack } from '${index}';\nimport { Queue } from '${sqs}';\n`;
fs.writeFileSync(path.join(dir, 'app.mjs'), `${imports}${body}`);
fs.writeFileSync(path.join(dir, 'app.ts'), `${imports}${body}`);

function median(cmd, args, cwd = root) {
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const compiled = path.join(root, 'dist', 'bin', 'lambdaform.js');
const sources = path.join(root, 'bin', 'lambdaform.mjs');
const assertions = pathToFileURL(path.join(root, 'dist', 'lib', 'modules', 'assertions.js')).href;
const bare = median(process.execPath, ['--input-type=module', '-e', `import { App, Stack } from '${index}'; import { Queue } from '${sqs}'; import { Template } from '${assertions}'; const app = new App(); const stack = new Stack(app, 'Trivial'); new Queue(stack, 'Jobs'); process.stdout.write(JSON.stringify(Template.fromStack(stack).toJSON()));`]);
const rows = [['bare node -e (import + synthesize + print)', bare]];
/** A copy of an example whose app imports the compiled package: the example as a user's project has it. */
function userCopy(example) {
  const target = path.join(dir, example);
  fs.cpSync(path.join(root, 'examples', example), target, { recursive: true });
  const app = path.join(target, 'app.ts');
  // lambdaform's specifiers, resolved to the compiled package (the copy has no node_modules of its own).
  const modules = pathToFileURL(path.join(root, 'dist', 'lib', 'modules')).href;
  const text = fs.readFileSync(app, 'utf8').replaceAll("from 'lambdaform'", `from '${index}'`);
  fs.writeFileSync(app, text.replace(/from 'lambdaform\/([a-z0-9-]+)'/g, (_, m) => `from '${modules}/${m}.js'`));
  return target;
}

for (const [name, app, cwd] of [
  ['trivial app (.mjs)', path.join(dir, 'app.mjs'), dir],
  ['trivial app (.ts)', path.join(dir, 'app.ts'), dir],
]) {
  for (const [mode, cli] of [['compiled', compiled], ['sources', sources]]) {
    rows.push([`${name}, ${mode}`, median(process.execPath, [cli, 'synth', '--app', app, '--format', 'cfn'], cwd)]);
  }
}
for (const example of fs.readdirSync(path.join(root, 'examples')).sort()) {
  const copy = userCopy(example);
  rows.push([`examples/${example}, compiled`, median(process.execPath, [compiled, 'synth', '--app', 'app.ts', '--format', 'cfn'], copy)]);
  rows.push([`examples/${example}, sources`, median(process.execPath, [sources, 'synth', '--app', path.join(root, 'examples', example, 'app.ts'), '--format', 'cfn'], root)]);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`lambdaform synth --format cfn, whole process, median of ${RUNS} after a warm-up (ms):`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(52)} ${ms.toFixed(0).padStart(6)}  (${(ms / bare).toFixed(2)}x bare node)`);
