// The Template assertions of lambdaform/testing on a hand-written template: each passes on what it
// should and fails, naming the mismatch, on what it should not (names and semantics of aws-cdk-lib/assertions).
import { describe, expect, it } from 'vitest';
import type { Template as TemplateJson } from '../../lib/synth/template.js';
import { App, Queue, Stack } from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';

function sample(): TemplateJson {
  return {
    Resources: {
      Jobs: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 180, FifoQueue: false } },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } },
      Bare: { Type: 'AWS::SQS::Queue' },
      Worker: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['Jobs'],
        Properties: {
          Handler: 'index.handler',
          Layers: ['arn:aws:lambda:us-east-1:1:layer:a:1', 'arn:aws:lambda:us-east-1:1:layer:b:2'],
          Environment: { Variables: { QUEUE_URL: { Ref: 'Jobs' } } },
          Policy: '{"Version":"2012-10-17","Statement":[]}',
        },
      },
    },
    Outputs: { JobsUrl: { Value: { Ref: 'Jobs' }, Description: 'Send jobs here' } },
  };
}

const t = Template.fromJSON(sample());

/** The message `f` throws (fails the test when it does not throw). */
function failure(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('hasResourceProperties', () => {
  it('passes when some resource of the type has matching properties (partially, nested)', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 30 });
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { QUEUE_URL: { Ref: 'Jobs' } } } });
    t.hasResourceProperties('AWS::Lambda::Function', { Policy: Match.serializedJson({ Version: '2012-10-17', Statement: [] }) });
  });

  it('fails naming each candidate and its mismatch', () => {
    const message = failure(() => t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 60 }));
    expect(message).toContain('no AWS::SQS::Queue matches (3 of that type)');
    expect(message).toContain('Jobs.Properties.VisibilityTimeout: expected 60, got 180');
    expect(message).toContain('Dlq.Properties.VisibilityTimeout: expected 60, got 30');
    expect(message).toContain("Bare.Properties.VisibilityTimeout: missing key 'VisibilityTimeout'");
  });

  it('fails on a nested mismatch, naming the path', () => {
    const message = failure(() => t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { QUEUE_URL: { Ref: 'Dlq' } } } }));
    expect(message).toContain('Worker.Properties.Environment.Variables.QUEUE_URL.Ref: expected "Dlq", got "Jobs"');
  });

  it('absent fails when the property is there, and passes when it is not', () => {
    expect(failure(() => t.hasResourceProperties('AWS::Lambda::Function', { Handler: Match.absent() }))).toContain('Worker.Properties.Handler: expected the key to be absent, got "index.handler"');
    t.hasResourceProperties('AWS::Lambda::Function', { Timeout: Match.absent() });
  });

  it('treats a resource without Properties as having {} (as CDK does), unless Properties must be absent', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: Match.absent(), VisibilityTimeout: Match.absent() });
    t.hasResourceProperties('AWS::SQS::Queue', Match.absent());
    expect(failure(() => t.hasResourceProperties('AWS::Lambda::Function', Match.absent()))).toContain('Worker.Properties: expected the key to be absent');
  });

  it('fails naming the types there are when there is no resource of the type', () => {
    expect(failure(() => t.hasResourceProperties('AWS::SNS::Topic', {}))).toBe('no resource of type AWS::SNS::Topic (the template has AWS::Lambda::Function, AWS::SQS::Queue)');
  });
});

describe('hasResource', () => {
  it('matches the whole definition: DependsOn, Properties', () => {
    t.hasResource('AWS::Lambda::Function', { DependsOn: ['Jobs'], Properties: Match.objectLike({ Handler: 'index.handler' }) });
    t.hasResource('AWS::SQS::Queue', { Properties: Match.absent() });
  });

  it('fails naming the mismatch', () => {
    expect(failure(() => t.hasResource('AWS::Lambda::Function', { DependsOn: ['Dlq'] }))).toContain('Worker.DependsOn[0]: expected "Dlq", got "Jobs"');
    expect(failure(() => t.hasResource('AWS::Lambda::Function', { Condition: Match.anyValue() }))).toContain("Worker.Condition: missing key 'Condition'");
    expect(failure(() => t.hasResource('AWS::Lambda::Function', { Properties: Match.objectEquals({ Handler: 'index.handler' }) }))).toContain(
      "Worker.Properties: unexpected key(s) 'Layers', 'Environment', 'Policy'",
    );
  });

  it('arrays must match in length and order; arrayWith finds elements in order', () => {
    const [a, b] = sample().Resources.Worker!.Properties!.Layers as string[];
    t.hasResourceProperties('AWS::Lambda::Function', { Layers: [a, b] });
    t.hasResourceProperties('AWS::Lambda::Function', { Layers: Match.arrayWith([b]) });
    expect(failure(() => t.hasResourceProperties('AWS::Lambda::Function', { Layers: [b, a] }))).toContain('Worker.Properties.Layers[0]');
    expect(failure(() => t.hasResourceProperties('AWS::Lambda::Function', { Layers: [a] }))).toContain('Worker.Properties.Layers: expected 1 element(s), got 2');
    expect(failure(() => t.hasResourceProperties('AWS::Lambda::Function', { Layers: Match.arrayWith([b, a]) }))).toContain('no element after element 1');
  });
});

describe('resourceCountIs and resourcePropertiesCountIs', () => {
  it('count resources of a type', () => {
    t.resourceCountIs('AWS::SQS::Queue', 3);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    expect(failure(() => t.resourceCountIs('AWS::SQS::Queue', 2))).toBe('expected 2 resource(s) of type AWS::SQS::Queue, found 3');
    expect(failure(() => t.resourceCountIs('AWS::SNS::Topic', 1))).toBe('expected 1 resource(s) of type AWS::SNS::Topic, found 0 (the template has AWS::Lambda::Function, AWS::SQS::Queue)');
  });

  it('count resources of a type with matching properties', () => {
    t.resourcePropertiesCountIs('AWS::SQS::Queue', { VisibilityTimeout: Match.anyValue() }, 2);
    t.resourcePropertiesCountIs('AWS::SQS::Queue', { FifoQueue: Match.absent() }, 2);
    t.resourcePropertiesCountIs('AWS::SQS::Queue', {}, 3);
    expect(failure(() => t.resourcePropertiesCountIs('AWS::SQS::Queue', { VisibilityTimeout: 30 }, 2))).toBe(
      'expected 2 resource(s) of type AWS::SQS::Queue with matching properties, found 1 (Dlq)',
    );
  });
});

describe('findResources', () => {
  it('finds resources of a type, filtered by their definition (as in CDK)', () => {
    expect(Object.keys(t.findResources('AWS::SQS::Queue'))).toEqual(['Jobs', 'Dlq', 'Bare']);
    expect(Object.keys(t.findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: 180 } }))).toEqual(['Jobs']);
    expect(Object.keys(t.findResources('AWS::SQS::Queue', { Properties: Match.absent() }))).toEqual(['Bare']);
    expect(Object.keys(t.findResources('AWS::Lambda::Function', { DependsOn: Match.arrayWith(['Jobs']) }))).toEqual(['Worker']);
    expect(t.findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: 1 } })).toEqual({});
    expect(t.findResources('AWS::SNS::Topic')).toEqual({});
  });

  it('returns the definitions', () => {
    expect(t.findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: 30 } })).toEqual({ Dlq: sample().Resources.Dlq });
  });
});

describe('hasOutput', () => {
  it('passes for a matching output, by id or any (*)', () => {
    t.hasOutput('JobsUrl', { Value: { Ref: 'Jobs' } });
    t.hasOutput('*', { Description: Match.stringLikeRegexp(/jobs/) });
  });

  it('fails naming the mismatch, or the outputs there are', () => {
    expect(failure(() => t.hasOutput('JobsUrl', { Value: { Ref: 'Dlq' } }))).toBe('Outputs.JobsUrl.Value.Ref: expected "Dlq", got "Jobs"');
    expect(failure(() => t.hasOutput('JobsUrl', { Export: Match.anyValue() }))).toBe("Outputs.JobsUrl.Export: missing key 'Export' (expected Match.anyValue())");
    expect(failure(() => t.hasOutput('DlqUrl', {}))).toBe('no output DlqUrl (the template has outputs JobsUrl)');
    expect(failure(() => t.hasOutput('*', { Value: 1 }))).toContain('Outputs.JobsUrl.Value: expected number 1, got object');
    expect(failure(() => Template.fromJSON({ Resources: {} }).hasOutput('*', {}))).toBe('no output * (the template has no outputs)');
  });
});

describe('templateMatches', () => {
  it('matches the whole template like objectLike, or with the matcher given', () => {
    t.templateMatches({ Resources: { Bare: { Type: 'AWS::SQS::Queue' } } });
    t.templateMatches(Match.objectLike({ Outputs: Match.objectEquals({ JobsUrl: Match.anyValue() }) }));
    t.templateMatches(Match.exact(sample()));
  });

  it('fails naming the mismatch', () => {
    expect(failure(() => t.templateMatches({ Resources: { Bare: { Type: 'AWS::SNS::Topic' } } }))).toBe(
      'the template does not match: Template.Resources.Bare.Type: expected "AWS::SNS::Topic", got "AWS::SQS::Queue"',
    );
    expect(failure(() => t.templateMatches({ Parameters: Match.anyValue() }))).toContain("Template.Parameters: missing key 'Parameters'");
    expect(failure(() => t.templateMatches(Match.objectEquals({ Resources: Match.anyValue() })))).toContain("Template: unexpected key(s) 'Outputs'");
  });
});

describe('fromStack', () => {
  it("gives each call a template of its own: changing one changes neither the other format's nor the next call's", () => {
    // GIVEN a queue, which the SAM template takes over from the CloudFormation one
    const app = new App();
    const stack = new Stack(app, 'S');
    new Queue(stack, 'Jobs');
    const cfn = Template.fromStack(stack, 'cfn').toJSON();
    const sam = Template.fromStack(stack, 'sam').toJSON();
    // WHEN a test changes the CloudFormation template it got
    (cfn.Resources.Jobs as { Properties?: Record<string, unknown> }).Properties = { Changed: true };
    // THEN the SAM template and a new CloudFormation template are as synthesized
    expect(sam.Resources.Jobs).not.toHaveProperty('Properties.Changed');
    expect(Template.fromStack(stack, 'cfn').toJSON().Resources.Jobs).not.toHaveProperty('Properties.Changed');
    Template.fromStack(stack, 'sam').resourceCountIs('AWS::SQS::Queue', 1);
  });
});

describe('allResourcesProperties and allResources (as CDK)', () => {
  it('pass when every resource of the type matches, and fail naming each that does not', () => {
    t.allResourcesProperties('AWS::Lambda::Function', { Handler: 'index.handler' });
    t.allResources('AWS::SQS::Queue', { Type: 'AWS::SQS::Queue' });
    expect(failure(() => t.allResourcesProperties('AWS::SQS::Queue', { VisibilityTimeout: Match.anyValue() }))).toMatch(/^1 of the 3 AWS::SQS::Queue resources do not match:\n  Bare\.Properties/);
    const message = failure(() => t.allResourcesProperties('AWS::SQS::Queue', { VisibilityTimeout: 180 }));
    expect(message.split('\n')[0]).toBe('2 of the 3 AWS::SQS::Queue resources do not match:');
    expect(message).toContain('Dlq.Properties');
    expect(message).toContain('Bare.Properties');
    expect(failure(() => t.allResources('AWS::SNS::Topic', {}))).toMatch(/^no resource of type AWS::SNS::Topic/);
  });
});

describe('Capture (as CDK)', () => {
  it('captures the value at its place in the resource that matches, not in those that do not', async () => {
    const { Capture } = await import('../../lib/testing/index.js');
    const url = new Capture();
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { QUEUE_URL: url } } });
    expect(url.asObject()).toEqual({ Ref: 'Jobs' });
    expect(() => url.asString()).toThrow('Capture: the captured value is expected to be a string, but it is object {"Ref":"Jobs"}');

    // Only the queue whose whole definition matches (VisibilityTimeout 30) is captured, though Jobs was tried first.
    t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: new Capture(30) });
    const timeout = new Capture();
    expect(failure(() => t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: timeout, FifoQueue: true }))).toMatch(/no AWS::SQS::Queue matches/);
    expect(() => timeout.asNumber()).toThrow('Capture: no value was captured (no match reached it)');
  });

  it('captures one value per matching resource with findResources, read in turn with next(); a pattern narrows it', async () => {
    const { Capture } = await import('../../lib/testing/index.js');
    const timeouts = new Capture();
    t.findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: timeouts } });
    expect(timeouts.asNumber()).toBe(180);
    expect(timeouts.next()).toBe(true);
    expect(timeouts.asNumber()).toBe(30);
    expect(timeouts.next()).toBe(false);
    const layer = new Capture(Match.stringLikeRegexp(':layer:b:'));
    t.hasResourceProperties('AWS::Lambda::Function', { Layers: Match.arrayWith([layer]) });
    expect(layer.asString()).toBe('arn:aws:lambda:us-east-1:1:layer:b:2');
    expect(layer.next()).toBe(false);
    // An element tried and left (its other key did not match) gives nothing to the capture.
    const tags = Template.fromJSON({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'x', Value: 'no' }, { Key: 'y', Value: 'yes' }] } } } });
    const key = new Capture();
    tags.hasResourceProperties('AWS::SQS::Queue', { Tags: Match.arrayWith([Match.objectLike({ Key: key, Value: 'yes' })]) });
    expect(key.asString()).toBe('y');
    expect(key.next()).toBe(false);
  });
});

describe("Outputs, Parameters, Conditions and Mappings by logical id (aws-cdk-lib's find*/has*)", () => {
  const sections = Template.fromJSON({
    Parameters: { Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] }, Size: { Type: 'Number' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
    Mappings: { Regions: { 'us-east-1': { Ami: 'ami-1' } } },
    Resources: { Q: { Type: 'AWS::SQS::Queue' } },
    Outputs: { QueueUrl: { Value: { Ref: 'Q' } }, QueueArn: { Value: { 'Fn::GetAtt': ['Q', 'Arn'] }, Export: { Name: 'arn' } } },
  });

  it('finds them by id or all with *, narrowed by a pattern matched like Match.objectLike', () => {
    expect(Object.keys(sections.findOutputs('*'))).toEqual(['QueueUrl', 'QueueArn']);
    expect(sections.findOutputs('*', { Export: Match.anyValue() })).toEqual({ QueueArn: { Value: { 'Fn::GetAtt': ['Q', 'Arn'] }, Export: { Name: 'arn' } } });
    expect(sections.findParameters('Stage')).toEqual({ Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } });
    expect(sections.findParameters('*', { Type: 'Number' })).toEqual({ Size: { Type: 'Number' } });
    expect(Object.keys(sections.findConditions('*'))).toEqual(['IsProd']);
    expect(sections.findMappings('Regions', { 'us-east-1': { Ami: 'ami-1' } })).toEqual({ Regions: { 'us-east-1': { Ami: 'ami-1' } } });
    expect(sections.findMappings('Nope')).toEqual({});
  });

  it('has* passes on a match and names the mismatch or the ids there are', () => {
    sections.hasParameter('Stage', { Default: 'dev' });
    sections.hasParameter('*', { Type: 'Number' });
    sections.hasCondition('IsProd', { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] });
    sections.hasMapping('*', { 'us-east-1': Match.objectLike({ Ami: Match.stringLikeRegexp('^ami-') }) });
    expect(failure(() => sections.hasParameter('Stage', { Default: 'prod' }))).toBe('Parameters.Stage.Default: expected "prod", got "dev"');
    expect(failure(() => sections.hasParameter('Region', {}))).toBe('no parameter Region (the template has parameters Stage, Size)');
    expect(failure(() => sections.hasCondition('IsDev', {}))).toBe('no condition IsDev (the template has conditions IsProd)');
    expect(failure(() => Template.fromJSON({ Resources: {} }).hasMapping('*', {}))).toBe('no mapping * (the template has no mappings)');
    expect(failure(() => sections.hasOutput('*', { Export: { Name: 'url' } }))).toMatch(/^no output matches:\n {2}Outputs\.QueueUrl/);
  });
});
