// An app whose function code is a .zip file (Code.fromAsset('fn.zip')), through the CLI as a user
// runs it: synth --format cfn copies the zip as it is, synth (SAM) points CodeUri at it, invoke
// runs the handler extracted from it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetManifest } from '../../lib/synth/assets.js';
import { parseTemplate } from '../../lib/synth/template.js';
import { runCliAsync } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';
import { writeZip } from '../helpers/zip.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-zip-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const LIB = path.join(ROOT, 'lib', 'all.ts');
let cwd: string;
let zip: Buffer;

beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(TMP, 'app-'));
  zip = Buffer.from(fs.readFileSync(writeZip(cwd, 'build/fn.zip', { 'index.mjs': 'export const handler = async (event) => ({ zipped: true, got: event });\n' })));
  fs.writeFileSync(
    path.join(cwd, 'app.ts'),
    `import { App, Code, Function, Runtime, Stack } from ${JSON.stringify(LIB)};
const app = new App();
const stack = new Stack(app, 'Zipped');
new Function(stack, 'Greet', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset('build/fn.zip') });
`,
  );
});

describe.concurrent('a .zip file asset through the CLI', () => {
  it('synth --format cfn references <id>.zip and writes the zip as it is', async () => {
    const r = await runCliAsync(['synth', '--app', 'app.ts', '--format', 'cfn', '--out', 'cfn.out'], cwd);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(cwd, 'cfn.out', 'assets.json'), 'utf8')) as AssetManifest;
    expect(manifest.assets).toHaveLength(1);
    const { id, source, key, file } = manifest.assets[0]!;
    expect({ source, key, file }).toEqual({ source: 'build/fn.zip', key: `${id}.zip`, file: `assets/${id}.zip` });
    expect(fs.readFileSync(path.join(cwd, 'cfn.out', file)).equals(zip)).toBe(true);
    const t = parseTemplate(fs.readFileSync(path.join(cwd, 'cfn.out', 'Zipped.template.yaml'), 'utf8'));
    expect(t.Resources.Greet!.Properties!.Code).toEqual({ S3Bucket: { Ref: 'AssetsBucket' }, S3Key: `${id}.zip` });
  });

  it('synth (SAM) points CodeUri at the zip, relative to the template', async () => {
    const r = await runCliAsync(['synth', '--app', 'app.ts', '--out', 'sam.out', '--no-lint'], cwd);
    expect(r.status, r.stderr).toBe(0);
    const t = parseTemplate(fs.readFileSync(path.join(cwd, 'sam.out', 'Zipped.sam.yaml'), 'utf8'));
    expect(t.Resources.Greet!.Properties!.CodeUri).toBe('../build/fn.zip');
  });

  it('invoke runs the handler from the zip', async () => {
    fs.writeFileSync(path.join(cwd, 'event.json'), '{"hello": "zip"}');
    const r = await runCliAsync(['invoke', 'Greet', '--app', 'app.ts', '--event', 'event.json'], cwd);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ zipped: true, got: { hello: 'zip' } });
    expect(fs.readdirSync(path.join(cwd, '.lambdaform', 'zips'))).toHaveLength(1);
  });
});
