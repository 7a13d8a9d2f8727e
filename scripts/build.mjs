#!/usr/bin/env node
// `npm run build` (and `prepack`): compiles lib/ and the CLI's entry to dist/ with tsc
// (tsconfig.build.json): ES modules, declarations, declaration maps, source maps.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// LAMBDAFORM_BUILD_NO_CHECK=1 (CI's package test, beside `npm test`, whose tsc checks the same
// sources): emit without type-checking again (tsc --noCheck, the same output in half the time).
const noCheck = process.env.LAMBDAFORM_BUILD_NO_CHECK === '1' ? ['--noCheck'] : [];
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), ...noCheck], { cwd: root, stdio: 'inherit' });
