import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { notLinted } from '../../../lib/lint/rules/not-linted.js';
import { RULES } from '../../../lib/lint/rules/index.js';
import { newFunction } from '../../helpers/app.js';
import { TODAY } from '../../helpers/app.js';
import { findingsOf } from '../../helpers/rule-tester.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: a,b
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue\${Name}:
        Type: AWS::SQS::Queue
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: s3://bucket/x.yaml
`;

describe('not-linted', () => {
  it('reports what the import of a template could not read, each at its line', () => {
    const stack = importTemplate(parseTemplate(TEMPLATE, 'template.yaml'));
    const findings = lint({ version: 2, stacks: [stack] }, {}, [notLinted], TODAY);
    expect(findings.map((f) => [f.severity, f.source, f.message])).toEqual([
      ['warning', { file: 'template.yaml', line: 8, column: 3 }, 'Fn::ForEach::Queues is not expanded (its collection {"Ref":"Names"} is not a literal list: its items are known only at deploy): what it makes is not linted'],
      ['warning', { file: 'template.yaml', line: 16, column: 7 }, 'Fn::Transform (AWS::Include from s3://bucket/x.yaml) is not expanded: what it makes is not linted'],
    ]);
  });

  it('says nothing of an app (constructs leave nothing unread) nor of a template the import read whole', () => {
    expect(findingsOf(notLinted, (s) => void newFunction(s, 'Fn'))).toEqual([]);
    const plain = importTemplate(parseTemplate('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', 'plain.yaml'));
    expect(lint({ version: 2, stacks: [plain] }, {}, [notLinted], TODAY)).toEqual([]);
  });

  it('is a recommended warning rule, in RULES', () => {
    expect(RULES).toContain(notLinted);
    expect(notLinted.meta).toMatchObject({ severity: 'warning', recommended: true });
  });
});
