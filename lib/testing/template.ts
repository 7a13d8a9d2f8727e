import { App } from '../core/app.js';
import type { Stack } from '../core/stack.js';
import type { StackModel } from '../model/types.js';
import { toCloudFormation } from '../synth/cfn/index.js';
import { toSam } from '../synth/sam/index.js';
import type { Template as TemplateJson, TemplateResource } from '../synth/template.js';
import { matchValue } from './match.js';

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
  /** Synthesizes the stack's app and returns the stack's template. */
  public static fromStack(stack: Stack, format: AssertFormat = 'cfn'): Template {
    const model = stackModel(stack);
    switch (format) {
      case 'cfn':
        return new Template(toCloudFormation(model));
      case 'sam':
        return new Template(toSam(model));
    }
  }

  /** Wraps a template that is already JSON data. */
  public static fromJSON(template: TemplateJson): Template {
    return new Template(template);
  }

  private constructor(public readonly template: TemplateJson) {}

  public toJSON(): TemplateJson {
    return this.template;
  }

  /** Resources of a type whose properties match `props` (partially), by logical id. */
  public findResources(type: string, props?: Record<string, unknown>): Record<string, TemplateResource> {
    return Object.fromEntries(
      Object.entries(this.template.Resources).filter(
        ([, r]) => r.Type === type && (props === undefined || matchValue(props, r.Properties ?? {}, 'Properties') === undefined),
      ),
    );
  }

  /** Fails unless exactly `count` resources have this type. */
  public resourceCountIs(type: string, count: number): void {
    const n = Object.keys(this.findResources(type)).length;
    if (n !== count) throw new Error(`expected ${count} resource(s) of type ${type}, found ${n}`);
  }

  /** Fails unless some resource of `type` has properties matching `props`. */
  public hasResourceProperties(type: string, props: Record<string, unknown>): void {
    this.hasResource(type, { Properties: props });
  }

  /** Fails unless some resource of `type` matches `expected` (Properties, DependsOn, UpdatePolicy, ...). */
  public hasResource(type: string, expected: Record<string, unknown>): void {
    const candidates = Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
    if (candidates.length === 0) throw new Error(`no resource of type ${type}`);
    const problems: string[] = [];
    for (const [id, r] of candidates) {
      const problem = matchValue(expected, r, id);
      if (!problem) return;
      problems.push(problem);
    }
    throw new Error(`no ${type} matches; closest mismatches:\n  ${problems.join('\n  ')}`);
  }

  /** Fails unless the output exists and matches. */
  public hasOutput(logicalId: string, expected: Record<string, unknown>): void {
    const o = this.template.Outputs?.[logicalId];
    if (!o) throw new Error(`no output ${logicalId}`);
    const problem = matchValue(expected, o, logicalId);
    if (problem) throw new Error(problem);
  }
}
