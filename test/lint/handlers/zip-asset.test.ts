// Lint and code given as a .zip file: the handler analysis does not read it (skipped, naming the
// zip), so the rules about handler code say nothing of it; package-size counts the unzipped size
// its entries record.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, LayerVersion, type Stack } from '../../../lib/all.js';
import { createHandlerAnalyzer } from '../../../lib/lint/handlers/analyzer.js';
import { handlerNotFound } from '../../../lib/lint/rules/handler-not-found.js';
import { initInHandler } from '../../../lib/lint/rules/init-in-handler.js';
import { packageSize } from '../../../lib/lint/rules/package-size.js';
import { recursiveLoop } from '../../../lib/lint/rules/recursive-loop.js';
import type { Rule } from '../../../lib/lint/types.js';
import type { FunctionNode } from '../../../lib/model/types.js';
import { newFunction, newStack } from '../../helpers/app.js';
import { ROOT } from '../../helpers/examples.js';
import { findingsOf } from '../../helpers/rule-tester.js';
import { writeZip, zipBytes } from '../../helpers/zip.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-lint-zip-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
/** The same handler as a directory and as a zip of it. */
function codeOf(files: Record<string, string>): { dir: string; zip: string } {
  const base = path.join(TMP, `code${counter++}`);
  const dir = path.join(base, 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, zip: writeZip(base, 'fn.zip', files) };
}

const rel = (abs: string): string => path.relative(process.cwd(), abs).split(path.sep).join('/');

const INIT_IN_HANDLER = `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
exports.handler = async (event) => new S3Client({}).send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
`;
const SELF_INVOKE = `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async (event, context) => {
  await lambda.send(new InvokeCommand({ FunctionName: context.functionName, InvocationType: 'Event' }));
};
`;

describe('handler analysis of a .zip file asset', () => {
  it('is skipped, naming the zip', () => {
    const { zip } = codeOf({ 'index.js': INIT_IN_HANDLER });
    const stack = newStack();
    newFunction(stack, 'Fn', { code: Code.fromAsset(zip) });
    const model = (stack.node.root as App).synth();
    const fn = model.stacks[0]!.nodes.find((n): n is FunctionNode => n.kind === 'function')!;
    expect(createHandlerAnalyzer(ROOT, model).of(fn)).toEqual({ status: 'skipped', reason: `the code is the zip file ${rel(zip)}, which lint does not read` });
  });

  it('init-in-handler, recursive-loop and handler-not-found judge the directory but not the zip of the same code', () => {
    const cases: Array<{ rule: Rule; files: Record<string, string>; handler: string }> = [
      { rule: initInHandler, files: { 'index.js': INIT_IN_HANDLER }, handler: 'index.handler' },
      { rule: recursiveLoop, files: { 'index.mjs': SELF_INVOKE }, handler: 'index.handler' },
      { rule: handlerNotFound, files: { 'index.js': INIT_IN_HANDLER }, handler: 'main.handler' },
    ];
    for (const { rule, files, handler } of cases) {
      const { dir, zip } = codeOf(files);
      const asDir = findingsOf(rule, (s: Stack) => void newFunction(s, 'Fn', { code: Code.fromAsset(dir), handler }));
      const asZip = findingsOf(rule, (s: Stack) => void newFunction(s, 'Fn', { code: Code.fromAsset(zip), handler }));
      expect(asDir.length, rule.meta.id).toBeGreaterThan(0);
      expect(asZip, rule.meta.id).toEqual([]);
    }
  });
});

describe('package-size of a .zip file asset', () => {
  /**
   * A zip whose central directory records `size` unzipped bytes for its one entry: lambdaform reads
   * the sizes the entries record, not their data (the uncompressed size is at offset 24 of the
   * central directory record, signature 0x02014b50).
   */
  function zipRecording(name: string, size: number): string {
    const bytes = Buffer.from(zipBytes({ 'index.js': `exports.handler = async () => '${name}';\n` }));
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(size, central + 24);
    const file = path.join(TMP, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('counts the unzipped size of the function zip and of a layer zip from their entries', () => {
    const fnZip = zipRecording('big-fn.zip', 200_000_000);
    const layerZip = zipRecording('layer.zip', 40_000_000);
    const findings = findingsOf(packageSize, (s: Stack) => {
      const layer = new LayerVersion(s, 'Deps', { code: Code.fromAsset(layerZip) });
      newFunction(s, 'Fn', { code: Code.fromAsset(fnZip), layers: [layer] });
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', "Test/Fn has 240,000,000 bytes of code and layers unzipped (228.9 MB), 21.1 MB below Lambda's 250 MB limit: the function code: 200000000 bytes, layer Test/Deps: 40000000 bytes"],
    ]);
  });

  it('a zip recording more than 250 MB unzipped is refused at construction, as a directory is', () => {
    const fnZip = zipRecording('huge-fn.zip', 262_144_001);
    expect(() => newFunction(newStack(), 'Fn', { code: Code.fromAsset(fnZip) })).toThrow(/code and layers must be at most 262144000 bytes .* unzipped/);
  });
});
