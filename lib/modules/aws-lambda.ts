/** `lambdaform/aws-lambda` (aws-cdk-lib/aws-lambda): functions, their code, runtimes, versions, aliases, layers, event source mappings and permissions. */
import '../constructs/cdk-unsupported-methods.js';
export { Function, Tracing, RecursiveLoop, LoggingFormat, ApplicationLogLevel, SystemLogLevel, type EventInvokeConfigOptions, type FunctionOptions, type FunctionProps, type VpcConfig } from '../constructs/function.js';
export { FunctionBase, type IFunction, type ILambdaFunction, type IEventSource, type GrantInvokeOptions } from '../constructs/function-base.js';
export { Code, AssetCode, InlineCode, S3Code, type AssetOptions, type CodeConfig, type IBucketName } from '../constructs/code.js';
export { Runtime, type RuntimeFamily, type RuntimeLifecycle } from '../core/runtime.js';
export { Architecture } from '../constructs/architecture.js';
export { Alias, type AliasOptions, type AliasProps, type VersionWeight } from '../constructs/alias.js';
export { Version, type IVersion, type VersionOptions, type VersionProps } from '../constructs/version.js';
export { LayerVersion, type ILayerVersion, type LayerVersionProps } from '../constructs/layer.js';
export { EventSourceMapping, StartingPosition, type EventSourceMappingProps, type MappingCommonOptions, type SqsMappingOptions, type StreamMappingOptions } from '../constructs/event-source-mapping.js';
export { FilterCriteria, FilterRule } from '../constructs/event-source-filter.js';
export { Permission, type PermissionOptions, type PermissionProps } from '../constructs/permission.js';
export { DestinationType, type DestinationConfig, type DestinationOptions, type IDestination, type DlqDestinationConfig, type IEventSourceDlq } from '../constructs/destination.js';
export { DeploymentPreference, type DeploymentOptions, type DeployOptions } from '../constructs/deployment.js';
export type { FunctionAttributes } from '../constructs/function.js';
