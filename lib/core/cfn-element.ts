import { Construct } from 'constructs';
import { checkLogicalId, elementLogicalId } from './logical-id.js';
import { recordSource, type SourceLocation } from './source.js';
import { Stack } from './stack.js';

/**
 * A template element that is its construct's only entry (a parameter, a condition), as
 * aws-cdk-lib's `CfnElement`: its stack, its logical id (derived from the path, or overridden)
 * and the line of user code that created it.
 */
export abstract class CfnElement extends Construct {
  private logicalIdOverride: string | undefined;
  /** The line of user code that created the element. */
  protected readonly source: SourceLocation | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Refuses, at once, an element created outside a stack.
    Stack.of(this);
    this.source = recordSource();
  }

  /** The stack the element belongs to. */
  public get stack(): Stack {
    return Stack.of(this);
  }

  /** The logical id in the template. */
  public get logicalId(): string {
    return this.logicalIdOverride ?? elementLogicalId(this, this.stack);
  }

  /** Replaces the derived logical id. */
  public overrideLogicalId(id: string): void {
    checkLogicalId(this.node.path, id);
    this.logicalIdOverride = id;
  }
}
