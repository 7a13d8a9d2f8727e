// The out directory of `synth`: a file in the way, a missing parent that is a file, no write
// permission or a file system that refuses new entries (/proc) are bad input, reported before
// the app runs, naming the path and the reason; errors while writing are reported the same way.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../lib/cli/errors.js';
import { OutDir } from '../../lib/cli/out-dir.js';
import { synthCommand } from '../../lib/cli/synth.js';
import { thrown } from '../helpers/errors.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-out-dir-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** An app that leaves a file `ran` in its working directory. */
const WRITES_FILES = path.join(ROOT, 'test', 'fixtures', 'cli', 'writes-files.mjs');
const IS_ROOT = process.getuid?.() === 0;

let counter = 0;
function workdir(): string {
  const dir = fs.mkdtempSync(path.join(TMP, `run${counter++}-`));
  fs.writeFileSync(path.join(dir, 'taken'), 'a file\n');
  return dir;
}

/** What `synth --out <out>` rejects with in `cwd`, checking the app never ran. */
async function synthError(cwd: string, out: string | undefined): Promise<string> {
  let err: unknown;
  try {
    await synthCommand({ app: WRITES_FILES, format: 'cfn', json: false, ...(out !== undefined ? { out } : {}) }, cwd);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).exitCode).toBe(2);
  expect(fs.existsSync(path.join(cwd, 'ran')), 'the app ran').toBe(false);
  return (err as CliError).message;
}

describe('an unusable out directory is bad input, found before the app runs', () => {
  it('an existing file', async () => {
    const cwd = workdir();
    expect(await synthError(cwd, 'taken')).toBe(`the out directory taken (${path.join(cwd, 'taken')}) is a file, not a directory; choose another --out directory`);
  });

  it('a path under a file', async () => {
    const cwd = workdir();
    expect(await synthError(cwd, 'taken/templates/sam')).toBe(
      `the out directory taken/templates/sam (${path.join(cwd, 'taken', 'templates', 'sam')}) cannot be created: ${path.join(cwd, 'taken')} is a file, not a directory; choose another --out directory`,
    );
  });

  it('the default out directory, when a file has its name', async () => {
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'lambdaform.out'), '');
    expect(await synthError(cwd, undefined)).toBe(`the out directory lambdaform.out (${path.join(cwd, 'lambdaform.out')}) is a file, not a directory; pass --out <dir> to write elsewhere`);
  });

  it.runIf(process.platform === 'linux')('/proc/x: a file system that refuses new directories', async () => {
    expect(await synthError(workdir(), '/proc/x')).toBe(
      'the out directory /proc/x cannot be created: /proc is not writable: the file system does not allow creating files there (ENOENT); choose another --out directory',
    );
  });

  // Root can write to any directory whatever its permissions: the case cannot happen there.
  if (IS_ROOT) console.warn('SKIPPED: "a directory without write permission" needs a non-root user (root writes anywhere)');
  it.skipIf(IS_ROOT)(`a directory without write permission${IS_ROOT ? ' SKIPPED: running as root, which writes anywhere' : ''}`, async () => {
    const cwd = workdir();
    const locked = path.join(cwd, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    try {
      expect(await synthError(cwd, locked)).toBe(`the out directory ${locked} is not writable: permission denied (EACCES); choose another --out directory`);
      expect(await synthError(cwd, path.join(locked, 'out'))).toBe(
        `the out directory ${path.join(locked, 'out')} cannot be created: ${locked} is not writable: permission denied (EACCES); choose another --out directory`,
      );
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });
});

describe('errors while creating or writing the out directory', () => {
  it.runIf(process.platform === 'linux')('creating a directory under /proc fails at once, where a recursive mkdir would loop forever', () => {
    const out = new OutDir('/proc/x/y', 'lambdaform.out', TMP);
    const err = thrown(() => out.create());
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe(
      'cannot write to the out directory /proc/x/y: the file system does not allow creating files there (ENOENT) at /proc/x; choose another --out directory',
    );
  });

  it('a file-system error in the directory names the path; others pass through', () => {
    // GIVEN an out directory where a directory has a template's name
    const cwd = workdir();
    const out = new OutDir('out', 'lambdaform.out', cwd);
    out.create();
    fs.mkdirSync(path.join(out.dir, 'S.template.yaml'));
    // WHEN the template is written / THEN
    const err = thrown(() => out.writing(() => fs.writeFileSync(path.join(out.dir, 'S.template.yaml'), 'x')));
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe(
      `cannot write to the out directory out (${out.dir}): a directory is in the way (EISDIR) at ${path.join(out.dir, 'S.template.yaml')}; choose another --out directory`,
    );
    // AND an error about a file elsewhere (reading an asset) is not the out directory's
    const elsewhere = thrown(() => out.writing(() => fs.readFileSync(path.join(cwd, 'missing'))));
    expect(elsewhere).not.toBeInstanceOf(CliError);
    expect((elsewhere as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
