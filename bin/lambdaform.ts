import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LambdaformError } from '../lib/core/errors.js';
import { APP_TIMEOUT_RULE, parseAppTimeout } from '../lib/cli/config.js';
import { CliError, EXIT_USAGE } from '../lib/cli/errors.js';
import { appMayStillRun, enableInProcessApps } from '../lib/cli/app-in-process.js';
import { FAIL_ON, LINT_FORMATS, type FailOn, type LintFormat } from '../lib/cli/lint-options.js';
import { SYNTH_FORMATS, synthCommand, type SynthFormat } from '../lib/cli/synth.js';
import { VERSION } from '../lib/cli/version.js';
import { tuneJitForShortRun } from '../lib/cli/jit.js';
import { EVENT_SOURCES, generateEventCommand } from '../lib/cli/generate-event.js';
// The local commands load the local runtime only when they run: synth and lint do not pay for it.
import type { InvokeOptions } from '../lib/cli/invoke.js';
import type { PlanCommandOptions } from '../lib/cli/plan.js';
import type { RunCommandOptions } from '../lib/cli/run.js';
import type { StartApiOptions } from '../lib/cli/start-api.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../lib/cli/config.js';

const program = new Command();
program
  .name('lambdaform')
  .description('Typed constructs for AWS serverless: synthesize SAM and CloudFormation templates, lint them, and run them locally on a simulated clock.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

program
  .command('synth')
  .description('Run the app and write its templates (stdout for a single stack without --out)')
  .option('-a, --app <file-or-command>', 'the app: a .ts/.js file or a command (default: "app" in lambdaform.json)')
  .addOption(new Option('-f, --format <format>', 'template format').choices([...SYNTH_FORMATS]).default('sam'))
  .option('--json', 'write JSON instead of YAML', false)
  .option('-o, --out <dir>', 'out directory for templates and assets (default: lambdaform.out, and stdout for one stack)')
  .option('-s, --stack <name>', 'only this stack')
  .option('--app-timeout <seconds>', 'stop the app when it runs longer (default: "appTimeout" in lambdaform.json, else 600)', appTimeout)
  .option('--no-lint', 'do not lint the app before writing its templates')
  .option('-t, --template <file...>', '--format plan: the plan of these SAM/CloudFormation templates (CodeUri/Code pointing at local code)')
  .option('-p, --parameter <Key=Value>', 'a value for a parameter of the templates or of the app (CfnParameter) (repeatable)', collect)
  .option('--parameters <file.json>', 'template parameter values, as the CloudFormation CLI takes them')
  .action(async (opts: { app?: string; format: SynthFormat; json: boolean; out?: string; stack?: string; appTimeout?: number; lint: boolean; template?: string[]; parameter?: string[]; parameters?: string }) => {
    tuneJitForShortRun();
    await synthCommand({ ...opts, noLint: !opts.lint });
  });

/** The options every local command takes to find its plan. */
function planSource(cmd: Command): Command {
  return cmd
    .option('-a, --app <file-or-command>', 'the app: a .ts/.js file or a command (default: "app" in lambdaform.json)')
    .option('-t, --template <file...>', 'SAM or CloudFormation templates instead of the app (CodeUri/Code pointing at local handler code)')
    .option('--plan <plan.json>', 'a plan made by `lambdaform plan` (or written by hand) instead of the app')
    .option('-p, --parameter <Key=Value>', 'a value for a parameter of the templates or of the app (CfnParameter) (repeatable)', collect)
    .option('--parameters <file.json>', 'template parameter values, as the CloudFormation CLI takes them')
    .option('-s, --stack <name>', 'only this stack')
    .option('--app-timeout <seconds>', 'stop the app when it runs longer (default: "appTimeout" in lambdaform.json, else 600)', appTimeout);
}

planSource(
  program
    .command('plan')
    .description('Write the local execution plan (plan.json) the local runtime runs: the same as synth --format plan')
    .option('-o, --out <dir>', 'write plan.json into this directory (default: stdout)'),
).action(async (opts: PlanCommandOptions) => {
  tuneJitForShortRun();
  const { planCommand } = await import('../lib/cli/plan.js');
  await planCommand(opts);
});

planSource(
  program
    .command('invoke')
    .argument('<function>', 'the function: its construct id, path, logical id or name')
    .description('Invoke a function locally, as `sam local invoke` does without Docker: the result on stdout, the logs on stderr (exit 1 on a function error)')
    .option('-e, --event <file>', "the event: a JSON file, or '-' for stdin (default: {})")
    .option('-q, --qualifier <alias-or-version>', 'an alias name or version number (default: $LATEST)')
    .addOption(new Option('--invocation-type <type>', 'RequestResponse, or Event (through the async queue, with its retries, on the simulated clock)').choices(['RequestResponse', 'Event']).default('RequestResponse'))
    .option('--seed <n>', 'seed of request ids and alias weights', wholeNumber),
).action(async (name: string, opts: InvokeOptions) => {
  const { invokeCommand } = await import('../lib/cli/invoke.js');
  process.exitCode = await invokeCommand(name, opts);
});

planSource(
  program
    .command('run')
    .argument('<scenario>', 'the scenario: a YAML file of steps and expected results')
    .description('Run a scenario against the app on a simulated clock (hours of retries in milliseconds) and report where every input ended (exit 1 when an expect check fails)')
    .option('--json', 'print the report as JSON', false)
    .option('--realtime', 'run on the wall clock instead of the simulated one', false)
    .option('--seed <n>', 'seed of all randomness (overrides the scenario\'s)', wholeNumber)
    .option('--account-concurrency <n>', "the account's concurrency limit (default 1000)", wholeNumber),
).action(async (scenario: string, opts: RunCommandOptions) => {
  const { runCommand } = await import('../lib/cli/run.js');
  process.exitCode = await runCommand(scenario, opts);
});

planSource(
  program
    .command('start-api')
    .description('Serve the app\'s API routes over HTTP, as `sam local start-api` does without Docker, the rest of the app simulated on the wall clock (handler changes are picked up on the next cold start)')
    .option('--port <n>', 'the port (0 picks a free one)', wholeNumber, DEFAULT_PORT)
    .option('--host <address>', 'the address to listen on', DEFAULT_HOST)
    .option('--api <name>', 'serve only this API (default: every API of the app, at the root)')
    .option('--seed <n>', 'seed of request ids, message ids and alias weights', wholeNumber)
    .option('--account-concurrency <n>', "the account's concurrency limit (default 1000)", wholeNumber),
).action(async (opts: StartApiOptions) => {
  const { startApiCommand } = await import('../lib/cli/start-api.js');
  process.exitCode = await startApiCommand(opts);
});

program
  .command('lint')
  .argument('[templates...]', 'SAM or CloudFormation templates to lint instead of the app: files, directories (cdk.out/) or globs')
  .description('Run the app (or read the templates) and report best-practice findings (exit 1 when one reaches --fail-on)')
  .option('-a, --app <file-or-command>', 'the app: a .ts/.js file or a command (default: "app" in lambdaform.json)')
  .addOption(new Option('-f, --format <format>', 'output format: text, json, sarif (GitHub code scanning), github (workflow annotations), junit, gitlab (Code Quality)').choices([...LINT_FORMATS]).default('text'))
  .addOption(new Option('--fail-on <severity>', 'the lowest severity that fails the run').choices([...FAIL_ON]).default('error'))
  .option('--app-timeout <seconds>', 'stop the app when it runs longer (default: "appTimeout" in lambdaform.json, else 600)', appTimeout)
  .option('--show-suppressed', 'also list acknowledged findings, with their reasons', false)
  .option('-p, --parameter <Key=Value>', "a value for a parameter of the templates or of the app (CfnParameter) (repeatable; default: the parameter's Default)", (v: string, prev: string[] = []) => [...prev, v])
  .option('--parameters <file.json>', "template parameter values, as the CloudFormation CLI takes them: [{\"ParameterKey\": ..., \"ParameterValue\": ...}]")
  .addOption(new Option('--preset <preset>', 'the rules that run: recommended, or strict (every rule) (default: "lint.preset" in lambdaform.json, else recommended)').choices(['recommended', 'strict']))
  .option('--rule <rule=severity>', 'a rule\'s severity: error, warning, info, or off to turn it off, over lambdaform.json (repeatable: --rule tracing=error --rule log-retention=off)', (v: string, prev: string[] = []) => [...prev, v])
  .action(async (templates: string[], opts: { app?: string; format: LintFormat; failOn: FailOn; appTimeout?: number; showSuppressed: boolean; parameter?: string[]; parameters?: string; preset?: 'recommended' | 'strict'; rule?: string[] }) => {
    tuneJitForShortRun();
    const { lintCommand } = await import('../lib/cli/lint.js');
    process.exitCode = await lintCommand({ ...opts, templates });
  });

program
  .command('generate-event')
  .argument('<source>', `the event source: ${EVENT_SOURCES.join(', ')} (or a service of \`sam local generate-event\`, with its event)`)
  .argument('[event]', 'with a SAM service, the event as `sam local generate-event` names it: sqs receive-message, sns notification, s3 put, s3 delete, apigateway aws-proxy, apigateway http-api-proxy, dynamodb update, kinesis get-records, cloudwatch scheduled-event, alb request')
  .description('Print a sample event in the shape AWS sends it to a function (JSON on stdout)')
  .option('-n, --count <n>', 'records in the event (sqs, sns, s3, kinesis, dynamodb)', wholeNumber)
  .option('-b, --body <text>', 'message body, record data or request body')
  .option('--queue <name>', 'queue name (sqs)')
  .option('--topic <name>', 'topic name (sns)')
  .option('--bucket <name>', 'bucket (s3)')
  .option('--key <key>', 'object key (s3)')
  .option('--event-name <name>', 'S3 event name, such as ObjectRemoved:Delete (s3)')
  .option('--stream <name>', 'stream (kinesis) or table (dynamodb) name')
  .option('--partition-key <key>', 'partition key (kinesis)')
  .option('--method <method>', 'HTTP method (apigw-http, apigw-rest, alb)')
  .option('--path <path>', 'request path with an optional ?query (apigw-http, apigw-rest, alb)')
  .option('--source <source>', 'event source (eventbridge)')
  .option('--detail-type <type>', 'detail type (eventbridge)')
  .option('--detail <json>', 'detail, as JSON (eventbridge)')
  .option('--region <region>', 'region of the ARNs', 'us-east-1')
  .option('--account <id>', 'account of the ARNs', '123456789012')
  .option('--seed <n>', 'seed of the ids (the same seed, the same ids)', wholeNumber)
  .action((source: string, event: string | undefined, opts: Record<string, unknown>) => {
    generateEventCommand(source, opts, undefined, event);
  });

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('It must be a whole number.');
  return Number(text);
}

function appTimeout(text: string): number {
  const seconds = parseAppTimeout(text);
  if (seconds === undefined) throw new InvalidArgumentError(`It must be ${APP_TIMEOUT_RULE}.`);
  return seconds;
}

/**
 * Runs the command. Not a top-level await: the compiled launcher (scripts/dist-launcher.js, the
 * package's dist/bin/lambdaform.js) loads this module with `require()`, which reads the whole
 * module graph synchronously (an ES module graph with a top-level await cannot be required).
 */
async function main(): Promise<void> {
  enableInProcessApps();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = report(err);
  }
  // An app run in this process that failed, timed out or called process.exit() may still hold Node's loop.
  if (appMayStillRun()) process.exit();
}

void main();

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    process.stderr.write(`lambdaform: ${err.message.replace(/^error: /, '')}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof CliError || err instanceof LambdaformError) {
    process.stderr.write(`lambdaform: ${err.message}\n`);
    return err instanceof CliError ? err.exitCode : EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`lambdaform: internal error: ${e.message}\nThis is a bug in lambdaform; set LAMBDAFORM_DEBUG=1 to see where it happened.\n`);
  if (process.env.LAMBDAFORM_DEBUG) process.stderr.write(`${e.stack}\n`);
  return 1;
}
