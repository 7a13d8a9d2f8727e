// What ImportContext resolves before deploy, and what it leaves unknown.
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../lib/import/context.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import type { FunctionNode } from '../../lib/model/types.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

describe('parameters of an SSM type', () => {
  // The Default (or a given value) is the name of a Systems Manager parameter: its value is read at deploy.
  const text = lines(
    'Parameters:',
    '  Stage: { Type: "AWS::SSM::Parameter::Value<String>", Default: prod }',
    '  Memory: { Type: "AWS::SSM::Parameter::Value<String>", Default: /config/memory }',
    '  Plain: { Type: String, Default: prod }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Stage, prod]',
    '  PlainProd: !Equals [!Ref Plain, prod]',
    'Resources:',
    '  Q: { Type: AWS::SQS::Queue }',
  );

  it('are unknown, default or given value alike; so are the conditions on them', () => {
    for (const parameters of [{}, { Stage: 'dev', Memory: '/other' }] as Array<Record<string, string>>) {
      const ctx = new ImportContext(parseTemplate(text, 'template.yaml'), { parameters });
      expect(ctx.value({ Ref: 'Stage' })).toEqual({ $expr: { Ref: 'Stage' } });
      expect(ctx.number({ Ref: 'Memory' })).toBeUndefined();
      expect(ctx.condition('IsProd')).toBeUndefined();
      expect(ctx.condition('PlainProd')).toBe(true);
      expect(ctx.parameterValues).toEqual({ Plain: 'prod' });
    }
  });

  it("a function's memory from one is unknown, not a value", () => {
    const fn = lines(
      'Parameters:',
      '  Memory: { Type: "AWS::SSM::Parameter::Value<String>", Default: "512" }',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Runtime: nodejs22.x',
      '      Handler: index.handler',
      '      Role: arn:aws:iam::123456789012:role/r',
      '      Code: { ZipFile: "exports.handler = async () => 1;" }',
      '      MemorySize: !Ref Memory',
    );
    const node = importTemplate(parseTemplate(fn, 'template.yaml')).nodes.find((n) => n.id === 'Fn') as FunctionNode;
    expect(node.unknown).toContain('memorySizeMb');
  });
});

describe('Fn::Length (language extensions)', () => {
  const text = lines(
    'Transform: AWS::LanguageExtensions',
    'Parameters:',
    '  Names: { Type: CommaDelimitedList, Default: "a,b" }',
    '  Unknown: { Type: CommaDelimitedList }',
    'Conditions:',
    '  HasTwo: !Equals [{ "Fn::Length": !Ref Names }, 2]',
    'Resources:',
    '  Q: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: !If [HasTwo, 30, 900] } }',
  );

  it('counts a list, a list parameter, a function returning a list; a list known only at deploy stays unknown', () => {
    const ctx = new ImportContext(parseTemplate(text, 'template.yaml'));
    expect(ctx.value({ 'Fn::Length': { Ref: 'Names' } })).toBe(2);
    expect(ctx.value({ 'Fn::Length': [1, { Ref: 'Names' }, 3] })).toBe(3);
    expect(ctx.value({ 'Fn::Length': { 'Fn::Split': ['|', 'a|b|c'] } })).toBe(3);
    expect(ctx.value({ 'Fn::Length': { Ref: 'Unknown' } })).toEqual({ $expr: { 'Fn::Length': { Ref: 'Unknown' } } });
    expect(ctx.condition('HasTwo')).toBe(true);
    expect(new ImportContext(parseTemplate(text, 'template.yaml'), { parameters: { Names: 'a' } }).condition('HasTwo')).toBe(false);
  });
});
