import type { IConstruct } from 'constructs';
import type { Acknowledgement } from '../model/types.js';
import type { Problem } from './errors.js';

const ANNOTATIONS = new WeakMap<IConstruct, Problem[]>();
/** The trees (by their root) in which some construct has a warning: `collect` walks only those. */
const ANNOTATED_TREES = new WeakSet<IConstruct>();

/**
 * Warnings attached to constructs, as in `aws-cdk-lib`'s `Annotations.of(construct).addWarning()`:
 * they do not stop synthesis, travel in the model (`StackModel.warnings`) and are printed by the
 * CLI (`lambdaform: warning: <path>: <message>`).
 */
export class Annotations {
  /** The annotations of a construct. */
  public static of(scope: IConstruct): Annotations {
    return new Annotations(scope);
  }

  /** Every warning of the constructs below `scope` (itself included), in tree order. */
  public static collect(scope: IConstruct): Problem[] {
    if (!ANNOTATED_TREES.has(scope.node.root)) return [];
    return scope.node.findAll().flatMap((c) => ANNOTATIONS.get(c) ?? []);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Adds a warning (once: the same message twice is kept once).
   * @param code a stable code (`deprecated-runtime`, `wildcard-action`)
   */
  public addWarning(message: string, code = 'warning'): void {
    let list = ANNOTATIONS.get(this.scope);
    if (!list) ANNOTATIONS.set(this.scope, (list = []));
    ANNOTATED_TREES.add(this.scope.node.root);
    if (list.some((p) => p.message === message)) return;
    list.push({ code, path: this.scope.node.path, message });
  }
}

const ACKNOWLEDGED = new WeakMap<IConstruct, Acknowledgement[]>();

/** Lint acknowledgements in code. */
export class Lint {
  /**
   * Acknowledges a lint rule for a construct and everything below it: its findings there are
   * suppressed (`lambdaform lint --show-suppressed` lists them, with the reason). A reason is
   * required: an acknowledgement without one is itself reported.
   * @param rule the rule id (`sqs-visibility-timeout`)
   * @param reason why the finding is acceptable here
   */
  public static acknowledge(scope: IConstruct, rule: string, reason: string): void {
    let list = ACKNOWLEDGED.get(scope);
    if (!list) ACKNOWLEDGED.set(scope, (list = []));
    list.push({ rule: String(rule), reason: typeof reason === 'string' ? reason.trim() : '' });
  }

  /** The acknowledgements that apply to a construct: its own and its ancestors', nearest last. */
  public static acknowledgementsOf(scope: IConstruct): Acknowledgement[] {
    let any = false;
    for (let c: IConstruct | undefined = scope; c !== undefined && !any; c = c.node.scope) any = ACKNOWLEDGED.has(c);
    return any ? scope.node.scopes.flatMap((s) => ACKNOWLEDGED.get(s) ?? []) : [];
  }
}
