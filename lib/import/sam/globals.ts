/**
 * The `Globals` section of a SAM template, applied to a resource's properties the way the SAM
 * translator applies it (aws-sam-translator 1.110, `samtranslator/plugins/globals/globals.py`,
 * `GlobalProperties._do_merge`), which is the rule the SAM developer guide documents
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html,
 * "Overridable properties"):
 *
 * - "Primitive data types are replaced": a value the resource sets replaces the global one. An
 *   intrinsic function (`{ Ref }`, `{ Fn::* }`) counts as a primitive (it resolves to one), and so
 *   does a value whose type differs between the two (a list globally, a map locally): the
 *   resource's wins.
 * - "Maps are merged": map entries in the resource are merged with the global map entries, key by
 *   key and recursively; on a duplicate key the resource's entry wins (`Environment.Variables`,
 *   `Tags`, `VpcConfig`, `DeploymentPreference`...).
 * - "Lists are additive": "Entries in the Globals section are prepended to the list in the Resource
 *   section" (`Layers`, `VpcConfig.SecurityGroupIds`, even `Architectures`), without removing
 *   duplicates.
 * - A property the resource does not set is taken from Globals as is.
 *
 * `IgnoreGlobals` on a resource (`'*'` or a list of property names) leaves those globals out, as
 * the translator does (`Globals.get_template_globals`).
 */
import type { TemplateResourceData } from '../context.js';

/** The Globals section each SAM resource type reads. */
export const GLOBALS_SECTION: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
};

type Value = unknown;

/** True for an intrinsic function: a map with one key, `Ref` or `Fn::*` (or `Condition`), as SAM's `is_intrinsics`. */
export function isIntrinsic(v: Value): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

function token(v: Value): 'primitive' | 'dict' | 'list' {
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object' && v !== null) return isIntrinsic(v) ? 'primitive' : 'dict';
  return 'primitive';
}

/** Merges a global value with the resource's value (see the file comment). */
export function mergeGlobal(global: Value, local: Value): Value {
  const g = token(global);
  const l = token(local);
  if (g !== l || g === 'primitive') return local;
  if (g === 'list') return [...(global as Value[]), ...(local as Value[])];
  const out: Record<string, Value> = { ...(global as Record<string, Value>) };
  for (const [k, v] of Object.entries(local as Record<string, Value>)) out[k] = Object.hasOwn(out, k) ? mergeGlobal(out[k], v) : v;
  return out;
}

/** The Globals section for a resource type, or undefined. */
export function globalsFor(template: Record<string, unknown>, type: string): Record<string, Value> | undefined {
  const section = GLOBALS_SECTION[type];
  const globals = template.Globals;
  if (section === undefined || typeof globals !== 'object' || globals === null || Array.isArray(globals)) return undefined;
  const g = (globals as Record<string, unknown>)[section];
  return typeof g === 'object' && g !== null && !Array.isArray(g) ? (g as Record<string, Value>) : undefined;
}

/** A resource's properties with the template's Globals for its type merged in (the resource's own win). */
export function withGlobals(template: Record<string, unknown>, resource: TemplateResourceData): Record<string, Value> {
  const own = (resource.Properties ?? {}) as Record<string, Value>;
  const globals = globalsFor(template, resource.Type);
  if (!globals) return own;
  const ignore = resource.IgnoreGlobals;
  if (ignore === '*') return own;
  const kept = Array.isArray(ignore) ? Object.fromEntries(Object.entries(globals).filter(([k]) => !ignore.includes(k))) : globals;
  return mergeGlobal(kept, own) as Record<string, Value>;
}

/** The properties Globals gives an implicit API (`ServerlessHttpApi`, `ServerlessRestApi`), which has none of its own. */
export function implicitApiProperties(template: Record<string, unknown>, type: 'AWS::Serverless::HttpApi' | 'AWS::Serverless::Api'): Record<string, Value> {
  return { ...(globalsFor(template, type) ?? {}) };
}
