// Templates aws-cdk-lib wrote (`cdk synth`): test/fixtures/cdk-out/Trial.template.json is trimmed by
// hand from the output of aws-cdk-lib 2.276 (with the CDK CLI's path and asset metadata): a function
// with `logRetention` (Custom::LogRetention and CDK's LogRetention handler), one with `logGroup`
// (LoggingConfig.LogGroup), and an HTTP API route (CDK writes its Target with Fn::Join) to a function
// with a 60 s timeout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTemplate, importTemplateFiles, parseTemplate } from '../../lib/import/index.js';
import { lint } from '../../lib/lint/engine.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { ROOT } from '../helpers/examples.js';

const FILE = 'test/fixtures/cdk-out/Trial.template.json';
const TODAY = new Date('2026-11-22T00:00:00Z');
const model = () => importTemplateFiles([FILE], { cwd: ROOT });
const findings = (preset: 'recommended' | 'strict' = 'recommended') => lint(model(), { preset }, undefined, TODAY, ROOT);

describe('a cdk synth template', () => {
  it("names resources by CDK's construct path (aws:cdk:path without /Resource), keeping logical ids and lines", () => {
    const f = findings().find((x) => x.rule === 'api-timeout');
    expect(f).toMatchObject({ path: 'Trial/Api/POST--slow', logicalId: 'ApiPOSTslowA4D0707C', source: { file: FILE, line: 402 } });
    expect(f?.message).toMatch(/^route 'POST \/slow' of Trial\/Api invokes Trial\/Slow, whose timeout \(60 s\)/);
    const nodes = model().stacks[0]!.nodes;
    expect(nodes.find((n) => n.logicalId === 'SlowACAFBC61')?.origin.path).toBe('Trial/Slow');
    expect(nodes.find((n) => n.logicalId === 'SlowServiceRole871B0F13')?.origin.path).toBe('Trial/Slow/ServiceRole');
  });

  it("reads CDK's HTTP API routes (Target: Fn::Join ['', ['integrations/', !Ref Integration]]) as route edges", () => {
    const routes = model().stacks[0]!.edges.filter((e) => e.kind === 'apiRoute');
    expect(routes.map((r) => [r.logicalId, r.props])).toEqual([['ApiPOSTslowA4D0707C', { method: 'POST', path: '/slow', payloadFormatVersion: '2.0' }]]);
    expect(findings().map((x) => x.rule)).toContain('api-timeout');
  });

  it("keeps CDK's LogRetention handler, its role and policy as written: no finding on CDK's own function", () => {
    const nodes = model().stacks[0]!.nodes;
    for (const id of ['LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A', 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aServiceRole9741ECFB', 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aServiceRoleDefaultPolicyADDA7DEB']) {
      expect(nodes.find((n) => n.logicalId === id)?.kind, id).toBe('raw');
    }
    expect(findings('strict').filter((x) => x.path.includes('LogRetention'))).toEqual([]);
  });

  it("log-retention: counts Custom::LogRetention (logRetention) and the group LoggingConfig.LogGroup names (logGroup)", () => {
    const paths = findings('strict')
      .filter((x) => x.rule === 'log-retention')
      .map((x) => x.path);
    expect(paths).toEqual(['Trial/Slow']);
  });
});

it("cdk-nag's AwsSolutions-IAM5 on a CDK default policy acknowledges iam-wildcard on its statements", () => {
  // As cdk-nag's NagSuppressions.addResourceSuppressions writes it on the role's DefaultPolicy.
  const text = `Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
    Metadata: { aws:cdk:path: App/Fn/ServiceRole/Resource }
  FnRoleDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: FnRoleDefaultPolicy
      Roles: [!Ref FnRole]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 's3:*', Resource: '*' }] }
    Metadata:
      aws:cdk:path: App/Fn/ServiceRole/DefaultPolicy/Resource
      cdk_nag: { rules_to_suppress: [{ id: AwsSolutions-IAM5, reason: migration bucket names are not known yet }] }
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: index.handler, Role: !GetAtt FnRole.Arn, Code: { ZipFile: 'exports.handler = async () => 1;' } }
    Metadata: { aws:cdk:path: App/Fn/Resource }
`;
  const stack = importTemplate(parseTemplate(text, 'App.template.yaml'));
  const found = lint({ version: 1, stacks: [stack] } as never, {}, undefined, TODAY, ROOT).filter((f) => f.rule === 'iam-wildcard');
  expect(found).toMatchObject([{ path: 'App/Fn/ServiceRole#grant0', source: { line: 7 }, suppressed: { via: 'cdk-nag:AwsSolutions-IAM5' } }]);
  expect(found[0]?.message).toMatch(/^App\/Fn\/ServiceRole \(the role of App\/Fn\) has a statement from the template's policy \(App\/Fn\/ServiceRole\/DefaultPolicy\)/);
});

describe("a cdk.out's staged assets (aws:asset:path)", () => {
  const write = (dir: string, files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  const TEMPLATE = (handler: string) => `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: ${handler}
      Role: arn:aws:iam::123456789012:role/r
      Code: { S3Bucket: !Sub 'cdk-hnb659fds-assets-\${AWS::AccountId}-\${AWS::Region}', S3Key: 0ae9.zip }
    Metadata: { aws:cdk:path: App/Fn/Resource, aws:asset:path: asset.0ae9, aws:asset:is-bundled: false, aws:asset:property: Code }
`;

  it("reads the function's code from the staged directory: the handler rules judge it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cdk-out-'));
    write(dir, { 'cdk.out/App.template.yaml': TEMPLATE('index.handler'), 'cdk.out/asset.0ae9/index.mjs': 'export const main = async () => ({ ok: true });\n' });
    const model = importTemplateFiles(['cdk.out/App.template.yaml'], { cwd: dir });
    const stack = model.stacks[0]!;
    const fn = stack.nodes.find((n) => n.logicalId === 'Fn');
    expect(fn?.kind === 'function' && fn.props.code).toMatchObject({ kind: 'asset' });
    expect(stack.assets.map((a) => a.path)).toEqual(['cdk.out/asset.0ae9']);
    const found = lint(model, {}, undefined, TODAY, dir).filter((f) => f.rule === 'handler-not-found');
    expect(found).toMatchObject([{ path: 'App/Fn' }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the code in S3 (not judged) when the staged directory is not there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cdk-out-'));
    write(dir, { 'App.template.yaml': TEMPLATE('index.handler') });
    const fn = importTemplateFiles(['App.template.yaml'], { cwd: dir }).stacks[0]!.nodes.find((n) => n.logicalId === 'Fn');
    expect(fn?.kind === 'function' && fn.props.code).toMatchObject({ kind: 'bucket' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("a cdk synth template's model, rendered again", () => {
  it('keeps the removal policies (DeletionPolicy, UpdateReplacePolicy) of resources named by aws:cdk:path', () => {
    const text = JSON.stringify({
      Resources: { JobsB4F1C4C5: { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Metadata: { 'aws:cdk:path': 'Trial/Jobs/Resource' } } },
    });
    const stack = importTemplate(parseTemplate(text, 'Trial.template.json'));
    expect(stack.nodes[0]).toMatchObject({ id: 'JobsB4F1C4C5', removalPolicy: 'retain', origin: { path: 'Trial/Jobs' } });
    for (const template of [toCloudFormation(stack), toSam(stack)]) {
      expect(template.Resources.JobsB4F1C4C5).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});
