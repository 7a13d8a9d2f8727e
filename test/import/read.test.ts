// Reading a CloudFormation/SAM template: every short form becomes its long form, every value can be
// located at its line and column, a broken template is a LambdaformError at `file:line:column`
// saying what is wrong, and a template CloudFormation accepts is never refused however unusual.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../lib/core/errors.js';
import { parseTemplate, readTemplateFile, type TemplateDocument, type TemplatePath } from '../../lib/import/read.js';
import { thrown } from '../helpers/errors.js';

/** Lines of a template, joined. */
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** The error parseTemplate throws for `text` (as `tpl.yaml` unless told), checked to be an invalid-template error. */
function parseError(text: string, file = 'tpl.yaml'): LambdaformError {
  const e = thrown(() => parseTemplate(text, file));
  expect(e).toBeInstanceOf(LambdaformError);
  const err = e as LambdaformError;
  expect(err.code).toBe('invalid-template');
  expect(err.message).toBe(`${err.path}: ${err.detail}`);
  return err;
}

/** Expects `text` to be refused at `where` (`tpl.yaml:12:7`) with exactly `detail`. */
function expectRefused(text: string, where: string, detail: string): void {
  const err = parseError(text, where.split(':')[0]);
  expect({ path: err.path, detail: err.detail }).toEqual({ path: where, detail });
}

/** The text written at `doc.locate(p)`: the rest of its line from its column. */
function at(doc: TemplateDocument, text: string, p: TemplatePath): string {
  const loc = doc.locate(p);
  expect(loc, `locate(${JSON.stringify(p)})`).toBeDefined();
  expect(loc!.file).toBe(doc.file);
  return text.split('\n')[loc!.line - 1]!.slice(loc!.column! - 1);
}

/** A valid template with a parameter P, a condition C and a queue A whose property V is `value` (YAML, one line). */
function withValue(value: string): string {
  return lines(
    'Parameters:',
    '  P: {Type: String}',
    'Conditions:',
    '  C: !Equals [a, b]',
    'Resources:',
    '  A:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    `      V: ${value}`,
  );
}

/** The value `value` (YAML) reads as. */
function read(value: string): unknown {
  const doc = parseTemplate(withValue(value), 'tpl.yaml');
  return ((doc.template['Resources'] as Record<string, Record<string, Record<string, unknown>>>)['A']!['Properties']!)['V'];
}

describe('short forms become long forms', () => {
  it.each<[string, unknown]>([
    ['!Ref A', { Ref: 'A' }],
    ['!Ref P', { Ref: 'P' }],
    ['!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!GetAtt A.Arn', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ['!GetAtt A.Outputs.Url', { 'Fn::GetAtt': ['A', 'Outputs.Url'] }],
    ['!GetAtt [A, Arn]', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ['!GetAtt [A, !Ref P]', { 'Fn::GetAtt': ['A', { Ref: 'P' }] }],
    ['{"Fn::GetAtt": A.Arn}', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ['{"Fn::GetAtt": A.Outputs.Url}', { 'Fn::GetAtt': ['A', 'Outputs.Url'] }],
    ["!Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${A}-${!Literal}'", { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${A}-${!Literal}' }],
    ["!Sub ['${Name}-x', {Name: !Ref P}]", { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'P' } }] }],
    ["!Join [',', [a, b]]", { 'Fn::Join': [',', ['a', 'b']] }],
    ["!Join ['', [!Ref A, x]]", { 'Fn::Join': ['', [{ Ref: 'A' }, 'x']] }],
    ['!If [C, a, b]', { 'Fn::If': ['C', 'a', 'b'] }],
    ['!If [C, !Ref A, !Ref AWS::NoValue]', { 'Fn::If': ['C', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] }],
    ["!Select [0, !GetAZs '']", { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ["!Split [',', 'a,b']", { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap [M, !Ref AWS::Region, Ami]', { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!ImportValue shared-vpc', { 'Fn::ImportValue': 'shared-vpc' }],
    ['!ImportValue {"Fn::Sub": "${AWS::StackName}-x"}', { 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}-x' } }],
    ['!GetAZs us-east-1', { 'Fn::GetAZs': 'us-east-1' }],
    ["!Base64 {'Fn::Sub': 'echo ${A}'}", { 'Fn::Base64': { 'Fn::Sub': 'echo ${A}' } }],
    ["{'Fn::Base64': !Sub 'echo ${A}'}", { 'Fn::Base64': { 'Fn::Sub': 'echo ${A}' } }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!Equals [!Ref P, prod]', { 'Fn::Equals': [{ Ref: 'P' }, 'prod'] }],
    ['!And [!Condition C, !Not [!Condition C]]', { 'Fn::And': [{ Condition: 'C' }, { 'Fn::Not': [{ Condition: 'C' }] }] }],
    ['!Or [!Condition C, !Equals [a, a]]', { 'Fn::Or': [{ Condition: 'C' }, { 'Fn::Equals': ['a', 'a'] }] }],
    ['!Condition C', { Condition: 'C' }],
    ['!ToJsonString {a: [1, !Ref A]}', { 'Fn::ToJsonString': { a: [1, { Ref: 'A' }] } }],
    ['!Length [1, 2, !Ref P]', { 'Fn::Length': [1, 2, { Ref: 'P' }] }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
    ['{Ref: A}', { Ref: 'A' }],
  ])('%s', (yaml, expected) => {
    expect(read(yaml)).toEqual(expected);
  });

  it('reads block forms: a multi-line !Sub, a !GetAtt list, nested tags', () => {
    const doc = parseTemplate(
      lines(
        'Resources:',
        '  A:',
        '    Type: AWS::EC2::Instance',
        '    Properties:',
        '      UserData: !Base64',
        '        Fn::Sub: |',
        '          #!/bin/bash',
        '          echo ${AWS::StackName} > /tmp/${A}',
        '      Role: !GetAtt',
        '        - A',
        '        - Arn',
        '      Name: !Join',
        "        - ''",
        '        - - !Ref A',
        '          - "-x"',
      ),
      'tpl.yaml',
    );
    expect((doc.template['Resources'] as Record<string, Record<string, unknown>>)['A']!['Properties']).toEqual({
      UserData: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ${AWS::StackName} > /tmp/${A}\n' } },
      Role: { 'Fn::GetAtt': ['A', 'Arn'] },
      Name: { 'Fn::Join': ['', [{ Ref: 'A' }, '-x']] },
    });
  });

  it('reads the rule functions of a Rules section as tags', () => {
    const doc = parseTemplate(
      lines(
        'Parameters:',
        '  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}',
        'Rules:',
        '  SameVpc:',
        '    Assertions:',
        '      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], !RefAll AWS::EC2::VPC::Id]',
        '      - Assert: !Contains [[a, b], !ValueOf [Subnets, VpcId]]',
        '      - Assert: !EachMemberEquals [[a], a]',
        'Resources:',
        '  Q: {Type: AWS::SQS::Queue}',
      ),
      'tpl.yaml',
    );
    expect((doc.template['Rules'] as Record<string, unknown>)['SameVpc']).toEqual({
      Assertions: [
        { Assert: { 'Fn::EachMemberIn': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, { 'Fn::RefAll': 'AWS::EC2::VPC::Id' }] } },
        { Assert: { 'Fn::Contains': [['a', 'b'], { 'Fn::ValueOf': ['Subnets', 'VpcId'] }] } },
        { Assert: { 'Fn::EachMemberEquals': [['a'], 'a'] } },
      ],
    });
  });
});

describe('scalars as CloudFormation reads them (YAML 1.1)', () => {
  it.each<[string, unknown]>([
    ['30', 30],
    ['-3', -3],
    ['1.5', 1.5],
    ['0x1F', 31],
    ['0755', 493], // YAML 1.1 octal, as CloudFormation: quote account ids with a leading zero
    ["'0755'", '0755'],
    ['yes', true],
    ['No', false],
    ['ON', true],
    ['off', false],
    ['Y', true],
    ['n', false],
    ['"yes"', 'yes'],
    ['true', true],
    ['2010-09-09', '2010-09-09'],
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z'],
    ['10:30', '10:30'],
    ['~', null],
    ['null', null],
    ['', null],
    ['python3.12', 'python3.12'],
    ['!!str 123', '123'],
    ['"a # not a comment"', 'a # not a comment'],
    ['plain # a comment', 'plain'],
    // words without a digit before the exponent are no numbers (cfn-lint rule ids in ignore_checks)
    ['E3505', 'E3505'],
    ['[W2001, E2, e5]', ['W2001', 'E2', 'e5']],
    ['.', '.'],
    ['1.5e3', 1500],
    ['-.5e-3', -0.0005],
  ])('%s', (yaml, expected) => {
    expect(read(yaml)).toEqual(expected);
  });

  it('keeps AWSTemplateFormatVersion a string and map keys as written', () => {
    const doc = parseTemplate(lines('AWSTemplateFormatVersion: 2010-09-09', 'Mappings:', '  M:', '    yes: {1.0: a, 012: b}', 'Resources:', '  Q: {Type: AWS::SQS::Queue}'), 'tpl.yaml');
    expect(doc.template['AWSTemplateFormatVersion']).toBe('2010-09-09');
    expect(doc.template['Mappings']).toEqual({ M: { yes: { '1.0': 'a', '012': 'b' } } });
  });

  it('reads multi-line strings, comments and quoted keys', () => {
    const doc = parseTemplate(
      lines(
        '# a comment',
        'Description: >',
        '  folded',
        '  text',
        'Resources: # another',
        '  "Q":',
        "    'Type': AWS::SQS::Queue",
        '    Properties:',
        '      QueueName: "a\\tb"',
      ),
      'tpl.yaml',
    );
    expect(doc.template).toEqual({ Description: 'folded text\n', Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'a\tb' } } } });
    expect(doc.format).toBe('yaml');
  });

  it('strips a UTF-8 BOM', () => {
    const doc = parseTemplate('\uFEFFResources:\n  Q:\n    Type: AWS::SQS::Queue\n', 'tpl.yaml');
    expect(doc.template).toEqual({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
    expect(doc.locate(['Resources'])).toEqual({ file: 'tpl.yaml', line: 1, column: 1 });
  });

  it('keeps a __proto__ key as data', () => {
    const doc = parseTemplate(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Metadata:', '      __proto__: {polluted: true}'), 'tpl.yaml');
    const metadata = (doc.template['Resources'] as Record<string, Record<string, unknown>>)['Q']!['Metadata'] as Record<string, unknown>;
    expect(Object.keys(metadata)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('anchors, aliases and merge keys are resolved', () => {
  const text = lines(
    'Resources:',
    '  A:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      Tags: &tags',
    '        - {Key: team, Value: !Ref AWS::StackName}',
    '      RedrivePolicy: &base',
    '        maxReceiveCount: 3',
    '        deadLetterTargetArn: x',
    '  B:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      Tags: *tags',
    '      RedrivePolicy:',
    '        <<: *base',
    '        maxReceiveCount: 5',
  );

  it('gives the alias its anchor value, explicit keys winning over merged ones', () => {
    const doc = parseTemplate(text, 'tpl.yaml');
    const b = (doc.template['Resources'] as Record<string, Record<string, unknown>>)['B']!['Properties'];
    expect(b).toEqual({ Tags: [{ Key: 'team', Value: { Ref: 'AWS::StackName' } }], RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: 'x' } });
    expect(at(doc, text, ['Resources', 'B', 'Properties', 'RedrivePolicy', 'maxReceiveCount'])).toBe('maxReceiveCount: 5');
    expect(at(doc, text, ['Resources', 'B', 'Properties', 'RedrivePolicy', 'deadLetterTargetArn'])).toBe('deadLetterTargetArn: x');
  });

  it('refuses a template whose aliases expand without end ("billion laughs")', { timeout: 30_000 }, () => {
    const levels = ['  a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [...'abcdefgh'].map((c, i) => [c, 'bcdefghi'[i]!])) levels.push(`  ${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    const err = parseError(lines('Resources:', '  Q: {Type: AWS::SQS::Queue}', 'Metadata:', ...levels));
    expect(err.detail).toBe('the template holds more than 1000000 values once its aliases are expanded');
  });

  it('refuses an alias inside its own anchor and an unknown alias', () => {
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Metadata: &m', '      self: *m'), 'tpl.yaml:5:7', 'an alias refers to a collection that contains it (the value would be infinite)');
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Metadata: *nope'), 'tpl.yaml:4:15', 'unknown alias *nope: no anchor &nope before it');
  });
});

describe('locate', () => {
  const yaml = lines(
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    '      Timeout: 30',
    '      Role: !GetAtt FnRole.Arn',
    '      Code: {ZipFile: "exports.handler = async () => 1"}',
    '  FnRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      Policies:',
    '        - PolicyName: a',
    '          PolicyDocument: {}',
    '        - PolicyName: b',
    '          PolicyDocument:',
    '            Statement: [{Effect: Allow, Resource: !Ref AWS::NoValue}]',
  );

  it('gives the key of a map entry, the start of a list item, the tag of a short form (YAML)', () => {
    const doc = parseTemplate(yaml, 'tpl.yaml');
    expect(doc.locate(['Resources', 'Fn'])).toEqual({ file: 'tpl.yaml', line: 3, column: 3 });
    expect(doc.locate(['Resources', 'Fn', 'Properties', 'Timeout'])).toEqual({ file: 'tpl.yaml', line: 6, column: 7 });
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Timeout'])).toBe('Timeout: 30');
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Role'])).toBe('Role: !GetAtt FnRole.Arn');
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt'])).toBe('!GetAtt FnRole.Arn');
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt', 0])).toBe('FnRole.Arn');
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt', 1])).toBe('Arn');
    expect(at(doc, yaml, ['Resources', 'Fn', 'Properties', 'Code', 'ZipFile'])).toBe('ZipFile: "exports.handler = async () => 1"}');
    expect(at(doc, yaml, ['Resources', 'FnRole', 'Properties', 'Policies', 1])).toBe('PolicyName: b');
    expect(at(doc, yaml, ['Resources', 'FnRole', 'Properties', 'Policies', 1, 'PolicyDocument'])).toBe('PolicyDocument:');
    expect(at(doc, yaml, ['Resources', 'FnRole', 'Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0, 'Resource', 'Ref'])).toBe('!Ref AWS::NoValue}]');
    expect(doc.locate(['Resources', 'FnRole', 'Properties', 'Policies', 1])!.line).toBe(15);
    expect(doc.locate(['Resources', 'FnRole', 'Properties', 'Policies', '1'])).toEqual(doc.locate(['Resources', 'FnRole', 'Properties', 'Policies', 1]));
    expect(doc.locate([])).toEqual({ file: 'tpl.yaml', line: 1, column: 1 });
  });

  it('is undefined for a path that does not exist', () => {
    const doc = parseTemplate(yaml, 'tpl.yaml');
    expect(doc.locate(['Resources', 'Nope'])).toBeUndefined();
    expect(doc.locate(['Resources', 'Fn', 'Properties', 'Timeout', 'Deeper'])).toBeUndefined();
    expect(doc.locate(['Resources', 'FnRole', 'Properties', 'Policies', 2])).toBeUndefined();
    expect(doc.locate(['Outputs'])).toBeUndefined();
  });

  const json = [
    '{',
    '  "AWSTemplateFormatVersion": "2010-09-09",',
    '  "Resources": {',
    '    "Fn": {',
    '      "Type": "AWS::Lambda::Function",',
    '      "Properties": {',
    '        "Timeout": 30,',
    '        "Role": {"Fn::GetAtt": "FnRole.Arn"},',
    '        "Policies": [',
    '          {"PolicyName": "a"},',
    '          {',
    '            "PolicyName": "b"',
    '          }',
    '        ]',
    '      }',
    '    },',
    '    "FnRole": {"Type": "AWS::IAM::Role"}',
    '  }',
    '}',
  ].join('\n');

  it('gives the same positions for JSON', () => {
    const doc = parseTemplate(json, 'tpl.json');
    expect(doc.format).toBe('json');
    expect(doc.template).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 30, Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] }, Policies: [{ PolicyName: 'a' }, { PolicyName: 'b' }] } },
        FnRole: { Type: 'AWS::IAM::Role' },
      },
    });
    expect(doc.locate(['Resources', 'Fn', 'Properties', 'Timeout'])).toEqual({ file: 'tpl.json', line: 7, column: 9 });
    expect(at(doc, json, ['Resources', 'Fn'])).toBe('"Fn": {');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Timeout'])).toBe('"Timeout": 30,');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt'])).toBe('"Fn::GetAtt": "FnRole.Arn"},');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt', 1])).toBe('Arn"},');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Policies', 0])).toBe('{"PolicyName": "a"},');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Policies', 1])).toBe('{');
    expect(at(doc, json, ['Resources', 'Fn', 'Properties', 'Policies', 1, 'PolicyName'])).toBe('"PolicyName": "b"');
  });

  it('reads JSON with escapes, numbers and a BOM as JSON.parse does', () => {
    const text = '\uFEFF {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"A": "\\u00e9\\n\\/", "B": 1.5e3, "C": -0.25, "D": [true, false, null], "E": "yes", "F": "2010-09-09"}}}}';
    const doc = parseTemplate(text, 'tpl.json');
    expect(doc.template).toEqual(JSON.parse(text.slice(1)));
  });
});

describe('JSON or YAML', () => {
  it('reads text starting with { as JSON, strictly, except a YAML flow mapping in a .yaml file', () => {
    const flow = '{Resources: {Q: {Type: AWS::SQS::Queue, Properties: {Delay: 0755}}}}';
    const doc = parseTemplate(flow, 'tpl.yaml');
    expect(doc.format).toBe('yaml');
    expect(doc.template).toEqual({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Delay: 493 } } } });
    expectRefused(flow, 'tpl.json:1:2', "invalid JSON: expected a property name in double quotes, got 'R'");
    expectRefused(flow, 'tpl.template:1:2', "invalid JSON: expected a property name in double quotes, got 'R'");
    expect(parseTemplate('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}', 'tpl.yaml').format).toBe('json');
  });
});

describe('syntax errors', () => {
  it('gives the position and the problem of bad YAML', () => {
    expectRefused(lines('Resources:', '  Q:', '    Type: [AWS::SQS::Queue', '  R: x'), 'tpl.yaml:4:3', 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '   Properties: {}'), 'tpl.yaml:4:4', 'invalid YAML: All mapping items must start at the same column');
    expectRefused(lines('Resources:', '\tQ: x'), 'tpl.yaml:2:1', 'invalid YAML: Tabs are not allowed as indentation');
  });

  it('refuses several YAML documents in one file', () => {
    expectRefused(lines('Resources:', '  Q: {Type: AWS::SQS::Queue}', '---', 'Resources: {}'), 'tpl.yaml:3:1', 'invalid YAML: Source contains multiple documents; please use YAML.parseAllDocuments()');
  });

  it('gives the position and the problem of bad JSON, stricter than YAML flow', () => {
    expectRefused('{\n  "Resources": {\n    "Q": {"Type": "AWS::SQS::Queue"},\n  }\n}', 'tpl.json:3:37', "invalid JSON: trailing comma: JSON allows no ',' before '}'");
    expectRefused('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "P": [1, 2,]}}}', 'tpl.json:1:59', "invalid JSON: trailing comma: JSON allows no ',' before ']'");
    expectRefused('{\n  "Resources": {}\n  "Outputs": {}\n}', 'tpl.json:3:3', "invalid JSON: expected ',' or '}' after a property value, got '\"'");
    expectRefused('{\n  Resources: {}\n}', 'tpl.json:2:3', "invalid JSON: expected a property name in double quotes, got 'R'");
    expectRefused('{"Resources": {"Q": {"Type": AWS::SQS::Queue}}}', 'tpl.json:1:30', "invalid JSON: expected a value (a string in double quotes, a number, an object, an array, true, false or null), got 'A'");
    expectRefused('{\n  // a comment\n  "Resources": {}\n}', 'tpl.json:2:3', 'invalid JSON: JSON allows no comments (use a YAML template to comment it)');
    expectRefused('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}', 'tpl.json:1:49', "invalid JSON: expected ',' or '}' after a property value, got the end of the file");
    expectRefused('{"Resources": "a\tb"}', 'tpl.json:1:17', 'invalid JSON: control character in a string: write it as an escape (\\n, \\t, \\u0000...)');
    expectRefused('{"Resources": "\\x"}', 'tpl.json:1:16', "invalid JSON: invalid escape '\\x' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    expectRefused('{"Resources": 012}', 'tpl.json:1:16', "invalid JSON: expected ',' or '}' after a property value, got '1'");
    expectRefused('{"Resources": {}} {}', 'tpl.json:1:19', "invalid JSON: unexpected '{' after the end of the JSON document");
    expectRefused('{"Resources": "abc', 'tpl.json:1:19', 'invalid JSON: unterminated string: it needs a closing "');
  });

  it('refuses a tag CloudFormation does not know, naming it', () => {
    const known = '!Ref, !Condition, !GetAtt, !Sub, !Join, !If, !Select, !Split, !FindInMap, !ImportValue, !GetAZs, !Base64, !Cidr, !Equals, !And, !Or, !Not, !Transform, !ToJsonString, !Length, !Contains, !EachMemberEquals, !EachMemberIn, !RefAll, !ValueOf, !ValueOfAll';
    expectRefused(withValue('!Reference A'), 'tpl.yaml:9:10', `unknown tag '!Reference'; CloudFormation's short forms are ${known}`);
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties:', '      Tags: !Foo', '        - a'), 'tpl.yaml:5:13', `unknown tag '!Foo'; CloudFormation's short forms are ${known}`);
    expectRefused(withValue('!!binary aGVsbG8='), 'tpl.yaml:9:10', 'the YAML type !!binary is not supported by CloudFormation (explicit types allowed: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)');
    expectRefused(withValue('!!timestamp 2010-09-09'), 'tpl.yaml:9:10', 'the YAML type !!timestamp is not supported by CloudFormation (explicit types allowed: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)');
  });

  it('refuses a Fn::GetAtt without an attribute', () => {
    const detail = "Fn::GetAtt 'A' must name a resource and an attribute: LogicalId.Attribute (e.g. Bucket.Arn) or [LogicalId, Attribute]";
    expectRefused(withValue('!GetAtt A'), 'tpl.yaml:9:18', detail);
    expectRefused(withValue('{"Fn::GetAtt": A}'), 'tpl.yaml:9:25', detail);
  });

  it('refuses two tags on one value (`!Base64 !Sub`), as CloudFormation does, saying how to write it', () => {
    expectRefused(
      withValue("!Base64 !Sub 'echo ${A}'"),
      'tpl.yaml:9:18',
      'invalid YAML: a value can have only one tag, so `!Base64 !Sub x` is not valid (for CloudFormation either); write one of the two functions in its long form: `Fn::Base64: !Sub x` or `!Base64 {"Fn::Sub": x}`',
    );
  });

  it('refuses a key that is not a string', () => {
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Metadata:', '      [a, b]: c'), 'tpl.yaml:5:7', 'a map key must be a string, got a list');
  });
});

describe('duplicate keys', () => {
  it('gives the second one, naming the first one’s line, at any level', () => {
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', 'Outputs: {}', 'Resources:', '  R:', '    Type: AWS::SQS::Queue'), 'tpl.yaml:5:1', "duplicate key 'Resources' (first at line 1); a key may appear only once in a map");
    expectRefused(
      lines('Resources:', '  Fn:', '    Type: AWS::Lambda::Function', '    Properties:', '      Timeout: 3', '      MemorySize: 128', '      Timeout: 30'),
      'tpl.yaml:7:7',
      "duplicate key 'Timeout' (first at line 5); a key may appear only once in a map",
    );
    expectRefused(withValue('{a: 1, b: 2, a: 3}'), 'tpl.yaml:9:23', "duplicate key 'a' (first at line 9); a key may appear only once in a map");
  });

  it('finds them in JSON too', () => {
    expectRefused('{\n  "Resources": {\n    "Q": {"Type": "AWS::SQS::Queue"},\n    "Q": {"Type": "AWS::SNS::Topic"}\n  }\n}', 'tpl.json:4:5', "duplicate key 'Q' (first at line 3); a key may appear only once in a map");
  });
});

describe('what is not a template', () => {
  it('refuses a document that is not a map', () => {
    expectRefused(lines('- Resources', '- Outputs'), 'tpl.yaml:1:1', 'a template must be a map of sections (AWSTemplateFormatVersion, Parameters, Resources, Outputs...), got a list');
    expectRefused('just text\n', 'tpl.yaml:1:1', 'a template must be a map of sections (AWSTemplateFormatVersion, Parameters, Resources, Outputs...), got a string ("just text")');
    expectRefused('[{"Resources": {}}]', 'tpl.json:1:1', 'a template must be a map of sections (AWSTemplateFormatVersion, Parameters, Resources, Outputs...), got a list');
  });

  it('refuses an empty file', () => {
    expectRefused('', 'tpl.yaml:1:1', 'the template is empty; a template is a map of sections with at least Resources');
    expectRefused('# only a comment\n', 'tpl.yaml:1:1', 'the template is empty; a template is a map of sections with at least Resources');
  });

  it('refuses a map without Resources: a package.json, a CDK manifest, a template missing it', () => {
    const detail = 'not a CloudFormation template: there is no Resources section (a template needs Resources with at least one resource)';
    expectRefused('{\n  "name": "app",\n  "version": "1.0.0",\n  "dependencies": {}\n}\n', 'package.json:1:1', detail);
    expectRefused('{"version": "36.0.0", "artifacts": {"App": {"type": "aws:cloudformation:stack"}}}', 'manifest.json:1:1', detail);
    expectRefused(lines('', 'AWSTemplateFormatVersion: "2010-09-09"', 'Outputs: {}'), 'tpl.yaml:2:1', detail);
  });

  it('refuses Resources that is not a map, or empty', () => {
    expectRefused(lines('Description: x', 'Resources:', '  - Q'), 'tpl.yaml:2:1', 'Resources must be a map of logical ids to resources, got a list');
    expectRefused(lines('Description: x', 'Resources:'), 'tpl.yaml:2:1', 'Resources must be a map of logical ids to resources, got nothing (null)');
    expectRefused(lines('Description: x', 'Resources: {}'), 'tpl.yaml:2:1', 'Resources is empty; CloudFormation requires at least one resource');
    expectRefused('{"Resources": {}}', 'tpl.json:1:2', 'Resources is empty; CloudFormation requires at least one resource');
  });

  it('refuses a resource that is not a map, has no Type, or a Type that is not a string', () => {
    expectRefused(lines('Resources:', '  Q: AWS::SQS::Queue'), 'tpl.yaml:2:3', 'resource \'Q\' must be a map with a Type, got a string ("AWS::SQS::Queue")');
    expectRefused(lines('Resources:', '  Q:', '    Properties: {}'), 'tpl.yaml:2:3', "resource 'Q' has no Type (e.g. Type: AWS::Lambda::Function)");
    expectRefused(lines('Resources:', '  Q:', '    Type: 12'), 'tpl.yaml:3:5', "resource 'Q' Type must be a string such as AWS::Lambda::Function, got a number (12)");
    expectRefused(lines('Resources:', '  Q:', '    Type: !Ref T'), 'tpl.yaml:3:5', 'resource \'Q\' Type must be a string such as AWS::Lambda::Function, got a map');
  });
});

describe('references', () => {
  const base = (...resourceLines: string[]): string =>
    lines(
      'Parameters:',
      '  Stage: {Type: String}',
      'Conditions:',
      '  IsProd: !Equals [!Ref Stage, prod]',
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      ...resourceLines,
    );

  it('refuses a Ref to nothing, with a did-you-mean', () => {
    expectRefused(base('    Properties:', '      Role: !Ref Bukcet'), 'tpl.yaml:11:13', "Ref 'Bukcet' is not a parameter, a resource or a pseudo parameter of the template; did you mean 'Bucket'?");
    expectRefused(base('    Properties:', '      Role: {Ref: AWS::Regoin}'), 'tpl.yaml:11:14', "Ref 'AWS::Regoin' is not a parameter, a resource or a pseudo parameter of the template; did you mean 'AWS::Region'?");
    expectRefused(base('    Properties:', '      Role: !Ref Unrelated'), 'tpl.yaml:11:13', "Ref 'Unrelated' is not a parameter, a resource or a pseudo parameter of the template");
  });

  it('refuses a Fn::GetAtt of something that is not a resource', () => {
    expectRefused(base('    Properties:', '      Role: !GetAtt Bukcet.Arn'), 'tpl.yaml:11:13', "Fn::GetAtt 'Bukcet.Arn' names 'Bukcet', which is not a resource of the template; did you mean 'Bucket'?");
    expectRefused(base('    Properties:', '      Role: !GetAtt [Stage, Arn]'), 'tpl.yaml:11:13', "Fn::GetAtt 'Stage.Arn' names 'Stage', which is a parameter, not a resource");
  });

  it('refuses a Fn::Sub variable that names nothing, at its column', () => {
    expectRefused(base('    Properties:', "      Role: !Sub 'arn:${AWS::Partition}:s3:::${Bukcet}/*'"), 'tpl.yaml:11:46', "Fn::Sub variable '${Bukcet}' is not a parameter, a resource, a pseudo parameter or a variable of the Fn::Sub; did you mean 'Bucket'?");
    expectRefused(base('    Properties:', '      Role: !Sub "${Bukcet.Arn}"'), 'tpl.yaml:11:19', "Fn::Sub variable '${Bukcet.Arn}' names 'Bukcet', which is not a resource of the template; did you mean 'Bucket'?");
    expectRefused(base('    Properties:', "      Role: !Sub ['${Name}-${Nmae}', {Name: !Ref Stage}]"), 'tpl.yaml:11:28', "Fn::Sub variable '${Nmae}' is not a parameter, a resource, a pseudo parameter or a variable of the Fn::Sub; did you mean 'Name'?");
    expectRefused(base('    Properties:', '      Role:', '        Fn::Sub: |', '          ${Stage.Arn}'), 'tpl.yaml:12:9', "Fn::Sub variable '${Stage.Arn}' names 'Stage', which is a parameter, not a resource");
  });

  it('accepts escapes, the Sub’s own variables and references that exist', () => {
    const doc = parseTemplate(
      base(
        '    Properties:',
        "      A: !Sub '${!Literal} ${AWS::Region} ${Bucket} ${Bucket.Arn} ${Stage} ${ spaced }'",
        "      B: !Sub ['${Local}.${Local2}', {Local: !Ref Bucket, Local2: x}]",
        '      C: !GetAtt Bucket.Arn',
        '      D: !If [IsProd, !Ref Stage, !Ref AWS::NoValue]',
        '    Condition: IsProd',
      ),
      'tpl.yaml',
    );
    expect(Object.keys(doc.template['Resources'] as object)).toEqual(['Bucket', 'Fn']);
  });

  it('refuses a condition that is not defined', () => {
    expectRefused(base('    Condition: IsProdd'), 'tpl.yaml:10:5', "condition 'IsProdd' is not defined in Conditions; did you mean 'IsProd'?");
    expectRefused(base('    Properties:', '      A: !If [IsDev, a, b]'), 'tpl.yaml:11:15', "condition 'IsDev' is not defined in Conditions");
    expectRefused(
      lines('Conditions:', '  A: !Equals [a, b]', '  B: !And [!Condition A, !Condition Zed]', 'Resources:', '  Q: {Type: AWS::SQS::Queue}'),
      'tpl.yaml:3:26',
      "condition 'Zed' is not defined in Conditions",
    );
    expectRefused(lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Condition: IsProd'), 'tpl.yaml:4:5', "condition 'IsProd' is not defined: the template has no Conditions section");
    expectRefused(lines('Resources:', '  Q: {Type: AWS::SQS::Queue}', 'Outputs:', '  Url:', '    Condition: Nope', '    Value: !Ref Q'), 'tpl.yaml:5:5', "condition 'Nope' is not defined: the template has no Conditions section");
  });

  it('reports every unresolved reference at once', () => {
    const err = parseError(base('    Properties:', '      A: !Ref Nope', '      B: !GetAtt Nada.Arn'));
    expect(err.path).toBe('tpl.yaml');
    expect(err.detail).toBe(
      [
        '2 problems:',
        "  - tpl.yaml:11:10: Ref 'Nope' is not a parameter, a resource or a pseudo parameter of the template",
        "  - tpl.yaml:12:10: Fn::GetAtt 'Nada.Arn' names 'Nada', which is not a resource of the template",
      ].join('\n'),
    );
    expect(err.problems.map((p) => p.path)).toEqual(['tpl.yaml:11:10', 'tpl.yaml:12:10']);
  });

  it('checks references in Outputs and JSON templates', () => {
    expectRefused(lines('Resources:', '  Q: {Type: AWS::SQS::Queue}', 'Outputs:', '  Url:', '    Value: !GetAtt Queue.Arn'), 'tpl.yaml:5:12', "Fn::GetAtt 'Queue.Arn' names 'Queue', which is not a resource of the template");
    expectRefused('{\n  "Resources": {\n    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Ref": "Qeue"}}}\n  }\n}', 'tpl.json:3:71', "Ref 'Qeue' is not a parameter, a resource or a pseudo parameter of the template; did you mean 'Queue'?");
  });
});

describe('valid templates, however unusual, are accepted', () => {
  it('a SAM template referring to what SAM generates', () => {
    const text = lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Environment:',
      '      Variables:',
      '        TABLE: !Ref Table',
      'Resources:',
      '  Table:',
      '    Type: AWS::Serverless::SimpleTable',
      '  MyFn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      AutoPublishAlias: live',
      '      Events:',
      '        Get: {Type: Api, Properties: {Path: /, Method: get}}',
      'Outputs:',
      '  Role: {Value: !GetAtt MyFnRole.Arn}',
      '  Alias: {Value: !Ref MyFn.Alias}',
      '  AliasId: {Value: !Ref MyFnAliaslive}',
      "  Url: {Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod'}",
      '  Stage: {Value: !Ref ServerlessRestApiProdStage}',
      '  Http: {Value: !Ref ServerlessHttpApi}',
      '  RoleName: {Value: !Sub "${MyFnRole.Arn}"}',
    );
    const doc = parseTemplate(text, 'template.yaml');
    expect((doc.template['Outputs'] as Record<string, unknown>)['Role']).toEqual({ Value: { 'Fn::GetAtt': ['MyFnRole', 'Arn'] } });
  });

  it('still checks a SAM template for what SAM does not generate', () => {
    expectRefused(lines('Transform: [AWS::Serverless-2016-10-31]', 'Resources:', '  MyFn:', '    Type: AWS::Serverless::Function', 'Outputs:', '  O: {Value: !Ref Other}'), 'tpl.yaml:6:14', "Ref 'Other' is not a parameter, a resource or a pseudo parameter of the template");
  });

  it('a macro transform, with references only the macro resolves', () => {
    parseTemplate(lines('Transform: [MyMacro, AWS::Serverless-2016-10-31]', 'Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Condition: FromMacro', '    Properties:', '      QueueName: !Ref Generated'), 'tpl.yaml');
    parseTemplate(lines('Transform: {Name: MyMacro, Parameters: {a: 1}}', 'Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties: {QueueName: !GetAtt Generated.Name}'), 'tpl.yaml');
  });

  it('AWS::LanguageExtensions with Fn::ForEach, Fn::Length and Fn::ToJsonString', () => {
    const doc = parseTemplate(
      lines(
        'Transform: AWS::LanguageExtensions',
        'Parameters:',
        '  Names: {Type: CommaDelimitedList}',
        'Resources:',
        '  Fn::ForEach::Topics:',
        '    - Name',
        '    - !Ref Names',
        '    - Topic${Name}:',
        '        Type: AWS::SNS::Topic',
        '        Properties:',
        '          TopicName: !Ref Name',
        '  Count:',
        '    Type: AWS::SSM::Parameter',
        '    Properties:',
        '      Type: String',
        '      Value: !ToJsonString {n: !Length {Ref: Names}, first: !GetAtt TopicA.TopicName}',
      ),
      'tpl.yaml',
    );
    expect(Object.keys(doc.template['Resources'] as object)).toEqual(['Fn::ForEach::Topics', 'Count']);
    expect((doc.template['Resources'] as Record<string, unknown>)['Fn::ForEach::Topics']).toEqual(['Name', { Ref: 'Names' }, { 'Topic${Name}': { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' } } } }]);
  });

  it('skips references inside Fn::ForEach even without a transform check', () => {
    parseTemplate(lines('Resources:', '  Q: {Type: AWS::SQS::Queue}', 'Outputs:', '  Fn::ForEach::Out:', '    - N', '    - [a, b]', '    - Out${N}: {Value: !Ref N}'), 'tpl.yaml');
  });

  it('Fn::Transform (AWS::Include) anywhere, Modules, Hooks, Rules, Mappings and Metadata', () => {
    parseTemplate(
      lines(
        'Resources:',
        '  Fn::Transform:',
        '    Name: AWS::Include',
        '    Parameters: {Location: s3://bucket/resources.yaml}',
        '  Q:',
        '    Type: AWS::SQS::Queue',
        '    Properties: {QueueName: !Ref Included}',
      ),
      'tpl.yaml',
    );
    parseTemplate(lines('Modules:', '  Vpc: {Source: ./vpc.yaml}', 'Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties: {QueueName: !Ref VpcSubnet}'), 'tpl.yaml');
    parseTemplate(
      lines(
        'Transform: AWS::CodeDeployBlueGreen',
        'Hooks:',
        '  Hook:',
        '    Type: AWS::CodeDeploy::BlueGreen',
        '    Properties: {ServiceRole: Role, Applications: []}',
        'Metadata:',
        '  AWS::CloudFormation::Interface: {ParameterGroups: [{Parameters: [Nope]}]}',
        'Mappings:',
        '  Region: {us-east-1: {Ami: ami-1}}',
        'Resources:',
        '  Q:',
        '    Type: AWS::SQS::Queue',
        '    Metadata: {cfn-lint: {config: {ignore_checks: [E3012]}}, anything: {Ref: NotChecked}}',
      ),
      'tpl.yaml',
    );
  });

  it('custom resources, unknown types, registered modules and nested stacks', () => {
    const doc = parseTemplate(
      lines(
        'Resources:',
        '  Custom:',
        '    Type: Custom::Seeder',
        '    Properties: {ServiceToken: !GetAtt Stack.Outputs.SeederArn}',
        '  Legacy: {Type: AWS::CloudFormation::CustomResource, Properties: {ServiceToken: x}}',
        '  Thing: {Type: Acme::Widgets::Gadget}',
        '  Net: {Type: Acme::Network::Vpc::MODULE}',
        '  Stack:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties: {TemplateURL: https://s3.amazonaws.com/b/nested.yaml}',
        'Outputs:',
        '  Url: {Value: !GetAtt Stack.Outputs.Url}',
        '  Subnet: {Value: !Ref NetSubnetA}',
      ),
      'tpl.yaml',
    );
    expect((doc.template['Outputs'] as Record<string, unknown>)['Url']).toEqual({ Value: { 'Fn::GetAtt': ['Stack', 'Outputs.Url'] } });
  });
});

describe('readTemplateFile', () => {
  it('reads a file, keeping the path as given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-read-'));
    const file = path.join(dir, 'template.yaml');
    fs.writeFileSync(file, lines('Resources:', '  Q:', '    Type: AWS::SQS::Queue'));
    const doc = readTemplateFile(file);
    expect(doc.file).toBe(file);
    expect(doc.locate(['Resources', 'Q', 'Type'])).toEqual({ file, line: 3, column: 5 });
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses a missing file or a directory', () => {
    const missing = path.join(os.tmpdir(), 'lf-read-missing', 'template.yaml');
    const err = thrown(() => readTemplateFile(missing)) as LambdaformError;
    expect(err).toBeInstanceOf(LambdaformError);
    expect({ path: err.path, detail: err.detail, code: err.code }).toEqual({ path: missing, detail: 'cannot read the template: the file does not exist', code: 'invalid-template' });
    const dirErr = thrown(() => readTemplateFile(os.tmpdir())) as LambdaformError;
    expect(dirErr.detail).toBe('cannot read the template: it is a directory');
  });
});
