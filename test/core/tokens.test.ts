// Tokens are resolved wherever a property takes one, and refused (with the property's path)
// where it takes a literal string only: nothing like `${Token[3]}` ever reaches a template.
import { expect, it } from 'vitest';
import { Aws, CfnOutput, HttpApi, Queue, Tags } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

it('resolves a token in an export name', () => {
  const stack = newStack();
  const q = new Queue(stack, 'Q');
  new CfnOutput(stack, 'Url', { value: q.queueUrl, exportName: `${Aws.STACK_NAME}-Url` });
  const t = toCloudFormation(stackModel(stack));
  expect(t.Outputs?.Url).toEqual({ Value: { Ref: 'Q' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-Url' } } });
});

it.each([
  ['a function description', (s: ReturnType<typeof newStack>, q: Queue) => newFunction(s, 'Fn', { description: `reads ${q.queueName}` }), 'Test/Fn', /^props\.description must be a literal string; it contains a deploy-time value/],
  ['a tag value', (s: ReturnType<typeof newStack>, q: Queue) => Tags.of(newFunction(s, 'Fn')).add('queue', q.queueName), 'Test/Fn', /^tags\.queue must be a literal string/],
  ['an API name', (s: ReturnType<typeof newStack>) => new HttpApi(s, 'Api', { apiName: `${Aws.STACK_NAME}-api` }), 'Test/Api', /^props\.apiName must be a literal string/],
] as const)('refuses a token in %s, naming the property', (_what, build, path, message) => {
  const stack = newStack();
  const q = new Queue(stack, 'Q');
  build(stack, q);
  expectLambdaformError(() => stackModel(stack), path, message);
});
