import type { ModelValue } from '../../model/types.js';
import type { StackGraph } from '../../model/graph.js';
import { isKnown, isKnownValue, isRef } from '../../model/values.js';
import type { Rule } from '../types.js';
import { showValue } from '../show.js';

const show = (v: ModelValue): string => showValue(v);

/**
 * The Availability Zone of a subnet when the stack says it: a reference to an `AWS::EC2::Subnet`
 * of the stack (a raw resource) whose `AvailabilityZone` is a literal. Otherwise undefined: the
 * model holds subnet ids, not their zones.
 */
function zoneOf(subnet: ModelValue, graph: StackGraph): string | undefined {
  if (!isRef(subnet)) return undefined;
  const node = graph.find(subnet.$ref);
  if (node?.kind !== 'raw' || node.props.type !== 'AWS::EC2::Subnet') return undefined;
  const az = node.props.properties.AvailabilityZone;
  return typeof az === 'string' ? az : undefined;
}

/**
 * A function in a VPC runs in the subnets it lists (Lambda places an elastic network interface
 * in each): with a single subnet it is in at most one Availability Zone, and an outage of that
 * zone stops it. AWS recommends subnets in at least two Availability Zones. The model holds the
 * subnet ids only, so one subnet is reported; several subnets are reported only when the stack
 * itself declares them (raw `AWS::EC2::Subnet` resources) all in the same zone.
 */
export const vpcSingleSubnet: Rule = {
  meta: {
    id: 'vpc-single-subnet',
    severity: 'warning',
    description: 'a function in a VPC lists subnets in at least two Availability Zones, so the outage of one zone does not stop it',
    docs: 'docs/rules.md#vpc-single-subnet',
    recommended: true,
  },
  check({ graph, report }) {
    for (const fn of graph.nodes('function')) {
      const vpc = fn.props.vpc;
      // A subnet list known only at deploy (`SubnetIds: !Ref SubnetsParameter`) may hold any number of subnets.
      if (!vpc || !isKnown(fn, 'vpc') || !vpc.subnetIds.every(isKnownValue)) continue;
      // The same subnet listed twice is still one subnet.
      const subnets = [...new Map(vpc.subnetIds.map((s) => [JSON.stringify(s), s])).values()];
      const hint = 'list subnets in at least two Availability Zones in vpc.subnetIds (Lambda creates a network interface in each and keeps running when a zone fails)';
      if (subnets.length === 1) {
        report({
          at: fn,
          message: `${fn.origin.path} runs in a VPC with one subnet (${show(subnets[0]!)}): at most one Availability Zone, so an outage of that zone stops the function; AWS recommends subnets in at least two Availability Zones`,
          hint,
        });
        continue;
      }
      const zones = subnets.map((s) => zoneOf(s, graph));
      const zone = zones[0];
      if (subnets.length > 1 && zone !== undefined && zones.every((z) => z === zone)) {
        report({
          at: fn,
          message: `${fn.origin.path} runs in a VPC with ${subnets.length} subnets (${subnets.map(show).join(', ')}), all in the Availability Zone ${zone}: an outage of that zone stops the function; AWS recommends subnets in at least two Availability Zones`,
          hint,
        });
      }
    }
  },
};

