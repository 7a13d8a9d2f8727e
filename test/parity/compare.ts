/**
 * Compares a lambdaform template with the template aws-cdk-lib synthesized from the same app: both
 * are normalized (what differences.ts accepts is removed or brought to one form), resources are
 * paired (by logical id, then by the documented id differences), and what still differs is listed:
 * resource types and counts, each paired resource's properties and removal policies, and the
 * entries of the other sections (Parameters, Conditions, Rules, Outputs), whole, but for the ones
 * only one side writes as its own machinery (differences.ts ONE_SIDED_ENTRIES: CDK's
 * BootstrapVersion parameter and CheckBootstrapVersion rule, lambdaform's AssetsBucket parameter).
 */
import type { Template, TemplateResource } from '../../lib/synth/template.js';
import { ACCEPTED_PROPERTIES, CDK_ONLY_TYPES, DEFAULT_REMOVAL_POLICY, LAMBDAFORM_ONLY_TYPES, ONE_SIDED_ENTRIES } from './differences.js';

type Json = unknown;

/** What is compared of one resource. */
export interface Comparable {
  readonly Type: string;
  readonly Properties: Record<string, Json>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** The template sections compared entry by entry, besides Resources. */
export const SECTIONS = ['Parameters', 'Conditions', 'Rules', 'Outputs'] as const;
export type Section = (typeof SECTIONS)[number];

/** A template reduced to what the suite compares. */
export interface Normalized {
  readonly resources: Record<string, Comparable>;
  /** Each section's entries by id (whole: an output's Value, Description, Export and Condition), without ONE_SIDED_ENTRIES. */
  readonly sections: Record<Section, Record<string, Json>>;
}

/** One difference between the two templates. */
export interface Difference {
  /** The CDK logical id (or lambdaform's, for a resource CDK does not have). */
  readonly resource: string;
  /** `Type`, `Properties.<path>`, `DeletionPolicy`, `missing`/`extra`, or the section of an entry (`Parameters`, `Conditions`, `Rules`, `Outputs`; `resource` is then the entry's id). */
  readonly at: string;
  readonly cdk?: Json;
  readonly lambdaform?: Json;
}

/**
 * `{"Fn::Join": ["", [...]]}` and `{"Fn::Sub": "..."}` are two ways to write one string: both
 * become `{"Fn::Sub": "..."}` (Ref → `${X}`, GetAtt → `${X.Attr}`); a string without a reference
 * stays a string. Anything else is left as it is.
 */
function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, Json>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [sep, parts] = o['Fn::Join'] as [string, Json[]];
    if (sep === '' && Array.isArray(parts)) {
      let text = '';
      for (const p of parts.map(canonical)) {
        if (typeof p === 'string') text += p.replace(/\$\{/g, '${!');
        else if (isRef(p)) text += `\${${p.Ref}}`;
        else if (isGetAtt(p)) text += `\${${p['Fn::GetAtt'][0]}.${p['Fn::GetAtt'][1]}}`;
        else if (isSub(p)) text += p['Fn::Sub'];
        else return { 'Fn::Join': [sep, parts.map(canonical)] };
      }
      return text.includes('${') && !/^\$\{!/.test(text) ? { 'Fn::Sub': text } : text;
    }
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof o['Fn::Sub'] === 'string') {
    const text = o['Fn::Sub'];
    return /\$\{[^!]/.test(text) ? { 'Fn::Sub': text } : text.replace(/\$\{!/g, '${');
  }
  // {"Fn::GetAtt": "X.Arn"} is {"Fn::GetAtt": ["X", "Arn"]}.
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt' && typeof o['Fn::GetAtt'] === 'string') {
    const s = o['Fn::GetAtt'];
    const dot = s.indexOf('.');
    return { 'Fn::GetAtt': [s.slice(0, dot), s.slice(dot + 1)] };
  }
  return Object.fromEntries(keys.map((k) => [k, canonical(o[k])]));
}
const isRef = (p: Json): p is { Ref: string } => typeof p === 'object' && p !== null && Object.keys(p).length === 1 && typeof (p as { Ref?: unknown }).Ref === 'string';
const isGetAtt = (p: Json): p is { 'Fn::GetAtt': [string, string] } => typeof p === 'object' && p !== null && Object.keys(p).length === 1 && Array.isArray((p as Record<string, unknown>)['Fn::GetAtt']);
const isSub = (p: Json): p is { 'Fn::Sub': string } => typeof p === 'object' && p !== null && Object.keys(p).length === 1 && typeof (p as Record<string, unknown>)['Fn::Sub'] === 'string';

/** Renames logical ids in references (Ref, GetAtt, `${X}` in Sub). */
function renameRefs(v: Json, ids: ReadonlyMap<string, string>): Json {
  if (Array.isArray(v)) return v.map((x) => renameRefs(x, ids));
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, Json>;
  if (isRef(o)) return { Ref: ids.get(o.Ref) ?? o.Ref };
  if (isGetAtt(o)) return { 'Fn::GetAtt': [ids.get(o['Fn::GetAtt'][0]) ?? o['Fn::GetAtt'][0], o['Fn::GetAtt'][1]] };
  if (isSub(o)) return { 'Fn::Sub': o['Fn::Sub'].replace(/\$\{([A-Za-z0-9]+)((?:\.[A-Za-z0-9.]+)?)\}/g, (_m, id: string, attr: string) => `\${${ids.get(id) ?? id}${attr}}`) };
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, renameRefs(x, ids)]));
}

/** An IAM policy document's statements in one order, each action list sorted. */
function statements(doc: Json): Json[] {
  const list = ((doc as { Statement?: Json[] } | undefined)?.Statement ?? []).map((s) => {
    const st = { ...(s as Record<string, Json>) };
    if (Array.isArray(st.Action)) st.Action = [...(st.Action as string[])].sort();
    if (typeof st.Action === 'string') st.Action = [st.Action];
    if (Array.isArray(st.Resource)) st.Resource = [...st.Resource].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    else if (st.Resource !== undefined) st.Resource = [st.Resource];
    return st;
  });
  return list.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * The template as the suite compares it. CDK's separate `AWS::IAM::Policy` resources (a role's
 * `DefaultPolicy`) and lambdaform's inline role `Policies` both become the role's
 * `Properties.Policies`: the statements it is granted, as one sorted list.
 */
export function normalize(template: Template, ids: ReadonlyMap<string, string> = new Map()): Normalized {
  const raw = renameRefs(canonical(template), ids) as Template;
  const resources: Record<string, Comparable> = {};
  const granted = new Map<string, Json[]>();
  for (const [rawId, r] of Object.entries(raw.Resources ?? {})) {
    const id = ids.get(rawId) ?? rawId;
    if (CDK_ONLY_TYPES.some((t) => t.type === r.Type && t.everywhere)) continue;
    if (r.Type === 'AWS::IAM::Policy') {
      const p = r.Properties as { Roles?: Array<{ Ref: string }>; PolicyDocument: Json };
      for (const role of p.Roles ?? []) granted.set(role.Ref, [...(granted.get(role.Ref) ?? []), ...statements(p.PolicyDocument)]);
      continue;
    }
    resources[id] = comparable(r);
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const inline = ((r.Properties.Policies as Array<{ PolicyDocument: Json }> | undefined) ?? []).flatMap((p) => statements(p.PolicyDocument));
    const all = [...inline, ...(granted.get(id) ?? [])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    const { Policies: _, ...rest } = r.Properties;
    resources[id] = { ...r, Properties: all.length ? { ...rest, Policies: all } : rest };
  }
  const sections = Object.fromEntries(
    SECTIONS.map((section) => {
      const own = ONE_SIDED_ENTRIES[section] ?? {};
      const entries = ((raw as unknown as Record<string, unknown>)[section] ?? {}) as Record<string, Json>;
      return [section, Object.fromEntries(Object.entries(entries).filter(([id]) => !Object.hasOwn(own, id)))];
    }),
  ) as Record<Section, Record<string, Json>>;
  return { resources, sections };
}

function comparable(r: TemplateResource): Comparable {
  const props = { ...((r.Properties ?? {}) as Record<string, Json>) };
  for (const a of ACCEPTED_PROPERTIES) {
    if (a.type !== r.Type) continue;
    if (a.when === undefined || a.when(props[a.property])) delete props[a.property];
  }
  return {
    Type: r.Type,
    Properties: props,
    ...(r.DeletionPolicy !== undefined && r.DeletionPolicy !== DEFAULT_REMOVAL_POLICY ? { DeletionPolicy: r.DeletionPolicy as string } : {}),
    ...(r.UpdateReplacePolicy !== undefined && r.UpdateReplacePolicy !== DEFAULT_REMOVAL_POLICY ? { UpdateReplacePolicy: r.UpdateReplacePolicy as string } : {}),
  };
}

/** Resource types with their counts, without the types only one side writes on purpose. */
export function typeCounts(n: Normalized, side: 'cdk' | 'lambdaform'): Record<string, number> {
  const skip = new Set((side === 'cdk' ? CDK_ONLY_TYPES : LAMBDAFORM_ONLY_TYPES).map((t) => t.type));
  const out: Record<string, number> = {};
  for (const r of Object.values(n.resources)) if (!skip.has(r.Type)) out[r.Type] = (out[r.Type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every difference between the paired resources' properties and policies, and between the entries of the other sections. */
export function differences(cdk: Normalized, lf: Normalized): Difference[] {
  const out: Difference[] = [];
  const skipCdk = new Set(CDK_ONLY_TYPES.map((t) => t.type));
  const skipLf = new Set(LAMBDAFORM_ONLY_TYPES.map((t) => t.type));
  for (const [id, c] of Object.entries(cdk.resources)) {
    if (skipCdk.has(c.Type)) continue;
    const l = lf.resources[id];
    if (!l) {
      out.push({ resource: id, at: 'missing', cdk: c.Type });
      continue;
    }
    if (l.Type !== c.Type) out.push({ resource: id, at: 'Type', cdk: c.Type, lambdaform: l.Type });
    for (const k of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) if (c[k] !== l[k]) out.push({ resource: id, at: k, cdk: c[k], lambdaform: l[k] });
    for (const key of [...new Set([...Object.keys(c.Properties), ...Object.keys(l.Properties)])].sort()) {
      const a = c.Properties[key];
      const b = l.Properties[key];
      if (JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b))) out.push({ resource: id, at: `Properties.${key}`, cdk: a, lambdaform: b });
    }
  }
  for (const [id, l] of Object.entries(lf.resources)) {
    if (!cdk.resources[id] && !skipLf.has(l.Type)) out.push({ resource: id, at: 'extra', lambdaform: l.Type });
  }
  for (const section of SECTIONS) {
    const a = cdk.sections[section];
    const b = lf.sections[section];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (JSON.stringify(sorted(a[key])) !== JSON.stringify(sorted(b[key]))) out.push({ resource: key, at: section, cdk: a[key], lambdaform: b[key] });
    }
  }
  return out;
}

/** Object keys in one order (arrays keep theirs). */
function sorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, Json>)[k])]));
}
