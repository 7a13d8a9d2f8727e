// Property: whatever a user writes — any JSON value, keys starting with `$`, characters of every
// Unicode plane, YAML's special words — placed in a description, an environment value, a tag, a
// rule input or a raw resource, comes back exactly from both templates, in YAML and in JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { App, CfnResource, EventBridgeEventSource, RuleTargetInput, Tags, type Stack } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { parseTemplate, toJson, toYaml, type Template } from '../../lib/synth/template.js';
import { stableJson } from '../../lib/core/util.js';
import { newFunction, newStack } from '../helpers/app.js';

const YAML_SPECIALS = ['yes', 'No', 'on', 'OFF', 'null', '~', '', '=', '<<', '0x1F', '0o17', '012', '1e3', '.inf', '-.nan', 'true', '1_000', '2026-11-29', '12:30:00', '- x', 'a: b', '#x', '@x', '`x', '%x', '!Ref X', "'", '"', '\\'];

/** Strings of any code point (no lone surrogates), YAML specials, and strings that look like lambdaform's own syntax. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...YAML_SPECIALS, '${Token[0]}', '${AWS::Region}', '${!x}', '\u2028\u2029\u0085', '\uFEFF\uFFFE\uFFFF', '\u0000\u0007\u001B\u007F\u0080\u009F', '𝐀😀\u{10FFFF}'),
);

/** JSON values whose keys include `$ref`, `$pseudo`, `$join` and other `$` keys. */
const anyKey = fc.oneof(anyString, fc.constantFrom('$ref', '$pseudo', '$join', 'attr', '$', '$$ref', 'Ref', 'Fn::Sub', 'Fn::GetAtt'));
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, anyString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(anyKey, tie('value'), { maxKeys: 4 }),
})).value;
const anyObject = fc.dictionary(anyKey, anyJson, { maxKeys: 5 });

/** Tag values may hold letters of any script, digits, spaces and `_ . : / = + - @` only. */
const tagValue = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '決', '𝐀', '0', '9', ' ', '_', '.', ':', '/', '=', '+', '-', '@'), maxLength: 30 });

/** -0 has no JSON form; JSON and YAML both give 0 back. */
const normalize = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

interface UserData {
  readonly description: string;
  readonly env: string;
  readonly tag: string;
  readonly input: Record<string, unknown>;
  readonly raw: Record<string, unknown>;
}

function build(d: UserData): Stack {
  const stack = newStack();
  const fn = newFunction(stack, 'Fn', { description: d.description, environment: { VALUE: d.env } });
  Tags.of(fn).add('k', d.tag);
  fn.addEventSource(new EventBridgeEventSource({ source: ['my.app'] }, { event: RuleTargetInput.fromObject(d.input) }));
  new CfnResource(stack, 'Raw', { type: 'Custom::Data', properties: { ServiceToken: fn.functionArn, Data: d.raw } });
  return stack;
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** What the template says about each piece of user data. */
function readBack(t: Template): UserData {
  const resources = t.Resources as unknown as Resources;
  const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' || r.Type === 'AWS::Serverless::Function')!.Properties;
  const tags = fn.Tags as Array<{ Key: string; Value: string }> | Record<string, string>;
  const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule');
  const event = Object.values((fn.Events ?? {}) as Record<string, { Type: string; Properties: { Input: string } }>).find((e) => e.Type === 'EventBridgeRule');
  const input = rule ? (rule.Properties.Targets as Array<{ Input: string }>)[0]!.Input : event!.Properties.Input;
  return {
    description: fn.Description as string,
    env: (fn.Environment as { Variables: Record<string, string> }).Variables.VALUE!,
    tag: Array.isArray(tags) ? tags.find((x) => x.Key === 'k')!.Value : tags.k!,
    input: JSON.parse(input) as Record<string, unknown>,
    raw: resources.Raw!.Properties.Data as Record<string, unknown>,
  };
}

describe('user data survives synthesis byte for byte', () => {
  it('in descriptions, environment values, tags, rule inputs and raw resources, in both formats, YAML and JSON', () => {
    fc.assert(
      fc.property(
        fc.record({ description: fc.string({ unit: 'binary', maxLength: 60 }), env: anyString, tag: tagValue, input: anyObject, raw: anyObject }),
        (d) => {
          const stack = App.of(build(d)).synth().stacks[0]!;
          const expected = normalize(d);
          for (const template of [toCloudFormation(stack), toSam(stack)]) {
            expect(readBack(parseTemplate(toYaml(template)))).toEqual(expected);
            expect(readBack(JSON.parse(toJson(template)) as Template)).toEqual(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('keys JavaScript treats specially', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])('a user key %s stays a key (found by the property test)', (key) => {
    const data = JSON.parse(`{"${key}": "yes", "nested": {"${key}": {"${key}": 1}}}`) as Record<string, unknown>;
    const stack = App.of(build({ description: '', env: '', tag: '', input: data, raw: data })).synth().stacks[0]!;
    for (const template of [toCloudFormation(stack), toSam(stack)]) {
      for (const back of [readBack(parseTemplate(toYaml(template))), readBack(JSON.parse(toJson(template)) as Template)]) {
        // Raw properties come out with their keys sorted, as every template's properties do.
        expect(Object.keys(back.raw).sort()).toEqual([key, 'nested'].sort());
        expect(stableJson(back.raw)).toBe(stableJson(data));
        expect(JSON.stringify(back.input)).toBe(JSON.stringify(data));
      }
    }
  });
});
