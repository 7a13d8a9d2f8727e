/** `lambdaform/aws-lambda-nodejs` (aws-cdk-lib/aws-lambda-nodejs): Node.js functions bundled with esbuild. */
export { NodejsFunction, OutputFormat, SourceMapMode, Charset, LogLevel, type BundlingOptions, type NodejsFunctionProps } from '../constructs/nodejs-function.js';
