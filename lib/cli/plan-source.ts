import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaformError } from '../core/errors.js';
import { checkPlanIds, toPlan } from '../local/plan/build.js';
import { readPlan } from '../local/plan/read.js';
import type { Plan } from '../local/plan/types.js';
import type { AppModel } from '../model/types.js';
import { CliError } from './errors.js';
import { loadAppModel } from './run-app.js';
import { importTemplateArgs, parameterValues } from './templates.js';

/** Where the local commands get their plan: an app (default), templates, or a plan file. */
export interface PlanSourceOptions {
  /** The app file or command; falls back to lambdaform.json. */
  readonly app?: string;
  /** SAM/CloudFormation templates whose CodeUri/Code point at local handler code. */
  readonly template?: readonly string[];
  /** A plan.json (made by `lambdaform plan`, or written by hand). */
  readonly plan?: string;
  /** `--parameter Key=Value`: a value for a parameter of the templates or of the app (a `CfnParameter`), used locally instead of its default. */
  readonly parameter?: readonly string[];
  /** `--parameters file.json`: parameter values in the CloudFormation CLI's format (or `{ "Key": "value" }`). */
  readonly parameters?: string;
  readonly appTimeout?: number;
  /** Only this stack. */
  readonly stack?: string;
}

/** The plan to run, and the directory its paths are relative to. */
export interface LoadedPlan {
  readonly plan: Plan;
  readonly planDir: string;
}

/** The plan of the app, the templates or the plan file the options name (one of them). */
export async function loadPlan(opts: PlanSourceOptions, cwd: string, planDir = cwd): Promise<LoadedPlan> {
  const given = [opts.app !== undefined ? '--app' : '', opts.template?.length ? '--template' : '', opts.plan !== undefined ? '--plan' : ''].filter(Boolean);
  if (given.length > 1) throw new CliError(`give one of --app, --template and --plan, not ${given.join(' and ')}`);
  if ((opts.parameter?.length || opts.parameters !== undefined) && opts.plan !== undefined) {
    throw new CliError('--parameter and --parameters apply to an app or templates, not to --plan: a plan holds the values it was made with (give them to `lambdaform plan`)');
  }
  if (opts.plan !== undefined) {
    const file = path.resolve(cwd, opts.plan);
    if (!fs.existsSync(file)) throw new CliError(`${opts.plan}: no such file`);
    return { plan: selectStack(readPlan(fs.readFileSync(file, 'utf8'), opts.plan), opts.stack), planDir: path.dirname(file) };
  }
  let model: AppModel;
  if (opts.template?.length) model = importTemplateArgs(opts.template, opts, cwd);
  else {
    // Read before the app runs: a malformed value should not cost the user the app's run time.
    const values = parameterValues(opts.parameter, opts.parameters, cwd);
    model = withParameterValues(await loadAppModel(opts.app, cwd, { appTimeout: opts.appTimeout }), values);
  }
  const stacks = opts.stack ? model.stacks.filter((s) => s.name === opts.stack) : model.stacks;
  if (opts.stack && stacks.length === 0) throw new CliError(`no stack named '${opts.stack}'; there are: ${model.stacks.map((s) => s.name).join(', ')}`);
  const plan = toPlan({ ...model, stacks }, { appDir: cwd, planDir });
  try {
    checkPlanIds(plan);
  } catch (e) {
    if (e instanceof LambdaformError) throw new CliError(e.message);
    throw e;
  }
  return { plan, planDir };
}

/**
 * The app's model with each given value as its parameter's default (the plan runs a parameter with
 * its default), as the template importer takes `--parameter` values; a value for a parameter no
 * stack of the app declares (a `CfnParameter`'s logical id) is refused.
 */
export function withParameterValues(model: AppModel, values: Readonly<Record<string, string>>): AppModel {
  const names = Object.keys(values);
  if (names.length === 0) return model;
  const declared = new Set(model.stacks.flatMap((s) => Object.keys(s.parameters ?? {})));
  const unknown = names.find((k) => !declared.has(k));
  if (unknown !== undefined) {
    const have = declared.size ? `its parameters: ${[...declared].sort().join(', ')}` : "it declares none: declare one with new CfnParameter(stack, 'Name', { default })";
    throw new CliError(`--parameter ${unknown}: no stack of the app declares this parameter (${have})`);
  }
  return {
    ...model,
    stacks: model.stacks.map((s) => {
      if (!s.parameters || !names.some((k) => Object.hasOwn(s.parameters!, k))) return s;
      const parameters = Object.fromEntries(Object.entries(s.parameters).map(([k, p]) => [k, Object.hasOwn(values, k) ? { ...p, default: values[k]! } : p]));
      return { ...s, parameters };
    }),
  };
}

function selectStack(plan: Plan, stack: string | undefined): Plan {
  if (!stack) return plan;
  if (!plan.stacks.includes(stack)) throw new CliError(`no stack named '${stack}' in the plan; it has: ${plan.stacks.join(', ')}`);
  const keep = <T extends { stack: string }>(list: readonly T[]): T[] => list.filter((r) => r.stack === stack);
  return {
    ...plan,
    stacks: [stack],
    functions: keep(plan.functions),
    queues: keep(plan.queues),
    topics: keep(plan.topics),
    buckets: keep(plan.buckets),
    tables: keep(plan.tables),
    streams: keep(plan.streams),
    rules: keep(plan.rules),
    apis: keep(plan.apis),
    mappings: keep(plan.mappings),
    subscriptions: keep(plan.subscriptions),
    notifications: keep(plan.notifications),
  };
}

/** The plan as the text plan.json holds (with its schema reference, for editors). */
export function planText(plan: Plan): string {
  return `${JSON.stringify({ $schema: 'https://lambdaform.dev/schemas/plan.schema.json', ...plan }, null, 2)}\n`;
}
