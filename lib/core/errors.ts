/**
 * One problem with the user's input: a construct property out of range, of the wrong type,
 * unknown, or two settings that cannot go together. Construct validation, the model checks and
 * (later) lint findings share this shape.
 */
export interface Problem {
  /** Stable code: `out-of-range`, `wrong-type`, `unknown-property`, ... (never reworded). */
  readonly code: string;
  /** Construct path (or `file:line` of a template) the problem is about; undefined for app-wide problems. */
  readonly path: string | undefined;
  /** The property (`timeout`, `deadLetterQueue.maxReceiveCount`), when the problem is about one. */
  readonly property?: string;
  /** The value given, as shown in the message. */
  readonly value?: string;
  /** What is allowed, in words (`1-900 seconds`). */
  readonly allowed?: string;
  /** The message without the path prefix. */
  readonly message: string;
  /** `warning` for a problem that does not stop synthesis. @default 'error' */
  readonly severity?: 'error' | 'warning';
}

/**
 * The one error type lambdaform throws for bad input.
 *
 * The message always starts with the construct path (or template location) it is about, so a
 * user can find the offending line: `MyStack/Resize: timeout must be between 1 and 900 seconds, got 901`.
 * When a construct has several independent problems they are all reported at once (`problems`).
 */
export class LambdaformError extends Error {
  /** Construct path (or `file:line` of a template) the error is about; undefined for app-wide errors. */
  public readonly path: string | undefined;

  /** The message without the path prefix. */
  public readonly detail: string;

  /** Stable code of the problem (the first one's when there are several). */
  public readonly code: string;

  /** The problems, one or more. */
  public readonly problems: readonly Problem[];

  constructor(path: string | undefined, detail: string, code = 'invalid-input', problems?: readonly Problem[]) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'LambdaformError';
    this.path = path;
    this.detail = detail;
    this.code = code;
    this.problems = problems ?? [{ code, path, message: detail }];
  }

  /** One error for the problems of one construct: the problem itself when there is one, else a list. */
  public static of(path: string | undefined, problems: readonly Problem[]): LambdaformError {
    if (problems.length === 1) {
      const p = problems[0]!;
      return new LambdaformError(p.path ?? path, p.message, p.code, problems);
    }
    const lines = problems.map((p) => `  - ${p.path && p.path !== path ? `${p.path}: ` : ''}${p.message}`).join('\n');
    return new LambdaformError(path, `${problems.length} problems:\n${lines}`, problems[0]!.code, problems);
  }
}

/** Several errors found at once (validation collects them all and throws once). */
export class LambdaformValidationError extends LambdaformError {
  /** The individual errors, each with its own path. */
  public readonly errors: readonly LambdaformError[];

  constructor(errors: readonly LambdaformError[]) {
    const lines = errors.map((e) => `  - ${e.message}`).join('\n');
    super(undefined, `validation failed with ${errors.length} error(s):\n${lines}`, errors[0]?.code ?? 'invalid-input', errors.flatMap((e) => e.problems));
    this.name = 'LambdaformValidationError';
    this.errors = errors;
  }
}

/** Throws the problems (one error, or one listing them all) when there are any. */
export function throwProblems(path: string | undefined, problems: readonly Problem[]): void {
  if (problems.length > 0) throw LambdaformError.of(path, problems);
}

/**
 * The problems of one construct found by the checks that involve more than one property, each
 * added by `add` (a method, not a closure made for each check: the build keeps function names,
 * which costs a property definition for each closure it makes).
 */
export class ProblemList {
  public readonly list: Problem[] = [];

  /** @param prefix written before each message (`reason: `) */
  public constructor(
    private readonly path: string | undefined,
    private readonly prefix = '',
  ) {}

  public add(code: string, property: string | undefined, message: string, value?: string): void {
    const m = this.prefix + message;
    this.list.push(property === undefined ? { code, path: this.path, message: m } : value === undefined ? { code, path: this.path, property, message: m } : { code, path: this.path, property, value, message: m });
  }
}
