#!/usr/bin/env node
// Keeps package.json "exports" (and "typesVersions", the same subpaths for TypeScript's node10
// resolution) in step with lib/modules/*.ts: the root, each module (a subpath with aws-cdk-lib's
// module name), lint and local. test/architecture.test.ts checks it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const entry = (src, dist) => ({ 'lambdaform-source': src, types: `${dist}.d.ts`, default: `${dist}.js` });
const exports = { '.': entry('./lib/index.ts', './dist/lib/index') };
for (const m of fs.readdirSync(path.join(root, 'lib', 'modules')).filter((f) => f.endsWith('.ts')).sort()) {
  const name = m.slice(0, -3);
  exports[`./${name}`] = entry(`./lib/modules/${name}.ts`, `./dist/lib/modules/${name}`);
}
exports['./lint'] = entry('./lib/lint/index.ts', './dist/lib/lint/index');
exports['./local'] = entry('./lib/local-app/index.ts', './dist/lib/local-app/index');
exports['./package.json'] = './package.json';
manifest.exports = exports;
// For TypeScript's older module resolution (node10: "module": "commonjs" without "moduleResolution"),
// which reads no "exports": each subpath's declarations named one by one (the root keeps "types").
const typesVersions = {};
for (const [key, value] of Object.entries(exports)) {
  if (key === '.' || typeof value === 'string') continue;
  typesVersions[key.slice(2)] = [value.types.slice(2)];
}
manifest.typesVersions = { '*': typesVersions };
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
