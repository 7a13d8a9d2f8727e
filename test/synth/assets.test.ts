// Code assets: deterministic zips (same files, same bytes, wherever the directory is), content
// hashes as ids, refusal of a directory changed after synthesis, exclusions, and the manifest.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, LambdaformError, Runtime, type AssetModel } from '../../lib/index.js';
import { hashAssetFiles, listAssetFiles } from '../../lib/core/asset.js';
import { writeAssets, zipAsset, type AssetManifest } from '../../lib/synth/assets.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-assets-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
/** A fresh directory under the temp dir holding `files` (relative path → content). */
function makeDir(files: Record<string, string>, name = `asset${counter++}`): string {
  const dir = path.join(TMP, name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** The AssetModel of `dir` as synthesis records it, relative to TMP. */
function assetOf(dir: string, exclude: string[] = []): AssetModel {
  return { id: hashAssetFiles(listAssetFiles(dir, exclude)), path: path.relative(TMP, dir), exclude };
}


const decode = (files: Record<string, Uint8Array>): Record<string, string> => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString('utf8')]));

const HANDLER = {
  'index.mjs': 'export const handler = async () => ({ ok: true });\n',
  'lib/util.mjs': 'export const add = (a, b) => a + b;\n',
  'package.json': '{"type":"module"}\n',
};

describe('zipAsset', () => {
  it('gives identical bytes for the same directory on two calls', () => {
    // GIVEN a handler directory
    const dir = makeDir(HANDLER);
    const asset = assetOf(dir);
    // WHEN zipped twice
    const a = zipAsset(asset, TMP);
    const b = zipAsset(asset, TMP);
    // THEN the bytes are identical
    expect(a.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('gives identical bytes and the same id for a copy at another path, with other timestamps', () => {
    // GIVEN a directory and a copy of it elsewhere whose files have other modification times
    const dir = makeDir(HANDLER);
    const copy = path.join(TMP, 'elsewhere', 'deeper', 'copy');
    fs.cpSync(dir, copy, { recursive: true });
    for (const f of listAssetFiles(copy)) fs.utimesSync(f.absolute, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    // WHEN both are hashed and zipped
    const original = assetOf(dir);
    const copied = assetOf(copy);
    // THEN the ids and the zip bytes are the same
    expect(copied.id).toBe(original.id);
    expect(copied.path).not.toBe(original.path);
    expect(Buffer.from(zipAsset(copied, TMP)).equals(Buffer.from(zipAsset(original, TMP)))).toBe(true);
  });

  it('writes fixed timestamps (1980-01-01 00:00 in DOS time)', () => {
    // GIVEN a one-file directory / WHEN zipped
    const zip = Buffer.from(zipAsset(assetOf(makeDir({ 'a.txt': 'a' })), TMP));
    // THEN the local header is a zip header with DOS time 0 and DOS date 1980-01-01
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(10)).toBe(0);
    expect(zip.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1);
  });

  it('can be read back with the right file names and contents, sorted', () => {
    // GIVEN a directory with nested files
    const dir = makeDir({ ...HANDLER, 'b/z.txt': 'zz', 'a.txt': 'aa' });
    // WHEN zipped and unzipped
    const files = unzipSync(zipAsset(assetOf(dir), TMP));
    // THEN every file is there under its relative path with `/`, in sorted order, same contents
    expect(Object.keys(files)).toEqual(['a.txt', 'b/z.txt', 'index.mjs', 'lib/util.mjs', 'package.json']);
    expect(decode(files)).toEqual({ ...HANDLER, 'b/z.txt': 'zz', 'a.txt': 'aa' });
  });

  it('follows symbolic links', () => {
    // GIVEN a directory with a symlink to a file outside it
    const target = makeDir({ 'shared.mjs': 'export const shared = 1;\n' });
    const dir = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(path.join(target, 'shared.mjs'), path.join(dir, 'shared.mjs'));
    // WHEN zipped / THEN the link's target content is in the zip under the link's name
    expect(decode(unzipSync(zipAsset(assetOf(dir), TMP)))).toEqual({ 'index.mjs': 'x', 'shared.mjs': 'export const shared = 1;\n' });
  });

  it('refuses a directory that does not exist', () => {
    // GIVEN an asset whose directory is gone / WHEN zipped / THEN a LambdaformError names it
    const asset: AssetModel = { id: 'x'.repeat(64), path: 'no-such-dir', exclude: [] };
    const err = thrown(() => zipAsset(asset, TMP));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('no-such-dir');
    expect((err as LambdaformError).detail).toBe(`asset directory does not exist (resolved to ${path.join(TMP, 'no-such-dir')})`);
  });
});

describe('asset ids', () => {
  it('a changed file changes the id', () => {
    // GIVEN a directory and its id
    const dir = makeDir(HANDLER);
    const before = hashAssetFiles(listAssetFiles(dir));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    // WHEN one file's content changes
    fs.writeFileSync(path.join(dir, 'lib/util.mjs'), 'export const add = (a, b) => a - b;\n');
    // THEN the id changes
    expect(hashAssetFiles(listAssetFiles(dir))).not.toBe(before);
  });

  it('a renamed or added file changes the id; writing the same content again does not', () => {
    // GIVEN a directory and its id
    const dir = makeDir({ 'a.txt': 'same' });
    const id = () => hashAssetFiles(listAssetFiles(dir));
    const first = id();
    // WHEN the file is rewritten with the same content / THEN the id stays
    fs.writeFileSync(path.join(dir, 'a.txt'), 'same');
    expect(id()).toBe(first);
    // WHEN it is renamed / THEN the id changes
    fs.renameSync(path.join(dir, 'a.txt'), path.join(dir, 'b.txt'));
    const renamed = id();
    expect(renamed).not.toBe(first);
    // WHEN a file is added / THEN it changes again
    fs.writeFileSync(path.join(dir, 'c.txt'), '');
    expect(id()).not.toBe(renamed);
  });

  it('zipAsset refuses an asset whose directory changed after synthesis', () => {
    // GIVEN a function whose code asset was synthesized
    const dir = makeDir(HANDLER);
    const stack = newStack();
    newFunction(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, code: Code.fromAsset(dir) });
    const [asset] = App.of(stack).synth().stacks[0]!.assets;
    expect(asset!.id).toBe(hashAssetFiles(listAssetFiles(dir)));
    expect(zipAsset(asset!, process.cwd()).byteLength).toBeGreaterThan(0);
    // WHEN a file changes before the zip is made
    fs.writeFileSync(path.join(dir, 'index.mjs'), 'export const handler = async () => ({ ok: false });\n');
    const err = thrown(() => zipAsset(asset!, process.cwd()));
    // THEN a LambdaformError says to synthesize again
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe(asset!.path);
    expect((err as LambdaformError).detail).toMatch(/^asset directory changed since the app was synthesized \(hash [0-9a-f]{12}, expected [0-9a-f]{12}\); synthesize again$/);
    expect((err as LambdaformError).detail).toContain(`expected ${asset!.id.slice(0, 12)}`);
  });
});

describe('exclude', () => {
  const FILES = {
    'index.mjs': 'handler',
    'index.test.mjs': 'test of handler',
    'lib/util.mjs': 'util',
    'lib/util.test.mjs': 'test of util',
    'tests/fixture.json': '{}',
    'tests/deep/more.mjs': 'more',
    'testsuite.mjs': 'not a test dir',
    'lib/tests/kept.mjs': 'only top-level tests/ is excluded',
  };

  it("leaves out '*.test.mjs' files and the 'tests' directory", () => {
    // GIVEN a directory with tests next to the code
    const dir = makeDir(FILES);
    const exclude = ['*.test.mjs', 'tests'];
    // WHEN listed and zipped with the exclusions
    const listed = listAssetFiles(dir, exclude).map((f) => f.relative);
    const zipped = decode(unzipSync(zipAsset(assetOf(dir, exclude), TMP)));
    // THEN the excluded files are left out and every other file is kept
    const kept = ['index.mjs', 'lib/tests/kept.mjs', 'lib/util.mjs', 'testsuite.mjs'];
    expect(listed).toEqual(kept);
    expect(Object.keys(zipped).sort()).toEqual(kept);
    expect(zipped['lib/util.mjs']).toBe('util');
  });

  it('excluded files do not count in the id', () => {
    // GIVEN two directories that differ only in excluded files
    const a = makeDir(FILES);
    const b = makeDir({ ...FILES, 'index.test.mjs': 'a different test', 'tests/new.json': '[]' });
    const exclude = ['*.test.mjs', 'tests'];
    // WHEN hashed with the exclusions / THEN the ids are equal; without them, they differ
    expect(assetOf(b, exclude).id).toBe(assetOf(a, exclude).id);
    expect(assetOf(b).id).not.toBe(assetOf(a).id);
    expect(assetOf(a, exclude).id).not.toBe(assetOf(a).id);
  });

  it('Code.fromAsset records the exclusions in the model', () => {
    // GIVEN a function with excluded test files
    const dir = makeDir(FILES);
    const stack = newStack();
    newFunction(stack, 'Fn', { code: Code.fromAsset(dir, { exclude: ['*.test.mjs', 'tests'] }) });
    // WHEN synthesized / THEN the asset carries them and its id leaves those files out
    const [asset] = App.of(stack).synth().stacks[0]!.assets;
    expect(asset!.exclude).toEqual(['*.test.mjs', 'tests']);
    expect(asset!.id).toBe(assetOf(dir, ['*.test.mjs', 'tests']).id);
    expect(Object.keys(unzipSync(zipAsset(asset!, process.cwd()))).sort()).toEqual(['index.mjs', 'lib/tests/kept.mjs', 'lib/util.mjs', 'testsuite.mjs']);
  });
});

describe('writeAssets', () => {
  it('writes assets/<id>.zip and assets.json with sha256 and bytes', () => {
    // GIVEN two assets (one listed twice) and an out directory
    const one = assetOf(makeDir({ 'index.mjs': 'one' }));
    const two = assetOf(makeDir({ 'index.mjs': 'two', 'extra.txt': 'x' }));
    const outdir = fs.mkdtempSync(path.join(TMP, 'out-'));

    // WHEN the assets are written
    const manifest = writeAssets([two, one, two], TMP, outdir);

    // THEN each zip is at assets/<id>.zip with the zipAsset bytes
    const expected = [one, two].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(fs.readdirSync(path.join(outdir, 'assets')).sort()).toEqual(expected.map((a) => `${a.id}.zip`).sort());
    for (const a of expected) {
      const bytes = fs.readFileSync(path.join(outdir, 'assets', `${a.id}.zip`));
      expect(bytes.equals(Buffer.from(zipAsset(a, TMP)))).toBe(true);
    }
    // AND assets.json lists each once, sorted by id, with the sha256 and size of its zip
    const onDisk = JSON.parse(fs.readFileSync(path.join(outdir, 'assets.json'), 'utf8')) as AssetManifest;
    expect(onDisk).toEqual(manifest);
    expect(onDisk.version).toBe(1);
    expect(onDisk.bucketParameter).toBe('AssetsBucket');
    expect(onDisk.assets).toEqual(
      expected.map((a) => {
        const zip = fs.readFileSync(path.join(outdir, 'assets', `${a.id}.zip`));
        return { id: a.id, source: a.path, file: `assets/${a.id}.zip`, key: `${a.id}.zip`, sha256: createHash('sha256').update(zip).digest('hex'), bytes: zip.byteLength };
      }),
    );
    expect(fs.readFileSync(path.join(outdir, 'assets.json'), 'utf8').endsWith('}\n')).toBe(true);
  });

  it('writes an empty manifest when there are no assets', () => {
    // GIVEN no assets / WHEN written / THEN assets.json has an empty list and no zip is made
    const outdir = fs.mkdtempSync(path.join(TMP, 'out-'));
    writeAssets([], TMP, outdir);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'assets.json'), 'utf8'))).toEqual({ version: 1, bucketParameter: 'AssetsBucket', assets: [] });
    expect(fs.existsSync(path.join(outdir, 'assets'))).toBe(false);
  });
});
