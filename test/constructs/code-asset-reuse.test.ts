// Code.fromAsset of one directory is listed and hashed once per process: an App sees the directory
// as it was when it first used it; a later App sees it as it is then (lib/constructs/code.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, Function, Runtime, Stack } from '../../lib/all.js';
import { TODAY } from '../helpers/app.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-asset-reuse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The asset ids of the functions `names` made in `app` (a new stack each call). */
function assetIds(app: App, stackName: string, names: string[], between?: () => void): string[] {
  const stack = new Stack(app, stackName);
  names.forEach((n, i) => {
    if (i > 0) between?.();
    new Function(stack, n, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(dir) });
  });
  const model = app.synth().stacks.find((s) => s.name === stackName)!;
  return model.nodes.filter((n) => n.kind === 'function').map((n) => (n.props as { code: { assetId: string } }).code.assetId);
}

describe('Code.fromAsset of one directory', () => {
  it('one App sees the directory as it first used it; the next App sees it changed', () => {
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    const first = new App({ now: TODAY });
    const [a, b] = assetIds(first, 'One', ['A', 'B'], () => fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 2;\n'));
    expect(b).toBe(a);
    const [c] = assetIds(new App({ now: TODAY }), 'Two', ['C']);
    expect(c).not.toBe(a);
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    const [d] = assetIds(new App({ now: TODAY }), 'Three', ['D']);
    expect(d).toBe(a);
  });
});
