/**
 * What the linter learns from a function's handler source: where the handler is, what it
 * constructs on every invocation (SDK clients, database connections, HTTP agents) and where it
 * sends (Lambda invoke, SQS, SNS, S3, EventBridge), each with its file, line and column. Plain
 * data, read syntactically (no type checking), so rules can compare it with the model.
 */
import type { FunctionNode } from '../../model/types.js';

/** A place in handler source. */
export interface CodeLocation {
  /** The file as messages name it: relative to the app's root (`src/orders/index.ts`), or `inline:index.js` for inline code. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** `file:line:column`, as messages print a location. */
export function formatLocation(at: CodeLocation): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** What a construction makes. */
export type ConstructionKind = 'aws-sdk-v3' | 'aws-sdk-v2' | 'database' | 'http';

/** A client, connection or agent created in code that runs on every invocation. */
export interface Construction {
  readonly kind: ConstructionKind;
  /** The expression as the user wrote it, arguments left out: `new S3Client()`, `mysql.createPool()`. */
  readonly what: string;
  /** The module it comes from (`@aws-sdk/client-s3`, `pg`). */
  readonly module: string;
  readonly at: CodeLocation;
  /**
   * The same-file functions the handler calls on the way to it (`['processRecord', 'getClient']`);
   * empty when it is in the handler's own body.
   */
  readonly via: readonly string[];
}

/**
 * A value the code sends to, as far as syntax tells: a literal, an environment variable, the
 * function itself (`context.functionName`, `process.env.AWS_LAMBDA_FUNCTION_NAME`), a template of
 * those, or unknown.
 */
export type CodeValue =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'self'; readonly via: string }
  | { readonly kind: 'template'; readonly parts: readonly CodeValue[] }
  | { readonly kind: 'unknown'; readonly text: string };

/** The services whose sends can close a loop (and EventBridge, recorded for later rules). */
export type SendService = 'lambda' | 'sqs' | 'sns' | 's3' | 'events';

/** An S3 object key as far as syntax tells: its literal start and end. */
export interface KeyShape {
  /** The literal start (`processed/`); '' when the key starts with something unknown. */
  readonly prefix: string;
  /** The literal end (`.png`); '' when the key ends with something unknown. */
  readonly suffix: string;
  /** The whole key is a literal (`prefix` is the key). */
  readonly exact: boolean;
}

/** A call that sends to an AWS resource. */
export interface Send {
  readonly service: SendService;
  /** The command or method: `InvokeCommand`, `sendMessage`, `Upload`. */
  readonly call: string;
  /** Where it is sent: the function name, queue URL, topic ARN, bucket, event bus. */
  readonly target: CodeValue;
  /** For S3 writes: the object key. */
  readonly key?: KeyShape;
  readonly at: CodeLocation;
  /** The same-file functions the handler calls on the way to it. */
  readonly via: readonly string[];
}

/** A call the analysed code makes into a module of the app that is not read (a relative import). */
export interface LocalCall {
  /** The module specifier (`./lib/queue.js`). */
  readonly module: string;
  /** The function or member called (`enqueue`, `queue.send`). */
  readonly name: string;
  readonly at: CodeLocation;
}

/** The facts of an analysed handler. */
export interface HandlerFacts {
  readonly status: 'analyzed';
  /** Where the handler function is (the function itself, after unwrapping middleware). */
  readonly at: CodeLocation;
  /** The wrappers around it, outermost first (`['middy']`). */
  readonly wrappedBy: readonly string[];
  /** Clients, connections and agents created on every invocation (lazily cached ones are left out). */
  readonly constructions: readonly Construction[];
  /** Sends to AWS resources on every invocation. */
  readonly sends: readonly Send[];
  /** Calls into modules of the app that are not read: what they do is unknown. */
  readonly localCalls: readonly LocalCall[];
  /** Environment variables the file reads anywhere (`process.env.NAME`, `const { NAME } = process.env`). */
  readonly envReads: readonly string[];
  /** The file reads `process.env` as a whole or by a computed name: it may read any variable. */
  readonly envDynamic: boolean;
}

/**
 * The analysis of one function's handler:
 * - `analyzed`: the facts;
 * - `skipped`: not analysable by nature (code in S3 or in a `.zip` file asset, a runtime other than Node.js);
 * - `unavailable`: the file cannot be found, read or parsed;
 * - `unresolved`: the file is read, but the handler in it is not a function lambdaform can follow.
 * Every status but `analyzed` carries the reason, so rules can say why they skip a function.
 */
export type HandlerAnalysis =
  | HandlerFacts
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'unavailable'; readonly reason: string; readonly fails?: HandlerFailure }
  | { readonly status: 'unresolved'; readonly reason: string; readonly fails?: HandlerFailure };

/**
 * The error Lambda's Node.js runtime gives every invocation of a handler that cannot be loaded,
 * when the analysis is sure of it: a handler setting that is not `<file>.<export>`, no such
 * file in the code, or an ES module without that export.
 */
export type HandlerFailure = 'Runtime.MalformedHandlerName' | 'Runtime.ImportModuleError' | 'Runtime.HandlerNotFound';

/** What rules see of handler analysis (`RuleContext.handlers`): one analyzer per `lint()` run. */
export interface HandlerAnalyzer {
  /** The analysis of a function's handler, computed once per function and once per file. */
  of(fn: FunctionNode): HandlerAnalysis;
}
