/**
 * Aspects, as aws-cdk-lib's: visitors applied to every construct below a scope before synthesis
 * (an aspect that adds tags, one that checks props and adds an error annotation).
 */
import type { IConstruct } from 'constructs';
import { LambdaformError } from './errors.js';

/** A visitor applied to every construct below the scope it is added to. */
export interface IAspect {
  /** Called once for each construct below (and including) the scope, before synthesis. */
  visit(node: IConstruct): void;
}

/** Options of `Aspects.of(scope).add`. */
export interface AspectOptions {
  /**
   * The order aspects are applied in on a construct: lower first; equal priorities in the order
   * they were added (an inherited aspect before the construct's own). `AspectPriority` has the
   * usual values.
   * @default AspectPriority.DEFAULT (500)
   */
  readonly priority?: number;
}

/** Common aspect priorities, as aws-cdk-lib's. */
export class AspectPriority {
  /** For aspects that change the tree (add constructs, set props). */
  public static readonly MUTATING = 200;
  /** For aspects that only read (checks). */
  public static readonly READONLY = 1000;
  /** The priority of an aspect added without one. */
  public static readonly DEFAULT = 500;
}

/** An aspect added to a construct, with its priority. */
export interface AspectApplication {
  readonly construct: IConstruct;
  readonly aspect: IAspect;
  readonly priority: number;
}

const ASPECTS = Symbol.for('lambdaform.Aspects');
/** How many aspects were added in this process: none, and synthesis walks no tree for them. */
let addedAspects = 0;
/** For each construct, the aspects already applied to it (an app synthesized twice applies each once). */
const INVOKED = new WeakMap<IConstruct, Set<IAspect>>();

/** The aspects of a construct: `Aspects.of(scope).add(aspect)`. */
export class Aspects {
  /** The aspects of `scope` (created on first use). */
  public static of(scope: IConstruct): Aspects {
    const holder = scope as unknown as { [ASPECTS]?: Aspects };
    if (!holder[ASPECTS]) Object.defineProperty(scope, ASPECTS, { value: new Aspects(scope), enumerable: false });
    return holder[ASPECTS]!;
  }

  private readonly applications: AspectApplication[] = [];

  private constructor(private readonly scope: IConstruct) {}

  /** Adds an aspect: it visits this construct and every construct below it at synthesis. */
  public add(aspect: IAspect, options: AspectOptions = {}): void {
    if (typeof (aspect as Partial<IAspect> | undefined)?.visit !== 'function') {
      throw new LambdaformError(this.scope.node.path || '<app>', `an aspect must be an object with a visit(node) method, got ${aspect === null ? 'null' : typeof aspect}`, 'wrong-type');
    }
    const priority = options.priority ?? AspectPriority.DEFAULT;
    if (typeof priority !== 'number' || !Number.isFinite(priority)) {
      throw new LambdaformError(this.scope.node.path || '<app>', `priority must be a number (AspectPriority.MUTATING, DEFAULT or READONLY), got ${String(priority)}`, 'wrong-type');
    }
    this.applications.push({ construct: this.scope, aspect, priority });
    addedAspects++;
  }

  /** The aspects added to this construct, in the order added. */
  public get all(): IAspect[] {
    return this.applications.map((a) => a.aspect);
  }

  /** The aspects added to this construct, with their priorities. */
  public get applied(): AspectApplication[] {
    return [...this.applications];
  }
}

/** How many passes over the tree before giving up: aspects that keep adding aspects never settle. */
const MAX_PASSES = 100;

/**
 * Applies every aspect to every construct below the one it was added to, each once, parents
 * before children; constructs or aspects an aspect adds are visited too (passes repeat until
 * nothing new is applied).
 */
export function invokeAspects(root: IConstruct): void {
  if (addedAspects === 0) return;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (!invokePass(root, [])) return;
  }
  throw new LambdaformError(root.node.path || '<app>', `aspects still add aspects or constructs after ${MAX_PASSES} passes over the tree; an aspect must not add itself again on each visit`, 'aspect-loop');
}

function invokePass(c: IConstruct, inherited: readonly AspectApplication[]): boolean {
  const own = (c as unknown as { [ASPECTS]?: Aspects })[ASPECTS]?.applied ?? [];
  let applied = false;
  if (inherited.length === 0 && own.length === 0) {
    // No aspect applies here (yet): only the children may have their own.
    for (const child of c.node.children) if (invokePass(child, inherited)) applied = true;
    return applied;
  }
  const all = [...inherited, ...own];
  const done = INVOKED.get(c) ?? new Set<IAspect>();
  INVOKED.set(c, done);
  // Stable: equal priorities keep their order (inherited first, then the order they were added).
  for (const a of [...all].sort((x, y) => x.priority - y.priority)) {
    if (done.has(a.aspect)) continue;
    done.add(a.aspect);
    a.aspect.visit(c);
    applied = true;
  }
  // Children added by the visits above are visited in this pass.
  for (const child of c.node.children) if (invokePass(child, all)) applied = true;
  return applied;
}
