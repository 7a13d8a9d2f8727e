// Template text: YAML with short-form intrinsics that parses back to the same JSON (with YAML 1.2
// and 1.1 readers, PyYAML, libyaml and cfn-lint's loader), quoting of strings YAML 1.1 would read as
// something else, escapes for characters no reader keeps, refusal of unpaired surrogates,
// determinism, and Fn::Sub escaping.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { StackModel } from '../../lib/all.js';
import { RenderContext } from '../../lib/synth/render-context.js';
import { CFN_YAML_TAGS, parseTemplate, toJson, toYaml, type Template } from '../../lib/synth/template.js';
import { cfnLint, cfnLintAvailable, cfnLintLoaderMissing, cfnLintSkipReason, pythonYamlLoads } from '../helpers/cfn-lint.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { toolRequirement } from '../helpers/tools.js';

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

/** The custom-tag YAML 1.2 reading (the `yaml` library's default version). */
function parse12(text: string): unknown {
  return YAML.parse(text, { version: '1.2', customTags: CFN_YAML_TAGS });
}

/** Characters that must never appear raw in the YAML text: outside YAML's printable set, or line breaks in YAML 1.1 (NEL, LS, PS), CR, BOM. */
const RAW_FORBIDDEN = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

/** Strings a template may carry that YAML writers get wrong: each must come back exactly. */
const NASTY: ReadonlyArray<readonly [string, string]> = [
  ['LS U+2028', 'pasted\u2028from the web'],
  ['PS U+2029', 'a\u2029b'],
  ['NEL U+0085', 'a\u0085b'],
  ['NUL', 'a\u0000b'],
  ['BEL', '\u0007'],
  ['ESC', '\u001b[1mbold\u001b[0m'],
  ['DEL', 'a\u007fb'],
  ['C1 U+0080', '\u0080'],
  ['C1 U+0090', 'x\u0090y'],
  ['C1 U+009F', 'x\u009f'],
  ['U+FFFE', 'a\ufffe'],
  ['U+FFFF', '\uffffb'],
  ['BOM inside', 'a\ufeffb'],
  ['BOM first', '\ufeffa'],
  ['a TAB', 'a\tb'],
  ['a TAB first', '\tindented'],
  ['TABs in lines', 'a\tb\nc\td'],
  ['a TAB first, multi-line', '\tx\ny'],
  ['CRLF', 'line one\r\nline two'],
  ['CR', 'a\rb'],
  ['trailing spaces', 'text  '],
  ['leading spaces', '  text'],
  ['leading newline', '\nx'],
  ['trailing newline', 'x\n'],
  ['trailing newlines', 'x\n\n'],
  ['only a newline', '\n'],
  ['only whitespace lines', ' \n \n'],
  ['space lines', 'a\n \nb'],
  ['trailing spaces in lines', 'a  \nb\t\n  c '],
  ['indented first line', '  a\nb'],
  ["'", "it's"],
  ['"', 'say "hi"'],
  ['\\', 'C:\\temp\\n'],
  ['#', '# not a comment'],
  [' #', 'a #b'],
  [': ', 'key: value'],
  ['trailing :', 'a:'],
  ['- ', '- item'],
  ['-', '-'],
  ['%', '%TAG ! x'],
  ['@', '@handle'],
  ['backtick', '`cmd`'],
  ['document marker', '---'],
  ['document end in lines', 'a\n...\nb'],
  ['indicators', '&a *b !c |d >e ?f {g} [h] ,i'],
  ['emoji U+1F600', 'grin \u{1F600}'],
  ['U+10FFFF', '\u{10FFFF}'],
  ['NBSP U+00A0', 'a\u00a0b'],
  ['yes', 'yes'],
  ['no', 'no'],
  ['on', 'on'],
  ['off', 'off'],
  ['null', 'null'],
  ['~', '~'],
  ['0x1F', '0x1F'],
  ['1e3', '1e3'],
  ['.inf', '.inf'],
  ['.nan', '.nan'],
  ['0o17', '0o17'],
  ['012', '012'],
  ['1:20 (base 60)', '1:20'],
  ['=', '='],
  ['<<', '<<'],
  ['empty', ''],
];

/** A template with `s` as a description, a map key, list elements and a short-form argument. */
function carrying(s: string): Template {
  return {
    Description: s,
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Description: s, Tags: [{ Key: 'k', Value: s }], List: [s, s], Env: { [s]: s }, Sub: { 'Fn::Sub': s } },
      },
    },
  };
}

describe('toYaml: strings any reader gets back exactly', () => {
  it.each(NASTY)('%s: as a description, a key and a list element, through YAML 1.1, YAML 1.2 and JSON', (_, s) => {
    // GIVEN a template carrying the string in several places
    const t = carrying(s);
    // WHEN written as YAML and as JSON
    const yaml = toYaml(t);
    const json = toJson(t);
    // THEN no character a reader refuses or normalizes is written raw
    expect(yaml).not.toMatch(RAW_FORBIDDEN);
    // AND every reading gives back the same data
    expect(parseTemplate(yaml)).toEqual(t);
    expect(parse12(yaml)).toEqual(t);
    expect(JSON.parse(json)).toEqual(t);
    expect(parseTemplate(json)).toEqual(t);
  });

  it('writes such characters as YAML escapes in double quotes', () => {
    // GIVEN strings with line separators, controls, non-characters and a BOM / WHEN written / THEN each is escaped
    expect(toYaml({ D: 'a\u2028b\u2029c\u0085d' })).toBe('D: "a\\Lb\\Pc\\Nd"\n');
    expect(toYaml({ D: '\u0000\u0007\u001b\u007f\u0080\u009f' })).toBe('D: "\\0\\a\\e\\x7F\\x80\\x9F"\n');
    expect(toYaml({ D: '\ufeff\ufffe\uffff "q" \\' })).toBe('D: "\\uFEFF\\uFFFE\\uFFFF \\"q\\" \\\\"\n');
    expect(toYaml({ D: 'a\tb', E: 'l1\r\nl2' })).toBe('D: "a\\tb"\nE: "l1\\r\\nl2"\n');
    // AND astral characters stay as they are
    expect(toYaml({ D: 'grin \u{1F600}' })).toBe('D: grin \u{1F600}\n');
  });

  it('keeps multi-line text a literal block where a block carries it exactly', () => {
    expect(toYaml({ Code: 'line one\n  line two\n' })).toBe('Code: |\n  line one\n    line two\n');
    expect(toYaml({ Code: 'a\tb\nc' })).toBe('Code: |-\n  a\tb\n  c\n');
    // a first line starting with a TAB (libyaml refuses that block) and whitespace-only text are escaped
    expect(toYaml({ Code: '\tx\ny' })).toBe('Code: "\\tx\\ny"\n');
    expect(toYaml({ Code: ' \n' })).toBe('Code: " \\n"\n');
  });

  it.skipIf(!cfnLintAvailable)(`a template with such strings passes cfn-lint: no E0000 parse error ${cfnLintSkipReason}`, () => {
    // GIVEN a valid template with every nasty string in its description, metadata, tags and outputs
    const strings = NASTY.map(([, s]) => s);
    const t = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: strings.join(' | '),
      Metadata: { Notes: strings, Keys: Object.fromEntries(strings.map((s, i) => [s, i])) },
      Resources: { Jobs: { Type: 'AWS::SQS::Queue', Metadata: { Notes: strings }, Properties: { Tags: strings.map((s, i) => ({ Key: `k${i}`, Value: s })) } } },
      Outputs: { Url: { Value: { Ref: 'Jobs' }, Description: strings.slice(0, 12).join('') } },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nasty-'));
    try {
      const file = path.join(dir, 'template.yaml');
      fs.writeFileSync(file, toYaml(t));
      // WHEN linted
      const r = cfnLint(file);
      // THEN it parses, and has no errors at all
      expect(r.output).not.toContain('E0000');
      expect(r.errors).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toYaml and toJson: unpaired surrogates', () => {
  it.each([
    ['a description', { Resources: { Fn: { Type: 'T', Properties: { Description: 'Hello \ud83d world' } } } }, 'Resources.Fn.Properties.Description', /string contains an unpaired surrogate \(U\+D83D\) at index 6, after "Hello "/],
    ['a list element', { Resources: { Fn: { Type: 'T', Properties: { Layers: ['ok', '\ude00'] } } } }, 'Resources.Fn.Properties.Layers[1]', /unpaired surrogate \(U\+DE00\) at index 0/],
    ['a key', { Resources: { Fn: { Type: 'T', Properties: { 'k\udbff': 1 } } } }, 'Resources.Fn.Properties.k\\udbff', /key contains an unpaired surrogate \(U\+DBFF\) at index 1, after "k"/],
    ['a short-form argument', { Resources: { Fn: { Type: 'T', Properties: { Role: { 'Fn::GetAtt': ['R\ud800', 'Arn'] } } } } }, 'Resources.Fn.Properties.Role.Fn::GetAtt[0]', /unpaired surrogate \(U\+D800\) at index 1/],
    ['a reversed pair', { Description: '\ude00\ud83d' }, 'Description', /unpaired surrogate \(U\+DE00\) at index 0/],
  ])('are refused in %s, naming its path and position', (_, t, where, detail) => {
    // GIVEN a string with half of a surrogate pair (no UTF-8 form) / WHEN written / THEN both writers refuse it
    expectLambdaformError(() => toYaml(t), where, detail);
    expectLambdaformError(() => toJson(t), where, detail);
  });

  it('a whole pair (an astral character) is fine', () => {
    const t = { Description: 'Hello \ud83d\ude00 \u{10FFFF}' };
    expect(parseTemplate(toYaml(t))).toEqual(t);
    expect(JSON.parse(toJson(t))).toEqual(t);
  });
});

describe('toYaml: numbers', () => {
  it('writes exponents with a fraction (a float in YAML 1.1 too), and -0 as 0, as JSON does', () => {
    // GIVEN numbers JSON writes with an exponent, and a negative zero
    const t = { N: [1e21, -1e21, 5e-7, 1.5e300, 5e-324, 1.7976931348623157e308, -0, 0.1, 9007199254740993] };
    // WHEN written
    const yaml = toYaml(t);
    // THEN exponents get a fraction, -0 is 0 (CloudFormation has no negative zero; JSON.stringify writes 0 too)
    expect(yaml).toContain('  - 1.0e+21\n  - -1.0e+21\n  - 5.0e-7\n  - 1.5e+300\n  - 5.0e-324\n  - 1.7976931348623157e+308\n  - 0\n  - 0.1\n');
    // AND every reader gives the same numbers back
    const expected = JSON.parse(toJson(t));
    expect(Object.is(expected.N[6], 0)).toBe(true);
    expect(parseTemplate(yaml)).toEqual(expected);
    expect(parse12(yaml)).toEqual(expected);
  });
});

describe('toYaml and toJson: other values', () => {
  it('leave out keys whose value is undefined, and write undefined in a list as null, as JSON does', () => {
    const t = { A: undefined, B: [undefined, 1], C: 'x' };
    expect(toYaml(t)).toBe('B:\n  - null\n  - 1\nC: x\n');
    expect(parseTemplate(toYaml(t))).toEqual(JSON.parse(toJson(t)));
  });

  it('do not take a single key inherited from Object (toString, constructor) for an intrinsic', () => {
    const t = { A: { toString: 'x' }, B: { constructor: ['y'] } };
    expect(parseTemplate(toYaml(t))).toEqual(t);
  });

  it('write GetAtt of a dotted logical id as a list, which reads back the same', () => {
    const t = { V: { 'Fn::GetAtt': ['A.B', 'Arn'] } };
    expect(parseTemplate(toYaml(t))).toEqual(t);
  });
});

/** Intrinsics whose argument a short form cannot hold: each keeps its long form and reads back the same. */
const LONG_FORMS: ReadonlyArray<readonly [string, unknown, string]> = [
  ['a short form inside another (Base64 of Sub)', { 'Fn::Base64': { 'Fn::Sub': 'echo ${X}' } }, 'V:\n  Fn::Base64: !Sub echo ${X}\n'],
  ['ImportValue of Sub', { 'Fn::ImportValue': { 'Fn::Sub': '${Stage}-vpc' } }, 'V:\n  Fn::ImportValue: !Sub ${Stage}-vpc\n'],
  ['GetAZs of Ref', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, 'V:\n  Fn::GetAZs: !Ref AWS::Region\n'],
  ['Ref of Ref', { Ref: { Ref: 'X' } }, 'V:\n  Ref: !Ref X\n'],
  ['a null argument', { Ref: null }, 'V:\n  Ref: null\n'],
  ['a number argument', { Ref: 1 }, 'V:\n  Ref: 1\n'],
  ['a boolean argument', { 'Fn::Base64': true }, 'V:\n  Fn::Base64: true\n'],
  ["GetAtt's string form", { 'Fn::GetAtt': 'A.Arn' }, 'V:\n  Fn::GetAtt: A.Arn\n'],
  ['GetAtt of a map', { 'Fn::GetAtt': {} }, 'V:\n  Fn::GetAtt: {}\n'],
  ['a << argument (tagged !!str)', { Ref: '<<' }, "V:\n  Ref: !!str '<<'\n"],
];

describe('toYaml: intrinsics that keep their long form', () => {
  it.each(LONG_FORMS)('%s', (_, v, text) => {
    // GIVEN an intrinsic whose argument no short form holds / WHEN written / THEN it is a key, and reads back the same
    const t = { V: v };
    expect(toYaml(t)).toBe(text);
    expect(parseTemplate(toYaml(t))).toEqual(t);
    expect(parse12(toYaml(t))).toEqual(t);
  });
});

/** True when some string (or key) in `v` has an unpaired surrogate. */
function hasLoneSurrogate(v: unknown): boolean {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  if (typeof v === 'string') return lone.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => lone.test(k) || hasLoneSurrogate(x));
  return false;
}

/** Characters that matter to YAML, to make them frequent in generated strings. */
const YAML_CHARS = ['\n', '\r', '\t', ' ', '#', ':', '-', '?', '|', '>', "'", '"', '\\', '%', '@', '`', '!', '&', '*', '{', '[', ',', '~', '.', '0', '1', 'e', 'x', 'y', '\u0085', '\u2028', '\u2029', '\ufeff', '\u0000', '\u007f', '\u{1F600}'];

const strings = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...YAML_CHARS), maxLength: 12 }),
);
const keys = fc.oneof(strings, strings.map((s) => `$${s}`));
/** The intrinsics toYaml writes in short form (and Properties, which makes Condition one). */
const INTRINSICS = ['Ref', 'Condition', 'Properties', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Cidr'];
const { json: ourJson } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    strings,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(keys, tie('json'), { maxKeys: 4 }),
    // single-key maps that look like intrinsics, and GetAtt pairs of any strings
    fc.tuple(fc.constantFrom(...INTRINSICS), tie('json')).map(([k, x]) => ({ [k]: x })),
    fc.tuple(strings, strings).map(([a, b]) => ({ 'Fn::GetAtt': [a, b] })),
  ),
}));
/** Arbitrary JSON values without unpaired surrogates (which are refused, see above). */
const jsonValues = fc
  .oneof(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 }), fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), ourJson)
  .filter((v) => !hasLoneSurrogate(v));

describe('toYaml and toJson: any JSON value round-trips (property-based)', () => {
  // -0 reads back as 0 from both texts (JSON has no -0; toYaml writes 0), so the expectation is the JSON reading.
  it('toYaml → parseTemplate (YAML 1.1) and YAML 1.2, and toJson → JSON.parse, give the value back', () => {
    fc.assert(
      fc.property(jsonValues, (v) => {
        const expected: unknown = JSON.parse(JSON.stringify(v));
        const yaml = toYaml(v);
        expect(yaml).not.toMatch(RAW_FORBIDDEN);
        expect(parseTemplate(yaml)).toEqual(expected);
        expect(parse12(yaml)).toEqual(expected);
        expect(JSON.stringify(parseTemplate(yaml))).toBe(JSON.stringify(expected));
        expect(JSON.parse(toJson(v))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('inside a template, with short forms around them', () => {
    fc.assert(
      fc.property(strings.filter((s) => !hasLoneSurrogate(s)), jsonValues, (s, v) => {
        const t = { Description: s, Resources: { R: { Type: s, Properties: { V: v, Sub: { 'Fn::Sub': s }, Ref: { Ref: s }, L: [s, { 'Fn::Join': [s, [v]] }] } } } };
        const expected: unknown = JSON.parse(JSON.stringify(t));
        expect(parseTemplate(toYaml(t))).toEqual(expected);
        expect(parse12(toYaml(t))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

const loaderMissing = cfnLintLoaderMissing();
const pythonLoaders = toolRequirement(loaderMissing === undefined, loaderMissing ?? '') === 'run';

describe.skipIf(!pythonLoaders)(`Python readers (cfn-lint's loader, PyYAML, libyaml) ${loaderMissing ? `SKIPPED: ${loaderMissing}` : ''}`, () => {
  // One Python process reads all the texts (importing cfn-lint takes seconds).
  const nasty = NASTY.map(([, s]) => carrying(s));
  const numbers = { N: [1e21, -1e21, 5e-7, 1.5e300, 5e-324, -0, 0.1, 9007199254740993, 123456789012345680000] };
  const longForms = { Resources: { R: { Type: 'T', Properties: Object.fromEntries(LONG_FORMS.map(([, v], i) => [`P${i}`, v])) } } };
  const sampled = fc.sample(jsonValues, { numRuns: 300, seed: 20240607 }).map((v) => ({ Resources: { R: { Type: 'T', Properties: { V: v, Sub: { 'Fn::Sub': JSON.stringify(v) } } } } }));
  const all = [...nasty, numbers, longForms, ...sampled];
  let results: ReturnType<typeof pythonYamlLoads> = [];
  beforeAll(() => {
    results = pythonYamlLoads(all.map((t) => toYaml(t)));
  });

  /** Expects every Python reader to give back the JSON reading of each template in `templates` (a slice of `all`). */
  function expectPythonReads(templates: unknown[]): void {
    for (const t of templates) {
      const i = all.indexOf(t as never);
      for (const [reader, r] of Object.entries(results[i]!)) {
        expect('error' in r ? `${reader} refused it: ${r.error}` : r.value, `${reader} reading ${JSON.stringify(toYaml(t))}`).toEqual(JSON.parse(toJson(t)));
      }
    }
  }

  it('read every nasty string back exactly', () => {
    expectPythonReads(nasty);
  });

  it('read numbers back as the same numbers', () => {
    expectPythonReads([numbers]);
  });

  it('read intrinsics in long form back the same', () => {
    expectPythonReads([longForms]);
  });

  it('read arbitrary JSON values back exactly (a fixed sample)', () => {
    expectPythonReads(sampled);
  });
});
