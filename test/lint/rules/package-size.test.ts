import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Code, LayerVersion, type Stack } from '../../../lib/all.js';
import { packageSize } from '../../../lib/lint/rules/package-size.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-package-size-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
/** A directory with one file (its name makes each directory's content, and so its asset, distinct). */
function dir(name: string): string {
  const d = path.join(TMP, name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'index.js'), `exports.handler = async () => '${name}';\n`);
  return d;
}
const MAX = 262_144_000;
const WARN = Math.ceil(MAX * 0.9); // 235,929,600

/** Function code (and a layer of the app) as assets; sizes set in the model, as a template can hold them (constructs refuse code over the limit). */
const build = (stack: Stack) => {
  const layer = new LayerVersion(stack, 'Deps', { code: Code.fromAsset(dir('layer')) });
  newFunction(stack, 'Fn', { code: Code.fromAsset(dir('fn')), layers: [layer, LayerVersion.fromLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:otel:3')] });
};
const sizes = (fnBytes: number, layerBytes: number) => (stack: StackModel): StackModel => {
  const fn = stack.nodes.find((n) => n.id === 'Test/Fn');
  const layer = stack.nodes.find((n) => n.id === 'Test/Deps');
  const assetOf = (n: typeof fn) => (n && (n.kind === 'function' || n.kind === 'layer') && n.props.code.kind === 'asset' ? n.props.code.assetId : undefined);
  return { ...stack, assets: stack.assets.map((a) => (a.id === assetOf(fn) ? { ...a, unzippedBytes: fnBytes } : a.id === assetOf(layer) ? { ...a, unzippedBytes: layerBytes } : a)) };
};

ruleTester(packageSize, {
  valid: [
    { name: 'small code', build },
    { name: 'one byte below 90 %', build, edit: sizes(WARN - 1 - 1000, 1000) },
    { name: 'code in a bucket (size unknown)', build: (s) => void newFunction(s, 'Fn', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'fn.zip') }) },
  ],
  invalid: [
    {
      name: '90 %: a warning, counting the layer of the app and naming the one of unknown size',
      build,
      edit: sizes(WARN - 1000, 1000),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^Test\/Fn has 235,929,600 bytes of code and layers unzipped \(225\.0 MB\), 25\.0 MB below Lambda's 250 MB limit: the function code: 235928600 bytes, layer Test\/Deps: 1000 bytes; not counted, size unknown: layer arn:aws:lambda:eu-west-1:123456789012:layer:otel:3$/ }],
    },
    { name: 'exactly 250 MB: still deployable', build, edit: sizes(MAX - 1000, 1000), findings: [{ path: 'Test/Fn', severity: 'warning', message: /262,144,000 bytes .*, 0\.0 MB below/ }] },
    { name: 'one byte over 250 MB', build, edit: sizes(MAX - 1000, 1001), findings: [{ path: 'Test/Fn', message: /^Test\/Fn has 262,144,001 bytes of code and layers unzipped \(250\.0 MB\), more than Lambda's 262,144,000 \(250 MB\), so the deploy fails: / }] },
  ],
});

describe('package-size', () => {
  it('says how to make the package smaller', () => {
    expect(findingsOf(packageSize, build, undefined, sizes(MAX, 1))[0]!.hint).toMatch(/^bundle and minify the handler/);
  });
});
