// User data is never read as lambdaform's own symbolic values: keys starting with `$` are escaped
// in the model and come back exactly as written in both template formats and in the model's JSON.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { App, CfnResource, EventBridgeEventSource, Queue, RuleTargetInput, SqsEventSource, StackGraph, checkStack, decodeValue, escapeKey, unescapeKey, type RefValue } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { CFN_YAML_TAGS, toJson, toYaml } from '../../lib/synth/template.js';
import { newFunction, newStack } from '../helpers/app.js';

/** Data a user could write anywhere JSON is taken, with keys that look like lambdaform's own. */
const LOOKALIKE = {
  $pseudo: 'AWS::AccountId',
  note: 'x',
  $ref: 'Test/Q',
  attr: 'Arn',
  $join: ['a', 'b'],
  $$double: 1,
  nested: { $schema: 'http://json-schema.org/draft-07/schema#', list: [{ $id: '#a' }] },
  $: 'just a dollar',
};

function build() {
  const stack = newStack();
  const fn = newFunction(stack, 'Fn');
  const queue = new Queue(stack, 'Q');
  fn.addEventSource(new SqsEventSource(queue, { filters: [{ body: { ...LOOKALIKE } }] }));
  fn.addEventSource(new EventBridgeEventSource({ source: ['my.app'], detail: { ...LOOKALIKE } }, { event: RuleTargetInput.fromObject({ ...LOOKALIKE }) }));
  const raw = new CfnResource(stack, 'Schema', { type: 'Custom::Schema', properties: { ServiceToken: fn.functionArn, Schema: { ...LOOKALIKE } } });
  raw.addPropertyOverride('Extra', { ...LOOKALIKE });
  return stack;
}

describe('user keys starting with $', () => {
  it('are escaped in the model, so the model holds no look-alike symbolic values', () => {
    const model = App.of(build()).synth().stacks[0]!;
    const raw = model.nodes.find((n) => n.id === 'Test/Schema')!;
    expect(raw.kind).toBe('raw');
    const schema = (raw.props as { properties: Record<string, unknown> }).properties.Schema as Record<string, unknown>;
    expect(Object.keys(schema)).toEqual(['$$pseudo', 'note', '$$ref', 'attr', '$$join', '$$$double', 'nested', '$$']);
    expect(checkStack(model)).toEqual([]);
  });

  it('come back exactly as written in both formats, in YAML and in JSON', () => {
    const stack = App.of(build()).synth().stacks[0]!;
    for (const template of [toCloudFormation(stack), toSam(stack)]) {
      for (const parsed of [JSON.parse(toJson(template)), YAML.parse(toYaml(template), { customTags: CFN_YAML_TAGS, version: '1.1' })]) {
        const resources = parsed.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
        expect(resources.Schema!.Properties.Schema).toEqual(LOOKALIKE);
        expect(resources.Schema!.Properties.Extra).toEqual(LOOKALIKE);
        const mapping = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
        const samEvents = Object.values(resources).find((r) => r.Type === 'AWS::Serverless::Function')?.Properties.Events as Record<string, { Type: string; Properties: Record<string, unknown> }> | undefined;
        const filters = (mapping?.Properties ?? Object.values(samEvents!).find((e) => e.Type === 'SQS')!.Properties).FilterCriteria as { Filters: Array<{ Pattern: string }> };
        expect(JSON.parse(filters.Filters[0]!.Pattern)).toEqual({ body: LOOKALIKE });
        const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule');
        const ruleEvent = samEvents && Object.values(samEvents).find((e) => e.Type === 'EventBridgeRule');
        const pattern = rule ? rule.Properties.EventPattern : ruleEvent!.Properties.Pattern;
        expect(pattern).toEqual({ source: ['my.app'], detail: LOOKALIKE });
        const input = rule ? (rule.Properties.Targets as Array<{ Input: string }>)[0]!.Input : (ruleEvent!.Properties.Input as string);
        expect(JSON.parse(input)).toEqual(LOOKALIKE);
      }
    }
  });

  it('JSON text with a reference escapes literal ${ and writes the reference where it goes', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const queue = new Queue(stack, 'Q');
    fn.addEventSource(new EventBridgeEventSource({ source: ['my.app'] }, { event: RuleTargetInput.fromObject({ url: queue.queueUrl, text: 'a ${literal} and @@lambdaform:0@@', $ref: 'no' }) }));
    const rule = Object.values(toCloudFormation(App.of(stack).synth().stacks[0]!).Resources).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect((rule.Properties!.Targets as Array<{ Input: unknown }>)[0]!.Input).toEqual({
      'Fn::Sub': '{"url":"${Q}","text":"a ${!literal} and @@lambdaform:0@@","$ref":"no"}',
    });
  });
});

describe('decodeValue and the key escaping', () => {
  it('round-trips keys', () => {
    for (const k of ['$', '$$', '$ref', '$$ref', 'a$', 'plain', '']) expect(unescapeKey(escapeKey(k))).toBe(k);
  });

  it('hands symbolic values to the resolver and unescapes keys', () => {
    const seen: RefValue[] = [];
    const out = decodeValue({ a: { $ref: 'X', attr: 'Arn' }, $$b: [{ $pseudo: 'AWS::Region' }] }, { ref: (r) => (seen.push(r), 'REF'), pseudo: () => 'PSEUDO', join: () => 'JOIN' });
    expect(out).toEqual({ a: 'REF', $b: ['PSEUDO'] });
    expect(seen).toEqual([{ $ref: 'X', attr: 'Arn' }]);
  });

  it('an unescaped $ key in a model is an invariant violation', () => {
    const model = App.of(build()).synth().stacks[0]!;
    const broken = { ...model, nodes: model.nodes.map((n) => (n.id === 'Test/Schema' ? { ...n, props: { type: 'Custom::Schema', properties: { $oops: 1 } } } : n)) } as typeof model;
    expect(checkStack(broken).map((p) => p.code)).toContain('unescaped-key');
    expect(StackGraph.of(broken).node('Test/Schema').kind).toBe('raw');
  });
});

describe('sanitize', () => {
  it('drops undefined keys and elements (holes too) at every level, and copies what it keeps', async () => {
    const { sanitize } = await import('../../lib/model/values.js');
    // eslint-disable-next-line no-sparse-arrays
    const list = [1, undefined, , { a: undefined, b: [undefined, 'x'] }, null];
    const input = { z: 1, a: undefined, list, nested: { k: undefined, deep: { v: 0, w: undefined } } };
    const out = sanitize(input);
    expect(out).toEqual({ z: 1, list: [1, { b: ['x'] }, null], nested: { deep: { v: 0 } } });
    expect(Object.keys(out)).toEqual(['z', 'list', 'nested']);
    expect(out.list).not.toBe(list);
    expect(out.nested).not.toBe(input.nested);
  });

  it('keeps a user key __proto__ as an own key, and leaves objects that are not plain data as they are', async () => {
    const { sanitize } = await import('../../lib/model/values.js');
    const data = JSON.parse('{"__proto__": {"x": 1, "y": null}, "after": 2}') as Record<string, unknown>;
    const out = sanitize(data);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'after']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 1, y: null });
    class Box {
      public readonly v = undefined;
    }
    const box = new Box();
    expect(sanitize({ box }).box).toBe(box);
    const bare = Object.assign(Object.create(null) as object, { k: undefined });
    expect(sanitize([bare])[0]).toBe(bare);
  });
});
