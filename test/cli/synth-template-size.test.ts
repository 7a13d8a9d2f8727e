// `synth` lints the templates it writes: the template-size rule measures the format (and JSON or
// YAML) synth writes, unless lambdaform.json sets the rule's options.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-synth-size-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const LIB = JSON.stringify(path.join(ROOT, 'lib', 'all.ts'));

/** An app whose one function has about 60 KB of inline code: every template of it is over 51,200 bytes. */
function project(config?: object): string {
  const dir = fs.mkdtempSync(path.join(TMP, 'p-'));
  fs.writeFileSync(
    path.join(dir, 'app.ts'),
    `import { App, Code, Function, Runtime, Stack } from ${LIB};\n` +
      `const app = new App();\nnew Function(new Stack(app, 'Big'), 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;\\n// ' + 'x'.repeat(60_000)) });\n`,
  );
  if (config) fs.writeFileSync(path.join(dir, 'lambdaform.json'), JSON.stringify(config));
  return dir;
}

/** The template-size finding synth printed. */
function sizeFinding(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.includes('template-size'));
  expect(line, stderr).toBeDefined();
  return line!;
}

describe('synth lints the template it writes (template-size)', () => {
  it('measures the format and form synth writes', async () => {
    const dir = project();
    const [sam, cfn, cfnJson] = await Promise.all([
      runCliAsync(['synth', '--app', 'app.ts'], dir),
      runCliAsync(['synth', '--app', 'app.ts', '--format', 'cfn'], dir),
      runCliAsync(['synth', '--app', 'app.ts', '--format', 'cfn', '--json'], dir),
    ]);
    for (const r of [sam, cfn, cfnJson]) expect(r.status, r.stderr).toBe(0);
    expect(sizeFinding(sam.stderr)).toMatch(/the SAM template of stack Big \(YAML\) is /);
    expect(sizeFinding(cfn.stderr)).toMatch(/the CloudFormation template of stack Big \(YAML\) is /);
    // JSON is measured on the text written, to the byte.
    const bytes = Buffer.byteLength(cfnJson.stdout, 'utf8');
    expect(sizeFinding(cfnJson.stderr)).toContain(`the CloudFormation template of stack Big (JSON) is ${bytes.toLocaleString('en-US')} bytes`);
  });

  it('measures the exact text written to the out directory, asset CodeUris included', async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'index.js'), 'exports.handler = async () => 1;\n');
    fs.appendFileSync(path.join(dir, 'app.ts'), `new Function(Stack.of(app.node.findChild('Big')), 'FromAsset', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset('src') });\n`);
    const [sam, cfn] = await Promise.all([
      runCliAsync(['synth', '--app', 'app.ts', '--out', 'out-sam'], dir),
      runCliAsync(['synth', '--app', 'app.ts', '--format', 'cfn', '--out', 'out-cfn'], dir),
    ]);
    for (const r of [sam, cfn]) expect(r.status, r.stderr).toBe(0);
    const samText = fs.readFileSync(path.join(dir, 'out-sam', 'Big.sam.yaml'), 'utf8');
    expect(samText).toContain('CodeUri: ../src');
    const samBytes = Buffer.byteLength(samText, 'utf8');
    const cfnBytes = Buffer.byteLength(fs.readFileSync(path.join(dir, 'out-cfn', 'Big.template.yaml'), 'utf8'), 'utf8');
    expect(sizeFinding(sam.stderr)).toContain(`the SAM template of stack Big (YAML) is ${samBytes.toLocaleString('en-US')} bytes,`);
    expect(sizeFinding(cfn.stderr)).toContain(`the CloudFormation template of stack Big (YAML) is ${cfnBytes.toLocaleString('en-US')} bytes,`);
  });

  it("the project's options win", async () => {
    const dir = project({ lint: { rules: { 'template-size': ['info', { format: 'sam' }] } } });
    const r = await runCliAsync(['synth', '--app', 'app.ts', '--format', 'cfn'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(sizeFinding(r.stderr)).toMatch(/the SAM template of stack Big \(YAML\) is /);
  });
});
