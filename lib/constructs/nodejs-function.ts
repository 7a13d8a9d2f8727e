/**
 * `NodejsFunction`: a Node.js function whose TypeScript or modern JavaScript entry is bundled with
 * esbuild at construction, as aws-cdk-lib's `aws-lambda-nodejs` does (same prop names and
 * defaults where lambdaform covers the same thing). The bundle is a directory used as
 * `Code.fromAsset(dir)` would be: zipped by the CloudFormation backend, named by `CodeUri` in SAM
 * templates (so `sam deploy` needs no `sam build`), run by the local runtime.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { Annotations } from '../core/annotations.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { checkProps, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Runtime } from '../core/runtime.js';
import { captureSource } from '../core/source.js';
import { Code } from './code.js';
import { Function, FUNCTION_PROPS, type FunctionOptions } from './function.js';
import { bundle, type BundleSpec } from './nodejs-bundling.js';

export { BUNDLE_CACHE_DIR } from './nodejs-bundling.js';

/** Output format of the bundle (CDK's `OutputFormat`). */
export enum OutputFormat {
  /** CommonJS: the bundle is `index.js`. */
  CJS = 'cjs',
  /**
   * ECMAScript module: the bundle is `index.mjs`. Packages bundled from CommonJS that call
   * `require` on Node's built-in modules need a `require` in scope: add it with a banner
   * (`import { createRequire } from 'module'; const require = createRequire(import.meta.url);`).
   */
  ESM = 'esm',
}

/** How source maps are written (CDK's `SourceMapMode`, esbuild's `sourcemap`). */
export enum SourceMapMode {
  /** `index.js.map` beside the bundle, and a `//# sourceMappingURL=` comment at its end. */
  DEFAULT = 'default',
  /** `index.js.map` beside the bundle, without the comment. */
  EXTERNAL = 'external',
  /** The map inside the bundle, as a data URL. */
  INLINE = 'inline',
  /** Both inline and in `index.js.map`. */
  BOTH = 'both',
}

/** The characters esbuild writes (CDK's `Charset`). */
export enum Charset {
  /** Non-ASCII characters escaped (`\uXXXX`). */
  ASCII = 'ascii',
  /** Non-ASCII characters written as they are, in UTF-8. */
  UTF8 = 'utf8',
}

/** Which of esbuild's messages become warnings of the function (CDK's `LogLevel`). */
export enum LogLevel {
  /** As WARNING (synthesis keeps esbuild's warnings and errors, not its other messages). */
  VERBOSE = 'verbose',
  /** As WARNING. */
  DEBUG = 'debug',
  /** As WARNING. */
  INFO = 'info',
  /** esbuild's warnings become warnings of the function (code `bundling-warning`). */
  WARNING = 'warning',
  /** No warnings; errors still stop synthesis. */
  ERROR = 'error',
  /** No warnings; errors still stop synthesis. */
  SILENT = 'silent',
}

/** esbuild's loaders (its `Loader` type). */
const LOADERS = ['base64', 'binary', 'copy', 'css', 'dataurl', 'default', 'empty', 'file', 'js', 'json', 'jsx', 'local-css', 'text', 'ts', 'tsx'] as const;

/** How the entry is bundled (CDK's `BundlingOptions`, the options that apply to local esbuild bundling). */
export interface BundlingOptions {
  /** Minify the bundle (whitespace, identifiers, syntax). @default false */
  readonly minify?: boolean;
  /**
   * Write a source map (`index.js.map`, or as `sourceMapMode` says). Node.js uses it for stack
   * traces only with `NODE_OPTIONS=--enable-source-maps` in the function's environment.
   * @default false
   */
  readonly sourceMap?: boolean;
  /** How the source map is written; setting it turns source maps on. Not with `sourceMap: false`. @default SourceMapMode.DEFAULT */
  readonly sourceMapMode?: SourceMapMode;
  /** Put the original sources in the source map (`sourcesContent`). @default true */
  readonly sourcesContent?: boolean;
  /**
   * esbuild's target: `node22`, `es2022`, or several separated by commas (`node22,es2023`).
   * @default the runtime's Node.js version (`node22` for nodejs22.x)
   */
  readonly target?: string;
  /** esbuild loaders by file extension: `{ '.png': 'dataurl' }`. @default esbuild's loaders */
  readonly loader?: { readonly [ext: string]: string };
  /** Which esbuild messages become warnings of the function. @default LogLevel.WARNING */
  readonly logLevel?: LogLevel;
  /** Keep the `name` of functions and classes when minifying. @default false */
  readonly keepNames?: boolean;
  /** A tsconfig file (relative to the working directory) in place of the one esbuild finds. @default the nearest tsconfig.json above each file */
  readonly tsconfig?: string;
  /** Add esbuild's metafile to the bundle as `index.meta.json` (it is deployed with the code). @default false */
  readonly metafile?: boolean;
  /** Text put at the start of the bundle (a comment, a `createRequire` shim). @default none */
  readonly banner?: string;
  /** Text put at the end of the bundle. @default none */
  readonly footer?: string;
  /** The characters of the output. @default Charset.ASCII */
  readonly charset?: Charset;
  /**
   * Global identifiers replaced by constant expressions, each a JavaScript expression in a string:
   * `{ 'process.env.STAGE': JSON.stringify('prod'), 'DEBUG': 'false' }`.
   * @default no replacement
   */
  readonly define?: { readonly [key: string]: string };
  /**
   * Modules left out of the bundle, already in the runtime (esbuild's `external`; `*` is a
   * wildcard). `[]` bundles everything.
   * @default ['@aws-sdk/*'] for Node.js 18 and later (the runtime has the AWS SDK v3), ['aws-sdk'] before
   */
  readonly externalModules?: readonly string[];
  /** Bundle the AWS SDK rather than using the runtime's (the default externals become `[]`). @default false */
  readonly bundleAwsSDK?: boolean;
  /**
   * Packages copied into the bundle's `node_modules/` (with their dependencies) instead of being
   * bundled: packages esbuild cannot bundle (native modules, files read at run time). They are
   * copied as installed in the project's `node_modules` (nothing is downloaded), so a native
   * module must be built for Lambda's Linux and architecture.
   * @default none: every package is bundled
   */
  readonly nodeModules?: readonly string[];
  /** The output format. @default OutputFormat.CJS */
  readonly format?: OutputFormat;
  /** Package.json fields read to find a package's entry, in order (`['module', 'main']`). @default esbuild's for Node.js: main, module */
  readonly mainFields?: readonly string[];
  /** Files (relative to the working directory) whose exports replace global identifiers (esbuild's `inject`). @default none */
  readonly inject?: readonly string[];
}

/** Properties of a `NodejsFunction`: every `Function` option, with the code made from `entry`. */
export interface NodejsFunctionProps extends FunctionOptions {
  /**
   * The entry file, TypeScript or JavaScript (`.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`,
   * `.mjs`, `.cjs`), relative to the working directory or absolute.
   * @default beside the file defining the function, named after it and the construct id: for
   * `new NodejsFunction(stack, 'resize')` in `app.ts`, `app.resize.ts` (or `.js`, `.mjs`, `.mts`,
   * `.cts`, `.cjs`), as in CDK
   */
  readonly entry?: string;
  /**
   * The project's root directory: where esbuild runs (paths in the bundle are relative to it) and
   * where the bundle cache (`.lambdaform/bundles/`) lives. Relative to the working directory.
   * @default the nearest directory above the entry with a lock file (package-lock.json,
   * yarn.lock, pnpm-lock.yaml, bun.lock), else with a package.json, else the working directory
   */
  readonly projectRoot?: string;
  /**
   * The name of the entry's exported handler; the function's handler becomes `index.<handler>`.
   * A name with a dot is used as the handler unchanged (required with `code`).
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * A Node.js runtime.
   * @default the newest Node.js runtime of lambdaform's runtime table (nodejs24.x), as CDK's
   * `Runtime.NODEJS_LATEST`
   */
  readonly runtime?: Runtime;
  /** How the entry is bundled. @default CJS, not minified, no source map, the AWS SDK left to the runtime */
  readonly bundling?: BundlingOptions;
  /**
   * Code to deploy as it is, instead of bundling `entry` (`handler` must then name the file and
   * the export, `'index.handler'`); not with `entry` or `bundling`.
   * @default the entry bundled by esbuild
   */
  readonly code?: Code;
}

/** The description of `BundlingOptions`. */
export const BUNDLING_OPTIONS: Fields = {
  minify: P.boolean(),
  sourceMap: P.boolean(),
  sourceMapMode: P.enumOf(SourceMapMode, 'SourceMapMode'),
  sourcesContent: P.boolean(),
  target: P.string(),
  loader: P.record(P.oneOf(LOADERS)),
  logLevel: P.enumOf(LogLevel, 'LogLevel'),
  keepNames: P.boolean(),
  tsconfig: P.string(),
  metafile: P.boolean(),
  banner: P.string(),
  footer: P.string(),
  charset: P.enumOf(Charset, 'Charset'),
  define: P.record(P.string()),
  externalModules: P.array(P.string()),
  bundleAwsSDK: P.boolean(),
  nodeModules: P.array(P.string()),
  format: P.enumOf(OutputFormat, 'OutputFormat'),
  mainFields: P.array(P.string()),
  inject: P.array(P.string()),
};

/** The description of `NodejsFunctionProps`: the function's options, then the bundling's. */
export const NODEJS_FUNCTION_PROPS: Fields = {
  ...Object.fromEntries(Object.entries(FUNCTION_PROPS).filter(([k]) => k !== 'runtime' && k !== 'handler' && k !== 'code')),
  entry: P.string(),
  projectRoot: P.string(),
  handler: P.string(),
  runtime: P.instance('Runtime', (v) => v instanceof Runtime, { example: 'Runtime.NODEJS_22_X' }),
  bundling: P.object('BundlingOptions', BUNDLING_OPTIONS),
  code: P.instance('Code', (v) => v instanceof Code, { example: "Code.fromAsset('dist/worker')" }),
};

const ENTRY_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** The extensions tried for the default entry, in CDK's order. */
const DEFAULT_ENTRY_EXTS = ['.ts', '.js', '.mjs', '.mts', '.cts', '.cjs'];

/** The newest Node.js runtime of the runtime table: the default of `NodejsFunction`. */
export function latestNodejsRuntime(): Runtime {
  return Runtime.NODEJS_LATEST;
}

/** The Node.js major version of a runtime (`nodejs22.x` → 22). */
function nodeMajor(runtime: Runtime): number | undefined {
  const m = /^nodejs(\d+)/.exec(runtime.name);
  return m ? Number(m[1]) : undefined;
}

/**
 * A Node.js Lambda function bundled with esbuild (CDK's `aws-lambda-nodejs` `NodejsFunction`):
 * the entry and everything it imports become one file, `index.js` (CommonJS) or `index.mjs`
 * (ESM), in a directory cached under `.lambdaform/bundles/` (keep it out of version control);
 * the function's handler is `index.<handler>`.
 */
export class NodejsFunction extends Function {
  /** The entry file, relative to the working directory (undefined with `code`). */
  public readonly entry: string | undefined;
  /** The bundle directory, relative to the working directory (undefined with `code`). */
  public readonly bundleDir: string | undefined;

  constructor(scope: Construct, id: string, props: NodejsFunctionProps = {}) {
    const constructPath = [scope.node.path, id.replace(/\//g, '--')].filter(Boolean).join('/');
    const prepared = prepare(constructPath, id, props);
    super(scope, id, prepared.functionProps);
    this.entry = prepared.entry;
    this.bundleDir = prepared.bundleDir;
    const logLevel = props.bundling?.logLevel ?? LogLevel.WARNING;
    if (logLevel !== LogLevel.ERROR && logLevel !== LogLevel.SILENT) {
      for (const w of prepared.warnings) Annotations.of(this).addWarning(`esbuild: ${w}`, 'bundling-warning');
    }
  }
}

interface Prepared {
  readonly functionProps: ConstructorParameters<typeof Function>[2];
  readonly entry: string | undefined;
  readonly bundleDir: string | undefined;
  readonly warnings: readonly string[];
}

/** Checks the props, bundles the entry and returns the `Function`'s props. */
function prepare(constructPath: string, id: string, props: NodejsFunctionProps): Prepared {
  const problems = checkProps(constructPath, 'NodejsFunctionProps', NODEJS_FUNCTION_PROPS, props);
  if (!hasTypeProblem(problems)) problems.push(...nodejsRules(constructPath, props ?? {}));
  throwProblems(constructPath, problems);
  const { entry: _entry, handler: givenHandler, runtime: givenRuntime, bundling = {}, code, ...options } = props;
  const runtime = givenRuntime ?? latestNodejsRuntime();
  if (code) return { functionProps: { ...options, runtime, handler: givenHandler!, code }, entry: undefined, bundleDir: undefined, warnings: [] };

  const cwd = process.cwd();
  const entry = findEntry(constructPath, id, props.entry);
  const root = props.projectRoot !== undefined ? path.resolve(cwd, props.projectRoot) : projectRootOf(entry, cwd);
  const handlerName = givenHandler ?? 'handler';
  const handler = handlerName.includes('.') ? handlerName : `index.${handlerName}`;
  const format = bundling.format ?? OutputFormat.CJS;
  const major = nodeMajor(runtime)!;
  const defaultExternals = bundling.bundleAwsSDK ? [] : major >= 18 ? ['@aws-sdk/*'] : ['aws-sdk'];
  const sourceMapOn = bundling.sourceMapMode !== undefined || bundling.sourceMap === true;
  const mode = bundling.sourceMapMode ?? SourceMapMode.DEFAULT;
  const existing = (what: string, p: string): string => {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) throw new LambdaformError(constructPath, `${what} '${p}' does not exist (resolved to ${abs})`, 'file-not-found');
    return abs;
  };
  const spec: BundleSpec = {
    path: constructPath,
    cwd: root,
    entry,
    format: format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: (bundling.target ?? `node${major}`).split(',').map((t) => t.trim()).filter(Boolean),
    minify: bundling.minify ?? false,
    sourcemap: !sourceMapOn ? false : mode === SourceMapMode.DEFAULT ? true : mode,
    sourcesContent: bundling.sourcesContent ?? true,
    external: [...(bundling.externalModules ?? defaultExternals), ...(bundling.nodeModules ?? [])],
    nodeModules: [...(bundling.nodeModules ?? [])],
    loader: { ...(bundling.loader ?? {}) } as BundleSpec['loader'],
    define: { ...(bundling.define ?? {}) },
    banner: bundling.banner,
    footer: bundling.footer,
    charset: bundling.charset,
    keepNames: bundling.keepNames ?? false,
    mainFields: bundling.mainFields ? [...bundling.mainFields] : undefined,
    tsconfig: bundling.tsconfig !== undefined ? existing('bundling.tsconfig', bundling.tsconfig) : undefined,
    inject: (bundling.inject ?? []).map((f) => existing('bundling.inject', f)),
    metafile: bundling.metafile ?? false,
  };
  const result = bundle(spec);
  const shownEntry = relative(cwd, entry);
  const [module, exported] = [handler.slice(0, handler.indexOf('.')), handler.slice(handler.indexOf('.') + 1).split('.')[0]!];
  if (module === 'index' && result.exports && !result.exports.includes(exported)) {
    const list = result.exports.length ? `its exports: ${result.exports.join(', ')}` : 'it exports nothing';
    throw new LambdaformError(
      constructPath,
      `handler '${handlerName}': ${shownEntry} does not export '${exported}' (${list}); export it (export const ${exported} = async (event) => ...) or name one of its exports in handler`,
      'missing-export',
    );
  }
  const bundleDir = relative(cwd, result.dir);
  return { functionProps: { ...options, runtime, handler, code: Code._fromBundle(result.dir, entry) }, entry: shownEntry, bundleDir, warnings: result.warnings };
}

/** The checks of a NodejsFunction's props that involve more than one property. */
function nodejsRules(constructPath: string, props: NodejsFunctionProps): Problem[] {
  const out: Problem[] = [];
  const add = (code: string, property: string, message: string, value?: string): void => void out.push({ code, path: constructPath, property, message, ...(value !== undefined ? { value } : {}) });
  if (props.runtime && (props.runtime.family !== 'nodejs' || nodeMajor(props.runtime) === undefined)) {
    add('unsupported-runtime', 'runtime', `NodejsFunction needs a Node.js runtime with a version (Runtime.NODEJS_22_X, ...), got ${props.runtime.name}`, props.runtime.name);
  }
  if (props.code) {
    if (props.handler === undefined) add('missing-property', 'handler', "with code, handler is required and names the file and the export (e.g. 'index.handler')");
    if (props.entry !== undefined) add('conflicting-properties', 'entry', 'give entry (bundled by esbuild) or code (deployed as it is), not both');
    if (props.bundling !== undefined) add('conflicting-properties', 'bundling', 'bundling applies to entry: it has no effect with code');
  }
  if (props.entry !== undefined && !ENTRY_EXT.test(props.entry)) {
    add('invalid-entry', 'entry', `entry must be a JavaScript or TypeScript file (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs), got '${props.entry}'`, props.entry);
  }
  if (props.handler !== undefined && !props.code) {
    // A name with a dot is `file.export`, used as it is (CDK); the export must be a name.
    const exported = props.handler.includes('.') ? props.handler.slice(props.handler.indexOf('.') + 1) : props.handler;
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(exported)) add('invalid-format', 'handler', `handler must name an export of the entry ('handler', 'main'), got '${props.handler}'`, props.handler);
  }
  const b = props.bundling;
  if (b?.sourceMap === false && b.sourceMapMode !== undefined) add('conflicting-properties', 'bundling.sourceMapMode', 'sourceMapMode turns source maps on: it cannot be used with sourceMap: false');
  if (b?.target !== undefined && b.target.split(',').every((t) => t.trim() === '')) add('invalid-format', 'bundling.target', "bundling.target must name esbuild targets ('node22', 'es2022'), got an empty string", b.target);
  return out;
}

/** `rel` for messages and the construct: relative to the working directory when below it. */
/** Lock files that mark a project's root (npm, yarn, pnpm, bun). */
const LOCK_FILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];

/**
 * The project an entry belongs to, as CDK finds it: the nearest directory above the entry with a
 * lock file, else with a package.json, else the working directory. esbuild runs there and the
 * bundle cache lives there, so a bundle is the same whichever directory synth runs from.
 */
function projectRootOf(entry: string, cwd: string): string {
  for (const marks of [LOCK_FILES, ['package.json']]) {
    for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
      if (marks.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return cwd;
}

function relative(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}

/** The entry (absolute): the given one, or CDK's default beside the defining file; refused when it does not exist. */
function findEntry(constructPath: string, id: string, entry: string | undefined): string {
  if (entry !== undefined) {
    const abs = path.resolve(entry);
    if (!fs.existsSync(abs)) throw new LambdaformError(constructPath, `entry '${entry}' does not exist (resolved to ${abs})`, 'file-not-found');
    if (!fs.statSync(abs).isFile()) throw new LambdaformError(constructPath, `entry '${entry}' must be a file, got a directory`, 'invalid-entry');
    return abs;
  }
  const at = captureSource();
  if (!at) throw new LambdaformError(constructPath, 'entry is required: the file defining the function cannot be found to look for its default entry', 'missing-property');
  const defining = path.resolve(at.file);
  const base = defining.slice(0, defining.length - path.extname(defining).length);
  const candidates = DEFAULT_ENTRY_EXTS.map((ext) => `${base}.${id}${ext}`);
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) {
    const cwd = process.cwd();
    throw new LambdaformError(constructPath, `entry is not given and no default entry exists: looked for ${candidates.map((c) => relative(cwd, c)).join(', ')}; give entry: 'path/to/handler.ts'`, 'file-not-found');
  }
  return found;
}
