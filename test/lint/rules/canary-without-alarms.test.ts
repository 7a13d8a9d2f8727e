import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { DeploymentPreference, type Stack } from '../../../lib/all.js';
import { canaryWithoutAlarms } from '../../../lib/lint/rules/canary-without-alarms.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** `Fn` deployed behind the alias `live` with `preference`, `alarms` and hooks. */
const deployed = (preference: DeploymentPreference, alarms: string[] = [], hooks: { pre?: boolean; post?: boolean } = {}) => (stack: Stack) => {
  const hook = (id: string) => newFunction(stack, id, { functionName: `CodeDeployHook_${id}` });
  newFunction(stack, 'Fn').deploy({
    alias: 'live',
    preference,
    alarms,
    ...(hooks.pre ? { preTraffic: hook('Pre') } : {}),
    ...(hooks.post ? { postTraffic: hook('Post') } : {}),
  });
};
/** A model whose deployment of `Test/Fn/Aliaslive` has the type `type` (an imported template can name any). */
const withType = (type: string) => (stack: StackModel): StackModel => ({
  ...stack,
  nodes: stack.nodes.map((n) => (n.kind === 'alias' && n.props.deployment ? { ...n, props: { ...n.props, deployment: { ...n.props.deployment, type } } } : n)),
});

ruleTester(canaryWithoutAlarms, {
  valid: [
    { name: 'a canary with an alarm', build: deployed(DeploymentPreference.canary10Percent5Minutes(), ['fn-errors']) },
    { name: 'a linear deployment with alarms', build: deployed(DeploymentPreference.linear10PercentEvery1Minute(), ['fn-errors', 'fn-throttles']) },
    { name: 'all at once without alarms: nothing to watch', build: deployed(DeploymentPreference.allAtOnce()) },
    { name: 'all at once with hooks and no alarms', build: deployed(DeploymentPreference.allAtOnce(), [], { pre: true, post: true }) },
    { name: 'an alias without a gradual deployment', build: (s) => void newFunction(s, 'Fn').addAlias('live') },
    { name: 'a canary with alarms and no hooks (hooks are not required)', build: deployed(DeploymentPreference.canary10Percent30Minutes(), ['fn-errors']) },
  ],
  invalid: [
    {
      name: 'a canary without alarms',
      build: deployed(DeploymentPreference.canary10Percent5Minutes()),
      findings: [{ path: 'Test/Fn/Aliaslive', message: /^alias live of Test\/Fn is deployed with Canary10Percent5Minutes \(10% for 5 minutes, then the rest\) but has no alarms: CodeDeploy shifts all traffic to the new version even if it fails, and nothing rolls it back$/ }],
    },
    { name: 'the longest canary', build: deployed(DeploymentPreference.canary10Percent30Minutes()), findings: [{ path: 'Test/Fn/Aliaslive', message: /Canary10Percent30Minutes \(10% for 30 minutes, then the rest\)/ }] },
    { name: 'a linear deployment every minute', build: deployed(DeploymentPreference.linear10PercentEvery1Minute()), findings: [{ path: 'Test/Fn/Aliaslive', message: /Linear10PercentEvery1Minute \(10% more every minute\) but has no alarms/ }] },
    { name: 'a linear deployment every 10 minutes', build: deployed(DeploymentPreference.linear10PercentEvery10Minutes()), findings: [{ path: 'Test/Fn/Aliaslive', message: /Linear10PercentEvery10Minutes \(10% more every 10 minutes\)/ }] },
    {
      name: 'both hooks and no alarms: the hooks do not watch the traffic',
      build: deployed(DeploymentPreference.canary10Percent10Minutes(), [], { pre: true, post: true }),
      findings: [{ path: 'Test/Fn/Aliaslive', message: /nothing rolls it back; its pre-traffic and post-traffic hooks test the new version before and after the shift, but nothing watches the real traffic during it$/ }],
    },
    {
      name: 'a pre-traffic hook only',
      build: deployed(DeploymentPreference.canary10Percent10Minutes(), [], { pre: true }),
      findings: [{ path: 'Test/Fn/Aliaslive', message: /its pre-traffic hook tests the new version before the shift, but nothing watches/ }],
    },
    {
      name: 'a post-traffic hook only',
      build: deployed(DeploymentPreference.linear10PercentEvery2Minutes(), [], { post: true }),
      findings: [{ path: 'Test/Fn/Aliaslive', message: /its post-traffic hook tests the new version after the shift/ }],
    },
    {
      name: 'a custom deployment configuration of an imported template',
      build: deployed(DeploymentPreference.canary10Percent5Minutes()),
      edit: withType('MyCompanyCanary'),
      findings: [{ path: 'Test/Fn/Aliaslive', message: /deployed with MyCompanyCanary \(gradually\) but has no alarms/ }],
    },
    { name: 'a severity from the configuration', build: deployed(DeploymentPreference.canary10Percent5Minutes()), setting: 'error', findings: [{ path: 'Test/Fn/Aliaslive', severity: 'error', message: /no alarms/ }] },
  ],
});

describe('canary-without-alarms on a template', () => {
  it("tells a template's author to write DeploymentPreference Alarms, not the construct call", () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: exports.handler = async () => 1;
      AutoPublishAlias: live
      DeploymentPreference: { Type: Canary10Percent5Minutes }
`;
    const stack = importTemplate(parseTemplate(text, 'template.yaml'));
    const found = lint({ version: 1, stacks: [stack] } as never, {}, [canaryWithoutAlarms], new Date('2026-11-22T00:00:00Z')).filter((f) => f.rule === 'canary-without-alarms');
    expect(found).toHaveLength(1);
    expect(found[0]!.hint).toMatch(/^give the function's DeploymentPreference Alarms \(/);
  });
});
