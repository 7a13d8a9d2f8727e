import { CfnResource, type Stack } from '../../../lib/all.js';
import { vpcSingleSubnet } from '../../../lib/lint/rules/vpc-single-subnet.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

const SG = ['sg-0123456789abcdef0'];
/** A function `Fn` in the subnets `subnetIds`. */
const inSubnets = (...subnetIds: string[]) => (stack: Stack) => void newFunction(stack, 'Fn', { vpc: { subnetIds, securityGroupIds: SG } });
/** A raw `AWS::EC2::Subnet` of the stack in the zone `az` (a literal, or any CloudFormation value). */
const subnet = (stack: Stack, id: string, az: unknown) => new CfnResource(stack, id, { type: 'AWS::EC2::Subnet', properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: az } }).ref;

ruleTester(vpcSingleSubnet, {
  valid: [
    { name: 'a function outside a VPC', build: (s) => void newFunction(s, 'Fn') },
    { name: 'two subnets (their zones unknown)', build: inSubnets('subnet-a', 'subnet-b') },
    { name: 'three subnets', build: inSubnets('subnet-a', 'subnet-b', 'subnet-c') },
    {
      name: 'two subnets of the stack in two zones',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', 'eu-west-1a'), subnet(s, 'B', 'eu-west-1b')], securityGroupIds: SG } }),
    },
    {
      name: 'three subnets of the stack, two in one zone and one in another',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', 'eu-west-1a'), subnet(s, 'B', 'eu-west-1a'), subnet(s, 'C', 'eu-west-1b')], securityGroupIds: SG } }),
    },
    {
      name: 'two subnets of the stack whose zones are chosen at deploy (Fn::Select)',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }), subnet(s, 'B', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })], securityGroupIds: SG } }),
    },
    {
      name: 'one subnet of the stack in a known zone and one subnet by id',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', 'eu-west-1a'), 'subnet-b'], securityGroupIds: SG } }),
    },
  ],
  invalid: [
    {
      name: 'one subnet',
      build: inSubnets('subnet-0abc'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn runs in a VPC with one subnet \(subnet-0abc\): at most one Availability Zone, so an outage of that zone stops the function; AWS recommends subnets in at least two Availability Zones$/ }],
    },
    { name: 'the same subnet listed twice is one subnet', build: inSubnets('subnet-0abc', 'subnet-0abc'), findings: [{ path: 'Test/Fn', message: /with one subnet \(subnet-0abc\): at most one Availability Zone/ }] },
    {
      name: 'one subnet of the stack, by reference',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })], securityGroupIds: SG } }),
      findings: [{ path: 'Test/Fn', message: /with one subnet \(\$\{Test\/A\.Ref\}\): at most one Availability Zone/ }],
    },
    {
      name: 'two subnets of the stack in the same zone',
      build: (s) => void newFunction(s, 'Fn', { vpc: { subnetIds: [subnet(s, 'A', 'eu-west-1a'), subnet(s, 'B', 'eu-west-1a')], securityGroupIds: SG } }),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn runs in a VPC with 2 subnets \(\$\{Test\/A\.Ref\}, \$\{Test\/B\.Ref\}\), all in the Availability Zone eu-west-1a: an outage of that zone stops the function/ }],
    },
    {
      name: 'each function in one subnet is reported; one in two is not',
      build: (s) => {
        newFunction(s, 'A', { vpc: { subnetIds: ['subnet-a'], securityGroupIds: SG } });
        newFunction(s, 'B', { vpc: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: SG } });
        newFunction(s, 'C', { vpc: { subnetIds: ['subnet-c'], securityGroupIds: SG } });
      },
      findings: [
        { path: 'Test/A', message: /one subnet \(subnet-a\)/ },
        { path: 'Test/C', message: /one subnet \(subnet-c\)/ },
      ],
    },
    {
      name: 'an imported model with one subnet (a template the constructs did not build)',
      build: (s) => void newFunction(s, 'Fn'),
      edit: withProps('Test/Fn', { vpc: { subnetIds: ['subnet-1'], securityGroupIds: SG } }),
      findings: [{ path: 'Test/Fn', message: /one subnet \(subnet-1\)/ }],
    },
    { name: 'a severity from the configuration', build: inSubnets('subnet-0abc'), setting: 'error', findings: [{ path: 'Test/Fn', severity: 'error', message: /one subnet/ }] },
  ],
});
