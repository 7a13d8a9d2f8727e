// Asset listing internals: pattern normalization (gitignore syntax, bare paths anchored as in
// earlier versions), what an excluded directory costs, and SymlinkFollowMode's CDK names.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assetPatterns, DEFAULT_ASSET_EXCLUDES, listAssetFiles, normalizeAssetPattern, SymlinkFollowMode } from '../../lib/core/asset.js';
import { SymlinkFollowMode as PublicSymlinkFollowMode } from '../../lib/all.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-asset-core-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
function makeDir(files: Record<string, string>): string {
  const dir = path.join(TMP, `d${counter++}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const listed = (dir: string, exclude: string[], include: string[] = []): string[] => listAssetFiles(dir, { exclude, include }).map((f) => f.relative);

describe('SymlinkFollowMode', () => {
  it("has AWS CDK's names and values, and is exported from the package", () => {
    // GIVEN the enum / THEN it matches aws-cdk-lib/core/lib/fs/options.ts
    expect({ ...SymlinkFollowMode }).toEqual({ NEVER: 'never', ALWAYS: 'always', EXTERNAL: 'external', BLOCK_EXTERNAL: 'internal-only' });
    expect(PublicSymlinkFollowMode).toBe(SymlinkFollowMode);
  });
});

describe('normalizeAssetPattern', () => {
  it.each([
    // a bare relative path is anchored at the asset directory, as the old prefix form was
    ['tests', '/tests'],
    ['lib/fixtures', '/lib/fixtures'],
    ['tests/', '/tests/'],
    ['./docs', '/docs'],
    ['./*.md', '/*.md'],
    ['!keep', '!/keep'],
    // globs, anchored patterns and comments are gitignore syntax as is
    ['*.test.mjs', '*.test.mjs'],
    ['**/tests', '**/tests'],
    ['/tests', '/tests'],
    ['src/**/*.map', 'src/**/*.map'],
    ['!*.keep', '!*.keep'],
    ['#comment', '#comment'],
    ['', ''],
  ])('%j → %j', (pattern, normalized) => {
    // GIVEN a pattern / WHEN normalized / THEN it is the expected gitignore pattern, and normalizing again keeps it
    expect(normalizeAssetPattern(pattern)).toBe(normalized);
    expect(normalizeAssetPattern(normalized)).toBe(normalized);
  });

  it('leaves the defaults unchanged, so they match at any depth', () => {
    // GIVEN the defaults / WHEN normalized / THEN unchanged
    expect(DEFAULT_ASSET_EXCLUDES.map(normalizeAssetPattern)).toEqual(DEFAULT_ASSET_EXCLUDES);
    expect(assetPatterns(['tests'], ['x']).exclude).toEqual([...DEFAULT_ASSET_EXCLUDES, '/tests']);
  });
});

describe('pattern matching (gitignore semantics, with the old exclude forms kept)', () => {
  const FILES = {
    'index.mjs': '',
    'index.test.mjs': '',
    'lib/a.test.mjs': '',
    'tests/x.mjs': '',
    'lib/tests/y.mjs': '',
    'Tests.mjs': '',
    'docs/readme.md': '',
  };

  it("leaves out lambdaform's own files (.lambdaform/: a compiled app, with absolute paths) at any depth", () => {
    const dir = makeDir({ 'index.js': '', '.lambdaform/app/app-0123.cjs': '', 'lib/.lambdaform/app/x.mjs': '', 'lambdaform.js': '' });
    expect(listed(dir, [...DEFAULT_ASSET_EXCLUDES])).toEqual(['index.js', 'lambdaform.js']);
  });

  it('a bare name excludes that path only; **/ excludes it at any depth; *.ext at any depth', () => {
    const dir = makeDir(FILES);
    expect(listed(dir, ['tests'])).toEqual(['Tests.mjs', 'docs/readme.md', 'index.mjs', 'index.test.mjs', 'lib/a.test.mjs', 'lib/tests/y.mjs']);
    expect(listed(dir, ['**/tests'])).toEqual(['Tests.mjs', 'docs/readme.md', 'index.mjs', 'index.test.mjs', 'lib/a.test.mjs']);
    expect(listed(dir, ['*.test.mjs'])).toEqual(['Tests.mjs', 'docs/readme.md', 'index.mjs', 'lib/tests/y.mjs', 'tests/x.mjs']);
  });

  it('is case-sensitive, as Lambda file systems are', () => {
    const dir = makeDir(FILES);
    expect(listed(dir, ['tests.mjs'])).toContain('Tests.mjs');
  });

  it('negation inside exclude works as in .gitignore', () => {
    const dir = makeDir(FILES);
    expect(listed(dir, ['*.mjs', '!index.mjs'])).toEqual(['docs/readme.md', 'index.mjs']);
  });

  it('does not walk an excluded directory unless an include pattern can match inside it', () => {
    // GIVEN an excluded directory holding a link loop: walking it would throw
    const dir = makeDir({ 'index.mjs': '', 'big/a.bin': '', 'big/keep.txt': '' });
    fs.symlinkSync('..', path.join(dir, 'big/up'));
    // WHEN listed with it excluded, also with an include for another directory / THEN it is not walked
    expect(listed(dir, ['big'])).toEqual(['index.mjs']);
    expect(listed(dir, ['big'], ['other/keep.txt'])).toEqual(['index.mjs']);
    // AND without the exclusion the loop is found
    expect(() => listed(dir, [])).toThrow(/symbolic link loop: 'big\/up' leads back to '\.'/);
    fs.unlinkSync(path.join(dir, 'big/up'));
    // AND an include naming a file inside it brings that file back
    expect(listed(dir, ['big'], ['big/keep.txt'])).toEqual(['big/keep.txt', 'index.mjs']);
    // AND an include naming the directory brings it all back
    expect(listed(dir, ['big'], ['big'])).toEqual(['big/a.bin', 'big/keep.txt', 'index.mjs']);
  });
});
