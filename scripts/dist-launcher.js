#!/usr/bin/env node
// The compiled CLI's entry, dist/bin/lambdaform.js (copied there by scripts/build.mjs): it loads
// the CLI's bundle, dist/bin/cli.js, with `require()`. Node reads an ES module graph given to
// `require()` synchronously, file after file; given to `import`, it reads each file with an
// asynchronous read and waits for it, which cost `lambdaform --version` about 30 ms of a 0.25 s
// start (bench/startup.mjs). Where `require()` cannot load an ES module (Node started with
// --no-experimental-require-module), the bundle is imported as before.
import { createRequire } from 'node:module';

if (process.features.require_module) createRequire(import.meta.url)('./cli.js');
else await import('./cli.js');
