// Code assets: deterministic zips (same files, same bytes, wherever the directory is), content
// hashes as ids, refusal of a directory changed after synthesis, exclusions, and the manifest;
// unix modes, symbolic links, default secret exclusions and the unzipped-size limit.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  App,
  checkUnzippedSize,
  Code,
  DEFAULT_ASSET_EXCLUDES,
  LambdaformError,
  Runtime,
  SymlinkFollowMode,
  UNZIPPED_CODE_MAX_BYTES,
  type AssetModel,
  type AssetOptions,
} from '../../lib/all.js';
import { assetUnzippedBytes, hashAssetFiles, listAssetFiles } from '../../lib/core/asset.js';
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

/** The AssetModel of `dir` with these patterns (no default excludes) and symlink mode, relative to TMP. */
function assetOf(dir: string, exclude: string[] = [], more: { include?: string[]; followSymlinks?: SymlinkFollowMode } = {}): AssetModel {
  const include = more.include ?? [];
  const followSymlinks = more.followSymlinks ?? SymlinkFollowMode.BLOCK_EXTERNAL;
  const files = listAssetFiles(dir, { exclude, include, followSymlinks });
  return { id: hashAssetFiles(files), path: path.relative(TMP, dir), exclude, include, followSymlinks, unzippedBytes: assetUnzippedBytes(files) };
}

/** The asset that `Code.fromAsset(dir, options)` records for a function (what synthesis puts in the model). */
function synthAsset(dir: string, options?: AssetOptions): AssetModel {
  return Code.fromAsset(dir, options)._bind('Test/Fn').asset!;
}

/** What `Code.fromAsset(dir, options)` zips: the asset synthesized, then zipped as the CLI does. */
function zipOf(dir: string, options?: AssetOptions): Uint8Array {
  return zipAsset(synthAsset(dir, options), process.cwd());
}

/**
 * The unix mode of every entry, read from the zip's central directory: the end-of-central-directory
 * record gives its offset and entry count; each record (signature 0x02014b50) has the name length
 * at 28, the extra and comment lengths at 30 and 32, the external attributes at 38 (mode in the
 * high 16 bits) and the name at 46.
 */
function zipModes(zip: Uint8Array): Record<string, number> {
  const buf = Buffer.from(zip);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const modes: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    modes[name] = buf.readUInt32LE(at + 38) >>> 16;
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return modes;
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

  it('follows symbolic links to files outside the directory with followSymlinks ALWAYS', () => {
    // GIVEN a directory with a symlink to a file outside it (refused by default, see 'symbolic links')
    const target = makeDir({ 'shared.mjs': 'export const shared = 1;\n' });
    const dir = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(path.join(target, 'shared.mjs'), path.join(dir, 'shared.mjs'));
    // WHEN zipped with ALWAYS / THEN the link's target content is in the zip under the link's name
    const asset = assetOf(dir, [], { followSymlinks: SymlinkFollowMode.ALWAYS });
    expect(decode(unzipSync(zipAsset(asset, TMP)))).toEqual({ 'index.mjs': 'x', 'shared.mjs': 'export const shared = 1;\n' });
  });

  it('refuses a directory that does not exist', () => {
    // GIVEN an asset whose directory is gone / WHEN zipped / THEN a LambdaformError names it
    const asset: AssetModel = { id: 'x'.repeat(64), path: 'no-such-dir', exclude: [], include: [], followSymlinks: SymlinkFollowMode.BLOCK_EXTERNAL, unzippedBytes: 0 };
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
    // WHEN synthesized / THEN the asset carries them (after the defaults, the relative path
    // anchored at the directory as .gitignore syntax writes it) and its id leaves those files out
    const [asset] = App.of(stack).synth().stacks[0]!.assets;
    expect(asset!.exclude).toEqual([...DEFAULT_ASSET_EXCLUDES, '*.test.mjs', '/tests']);
    expect(asset!.include).toEqual([]);
    expect(asset!.followSymlinks).toBe('internal-only');
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

const HAS_UNZIP = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('SKIPPED: the tests that extract zips with Info-ZIP (file modes, symbolic links) need the unzip command');
    return false;
  }
})();

/** Extracts `zip` with Info-ZIP's unzip (which applies the entries' unix modes and links) into a fresh directory. */
function unzipWithTool(zip: Uint8Array): string {
  const out = fs.mkdtempSync(path.join(TMP, 'unzipped-'));
  const file = path.join(out, '..', `${path.basename(out)}.zip`);
  fs.writeFileSync(file, zip);
  execFileSync('unzip', ['-q', file, '-d', out]);
  return out;
}

describe('unix modes', () => {
  /** A custom-runtime directory: an executable bootstrap, a plain file, and odd modes. */
  function runtimeDir(): string {
    const dir = makeDir({ bootstrap: '#!/bin/sh\necho ready\n', 'handler.sh': 'echo handled\n', 'bin/tool': 'tool', 'other-exec': 'x' });
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o755);
    fs.chmodSync(path.join(dir, 'handler.sh'), 0o600);
    fs.chmodSync(path.join(dir, 'bin/tool'), 0o700);
    // executable by group and others but not by its owner
    fs.chmodSync(path.join(dir, 'other-exec'), 0o655);
    return dir;
  }

  it('gives 0100755 to files executable by their owner and 0100644 to the others', () => {
    // GIVEN a directory with an executable bootstrap, an owner-only executable and other modes
    const dir = runtimeDir();
    // WHEN zipped as Code.fromAsset does
    const zip = zipOf(dir);
    // THEN the central directory holds the normalized modes
    expect(zipModes(zip)).toEqual({ bootstrap: 0o100755, 'bin/tool': 0o100755, 'handler.sh': 0o100644, 'other-exec': 0o100644 });
    // AND the contents are unchanged
    expect(decode(unzipSync(zip))['bootstrap']).toBe('#!/bin/sh\necho ready\n');
  });

  it.skipIf(!HAS_UNZIP)(`leaves a provided.al2023 bootstrap runnable after unzip${HAS_UNZIP ? '' : ' SKIPPED: the unzip command is not installed'}`, () => {
    // GIVEN a custom-runtime function whose code has an executable bootstrap
    const dir = runtimeDir();
    const stack = newStack();
    newFunction(stack, 'Fn', { runtime: Runtime.PROVIDED_AL2023, handler: 'handler.sh', code: Code.fromAsset(dir) });
    const [asset] = App.of(stack).synth().stacks[0]!.assets;
    // WHEN its zip is extracted with unzip
    const out = unzipWithTool(zipAsset(asset!, process.cwd()));
    // THEN bootstrap runs, and a file that was not executable is not
    expect(execFileSync(path.join(out, 'bootstrap'), { encoding: 'utf8' })).toBe('ready\n');
    expect(fs.statSync(path.join(out, 'handler.sh')).mode & 0o111).toBe(0);
  });

  it('a chmod +x gives a new asset id and a new zip; the same modes give the same bytes', () => {
    // GIVEN a directory and its asset
    const dir = makeDir({ bootstrap: '#!/bin/sh\n' });
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o644);
    const before = synthAsset(dir);
    const zipBefore = zipAsset(before, process.cwd());
    // WHEN the bootstrap is made executable
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o755);
    const after = synthAsset(dir);
    // THEN the id changes, the old asset is refused as changed, and the new zip differs
    expect(after.id).not.toBe(before.id);
    expect((thrown(() => zipAsset(before, process.cwd())) as LambdaformError).detail).toMatch(/^asset directory changed since the app was synthesized/);
    const zipAfter = zipAsset(after, process.cwd());
    expect(Buffer.from(zipAfter).equals(Buffer.from(zipBefore))).toBe(false);
    expect(zipModes(zipAfter)).toEqual({ bootstrap: 0o100755 });
    // AND zipping again gives the same bytes
    expect(Buffer.from(zipAsset(after, process.cwd())).equals(Buffer.from(zipAfter))).toBe(true);
  });

  it('an executable and a link give the same id and bytes for a copy elsewhere with other timestamps', () => {
    // GIVEN a directory with an executable, an internal link, and a copy of it with other mtimes
    const dir = makeDir({ bootstrap: '#!/bin/sh\n', 'lib/util.mjs': 'util' });
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o755);
    fs.symlinkSync('lib/util.mjs', path.join(dir, 'util.mjs'));
    const copy = path.join(TMP, 'elsewhere', 'modes-copy');
    fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    const when = new Date('2001-02-03T04:05:06Z');
    for (const rel of ['bootstrap', 'lib/util.mjs', 'lib', '.']) fs.utimesSync(path.join(copy, rel), when, when);
    fs.lutimesSync(path.join(copy, 'util.mjs'), when, when);
    for (const mode of [SymlinkFollowMode.BLOCK_EXTERNAL, SymlinkFollowMode.NEVER]) {
      // WHEN both are hashed and zipped twice
      const a = assetOf(dir, [], { followSymlinks: mode });
      const b = assetOf(copy, [], { followSymlinks: mode });
      // THEN the ids and the bytes are the same
      expect(b.id).toBe(a.id);
      const zip = Buffer.from(zipAsset(a, TMP));
      expect(Buffer.from(zipAsset(a, TMP)).equals(zip)).toBe(true);
      expect(Buffer.from(zipAsset(b, TMP)).equals(zip)).toBe(true);
    }
  });

  it('group and other bits do not count: 0700 and 0755 give the same id and bytes', () => {
    // GIVEN two copies of a file, one 0700 and one 0755 (0600 and 0644 for a plain file)
    const a = makeDir({ bootstrap: 'b', 'data.txt': 'd' });
    const b = makeDir({ bootstrap: 'b', 'data.txt': 'd' });
    fs.chmodSync(path.join(a, 'bootstrap'), 0o700);
    fs.chmodSync(path.join(b, 'bootstrap'), 0o755);
    fs.chmodSync(path.join(a, 'data.txt'), 0o600);
    fs.chmodSync(path.join(b, 'data.txt'), 0o664);
    // WHEN hashed and zipped / THEN both are the same
    expect(assetOf(b).id).toBe(assetOf(a).id);
    expect(Buffer.from(zipAsset(assetOf(b), TMP)).equals(Buffer.from(zipAsset(assetOf(a), TMP)))).toBe(true);
  });

  it('keeps the id of a directory without executables or links as before (0644 files hash as they did)', () => {
    // GIVEN a directory of plain files
    const dir = makeDir({ 'a.txt': 'a', 'b/c.txt': 'c' });
    // WHEN hashed / THEN the id is the earlier format: sha256 over "relative \0 sha256(content) \n"
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    expect(assetOf(dir).id).toBe(sha(`a.txt\0${sha('a')}\nb/c.txt\0${sha('c')}\n`));
  });
});

describe('symbolic links', () => {
  let stderr: string[] = [];
  const captureStderr = (): void => {
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
  };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A temp file standing in for /etc/passwd: outside every asset directory. */
  const SECRET = makeDir({ passwd: 'root:x:0:0:root:/root:/bin/bash\n' }, 'outside-secret');

  it('follows a link to a file or a directory inside the directory (the default)', () => {
    // GIVEN a link to a file and a link to a directory, both inside the asset directory
    const dir = makeDir({ 'index.mjs': 'x', 'lib/util.mjs': 'util' });
    fs.chmodSync(path.join(dir, 'lib/util.mjs'), 0o755);
    fs.symlinkSync('lib/util.mjs', path.join(dir, 'util.mjs'));
    fs.symlinkSync('lib', path.join(dir, 'shared'));
    // WHEN zipped as Code.fromAsset does
    const zip = zipOf(dir);
    // THEN the targets' content is zipped under the links' names, with the target's mode
    expect(decode(unzipSync(zip))).toEqual({ 'index.mjs': 'x', 'lib/util.mjs': 'util', 'shared/util.mjs': 'util', 'util.mjs': 'util' });
    expect(zipModes(zip)['util.mjs']).toBe(0o100755);
    expect(zipModes(zip)['shared/util.mjs']).toBe(0o100755);
  });

  it('refuses a link to a file outside the directory, naming the directory, the link and its target', () => {
    // GIVEN a link to a file outside the asset directory
    const dir = makeDir({ 'index.mjs': 'x' }, 'with-outside-link');
    const target = path.join(SECRET, 'passwd');
    fs.symlinkSync(target, path.join(dir, 'passwd'));
    // WHEN Code.fromAsset lists it
    const err = thrown(() => synthAsset(dir));
    // THEN a LambdaformError at the construct names the directory, the link, where it points and the option
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Fn');
    const detail = (err as LambdaformError).detail;
    expect(detail).toContain(`code asset directory '${dir}'`);
    expect(detail).toContain(`symbolic link 'passwd' -> ${target}`);
    expect(detail).toContain('points outside the asset directory');
    expect(detail).toContain('followSymlinks: SymlinkFollowMode.ALWAYS');
    // AND zipping an asset listed elsewhere refuses it too, at the asset's path
    const zipErr = thrown(() => zipAsset({ ...assetOf(makeDir({ 'index.mjs': 'x' })), path: path.relative(TMP, dir) }, TMP));
    expect(zipErr).toBeInstanceOf(LambdaformError);
    expect((zipErr as LambdaformError).path).toBe(path.relative(TMP, dir));
    expect((zipErr as LambdaformError).detail).toContain("symbolic link 'passwd' ->");
  });

  it('refuses a relative link that climbs out of the directory, and a directory link leading outside', () => {
    // GIVEN a relative link `../…` and a link to an outside directory
    const a = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(path.relative(a, path.join(SECRET, 'passwd')), path.join(a, 'p'));
    const b = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(SECRET, path.join(b, 'etc'));
    // WHEN listed / THEN both are refused with the link named
    expect((thrown(() => synthAsset(a)) as LambdaformError).detail).toMatch(/symbolic link 'p' -> \.\.\/.*passwd.* points outside the asset directory/);
    expect((thrown(() => synthAsset(b)) as LambdaformError).detail).toContain(`symbolic link 'etc' -> ${SECRET} points outside`);
  });

  it('ALWAYS follows a link outside the directory', () => {
    // GIVEN a link to a file and one to a directory outside the asset directory
    const dir = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(path.join(SECRET, 'passwd'), path.join(dir, 'passwd'));
    fs.symlinkSync(SECRET, path.join(dir, 'etc'));
    // WHEN zipped with ALWAYS
    const asset = synthAsset(dir, { followSymlinks: SymlinkFollowMode.ALWAYS });
    // THEN the model records the mode and the zip holds the targets' content
    expect(asset.followSymlinks).toBe('always');
    expect(decode(unzipSync(zipAsset(asset, process.cwd())))).toEqual({
      'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n',
      'index.mjs': 'x',
      passwd: 'root:x:0:0:root:/root:/bin/bash\n',
    });
  });

  it('NEVER zips every link as a link entry (mode 0120777, content the link target)', () => {
    // GIVEN links inside and outside the directory, and a dangling one
    const dir = makeDir({ 'index.mjs': 'x', 'lib/util.mjs': 'util' });
    fs.symlinkSync('lib/util.mjs', path.join(dir, 'util.mjs'));
    fs.symlinkSync(path.join(SECRET, 'passwd'), path.join(dir, 'passwd'));
    fs.symlinkSync('nowhere.mjs', path.join(dir, 'gone.mjs'));
    captureStderr();
    // WHEN zipped with NEVER
    const zip = zipOf(dir, { followSymlinks: SymlinkFollowMode.NEVER });
    // THEN each link is an entry of mode 0120777 holding its target as written; no warning
    const files = decode(unzipSync(zip));
    expect(files).toEqual({ 'gone.mjs': 'nowhere.mjs', 'index.mjs': 'x', 'lib/util.mjs': 'util', passwd: path.join(SECRET, 'passwd'), 'util.mjs': 'lib/util.mjs' });
    expect(zipModes(zip)).toEqual({ 'gone.mjs': 0o120777, 'index.mjs': 0o100644, 'lib/util.mjs': 0o100644, passwd: 0o120777, 'util.mjs': 0o120777 });
    expect(stderr).toEqual([]);
  });

  it.skipIf(!HAS_UNZIP)(`NEVER: unzip restores the link entries as symbolic links${HAS_UNZIP ? '' : ' SKIPPED: the unzip command is not installed'}`, () => {
    // GIVEN a directory with an internal link, zipped with NEVER
    const dir = makeDir({ 'lib/util.mjs': 'util' });
    fs.symlinkSync('lib/util.mjs', path.join(dir, 'util.mjs'));
    // WHEN extracted with unzip / THEN util.mjs is a link to lib/util.mjs
    const out = unzipWithTool(zipOf(dir, { followSymlinks: SymlinkFollowMode.NEVER }));
    expect(fs.readlinkSync(path.join(out, 'util.mjs'))).toBe('lib/util.mjs');
    expect(fs.readFileSync(path.join(out, 'util.mjs'), 'utf8')).toBe('util');
  });

  it('EXTERNAL follows links leading outside and zips inside links as links', () => {
    // GIVEN one link inside and one outside
    const dir = makeDir({ 'lib/util.mjs': 'util' });
    fs.symlinkSync('lib/util.mjs', path.join(dir, 'util.mjs'));
    fs.symlinkSync(path.join(SECRET, 'passwd'), path.join(dir, 'passwd'));
    // WHEN zipped with EXTERNAL
    const zip = zipOf(dir, { followSymlinks: SymlinkFollowMode.EXTERNAL });
    // THEN the outside one holds its target's content, the inside one is a link
    expect(decode(unzipSync(zip))).toEqual({ 'lib/util.mjs': 'util', passwd: 'root:x:0:0:root:/root:/bin/bash\n', 'util.mjs': 'lib/util.mjs' });
    expect(zipModes(zip)).toEqual({ 'lib/util.mjs': 0o100644, passwd: 0o100644, 'util.mjs': 0o120777 });
  });

  it('skips a dangling link with one warning on stderr, never a raw ENOENT', () => {
    // GIVEN an editor lock file: a link to nowhere
    const dir = makeDir({ 'index.mjs': 'x' }, 'with-lock-file');
    fs.symlinkSync('user@host.1234:1700000000', path.join(dir, '.#index.mjs'));
    captureStderr();
    // WHEN synthesized and zipped
    const zip = zipOf(dir);
    // THEN the link is left out and the warning was printed once
    expect(Object.keys(unzipSync(zip))).toEqual(['index.mjs']);
    expect(stderr).toEqual([`lambdaform: warning: ${dir}: skipping dangling symbolic link .#index.mjs -> user@host.1234:1700000000\n`]);
  });

  it('refuses a directory link to its parent (a loop) instead of hanging', () => {
    // GIVEN a link to the directory that contains it
    const dir = makeDir({ 'index.mjs': 'x', 'sub/a.mjs': 'a' });
    fs.symlinkSync('..', path.join(dir, 'sub/up'));
    // WHEN listed / THEN a LambdaformError names the loop
    const err = thrown(() => synthAsset(dir));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe(`code asset directory '${dir}': symbolic link loop: 'sub/up' leads back to '.', a directory that contains it; remove the link or exclude it`);
  });

  it('refuses loops with ALWAYS too: a link above the directory, and a link to itself', () => {
    // GIVEN a link to the asset directory's parent, and (elsewhere) a link that points at itself
    const parent = makeDir({ 'top.txt': 't' });
    const dir = path.join(parent, 'code');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'index.mjs'), 'x');
    fs.symlinkSync(parent, path.join(dir, 'parent'));
    const self = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync('me', path.join(self, 'me'));
    // WHEN listed with ALWAYS / THEN both are refused
    expect((thrown(() => synthAsset(dir, { followSymlinks: SymlinkFollowMode.ALWAYS })) as LambdaformError).detail).toMatch(/symbolic link loop: 'parent\/code' leads back to '\.'/);
    expect((thrown(() => synthAsset(self, { followSymlinks: SymlinkFollowMode.ALWAYS })) as LambdaformError).detail).toMatch(/symbolic link loop: 'me' -> me never resolves/);
  });

  it('does not resolve an excluded link: a link to ~/.aws-like credentials is left out, not an error', () => {
    // GIVEN a `.aws` link to an outside directory (excluded by default) and a user-excluded outside link
    const dir = makeDir({ 'index.mjs': 'x' });
    fs.symlinkSync(SECRET, path.join(dir, '.aws'));
    fs.symlinkSync(path.join(SECRET, 'passwd'), path.join(dir, 'local.conf'));
    // WHEN zipped with local.conf excluded / THEN both are left out silently
    expect(Object.keys(unzipSync(zipOf(dir, { exclude: ['local.conf'] })))).toEqual(['index.mjs']);
  });
});

describe('default exclusions', () => {
  const SECRETS = {
    '.env': 'TOKEN=1',
    '.env.production': 'TOKEN=2',
    '.envrc': 'export TOKEN=3',
    'config/.env.local': 'TOKEN=4',
    '.git/config': '[core]',
    '.git/objects/ab/cdef': 'blob',
    '.aws/credentials': '[default]\naws_secret_access_key=x',
    '.aws-sam/build/template.yaml': 'x',
    '.npmrc': '//registry.npmjs.org/:_authToken=x',
    'key.pem': '-----BEGIN PRIVATE KEY-----',
    'certs/server.pem': '-----BEGIN CERTIFICATE-----',
    id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----',
    'id_rsa.pub': 'ssh-rsa AAAA',
    id_ed25519: '-----BEGIN OPENSSH PRIVATE KEY-----',
    '.DS_Store': 'bud1',
    'lib/.DS_Store': 'bud1',
  };
  const CODE = { 'index.mjs': 'handler', 'lib/util.mjs': 'util', 'environment.mjs': 'not a dotenv file', 'lib/env/index.mjs': 'env module' };

  it('leaves secrets out of the zip and the id by default', () => {
    // GIVEN a code directory holding secrets and clutter next to the code
    const dir = makeDir({ ...CODE, ...SECRETS });
    // WHEN zipped as Code.fromAsset does
    const asset = synthAsset(dir);
    const zipped = decode(unzipSync(zipAsset(asset, process.cwd())));
    // THEN only the code is there
    expect(zipped).toEqual(CODE);
    // AND the id is that of the code alone
    expect(asset.id).toBe(synthAsset(makeDir(CODE)).id);
  });

  it('records the effective patterns in the model', () => {
    // GIVEN user patterns / WHEN bound / THEN the model holds the defaults, then the user's, normalized
    const asset = synthAsset(makeDir(CODE), { exclude: ['*.test.mjs', 'fixtures', './docs'], include: ['.env.production'] });
    expect(asset.exclude).toEqual([...DEFAULT_ASSET_EXCLUDES, '*.test.mjs', '/fixtures', '/docs']);
    expect(asset.include).toEqual(['/.env.production']);
    expect(DEFAULT_ASSET_EXCLUDES).toEqual(expect.arrayContaining(['.env*', '**/.git', '**/.aws/', '**/.npmrc', '*.pem', 'id_rsa*', '**/.DS_Store']));
  });

  it("include: ['.env.production'] ships that file and nothing else of the defaults", () => {
    // GIVEN the same directory, with .env.production included
    const dir = makeDir({ ...CODE, ...SECRETS });
    // WHEN zipped / THEN .env.production is there, .env and the rest are not
    const zipped = decode(unzipSync(zipOf(dir, { include: ['.env.production'] })));
    expect(zipped).toEqual({ ...CODE, '.env.production': 'TOKEN=2' });
  });

  it('include re-includes default-excluded files by glob, and a file inside an excluded directory', () => {
    // GIVEN secrets, and the user's exclusion of a tests directory
    const dir = makeDir({ ...CODE, ...SECRETS, 'tests/a.mjs': 'a', 'tests/keep.json': '{}' });
    // WHEN certs/*.pem and tests/keep.json are included
    const zipped = decode(unzipSync(zipOf(dir, { exclude: ['tests'], include: ['certs/*.pem', 'tests/keep.json'] })));
    // THEN exactly those come back
    expect(zipped).toEqual({ ...CODE, 'certs/server.pem': '-----BEGIN CERTIFICATE-----', 'tests/keep.json': '{}' });
  });

  it('refuses a directory holding only excluded files, saying so', () => {
    // GIVEN a directory with a .env file only / WHEN bound / THEN the error says nothing is left to zip
    const dir = makeDir({ '.env': 'TOKEN=1' });
    const err = thrown(() => synthAsset(dir)) as LambdaformError;
    expect(err).toBeInstanceOf(LambdaformError);
    expect(err.detail).toBe(`code asset directory '${dir}' has no file left to zip once the excludes (defaults and exclude) are applied`);
  });

  it('a later version of a default-excluded file changes nothing: the id ignores it', () => {
    // GIVEN a directory and its asset
    const dir = makeDir({ ...CODE, '.env': 'TOKEN=1' });
    const before = synthAsset(dir);
    // WHEN the secret changes / THEN the asset still zips (the id did not depend on it)
    fs.writeFileSync(path.join(dir, '.env'), 'TOKEN=rotated');
    expect(synthAsset(dir).id).toBe(before.id);
    expect(zipAsset(before, process.cwd()).byteLength).toBeGreaterThan(0);
  });
});

describe('unzipped size', () => {
  it('records the sum of the file sizes in the model and in the CodeConfig', () => {
    // GIVEN files of known sizes (an excluded one does not count)
    const dir = makeDir({ 'a.bin': 'x'.repeat(1000), 'b/c.bin': 'y'.repeat(234), '.env': 'z'.repeat(50) });
    // WHEN bound
    const config = Code.fromAsset(dir)._bind('Test/Fn');
    // THEN both carry 1234 bytes, and the zip holds exactly that much content
    expect(config.asset!.unzippedBytes).toBe(1234);
    expect(config.unzippedBytes).toBe(1234);
    const zipped = unzipSync(zipAsset(config.asset!, process.cwd()));
    expect(Object.values(zipped).reduce((n, f) => n + f.byteLength, 0)).toBe(1234);
  });

  it('counts followed links at their target size and link entries at their target text', () => {
    // GIVEN an internal link to a 100-byte file
    const dir = makeDir({ 'data.bin': 'd'.repeat(100) });
    fs.symlinkSync('data.bin', path.join(dir, 'alias.bin'));
    // WHEN bound following links, and not / THEN 200 bytes, and 100 + the 8 bytes of 'data.bin'
    expect(synthAsset(dir).unzippedBytes).toBe(200);
    expect(synthAsset(dir, { followSymlinks: SymlinkFollowMode.NEVER }).unzippedBytes).toBe(108);
  });

  it('inline code exposes its size too; bucket code does not know it', () => {
    expect(Code.fromInline('exports.handler = 1;')._bind('Test/Fn').unzippedBytes).toBe(20);
    expect(Code.fromBucket({ bucketName: 'b' }, 'k.zip')._bind('Test/Fn').unzippedBytes).toBeUndefined();
  });

  it('the limit is 250 MiB: 262,144,000 bytes', () => {
    expect(UNZIPPED_CODE_MAX_BYTES).toBe(250 * 1024 * 1024);
    expect(UNZIPPED_CODE_MAX_BYTES).toBe(262_144_000);
  });

  it('accepts code and layers adding up to exactly the limit', () => {
    // GIVEN parts that total exactly 262,144,000 bytes / WHEN checked / THEN nothing is thrown
    expect(() =>
      checkUnzippedSize('Test/Fn', [
        { what: 'function code', bytes: 200_000_000 },
        { what: 'layer Test/Deps', bytes: 62_144_000 },
      ]),
    ).not.toThrow();
    expect(() => checkUnzippedSize('Test/Fn', [])).not.toThrow();
  });

  it('refuses one byte more, listing every part, the total and the limit', () => {
    // GIVEN parts that total 262,144,001 bytes / WHEN checked
    const err = thrown(() =>
      checkUnzippedSize('Test/Fn', [
        { what: 'function code', bytes: 200_000_000 },
        { what: 'layer Test/Deps', bytes: 62_144_000 },
        { what: 'layer Test/Tiny', bytes: 1 },
      ]),
    );
    // THEN a LambdaformError at the function says so
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Fn');
    expect((err as LambdaformError).detail).toBe(
      "code and layers must be at most 262144000 bytes (250 MiB) unzipped (Lambda's 250 MB quota), got 262144001 bytes (250 MiB): " +
        'function code 200000000 bytes (190.73 MiB) + layer Test/Deps 62144000 bytes (59.27 MiB) + layer Test/Tiny 1 byte; ' +
        'make the code or its layers smaller, or use a container image',
    );
  });
});
