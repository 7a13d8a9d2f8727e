import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate, toYaml, toYamlWithLibrary } from '../../lib/synth/template.js';

// The direct writer (yaml-writer.ts) must write exactly what the `yaml` library writes.

/** Strings that exercise the writer's plain/quoted decision: words YAML 1.1 reads otherwise, numbers, punctuation, spaces, lines, paths. */
const TRICKY: readonly string[] = ['', 'y', 'Y', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'Null', '~', '=', '<<', '-', '*', '0', '1.0', '.5', '08', '019', '00', '2.0', '1.', '1..2', '0.0.1', '12345678901234567890123', '1.5.', '$default', '$', '$$', '${AWS::Region}', '${!Literal}', '$x: y', '$x #y', '$ x', '$-', '$:', '2010-09-09', '2010-9-9', '2010-09-09x', '2010-09-09 10:00', '99999-01-01', '081520e339a08a1b5e58d749bef5cc717c86f633a85292843b538316037619c6.zip', '1111111111111111111111111111111111111111111111111111111111111111.zip', 'Bench0/Api#route:GET /units/0', 'a/*/GET', 'a:#b', 'a #b', 'a*', 'a#', 'x${Api}/*/GET/units/0', '0x1F', '1e3', '12:30', '2012-10-17', 'a: b', 'a #b', 'a#b', 'a:', ':a', 'a :b', 'a  b', 'a ', ' a', 'it\'s', 'say "x"', 'a\nb', 'a\nb\n', '\tx', 'x\ty', 'a\r\nb', 'é', 'arn:aws:sqs:us-east-1:123456789012:q', 'https://x.y/z?a=1&b=2', 'AWS::SQS::Queue', 'index.handler', 'x${A}', 'a - b', 'a ?b', 'a -', 'a,b', 'a(b)', 'a{b}', 'a}', 'a${B}c', 'arn:${AWS::Partition}:iam::aws:policy/x', 'a::b', 'a:::', 'a: :b', '[x]', '{x}', '!x', '&x', '%x', '@x', '`x', '|x', '>x', 'a|b', 'a>b', 'a!b', 'a&b', 'a*b', '../app/asset', './x', '../../a/b-c_d.e@f/', '/', './', '../', '/abs/p.ath', './-', '/@x', '/_', '.././x', './.x', '/a/', '/a//b', '.', '..', '...', '../.5', './1', './a b', './a:b', './a#b', '/~x', '/items/{id}', '/a/{proxy+}', '/*', '../../w/.lambdaform/bundles/9f', '/.inf', '/...', '.jpg', '.png', '.inf', '.NaN', '.e', '.e5', '.E+1', '.5', '.1a', '.1.2', '.a.b', '.-x', 's3:ObjectCreated:*', 'a:*', 'a:#', 'a:#b', 'x:{y}', 'Items HTTP API: routes to functions', 'a: b', 'a:  b', 'a : b', ' a', 'a ', '  ', ' ', 'a #b', '- a: b', '? a: b', '[x]: y', '{x}: y', 'yes: no', 'null: x', '@x: y', '%x: y', 'a: \\b', 'a: "q"', "it's: x", 'a: b\tc', 'é: x', '#: x', '!x: y', '&x: y', '*x: y', '|x: y', '>x: y', '`x: y', 'a:', 'a: ', 'S3 uploads -> thumbnail', 'a -> b', 'a->b', 'a <b', 'a !b', 'a |b', 'a ~b', 'a;b', 'a^b', 'x -> y + z', 'a >', 'a <', 'e0', 'E5', 'e+0', 'e-0', 'e00', 'e5x', 'e', 'ex5', 'a'.repeat(1024), 'a'.repeat(1025), 'a|'.repeat(600), 'a ~', 'a: >b', 'a >: b', 'a !', 'a|', 'a#>', 'a:>', 'a:<b', 'a:!b', 'a:|b', 'a:~', 'a #>', 'a ~', 'a\\b', "it's"];

const tricky = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ':', '-', '.', '#', "'", '"', '\n', '/', '_', '%', '@', '?', '&', '=', '+', ',', '!', '*', '[', '{', '}', '(', ')', '$', '|', '>', '\t') , maxLength: 8 }),
);
const key = fc.oneof(fc.constantFrom('Type', 'Properties', 'Condition', 'Ref', 'Fn::Sub', 'aws:SourceArn', 'N', 'yes', 'a b', 'a: b', '1', '', 'x-y', 'Fn::Join', 'Fn::GetAtt'), tricky);
const scalar = fc.oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(1e21), fc.constant(-0));
const intrinsic = (inner: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.record({ Ref: tricky }),
    fc.record({ 'Fn::GetAtt': fc.oneof(fc.tuple(tricky, tricky), fc.array(inner, { maxLength: 3 }), tricky) }),
    fc.record({ 'Fn::Sub': fc.oneof(tricky, fc.tuple(tricky, fc.dictionary(key, inner, { maxKeys: 2 }))) }),
    fc.record({ 'Fn::Join': fc.tuple(tricky, fc.array(inner, { maxLength: 3 })) }),
    fc.record({ 'Fn::Base64': inner }),
    fc.record({ 'Fn::If': fc.array(inner, { maxLength: 3 }) }),
    fc.record({ Condition: tricky }),
  );
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, intrinsic(tie('value')), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 }), fc.constant(undefined)),
}));

describe('the YAML writer', () => {
  it('writes what the yaml library writes, for any template-like data', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (template) => {
        let expected: string;
        try {
          expected = toYamlWithLibrary(template);
        } catch (e) {
          // Unwritable data (a lone surrogate) is refused by both, with the same message.
          expect(() => toYaml(template)).toThrow((e as Error).message);
          return;
        }
        expect(toYaml(template)).toBe(expected);
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000), seed: Number(process.env.YAML_SEED ?? 13) },
    );
  });

  it('writes each tricky string as the yaml library does: as a value, a list item, a key, and the argument of Ref and Fn::Sub', () => {
    // (the property above meets a given string only now and then: each is checked here in every place)
    const differs: string[] = [];
    for (const s of TRICKY) {
      for (const template of [{ K: s }, { K: [s, 'x'] }, { [s]: 1 }, { K: { Ref: s } }, { K: { 'Fn::Sub': s } }, { K: { 'Fn::Join': [s, [s]] } }]) {
        let expected: string;
        try {
          expected = toYamlWithLibrary(template);
        } catch {
          continue;
        }
        if (toYaml(template) !== expected) differs.push(JSON.stringify(template));
      }
    }
    expect(differs).toEqual([]);
  });

  it('writes what the yaml library writes for a resource-shaped template, and it reads back as the same data', () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'Jobs queue: processed by a worker',
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: ['Role'],
          Condition: 'IsProd',
          Properties: {
            Code: { ZipFile: 'exports.handler = async () => {\n  return 1;\n};\n' },
            Environment: { Variables: { QUEUE_URL: { Ref: 'Queue' }, STAGE: 'bench', N: '1', EMPTY: '' } },
            Layers: [{ Ref: 'Layer' }],
            Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
            Tags: [{ Key: 'a', Value: 'yes' }, { Key: 'b', Value: { 'Fn::Join': ['', ['x', { Ref: 'AWS::Region' }]] } }],
            Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' } } } }] },
            Nested: [[], {}, [[1, 2]], [{ a: 1 }], { 'Fn::If': ['C', 1, { Ref: 'AWS::NoValue' }] }],
            Ratio: 0.25,
            Big: 1e21,
            Neg: -0,
          },
        },
      },
      Outputs: { Url: { Value: { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/' } } },
    };
    const text = toYaml(template);
    expect(text).toBe(toYamlWithLibrary(template));
    expect(parseTemplate(text)).toEqual(JSON.parse(JSON.stringify({ ...template, Resources: { Fn: { ...template.Resources.Fn, Properties: { ...template.Resources.Fn.Properties, Neg: 0 } } } })));
  });

  it('writes what the yaml library writes for the golden templates and the CDK templates of the parity suite', () => {
    const golden = path.resolve(import.meta.dirname, '../fixtures/golden');
    const apps = path.resolve(import.meta.dirname, '../parity/apps');
    const files = [
      ...fs.readdirSync(golden).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(golden, f)),
      ...fs.readdirSync(apps).map((a) => path.join(apps, a, 'cdk.template.json')).filter((f) => fs.existsSync(f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const data = parseTemplate(fs.readFileSync(f, 'utf8'));
      expect(toYaml(data), f).toBe(toYamlWithLibrary(data));
    }
  });
});
