/** The CDK copy of the benchmark app (bench/generate.ts), for `npm run bench:cdk`. */
import { transformSync } from 'esbuild';

/** The statement that ends bench/generate.ts: build the app and synthesize it. */
const SYNTH = /buildApp\(unitsFromEnv\(\)\)\.synth\(\);/;

/**
 * The CDK copy of bench/generate.ts's text: its `lambdaform` import specifiers to `aws-cdk-lib`
 * (`lambdaform/aws-sqs` to `aws-cdk-lib/aws-sqs`), the final `synth()` given
 * `{ skipValidation: true }` unless BENCH_CDK_VALIDATION=on, compiled to JavaScript (an ES module)
 * by esbuild's transform, so no TypeScript loader is part of CDK's timing.
 */
export function cdkSource(source: string): string {
  let text = source.replace(/from 'lambdaform(\/[a-z0-9-]+)?'/g, (_, sub: string | undefined) => `from 'aws-cdk-lib${sub ?? ''}'`);
  if (!SYNTH.test(text)) throw new Error('bench/generate.ts no longer ends with `buildApp(unitsFromEnv()).synth();`: update bench/cdk-source.ts');
  text = text.replace(SYNTH, "buildApp(unitsFromEnv()).synth(process.env.BENCH_CDK_VALIDATION === 'on' ? {} : { skipValidation: true });");
  if (/from 'lambdaform/.test(text)) throw new Error('a lambdaform import specifier is left in the CDK copy of bench/generate.ts');
  return transformSync(text, { loader: 'ts', format: 'esm', target: 'node20' }).code;
}
