import { Queue, Tracing } from '../../../lib/all.js';
import { tracing } from '../../../lib/lint/rules/tracing.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

ruleTester(tracing, {
  valid: [
    { name: 'active tracing', build: (s) => void newFunction(s, 'Fn', { tracing: Tracing.ACTIVE }) },
    { name: 'a stack without functions', build: (s) => void new Queue(s, 'Q') },
  ],
  invalid: [
    {
      name: 'no tracing (the default)',
      build: (s) => void newFunction(s, 'Fn'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn has no X-Ray tracing: active tracing gives a service map and, per sampled request, the time spent in init, in the handler and in each call to other AWS services; it costs \$5 per million traces recorded beyond 100,000 free a month, and only sampled requests are recorded$/ }],
    },
    { name: 'tracing disabled explicitly', build: (s) => void newFunction(s, 'Fn', { tracing: Tracing.DISABLED }), findings: [{ path: 'Test/Fn', message: /^Test\/Fn has no X-Ray tracing/ }] },
    { name: 'PassThrough: only requests the caller sampled', build: (s) => void newFunction(s, 'Fn', { tracing: Tracing.PASS_THROUGH }), findings: [{ path: 'Test/Fn', message: /^Test\/Fn traces only requests its caller already sampled \(PassThrough\): active tracing gives/ }] },
    {
      name: 'each function without active tracing',
      build: (s) => { newFunction(s, 'A'); newFunction(s, 'B', { tracing: Tracing.ACTIVE }); newFunction(s, 'C', { tracing: Tracing.PASS_THROUGH }); },
      findings: [
        { path: 'Test/A', message: /has no X-Ray tracing/ },
        { path: 'Test/C', message: /\(PassThrough\)/ },
      ],
    },
    { name: 'an imported model without tracing', build: (s) => void newFunction(s, 'Fn', { tracing: Tracing.ACTIVE }), edit: withProps('Test/Fn', { tracing: undefined }), findings: [{ path: 'Test/Fn', message: /has no X-Ray tracing/ }] },
    { name: 'a severity from the configuration', build: (s) => void newFunction(s, 'Fn'), setting: 'warning', findings: [{ path: 'Test/Fn', severity: 'warning', message: /no X-Ray tracing/ }] },
  ],
});
