import type { IConstruct } from 'constructs';
import type { Problem } from './errors.js';

const ANNOTATIONS = new WeakMap<IConstruct, Problem[]>();

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
    if (list.some((p) => p.message === message)) return;
    list.push({ code, path: this.scope.node.path, message });
  }
}
