import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppModel, StackModel } from '../model/types.js';
import { writeAssets } from '../synth/assets.js';
import { toCloudFormation } from '../synth/cfn/index.js';
import { toSam } from '../synth/sam/index.js';
import { toJson, toYaml, type Template } from '../synth/template.js';
import { CliError } from './errors.js';
import type { OptionDefaults } from '../lint/engine.js';
import { EXIT_FINDINGS, hasColors } from './lint-options.js';
import { OutDir } from './out-dir.js';
import { printWarnings } from './warnings.js';
import { loadAppModel } from './run-app.js';

/** Output formats of `synth`. */
export const SYNTH_FORMATS = ['sam', 'cfn', 'plan'] as const;
export type SynthFormat = (typeof SYNTH_FORMATS)[number];

/** Options of `lambdaform synth`. */
export interface SynthOptions {
  /** The app file or command; falls back to lambdaform.json. */
  readonly app?: string;
  readonly format: SynthFormat;
  /** JSON instead of YAML. */
  readonly json: boolean;
  /** Out directory; when absent and the app has one stack, the template goes to stdout. */
  readonly out?: string;
  /** Only this stack. */
  readonly stack?: string;
  /** Skip the linter (`--no-lint`). @default false: synth lints and stops on errors */
  readonly noLint?: boolean;
  /** Seconds the app may run; falls back to "appTimeout" in lambdaform.json, then 10 minutes. */
  readonly appTimeout?: number;
  /** `--format plan` only: the plan of these SAM/CloudFormation templates instead of the app's. */
  readonly template?: readonly string[];
  readonly parameter?: readonly string[];
  readonly parameters?: string;
}

/** Where an out directory goes when none is given (assets are always written). */
export const DEFAULT_OUTDIR = 'lambdaform.out';

/**
 * The template of one stack in one format. SAM `CodeUri`s are made relative to `templateDir`
 * (where the template is written), resolving asset paths from `appDir`.
 */
export function renderTemplate(stack: StackModel, format: Exclude<SynthFormat, 'plan'>, appDir = process.cwd(), templateDir = appDir): Template {
  switch (format) {
    case 'cfn':
      return toCloudFormation(stack);
    case 'sam':
      return toSam(stack, { codeUri: (a) => relativeUri(templateDir, path.resolve(appDir, a.path)) });
  }
}

function relativeUri(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

/** File name of a stack's template in the out directory. */
export function templateFileName(stack: StackModel, format: Exclude<SynthFormat, 'plan'>, json: boolean): string {
  return `${stack.name}.${format === 'cfn' ? 'template' : format}.${json ? 'json' : 'yaml'}`;
}

/**
 * `lambdaform synth`: runs the app, renders each stack, writes templates (and, for CloudFormation,
 * the asset zips and assets.json) to the out directory; with one stack and no --out, the template
 * also goes to stdout, as `cdk synth` does.
 */
export async function synthCommand(opts: SynthOptions, cwd = process.cwd()): Promise<void> {
  const format = opts.format;
  if (format === 'plan') {
    const { planCommand } = await import('./plan.js');
    await planCommand(opts, cwd);
    return;
  }
  if (opts.template?.length) throw new CliError('--template applies to --format plan: `lint` reads templates, and a template is already SAM or CloudFormation');
  if (opts.parameter?.length || opts.parameters !== undefined) {
    throw new CliError("--parameter and --parameters apply to --format plan (and plan, invoke, run, start-api): the templates keep their parameters, which take their values at deploy");
  }
  const out = new OutDir(opts.out, DEFAULT_OUTDIR, cwd);
  // Before running the app: an unusable out directory should not cost the user the app's run time.
  out.check();
  // Without the linter nothing reads where constructs were made: the app does not record it.
  const model = await loadAppModel(opts.app, cwd, { appTimeout: opts.appTimeout, recordSources: !opts.noLint });
  const stacks = selectStacks(model, opts.stack);
  const outdir = out.dir;
  // Rendered before the linter runs, so that it measures the templates written here (a stack that
  // cannot be rendered is reported after the lint findings, as the linter reports what it can).
  // SAM CodeUris are relative to the template: the files in the out directory get paths from there.
  const rendered = stacks.map((s) => renderForWriting(s, format, opts.json, cwd, outdir));
  // As cdk-nag's aspects do for CDK users: synth lints, prints what it finds, and stops on errors.
  // The template-size rule measures the templates this synth writes, unless the project's configuration says otherwise.
  if (opts.noLint) printWarnings(stacks);
  else {
    const { provideTemplate } = await import('../lint/templates.js');
    for (const r of rendered) if ('text' in r) provideTemplate(r.stack, format, opts.json, r.template, r.text);
    await lintBeforeSynth({ ...model, stacks }, cwd, { 'template-size': { format, json: opts.json } });
  }
  const written = rendered.map((r) => {
    if ('error' in r) throw r.error;
    return r;
  });
  out.create();
  out.writing(() => {
    for (const r of written) fs.writeFileSync(path.join(outdir, templateFileName(r.stack, format, opts.json)), r.text);
    if (format === 'cfn') writeAssets(stacks.flatMap((s) => s.assets), cwd, outdir);
  });
  if (!opts.out && written.length === 1) {
    // ... and the copy on stdout, read from the working directory, gets paths from here.
    process.stdout.write(serialize(renderTemplate(stacks[0]!, format, cwd, cwd), opts.json));
  } else {
    for (const r of written) process.stderr.write(`${r.stack.name}: ${path.relative(cwd, path.join(outdir, templateFileName(r.stack, format, opts.json)))}\n`);
  }
}

/** A stack's template and its text, or what stopped it from being rendered. */
function renderForWriting(stack: StackModel, format: Exclude<SynthFormat, 'plan'>, json: boolean, cwd: string, outdir: string): { stack: StackModel; template: Template; text: string } | { stack: StackModel; error: unknown } {
  try {
    const template = renderTemplate(stack, format, cwd, outdir);
    return { stack, template, text: serialize(template, json) };
  } catch (error) {
    return { stack, error };
  }
}

/**
 * Lints the model with the project's lint configuration; prints the stacks' warnings, but those a
 * finding of the rule of the same name reports at the same path (a deprecated runtime: once, not
 * twice), then the findings, on stderr; throws (exit 1) on an error.
 */
async function lintBeforeSynth(model: AppModel, cwd: string, optionDefaults: OptionDefaults): Promise<void> {
  // The linter is loaded only when synth lints (not with --no-lint).
  const [{ lintWithConfig }, { formatText }, { active }] = await Promise.all([import('./lint.js'), import('../lint/formatters/text.js'), import('../lint/formatters/summary.js')]);
  const { findings } = await lintWithConfig(model, cwd, optionDefaults);
  printWarnings(model.stacks, undefined, findings);
  if (active(findings).length === 0) return;
  process.stderr.write(formatText(findings, { color: hasColors(process.stderr) }));
  const errors = active(findings).filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    throw new CliError(`synth stopped: ${errors} lint error${errors === 1 ? '' : 's'} (above); fix ${errors === 1 ? 'it' : 'them'}, acknowledge ${errors === 1 ? 'it' : 'them'} with a reason (Lint.acknowledge), turn the rule off in lambdaform.json ("lint": {"rules": {"<rule>": "off"}}), or pass --no-lint`, EXIT_FINDINGS);
  }
}

function serialize(t: Template, json: boolean): string {
  return json ? toJson(t) : toYaml(t);
}

function selectStacks(model: AppModel, name: string | undefined): readonly StackModel[] {
  if (!name) return model.stacks;
  const s = model.stacks.find((x) => x.name === name);
  if (!s) throw new CliError(`no stack named '${name}'; the app has: ${model.stacks.map((x) => x.name).join(', ')}`);
  return [s];
}
