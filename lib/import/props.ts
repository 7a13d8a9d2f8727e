/**
 * Reading a resource's properties into typed model props: each read marks the property as used;
 * what no importer reads is kept as an override, so that a synthesized template writes it back.
 * A property whose value is unknown before deploy gets AWS's default as a placeholder, is named
 * in the node's `unknown` list, and keeps its expression as an override.
 */
import type { ModelValue, PropertyOverride } from '../model/types.js';
import type { ImportContext, TemplateResourceData } from './context.js';

/** The properties of one resource being imported. */
export class PropertyReader {
  private readonly used = new Set<string>();
  public readonly unknown: string[] = [];
  private readonly exprs: PropertyOverride[] = [];
  public readonly props: Record<string, unknown>;

  constructor(
    private readonly ctx: ImportContext,
    public readonly logicalId: string,
    resource: TemplateResourceData,
  ) {
    this.props = (resource.Properties ?? {}) as Record<string, unknown>;
  }

  /** The raw template value of a property (marked used). */
  public raw(name: string): unknown {
    this.used.add(name);
    return this.props[name];
  }

  /** Marks a property as not read after all: it is kept as an override, as written. */
  public unconsume(name: string): void {
    this.used.delete(name);
  }

  /** Marks properties as read (their meaning is in the model some other way). */
  public consume(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  /** A property as a model value; undefined when absent or `AWS::NoValue`. */
  public value(name: string): ModelValue | undefined {
    return this.ctx.value(this.raw(name), ['Resources', this.logicalId, 'Properties', name]);
  }

  /** A string property known before deploy; undefined when absent; `fallback` (and the prop marked unknown) when unknown. */
  public string(name: string, modelProp: string): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const v = this.value(name);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.markUnknown(modelProp, name, v);
    return undefined;
  }

  /** A number property; undefined when absent; when unknown before deploy, undefined with the prop marked unknown. */
  public number(name: string, modelProp: string): number | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const n = this.ctx.number(raw);
    if (n === undefined) this.markUnknown(modelProp, name, this.value(name));
    return n;
  }

  /** A boolean property; undefined when absent or unknown (then marked unknown). */
  public boolean(name: string, modelProp: string): boolean | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const b = this.ctx.boolean(raw);
    if (b === undefined) this.markUnknown(modelProp, name, this.value(name));
    return b;
  }

  /** Records a model prop as unknown until deploy, keeping the template's expression at `path` (below Properties). */
  public markUnknown(modelProp: string, path: string, value: ModelValue | undefined): void {
    if (!this.unknown.includes(modelProp)) this.unknown.push(modelProp);
    if (value !== undefined) this.exprs.push({ path, value });
  }

  /** Overrides: the expressions of unknown props, then every property no importer read, as written. */
  public overrides(): PropertyOverride[] {
    const rest: PropertyOverride[] = [];
    for (const name of Object.keys(this.props)) {
      if (this.used.has(name)) continue;
      const value = this.value(name);
      if (value !== undefined) rest.push({ path: name, value });
    }
    return [...this.exprs, ...rest];
  }
}
