// The fast YAML reader gives exactly what the full reader gives — the same data and the same
// line and column for every value — or steps aside (undefined) for the full reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descend, type LocNode } from '../../lib/import/read-common.js';
import { loadYamlFast } from '../../lib/import/read-yaml-fast.js';
import { loadYaml, yaml11Resolver, yaml11SchemaResolver } from '../../lib/import/read-yaml.js';
import { YAML11_WORDS } from '../../lib/synth/yaml-writer.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { stack as kitchenSink } from '../fixtures/apps/kitchen-sink.js';
import { EXAMPLES, loadExample, ROOT } from '../helpers/examples.js';

/** A location tree as plain data, for deep comparison. */
function plain(loc: LocNode): unknown {
  return { at: loc.at, ...(loc.src ? { src: loc.src } : {}), ...(loc.children ? { children: [...loc.children].map(([k, v]) => [k, plain(v)]) } : {}) };
}

function same(text: string, file: string): 'fast' | 'full' {
  const fast = loadYamlFast(text);
  if (!fast) return 'full';
  const full = loadYaml(text, file, 'yaml');
  expect(fast.data, `${file}: data`).toEqual(full.data);
  expect(plain(fast.root), `${file}: locations`).toEqual(plain(full.root));
  return 'fast';
}

const DIR = path.join(ROOT, 'test/fixtures/templates');
const FIXTURES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

describe('the fast reader agrees with the full reader', () => {
  it.each(FIXTURES)('fixture %s', (f) => {
    same(fs.readFileSync(path.join(DIR, f), 'utf8'), f);
  });

  it('on the templates lambdaform writes (examples and the kitchen sink, SAM and CloudFormation), reading them all itself', async () => {
    const stacks = [stackModel(kitchenSink), ...(await Promise.all(EXAMPLES.map(async (e) => (await loadExample(e)).synth().stacks))).flat()];
    for (const s of stacks) {
      expect(same(toYaml(toSam(s)), `${s.name}.sam.yaml`)).toBe('fast');
      expect(same(toYaml(toCloudFormation(s)), `${s.name}.template.yaml`)).toBe('fast');
    }
  });

  it.each([
    ['YAML 1.1 scalars', 'A: yes\nB: 0755\nC: 2010-09-09\nD: 10:30\nE: E3505\nF: 1.5e3\nG: ~\nH: "yes"\nI: \'0755\'\nJ: .inf\nK:\nL: [on, off, 0x1F, -3]\n'],
    ['short forms in every position', "R: !Ref X\nG: !GetAtt A.B.C\nH: !GetAtt [A, B]\nS: !Sub 'a ${X}'\nT: !Sub\n  - '${A}-${B}'\n  - A: !Ref P\n    B: x\nJ: !Join ['', [!Ref A, x]]\nI: !If [C, !Ref A, !Ref AWS::NoValue]\nL:\n  - !Ref A\n  - !Select [0, !GetAZs '']\nE: !Equals [!Ref Stage, prod]\n"],
    ['block scalars, quotes and comments', 'Code: |\n  exports.handler = async () => {\n    return 1; # not a comment\n  };\nFolded: >-\n  a\n  b\nQ: "a: b" # comment\nK: \'it\'\'s\'\n# a comment line\nL:   # comment after the key\n  - x\n'],
    ['flow collections across lines', 'A: {a: 1,\n  b: [x,\n    y]}\nB: [ {k: v}, 2 ]\n'],
    ['long form GetAtt string', "A: {'Fn::GetAtt': 'X.Y'}\nB:\n  Fn::GetAtt: X.Y.Z\n"],
    ['flow collections closed on the next line, after plain and quoted scalars', "A: {B: x\n  }\nC: [x\n  ]\nD: {B: 'x'\n  }\nE: [\"y\"\n  ]\nF: {Fn::GetAtt: X.Y\n  }\nG: [a, b c\n  ]\n"],
    ['quoted tagged scalars, tagged maps and lists, GetAtt strings inside them', "C: !Base64 'x'\nD: !Transform {Name: N, Parameters: {Fn::GetAtt: R.Arn}}\nE: !GetAtt 'Q.Arn'\nF: !Split\n  - ','\n  - !GetAtt \"W.X.Y\"\nG: !If [C, {Fn::GetAtt: R.Arn}, x]\n"],
  ])('on %s', (_what, text) => {
    expect(same(text, 'snippet.yaml')).toBe('fast');
  });

  it("reads a flow collection closed at its key's indentation, as PyYAML (cfn-lint, SAM CLI) does, which the full reader refuses (SAM's api_resource_policy example)", () => {
    const text = [
      'Resources:',
      '  Api:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      Auth:',
      '        ResourcePolicy:',
      '          CustomStatements: [{',
      '            "Effect": "Allow",',
      '            "Action": "execute-api:Invoke"',
      '          }]',
      '      StageName: prod',
      '',
    ].join('\n');
    expect(() => loadYaml(text, 'template.yaml', 'yaml')).toThrow(/Flow map in block collection must be sufficiently indented/);
    const fast = loadYamlFast(text)!;
    expect(fast.data).toEqual({ Resources: { Api: { Type: 'AWS::Serverless::Api', Properties: { Auth: { ResourcePolicy: { CustomStatements: [{ Effect: 'Allow', Action: 'execute-api:Invoke' }] } }, StageName: 'prod' } } } });
    expect(descend(fast.root, ['Resources', 'Api', 'Properties', 'StageName'])?.at).toEqual({ line: 11, column: 7 });
  });

  it.each([
    ['a leading document start', '---\nA: 1\nB: [x, !Ref Y]\n'],
    ['a document start after comments, with its own comment', '# the stack\n\n--- # begins\nA: {b: !GetAtt X.Y}\n'],
  ])('on %s', (_what, text) => {
    expect(same(text, 'snippet.yaml')).toBe('fast');
  });

  it('leaves a second document, and a document start with content on its line, to the full reader', () => {
    expect(loadYamlFast('---\nA: 1\n---\nB: 2\n')).toBeUndefined();
    expect(loadYamlFast('--- {A: 1}\n')).toBeUndefined();
  });

  it("reads a template that starts with `---` and closes a flow collection at its key's indentation, which the full reader refuses (SAM's implicit_api_settings example)", () => {
    const text = ['---', 'Globals:', '  Api:', '    MethodSettings: [{', '        "LoggingLevel": "INFO",', '        "HttpMethod": "*",', '    }]', 'Resources:', '  Q: {Type: AWS::SQS::Queue}', ''].join('\n');
    expect(() => loadYaml(text, 'template.yaml', 'yaml')).toThrow(/Flow map in block collection must be sufficiently indented/);
    const fast = loadYamlFast(text)!;
    expect(fast.data).toEqual({ Globals: { Api: { MethodSettings: [{ LoggingLevel: 'INFO', HttpMethod: '*' }] } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
    expect(descend(fast.root, ['Resources', 'Q', 'Type'])?.at).toEqual({ line: 9, column: 7 });
  });

  it('reads every plain scalar as the full reader does: YAML 1.1 words, numbers and strings that start with a letter', () => {
    // The fast reader settles a scalar that starts with a letter without the schema's tests.
    const caseVariants = (w: string): string[] => [...Array(1 << w.length).keys()].map((m) => [...w].map((c, i) => (m & (1 << i) ? c.toUpperCase() : c)).join(''));
    const words = [...YAML11_WORDS].flatMap((w) => caseVariants(w.toLowerCase()));
    const check = (scalars: readonly string[]): void => {
      const text = scalars.map((v, i) => `K${i}: ${v}`).join('\n') + '\n';
      expect(same(text, 'scalars.yaml')).toBe('fast');
    };
    check([...words, 'e1', 'E5', 'x1', 'inf', 'nan', 'Infinity', 'NaN', 'yes_', 'Null1', 'on-off', 'ok', 'O', 'T', 'F', 'a.5', 'b0x1F']);
    const letterFirst = fc.tuple(fc.constantFrom(...'aeEfFnNoOtTxXyYzZ'), fc.string({ unit: fc.constantFrom(...'aeEfFlnNoOrsStTuUxXyY0159._-+'), maxLength: 6 })).map(([c, rest]) => c + rest);
    const any = fc.string({ unit: fc.constantFrom(...'aeEnNoOtTxXy0159._-+'), minLength: 1, maxLength: 6 }).filter((v) => !/^[-?:]|[-.]$|^\.|^[+]|^-/.test(v) || /^[-+]?[0-9]/.test(v));
    fc.assert(fc.property(fc.array(fc.oneof(letterFirst, any), { minLength: 1, maxLength: 20 }), (scalars) => check(scalars)), { numRuns: 300, seed: 7 });
  });

  it('reads whole numbers as the full reader does, those it settles without the schema (plain decimals of up to 15 digits) and the others', () => {
    const settled = ['0', '7', '30', '256', '900000', '123456789012345'];
    const schemas = ['00', '010', '08', '1_000', '+1', '-1', '-0', '0x1F', '0o17', '1e3', '1.0', '1234567890123456', '12345678901234567890', '1:30', '0b101'];
    const check = (scalars: readonly string[]): void => {
      const text = scalars.map((v, i) => `K${i}: ${v}`).join('\n') + '\n';
      expect(same(text, 'numbers.yaml')).toBe('fast');
    };
    check([...settled, ...schemas]);
    const resolve = yaml11Resolver();
    const schema = yaml11SchemaResolver();
    for (const v of [...settled, ...schemas]) expect(resolve(v), v).toEqual(schema(v));
    fc.assert(fc.property(fc.oneof(fc.nat().map(String), fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String), fc.stringMatching(/^[0-9_]{1,17}$/)), (v) => {
      expect(resolve(v), v).toEqual(schema(v));
    }), { numRuns: 2000, seed: 3 });
  });

  it('reads as strings, without the schema, only what the schema reads as strings: `$default`, `/path`, a digit-first asset key', () => {
    const resolve = yaml11Resolver();
    const schema = yaml11SchemaResolver();
    for (const v of ['$default', '/items/{id}', '_x', '081520e339a08a1b5e58d749bef5cc717c86f633a85292843b538316037619c6.zip', '1password', '2001-12-14t21:59:43.10-05:00', '2001-12-14', '1:30', '0x1F', '.5', '-.inf', '~', '<<', 'yes', 'Off', 'true', 'True', 'TRUE', 'tRue', 'null', 'Null', 'NULL', 'nULL', 'y', 'Y', 'n', 'No', 'ON', 'oN']) {
      expect(resolve(v), v).toEqual(schema(v));
    }
    const unit = fc.constantFrom(...'0123456789abcdefxobtTzZEe_.:+-~<$/ \tipsy!?%@NnYyOo'.split(''));
    fc.assert(fc.property(fc.string({ unit, minLength: 1, maxLength: 12 }), (v) => {
      expect(resolve(v), v).toEqual(schema(v));
    }), { numRuns: 20000, seed: 5 });
  });

  it.each([
    ['anchors and aliases', 'A: &a {x: 1}\nB: *a\n'],
    ['merge keys', 'A: {x: 1}\nB:\n  <<: {y: 2}\n'],
    ['explicit core tags', 'A: !!str 123\n'],
    ['duplicate keys', 'A: 1\nA: 2\n'],
    ['an unknown tag', 'A: !Nope x\n'],
    ['two tags on one value', 'A: !Base64 !Sub x\n'],
    ['bad YAML', 'A: [1, 2\n'],
    ['a GetAtt without an attribute', 'A: !GetAtt X\n'],
  ])('steps aside on %s', (_what, text) => {
    expect(loadYamlFast(text)).toBeUndefined();
  });
});
