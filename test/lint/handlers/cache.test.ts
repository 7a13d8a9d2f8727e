/**
 * The CLI's cache of handler analyses: a second analyzer over unchanged files parses nothing and
 * gets the same analysis; a changed file, or a module that appears where the analysis looked for
 * one, is analysed again; a cache that cannot be written is no cache, never an error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceHandlerAnalyzer } from '../../../lib/lint/handlers/analyzer.js';
import { AnalysisCache } from '../../../lib/lint/handlers/cache.js';
import type { HandlerAnalysis } from '../../../lib/lint/handlers/types.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-analysis-cache-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
/** A project directory with `index.ts` importing `./send` and calling it, and a fresh cache directory. */
function project(): { root: string; cache: AnalysisCache } {
  const root = fs.mkdtempSync(path.join(TMP, `p${counter++}-`));
  fs.writeFileSync(
    path.join(root, 'index.ts'),
    `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nimport { note } from './note';\nexport const handler = async () => {\n  const sqs = new SQSClient({});\n  note();\n  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: 'x' }));\n};\n`,
  );
  return { root, cache: new AnalysisCache(path.join(root, '.cache')) };
}

/** The analysis of index.ts's `handler` by a fresh analyzer, and how many files it parsed. */
function analyse(root: string, cache: AnalysisCache | undefined): { result: HandlerAnalysis; parsed: number } {
  const analyzer = new SourceHandlerAnalyzer(root, [], cache);
  const result = analyzer.analyzeFile('index.ts', 'handler');
  return { result, parsed: analyzer.parsedFiles };
}

describe('AnalysisCache', () => {
  it('a second analyzer over unchanged files parses nothing and gets the same analysis', () => {
    const { root, cache } = project();
    const first = analyse(root, cache);
    expect(first.result.status).toBe('analyzed');
    expect(first.parsed).toBe(1);
    const second = analyse(root, cache);
    expect(second.parsed).toBe(0);
    expect(second.result).toEqual(first.result);
    // and it is what an analyzer without a cache finds
    expect(analyse(root, undefined).result).toEqual(first.result);
  });

  it('a changed handler is analysed again', () => {
    const { root, cache } = project();
    const first = analyse(root, cache);
    fs.writeFileSync(path.join(root, 'index.ts'), `export const handler = async () => 1;\n`);
    const second = analyse(root, cache);
    expect(second.parsed).toBe(1);
    expect(second.result).not.toEqual(first.result);
    expect(second.result).toEqual(analyse(root, undefined).result);
  });

  it('a module that appears where the analysis looked for one makes the analysis stale', () => {
    const { root, cache } = project();
    // index.ts re-exports its handler from ./impl, which is not there yet
    fs.writeFileSync(path.join(root, 'index.ts'), `export { handler } from './impl';\n`);
    const before = analyse(root, cache);
    expect(before.result).toEqual({ status: 'unresolved', reason: "index.ts: cannot find the local module './impl'" });
    fs.writeFileSync(path.join(root, 'impl.ts'), `export const handler = async () => 1;\n`);
    const after = analyse(root, cache);
    expect(after.parsed).toBe(2);
    expect(after.result.status).toBe('analyzed');
    expect(after.result).toEqual(analyse(root, undefined).result);
    // and a change to the module it read is seen too
    expect(analyse(root, cache).parsed).toBe(0);
    fs.writeFileSync(path.join(root, 'impl.ts'), `export const handler = async () => 2;\n`);
    expect(analyse(root, cache).parsed).toBe(2);
  });

  it('a cache directory that cannot be written is no cache, and no error', () => {
    const { root } = project();
    const blocked = path.join(root, 'blocked');
    fs.writeFileSync(blocked, 'a file where the cache directory would be');
    const cache = new AnalysisCache(path.join(blocked, 'analysis'));
    expect(analyse(root, cache).parsed).toBe(1);
    expect(analyse(root, cache).parsed).toBe(1);
  });
});
