import * as fs from 'node:fs';

/** lambdaform's version, from its package.json (reported in SARIF and `--version`). */
export const VERSION: string = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
