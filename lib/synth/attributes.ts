import type { NodeKind } from '../model/types.js';

/**
 * How each node kind's symbolic attributes become CloudFormation: `Ref` of the resource, or
 * `Fn::GetAtt` of a named attribute. Raw nodes: `Ref` is Ref, anything else is GetAtt.
 */
export const CFN_ATTRIBUTES: Readonly<Record<Exclude<NodeKind, 'raw'>, Readonly<Record<string, string>>>> = {
  function: { Arn: 'GetAtt:Arn', Name: 'Ref' },
  version: { Arn: 'Ref', Version: 'GetAtt:Version' },
  alias: { Arn: 'Ref' },
  layer: { Arn: 'Ref' },
  queue: { Arn: 'GetAtt:Arn', Url: 'Ref', Name: 'GetAtt:QueueName' },
  topic: { Arn: 'Ref', Name: 'GetAtt:TopicName' },
  bucket: { Arn: 'GetAtt:Arn', Name: 'Ref', DomainName: 'GetAtt:DomainName' },
  table: { Arn: 'GetAtt:Arn', Name: 'Ref', StreamArn: 'GetAtt:StreamArn' },
  stream: { Arn: 'GetAtt:Arn', Name: 'Ref' },
  api: { Id: 'Ref', Endpoint: 'GetAtt:ApiEndpoint' },
  schedule: { Arn: 'GetAtt:Arn', Name: 'Ref' },
  role: { Arn: 'GetAtt:Arn', Name: 'Ref' },
};
