// Which handlers a worker loads with `require` (CommonJS code only, by Lambda's rule for .js files),
// and so without module hooks (a loader thread each, about half of a cold start), and which need them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleLoading } from '../../../lib/local/worker/loader-needs.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-loader-needs-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let n = 0;
/** A code directory below a project whose package.json says "type": "module" (not deployed: Lambda never sees it). */
function codeDir(files: Record<string, string>): string {
  const project = path.join(TMP, `p${n++}`);
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{"type": "module"}');
  const dir = path.join(project, 'handlers');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('moduleLoading: requireEntry and hooks', () => {
  it('requires a CommonJS .js handler that uses the provided AWS SDK and a layer, without hooks', () => {
    const dir = codeDir({
      'create.js': "'use strict';\nconst { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst { json } = require('items-shared');\n// load it with import() later\nexports.handler = async () => json(1);",
      'lib/util.js': "module.exports.importantValue = 1; // the word import, not a statement\nconst imports = require('./x.js');",
    });
    // a comment naming import() reads as ES module syntax: such a file costs the hooks, the safe side
    expect(moduleLoading(dir, path.join(dir, 'create.js')).requireEntry).toBe(false);
    fs.writeFileSync(path.join(dir, 'create.js'), "'use strict';\nconst { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst { json } = require('items-shared');\nexports.handler = async () => json(1);");
    expect(moduleLoading(dir, path.join(dir, 'create.js')).requireEntry).toBe(true);
    expect(moduleLoading(dir, path.join(dir, 'create.js')).hooks).toBe(false);
  });

  it('imports (with hooks) a .js handler when a file of the code directory uses ES module syntax', () => {
    for (const esm of ["import { x } from 'items-shared';\nexport const handler = async () => x;", "export const handler = async () => 1;", "exports.handler = async () => (await import('items-shared')).x;"]) {
      const dir = codeDir({ 'index.js': "exports.handler = require('./impl.js').handler;", 'impl.js': esm });
      expect(moduleLoading(dir, path.join(dir, 'index.js')).requireEntry).toBe(false);
      expect(moduleLoading(dir, path.join(dir, 'index.js')).hooks).toBe(true);
    }
  });

  it('imports a handler that is an ES module by Lambda\'s rule: .mjs, or .js below a package.json of the code directory saying "type": "module"', () => {
    const mjs = codeDir({ 'index.mjs': 'export const handler = async () => 1;' });
    expect(moduleLoading(mjs, path.join(mjs, 'index.mjs')).requireEntry).toBe(false);
    const typed = codeDir({ 'package.json': '{"type": "module"}', 'index.js': 'exports.handler = async () => 1;' });
    expect(moduleLoading(typed, path.join(typed, 'index.js')).requireEntry).toBe(false);
    // a package.json of the code directory without "type": CommonJS, required
    const plain = codeDir({ 'package.json': '{"name": "fn"}', 'index.js': 'exports.handler = async () => 1;' });
    expect(moduleLoading(plain, path.join(plain, 'index.js')).requireEntry).toBe(true);
  });
});
