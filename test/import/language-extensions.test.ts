// Fn::ForEach (AWS::LanguageExtensions) expanded by the import as CloudFormation expands it, and
// what the import cannot read (a loop over a parameter, Fn::Transform, a macro) named in a warning
// with the template's file and line, instead of being left out in silence.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../lib/core/errors.js';
import { importTemplate } from '../../lib/import/index.js';
import { expandLanguageExtensions } from '../../lib/import/language-extensions.js';
import { parseTemplate } from '../../lib/import/read.js';
import { lint } from '../../lib/lint/engine.js';
import { sqsVisibilityTimeout } from '../../lib/lint/rules/sqs-visibility-timeout.js';
import { stackResourceLimit } from '../../lib/lint/rules/stack-resource-limit.js';
import type { StackModel } from '../../lib/model/types.js';
import { thrown } from '../helpers/errors.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const load = (text: string): StackModel => importTemplate(parseTemplate(text, 'template.yaml'));

/** The user's template: a queue with VisibilityTimeout 10 and a function with Timeout 60, made by a loop. */
const QUEUES = lines(
  'Transform: AWS::LanguageExtensions',
  'Resources:',
  '  Fn::ForEach::Queues:',
  '    - Name',
  '    - [orders, refund-requests]',
  '    - Queue&{Name}:',
  '        Type: AWS::SQS::Queue',
  '        Properties:',
  '          QueueName: !Ref Name',
  '          VisibilityTimeout: 10',
  '      Worker&{Name}:',
  '        Type: AWS::Lambda::Function',
  '        Properties:',
  '          FunctionName: !Sub ${Name}-worker',
  '          Runtime: nodejs22.x',
  '          Handler: index.handler',
  '          Timeout: 60',
  '          Role: arn:aws:iam::123456789012:role/r',
  '          Code: { ZipFile: "exports.handler = async () => {}" }',
  '      Mapping&{Name}:',
  '        Type: AWS::Lambda::EventSourceMapping',
  '        Properties:',
  '          EventSourceArn: !GetAtt [!Sub "Queue&{Name}", Arn]',
  '          FunctionName: !Ref { "Fn::Sub": "Worker&{Name}" }',
);

describe('Fn::ForEach over a literal list', () => {
  it("is expanded: ${} and &{} in keys and Fn::Sub, Ref of the identifier, Fn::Sub without other variables a string", () => {
    const { doc, warnings } = expandLanguageExtensions(parseTemplate(QUEUES, 'template.yaml'));
    expect(warnings).toEqual([]);
    const resources = doc.template.Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(Object.keys(resources)).toEqual(['Queueorders', 'Workerorders', 'Mappingorders', 'Queuerefundrequests', 'Workerrefundrequests', 'Mappingrefundrequests']);
    expect(resources.Queuerefundrequests!.Properties.QueueName).toBe('refund-requests');
    expect(resources.Workerrefundrequests!.Properties.FunctionName).toBe('refund-requests-worker');
    expect(resources.Mappingrefundrequests!.Properties).toEqual({ EventSourceArn: { 'Fn::GetAtt': ['Queuerefundrequests', 'Arn'] }, FunctionName: { Ref: 'Workerrefundrequests' } });
  });

  it("locates what a loop made at the loop's body", () => {
    const { doc } = expandLanguageExtensions(parseTemplate(QUEUES, 'template.yaml'));
    expect(doc.locate(['Resources', 'Queuerefundrequests'])).toEqual({ file: 'template.yaml', line: 6, column: 7 });
    expect(doc.locate(['Resources', 'Workerorders', 'Properties', 'Timeout'])).toEqual({ file: 'template.yaml', line: 17, column: 11 });
  });

  it('its resources are linted: the visibility timeout below the function timeout is found (cfn-lint E3505), at the line of the loop body', () => {
    const stack = load(QUEUES);
    expect(stack.warnings).toBeUndefined();
    const findings = lint({ version: 2, stacks: [stack] }, {}, [sqsVisibilityTimeout]);
    expect(findings.map((f) => [f.logicalId, f.source?.line, f.severity])).toEqual([
      ['Mappingorders', 20, 'error'],
      ['Mappingrefundrequests', 20, 'error'],
    ]);
    expect(findings[0]!.message).toMatch(/^the visibility timeout of Queueorders \(10 s\) is shorter than the timeout of Workerorders \(60 s\)/);
  });

  it('nested loops take the identifiers of both; a template without any other transform is counted as expanded', () => {
    const text = lines(
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Envs:',
      '    - Env',
      '    - [dev, prod]',
      '    - Fn::ForEach::Names:',
      '        - Name',
      '        - [a, b, c]',
      '        - Topic${Env}${Name}:',
      '            Type: AWS::SNS::Topic',
      '            Properties: { TopicName: !Sub "${Env}-${Name}-${AWS::Region}" }',
    );
    const stack = load(text);
    expect(stack.nodes.map((n) => n.logicalId)).toEqual(['Topicdeva', 'Topicdevb', 'Topicdevc', 'Topicproda', 'Topicprodb', 'Topicprodc']);
    expect(stack.imported?.resourceCount).toBe(6);
    const { doc } = expandLanguageExtensions(parseTemplate(text, 'template.yaml'));
    expect((doc.template.Resources as Record<string, { Properties: unknown }>).Topicprodb!.Properties).toEqual({ TopicName: { 'Fn::Sub': 'prod-b-${AWS::Region}' } });
    expect(doc.locate(['Resources', 'Topicprodb', 'Properties'])?.line).toBe(11);
  });

  it('a key made twice is refused with the file and line of the loop', () => {
    const text = lines('Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Q:', '    - Id', '    - [a, a]', '    - Queue${Id}: { Type: AWS::SQS::Queue }');
    const e = thrown(() => load(text));
    expect(e).toBeInstanceOf(LambdaformError);
    expect((e as LambdaformError).code).toBe('invalid-template');
    expect((e as Error).message).toBe("template.yaml:3:3: Fn::ForEach makes 'Queuea' a second time in the same map (CloudFormation refuses the template)");
  });

  it('a resource a loop makes without a Type is refused', () => {
    const text = lines('Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Q:', '    - Id', '    - [a]', '    - Queue${Id}: { Properties: {} }');
    expect((thrown(() => load(text)) as Error).message).toBe("template.yaml:6:7: resource 'Queuea' made by Fn::ForEach has no string Type (e.g. Type: AWS::SQS::Queue)");
  });
});

describe('what the import cannot read is named in a warning (file:line), not skipped in silence', () => {
  it('a loop over a parameter, and Fn::Transform (AWS::Include) in Resources', () => {
    const stack = load(
      lines(
        'Transform: AWS::LanguageExtensions',
        'Parameters:',
        '  Names: { Type: CommaDelimitedList, Default: "a,b" }',
        'Resources:',
        '  Fn::ForEach::Queues:',
        '    - Name',
        '    - !Ref Names',
        '    - Queue${Name}: { Type: AWS::SQS::Queue }',
        '  Fn::Transform:',
        '    Name: AWS::Include',
        '    Parameters: { Location: s3://bucket/more.yaml }',
        '  Q: { Type: AWS::SQS::Queue }',
      ),
    );
    expect(stack.nodes.map((n) => n.logicalId)).toEqual(['Q']);
    expect(stack.warnings).toEqual([
      { code: 'not-linted', path: 'template.yaml:5:3', severity: 'warning', message: 'Fn::ForEach::Queues is not expanded (its collection {"Ref":"Names"} is not a literal list: its items are known only at deploy): what it makes is not linted' },
      { code: 'not-linted', path: 'template.yaml:9:3', severity: 'warning', message: 'Fn::Transform (AWS::Include from s3://bucket/more.yaml) is not expanded: the resources it adds are not linted' },
    ]);
  });

  it('a top-level Fn::Transform, a macro in Transform, a loop without the language extensions transform', () => {
    const stack = load(
      lines(
        'Transform: [MyMacro]',
        'Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://bucket/globals.yaml } }',
        'Resources:',
        '  Fn::ForEach::Q:',
        '    - Id',
        '    - [a]',
        '    - Queue${Id}: { Type: AWS::SQS::Queue }',
        '  Q: { Type: AWS::SQS::Queue }',
      ),
    );
    expect(stack.warnings?.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'template.yaml:1:1: the transform MyMacro is not applied: what it adds or changes is not linted',
      'template.yaml:2:1: Fn::Transform (AWS::Include from s3://bucket/globals.yaml) is not expanded: what it makes is not linted',
      'template.yaml:4:3: Fn::ForEach::Q is not expanded (the template does not declare the AWS::LanguageExtensions transform, without which CloudFormation refuses it): what it makes is not linted',
    ]);
  });

  it('a template without them has no warnings and is the document read', () => {
    const doc = parseTemplate(lines('Resources:', '  Q: { Type: AWS::SQS::Queue }'), 'template.yaml');
    expect(expandLanguageExtensions(doc)).toEqual({ doc, warnings: [] });
    expect(importTemplate(doc).warnings).toBeUndefined();
  });
});

describe('stack-resource-limit on a language extensions template', () => {
  it('counts the resources the loops make (the template is deployed as expanded)', () => {
    const names = Array.from({ length: 460 }, (_, i) => `q${i}`);
    const stack = load(lines('Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Q:', '    - Id', `    - [${names.join(', ')}]`, '    - Queue${Id}: { Type: AWS::SQS::Queue }'));
    const findings = lint({ version: 2, stacks: [stack] }, {}, [stackResourceLimit]);
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['warning', "stack template has 460 resources in its CloudFormation template, 40 below CloudFormation's limit of 500"]]);
  });
});

describe('Fn::ForEach: the identifier in plain strings of the body', () => {
  it('is replaced as in keys and Fn::Sub (a QueueName, a GetAtt of a resource the loop made)', () => {
    const stack = load(
      lines(
        'Transform: AWS::LanguageExtensions',
        'Resources:',
        '  Fn::ForEach::Queues:',
        '    - Name',
        '    - [orders, invoices]',
        '    - Queue${Name}:',
        '        Type: AWS::SQS::Queue',
        '        Properties:',
        '          QueueName: jobs-${Name}',
        '          RedrivePolicy:',
        '            deadLetterTargetArn: !GetAtt Dlq${Name}.Arn',
        '            maxReceiveCount: 5',
        '      Dlq${Name}:',
        '        Type: AWS::SQS::Queue',
      ),
    );
    const q = stack.nodes.find((n) => n.id === 'Queueorders') as { props: { queueName?: string; deadLetter?: { queue: string } } } | undefined;
    expect(q?.props.queueName).toBe('jobs-orders');
    expect(q?.props.deadLetter?.queue).toBe('Dlqorders');
  });
});
