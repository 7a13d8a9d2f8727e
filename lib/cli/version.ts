import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/util.js';

/** lambdaform's version, from its package.json (reported in SARIF and `--version`). */
export const VERSION: string = (JSON.parse(fs.readFileSync(path.join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
