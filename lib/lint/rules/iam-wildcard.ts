import type { GrantEdge, ModelValue } from '../../model/types.js';
import { literalText } from '../../model/values.js';
import type { Rule } from '../types.js';
import { showValue } from '../show.js';

/**
 * Actions that AWS only grants on `*` (they take no resource ARN), or that AWS's own Lambda managed
 * policies grant on `*`: writing them with resource `*` is the correct design, not a wildcard to
 * report.
 * - X-Ray and CloudWatch metrics: no resource types (Service Authorization Reference,
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html and
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
 * - The network-interface actions of AWSLambdaVPCAccessExecutionRole
 *   (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html),
 *   and `ec2:DetachNetworkInterface`, which SAM's `VPCAccessPolicy` template grants on `*` with
 *   them (a user of the template cannot narrow it).
 * - The CloudWatch Logs actions of AWSLambdaBasicExecutionRole
 *   (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html).
 */
const STAR_RESOURCE_ACTIONS: ReadonlySet<string> = new Set(
  [
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'xray:GetSamplingStatisticSummaries',
    'cloudwatch:PutMetricData',
    'ec2:CreateNetworkInterface',
    'ec2:DeleteNetworkInterface',
    'ec2:DetachNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ].map((a) => a.toLowerCase()),
);

/** Verbs of actions that read data: on every resource they read every secret, parameter, object or item. */
const READ_VERB = /^(Get|BatchGet|Query|Scan|Select|Read)/i;
/** Verbs of actions that read metadata (IAM access level List, most Describe actions): many take no resource ARN, so `*` is expected. */
const METADATA_VERB = /^(List|Describe|Head|Search|Lookup)/i;
/**
 * Verbs of actions that analyze the input of the request (Comprehend's `DetectSentiment` and
 * `BatchDetectEntities`, Rekognition's `DetectLabels`, Textract's `AnalyzeDocument`): access level
 * Read in the Service Authorization Reference, they read no stored data and most take no resource
 * ARN, so `*` is expected (SAM's `ComprehendBasicAccessPolicy`, `RekognitionDetectOnlyPolicy`).
 * Textract's `StartDocumentAnalysis` (a job, access level Write) is not one of them.
 */
const ANALYSIS_VERB = /^(Detect|BatchDetect|Analyze)/i;
/** Read actions of the same kind whose verb says nothing (Rekognition's `CompareFaces`, access level Read, no resource ARN). */
const ANALYSIS_ACTIONS: ReadonlySet<string> = new Set(['rekognition:comparefaces']);

/** True for an action that reads no stored data: it analyzes what the request carries. */
function analyzesInput(action: string): boolean {
  return ANALYSIS_VERB.test(action.slice(action.indexOf(':') + 1)) || ANALYSIS_ACTIONS.has(action.toLowerCase());
}

/** True for an action that AWS expects on `*` (it takes no resource ARN, or AWS's own Lambda policies grant it so). */
function expectedOnEverything(action: string): boolean {
  return STAR_RESOURCE_ACTIONS.has(action.toLowerCase());
}

/**
 * AWS managed policies whose statements this rule reports, by name, with their broad statement
 * (from the AWS Managed Policy Reference Guide, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/):
 * attached to a role (`ManagedPolicyArns`, SAM's `Policies: [AdministratorAccess]`,
 * `ManagedPolicy.fromAwsManagedPolicyName`), they give it what such a statement would.
 */
const BROAD_MANAGED_POLICIES: Readonly<Record<string, GrantEdge['props']>> = {
  AdministratorAccess: { effect: 'Allow', actions: ['*'], resources: ['*'], reason: '' },
  PowerUserAccess: { effect: 'Allow', notActions: ['account:*', 'iam:*', 'organizations:*'], resources: ['*'], reason: '' },
  AmazonS3FullAccess: { effect: 'Allow', actions: ['s3-object-lambda:*', 's3:*'], resources: ['*'], reason: '' },
  AmazonSQSFullAccess: { effect: 'Allow', actions: ['sqs:*'], resources: ['*'], reason: '' },
  AmazonSNSFullAccess: { effect: 'Allow', actions: ['sns:*'], resources: ['*'], reason: '' },
  AmazonDynamoDBFullAccess: { effect: 'Allow', actions: ['dax:*', 'dynamodb:*'], resources: ['*'], reason: '' },
  AmazonDynamoDBFullAccess_v2: { effect: 'Allow', actions: ['dax:*', 'dynamodb:*'], resources: ['*'], reason: '' },
  AmazonKinesisFullAccess: { effect: 'Allow', actions: ['kinesis:*'], resources: ['*'], reason: '' },
  AmazonKinesisFirehoseFullAccess: { effect: 'Allow', actions: ['firehose:*'], resources: ['*'], reason: '' },
};

/** The name of an AWS managed policy from its ARN (`arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`), without its path. */
function awsManagedPolicyName(arn: ModelValue): string | undefined {
  return /^arn:[^:]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(literalText(arn))?.[1];
}

const show = (v: ModelValue): string => showValue(v);

/** A list for messages, the first `max` entries and how many more. */
function list(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * What a statement is on, for a clause (written only for one: most statements have none). At
 * module level, not a closure in `wildcards`: the build keeps function names, which costs a
 * property definition for each closure made.
 */
function on(s: GrantEdge['props']): string {
  return s.resources ? ` on ${list(s.resources.map(show))}` : s.notResources ? ` on every resource except ${list(s.notResources.map(show))}` : '';
}

/** What is too broad in one statement, each as a clause: "allows every action ('*')". */
function wildcards(s: GrantEdge['props']): string[] {
  const out: string[] = [];
  const actions = s.actions ?? [];
  if (actions.includes('*')) out.push(`allows every action ('*')${on(s)}`);
  const services = actions.filter((a) => /^[A-Za-z0-9-]+:\*$/.test(a));
  if (services.length) out.push(`allows every action of ${services.map((a) => a.slice(0, a.indexOf(':'))).join(', ')} (${services.map((a) => `'${a}'`).join(', ')})${on(s)}`);
  if (s.notActions?.length) out.push(`allows every action except ${list(s.notActions)} (notActions with Allow)${on(s)}`);
  // Every resource: `*`, or every resource but a few. Conditions narrow such a statement (tag-based access), so it is left alone.
  if (s.conditions === undefined && !actions.includes('*')) {
    const broad = actions.filter((a) => !services.includes(a) && !expectedOnEverything(a) && !METADATA_VERB.test(a.slice(a.indexOf(':') + 1)) && !analyzesInput(a));
    const everything = s.resources?.some((r) => r === '*') ? "every resource ('*')" : s.notResources ? `every resource except ${list(s.notResources.map(show))} (notResources)` : undefined;
    const reads = broad.filter((a) => READ_VERB.test(a.slice(a.indexOf(':') + 1)));
    const writes = broad.filter((a) => !reads.includes(a));
    if (writes.length && everything) out.push(`allows ${list(writes)}, which can change data, on ${everything}`);
    if (reads.length && everything) out.push(`allows ${list(reads)}, which can read every such resource (every secret, every object), on ${everything}`);
  }
  return out;
}

/**
 * A role's statement that allows every action (`*`), every action of a service (`s3:*`), every
 * action but some (`notActions` with Allow), or an action that writes on every resource (`*`, or
 * `notResources`) gives the function far more than its code needs: a bug or an injected payload
 * can then delete data or reach resources of other apps. Grant methods never write such
 * statements; user statements (`fn.addToRolePolicy`, `role.addToPolicy`) and imported templates
 * can. Actions that take no resource ARN (X-Ray, CloudWatch PutMetricData, the VPC network
 * interface actions) and actions that only analyze the request (Detect, Analyze) are expected on
 * `*`, and a statement with conditions is taken as narrowed. An AWS managed policy that is such a
 * statement (AdministratorAccess, a service's FullAccess) is reported on the role that has it.
 */
export const iamWildcard: Rule = {
  meta: {
    id: 'iam-wildcard',
    severity: 'warning',
    description: "a role's statements list the actions the code needs: no '*' or 'service:*' actions, no notActions with Allow, and no write action on every resource",
    docs: 'docs/rules.md#iam-wildcard',
    recommended: true,
    equivalents: { cdkNag: ['Serverless-IAMNoWildcardPermissions', 'AwsSolutions-IAM5'], serverlessRules: ['WS1003'] },
  },
  check({ graph, report }) {
    for (const grant of graph.edges('grant')) {
      if (grant.props.effect !== 'Allow') continue;
      const clauses = wildcards(grant.props);
      if (!clauses.length) continue;
      const role = graph.find(grant.from);
      const rolePath = role?.origin.path ?? grant.from;
      const users = graph.functionsOfRole(grant.from).map((f) => f.origin.path);
      const of = users.length ? ` (the role of ${list(users)})` : '';
      const sid = grant.props.sid ? ` '${grant.props.sid}'` : '';
      report({
        at: grant,
        message: `${rolePath}${of} has a statement${sid} from ${grant.props.reason} that ${clauses.join('; and ')}`,
        hint: "list only the actions the code calls (s3:GetObject, not s3:* or *) on the ARNs it uses (arn:...:bucket/prefix/*, not *); a grant method (bucket.grantRead(fn), queue.grantSendMessages(fn)) writes such a statement for you. If the breadth is intended, suppress this finding with the reason",
      });
    }
    for (const role of graph.nodes('role')) {
      for (const name of new Set(role.props.managedPolicies.map(awsManagedPolicyName))) {
        const statement = name !== undefined && Object.hasOwn(BROAD_MANAGED_POLICIES, name) ? BROAD_MANAGED_POLICIES[name]! : undefined;
        if (!statement) continue;
        const users = graph.functionsOfRole(role.id).map((f) => f.origin.path);
        const of = users.length ? ` (the role of ${list(users)})` : '';
        report({
          at: role,
          message: `${role.origin.path}${of} has the AWS managed policy ${name}, which ${wildcards(statement).join('; and ')}`,
          hint: `remove the managed policy ${name} from ${role.origin.path} and grant only what the code calls, on the resources it uses: a grant method (bucket.grantRead(fn), queue.grantSendMessages(fn)) or a statement with those actions and ARNs. If the breadth is intended, suppress this finding with the reason`,
          templateHint: `remove ${name} from the ManagedPolicyArns of ${role.origin.path} (SAM: from the function's Policies) and list only the actions the code calls on the ARNs it uses (a SAM policy template such as SQSSendMessagePolicy, or a policy statement). If the breadth is intended, acknowledge this finding with the reason`,
        });
      }
    }
  },
};
