/**
 * The size of a function's environment against Lambda's 4 KB limit (keys + values, in bytes).
 * A value that is known only at deploy time (a queue URL, an ARN) is counted at its longest, so a
 * template that passes here cannot fail at deploy for its environment's size.
 */
import type { ModelValue, NodeKind, PseudoValue, RefValue } from './types.js';
import { isExpr, isJoin, isPseudo, isRef } from './values.js';

/** The longest a pseudo parameter resolves to, in bytes. */
const PSEUDO_MAX: Readonly<Record<PseudoValue['$pseudo'], number>> = {
  'AWS::Region': 20, // us-isob-east-1 (14); room for longer region names
  'AWS::AccountId': 12,
  'AWS::Partition': 10, // aws-us-gov, aws-iso-b
  'AWS::URLSuffix': 16, // amazonaws.com.cn
  'AWS::StackName': 128,
};

/** An ARN's prefix at its longest: `arn:aws-iso-b:service:us-isob-east-1:123456789012:`. */
const ARN_PREFIX = 'arn:'.length + PSEUDO_MAX['AWS::Partition'] + 1 + 20 + 1 + PSEUDO_MAX['AWS::Region'] + 1 + 12 + 1;

/**
 * The longest each attribute of each node kind resolves to, in bytes, from the name limits of each
 * service (a queue name is at most 80 characters, a table name 255, ...). Anything not listed
 * (raw resources) counts as the longest ARN IAM accepts, 2,048.
 */
const ATTRIBUTE_MAX: Partial<Record<NodeKind, Readonly<Record<string, number>>>> = {
  function: { Arn: ARN_PREFIX + 'function:'.length + 64, Name: 64 },
  version: { Arn: ARN_PREFIX + 'function:'.length + 64 + 11, Version: 10 },
  alias: { Arn: ARN_PREFIX + 'function:'.length + 64 + 129 },
  layer: { Arn: ARN_PREFIX + 'layer:'.length + 140 + 11 },
  queue: { Arn: ARN_PREFIX + 80, Name: 80, Url: 'https://sqs.'.length + PSEUDO_MAX['AWS::Region'] + '.amazonaws.com.cn/'.length + 12 + 1 + 80 },
  topic: { Arn: ARN_PREFIX + 256, Name: 256 },
  bucket: { Arn: ARN_PREFIX + 63, Name: 63, DomainName: 63 + '.s3.amazonaws.com.cn'.length },
  table: { Arn: ARN_PREFIX + 'table/'.length + 255, Name: 255, StreamArn: ARN_PREFIX + 'table/'.length + 255 + '/stream/2026-01-01T00:00:00.000'.length },
  stream: { Arn: ARN_PREFIX + 'stream/'.length + 128, Name: 128 },
  api: { Id: 10, Endpoint: 'https://'.length + 10 + '.execute-api.'.length + PSEUDO_MAX['AWS::Region'] + '.amazonaws.com.cn'.length },
  schedule: { Arn: ARN_PREFIX + 'rule/'.length + 64, Name: 64 },
  role: { Arn: ARN_PREFIX + 'role/'.length + 512 + 64, Name: 64 },
};

/** The longest ARN IAM accepts: what an unknown attribute counts as. */
export const UNKNOWN_ATTRIBUTE_MAX = 2048;

/** The longest a symbolic value resolves to, in bytes; `kindOf` names the node kind of a `$ref`. */
export function maxResolvedLength(v: RefValue | PseudoValue, kindOf: (id: string) => NodeKind | undefined): number {
  if (isPseudo(v)) return PSEUDO_MAX[v.$pseudo] ?? UNKNOWN_ATTRIBUTE_MAX;
  const kind = kindOf(v.$ref);
  return (kind && ATTRIBUTE_MAX[kind]?.[v.attr]) ?? UNKNOWN_ATTRIBUTE_MAX;
}

/** The size of an environment, its deploy-time values counted at their longest. */
export interface EnvironmentSize {
  /** Keys and literal parts, plus deploy-time values whose longest form is known (names, ARNs, URLs of modelled resources). */
  readonly bytes: number;
  /** How many deploy-time values `bytes` counts at their longest. */
  readonly tokens: number;
  /** Deploy-time values whose longest form is unknown (attributes of raw resources): not in `bytes`. */
  readonly unknown: number;
}

/** Adds a value's size to `size` (one accumulator for a whole environment: this runs for every function at synthesis and lint). */
function addValueSize(v: ModelValue, kindOf: (id: string) => NodeKind | undefined, size: { bytes: number; tokens: number; unknown: number }): void {
  if (typeof v === 'string') {
    size.bytes += Buffer.byteLength(v, 'utf8');
  } else if (isRef(v) || isPseudo(v)) {
    const max = maxResolvedLength(v, kindOf);
    if (max === UNKNOWN_ATTRIBUTE_MAX) size.unknown += 1;
    else {
      size.bytes += max;
      size.tokens += 1;
    }
  } else if (isJoin(v)) {
    for (const p of v.$join) addValueSize(p, kindOf, size);
  } else if (!isExpr(v)) {
    // (An imported template's value known only at deploy, `$expr` — a parameter without a value, an
    // import — is not counted, as the readers of the model do not guess unknown values.)
    size.bytes += Buffer.byteLength(JSON.stringify(v), 'utf8');
  }
}

/** An environment's size in bytes (keys + values), deploy-time values counted at their longest where that is known. */
export function environmentBytes(env: Readonly<Record<string, ModelValue>>, kindOf: (id: string) => NodeKind | undefined): EnvironmentSize {
  const size = { bytes: 0, tokens: 0, unknown: 0 };
  for (const k in env) {
    if (!Object.hasOwn(env, k)) continue;
    size.bytes += Buffer.byteLength(k, 'utf8');
    addValueSize(env[k]!, kindOf, size);
  }
  return size;
}

/** The bytes of an environment's keys and the literal parts of its values (a lower bound, before references are known). */
export function literalEnvironmentBytes(env: Readonly<Record<string, string>>, literals: (value: string) => readonly string[]): number {
  let total = 0;
  for (const [k, v] of Object.entries(env)) total += Buffer.byteLength(k, 'utf8') + literals(v).reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
  return total;
}
