/**
 * The parity apps' `cdk.ts` files import aws-cdk-lib, which is installed only for the parity suite
 * (test/parity/cdk, `npm install --prefix test/parity/cdk`), not for lambdaform: for the
 * repository's type check they are untyped (the real library checks them when
 * scripts/parity-synth.mjs runs them). The lambdaform versions are type-checked strictly by
 * parity.test.ts.
 */
declare module 'aws-cdk-lib' {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  export type StackProps = any;
  export const App: any;
  export const Stack: any;
  export const Duration: any;
  export const RemovalPolicy: any;
  export const CfnOutput: any;
  export const CfnParameter: any;
  export const Token: any;
  export const Fn: any;
  export const Aws: any;
  export const Tags: any;
  export const Size: any;
}
declare module 'aws-cdk-lib/*';
