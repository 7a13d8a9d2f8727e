// Code given as a .zip file runs locally from the directory it is extracted to once
// (.lambdaform/zips/<asset id>/ under the app's directory); entries that would land outside that
// directory (`..`, absolute paths) are refused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, LayerVersion, Runtime } from '../../../lib/all.js';
import { toPlan } from '../../../lib/local/plan/build.js';
import { extractedZipDir, ZIP_CACHE_DIR } from '../../../lib/local/plan/zip-code.js';
import type { AppModel } from '../../../lib/model/types.js';
import { newFunction, newStack } from '../../helpers/app.js';
import { expectLambdaformError } from '../../helpers/errors.js';
import { writeZip } from '../../helpers/zip.js';
import { startRuntime } from '../helpers.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-zip-code-'));
/** Extraction directories the tests made under the working directory's cache. */
const made: string[] = [];
afterAll(() => {
  fs.rmSync(TMP, { recursive: true, force: true });
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** An app whose function Greet (handler in a zip) imports a package from a layer given as a zip. */
function zipApp(name: string): AppModel {
  const dir = path.join(TMP, name);
  const fnZip = writeZip(dir, 'fn.zip', {
    'package.json': '{"type": "module"}\n',
    'src/app.mjs': `import { greet } from 'zip-greeting';\nimport { who } from './who.mjs';\nexport const main = async (event) => ({ text: greet(who), event });\n`,
    'src/who.mjs': `export const who = '${name}';\n`,
  });
  const layerZip = writeZip(dir, 'layer.zip', {
    'nodejs/node_modules/zip-greeting/package.json': '{"name": "zip-greeting", "version": "1.0.0", "main": "index.js"}',
    'nodejs/node_modules/zip-greeting/index.js': 'exports.greet = (who) => `hello ${who} from a zipped layer`;\n',
  });
  const stack = newStack();
  const layer = new LayerVersion(stack, 'Greeting', { code: Code.fromAsset(layerZip), compatibleRuntimes: [Runtime.NODEJS_22_X] });
  newFunction(stack, 'Greet', { code: Code.fromAsset(fnZip), handler: 'src/app.main', layers: [layer] });
  const model = (stack.node.root as App).synth();
  for (const a of model.stacks[0]!.assets) made.push(path.join(process.cwd(), ZIP_CACHE_DIR, a.id));
  return model;
}

describe('a function whose code is a .zip file', () => {
  it('is planned from the zip extracted under .lambdaform/zips/<id>, its layer too', () => {
    const model = zipApp('plan');
    const plan = toPlan(model, { appDir: process.cwd() });
    const f = plan.functions.find((x) => x.id === 'Test/Greet')!;
    const [fnAsset, layerAsset] = ['fn.zip', 'layer.zip'].map((z) => model.stacks[0]!.assets.find((a) => a.path.endsWith(`plan/${z}`))!);
    expect(f.handler).toEqual({ codeDir: `${ZIP_CACHE_DIR}/${fnAsset!.id}`, file: 'src/app.mjs', export: 'main' });
    expect(f.layers.map((l) => l.dir)).toEqual([`${ZIP_CACHE_DIR}/${layerAsset!.id}`]);
    expect(fs.readFileSync(path.join(process.cwd(), ZIP_CACHE_DIR, fnAsset!.id, 'src/who.mjs'), 'utf8')).toBe("export const who = 'plan';\n");
    expect(fs.readdirSync(path.join(process.cwd(), ZIP_CACHE_DIR)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('runs from there: the handler, its own modules and its layer load', async () => {
    const plan = toPlan(zipApp('invoke'), { appDir: process.cwd() });
    const rt = await startRuntime(plan, { planDir: process.cwd() });
    const out = await rt.invoke({ function: 'Test/Greet' }, '{"n": 1}', 'RequestResponse', rt.ledger.create(0, 'Test/Greet'));
    expect(out?.status, out?.json).toBe('success');
    expect(JSON.parse(out!.json!)).toEqual({ text: 'hello invoke from a zipped layer', event: { n: 1 } });
  });

  it('is extracted once: a second plan uses the directory as it is', () => {
    const model = zipApp('once');
    toPlan(model, { appDir: process.cwd() });
    const asset = model.stacks[0]!.assets.find((a) => a.path.endsWith('once/fn.zip'))!;
    const marker = path.join(process.cwd(), ZIP_CACHE_DIR, asset.id, 'marker');
    fs.writeFileSync(marker, 'kept');
    toPlan(model, { appDir: process.cwd() });
    expect(fs.readFileSync(marker, 'utf8')).toBe('kept');
  });
});

describe('extractedZipDir', () => {
  /** A zip whose entries are named as given (fflate writes names as they are). */
  function rawZip(name: string, entries: Record<string, string>): string {
    const file = path.join(TMP, 'raw', `${name}.zip`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]))));
    return file;
  }

  it('extracts entries in their directories, under the app directory given', () => {
    const appDir = fs.mkdtempSync(path.join(TMP, 'app-'));
    const zip = rawZip('ok', { 'a/': '', 'a/b/c.js': 'c', 'index.js': 'i' });
    const dir = extractedZipDir(zip, 'abc123', appDir, 'ok.zip');
    expect(dir).toBe(path.join(appDir, '.lambdaform', 'zips', 'abc123'));
    expect(fs.readFileSync(path.join(dir, 'a/b/c.js'), 'utf8')).toBe('c');
    expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf8')).toBe('i');
  });

  it('refuses a zip holding a file and a directory of one name with a message about the zip', () => {
    const appDir = fs.mkdtempSync(path.join(TMP, 'app-'));
    const zip = rawZip('clash', { a: 'file', 'a/b': 'inside' });
    expectLambdaformError(() => extractedZipDir(zip, 'clash1', appDir, 'fn.zip'), 'fn.zip', /^cannot extract the code zip file .*clash.* to run it locally: .*does it hold a file and a directory of one name\?$/);
  });

  it("refuses an entry whose '..' leads outside the directory, writing nothing", () => {
    const appDir = fs.mkdtempSync(path.join(TMP, 'app-'));
    const zip = rawZip('dotdot', { 'index.js': 'i', 'lib/../../evil.js': 'e' });
    expectLambdaformError(() => extractedZipDir(zip, 'dotdot1', appDir, 'fn.zip'), 'fn.zip', /^the code zip file has an entry 'lib\/\.\.\/\.\.\/evil\.js' whose '\.\.' leads outside its directory; rebuild the zip without '\.\.' in its paths$/);
    expect(fs.existsSync(path.join(appDir, '.lambdaform', 'zips', 'dotdot1'))).toBe(false);
    expect(fs.existsSync(path.join(appDir, '.lambdaform', 'evil.js'))).toBe(false);
  });

  it('refuses absolute entry names, unix and Windows', () => {
    const appDir = fs.mkdtempSync(path.join(TMP, 'app-'));
    for (const name of ['/etc/evil.js', 'C:\\evil.js', '\\evil.js']) {
      const zip = rawZip(`abs${name.length}`, { [name]: 'e' });
      expectLambdaformError(() => extractedZipDir(zip, 'abs1', appDir, 'fn.zip'), 'fn.zip', /^the code zip file has an entry with an absolute path, '.*evil\.js', which would be extracted outside its directory/);
    }
  });

  it('refuses such a zip when planning an app that uses it', () => {
    const dir = path.join(TMP, 'evil-app');
    fs.mkdirSync(dir, { recursive: true });
    const zip = path.join(dir, 'fn.zip');
    fs.writeFileSync(zip, zipSync({ 'index.js': Buffer.from('exports.handler = async () => 1;'), '../outside.js': Buffer.from('e') }));
    const stack = newStack();
    newFunction(stack, 'Fn', { code: Code.fromAsset(zip) });
    const model = (stack.node.root as App).synth();
    const rel = path.relative(process.cwd(), zip).split(path.sep).join('/');
    expectLambdaformError(() => toPlan(model, { appDir: process.cwd() }), rel, /has an entry '\.\.\/outside\.js' whose '\.\.' leads outside its directory/);
  });
});
