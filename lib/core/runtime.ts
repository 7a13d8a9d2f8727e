import LIFECYCLE_TABLE from '../data/lambda-runtime-lifecycle.json' with { type: 'json' };
import { LambdaformError } from './errors.js';

/** One entry of the runtime lifecycle table (lib/data/lambda-runtime-lifecycle.json). */
export interface RuntimeLifecycle {
  /** From this date AWS no longer patches the runtime (ISO date), null when not announced. */
  readonly deprecated: string | null;
  /** From this date new functions with this runtime are refused. */
  readonly 'create-block': string | null;
  /** From this date existing functions can no longer be updated. */
  readonly 'update-block': string | null;
  /** The runtime to move to. */
  readonly successor: string | null;
}

const LIFECYCLE: Record<string, RuntimeLifecycle> = LIFECYCLE_TABLE as Record<string, RuntimeLifecycle>;

/** Runtime families, used to decide how a handler runs locally and which layers fit. */
export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'provided' | 'go';

/**
 * A Lambda runtime identifier (`nodejs22.x`). Any identifier in the lifecycle table is accepted
 * here; whether it may still be used on a given date is checked by `Function` at construction.
 */
export class Runtime {
  // Every runtime in the lifecycle table, under aws-cdk-lib's names (java8.al2 is JAVA_8_CORRETTO,
  // dotnetcore2.1 DOTNET_CORE_2_1). Deprecated ones synthesize with a warning; ones AWS no longer
  // lets functions be created with are refused by Function.
  public static readonly DOTNET_6 = new Runtime('dotnet6');
  public static readonly DOTNET_8 = new Runtime('dotnet8');
  public static readonly DOTNET_9 = new Runtime('dotnet9');
  public static readonly DOTNET_10 = new Runtime('dotnet10');
  public static readonly DOTNET_CORE_1 = new Runtime('dotnetcore1.0');
  public static readonly DOTNET_CORE_2 = new Runtime('dotnetcore2.0');
  public static readonly DOTNET_CORE_2_1 = new Runtime('dotnetcore2.1');
  public static readonly DOTNET_CORE_3_1 = new Runtime('dotnetcore3.1');
  public static readonly GO_1_X = new Runtime('go1.x');
  public static readonly JAVA_8 = new Runtime('java8');
  public static readonly JAVA_8_CORRETTO = new Runtime('java8.al2');
  public static readonly JAVA_11 = new Runtime('java11');
  public static readonly JAVA_17 = new Runtime('java17');
  public static readonly JAVA_21 = new Runtime('java21');
  public static readonly JAVA_25 = new Runtime('java25');
  public static readonly NODEJS = new Runtime('nodejs');
  public static readonly NODEJS_4_3 = new Runtime('nodejs4.3');
  public static readonly NODEJS_4_3_EDGE = new Runtime('nodejs4.3-edge');
  public static readonly NODEJS_6_10 = new Runtime('nodejs6.10');
  public static readonly NODEJS_8_10 = new Runtime('nodejs8.10');
  public static readonly NODEJS_10_X = new Runtime('nodejs10.x');
  public static readonly NODEJS_12_X = new Runtime('nodejs12.x');
  public static readonly NODEJS_14_X = new Runtime('nodejs14.x');
  public static readonly NODEJS_16_X = new Runtime('nodejs16.x');
  public static readonly NODEJS_18_X = new Runtime('nodejs18.x');
  public static readonly NODEJS_20_X = new Runtime('nodejs20.x');
  public static readonly NODEJS_22_X = new Runtime('nodejs22.x');
  public static readonly NODEJS_24_X = new Runtime('nodejs24.x');
  public static readonly PROVIDED = new Runtime('provided');
  public static readonly PROVIDED_AL2 = new Runtime('provided.al2');
  public static readonly PROVIDED_AL2023 = new Runtime('provided.al2023');
  public static readonly PYTHON_2_7 = new Runtime('python2.7');
  public static readonly PYTHON_3_6 = new Runtime('python3.6');
  public static readonly PYTHON_3_7 = new Runtime('python3.7');
  public static readonly PYTHON_3_8 = new Runtime('python3.8');
  public static readonly PYTHON_3_9 = new Runtime('python3.9');
  public static readonly PYTHON_3_10 = new Runtime('python3.10');
  public static readonly PYTHON_3_11 = new Runtime('python3.11');
  public static readonly PYTHON_3_12 = new Runtime('python3.12');
  public static readonly PYTHON_3_13 = new Runtime('python3.13');
  public static readonly PYTHON_3_14 = new Runtime('python3.14');
  public static readonly RUBY_2_5 = new Runtime('ruby2.5');
  public static readonly RUBY_2_7 = new Runtime('ruby2.7');
  public static readonly RUBY_3_2 = new Runtime('ruby3.2');
  public static readonly RUBY_3_3 = new Runtime('ruby3.3');
  public static readonly RUBY_3_4 = new Runtime('ruby3.4');
  public static readonly RUBY_4_0 = new Runtime('ruby4.0');
  /** The newest Node.js runtime Lambda has (as aws-cdk-lib's NODEJS_LATEST, but a fixed identifier in the template). */
  public static readonly NODEJS_LATEST = Runtime.newestNodejs();

  /** The newest Node.js runtime in the lifecycle table. */
  private static newestNodejs(): Runtime {
    const newest = Object.keys(LIFECYCLE)
      .map((name) => ({ name, major: Number(/^nodejs(\d+)\.x$/.exec(name)?.[1] ?? NaN) }))
      .filter((r) => Number.isInteger(r.major))
      .sort((a, b) => b.major - a.major)[0]!;
    return new Runtime(newest.name);
  }

  /** A runtime by its identifier; throws for an identifier Lambda never had. */
  public static of(name: string): Runtime {
    return new Runtime(name);
  }

  /** Every runtime identifier in the lifecycle table, sorted. */
  public static knownNames(): string[] {
    return Object.keys(LIFECYCLE).sort();
  }

  /** The identifier, as CloudFormation takes it. */
  public readonly name: string;
  /** The runtime family (`nodejs`, `python`, ...). */
  public readonly family: RuntimeFamily;

  private constructor(name: string) {
    if (!(name in LIFECYCLE)) {
      throw new LambdaformError(undefined, `unknown Lambda runtime '${name}'; known runtimes: ${Runtime.knownNames().join(', ')}`);
    }
    this.name = name;
    this.family = familyOf(name);
  }

  /** The lifecycle dates of this runtime. */
  public get lifecycle(): RuntimeLifecycle {
    return LIFECYCLE[this.name]!;
  }

  /** True when the runtime is deprecated on `date` (no more patches; still deployable). */
  public isDeprecatedOn(date: Date): boolean {
    return isPast(this.lifecycle.deprecated, date);
  }

  /** True when AWS refuses new functions with this runtime on `date`. */
  public isCreateBlockedOn(date: Date): boolean {
    return isPast(this.lifecycle['create-block'], date);
  }

  public toString(): string {
    return this.name;
  }
}

/** Whether `date` is on or after the UTC day `isoDate` (YYYY-MM-DD, as the table writes its dates). */
function isPast(isoDate: string | null, date: Date): boolean {
  if (isoDate === null) return false;
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new LambdaformError(undefined, `a runtime's lifecycle is read on a date: expected a valid Date, got ${String(date)}`, 'wrong-type');
  // A date-only ISO string is parsed as the start of that day in UTC.
  return t >= Date.parse(isoDate);
}

function familyOf(name: string): RuntimeFamily {
  for (const f of ['nodejs', 'python', 'java', 'dotnet', 'ruby', 'provided', 'go'] as const) {
    if (name.startsWith(f)) return f;
  }
  return 'provided';
}
