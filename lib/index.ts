/**
 * `lambdaform`: what aws-cdk-lib's root holds (App, Stack, Duration, Size, CfnOutput, …), and each
 * module as a namespace (`import { aws_lambda as lambda } from 'lambdaform'`), as in aws-cdk-lib.
 * The same modules are subpaths: `import * as lambda from 'lambdaform/aws-lambda'`.
 */
export { App, type AppProps } from './core/app.js';
export { Stack, type Environment, type StackProps } from './core/stack.js';
export { Duration } from './core/duration.js';
export { RemovalPolicy } from './core/removal-policy.js';
export { Size } from './core/size.js';
export { CfnOutput, type CfnOutputProps } from './core/output.js';
export { CfnResource, type CfnResourceProps } from './core/cfn-resource.js';
export { Tags } from './core/tags.js';
export { Aws, Token, type IResolvable } from './core/tokens.js';
export { CfnParameter, type CfnParameterProps } from './core/cfn-parameter.js';
export { CfnCondition, type CfnConditionProps } from './core/cfn-condition.js';
export { Fn, type ICfnConditionExpression, type ICfnRuleConditionExpression } from './core/fn.js';
export { Aspects, AspectPriority, type IAspect, type AspectOptions, type AspectApplication } from './core/aspects.js';
export { Annotations, Lint } from './core/annotations.js';
export { SymlinkFollowMode } from './core/asset.js';
export { LambdaformError, LambdaformValidationError, type Problem } from './core/errors.js';

export * as aws_applicationautoscaling from './modules/aws-applicationautoscaling.js';
export * as aws_apigatewayv2 from './modules/aws-apigatewayv2.js';
export * as aws_apigatewayv2_integrations from './modules/aws-apigatewayv2-integrations.js';
export * as aws_cloudwatch from './modules/aws-cloudwatch.js';
export * as aws_cloudwatch_actions from './modules/aws-cloudwatch-actions.js';
export * as aws_dynamodb from './modules/aws-dynamodb.js';
export * as aws_events from './modules/aws-events.js';
export * as aws_events_targets from './modules/aws-events-targets.js';
export * as aws_iam from './modules/aws-iam.js';
export * as aws_kinesis from './modules/aws-kinesis.js';
export * as aws_kms from './modules/aws-kms.js';
export * as aws_lambda from './modules/aws-lambda.js';
export * as aws_lambda_destinations from './modules/aws-lambda-destinations.js';
export * as aws_lambda_event_sources from './modules/aws-lambda-event-sources.js';
export * as aws_lambda_nodejs from './modules/aws-lambda-nodejs.js';
export * as aws_logs from './modules/aws-logs.js';
export * as aws_s3 from './modules/aws-s3.js';
export * as aws_s3_notifications from './modules/aws-s3-notifications.js';
export * as aws_sns from './modules/aws-sns.js';
export * as aws_sns_subscriptions from './modules/aws-sns-subscriptions.js';
export * as aws_sqs from './modules/aws-sqs.js';
export * as assertions from './modules/assertions.js';
