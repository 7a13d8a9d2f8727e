// NodejsFunction: TypeScript handlers bundled with esbuild at construction (CDK's
// aws-lambda-nodejs): both template formats, a bundle that runs (required, imported, and invoked
// through the local runtime), byte-identical bundles and asset ids, the cache under
// .lambdaform/bundles/, the bundling options' effects, and the errors (a handler that does not
// compile, a missing entry or export, an unknown option).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  App,
  BUNDLE_CACHE_DIR,
  Charset,
  Code,
  LambdaformError,
  LogLevel,
  NodejsFunction,
  OutputFormat,
  Runtime,
  SourceMapMode,
  Stack,
  type NodejsFunctionProps,
} from '../../lib/all.js';
import { esbuildBuildCount } from '../../lib/constructs/nodejs-bundling.js';
import { LocalApp } from '../../lib/local-app/index.js';
import { lint } from '../../lib/lint/index.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml, type Template } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { TODAY } from '../helpers/app.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason } from '../helpers/cfn-lint.js';
import { thrown } from '../helpers/errors.js';

const FIXTURE = 'test/fixtures/nodejs-function/app';
const HANDLER = `${FIXTURE}/src/handler.ts`;
const SDK_HANDLER = `${FIXTURE}/src/sdk.ts`;

/** Temporary handler directories (outside the repository). */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nodejs-fn-'));
const apps: LocalApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  fs.rmSync(TMP, { recursive: true, force: true });
  removeGoneBundles();
});

/**
 * Removes the cached bundles (and their manifests) of entries that are gone: those of the
 * temporary directories, whose cache keys change at every run. The fixture's bundles stay cached.
 */
function removeGoneBundles(): void {
  const root = path.resolve(BUNDLE_CACHE_DIR);
  const manifests = path.join(root, 'manifests');
  for (const name of fs.existsSync(manifests) ? fs.readdirSync(manifests) : []) {
    const file = path.join(manifests, name);
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; inputs: string[] };
    if (m.inputs.every((i) => fs.existsSync(i))) continue;
    fs.rmSync(path.join(root, m.key), { recursive: true, force: true });
    fs.rmSync(file, { force: true });
  }
}

let counter = 0;
/** A fresh directory outside the repository holding `files` (relative path → content). */
function tmpApp(files: Record<string, string>): string {
  const dir = path.join(TMP, `app${counter++}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

function newStack(): Stack {
  return new Stack(new App({ now: TODAY }), 'Test');
}

/** A NodejsFunction of the fixture's handler in a fresh stack; `props` override. */
function fixtureFunction(props: NodejsFunctionProps = {}, id = 'Fn'): { stack: Stack; fn: NodejsFunction } {
  const stack = newStack();
  const fn = new NodejsFunction(stack, id, { entry: HANDLER, ...props });
  return { stack, fn };
}

/** A NodejsFunction of a temporary entry (its bundle removed after the tests). */
function tmpFunction(entry: string, props: NodejsFunctionProps = {}, stack = newStack(), id = 'Fn'): NodejsFunction {
  return new NodejsFunction(stack, id, { entry, ...props });
}

/** The files of a bundle directory (relative path → bytes). */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const rel of (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort()) {
    const abs = path.join(dir, rel);
    if (fs.statSync(abs).isFile()) out.set(rel.split(path.sep).join('/'), fs.readFileSync(abs));
  }
  return out;
}

/**
 * Loads a CommonJS bundle as Lambda does. (Node would read `index.js` as ESM here: this
 * repository's package.json says "type": "module"; Lambda reads it as CommonJS, as the local
 * runtime does.)
 */
function requireBundle(file: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const run = new globalThis.Function('module', 'exports', 'require', '__filename', '__dirname', fs.readFileSync(file, 'utf8'));
  run(module, module.exports, createRequire(file), file, path.dirname(file));
  return module.exports;
}

type Handler = (event: unknown) => Promise<unknown>;

/** What `f` threw, which must be a LambdaformError. */
function lfError(f: () => unknown): LambdaformError {
  const e = thrown(f);
  expect(e).toBeInstanceOf(LambdaformError);
  return e as LambdaformError;
}
const bundleFile = (fn: NodejsFunction, name = 'index.js'): string => path.resolve(fn.bundleDir!, name);
const bundleText = (fn: NodejsFunction, name = 'index.js'): string => fs.readFileSync(bundleFile(fn, name), 'utf8');
const props = (t: Template, id: string) => t.Resources[id]!.Properties as Record<string, unknown>;

describe('NodejsFunction synthesis', () => {
  it('bundles a TypeScript handler with a local module and a package into index.js, used as an asset in both formats', async () => {
    // GIVEN the fixture's handler (it imports ./lib/greet, which imports left-pad-lite from the fixture's node_modules)
    const { stack, fn } = fixtureFunction();

    // THEN the function runs index.handler of a directory under .lambdaform/bundles/
    expect(fn.handler).toBe('index.handler');
    expect(fn.runtime.name).toBe('nodejs24.x');
    expect(fn.entry).toBe(HANDLER);
    expect(fn.bundleDir).toMatch(new RegExp(`^${BUNDLE_CACHE_DIR}/[0-9a-f]{32}$`));
    expect([...filesOf(fn.bundleDir!).keys()]).toEqual(['index.js']);

    // AND the model's asset is that directory
    const model = stackModel(stack);
    const asset = model.assets[0]!;
    expect(model.assets).toHaveLength(1);
    expect(asset.path).toBe(fn.bundleDir);

    // AND CloudFormation takes it as an asset, SAM as CodeUri (a directory: sam deploy zips it)
    const cfn = toCloudFormation(model);
    expect(props(cfn, 'Fn')).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
    expect(JSON.stringify(props(cfn, 'Fn').Code)).toContain(asset.id);
    const sam = toSam(model);
    expect(props(sam, 'Fn').CodeUri).toBe(fn.bundleDir);
    expect(props(sam, 'Fn').Handler).toBe('index.handler');

    // AND the bundle runs: the local module and the package are in it
    const text = bundleText(fn);
    expect(text).not.toMatch(/require\("left-pad-lite"\)|require\("\.\/lib\/greet"\)/);
    const { handler } = requireBundle(bundleFile(fn)) as { handler: Handler };
    await expect(handler({ name: 'Ada', ticket: 42 })).resolves.toEqual({ message: 'hello, Ada', ticket: '000042', stage: 'none' });
  });

  it('gives byte-identical bundles and the same asset id when bundled again from scratch', () => {
    // GIVEN a bundle with a source map, and its files
    const first = fixtureFunction({ bundling: { sourceMap: true } });
    const before = filesOf(first.fn.bundleDir!);
    const id = stackModel(first.stack).assets[0]!.id;

    // WHEN the cached bundle is removed and the app synthesized again
    fs.rmSync(first.fn.bundleDir!, { recursive: true });
    const builds = esbuildBuildCount();
    const second = fixtureFunction({ bundling: { sourceMap: true } });

    // THEN esbuild ran again, and gave the same bytes in the same directory with the same asset id
    expect(esbuildBuildCount()).toBe(builds + 1);
    expect(second.fn.bundleDir).toBe(first.fn.bundleDir);
    expect(filesOf(second.fn.bundleDir!)).toEqual(before);
    expect(stackModel(second.stack).assets[0]!.id).toBe(id);
  });

  it('writes no absolute path of this machine: the source map names sources relative to the bundle', () => {
    const { fn } = fixtureFunction({ bundling: { sourceMap: true } });
    const map = JSON.parse(bundleText(fn, 'index.js.map')) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toEqual([
      `../../../${FIXTURE}/node_modules/left-pad-lite/index.js`,
      `../../../${FIXTURE}/src/handler.ts`,
      `../../../${FIXTURE}/src/lib/greet.ts`,
    ]);
    expect(map.sourcesContent).toHaveLength(3);
    for (const [name, bytes] of filesOf(fn.bundleDir!)) {
      expect(bytes.toString('utf8').includes(process.cwd()), name).toBe(false);
      expect(bytes.toString('utf8').includes(os.homedir()), name).toBe(false);
    }
  });

  it('reuses the cached bundle when nothing changed: esbuild does not run', () => {
    const first = fixtureFunction({ bundling: { minify: true } });
    const builds = esbuildBuildCount();
    const mtime = fs.statSync(bundleFile(first.fn)).mtimeMs;

    const second = fixtureFunction({ bundling: { minify: true } });

    expect(esbuildBuildCount()).toBe(builds);
    expect(second.fn.bundleDir).toBe(first.fn.bundleDir);
    expect(fs.statSync(bundleFile(second.fn)).mtimeMs).toBe(mtime);
    expect(stackModel(second.stack).assets[0]!.id).toBe(stackModel(first.stack).assets[0]!.id);
  });

  it('bundles again when an input changes, or a file beside one changes how an import resolves', () => {
    // GIVEN a handler importing ./util, which is util.js
    const dir = tmpApp({ 'handler.ts': "import { word } from './util';\nexport const handler = async () => word;\n", 'util.js': "exports.word = 'js';\n" });
    const entry = path.join(dir, 'handler.ts');
    const first = tmpFunction(entry);
    let builds = esbuildBuildCount();

    // WHEN util.js changes (the bundle built long ago): a new bundle; the old one stays (templates written before, and a running local server, point at it)
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    fs.utimesSync(first.bundleDir!, longAgo, longAgo);
    fs.writeFileSync(path.join(dir, 'util.js'), "exports.word = 'js2';\n");
    const second = tmpFunction(entry);
    expect(esbuildBuildCount()).toBe(builds + 1);
    expect(second.bundleDir).not.toBe(first.bundleDir);
    expect(bundleText(second)).toContain('js2');
    expect(fs.existsSync(path.join(first.bundleDir!, 'index.js'))).toBe(true);

    // WHEN a util.ts appears beside util.js (esbuild prefers it for ./util): a new bundle too
    builds = esbuildBuildCount();
    fs.writeFileSync(path.join(dir, 'util.ts'), "export const word: string = 'ts';\n");
    const third = tmpFunction(entry);
    expect(esbuildBuildCount()).toBe(builds + 1);
    expect(bundleText(third)).toMatch(/"ts"/);
    for (const d of [first.bundleDir!, second.bundleDir!]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('removes a bundle no manifest names once it is a week old, at the next bundling; a newer one stays', () => {
    const root = path.resolve(BUNDLE_CACHE_DIR);
    const old = path.join(root, 'f'.repeat(40));
    const recent = path.join(root, 'e'.repeat(40));
    for (const d of [old, recent]) {
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'index.js'), 'exports.handler = async () => 1;\n');
    }
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
    const dir = tmpApp({ 'handler.ts': `export const handler = async () => ${counter};\n` });
    tmpFunction(path.join(dir, 'handler.ts'));
    expect([fs.existsSync(old), fs.existsSync(recent)]).toEqual([false, true]);
    fs.rmSync(recent, { recursive: true, force: true });
  });

  it('lints both templates with cfn-lint, in one run ' + cfnLintSkipReason, async () => {
    if (!cfnLintAvailable) return;
    const stack = newStack();
    new NodejsFunction(stack, 'Cjs', { entry: HANDLER });
    new NodejsFunction(stack, 'Esm', { entry: SDK_HANDLER, bundling: { format: OutputFormat.ESM, minify: true, sourceMap: true } });
    const model = stackModel(stack);
    const files = [
      [path.join(TMP, 'nodejs.template.yaml'), toYaml(toCloudFormation(model))],
      [path.join(TMP, 'nodejs.sam.yaml'), toYaml(toSam(model))],
    ] as const;
    for (const [f, text] of files) fs.writeFileSync(f, text);
    const results = cfnLintAll(files.map(([f]) => f));
    for (const [f] of files) expect(results.get(f)!.errors, results.get(f)!.output).toEqual([]);
  });
});

describe('NodejsFunction bundling options', () => {
  it('leaves @aws-sdk/* to the runtime by default, and bundles it with externalModules: []', () => {
    const stack = newStack();
    const external = new NodejsFunction(stack, 'External', { entry: SDK_HANDLER });
    const bundled = new NodejsFunction(stack, 'Bundled', { entry: SDK_HANDLER, bundling: { externalModules: [] } });
    const sdkToo = new NodejsFunction(stack, 'BundleAwsSdk', { entry: SDK_HANDLER, bundling: { bundleAwsSDK: true } });

    expect(bundleText(external)).toContain('require("@aws-sdk/client-sqs")');
    for (const fn of [bundled, sdkToo]) {
      const text = bundleText(fn);
      expect(text).not.toContain('require("@aws-sdk/client-sqs")');
      expect(text).toContain('GetQueueUrlCommand');
      expect(text.length).toBeGreaterThan(bundleText(external).length * 50);
    }
    expect(bundled.bundleDir).toBe(sdkToo.bundleDir);
  });

  it('writes index.mjs for OutputFormat.ESM, which runs as a module', async () => {
    const stack = newStack();
    const esm = new NodejsFunction(stack, 'Esm', { entry: HANDLER, bundling: { format: OutputFormat.ESM } });
    const sdk = new NodejsFunction(stack, 'Sdk', { entry: SDK_HANDLER, bundling: { format: OutputFormat.ESM } });

    expect(esm.handler).toBe('index.handler');
    expect([...filesOf(esm.bundleDir!).keys()]).toEqual(['index.mjs']);
    expect(bundleText(sdk, 'index.mjs')).toMatch(/import \{[^}]*\} from "@aws-sdk\/client-sqs"/);
    const mod = (await import(pathToFileURL(bundleFile(esm, 'index.mjs')).href)) as { handler: Handler };
    await expect(mod.handler({ name: 'Grace', ticket: 1 })).resolves.toEqual({ message: 'hello, Grace', ticket: '000001', stage: 'none' });
  });

  it('minifies, writes source maps, defines, and adds a banner and a footer', async () => {
    const plain = fixtureFunction().fn;
    const minified = fixtureFunction({ bundling: { minify: true } }).fn;
    const mapped = fixtureFunction({ bundling: { sourceMap: true } }).fn;
    const inline = fixtureFunction({ bundling: { sourceMapMode: SourceMapMode.INLINE } }).fn;
    const defined = fixtureFunction({ bundling: { define: { STAGE: JSON.stringify('prod') }, banner: '/* built by lambdaform */', footer: '// the end' } }).fn;

    // minify: smaller, without the comments naming the sources
    expect(bundleText(minified).length).toBeLessThan(bundleText(plain).length / 2);
    expect(bundleText(plain)).toContain(`// ${FIXTURE}/src/handler.ts`);
    expect(bundleText(minified)).not.toContain(`// ${FIXTURE}/src/handler.ts`);
    await expect((requireBundle(bundleFile(minified)) as { handler: Handler }).handler({ name: 'x', ticket: 3 })).resolves.toMatchObject({ ticket: '000003' });

    // sourceMap: index.js.map and the comment pointing at it; INLINE: in the bundle itself
    expect([...filesOf(mapped.bundleDir!).keys()]).toEqual(['index.js', 'index.js.map']);
    expect(bundleText(mapped).trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
    expect([...filesOf(inline.bundleDir!).keys()]).toEqual(['index.js']);
    expect(bundleText(inline)).toContain('//# sourceMappingURL=data:application/json;base64,');

    // define replaces STAGE; banner first, footer last
    const text = bundleText(defined);
    expect(text.startsWith('/* built by lambdaform */\n')).toBe(true);
    expect(text.trimEnd().endsWith('// the end')).toBe(true);
    await expect((requireBundle(bundleFile(defined)) as { handler: Handler }).handler({ name: 'x' })).resolves.toMatchObject({ stage: 'prod' });

    // each setting gives its own bundle
    expect(new Set([plain, minified, mapped, inline, defined].map((f) => f.bundleDir)).size).toBe(5);
  });

  it('copies nodeModules into the bundle instead of bundling them', async () => {
    const { fn } = fixtureFunction({ bundling: { nodeModules: ['left-pad-lite'] } });
    expect([...filesOf(fn.bundleDir!).keys()]).toEqual(['index.js', 'node_modules/left-pad-lite/index.d.ts', 'node_modules/left-pad-lite/index.js', 'node_modules/left-pad-lite/package.json']);
    expect(bundleText(fn)).toContain('require("left-pad-lite")');
    await expect((requireBundle(bundleFile(fn)) as { handler: Handler }).handler({ name: 'n', ticket: 5 })).resolves.toMatchObject({ ticket: '000005' });
  });

  it('refuses a nodeModules package that is not installed', () => {
    const e = lfError(() => fixtureFunction({ bundling: { nodeModules: ['not-installed-anywhere'] } }));
    expect(e.code).toBe('node-module-not-found');
    expect(e.message).toMatch(/^Test\/Fn: bundling\.nodeModules: package 'not-installed-anywhere' is not installed/);
  });

  it('takes the other esbuild options: target, charset, keepNames, loader, mainFields, metafile', () => {
    const dir = tmpApp({
      'handler.ts': "import text from './note.txt';\nexport class Greeter { hi() { return 'héllo ' + text; } }\nexport const handler = async () => new Greeter().hi() + (2 ** 3);\n",
      'note.txt': 'from a file',
      'types.d.ts': "declare module '*.txt' { const text: string; export default text; }\n",
    });
    const entry = path.join(dir, 'handler.ts');
    const fn = tmpFunction(entry, {
      runtime: Runtime.NODEJS_22_X,
      bundling: { target: 'es2015', charset: Charset.UTF8, keepNames: true, minify: true, loader: { '.txt': 'text' }, mainFields: ['module', 'main'], metafile: true },
    });
    const text = bundleText(fn);
    expect(text).toContain('héllo');
    expect(text).toContain('from a file');
    expect(text).toContain('Math.pow');
    expect(text).not.toContain('**');
    expect(text).toMatch(/"Greeter"/);
    expect(JSON.parse(bundleText(fn, 'index.meta.json'))).toHaveProperty('inputs');
  });
});

describe('NodejsFunction errors', () => {
  it('refuses a handler that does not compile, with its file:line:column and esbuild message', () => {
    const dir = tmpApp({ 'broken.ts': 'export const handler = async () => {\n  const x = ;\n  return x;\n};\n' });
    const e = lfError(() => new NodejsFunction(newStack(), 'Broken', { entry: path.join(dir, 'broken.ts') }));
    expect(e.code).toBe('bundling-failed');
    expect(e.message).toBe(`Test/Broken: bundling ${path.join(dir, 'broken.ts')} failed: ${path.join(dir, 'broken.ts')}:2:13: Unexpected ";"`);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('names the file and the import esbuild cannot resolve', () => {
    const dir = tmpApp({ 'handler.ts': "import { x } from './missing';\nexport const handler = async () => x;\n" });
    const e = lfError(() => new NodejsFunction(newStack(), 'Fn', { entry: path.join(dir, 'handler.ts') }));
    expect(e.message).toContain(`${path.join(dir, 'handler.ts')}:1:19: Could not resolve "./missing"`);
  });

  it('refuses an entry that does not exist, naming it', () => {
    const e = lfError(() => new NodejsFunction(newStack(), 'Fn', { entry: 'src/handlers/nope.ts' }));
    expect(e.message).toBe(`Test/Fn: entry 'src/handlers/nope.ts' does not exist (resolved to ${path.resolve('src/handlers/nope.ts')})`);
    expect(e.code).toBe('file-not-found');
  });

  it('looks for the default entry beside the defining file, as CDK does', () => {
    const e = lfError(() => new NodejsFunction(newStack(), 'resize'));
    expect(e.message).toContain('entry is not given and no default entry exists: looked for test/constructs/nodejs-function.test.resize.ts, test/constructs/nodejs-function.test.resize.js');
    const file = path.resolve('test/constructs/nodejs-function.test.hello.mjs');
    fs.writeFileSync(file, 'export const handler = async () => "hello";\n');
    try {
      const fn = new NodejsFunction(newStack(), 'hello');
      expect(fn.entry).toBe('test/constructs/nodejs-function.test.hello.mjs');
    } finally {
      fs.rmSync(file);
    }
  });

  it('refuses a handler the entry does not export, in both formats', () => {
    for (const format of [OutputFormat.CJS, OutputFormat.ESM]) {
      const e = lfError(() => fixtureFunction({ handler: 'main', bundling: { format } }));
      expect(e.code).toBe('missing-export');
      expect(e.message).toBe(`Test/Fn: handler 'main': ${HANDLER} does not export 'main' (its exports: handler, unusedHelper); export it (export const main = async (event) => ...) or name one of its exports in handler`);
    }
    // another export is fine: the handler becomes index.<name>
    expect(fixtureFunction({ handler: 'unusedHelper' }).fn.handler).toBe('index.unusedHelper');
  });

  it('refuses an export missing from an ESM bundle of a CommonJS entry (Lambda would find no named export)', () => {
    const dir = tmpApp({ 'handler.cjs': 'exports.handler = async () => 1;\n' });
    expect(tmpFunction(path.join(dir, 'handler.cjs')).handler).toBe('index.handler');
    const e = lfError(() => tmpFunction(path.join(dir, 'handler.cjs'), { bundling: { format: OutputFormat.ESM } }));
    expect(e.code).toBe('missing-export');
  });

  it('refuses an unknown bundling option with a did-you-mean, and a wrong type', () => {
    const e = lfError(() => fixtureFunction({ bundling: { minfy: true } as never }));
    expect(e.code).toBe('unknown-property');
    expect(e.message).toContain("unknown property 'bundling.minfy'; did you mean 'bundling.minify'?");
    const wrong = lfError(() => fixtureFunction({ bundling: { format: 'ESM' as never, externalModules: '@aws-sdk/*' as never } }));
    expect(wrong.problems.map((p) => p.property)).toEqual(['bundling.externalModules', 'bundling.format']);
  });

  it('refuses a runtime that is not Node.js, code with entry, and sourceMapMode with sourceMap: false', () => {
    expect(lfError(() => fixtureFunction({ runtime: Runtime.PYTHON_3_13 })).message).toBe('Test/Fn: NodejsFunction needs a Node.js runtime with a version (Runtime.NODEJS_22_X, ...), got python3.13');
    const codeToo = lfError(() => fixtureFunction({ code: Code.fromInline('exports.handler = 1') }));
    expect(codeToo.problems.map((p) => p.code)).toEqual(['missing-property', 'conflicting-properties']);
    expect(lfError(() => fixtureFunction({ bundling: { sourceMap: false, sourceMapMode: SourceMapMode.BOTH } })).code).toBe('conflicting-properties');
  });

  it('deploys code as it is when given code and handler (nothing bundled)', () => {
    const fn = new NodejsFunction(newStack(), 'Fn', { code: Code.fromInline('exports.handler = async () => 1;'), handler: 'index.handler', runtime: Runtime.NODEJS_22_X });
    expect(fn.bundleDir).toBeUndefined();
    expect(fn.handler).toBe('index.handler');
  });
});

describe('NodejsFunction warnings, lint and the local runtime', () => {
  it("turns esbuild's warnings into warnings of the function, also from the cache, unless logLevel says otherwise", () => {
    const dir = tmpApp({ 'handler.ts': 'export const handler = async () => import.meta.url;\n' });
    const entry = path.join(dir, 'handler.ts');
    for (let i = 0; i < 2; i++) {
      const stack = newStack();
      tmpFunction(entry, {}, stack);
      const warnings = stackModel(stack).warnings ?? [];
      expect(warnings.map((w) => w.code)).toEqual(['bundling-warning']);
      expect(warnings[0]!.message).toMatch(new RegExp(`^esbuild: ${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:36: "import\\.meta" is not available`));
    }
    const quiet = newStack();
    tmpFunction(entry, { bundling: { logLevel: LogLevel.ERROR } }, quiet);
    expect(stackModel(quiet).warnings ?? []).toEqual([]);
  });

  it('lints the app: the model points at the bundle', () => {
    const { stack } = fixtureFunction();
    const findings = lint(App.of(stack).synth(), {}, undefined, TODAY);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it.each([OutputFormat.CJS, OutputFormat.ESM])('runs in the local runtime (%s)', async (format) => {
    const { stack } = fixtureFunction({ bundling: { format, define: { STAGE: '"local"' } } });
    const app = await LocalApp.fromStack(stack);
    apps.push(app);
    const out = await app.invoke('Fn', { name: 'Linus', ticket: 12 });
    expect(out.functionError).toBeUndefined();
    expect(out.payload).toEqual({ message: 'hello, Linus', ticket: '000012', stage: 'local' });
  });
});
