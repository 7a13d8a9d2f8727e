/**
 * Finds and analyses each function's handler source: the file the `handler` setting names in the
 * function's code (an asset directory, relative to the app's working directory, or inline code as
 * the file `index.js`), parsed once per run with ts-morph (syntax only: no type checking, no
 * import resolution), whatever number of functions share it. Code in a `.zip` file (an asset or
 * in S3) is not read: skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as M from 'ts-morph';
import type { AppModel, AssetModel, FunctionNode } from '../../model/types.js';
import { AnalysisCache, contentHash } from './cache.js';
import { analyzeHandler } from './extract.js';
import type { ParsedFile } from './syntax.js';
import { tsMorph } from './ts-morph.js';
import type { HandlerAnalysis, HandlerAnalyzer } from './types.js';

/** The handler file extensions tried, in order: Lambda's Node.js runtime loads `.js`, `.mjs`, `.cjs`; the TypeScript ones are sources next to them. */
export const HANDLER_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** Files larger than this are not parsed (a bundle of that size is not worth the time it takes). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/** How inline code is named in messages: CloudFormation writes it as `index.js`. */
export const INLINE_LABEL = 'inline:index.js';

/** The handler analyzer of one lint run: every file parsed once, every function analysed once. */
export class SourceHandlerAnalyzer implements HandlerAnalyzer {
  private project: M.Project | undefined;
  private readonly assets = new Map<string, string>();
  private readonly files = new Map<string, ParsedFile | string>();
  private readonly inline = new Map<string, ParsedFile | string>();
  private readonly exists = new Map<string, boolean>();
  private readonly analyses = new Map<string, HandlerAnalysis>();
  private readonly functions = new Map<FunctionNode, HandlerAnalysis>();
  /** Bundles' source entries by asset id: lint reads the source a bundle was made from. */
  private readonly bundleSources = new Map<string, string>();
  /** The ids of assets that are `.zip` files, which lint does not read. */
  private readonly zipFiles = new Set<string>();
  private parsed = 0;
  /** Paths the analysis under way looked at: read (true) or looked for (false). */
  private reading: Map<string, boolean> | undefined;

  /**
   * @param root the app's working directory: asset paths are relative to it, and messages name
   *   files relative to it
   * @param assets the assets of the model (asset id to directory)
   * @param cache analyses kept from earlier runs (the CLI's); none by default
   */
  constructor(
    public readonly root: string,
    assets: Iterable<AssetModel>,
    private readonly cache?: AnalysisCache,
  ) {
    for (const a of assets) {
      this.assets.set(a.id, a.path);
      if (a.bundledFrom !== undefined) this.bundleSources.set(a.id, a.bundledFrom);
      if (a.zipFile) this.zipFiles.add(a.id);
    }
  }

  /** How many files this analyzer has parsed (each once). */
  public get parsedFiles(): number {
    return this.parsed;
  }

  public of(fn: FunctionNode): HandlerAnalysis {
    let found = this.functions.get(fn);
    if (!found) this.functions.set(fn, (found = this.analyze(fn)));
    return found;
  }

  /** The analysis of the export `exportName` of a file (an absolute path, or relative to the root). */
  public analyzeFile(file: string, exportName: string): HandlerAnalysis {
    const abs = path.resolve(this.root, file);
    const key = `${abs}\0${exportName}`;
    let found = this.analyses.get(key);
    if (!found) {
      found = this.cache?.get(this.root, abs, exportName) ?? this.analyzeRecorded(abs, exportName);
      this.analyses.set(key, found);
    }
    return found;
  }

  /** Analyses a file's export, keeping the analysis in the cache with what it read. */
  private analyzeRecorded(abs: string, exportName: string): HandlerAnalysis {
    this.reading = new Map();
    try {
      const parsed = this.load(abs);
      const result: HandlerAnalysis = typeof parsed === 'string' ? { status: 'unavailable', reason: parsed } : analyzeHandler(parsed, exportName, (from, spec) => this.loadModule(from, spec));
      if (this.cache) {
        const inputs = new Map<string, string | null>();
        for (const [file, read] of this.reading) inputs.set(file, read ? contentHash(file) : null);
        this.cache.set(this.root, abs, exportName, inputs, result);
      }
      return result;
    } finally {
      this.reading = undefined;
    }
  }

  private analyze(fn: FunctionNode): HandlerAnalysis {
    const { runtime, handler, code } = fn.props;
    if (!runtime.startsWith('nodejs')) return { status: 'skipped', reason: `the runtime ${runtime} is not Node.js` };
    if (code.kind === 'bucket') return { status: 'skipped', reason: 'the code is a zip in S3, which lint does not download' };
    if (code.kind === 'asset' && this.zipFiles.has(code.assetId)) return { status: 'skipped', reason: `the code is the zip file ${this.assets.get(code.assetId)}, which lint does not read` };
    // Lambda's Node.js runtime: the module is everything before the first dot of the last path segment.
    const slash = handler.lastIndexOf('/');
    const dot = handler.indexOf('.', slash + 1);
    if (dot <= slash + 1 || dot === handler.length - 1) return { status: 'unresolved', reason: `the handler '${handler}' is not <file>.<export>`, fails: 'Runtime.MalformedHandlerName' };
    const module = handler.slice(0, dot);
    const exportName = handler.slice(dot + 1);
    if (exportName.includes('.')) return { status: 'unresolved', reason: `the handler '${handler}' names a nested property (${exportName}), which lint does not follow` };
    if (code.kind === 'inline') {
      if (module !== 'index') return { status: 'unresolved', reason: `inline code is the file index.js, but the handler '${handler}' names the module '${module}'`, fails: 'Runtime.ImportModuleError' };
      const parsed = this.loadInline(code.source);
      if (typeof parsed === 'string') return { status: 'unavailable', reason: parsed };
      const key = `${parsed.path}\0${exportName}`;
      let found = this.analyses.get(key);
      if (!found) this.analyses.set(key, (found = analyzeHandler(parsed, exportName, (from, spec) => this.loadModule(from, spec))));
      return found;
    }
    const dir = this.assets.get(code.assetId);
    if (dir === undefined) return { status: 'unavailable', reason: `the code asset ${code.assetId} is not in the model's assets` };
    // A bundle (NodejsFunction): its module is the entry, with the same export.
    const source = this.bundleSources.get(code.assetId);
    if (source !== undefined) return this.analyzeFile(source, exportName);
    const base = path.resolve(this.root, dir, module);
    const file = HANDLER_EXTENSIONS.map((ext) => base + ext).find((f) => this.isFile(f));
    if (!file) {
      // Sure only when the directory is there: a template linted without its code says nothing of it.
      const there = fs.statSync(path.resolve(this.root, dir), { throwIfNoEntry: false })?.isDirectory() ?? false;
      return { status: 'unavailable', reason: `the code directory ${dir} has no ${module}${HANDLER_EXTENSIONS.join(', ')}`, ...(there ? { fails: 'Runtime.ImportModuleError' as const } : {}) };
    }
    return this.analyzeFile(file, exportName);
  }

  private isFile(file: string): boolean {
    let found = this.exists.get(file);
    if (found === undefined) this.exists.set(file, (found = fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false));
    if (!found && this.reading && !this.reading.has(file)) this.reading.set(file, false);
    return found;
  }

  private getProject(): M.Project {
    const { Project } = tsMorph();
    this.project ??= new Project({
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      skipLoadingLibFiles: true,
      // Syntax only: should anything ask for a program, it must not load libraries or type packages.
      compilerOptions: { allowJs: true, noEmit: true, noLib: true, noResolve: true, types: [] },
    });
    return this.project;
  }

  private label(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** A file parsed once, or why it cannot be. */
  private load(abs: string): ParsedFile | string {
    this.reading?.set(abs, true);
    let found = this.files.get(abs);
    if (found === undefined) this.files.set(abs, (found = this.parse(abs, this.label(abs))));
    return found;
  }

  private parse(abs: string, label: string, text?: string): ParsedFile | string {
    let source = text;
    if (source === undefined) {
      try {
        const size = fs.statSync(abs).size;
        if (size > MAX_SOURCE_BYTES) return `${label} is ${size} bytes, more than lint reads (${MAX_SOURCE_BYTES})`;
        source = fs.readFileSync(abs, 'utf8');
      } catch (e) {
        return `cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    this.parsed++;
    const sourceFile = this.getProject().createSourceFile(abs, source, { overwrite: true });
    // The parser's own diagnostics (syntax errors): internal to TypeScript, stable for years.
    const errors = (sourceFile.compilerNode as unknown as { parseDiagnostics?: ReadonlyArray<{ start?: number; messageText: string | object }> }).parseDiagnostics ?? [];
    const first = errors[0];
    if (first) {
      const { line, column } = sourceFile.getLineAndColumnAtPos(first.start ?? 0);
      const message = tsMorph().ts.flattenDiagnosticMessageText(first.messageText as string, ' ');
      return `${label}:${line}:${column}: syntax error: ${message}`;
    }
    return { sourceFile, path: abs, label };
  }

  private loadInline(source: string): ParsedFile | string {
    let found = this.inline.get(source);
    if (found === undefined) {
      // A path of its own per distinct source, under a directory that holds no real files.
      const virtual = path.join(this.root, '.lambdaform-inline', String(this.inline.size), 'index.js');
      this.inline.set(source, (found = this.parse(virtual, INLINE_LABEL, source)));
    }
    return found;
  }

  /** A local module a file imports (`./impl.js` may be `./impl.ts`; `./lib` may be `./lib/index.js`). */
  private loadModule(from: ParsedFile, spec: string): ParsedFile | string {
    const base = path.resolve(path.dirname(from.path), spec);
    const ext = path.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    const sources: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
    const candidates = HANDLER_EXTENSIONS.includes(ext)
      ? [base, ...(sources[ext] ?? []).map((e) => stem + e)]
      : [...HANDLER_EXTENSIONS.map((e) => base + e), ...HANDLER_EXTENSIONS.map((e) => path.join(base, `index${e}`))];
    const file = candidates.find((f) => this.isFile(f));
    return file ? this.load(file) : `${from.label}: cannot find the local module '${spec}'`;
  }
}

/** The analyzer of one lint run over a model, reading handler files under `root`. */
export function createHandlerAnalyzer(root: string, model: AppModel, cache?: AnalysisCache): SourceHandlerAnalyzer {
  return new SourceHandlerAnalyzer(root, model.stacks.flatMap((s) => s.assets), cache);
}
