import { describe, expect, it } from 'vitest';
import { Bucket, Code, Runtime, type Stack } from '../../../lib/all.js';
import { handlerNotFound } from '../../../lib/lint/rules/handler-not-found.js';
import { RULES } from '../../../lib/lint/rules/index.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

const asset = (s: Stack, dir: string, handler: string) => newFunction(s, 'Fn', { code: Code.fromAsset(dir), handler });

ruleTester(handlerNotFound, {
  valid: [
    { name: 'inline code named index.<export>', build: (s) => newFunction(s, 'Fn', { code: Code.fromInline('exports.handler = async () => 1;'), handler: 'index.handler' }) },
    { name: 'a .js file of the code directory', build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index.handler') },
    { name: 'a .cjs file of the code directory', build: (s) => asset(s, 'test/fixtures/handlers/http', 'index.handler') },
    { name: 'a file in a folder of the code directory', build: (s) => asset(s, 'test/fixtures/handlers', 'exports/compiled.handler') },
    { name: 'a TypeScript source (a build step compiles it)', build: (s) => asset(s, 'test/fixtures/handlers/exports', 'arrow.handler') },
    { name: 'an export lint cannot find is not judged (it may be made at run time)', build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index.notThere') },
    { name: 'an ES module that re-exports everything of a package is not judged', build: (s) => asset(s, 'test/fixtures/handlers/exports', 'star-package.handler') },
    { name: 'an ES module with the export, through a re-export', build: (s) => asset(s, 'test/fixtures/handlers/exports', 'reexport.handler') },
    { name: 'a Python function is not judged', build: (s) => newFunction(s, 'Fn', { runtime: Runtime.PYTHON_3_13, handler: 'nowhere.handler', code: Code.fromAsset('test/fixtures/handlers/v2-cjs') }) },
    { name: 'code in S3 is not judged', build: (s) => newFunction(s, 'Fn', { code: Code.fromBucket(Bucket.fromBucketName(s, 'B', 'artifacts'), 'fn.zip'), handler: 'main.handler' }) },
    {
      name: 'a handler known only at deploy (a template parameter without a value) is not judged',
      build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index.handler'),
      edit: (stack) => withProps('Test/Fn', { handler: '' })({ ...stack, nodes: stack.nodes.map((n) => (n.id === 'Test/Fn' ? { ...n, unknown: ['handler'] } : n)) }),
    },
    {
      name: 'a code directory that is not there (a template linted without its code) is not judged',
      build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index.handler'),
      edit: (stack) => ({ ...stack, assets: stack.assets.map((a) => ({ ...a, path: 'test/fixtures/handlers/no-such-dir' })) }),
    },
  ],
  invalid: [
    {
      name: "a handler that is not <file>.<export> ('index')",
      build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn: the handler 'index' is not <file>\.<export>: Lambda fails every invocation with Runtime\.MalformedHandlerName \(the deploy succeeds\)$/ }],
    },
    {
      name: 'a handler whose file is not in the code directory',
      build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'main.handler'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn: the code directory test\/fixtures\/handlers\/v2-cjs has no main\.js, \.mjs, \.cjs, \.ts, \.mts, \.cts: Lambda fails every invocation with Runtime\.ImportModuleError/ }],
    },
    {
      name: 'inline code (index.js) named by another module (an imported template: constructs refuse it)',
      build: (s) => newFunction(s, 'Fn', { code: Code.fromInline('exports.handler = async () => 1;'), handler: 'index.handler' }),
      edit: withProps('Test/Fn', { handler: 'app.handler' }),
      findings: [{ path: 'Test/Fn', message: /inline code is the file index\.js, but the handler 'app\.handler' names the module 'app': Lambda fails every invocation with Runtime\.ImportModuleError/ }],
    },
    {
      name: 'an ES module without the export the handler names (export const other; handler no-handler.handler)',
      build: (s) => asset(s, 'test/fixtures/handlers/exports', 'no-handler.handler'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn: test\/fixtures\/handlers\/exports\/no-handler\.mjs is an ES module without an export named 'handler': Lambda fails every invocation with Runtime\.HandlerNotFound \(the deploy succeeds\)$/ }],
    },
    {
      name: 'an ES module with only a default export, named as .handler',
      build: (s) => asset(s, 'test/fixtures/handlers/exports', 'default.handler'),
      findings: [{ path: 'Test/Fn', message: /default\.mjs is an ES module without an export named 'handler': Lambda fails every invocation with Runtime\.HandlerNotFound/ }],
    },
    {
      name: 'an imported function whose handler was edited to a file that is not there',
      build: (s) => asset(s, 'test/fixtures/handlers/v2-cjs', 'index.handler'),
      edit: withProps('Test/Fn', { handler: 'lib/worker.handler' }),
      findings: [{ path: 'Test/Fn', message: /has no lib\/worker\.js/ }],
    },
  ],
});

describe('handler-not-found', () => {
  it('is a recommended error rule, in RULES', () => {
    expect(RULES).toContain(handlerNotFound);
    expect(handlerNotFound.meta).toMatchObject({ severity: 'error', recommended: true, docs: 'docs/rules.md#handler-not-found' });
  });
});
