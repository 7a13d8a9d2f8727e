/**
 * The examples of docs/rules.md: the page parsed into one section per rule (its sub-headings and
 * tagged code blocks), and the TypeScript examples turned into functions that build constructs in
 * a stack, the way the page says they are read: every name lambdaform exports in scope, plus
 * `stack` and `fn(id, props)`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform } from 'esbuild';
import ts from 'typescript';
import * as lambdaform from '../../lib/all.js';
import { Code, Function, Runtime, type FunctionProps, type Stack } from '../../lib/all.js';
import { ROOT } from './examples.js';

export const RULES_DOC = path.join(ROOT, 'docs', 'rules.md');

/** The tags a code block of a rule section may carry. */
export const EXAMPLE_TAGS = ['ts incorrect', 'ts correct', 'yaml incorrect-template'] as const;
export type ExampleTag = (typeof EXAMPLE_TAGS)[number];

/** A heading outside code blocks. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** A fenced code block. */
export interface CodeBlock {
  /** The info string after the opening fence (`ts incorrect {"required":["team"]}`). */
  readonly info: string;
  /** Its first two words: the tag (`ts incorrect`). */
  readonly tag: string;
  /** The rule's options for this example, a JSON object after the tag. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The `###` sub-heading the block is under, in its `##` section. */
  readonly subsection: string | undefined;
}

/** One `## <rule-id>` section. */
export interface RuleSection {
  readonly id: string;
  readonly line: number;
  /** The `###` sub-headings, in order. */
  readonly subheadings: readonly string[];
  /** The text under each sub-heading (code blocks included), by sub-heading. */
  readonly text: Readonly<Record<string, string>>;
  readonly blocks: readonly CodeBlock[];
}

export interface RulesDoc {
  readonly headings: readonly Heading[];
  /** Sections whose `##` heading is a rule id (kebab-case), in order. */
  readonly sections: readonly RuleSection[];
  /** Code blocks outside rule sections. */
  readonly otherBlocks: readonly CodeBlock[];
  readonly markdown: string;
}

/** A heading that names a rule: `## sqs-visibility-timeout`. */
const RULE_HEADING = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Parses the page: headings and code blocks, grouped into rule sections. */
export function parseRulesDoc(markdown: string): RulesDoc {
  const lines = markdown.split('\n');
  const headings: Heading[] = [];
  const sections: Array<{ id: string; line: number; subheadings: string[]; text: Record<string, string>; blocks: CodeBlock[] }> = [];
  const otherBlocks: CodeBlock[] = [];
  let section: (typeof sections)[number] | undefined;
  let subsection: string | undefined;
  let fence: { info: string; line: number; body: string[] } | undefined;
  const addText = (line: string) => {
    if (section && subsection !== undefined) section.text[subsection] = `${section.text[subsection] ?? ''}${line}\n`;
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (fence) {
      if (/^```\s*$/.test(raw)) {
        const [tag, options] = splitInfo(fence.info, fence.line);
        const block: CodeBlock = { info: fence.info, tag, ...(options ? { options } : {}), code: fence.body.join('\n'), line: fence.line, subsection };
        (section ? section.blocks : otherBlocks).push(block);
        fence = undefined;
      } else fence.body.push(raw);
      addText(raw);
      return;
    }
    const open = /^```(.*)$/.exec(raw);
    if (open) {
      fence = { info: open[1]!.trim(), line: lineNo, body: [] };
      addText(raw);
      return;
    }
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(raw);
    if (!h) {
      addText(raw);
      return;
    }
    const level = h[1]!.length;
    const text = h[2]!;
    headings.push({ level, text, line: lineNo });
    if (level <= 2) {
      section = level === 2 && RULE_HEADING.test(text) ? { id: text, line: lineNo, subheadings: [], text: {}, blocks: [] } : undefined;
      if (section) sections.push(section);
      subsection = undefined;
    } else if (level === 3 && section) {
      section.subheadings.push(text);
      subsection = text;
    } else addText(raw);
  });
  if (fence) throw new Error(`docs/rules.md:${fence.line}: code block never closed`);
  return { headings, sections, otherBlocks, markdown };
}

/** `ts incorrect {"required":["team"]}` → the tag and the options. */
function splitInfo(info: string, line: number): [string, Record<string, unknown> | undefined] {
  const m = /^(\S+(?:\s+\S+)?)(?:\s+(\{.*\}))?$/.exec(info);
  if (!m) return [info, undefined];
  if (!m[2]) return [m[1]!, undefined];
  try {
    return [m[1]!, JSON.parse(m[2]) as Record<string, unknown>];
  } catch (e) {
    throw new Error(`docs/rules.md:${line}: the options after the tag are not JSON: ${(e as Error).message}`);
  }
}

/** Reads and parses docs/rules.md. */
export function readRulesDoc(): RulesDoc {
  return parseRulesDoc(fs.readFileSync(RULES_DOC, 'utf8'));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The helper the examples use: an inline Node.js function in `stack`. */
export type FnHelper = (id: string, props?: Partial<FunctionProps>) => Function;

export function fnHelper(stack: Stack): FnHelper {
  return (id, props = {}) =>
    new Function(stack, id, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({ ok: true });'),
      ...props,
    });
}

/** The names an example sees: everything lambdaform exports (its runtime values). */
/**
 * What an example has in scope: every name of lib/ (lib/all.js), then the names only a module
 * exports (`HttpMethod`, `SqsSubscription`, `LambdaFunction`, …): where modules share a name,
 * the first module below has it (aws-lambda-destinations' SqsDestination, not aws-s3-notifications').
 */
const MODULE_ORDER = ['aws-lambda', 'aws-lambda-destinations', 'aws-lambda-event-sources', 'aws-events', 'aws-events-targets', 'aws-apigatewayv2', 'aws-apigatewayv2-integrations', 'aws-sns', 'aws-sns-subscriptions', 'aws-s3', 'aws-s3-notifications'];
const MODULES = path.join(ROOT, 'lib', 'modules');
const moduleNames = [...MODULE_ORDER, ...fs.readdirSync(MODULES).map((f) => f.replace(/\.ts$/, '')).filter((m) => !MODULE_ORDER.includes(m) && m !== 'assertions').sort()];
const fromModule = new Map<string, string>();
const EXPORTS: Record<string, unknown> = { ...(lambdaform as unknown as Record<string, unknown>) };
for (const m of moduleNames) {
  const exports = (await import(path.join(MODULES, `${m}.ts`))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(exports)) {
    if (name in EXPORTS) continue;
    EXPORTS[name] = value;
    fromModule.set(name, m);
  }
}
const NAMES = Object.keys(EXPORTS).sort();

/**
 * An example, compiled: a function that runs its code with lambdaform's exports, `stack` and `fn`
 * in scope. TypeScript is transpiled by esbuild (types are stripped, not checked: see
 * {@link typeCheckExamples}).
 */
export async function compileExample(code: string): Promise<(stack: Stack) => void> {
  const { code: js } = await transform(code, { loader: 'ts', format: 'cjs', target: 'node20' });
  // The global constructor: inside the example, `Function` is lambdaform's.
  const body = new globalThis.Function(...NAMES, 'stack', 'fn', `"use strict";\n${js}`) as (...args: unknown[]) => void;
  return (stack) => body(...NAMES.map((n) => EXPORTS[n]), stack, fnHelper(stack));
}

/**
 * Type-checks TypeScript examples as a user would compile them (the project's strict options):
 * each in a module of its own that imports every export of lambdaform and declares `stack` and
 * `fn`. Returns the diagnostics, each as `<name>:<line>: <message>` with the example's own line.
 */
export function typeCheckExamples(examples: ReadonlyArray<{ readonly name: string; readonly code: string }>): string[] {
  const dir = path.join(ROOT, 'test', 'lint', '__doc_examples__');
  const lib = path.join(ROOT, 'lib', 'all.js');
  const byModule = new Map<string, string[]>();
  for (const [name, m] of fromModule) byModule.set(m, [...(byModule.get(m) ?? []), name]);
  const header = [
    `import { ${NAMES.filter((n) => !fromModule.has(n)).join(', ')} } from ${JSON.stringify(lib)};`,
    ...[...byModule].map(([m, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(path.join(MODULES, `${m}.js`))};`),
    `import type { FunctionProps } from ${JSON.stringify(lib)};`,
    'declare const stack: Stack;',
    'declare function fn(id: string, props?: Partial<FunctionProps>): Function;',
    'export {};',
  ];
  const files = new Map(examples.map((e, i) => [path.join(dir, `example${i}.ts`), { ...e, text: `${header.join('\n')}\n${e.code}\n` }]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    // Every export is imported; an example uses a few.
    noUnusedLocals: false,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const virtual = files.get(path.resolve(name));
    return virtual ? ts.createSourceFile(name, virtual.text, version) : getSourceFile(name, version, onError, create);
  };
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  host.readFile = (name) => files.get(path.resolve(name))?.text ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const virtual = d.file ? files.get(path.resolve(d.file.fileName)) : undefined;
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 - (virtual ? header.length : 0) : 0;
    return `${virtual?.name ?? d.file?.fileName ?? 'program'}:${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
