/**
 * The linter's shapes: rules (ESLint's shape: `meta` + `check`), findings, configuration. Rules
 * read only the AppModel (and, later, handler source), so they apply unchanged to imported
 * templates.
 */
import type { StackGraph } from '../model/graph.js';
import type { HandlerAnalyzer } from './handlers/types.js';
import type { ModelEdge, ModelNode, SourceLocation, StackModel } from '../model/types.js';

/** How serious a finding is. `error` fails CI by default (`--fail-on error`). */
export type Severity = 'error' | 'warning' | 'info';

/** Presets of rules: `recommended` (the default) and `strict` (every rule). */
export type Preset = 'recommended' | 'strict';

/** What a rule is and where its equivalents are. */
export interface RuleMeta {
  /** Stable id, kebab-case (`sqs-visibility-timeout`). */
  readonly id: string;
  /** Default severity. */
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly description: string;
  /** The rule's section of docs/rules.md. */
  readonly docs: string;
  /** In the `recommended` preset too (every rule is in `strict`). */
  readonly recommended: boolean;
  /** The same check elsewhere, where one exists. */
  readonly equivalents?: { readonly cdkNag?: readonly string[]; readonly cfnLint?: readonly string[]; readonly serverlessRules?: readonly string[] };
  /** Options and their defaults (`{ ratio: 6 }`). */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

/** What a rule reports. */
export interface Report {
  /** The node or edge the finding is about (its path, logical id and source are used), or the stack, for findings about the template as a whole. */
  readonly at: ModelNode | ModelEdge | StackModel;
  /** What is wrong, with the values involved. */
  readonly message: string;
  /** How to fix it, in the app's code (constructs, props). */
  readonly hint?: string;
  /** How to fix it in a template, in CloudFormation/SAM property names: used for stacks imported from templates. @default hint */
  readonly templateHint?: string;
  /** A severity other than the rule's (a rule with two thresholds: error below one, warning below the other). */
  readonly severity?: Severity;
  /** Where the finding points, when not at the source of `at` (a line inside a template). @default the source of `at` */
  readonly source?: SourceLocation;
}

/** What a rule sees of one stack. */
export interface RuleContext {
  readonly stack: StackModel;
  /** Indexed questions about the stack. */
  readonly graph: StackGraph;
  /** The rule's options: its defaults, overridden by the configuration. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The date date-dependent rules use (runtime deprecation): `LAMBDAFORM_NOW` or today, injected in tests. */
  readonly now: Date;
  /** The functions' handler source, analysed on demand (once per file and function in a `lint()` run). */
  readonly handlers: HandlerAnalyzer;
  /** Reports a finding. */
  report(report: Report): void;
}

/** A lint rule: one file each under lib/lint/rules/. */
export interface Rule {
  readonly meta: RuleMeta;
  /** Checks one stack, reporting through the context. */
  check(context: RuleContext): void;
}

/** One finding. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** The stack's name. */
  readonly stack: string;
  /** Construct path (or, for an imported template, the logical id) of the node or edge. */
  readonly path: string;
  /** The CloudFormation logical id, when the node or edge has one. */
  readonly logicalId?: string;
  /** The user's file:line that created it (or the template line). */
  readonly source?: SourceLocation;
  readonly message: string;
  readonly hint?: string;
  /** The rule's docs. */
  readonly docs: string;
  /**
   * Set when the finding is acknowledged (`Lint.acknowledge`, an imported template's Metadata, or
   * the configuration): it does not count, and is listed only on request. `via` names a foreign
   * id the acknowledgement used (`cdk-nag:AwsSolutions-SQS3`, `cfn-lint:E3505`).
   */
  readonly suppressed?: { readonly reason: string; readonly by: 'code' | 'template' | 'config'; readonly via?: string };
}

/** An acknowledgement in the configuration: a rule, for a construct path (a trailing `*` matches every path that starts with the rest), and why. */
export interface ConfigAcknowledgement {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
}

/** A rule's setting in the configuration: a severity, `off`, or `[severity, options]`. */
export type RuleSetting = Severity | 'off' | readonly [Severity | 'off', Readonly<Record<string, unknown>>?];

/** The `lint` section of lambdaform.json. */
export interface LintConfig {
  /** @default 'recommended' */
  readonly preset?: Preset;
  /** Per rule: severity overrides, `off`, options. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Modules of the project's own rules (paths relative to the project directory), loaded by the CLI. */
  readonly customRules?: readonly string[];
  /** Findings acknowledged for given construct paths, with the reason. */
  readonly acknowledge?: readonly ConfigAcknowledgement[];
}
