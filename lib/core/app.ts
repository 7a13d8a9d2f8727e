import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import { LambdaformError, throwProblems } from './errors.js';
import { checkProps, P } from './props.js';
import { readSourcesSetting } from './source.js';
import { buildModel } from './model-builder.js';
import { LOGICAL_ID_STYLE, LOGICAL_IDS_CONTEXT, type LogicalIdStyle } from './logical-id.js';
import { MODEL_VERSION, type AppModel } from '../model/types.js';

/** Environment variable the CLI sets: the directory the app writes its model to. */
export const OUTDIR_ENV = 'LAMBDAFORM_OUTDIR';
/** Environment variable that fixes "today" for date-dependent checks (ISO date). */
export const NOW_ENV = 'LAMBDAFORM_NOW';
/** File name of the serialized model in the out directory. */
export const MODEL_FILE = 'model.json';

/** Properties of an `App`. */
export interface AppProps {
  /**
   * Directory `synth()` writes the model to (`model.json`).
   * @default the `LAMBDAFORM_OUTDIR` environment variable (set by the CLI); without it nothing is written
   */
  readonly outdir?: string;
  /**
   * The date that date-dependent checks use (runtime create-block and deprecation dates).
   * Inject it in tests so they do not rot.
   * @default the `LAMBDAFORM_NOW` environment variable, or the current date
   */
  readonly now?: Date;
  /**
   * Synthesize automatically before the process exits, so an app file needs no `app.synth()` call.
   * @default true when an out directory is set
   */
  readonly autoSynth?: boolean;
  /**
   * Context values for `node.tryGetContext(key)`. Context the CLI passes (cdk.json's or
   * lambdaform.json's "context", through `CDK_CONTEXT_JSON` as the CDK CLI passes it) takes
   * precedence, as in aws-cdk-lib.
   * @default no context beyond the CLI's
   */
  readonly context?: Readonly<Record<string, unknown>>;
  /**
   * Context values that take precedence over all others: over the context the CLI passes
   * (cdk.json's or lambdaform.json's "context") and over `context`, as aws-cdk-lib's
   * `postCliContext`.
   * @default no context that overrides the CLI's
   */
  readonly postCliContext?: Readonly<Record<string, unknown>>;
  /**
   * aws-cdk-lib's switch for the `AWS::CDK::Metadata` resource. lambdaform writes no such
   * resource: accepted so a CDK app moves over, with no effect on the templates.
   * @default true (in aws-cdk-lib; no effect in lambdaform)
   */
  readonly analyticsReporting?: boolean;
  /**
   * aws-cdk-lib's switch for stack traces in the cloud assembly's metadata. lambdaform keeps the
   * user's line of each construct in every case (`lambdaform:path` metadata and error messages):
   * accepted with no effect.
   * @default true (in aws-cdk-lib; no effect in lambdaform)
   */
  readonly stackTraces?: boolean;
  /**
   * aws-cdk-lib's switch for the cloud assembly's `tree.json`. lambdaform writes no cloud
   * assembly: accepted with no effect.
   * @default true (in aws-cdk-lib; no effect in lambdaform)
   */
  readonly treeMetadata?: boolean;
  /**
   * How resources' logical ids are derived: `'lambdaform'`, readable ids from the construct path
   * (`Worker`, `WorkerServiceRole`); `'cdk'`, the ids aws-cdk-lib gives the same constructs
   * (`Worker11F36D0F`), so a stack deployed with CDK keeps its resources when it moves to
   * lambdaform. CDK's id goes to the resource of each construct (queues, topics, functions and
   * their service roles, tables, buckets, streams, rules, HTTP APIs, ...) and to the resources CDK
   * creates behind some of them: a function's EventInvokeConfig, a queue's, topic's or bucket's
   * Policy, an HTTP API's DefaultStage, a rule's targets (`Target0`, ...) and its permissions to
   * invoke functions, a bucket notification's permission. Event source mappings, SNS
   * subscriptions, HTTP routes with their integrations and permissions keep lambdaform's ids, and
   * CDK's separate role policies (`<Role>DefaultPolicy`) do not exist: lambdaform writes them
   * inline in the role.
   * @default the context value `lambdaform:logicalIds` (cdk.json's or lambdaform.json's "context"), else 'lambdaform'
   */
  readonly logicalIds?: LogicalIdStyle;
}

/** The description of `AppProps`. */
const APP_PROPS = {
  outdir: P.string(),
  now: P.date(),
  autoSynth: P.boolean(),
  context: P.record(P.any()),
  postCliContext: P.record(P.any()),
  analyticsReporting: P.boolean(),
  stackTraces: P.boolean(),
  treeMetadata: P.boolean(),
  logicalIds: P.oneOf(['lambdaform', 'cdk']),
};

/** The environment variable the CLI passes context in (a JSON object), as the CDK CLI does. */
export const CONTEXT_ENV = 'CDK_CONTEXT_JSON';

const APP_SYMBOL = Symbol.for('lambdaform.App');

/** The Apps of a program run by the CLI (`LAMBDAFORM_OUTDIR` set): all of them end up in its one model.json. */
const CLI_APPS: App[] = [];

/**
 * Key on `globalThis` of the CLI's session when it runs the app in its own process: shared by
 * every copy of lambdaform loaded there (the CLI's and the app's own may differ).
 */
export const CLI_SESSION = Symbol.for('lambdaform.cli.session');

/** What the CLI shares with the Apps of an app it runs in its own process. */
export interface CliSession {
  /** Every App created without an `outdir` while the session is open, in order. */
  readonly apps: App[];
  /** Apps whose `synth()` the program called itself, with the model it got. */
  readonly synthesized: Map<App, AppModel>;
  /**
   * Set by the CLI when the program is done and it synthesizes the Apps itself. Until then an
   * App's `synth()` returns a model built only when the program reads it: the CLI builds every
   * App afresh at the end anyway (so nothing changed after `synth()` is lost), and an app that
   * calls `synth()` last, as CDK apps do, is built once rather than twice.
   */
  final?: boolean;
}

/** The CLI's session in this process, if one is open. */
export function cliSession(): CliSession | undefined {
  return (globalThis as { [CLI_SESSION]?: CliSession })[CLI_SESSION];
}

/** Checks that stack names are unique across the stacks of a program's Apps; returns them. */
export function uniqueStacks(stacks: AppModel['stacks']): AppModel['stacks'] {
  const seen = new Map<string, string>();
  for (const s of stacks) {
    const other = seen.get(s.name);
    if (other !== undefined) throw new LambdaformError(s.path, `stack name '${s.name}' is already used by ${other} of another App in this program; stack names must be unique across the program`, 'duplicate-stack-name');
    seen.set(s.name, s.path);
  }
  return stacks;
}

/** The root of the construct tree. */
export class App extends Construct {
  /** True for any App (across copies of the library). */
  public static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && APP_SYMBOL in x;
  }

  /** The app a construct belongs to. */
  public static of(construct: IConstruct): App {
    const root = construct.node.root;
    if (!App.isApp(root)) throw new LambdaformError(construct.node.path, 'this construct is not inside an App');
    return root;
  }

  /** The date used by date-dependent checks. */
  public readonly now: Date;
  /** Where `synth()` writes the model, if anywhere. */
  public readonly outdir: string | undefined;

  constructor(props: AppProps = {}) {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, APP_SYMBOL, { value: true });
    readSourcesSetting();
    throwProblems('App', checkProps('App', 'AppProps', APP_PROPS, props));
    for (const [k, v] of Object.entries({ ...props.context, ...contextFromEnv(), ...props.postCliContext })) this.node.setContext(k, v);
    const style: unknown = props.logicalIds ?? this.node.tryGetContext(LOGICAL_IDS_CONTEXT) ?? 'lambdaform';
    if (style !== 'lambdaform' && style !== 'cdk') {
      throw new LambdaformError('App', `the context value '${LOGICAL_IDS_CONTEXT}' must be 'lambdaform' (readable ids) or 'cdk' (aws-cdk-lib's ids), got ${JSON.stringify(style)}`);
    }
    Object.defineProperty(this, LOGICAL_ID_STYLE, { value: style });
    const session = props.outdir === undefined ? cliSession() : undefined;
    const cliOutdir = session ? undefined : process.env[OUTDIR_ENV] || undefined;
    this.outdir = props.outdir ?? cliOutdir;
    this.now = props.now ?? parseNow(process.env[NOW_ENV]);
    // The CLI running the app in its own process synthesizes the session's Apps when the app is done.
    this.session = session;
    session?.apps.push(this);
    // The CLI reads one model.json per program: every App writing to its directory ends up in it.
    this.shared = props.outdir === undefined && cliOutdir !== undefined;
    if (this.shared) CLI_APPS.push(this);
    const autoSynth = props.autoSynth ?? this.outdir !== undefined;
    // Synthesized afresh at exit: constructs added or changed after an explicit app.synth() are not lost.
    if (autoSynth) process.once('beforeExit', () => this.synth());
  }

  private readonly shared: boolean;
  private readonly session: CliSession | undefined;
  private cached: AppModel | undefined;

  /**
   * Validates the whole tree (every error collected, thrown once) and builds the AppModel, afresh
   * on every call, so anything added or changed since the last call is in it (the same model
   * object comes back when nothing changed). When an out directory is set, the model is also
   * written there as `model.json`; under the CLI, together with the stacks of every other App of
   * the program, and once more when the program ends, so nothing added later is lost. When the
   * CLI runs the app in its own process, it builds every App's model when the program ends; the
   * model `synth()` returns before that is built when the program first reads its `stacks`.
   */
  public synth(): AppModel {
    const session = this.session;
    if (session && !session.final) {
      const model = deferredModel(() => this.build());
      session.synthesized.set(this, model);
      return model;
    }
    return this.build();
  }

  private build(): AppModel {
    const built = buildModel(this);
    if (this.cached === undefined || !sameData(this.cached, built)) this.cached = built;
    const model = this.cached;
    this.session?.synthesized.set(this, model);
    if (this.outdir) writeModelFile(this.outdir, this.shared ? CLI_APPS : [this], this, model);
    return model;
  }
}

/**
 * A model built on first read of its `stacks` (the CLI's session, see `CliSession.final`): the
 * same data, keys and order as the built model's, errors thrown where it is read.
 */
function deferredModel(build: () => AppModel): AppModel {
  let built: AppModel | undefined;
  const model = { version: MODEL_VERSION } as { version: typeof MODEL_VERSION; stacks: AppModel['stacks'] };
  Object.defineProperty(model, 'stacks', { enumerable: true, get: () => (built ??= build()).stacks });
  return model;
}

/** Whether two models (plain JSON data) are equal, as their JSON texts would be: without writing either. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    // The same keys in the same order: JSON texts that differ in key order differ.
    if (ka[i] !== kb[i] || !sameData((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
  }
  return true;
}

/** Writes the stacks of `apps` as one model.json (`app` has just built `model`). */
function writeModelFile(outdir: string, apps: readonly App[], app: App, model: AppModel): void {
  const stacks = uniqueStacks(apps.flatMap((a) => (a === app ? model.stacks : buildModel(a).stacks)));
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, MODEL_FILE), JSON.stringify({ version: MODEL_VERSION, stacks } satisfies AppModel, null, 2) + '\n');
}

/** The context the CLI passes in `CDK_CONTEXT_JSON`. */
function contextFromEnv(): Record<string, unknown> {
  const text = process.env[CONTEXT_ENV];
  if (!text) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LambdaformError(undefined, `${CONTEXT_ENV} must be a JSON object of context values: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new LambdaformError(undefined, `${CONTEXT_ENV} must be a JSON object of context values, got ${text.slice(0, 100)}`);
  return data as Record<string, unknown>;
}

/** The date `LAMBDAFORM_NOW` names (an ISO date or UTC time), or today. */
export function parseNow(value: string | undefined): Date {
  if (!value) return new Date();
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.exec(value);
  const d = m ? new Date(m[2] ? value : `${value}T00:00:00Z`) : undefined;
  // A real calendar date: 2026-02-31 would roll over to March.
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m![1]) {
    throw new LambdaformError(undefined, `${NOW_ENV} must be an ISO date such as 2026-11-22 (or a UTC time such as 2026-11-22T09:30:00Z), got '${value}'`);
  }
  return d;
}
