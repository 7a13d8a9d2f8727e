// A .zip file asset (Code.fromAsset('fn.zip')) in both backends: SAM points CodeUri/ContentUri at
// the zip, relative as directories are; CloudFormation references <id>.zip, and writeAssets copies
// the zip as it is (not zipped again) to <out>/assets/<id>.zip, listed in assets.json.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, LayerVersion, Runtime, type StackModel } from '../../lib/all.js';
import { renderTemplate } from '../../lib/cli/synth.js';
import { writeAssets, zipAsset, type AssetManifest } from '../../lib/synth/assets.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { writeZip, zipBytes } from '../helpers/zip.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-zip-asset-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const rel = (abs: string): string => path.relative(process.cwd(), abs).split(path.sep).join('/');

/** A stack with a function Fn whose code is fn.zip and a layer Deps whose content is layer.zip, in a fresh directory. */
function zipStack(name: string): { model: StackModel; fnZip: string; layerZip: string } {
  const dir = path.join(TMP, name);
  const fnZip = writeZip(dir, 'fn.zip', { 'index.mjs': `export const handler = async () => '${name}';\n` });
  const layerZip = writeZip(dir, 'layers/deps.zip', { 'nodejs/node_modules/dep/index.js': `module.exports = '${name}';\n` });
  const stack = newStack();
  const layer = new LayerVersion(stack, 'Deps', { code: Code.fromAsset(layerZip), compatibleRuntimes: [Runtime.NODEJS_22_X] });
  newFunction(stack, 'Fn', { code: Code.fromAsset(fnZip), layers: [layer] });
  return { model: (stack.node.root as App).synth().stacks[0]!, fnZip, layerZip };
}

const idOf = (model: StackModel, file: string): string => model.assets.find((a) => a.path === rel(file))!.id;

describe('SAM output of a .zip file asset', () => {
  it('points CodeUri and ContentUri at the zip files, relative to the working directory', () => {
    const { model, fnZip, layerZip } = zipStack('sam');
    const t = toSam(model);
    expect(t.Resources.Fn!.Properties!.CodeUri).toBe(rel(fnZip));
    expect(t.Resources.Deps!.Properties!.ContentUri).toBe(rel(layerZip));
  });

  it('makes them relative to the template when it is written elsewhere (as synth --out does)', () => {
    const { model } = zipStack('sam-out');
    const outdir = path.join(TMP, 'sam-out', 'out');
    const t = renderTemplate(model, 'sam', process.cwd(), outdir);
    expect(t.Resources.Fn!.Properties!.CodeUri).toBe('../fn.zip');
    expect(t.Resources.Deps!.Properties!.ContentUri).toBe('../layers/deps.zip');
  });
});

describe('CloudFormation output of a .zip file asset', () => {
  it('references <id>.zip in the AssetsBucket', () => {
    const { model, fnZip, layerZip } = zipStack('cfn');
    const t = toCloudFormation(model);
    expect(t.Resources.Fn!.Properties!.Code).toEqual({ S3Bucket: { Ref: 'AssetsBucket' }, S3Key: `${idOf(model, fnZip)}.zip` });
    expect(t.Resources.Deps!.Properties!.Content).toEqual({ S3Bucket: { Ref: 'AssetsBucket' }, S3Key: `${idOf(model, layerZip)}.zip` });
    expect(t.Parameters?.AssetsBucket).toBeDefined();
  });

  it('copies each zip as it is to assets/<id>.zip and lists it in assets.json', () => {
    // GIVEN the stack's assets (two zip files) and an out directory
    const { model, fnZip, layerZip } = zipStack('write');
    const outdir = path.join(TMP, 'write', 'out');
    fs.mkdirSync(outdir, { recursive: true });
    // WHEN they are written
    const manifest = writeAssets(model.assets, process.cwd(), outdir);
    // THEN each copy has the original's bytes, under the key the template references
    for (const zip of [fnZip, layerZip]) {
      const id = idOf(model, zip);
      const copy = fs.readFileSync(path.join(outdir, 'assets', `${id}.zip`));
      const original = fs.readFileSync(zip);
      expect(copy.equals(original)).toBe(true);
      expect(manifest.assets).toContainEqual({ id, source: rel(zip), file: `assets/${id}.zip`, key: `${id}.zip`, sha256: createHash('sha256').update(original).digest('hex'), bytes: original.byteLength });
    }
    expect((JSON.parse(fs.readFileSync(path.join(outdir, 'assets.json'), 'utf8')) as AssetManifest).assets).toHaveLength(2);
  });

  it('refuses a zip changed since synthesis', () => {
    const { model, fnZip } = zipStack('changed');
    fs.writeFileSync(fnZip, zipBytes({ 'index.mjs': 'export const handler = async () => "changed";\n' }));
    const asset = model.assets.find((a) => a.path === rel(fnZip))!;
    expectLambdaformError(() => zipAsset(asset, process.cwd()), rel(fnZip), /^asset zip file changed since the app was synthesized \(hash [0-9a-f]{12}, expected [0-9a-f]{12}\); synthesize again$/);
    fs.rmSync(fnZip);
    expectLambdaformError(() => zipAsset(asset, process.cwd()), rel(fnZip), /^cannot read the asset zip file \(resolved to .*fn\.zip\): ENOENT$/);
  });
});
