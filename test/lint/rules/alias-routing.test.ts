import { describe, expect, it } from 'vitest';
import { DeploymentPreference, type Stack } from '../../../lib/all.js';
import { aliasRouting } from '../../../lib/lint/rules/alias-routing.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

/** Alias `live` of Test/Fn on version V2, sending `weight` to V1 (constructs take 0-1). */
const canary = (weight: number) => (stack: Stack) => {
  const fn = newFunction(stack, 'Fn');
  const v1 = fn.addVersion('V1');
  const v2 = fn.addVersion('V2', { description: 'second' });
  fn.addAlias('live', { version: v2, additionalVersions: [{ version: v1, weight }] });
};
const ALIAS = 'Test/Fn/Aliaslive';
/** The alias's routing replaced (for what constructs refuse). */
const routing = (additionalVersions: Array<{ version: string; weight: number }>) => withProps(ALIAS, { additionalVersions });
/** The routing CodeDeploy writes during a canary, in an imported template of an alias with a gradual deployment. */
const deployed = (stack: StackModel) => routing([{ version: 'Test/Fn/V1', weight: 0.1 }])(stack);

ruleTester(aliasRouting, {
  valid: [
    { name: 'an alias without routing', build: (s) => void newFunction(s, 'Fn').addAlias('live') },
    { name: 'a gradual deployment (CodeDeploy manages the routing)', build: (s) => void newFunction(s, 'Fn').deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes() }) },
    {
      name: 'routing written by a gradual deployment in an imported template',
      build: (s) => {
        const fn = newFunction(s, 'Fn');
        fn.addVersion('V1');
        fn.deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes() });
      },
      edit: deployed,
    },
  ],
  invalid: [
    {
      name: 'a canary left in place: which versions get which share',
      build: canary(0.1),
      findings: [
        {
          path: ALIAS,
          severity: 'warning',
          message: /^alias live \(Test\/Fn\/Aliaslive\) sends 90% to Test\/Fn\/V2 and 10% to Test\/Fn\/V1, without a gradual deployment: a weighted routing configuration left in place is usually an unfinished canary$/,
        },
      ],
    },
    { name: 'weight 0 (a valid edge) is still a leftover', build: canary(0), findings: [{ path: ALIAS, severity: 'warning', message: /sends 100% to Test\/Fn\/V2 and 0% to Test\/Fn\/V1/ }] },
    { name: 'weight 1 (a valid edge): everything goes to the additional version', build: canary(1), findings: [{ path: ALIAS, severity: 'warning', message: /sends 0% to Test\/Fn\/V2 and 100% to Test\/Fn\/V1/ }] },
    { name: 'a fractional percentage', build: canary(0.025), findings: [{ path: ALIAS, severity: 'warning', message: /sends 97\.5% to Test\/Fn\/V2 and 2\.5% to Test\/Fn\/V1/ }] },
    {
      name: 'a weight above 1 (an imported template; constructs refuse it): an error',
      build: canary(0.1),
      edit: routing([{ version: 'Test/Fn/V1', weight: 1.01 }]),
      findings: [{ path: ALIAS, severity: 'error', message: /^the routing configuration of alias live \(Test\/Fn\/Aliaslive\) is refused by CloudFormation: the weight of Test\/Fn\/V1 is 1\.01, outside 0-1$/ }],
    },
    {
      name: 'a negative weight: an error',
      build: canary(0.1),
      edit: routing([{ version: 'Test/Fn/V1', weight: -0.01 }]),
      findings: [{ path: ALIAS, severity: 'error', message: /the weight of Test\/Fn\/V1 is -0\.01, outside 0-1/ }],
    },
    {
      name: 'two additional versions: an error',
      build: canary(0.1),
      edit: routing([
        { version: 'Test/Fn/V1', weight: 0.1 },
        { version: '$LATEST', weight: 0.1 },
      ]),
      findings: [{ path: ALIAS, severity: 'error', message: /it routes to 2 additional versions \(Test\/Fn\/V1, \$LATEST\), more than the 1 Lambda allows/ }],
    },
  ],
});

describe('alias-routing: hints', () => {
  it('says how to finish the canary or hand it to CodeDeploy', () => {
    const [f] = findingsOf(aliasRouting, canary(0.1));
    expect(f!.hint).toMatch(/^finish the canary: point the alias at the version that won and remove additionalVersions; or .*fn\.deploy\(\{ alias: 'live'/);
  });
});
