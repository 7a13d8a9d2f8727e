// A SAM CodeUri naming a .zip file: the asset Code.fromAsset makes of it (the same id, its
// unzipped size from its entries), so the rules read it as they read the app's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Code } from '../../../lib/all.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { newFunction, newStack } from '../../helpers/app.js';
import { writeZip } from '../../helpers/zip.js';
import { stackModel } from '../../../lib/testing/index.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-sam-zip-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

/** A SAM template in DIR of one function whose CodeUri is `codeUri`, imported. */
const load = (codeUri: string) =>
  importTemplate(
    parseTemplate(
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      CodeUri: ${codeUri}\n`,
      path.join(DIR, 'template.yaml'),
    ),
  );

describe('SAM CodeUri: a .zip file', () => {
  it('is the asset Code.fromAsset makes of the same file: id from its bytes, zipFile, unzipped size from its entries', () => {
    const zip = writeZip(DIR, 'build/fn.zip', { 'index.js': 'exports.handler = async () => 1;\n', 'lib/util.js': 'module.exports = 2;\n' });
    const stack = load('build/fn.zip');
    const [asset] = stack.assets;
    const fromApp = stackModel(((s) => (newFunction(s, 'Fn', { code: Code.fromAsset(zip) }), s))(newStack())).assets[0]!;
    expect(asset).toMatchObject({ id: fromApp.id, zipFile: true, unzippedBytes: 33 + 20 });
    expect(path.resolve(asset!.path)).toBe(zip);
  });

  it('a .zip that is not here (or not a zip) is an asset of unknown content, as a directory that is not here', () => {
    fs.writeFileSync(path.join(DIR, 'broken.zip'), 'not a zip');
    const [asset] = load('broken.zip').assets;
    expect(asset!.zipFile).toBeUndefined();
    expect(asset!.unzippedBytes).toBe(9);
  });
});
