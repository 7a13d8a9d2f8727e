// Code.fromAsset of a .zip file (as aws-cdk-lib takes one): used as it is, hashed by its bytes,
// its unzipped size read from its entries; a file that is not a zip, or not a readable one, refused.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, LayerVersion, Runtime, type AssetModel } from '../../lib/all.js';
import { assetUnzippedBytes, hashAssetFiles, listAssetFiles } from '../../lib/core/asset.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { writeZip, zipBytes } from '../helpers/zip.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-code-zip-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const FILES = { 'index.mjs': 'export const handler = async () => 1;\n', 'lib/util.mjs': 'export const two = 2;\n' };

/** The asset `Code.fromAsset(file)` records for a function Test/Fn. */
function assetOf(file: string): AssetModel {
  return Code.fromAsset(file)._bind('Test/Fn').asset!;
}

describe('Code.fromAsset with a .zip file', () => {
  it('records the zip as it is: hashed by its bytes, with the unzipped size of its entries', () => {
    // GIVEN a zip of two files
    const file = writeZip(TMP, 'one/fn.zip', FILES);
    // WHEN a function takes it as its code
    const stack = newStack();
    newFunction(stack, 'Fn', { code: Code.fromAsset(file), handler: 'index.handler' });
    const model = (stack.node.root as App).synth().stacks[0]!;
    // THEN the model has one zip-file asset, its path relative to the working directory
    const bytes = fs.readFileSync(file);
    const id = createHash('sha256').update('lambdaform:zip-file\0').update(bytes).digest('hex');
    expect(model.assets).toEqual([
      { id, path: path.relative(process.cwd(), file).split(path.sep).join('/'), zipFile: true, exclude: [], include: [], followSymlinks: 'internal-only', unzippedBytes: FILES['index.mjs'].length + FILES['lib/util.mjs'].length },
    ]);
    const fn = model.nodes.find((n) => n.id === 'Test/Fn');
    expect(fn?.kind === 'function' && fn.props.code).toEqual({ kind: 'asset', assetId: id });
  });

  it('gives the same bytes the same id wherever they are, and other bytes another id', () => {
    const a = writeZip(TMP, 'two/a/fn.zip', FILES);
    const b = path.join(TMP, 'two/b/code.ZIP');
    fs.mkdirSync(path.dirname(b), { recursive: true });
    fs.copyFileSync(a, b);
    const c = writeZip(TMP, 'two/c/fn.zip', { ...FILES, 'index.mjs': 'export const handler = async () => 2;\n' });
    expect(assetOf(a).id).toBe(assetOf(b).id);
    expect(assetOf(c).id).not.toBe(assetOf(a).id);
  });

  it('gives an id no directory has: not the id of a directory holding the zip, nor of the files it holds', () => {
    // GIVEN a zip, the directory holding only it, and a directory of the zip's files
    const zip = writeZip(TMP, 'three/only/fn.zip', FILES);
    const holding = path.dirname(zip);
    const unpacked = path.join(TMP, 'three/unpacked');
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(unpacked, name)), { recursive: true });
      fs.writeFileSync(path.join(unpacked, name), text);
    }
    // THEN the three ids differ, and the zip's is not the plain sha256 of its bytes
    const ids = [assetOf(zip).id, assetOf(holding).id, assetOf(unpacked).id];
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(hashAssetFiles(listAssetFiles(holding)));
    expect(ids[0]).not.toBe(createHash('sha256').update(fs.readFileSync(zip)).digest('hex'));
    expect(assetOf(holding).zipFile).toBeUndefined();
    expect(assetOf(holding).unzippedBytes).toBe(assetUnzippedBytes(listAssetFiles(holding)));
  });

  it('is the code of a layer too', () => {
    const file = writeZip(TMP, 'four/layer.zip', { 'nodejs/node_modules/shared/index.js': 'module.exports = 1;\n' });
    const stack = newStack();
    new LayerVersion(stack, 'Shared', { code: Code.fromAsset(file), compatibleRuntimes: [Runtime.NODEJS_22_X] });
    const model = (stack.node.root as App).synth().stacks[0]!;
    expect(model.assets).toHaveLength(1);
    expect(model.assets[0]).toMatchObject({ zipFile: true, unzippedBytes: 20 });
  });

  it('refuses a file that is neither a directory nor a .zip file', () => {
    const file = path.join(TMP, 'five/handler.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'exports.handler = async () => 1;\n');
    expectLambdaformError(() => assetOf(file), 'Test/Fn', /^code asset '.*handler\.js' must be a directory or a \.zip file, got a file of another kind$/);
  });

  it('refuses a .zip file that is not a readable zip, naming the construct and the file', () => {
    const file = path.join(TMP, 'six/broken.zip');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not a zip at all');
    expectLambdaformError(() => assetOf(file), 'Test/Fn', /^code asset '.*six\/broken\.zip' is not a readable zip file \(invalid zip data\); give a directory or a valid \.zip file$/);
    // AND a zip cut short is not readable either
    const whole = zipBytes(FILES);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 30));
    expectLambdaformError(() => assetOf(file), 'Test/Fn', /is not a readable zip file/);
  });

  it('refuses a zip with no file, a .zip that does not exist, and exclude or include patterns', () => {
    const empty = writeZip(TMP, 'seven/empty.zip', {});
    expectLambdaformError(() => assetOf(empty), 'Test/Fn', /^code asset '.*empty\.zip' is a zip file with no file in it$/);
    expectLambdaformError(() => assetOf(path.join(TMP, 'seven/missing.zip')), 'Test/Fn', /^code asset file '.*missing\.zip' does not exist/);
    const file = writeZip(TMP, 'seven/fn.zip', FILES);
    expectLambdaformError(() => Code.fromAsset(file, { exclude: ['*.md'] })._bind('Test/Fn'), 'Test/Fn', /is a \.zip file, used as it is: exclude and include apply to a directory only$/);
  });

  it('hashes the zip again when it changes', () => {
    const file = writeZip(TMP, 'eight/fn.zip', FILES);
    const before = assetOf(file).id;
    fs.writeFileSync(file, zipBytes({ 'index.mjs': 'export const handler = async () => 3;\n' }));
    // A later mtime, as an editor's write would give (the file system's clock may not have moved).
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(assetOf(file).id).not.toBe(before);
  });
});
