import { Role, ServicePrincipal, type Stack } from '../../../lib/all.js';
import { sharedRole } from '../../../lib/lint/rules/shared-role.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { describe, expect, it } from 'vitest';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

const lambdaRole = (stack: Stack, id: string) => new Role(stack, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
const ARN = 'arn:aws:iam::123456789012:role/shared-execution-role';
/** A model whose functions `ids` use the execution role `role` (a role outside the stack, by ARN). */
const roleArn = (role: string, ...ids: string[]) => (stack: StackModel) => ids.reduce((s, id) => withProps(id, { role })(s), stack);

ruleTester(sharedRole, {
  valid: [
    { name: 'each function with the role it creates', build: (s) => { newFunction(s, 'A'); newFunction(s, 'B'); } },
    { name: 'a single function with a role of its own', build: (s) => void newFunction(s, 'A', { role: lambdaRole(s, 'Role') }) },
    { name: 'two functions, each with its own role construct', build: (s) => { newFunction(s, 'A', { role: lambdaRole(s, 'RoleA') }); newFunction(s, 'B', { role: lambdaRole(s, 'RoleB') }); } },
    { name: 'a role no function uses', build: (s) => { lambdaRole(s, 'Unused'); newFunction(s, 'A'); } },
    {
      name: 'two functions with different roles outside the stack (by ARN)',
      build: (s) => { newFunction(s, 'A'); newFunction(s, 'B'); },
      edit: (m) => roleArn(`${ARN}-b`, 'Test/B')(roleArn(ARN, 'Test/A')(m)),
    },
  ],
  invalid: [
    {
      name: 'two functions share a role: one finding, on the role',
      build: (s) => { const role = lambdaRole(s, 'Shared'); newFunction(s, 'A', { role }); newFunction(s, 'B', { role }); },
      findings: [{ path: 'Test/Shared', message: /^Test\/Shared is the execution role of 2 functions \(Test\/A, Test\/B\): a permission granted for one of them is granted to all, so each can do what any of them needs \(AWS recommends one role per function\)$/ }],
    },
    {
      name: 'three functions share a role',
      build: (s) => { const role = lambdaRole(s, 'Shared'); for (const id of ['A', 'B', 'C']) newFunction(s, id, { role }); },
      findings: [{ path: 'Test/Shared', message: /execution role of 3 functions \(Test\/A, Test\/B, Test\/C\)/ }],
    },
    {
      name: "a function uses another function's own role",
      build: (s) => { const a = newFunction(s, 'A'); newFunction(s, 'B', { role: a.role }); },
      findings: [{ path: 'Test/A/ServiceRole', message: /^Test\/A\/ServiceRole is the execution role of 2 functions \(Test\/A, Test\/B\)/ }],
    },
    {
      name: 'two shared roles: one finding each; a third function with its own role is not named',
      build: (s) => {
        const one = lambdaRole(s, 'One');
        const two = lambdaRole(s, 'Two');
        newFunction(s, 'A', { role: one });
        newFunction(s, 'B', { role: one });
        newFunction(s, 'C', { role: two });
        newFunction(s, 'D', { role: two });
        newFunction(s, 'E');
      },
      findings: [
        { path: 'Test/One', message: /of 2 functions \(Test\/A, Test\/B\)/ },
        { path: 'Test/Two', message: /of 2 functions \(Test\/C, Test\/D\)/ },
      ],
    },
    {
      name: 'a role outside the stack (an ARN) shared by two functions: on the first function',
      build: (s) => { newFunction(s, 'A'); newFunction(s, 'B'); },
      edit: roleArn(ARN, 'Test/A', 'Test/B'),
      findings: [{ path: 'Test/A', message: /^the role arn:aws:iam::123456789012:role\/shared-execution-role is the execution role of 2 functions \(Test\/A, Test\/B\)/ }],
    },
    {
      name: 'a severity from the configuration',
      build: (s) => { const role = lambdaRole(s, 'Shared'); newFunction(s, 'A', { role }); newFunction(s, 'B', { role }); },
      setting: 'error',
      findings: [{ path: 'Test/Shared', severity: 'error', message: /of 2 functions/ }],
    },
  ],
});

describe('shared-role on imported templates', () => {
  it('functions without a Role (CloudFormation refuses them; cfn-lint E3003) do not share the empty role', () => {
    const fn = (id: string) => `  ${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      Code: {ZipFile: "exports.handler = async () => 1"}\n`;
    const stack = importTemplate(parseTemplate(`Resources:\n${fn('A')}${fn('B')}`, 'template.yaml'));
    expect(lint({ version: 2, stacks: [stack] }, {}, [sharedRole], TODAY)).toEqual([]);
  });
});
