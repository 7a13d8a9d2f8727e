import { LambdaformError } from '../../core/errors.js';
import { yamlSizeBounds } from '../../synth/yaml-size.js';
import { knownBodyOf, templateBodyOf, templateOf, type TemplateFormat } from '../templates.js';
import type { Rule } from '../types.js';
import { grouped } from '../../core/util.js';

/** CloudFormation's limit on a template body passed inline in a request (`--template-body`): 51,200 bytes. */
export const INLINE_TEMPLATE_MAX_BYTES = 51_200;
/** CloudFormation's limit on a template body read from S3 (`--template-url`): 1 MB, counted as cfn-lint does (1,000,000 bytes). */
export const TEMPLATE_MAX_BYTES = 1_000_000;

const FORMATS: readonly string[] = ['sam', 'cfn'];

/**
 * A template body over 1 MB cannot be deployed, not even from S3; over 51,200 bytes it must be
 * uploaded to S3 first (`sam deploy` and `cdk deploy` do that; `aws cloudformation deploy` needs
 * `--s3-bucket`). Measured on the template `synth` writes: SAM as YAML by default, or the
 * `format` (`sam` | `cfn`) and `json` the project deploys, given as the rule's options.
 *
 * Under `synth`, the text it writes is measured. Otherwise, as writing YAML is slow, the YAML
 * size is first bounded from the template's data (see `yamlSizeBounds`); the text is written
 * only when the bounds do not settle which side of a limit the template is on. A template known to be between the two limits is reported with its
 * lower bound ("at least N bytes").
 */
export const templateSize: Rule = {
  meta: {
    id: 'template-size',
    severity: 'error',
    description: "a stack's template body fits CloudFormation's 1 MB limit (error), and 51,200 bytes to be passed without S3 (info)",
    docs: 'docs/rules.md#template-size',
    recommended: true,
    equivalents: { cfnLint: ['E1002', 'I1002'] },
    defaultOptions: { format: 'sam', json: false },
  },
  check({ stack, options, report }) {
    const format = options.format;
    const json = options.json;
    if (typeof format !== 'string' || !FORMATS.includes(format)) {
      throw new LambdaformError('lint configuration', `lint.rules.template-size: format must be 'sam' or 'cfn' (the format the project deploys), got ${JSON.stringify(format)}`, 'invalid-config');
    }
    if (typeof json !== 'boolean') {
      throw new LambdaformError('lint configuration', `lint.rules.template-size: json must be true or false (whether the project deploys the JSON template), got ${JSON.stringify(json)}`, 'invalid-config');
    }
    // An imported template is deployed as written: its file is what the limits apply to.
    const imported = stack.imported?.bytes;
    const size = imported !== undefined ? { bytes: imported, atLeast: false } : sizeOf(stack, format as TemplateFormat, json);
    if (size === undefined) return;
    const { bytes, atLeast } = size;
    const what =
      imported !== undefined
        ? `the template ${stack.imported!.file} is ${grouped(bytes)} bytes`
        : `the ${format === 'sam' ? 'SAM' : 'CloudFormation'} template of stack ${stack.name} (${json ? 'JSON' : 'YAML'}) is ${atLeast ? 'at least ' : ''}${grouped(bytes)} bytes`;
    if (bytes > TEMPLATE_MAX_BYTES) {
      report({
        at: stack,
        message: `${what}, more than the ${grouped(TEMPLATE_MAX_BYTES)} bytes (1 MB) CloudFormation accepts even from S3, so the deploy fails`,
        hint: 'split the app into several stacks; move large inline values (inline code, policy documents, state machine definitions) into assets or parameters',
      });
    } else if (bytes > INLINE_TEMPLATE_MAX_BYTES) {
      report({
        at: stack,
        severity: 'info',
        message: `${what}, more than the ${grouped(INLINE_TEMPLATE_MAX_BYTES)} bytes CloudFormation accepts inline, so it must be uploaded to S3 to be deployed`,
        hint: 'deploy through S3: `sam deploy` and `cdk deploy` upload it; with `aws cloudformation deploy`, pass --s3-bucket',
      });
    }
  },
};

/**
 * The template body's size in bytes, or (`atLeast`) a lower bound of it when the bounds show that
 * it is over the inline limit and within the S3 one, or over the S3 one; undefined when no template can be rendered
 * or the bounds show it within the inline limit (nothing to report).
 */
function sizeOf(stack: Parameters<typeof templateOf>[0], format: TemplateFormat, json: boolean): { bytes: number; atLeast: boolean } | undefined {
  // The text `synth` writes, when it handed it over: measured exactly.
  const known = knownBodyOf(stack, format, json);
  if (known !== undefined) return { bytes: Buffer.byteLength(known, 'utf8'), atLeast: false };
  if (!json) {
    const template = templateOf(stack, format);
    if (template === undefined) return undefined;
    const { lower, upper } = yamlSizeBounds(template);
    if (upper <= INLINE_TEMPLATE_MAX_BYTES) return undefined; // within both limits: nothing to report
    if (lower > INLINE_TEMPLATE_MAX_BYTES && upper <= TEMPLATE_MAX_BYTES) return { bytes: lower, atLeast: true };
    if (lower > TEMPLATE_MAX_BYTES) return { bytes: lower, atLeast: true };
  }
  const body = templateBodyOf(stack, format, json);
  return body === undefined ? undefined : { bytes: Buffer.byteLength(body, 'utf8'), atLeast: false };
}
