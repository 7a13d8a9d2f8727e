import { describe, expect, it } from 'vitest';
import { Code, LambdaformError, type Stack } from '../../../lib/all.js';
import { INLINE_TEMPLATE_MAX_BYTES, templateSize, TEMPLATE_MAX_BYTES } from '../../../lib/lint/rules/template-size.js';
import { templateBodyOf } from '../../../lib/lint/templates.js';
import { App, Stack as StackClass } from '../../../lib/all.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';
import { thrown } from '../../helpers/errors.js';

/** A stack with one function whose inline code pads the template; `pad` characters of padding. */
const padded = (pad: number) => (stack: Stack) => void newFunction(stack, 'Fn', { code: Code.fromInline(`exports.handler = async () => 1;\n//${'x'.repeat(pad)}`) });

/** The size of the SAM YAML template of `padded(pad)`. */
function bytesOf(pad: number, format: 'sam' | 'cfn' = 'sam', json = false): number {
  const stack = new StackClass(new App({ now: TODAY }), 'Test');
  padded(pad)(stack);
  return Buffer.byteLength(templateBodyOf(App.of(stack).synth().stacks[0]!, format, json)!, 'utf8');
}
/** The padding that makes the SAM YAML template exactly `bytes` long (the size grows by one byte per character of padding). */
const padFor = (bytes: number, format: 'sam' | 'cfn' = 'sam', json = false) => bytes - bytesOf(0, format, json);

describe('template-size: sizes (measured on the template synth writes)', () => {
  it('grows one byte per padding character, so the edges below are exact', () => {
    expect(bytesOf(1000) - bytesOf(0)).toBe(1000);
    expect(bytesOf(padFor(TEMPLATE_MAX_BYTES))).toBe(TEMPLATE_MAX_BYTES);
  });
});

ruleTester(templateSize, {
  valid: [
    { name: 'a small template', build: padded(0) },
    { name: 'exactly 51,200 bytes', build: padded(padFor(INLINE_TEMPLATE_MAX_BYTES)) },
  ],
  invalid: [
    { name: '51,201 bytes: must go through S3', build: padded(padFor(INLINE_TEMPLATE_MAX_BYTES + 1)), findings: [{ path: 'Test', severity: 'info', message: /^the SAM template of stack Test \(YAML\) is 51,201 bytes, more than the 51,200 bytes CloudFormation accepts inline, so it must be uploaded to S3 to be deployed$/ }] },
    { name: 'exactly 1,000,000 bytes: deployable from S3', build: padded(padFor(TEMPLATE_MAX_BYTES)), findings: [{ path: 'Test', severity: 'info', message: /is 1,000,000 bytes, more than the 51,200/ }] },
    { name: '1,000,001 bytes: cannot be deployed', build: padded(padFor(TEMPLATE_MAX_BYTES + 1)), findings: [{ path: 'Test', message: /^the SAM template of stack Test \(YAML\) is 1,000,001 bytes, more than the 1,000,000 bytes \(1 MB\) CloudFormation accepts even from S3, so the deploy fails$/ }] },
    {
      name: 'the CloudFormation JSON template, when the project deploys that',
      build: padded(padFor(INLINE_TEMPLATE_MAX_BYTES + 1, 'cfn', true)),
      setting: ['error', { format: 'cfn', json: true }],
      findings: [{ path: 'Test', severity: 'error', message: /^the CloudFormation template of stack Test \(JSON\) is 51,201 bytes/ }],
    },
  ],
});

describe('template-size: a template the bounds place between the limits', () => {
  const many = (stack: Stack) => {
    for (let i = 0; i < 120; i++) newFunction(stack, `Fn${i}`, { description: `function number ${i} of the stack`.repeat(4) });
  };
  it('is reported as info with a lower bound of its size', () => {
    const stack = new StackClass(new App({ now: TODAY }), 'Test');
    many(stack);
    const model = App.of(stack).synth().stacks[0]!;
    const actual = Buffer.byteLength(templateBodyOf(model, 'sam', false)!, 'utf8');
    const [f, ...rest] = findingsOf(templateSize, many);
    expect(actual).toBeGreaterThan(INLINE_TEMPLATE_MAX_BYTES);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('info');
    const [, atLeast] = /^the SAM template of stack Test \(YAML\) is at least ([\d,]+) bytes, more than the 51,200 bytes CloudFormation accepts inline/.exec(f!.message)!;
    const bound = Number(atLeast!.replace(/,/g, ''));
    expect(bound).toBeGreaterThan(INLINE_TEMPLATE_MAX_BYTES);
    expect(bound).toBeLessThanOrEqual(actual);
  });
});

describe('template-size: options', () => {
  it.each([
    [{ format: 'yaml' }, /format must be 'sam' or 'cfn' .*got "yaml"/],
    [{ json: 'yes' }, /json must be true or false .*got "yes"/],
  ])('refuses %j', (options, message) => {
    const err = thrown(() => findingsOf(templateSize, padded(0), ['error', options]));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(message);
  });
});
