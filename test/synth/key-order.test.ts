// The documented key order of rendered templates (lib/synth/resource-set.ts):
// - a resource's keys: `Type`, `Properties`, then `DependsOn`, `DeletionPolicy`,
//   `UpdateReplacePolicy`, `UpdatePolicy`, `Condition`, then `Metadata`;
// - property keys sorted at every nesting level, `Type` first (`sortKeys`), arrays in their order;
// - the template's sections: AWSTemplateFormatVersion, Transform, Description, Parameters,
//   Globals, Resources, Outputs.
// Checked on the template data (Object.keys) and on the YAML text (the order of its lines), in
// both formats.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CfnOutput,
  Code,
  DeploymentPreference,
  LayerVersion,
  Queue,
  SqsEventSource,
  Stack,
  App,
  type Function,
} from '../../lib/all.js';
import { clean, ResourceSet, sortKeys } from '../../lib/synth/resource-set.js';
import { references } from '../../lib/synth/cycles.js';
import { RenderContext } from '../../lib/synth/render-context.js';
import { toJson, toYaml, type Template as TemplateJson } from '../../lib/synth/template.js';
import { stackModel, Template, type AssertFormat } from '../../lib/testing/index.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';

const FORMATS: readonly AssertFormat[] = ['cfn', 'sam'];
const CFN_FUNCTION_KEYS = ['Architectures', 'Code', 'Environment', 'Handler', 'Layers', 'MemorySize', 'Role', 'Runtime', 'Tags', 'Timeout', 'VpcConfig'];
/** In SAM, Runtime, Timeout, MemorySize and Architectures (shared with the other function) are in Globals. */
const SAM_FUNCTION_KEYS = ['Environment', 'Events', 'Handler', 'InlineCode', 'Layers', 'Role', 'Tags', 'VpcConfig'];

/** The order sortKeys documents: `Type` first, then by UTF-16 code units (locale-independent). */
const documentedOrder = (a: string, b: string): number => (a === 'Type' ? -1 : b === 'Type' ? 1 : a < b ? -1 : a > b ? 1 : 0);

/** Every object below `v` whose keys are not in the documented order, as `path: keys`. */
function unsorted(v: unknown, at: string): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => unsorted(x, `${at}[${i}]`));
  if (typeof v !== 'object' || v === null) return [];
  const keys = Object.keys(v);
  const own = keys.join() === [...keys].sort(documentedOrder).join() ? [] : [`${at}: ${keys.join(', ')}`];
  return [...own, ...keys.flatMap((k) => unsorted((v as Record<string, unknown>)[k], `${at}.${k}`))];
}

/**
 * An app with the shapes the sorting must handle: a function with environment variables,
 * layers, VPC and tags given out of order, a queue with a redrive policy, a role with policies,
 * an SQS mapping with FilterCriteria, a version and an alias with a gradual deployment.
 */
function app(): { stack: Stack; fn: Function } {
  const stack = newStack();
  const zLayer = new LayerVersion(stack, 'ZLayer', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'z.zip') });
  const aLayer = new LayerVersion(stack, 'ALayer', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'a.zip') });
  const dlq = new Queue(stack, 'Dlq');
  const queue = new Queue(stack, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
  const fn = newFunction(stack, 'Fn', {
    environment: { ZED: '1', alpha: '2', Beta: '3' },
    layers: [zLayer, aLayer],
    vpc: { subnetIds: ['subnet-b', 'subnet-a'], securityGroupIds: ['sg-1'] },
    tags: { zone: 'b', app: 'a' },
  });
  fn.addEventSource(new SqsEventSource(queue, { filters: [{ body: { zeta: [1], alpha: [2] } }, { attributes: { b: [1] } }] }));
  queue.grantSendMessages(fn);
  fn.addToRolePolicy({ actions: ['ssm:GetParameter'], resources: ['*'], conditions: { StringEquals: { 'aws:ResourceTag/team': 'core' } } });
  fn.addDependency(dlq);
  const deployed = newFunction(stack, 'Deployed');
  deployed.deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce() });
  return { stack, fn };
}

describe.each(FORMATS)('property keys (%s)', (format) => {
  it('are sorted at every nesting level of every resource', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const t = Template.fromStack(stack, format).template;

    // THEN
    expect(Object.entries(t.Resources).flatMap(([id, r]) => unsorted(r.Properties, `${id}.Properties`))).toEqual([]);
  });

  it('of a function: sorted at the top, in Environment.Variables and in VpcConfig', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const p = Template.fromStack(stack, format).template.Resources.Fn!.Properties!;

    // THEN
    expect(Object.keys(p)).toEqual(format === 'cfn' ? CFN_FUNCTION_KEYS : SAM_FUNCTION_KEYS);
    // Code-unit order: upper case before lower case, whatever the locale.
    expect(Object.keys((p.Environment as { Variables: object }).Variables)).toEqual(['Beta', 'ZED', 'alpha']);
    expect(Object.keys(p.VpcConfig as object)).toEqual(['SecurityGroupIds', 'SubnetIds']);
  });

  it('keep the order of arrays: layers and subnets as given', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const t = Template.fromStack(stack, format).template;
    const p = t.Resources.Fn!.Properties!;

    // THEN
    expect(p.Layers).toEqual([{ Ref: 'ZLayer' }, { Ref: 'ALayer' }]);
    expect((p.VpcConfig as { SubnetIds: string[] }).SubnetIds).toEqual(['subnet-b', 'subnet-a']);
  });

  it('of a queue with a redrive policy: sorted, the redrive keys too', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const p = Template.fromStack(stack, format).template.Resources.Q!.Properties!;

    // THEN
    expect(Object.keys(p)).toEqual(['RedrivePolicy', 'SqsManagedSseEnabled']);
    expect(Object.keys(p.RedrivePolicy as object)).toEqual(['deadLetterTargetArn', 'maxReceiveCount']);
  });

  it('of a role with policies: sorted in the documents and statements, statements in their order', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const p = Template.fromStack(stack, format).template.Resources.FnServiceRole!.Properties! as {
      AssumeRolePolicyDocument: { Statement: object[] };
      Policies: Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }>;
    };

    // THEN
    expect(Object.keys(p)).toEqual(['AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Policies', 'Tags']);
    expect(Object.keys(p.AssumeRolePolicyDocument)).toEqual(['Statement', 'Version']);
    expect(Object.keys(p.AssumeRolePolicyDocument.Statement[0]!)).toEqual(['Action', 'Effect', 'Principal']);
    expect(Object.keys(p.Policies[0]!)).toEqual(['PolicyDocument', 'PolicyName']);
    expect(Object.keys(p.Policies[0]!.PolicyDocument)).toEqual(['Statement', 'Version']);
    const statements = p.Policies[0]!.PolicyDocument.Statement;
    // (the mapping's poll grant and grantSendMessages are on the same queue: one statement)
    expect(statements.map((s) => Object.keys(s))).toEqual([
      ['Action', 'Effect', 'Resource'],
      ['Action', 'Condition', 'Effect', 'Resource'],
    ]);
    expect(statements.map((s) => s.Action)).toEqual([['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'], 'ssm:GetParameter']);
  });

  it('of tags: the list sorted by key, each tag Key before Value', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const tags = Template.fromStack(stack, format).template.Resources.FnServiceRole!.Properties!.Tags as Array<Record<string, string>>;

    // THEN
    expect(tags).toEqual([
      { Key: 'app', Value: 'a' },
      { Key: 'zone', Value: 'b' },
    ]);
    expect(tags.map((t) => Object.keys(t))).toEqual([
      ['Key', 'Value'],
      ['Key', 'Value'],
    ]);
  });
});

describe('property keys of the SQS mapping', () => {
  it('cfn: the mapping properties and FilterCriteria are sorted, the filters in their order, each pattern as written', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const p = Template.fromStack(stack, 'cfn').template.Resources.FnSqsEventSourceQ!.Properties! as { FilterCriteria: { Filters: Array<{ Pattern: string }> } };

    // THEN
    expect(Object.keys(p)).toEqual(['Enabled', 'EventSourceArn', 'FilterCriteria', 'FunctionName']);
    expect(Object.keys(p.FilterCriteria)).toEqual(['Filters']);
    // A pattern is a JSON string: the user's data, in the user's order.
    expect(p.FilterCriteria.Filters.map((f) => f.Pattern)).toEqual(['{"body":{"zeta":[1],"alpha":[2]}}', '{"attributes":{"b":[1]}}']);
  });

  it('sam: the event has Type first, then Properties, and its properties are sorted', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const events = Template.fromStack(stack, 'sam').template.Resources.Fn!.Properties!.Events as Record<string, { Properties: { FilterCriteria: { Filters: Array<{ Pattern: string }> } } }>;

    // THEN
    expect(Object.keys(events)).toEqual(['SqsEventSourceQ']);
    expect(Object.keys(events.SqsEventSourceQ!)).toEqual(['Type', 'Properties']);
    expect(Object.keys(events.SqsEventSourceQ!.Properties)).toEqual(['Enabled', 'FilterCriteria', 'Queue']);
    expect(events.SqsEventSourceQ!.Properties.FilterCriteria.Filters.map((f) => f.Pattern)).toEqual(['{"body":{"zeta":[1],"alpha":[2]}}', '{"attributes":{"b":[1]}}']);
  });

  it('sam: DeploymentPreference has its Type first', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const p = Template.fromStack(stack, 'sam').template.Resources.Deployed!.Properties!;

    // THEN
    expect(Object.keys(p.DeploymentPreference as object)[0]).toBe('Type');
    expect(Object.keys(p)).toEqual([...Object.keys(p)].sort(documentedOrder));
  });
});

describe.each(FORMATS)('resource keys (%s)', (format) => {
  it('are Type, Properties, the attributes (DependsOn, DeletionPolicy, ...), then Metadata', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const r = Template.fromStack(stack, format).template.Resources;

    // THEN
    expect(Object.keys(r.Fn!)).toEqual(['Type', 'Properties', 'DependsOn', 'Metadata']);
    expect(Object.keys(r.Q!)).toEqual(['Type', 'Properties', 'Metadata']);
    expect(Object.keys(r.FnServiceRole!)).toEqual(['Type', 'Properties', 'Metadata']);
    const order = ['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'Condition', 'Metadata'];
    for (const [id, resource] of Object.entries(r)) {
      const keys = Object.keys(resource);
      expect(keys, id).toEqual(order.filter((k) => keys.includes(k)));
      expect(keys[0], id).toBe('Type');
      expect(keys[keys.length - 1], id).toBe('Metadata');
    }
  });
});

describe('resource keys (cfn)', () => {
  it('of a version: DeletionPolicy and UpdateReplacePolicy after Properties; of an alias: UpdatePolicy', () => {
    // GIVEN
    const { stack } = app();

    // WHEN
    const r = Template.fromStack(stack, 'cfn').template.Resources;
    const version = Object.values(r).find((x) => x.Type === 'AWS::Lambda::Version')!;
    const alias = Object.values(r).find((x) => x.Type === 'AWS::Lambda::Alias')!;

    // THEN
    expect(Object.keys(version)).toEqual(['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']);
    expect(Object.keys(alias)).toEqual(['Type', 'Properties', 'UpdatePolicy', 'Metadata']);
  });

  it('ResourceSet writes them in that order whatever order the renderer gives them in', () => {
    // GIVEN
    const stack = newStack();
    new Queue(stack, 'Q');
    const set = new ResourceSet(new RenderContext(stackModel(stack)));

    // WHEN
    set.add('X', 'Test/X', {
      Metadata: { note: 'n' },
      Condition: 'IsProd',
      UpdatePolicy: { Z: 1, A: 2 },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      DependsOn: ['B', 'A'],
      Properties: { Zeta: { y: 1, x: [{ b: 1, a: 2 }] }, Type: 'first', Alpha: 1 },
      Type: 'AWS::SSM::Parameter',
    });

    // THEN
    const x = set.get('X')!;
    expect(Object.keys(x)).toEqual(['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'Condition', 'Metadata']);
    expect(Object.keys(x.Properties!)).toEqual(['Type', 'Alpha', 'Zeta']);
    expect(Object.keys(x.Properties!.Zeta as object)).toEqual(['x', 'y']);
    expect(Object.keys((x.Properties!.Zeta as { x: object[] }).x[0]!)).toEqual(['a', 'b']);
    expect(x.DependsOn).toEqual(['B', 'A']);
    expect(x.Metadata).toEqual({ note: 'n', 'lambdaform:path': 'Test/X' });
  });

  it.each([
    ['DependsOn', ['B']],
    ['DeletionPolicy', 'Retain'],
    ['UpdateReplacePolicy', 'Retain'],
    ['UpdatePolicy', { AutoScalingReplacingUpdate: { WillReplace: true } }],
    ['Condition', 'IsProd'],
  ])('ResourceSet writes %s alone between Properties and Metadata, and a resource without attributes as Type, Properties, Metadata', (attribute, value) => {
    const stack = newStack();
    new Queue(stack, 'Q');
    const set = new ResourceSet(new RenderContext(stackModel(stack)));
    set.add('X', 'Test/X', { Type: 'AWS::SSM::Parameter', Properties: { B: 1, A: 2 }, [attribute]: value, Metadata: { note: 'n' } });
    set.add('Y', 'Test/Y', { Type: 'AWS::SSM::Parameter', Properties: { B: 1, A: 2 } });
    set.add('Z', 'Test/Z', { Type: 'AWS::SSM::Parameter', Properties: { Gone: undefined } });
    expect(Object.keys(set.get('X')!)).toEqual(['Type', 'Properties', attribute, 'Metadata']);
    expect(set.get('X')!.Metadata).toEqual({ note: 'n', 'lambdaform:path': 'Test/X' });
    expect(JSON.stringify(set.get('Y'))).toBe('{"Type":"AWS::SSM::Parameter","Properties":{"A":2,"B":1},"Metadata":{"lambdaform:path":"Test/Y"}}');
    expect(JSON.stringify(set.get('Z'))).toBe('{"Type":"AWS::SSM::Parameter","Metadata":{"lambdaform:path":"Test/Z"}}');
  });

  it('escape-hatch overrides are sorted in with the other properties', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addPropertyOverride('Description', 'overridden');
    fn.addPropertyOverride('SnapStart.ApplyOn', 'PublishedVersions');
    fn.addPropertyOverride('AAA.Zed', 1);
    fn.addPropertyOverride('AAA.Beta', 2);

    // THEN
    const p = Template.fromStack(stack).template.Resources.Fn!.Properties!;
    expect(Object.keys(p)).toEqual(['AAA', 'Architectures', 'Code', 'Description', 'Handler', 'MemorySize', 'Role', 'Runtime', 'SnapStart', 'Timeout']);
    expect(Object.keys(p.AAA as object)).toEqual(['Beta', 'Zed']);
  });
});

describe('sortKeys', () => {
  it('sorts at every level, Type first, arrays in their order, values untouched', () => {
    const sorted = sortKeys({ b: [{ d: 1, c: 2 }, 'z', 'a'], Type: 'T', a: { Type: 'x', B: 1, A: { z: null, y: true } } });
    expect(JSON.stringify(sorted)).toBe('{"Type":"T","a":{"Type":"x","A":{"y":true,"z":null},"B":1},"b":[{"c":2,"d":1},"z","a"]}');
  });
});

/** The keys of the YAML mapping lines indented by `indent` spaces, from `start` to the end of its block. */
function yamlKeys(lines: readonly string[], start: number, indent: number): string[] {
  const out: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== '' && lead < indent) break;
    const m = new RegExp(`^ {${indent}}([^ \\-#][^:]*):( |$)`).exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

describe.each(FORMATS)('the YAML text (%s)', (format) => {
  it('lists resource keys and property keys in the same order as the data', () => {
    // GIVEN
    const { stack } = app();
    const t = Template.fromStack(stack, format).template;

    // WHEN
    const lines = toYaml(t).split('\n');

    // THEN
    for (const [id, r] of Object.entries(t.Resources)) {
      const at = lines.indexOf(`  ${id}:`);
      expect(at, id).toBeGreaterThan(0);
      expect(yamlKeys(lines, at, 4), id).toEqual(Object.keys(r));
      const props = at + 1 + lines.slice(at + 1).indexOf('    Properties:');
      if (r.Properties) expect(yamlKeys(lines, props, 6), id).toEqual(Object.keys(r.Properties));
    }
  });

  it('lists the function properties in alphabetical order', () => {
    // GIVEN
    const { stack } = app();
    const lines = toYaml(Template.fromStack(stack, format).template).split('\n');

    // WHEN
    const at = lines.indexOf('  Fn:');
    const props = at + 1 + lines.slice(at + 1).indexOf('    Properties:');

    // THEN
    expect(yamlKeys(lines, at, 4)).toEqual(['Type', 'Properties', 'DependsOn', 'Metadata']);
    const keys = yamlKeys(lines, props, 6);
    expect(keys).toEqual([...keys].sort(documentedOrder));
    expect(keys).toEqual(format === 'cfn' ? CFN_FUNCTION_KEYS : SAM_FUNCTION_KEYS);
  });

  it('is the same order as the JSON text', () => {
    // GIVEN
    const { stack } = app();
    const t = Template.fromStack(stack, format).template;

    // WHEN
    const yamlTop = toYaml(t).split('\n').filter((l) => /^[A-Za-z]/.test(l)).map((l) => l.split(':')[0]);
    const jsonTop = Object.keys(JSON.parse(toJson(t)) as object);

    // THEN
    expect(yamlTop).toEqual(jsonTop);
    expect(Object.keys((JSON.parse(toJson(t)) as TemplateJson).Resources)).toEqual(Object.keys(t.Resources));
  });
});

describe('template sections', () => {
  const SECTIONS = ['AWSTemplateFormatVersion', 'Transform', 'Description', 'Parameters', 'Globals', 'Resources', 'Outputs'];

  /** A stack with a description, an asset (the cfn Parameters), two functions sharing settings (SAM Globals) and an output. */
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  function fullStack(): Stack {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-key-order-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    const stack = new Stack(new App({ now: TODAY }), 'Test', { description: 'key order' });
    const a = newFunction(stack, 'A', { code: Code.fromAsset(dir), environment: { ZED: '1', ALPHA: '2' } });
    newFunction(stack, 'B', { environment: { ZED: '1', ALPHA: '2' } });
    new CfnOutput(stack, 'Arn', { value: a.functionArn });
    return stack;
  }

  it('cfn: AWSTemplateFormatVersion, Description, Parameters, Resources, Outputs', () => {
    // GIVEN
    const t = Template.fromStack(fullStack(), 'cfn').template;

    // THEN
    expect(Object.keys(t)).toEqual(['AWSTemplateFormatVersion', 'Description', 'Parameters', 'Resources', 'Outputs']);
    expect(toYaml(t).split('\n').filter((l) => /^[A-Za-z]/.test(l)).map((l) => l.split(':')[0])).toEqual(Object.keys(t));
  });

  it('sam: AWSTemplateFormatVersion, Transform, Description, Globals, Resources, Outputs', () => {
    // GIVEN
    const t = Template.fromStack(fullStack(), 'sam').template;

    // THEN
    expect(Object.keys(t)).toEqual(['AWSTemplateFormatVersion', 'Transform', 'Description', 'Globals', 'Resources', 'Outputs']);
    expect(toYaml(t).split('\n').filter((l) => /^[A-Za-z]/.test(l)).map((l) => l.split(':')[0])).toEqual(Object.keys(t));
  });

  it.each(FORMATS)('%s: every section is in the documented relative order, empty ones left out', (format) => {
    const minimal = newStack();
    new Queue(minimal, 'Q');
    for (const stack of [fullStack(), minimal]) {
      const keys = Object.keys(Template.fromStack(stack, format).template);
      expect(keys).toEqual(SECTIONS.filter((s) => keys.includes(s)));
      expect(keys[0]).toBe('AWSTemplateFormatVersion');
      expect(keys).toContain('Resources');
    }
  });

  it('sam: Globals.Function keys are sorted like the function properties they come from', () => {
    // GIVEN: two functions sharing Runtime, Timeout, MemorySize, Architectures and two variables
    const t = Template.fromStack(fullStack(), 'sam').template;

    // THEN
    expect(Object.keys(t.Globals!.Function!)).toHaveLength(5);
    // BUG: lib/synth/sam/index.ts:85 (`Globals: globals ? { Function: globals } : undefined`) writes
    // the hoisted keys in hoisting order (Runtime, Timeout, MemorySize, Architectures, Environment;
    // variables in the first function's order: ZED, ALPHA), not through sortKeys as the same keys
    // are written on each function's Properties.
    expect(unsorted(t.Globals, 'Globals')).toEqual([]);
  });
});

describe('ResourceSet.add writes properties as sortKeys(clean(...)) would', () => {
  it('on random values: same keys, same order, same values, the same references; the input unchanged', () => {
    const ctx = new RenderContext(stackModel(app().stack));
    const key = fc.constantFrom('Type', 'a', 'B', 'b', 'Ref', 'Fn::Sub', '__proto__', 'Z', 'é', '10', '2');
    const wideKeys = ['Type', 'Ref', ...Array.from({ length: 38 }, (_, i) => `k${String.fromCharCode(122 - i)}${i % 7}`)];
    const scalar = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(undefined));
    const wide = fc.tuple(fc.shuffledSubarray(wideKeys, { minLength: 34 }), fc.array(fc.oneof(scalar, fc.dictionary(fc.constantFrom('b', 'a', 'Type'), scalar)), { minLength: 40, maxLength: 40 })).map(([ks, vs]) => ks.map((k, i) => [k, k === 'Ref' ? 'X' : vs[i]] as [string, unknown]));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('record')),
      list: fc.array(tie('any'), { maxLength: 4 }),
      // Up to 5 keys, or (a fifth of them) 34 to 40 keys in any order: more than the 32 sorted in place.
      record: fc.oneof({ arbitrary: fc.array(fc.tuple(key, tie('any')), { maxLength: 5 }), weight: 4 }, { arbitrary: wide, weight: 1 }).map((pairs) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
    })).record;
    let n = 0;
    fc.assert(
      fc.property(value, (props) => {
        const before = JSON.stringify(props, (_, v) => (v === undefined ? '<undefined>' : v));
        const set = new ResourceSet(ctx);
        set.add(`R${n++}`, 'Test/R', { Type: 'T', Properties: props });
        const written = set.get(`R${n - 1}`)!.Properties ?? {};
        const expected = sortKeys(clean(props)) as Record<string, unknown>;
        expect(JSON.stringify(written)).toBe(JSON.stringify(expected));
        expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
        // The references gathered while copying are those of the written properties.
        const refs: string[] = [];
        references(expected, refs);
        expect([...set.dependencies().get(`R${n - 1}`)!].sort()).toEqual(refs.sort());
        expect(JSON.stringify(props, (_, v) => (v === undefined ? '<undefined>' : v))).toBe(before);
      }),
    );
  });
});
