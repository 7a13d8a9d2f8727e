/** `lambdaform/aws-lambda-nodejs` (aws-cdk-lib/aws-lambda-nodejs): Node.js functions bundled with esbuild. */
import '../constructs/cdk-unsupported-methods.js';
export { NodejsFunction, OutputFormat, SourceMapMode, Charset, LogLevel, type BundlingOptions, type NodejsFunctionProps } from '../constructs/nodejs-function.js';
