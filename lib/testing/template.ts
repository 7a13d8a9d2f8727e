import { App } from '../core/app.js';
import type { Stack } from '../core/stack.js';
import type { StackModel } from '../model/types.js';
import { toCloudFormation } from '../synth/cfn/index.js';
import { toSam } from '../synth/sam/index.js';
import type { Template as TemplateJson, TemplateOutput, TemplateParameter, TemplateResource } from '../synth/template.js';
import { Matcher, matchValue } from './match.js';

/** The sections of a template other than Resources that the assertions read by logical id. */
type Section = 'Outputs' | 'Parameters' | 'Conditions' | 'Mappings';
const SECTION_NOUNS: Readonly<Record<Section, string>> = { Outputs: 'output', Parameters: 'parameter', Conditions: 'condition', Mappings: 'mapping' };

/** Template formats the assertions can read: plain CloudFormation, or SAM (before the transform). */
export type AssertFormat = 'cfn' | 'sam';

/** The model of one stack (synthesizing its app once). */
export function stackModel(stack: Stack): StackModel {
  const model = App.of(stack).synth();
  const s = model.stacks.find((x) => x.path === stack.node.path);
  if (!s) throw new Error(`stack ${stack.node.path} is not in the synthesized app`);
  return s;
}

/** Assertions on a synthesized template, as in `aws-cdk-lib/assertions`. */
export class Template {
  /**
   * Synthesizes the stack's app and returns the stack's template: a copy of its own, as CDK's
   * reads one from the cloud assembly (the backends share what they rendered between calls and
   * between the two formats; a test that changes its template changes nothing else).
   */
  public static fromStack(stack: Stack, format: AssertFormat = 'cfn'): Template {
    const model = stackModel(stack);
    switch (format) {
      case 'cfn':
        return new Template(structuredClone(toCloudFormation(model)));
      case 'sam':
        return new Template(structuredClone(toSam(model)));
    }
  }

  /** Wraps a template that is already JSON data. */
  public static fromJSON(template: TemplateJson): Template {
    return new Template(template);
  }

  private constructor(public readonly template: TemplateJson) {}

  /** The template as JSON data (this object's own copy: changing it changes no other template). */
  public toJSON(): TemplateJson {
    return this.template;
  }

  /**
   * Resources of a type, by logical id; with `props`, only those whose definition (`Type`,
   * `Properties`, `DependsOn`, ...) matches it like `Match.objectLike`, as in CDK.
   */
  public findResources(type: string, props: unknown = {}): Record<string, TemplateResource> {
    return Object.fromEntries(this.resourcesOfType(type).filter(([id, r]) => matchValue(props, r, id) === undefined));
  }

  /** Fails unless exactly `count` resources have this type. */
  public resourceCountIs(type: string, count: number): void {
    const n = this.resourcesOfType(type).length;
    if (n !== count) throw new Error(`expected ${count} resource(s) of type ${type}, found ${n}${this.typesHint(type)}`);
  }

  /** Fails unless exactly `count` resources of `type` have properties matching `props` (like `Match.objectLike`). */
  public resourcePropertiesCountIs(type: string, props: unknown, count: number): void {
    const matching = this.resourcesOfType(type).filter(([id, r]) => matchValue(props, propertiesOf(r, props), `${id}.Properties`) === undefined);
    if (matching.length !== count) {
      const ids = matching.map(([id]) => id);
      throw new Error(`expected ${count} resource(s) of type ${type} with matching properties, found ${matching.length}${ids.length ? ` (${ids.join(', ')})` : ''}${this.typesHint(type)}`);
    }
  }

  /**
   * Fails unless some resource of `type` has properties matching `props` (like `Match.objectLike`;
   * a resource without Properties has `{}`, unless `props` is `Match.absent()`).
   */
  public hasResourceProperties(type: string, props: unknown): void {
    this.expectSome(type, (id, r) => matchValue(props, propertiesOf(r, props), `${id}.Properties`));
  }

  /** Fails unless every resource of `type` (at least one) has properties matching `props`, as CDK's `allResourcesProperties`. */
  public allResourcesProperties(type: string, props: unknown): void {
    this.expectAll(type, (id, r) => matchValue(props, propertiesOf(r, props), `${id}.Properties`));
  }

  /** Fails unless every resource of `type` (at least one) matches `expected` like `Match.objectLike`, as CDK's `allResources`. */
  public allResources(type: string, expected: unknown): void {
    this.expectAll(type, (id, r) => matchValue(expected, r, id));
  }

  /** Fails unless some resource of `type` matches `expected` (Properties, DependsOn, UpdatePolicy, ...) like `Match.objectLike`. */
  public hasResource(type: string, expected: unknown): void {
    this.expectSome(type, (id, r) => matchValue(expected, r, id));
  }

  /** Fails unless the output exists and matches (`'*'`: some output matches). */
  public hasOutput(logicalId: string, expected: unknown): void {
    this.expectEntry('Outputs', logicalId, expected);
  }

  /** Outputs by logical id (`'*'`: every one) matching `props` like `Match.objectLike`, as CDK's `findOutputs`. */
  public findOutputs(logicalId: string, props: unknown = {}): Record<string, TemplateOutput> {
    return this.findEntries('Outputs', logicalId, props) as Record<string, TemplateOutput>;
  }

  /** Fails unless the parameter exists and matches (`'*'`: some parameter matches), as CDK's `hasParameter`. */
  public hasParameter(logicalId: string, expected: unknown): void {
    this.expectEntry('Parameters', logicalId, expected);
  }

  /** Parameters by logical id (`'*'`: every one) matching `props` like `Match.objectLike`, as CDK's `findParameters`. */
  public findParameters(logicalId: string, props: unknown = {}): Record<string, TemplateParameter> {
    return this.findEntries('Parameters', logicalId, props) as Record<string, TemplateParameter>;
  }

  /** Fails unless the condition exists and matches (`'*'`: some condition matches), as CDK's `hasCondition`. */
  public hasCondition(logicalId: string, expected: unknown): void {
    this.expectEntry('Conditions', logicalId, expected);
  }

  /** Conditions by logical id (`'*'`: every one) matching `props` like `Match.objectLike`, as CDK's `findConditions`. */
  public findConditions(logicalId: string, props: unknown = {}): Record<string, unknown> {
    return this.findEntries('Conditions', logicalId, props);
  }

  /** Fails unless the mapping exists and matches (`'*'`: some mapping matches), as CDK's `hasMapping`. */
  public hasMapping(logicalId: string, expected: unknown): void {
    this.expectEntry('Mappings', logicalId, expected);
  }

  /** Mappings by logical id (`'*'`: every one) matching `props` like `Match.objectLike`, as CDK's `findMappings`. */
  public findMappings(logicalId: string, props: unknown = {}): Record<string, unknown> {
    return this.findEntries('Mappings', logicalId, props);
  }

  /** The entries of a section with this logical id (`'*'`: all of them). */
  private entries(section: Section, logicalId: string): Array<[string, unknown]> {
    return Object.entries((this.template[section] ?? {}) as Record<string, unknown>).filter(([id]) => logicalId === '*' || id === logicalId);
  }

  private findEntries(section: Section, logicalId: string, props: unknown): Record<string, unknown> {
    return Object.fromEntries(this.entries(section, logicalId).filter(([id, v]) => matchValue(props, v, `${section}.${id}`) === undefined));
  }

  private expectEntry(section: Section, logicalId: string, expected: unknown): void {
    const entries = this.entries(section, logicalId);
    const noun = SECTION_NOUNS[section];
    if (entries.length === 0) {
      const ids = Object.keys(this.template[section] ?? {});
      throw new Error(`no ${noun} ${logicalId} (the template has ${ids.length ? `${noun}s ${ids.join(', ')}` : `no ${noun}s`})`);
    }
    const problems: string[] = [];
    for (const [id, v] of entries) {
      const problem = matchValue(expected, v, `${section}.${id}`);
      if (!problem) return;
      problems.push(problem);
    }
    throw new Error(entries.length === 1 ? problems[0]! : `no ${noun} matches:\n  ${problems.join('\n  ')}`);
  }

  /** Fails unless the whole template matches `expected` (like `Match.objectLike`, or the matcher given). */
  public templateMatches(expected: unknown): void {
    const problem = matchValue(expected, this.template, 'Template');
    if (problem) throw new Error(`the template does not match: ${problem}`);
  }

  private resourcesOfType(type: string): Array<[string, TemplateResource]> {
    return Object.entries(this.template.Resources ?? {}).filter(([, r]) => r.Type === type);
  }

  /** For messages: the resource types the template has, when `type` is not one of them. */
  private typesHint(type: string): string {
    const types = [...new Set(Object.values(this.template.Resources ?? {}).map((r) => r.Type))].sort();
    return types.includes(type) ? '' : ` (the template has ${types.length ? types.join(', ') : 'no resources'})`;
  }

  private expectAll(type: string, problemOf: (id: string, r: TemplateResource) => string | undefined): void {
    const candidates = this.resourcesOfType(type);
    if (candidates.length === 0) throw new Error(`no resource of type ${type}${this.typesHint(type)}`);
    const problems = candidates.map(([id, r]) => problemOf(id, r)).filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new Error(`${problems.length} of the ${candidates.length} ${type} resources do not match:\n  ${problems.join('\n  ')}`);
  }

  private expectSome(type: string, problemOf: (id: string, r: TemplateResource) => string | undefined): void {
    const candidates = this.resourcesOfType(type);
    if (candidates.length === 0) throw new Error(`no resource of type ${type}${this.typesHint(type)}`);
    const problems: string[] = [];
    for (const [id, r] of candidates) {
      const problem = problemOf(id, r);
      if (!problem) return;
      problems.push(problem);
    }
    throw new Error(`no ${type} matches (${candidates.length} of that type); mismatches:\n  ${problems.join('\n  ')}`);
  }
}

/** A resource's properties for `hasResourceProperties`: `{}` when it has none, unless absence is what is expected (as in CDK). */
function propertiesOf(r: TemplateResource, props: unknown): unknown {
  return r.Properties === undefined && !(props instanceof Matcher && props.test(undefined, '') === undefined) ? {} : r.Properties;
}
