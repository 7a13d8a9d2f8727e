// Template text: YAML with short-form intrinsics that parses back to the same JSON, quoting of
// strings YAML 1.1 would read as something else, determinism, and Fn::Sub escaping.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { StackModel } from '../../lib/index.js';
import { RenderContext } from '../../lib/synth/render-context.js';
import { parseTemplate, toJson, toYaml, type Template } from '../../lib/synth/template.js';

/** A template using the intrinsics lambdaform writes. */
function sample(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'sample',
    Parameters: { AssetsBucket: { Type: 'String' } },
    Resources: {
      Jobs: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 180 } },
      Worker: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['Jobs'],
        Properties: {
          Role: { 'Fn::GetAtt': ['WorkerServiceRole', 'Arn'] },
          Code: { S3Bucket: { Ref: 'AssetsBucket' }, S3Key: 'abc.zip' },
          Environment: {
            Variables: {
              QUEUE_URL: { Ref: 'Jobs' },
              LINK: { 'Fn::Sub': 'https://${Jobs.QueueName}/x' },
              ARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/x']] },
            },
          },
        },
      },
    },
    Outputs: { JobsUrl: { Value: { Ref: 'Jobs' }, Description: 'Send jobs here' } },
  };
}

describe('toYaml', () => {
  it('writes short forms for Ref, GetAtt, Sub and Join', () => {
    // GIVEN a template with intrinsics in long (JSON) form
    // WHEN written as YAML
    const yaml = toYaml(sample());
    // THEN each intrinsic is in its short form
    expect(yaml).toContain('      Role: !GetAtt WorkerServiceRole.Arn\n');
    expect(yaml).toContain('        S3Bucket: !Ref AssetsBucket\n');
    expect(yaml).toContain('          QUEUE_URL: !Ref Jobs\n');
    expect(yaml).toContain('          LINK: !Sub https://${Jobs.QueueName}/x\n');
    expect(yaml).toContain('    Value: !Ref Jobs\n');
    // AND !Join takes its arguments as a block sequence
    expect(yaml).toContain(["          ARN: !Join", "            - ''", "            - - 'arn:'", '              - !Ref AWS::Partition', '              - :iam::aws:policy/x', ''].join('\n'));
    // AND no long form is left
    expect(yaml).not.toMatch(/Fn::|\bRef:/);
  });

  it('starts with the format version, in the order of the data', () => {
    // GIVEN the sample / WHEN written / THEN the sections keep their order
    const yaml = toYaml(sample());
    expect(yaml.startsWith("AWSTemplateFormatVersion: '2010-09-09'\nDescription: sample\nParameters:\n")).toBe(true);
    expect(yaml.indexOf('Resources:')).toBeLessThan(yaml.indexOf('Outputs:'));
  });

  it('parseTemplate reads the short forms back to the identical JSON', () => {
    // GIVEN the sample written as YAML
    const t = sample();
    // WHEN parsed back
    const parsed = parseTemplate(toYaml(t));
    // THEN it is the same data, to the byte
    expect(parsed).toEqual(t);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(t));
  });

  it('round-trips the other short forms too', () => {
    // GIVEN a template with conditions, selects, splits, GetAtt of a dotted attribute and Sub with a map
    const t: Template = {
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
      Resources: {
        Db: {
          Type: 'AWS::RDS::DBCluster',
          Condition: 'IsProd',
          Properties: {
            Endpoint: { 'Fn::GetAtt': ['Other', 'Endpoint.Address'] },
            Name: { 'Fn::If': ['IsProd', 'a', { Ref: 'AWS::NoValue' }] },
            Az: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
            Parts: { 'Fn::Split': [',', 'a,b'] },
            Sub: { 'Fn::Sub': ['${A}-${AWS::Region}', { A: { Ref: 'Stage' } }] },
            Imported: { 'Fn::ImportValue': 'shared-vpc' },
            Encoded: { 'Fn::Base64': 'echo hi' },
            Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }] },
          },
        },
      },
    };
    // WHEN written and parsed
    const yaml = toYaml(t);
    // THEN each is a short form, and the data comes back unchanged
    expect(yaml).toContain('Endpoint: !GetAtt Other.Endpoint.Address');
    expect(yaml).toContain('Imported: !ImportValue shared-vpc');
    expect(yaml).toContain('!Condition IsProd');
    expect(yaml).toContain('Az: !Select');
    expect(parseTemplate(yaml)).toEqual(t);
  });

  it("a resource's Condition attribute stays a plain key", () => {
    // GIVEN a resource with a Condition attribute (not the intrinsic)
    const t: Template = { Resources: { Q: { Type: 'AWS::SQS::Queue', Condition: 'IsProd' } } };
    // WHEN written / THEN it is a key, not a !Condition tag
    const yaml = toYaml(t);
    expect(yaml).toContain('    Condition: IsProd\n');
    expect(yaml).not.toContain('!Condition');
    expect(parseTemplate(yaml)).toEqual(t);
  });

  it.each(['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false', 'null', '~', '2010-09-09', '123', '0755', '1e3', '0x1F', '12:30', '1_000', '.5', ''])(
    'quotes the YAML-1.1-ambiguous string %j',
    (value) => {
      // GIVEN a string a YAML 1.1 reader would take for a bool, number, date, time or null
      const t = { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Value: value } } } };
      // WHEN written
      const yaml = toYaml(t);
      // THEN it is single-quoted
      expect(yaml).toContain(`      Value: '${value}'\n`);
      // AND it reads back as the same string, with our parser and with a plain YAML 1.1 parser
      expect(parseTemplate(yaml)).toEqual(t);
      expect(YAML.parse(yaml, { version: '1.1' })).toEqual(t);
    },
  );

  it('quotes ambiguous keys too, and leaves real numbers and booleans bare', () => {
    // GIVEN keys and values of several kinds
    const t = { Resources: {}, Mappings: { Y: { on: 'x' } }, Values: { Count: 123, Flag: true, Nothing: null, Text: 'hello' } };
    // WHEN written
    const yaml = toYaml(t);
    // THEN ambiguous keys are quoted, real scalars are not
    expect(yaml).toContain("  'Y':\n    'on': x\n");
    expect(yaml).toContain('  Count: 123\n  Flag: true\n');
    expect(yaml).toContain('  Text: hello\n');
    expect(parseTemplate(yaml)).toEqual(t);
  });

  it('is deterministic: the same data gives the same bytes', () => {
    // GIVEN two separately built, equal templates
    // WHEN written twice each / THEN every text is identical
    const a = toYaml(sample());
    const b = toYaml(sample());
    expect(b).toBe(a);
    expect(toYaml(sample())).toBe(a);
    expect(toJson(sample())).toBe(toJson(sample()));
  });

  it('writes long strings on one line and multi-line strings as a block', () => {
    // GIVEN a long single-line string and a multi-line one
    const long = `arn:aws:iam::123456789012:policy/${'x'.repeat(200)}`;
    const t = { Resources: { Q: { Type: 'T', Properties: { Long: long, Code: 'line one\nline two' } } } };
    // WHEN written / THEN the long one is not folded, and both read back the same
    const yaml = toYaml(t);
    expect(yaml).toContain(`      Long: ${long}\n`);
    expect(parseTemplate(yaml)).toEqual(t);
  });
});

describe('toJson and parseTemplate of JSON', () => {
  it('toJson is 2-space JSON with a trailing newline, readable by parseTemplate', () => {
    // GIVEN the sample / WHEN written as JSON
    const text = toJson(sample());
    // THEN it is the JSON text, and parses back the same
    expect(text).toBe(`${JSON.stringify(sample(), null, 2)}\n`);
    expect(parseTemplate(text)).toEqual(sample());
  });
});

describe('RenderContext.sub', () => {
  const stack: StackModel = {
    name: 'Test',
    path: 'Test',
    tags: {},
    nodes: [
      { id: 'Test/Jobs', kind: 'queue', logicalId: 'Jobs', origin: { path: 'Test/Jobs' }, tags: {}, overrides: [], dependsOn: [], props: { fifo: false, encryption: 'sqs-managed' } },
    ],
    edges: [],
    outputs: [],
    assets: [],
  };
  const ctx = new RenderContext(stack);

  it('escapes a literal ${ as ${!', () => {
    // GIVEN literal parts containing `${` around a reference
    // WHEN turned into Fn::Sub
    const sub = ctx.sub(['echo ${HOME} and ${!x} at ', { $ref: 'Test/Jobs', attr: 'Url' }, ' ${']);
    // THEN every literal `${` is escaped, the reference is not
    expect(sub).toEqual({ 'Fn::Sub': 'echo ${!HOME} and ${!!x} at ${Jobs} ${!' });
  });

  it('writes references as ${Id} or ${Id.Attr} and pseudo parameters as ${AWS::X}', () => {
    // GIVEN references to Ref and GetAtt attributes and a pseudo parameter
    const sub = ctx.sub(['url=', { $ref: 'Test/Jobs', attr: 'Url' }, ' arn=', { $ref: 'Test/Jobs', attr: 'Arn' }, ' in ', { $pseudo: 'AWS::Region' }]);
    // WHEN turned into Fn::Sub / THEN each has its Sub syntax
    expect(sub).toEqual({ 'Fn::Sub': 'url=${Jobs} arn=${Jobs.Arn} in ${AWS::Region}' });
  });

  it('value() renders a $join through sub, keeping plain $ alone', () => {
    // GIVEN a join with a dollar sign that is not followed by a brace
    // WHEN rendered / THEN only `${` is escaped
    expect(ctx.value({ $join: ['cost: $5 ${x} ', { $ref: 'Test/Jobs', attr: 'Name' }] })).toEqual({ 'Fn::Sub': 'cost: $5 ${!x} ${Jobs.QueueName}' });
  });

  it('the escaped form survives YAML', () => {
    // GIVEN a Sub with an escaped literal / WHEN written and parsed / THEN the text is unchanged
    const t = { Resources: { Q: { Type: 'T', Properties: { V: ctx.sub(['${literal}-', { $ref: 'Test/Jobs', attr: 'Url' }]) } } } };
    const yaml = toYaml(t);
    expect(yaml).toContain('V: !Sub ${!literal}-${Jobs}\n');
    expect(parseTemplate(yaml)).toEqual(t);
  });

  it('refuses a reference to an attribute the node does not have', () => {
    // GIVEN a queue node / WHEN asked for an attribute queues lack / THEN the error lists the valid ones
    expect(() => ctx.sub([{ $ref: 'Test/Jobs', attr: 'Endpoint' }])).toThrow("Test/Jobs: has no attribute 'Endpoint' (a queue has Arn, Url, Name)");
  });
});

describe('YAML 1.1 specials', () => {
  it.each(['=', '~'])('quotes the string %j so YAML 1.1 readers (cfn-lint, PyYAML) keep it a string', (value) => {
    const t = { Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { V: value } } } } } };
    const text = toYaml(t);
    expect(text).toContain(`V: '${value}'`);
    expect(parseTemplate(text)).toEqual(t);
  });

  it("tags a '<<' value as a string (not a merge key)", () => {
    const t = { Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { V: '<<' } } } } } };
    const text = toYaml(t);
    expect(text).toContain("V: !!str '<<'");
    expect(parseTemplate(text)).toEqual(t);
  });

  it("quotes a '<<' key", () => {
    const t = { Resources: { M: { Type: 'X', Properties: { '<<': 'x' } } } };
    expect(parseTemplate(toYaml(t))).toEqual(t);
  });
});
