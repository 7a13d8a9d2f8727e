// A one-file ES module TypeScript app is compiled by esbuild and imported natively (lib/cli/app-entry.ts):
// its import.meta is the app file's, its errors name the app's TypeScript lines, and anything
// only tsx can run (local modules, dynamic imports, tsconfig paths) is left to tsx.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledEntry } from '../../lib/cli/app-entry.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-app-entry-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

let counter = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const APP = `import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
interface Shape { readonly name: string }
const here: Shape = { name: path.basename(fileURLToPath(import.meta.url)) };
console.log(JSON.stringify({ url: import.meta.url, name: here.name, dirname: import.meta.dirname }));
await Promise.resolve();
throw new Error('boom');
`;

describe('compiledEntry', () => {
  it('compiles a one-file app below its directory, with import.meta of the app file and errors on its TypeScript lines', async () => {
    const dir = project({ 'app.ts': APP });
    const file = path.join(dir, 'app.ts');
    const out = await compiledEntry(file, undefined);
    expect(out).toBeDefined();
    expect(path.dirname(out!)).toBe(path.join(dir, '.lambdaform', 'app'));
    // the same file again: taken as it is
    expect(await compiledEntry(file, undefined)).toBe(out);
    const r = spawnSync(process.execPath, ['--enable-source-maps', out!], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ url: pathToFileURL(file).href, name: 'app.ts', dirname: dir });
    expect(r.stderr).toContain(`${file}:7:7`);
  });

  it('leaves to tsx an app with a module of its own, a dynamic import, or tsconfig paths', async () => {
    const local = project({ 'app.ts': "import { x } from './other.js';\nconsole.log(x);\n", 'other.ts': 'export const x = 1;\n' });
    expect(await compiledEntry(path.join(local, 'app.ts'), undefined)).toBeUndefined();
    const dynamic = project({ 'app.ts': "const m = await import('./other.js');\nconsole.log(m);\n" });
    expect(await compiledEntry(path.join(dynamic, 'app.ts'), undefined)).toBeUndefined();
    const paths = project({ 'app.ts': "import * as fs from 'node:fs';\nconsole.log(fs.existsSync('.'));\n", 'tsconfig.json': '{ "compilerOptions": { "paths": { "x/*": ["./x/*"] } } }\n' });
    expect(await compiledEntry(path.join(paths, 'app.ts'), path.join(paths, 'tsconfig.json'))).toBeUndefined();
    const plain = project({ 'app.ts': "import * as fs from 'node:fs';\nconsole.log(fs.existsSync('.'));\n", 'tsconfig.json': '{ "compilerOptions": { "strict": true } /* a comment */ }\n' });
    expect(await compiledEntry(path.join(plain, 'app.ts'), path.join(plain, 'tsconfig.json'))).toBeDefined();
  });
});
