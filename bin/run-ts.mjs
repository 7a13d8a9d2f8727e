#!/usr/bin/env node
// Runs a TypeScript file of this repository through tsx: `node bin/run-ts.mjs bench/synth.ts [args]`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...args];
register();
await import(pathToFileURL(resolve(file)).href);
