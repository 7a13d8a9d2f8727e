import { Duration, Size } from '../../../lib/all.js';
import { explicitMemoryTimeout } from '../../../lib/lint/rules/explicit-memory-timeout.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

ruleTester(explicitMemoryTimeout, {
  valid: [
    { name: 'memory and timeout set', build: (s) => void newFunction(s, 'Fn', { memorySize: 512, timeout: Duration.seconds(10) }) },
    { name: 'memory set, the default timeout', build: (s) => void newFunction(s, 'Fn', { memorySize: 1024 }) },
    { name: 'timeout set, the default memory', build: (s) => void newFunction(s, 'Fn', { timeout: Duration.seconds(30) }) },
    { name: 'one MB above the default memory', build: (s) => void newFunction(s, 'Fn', { memorySize: Size.mebibytes(129) }) },
    { name: 'one second above the default timeout', build: (s) => void newFunction(s, 'Fn', { timeout: Duration.seconds(4) }) },
  ],
  invalid: [
    {
      name: 'both defaults, left implicit',
      build: (s) => void newFunction(s, 'Fn'),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn uses the defaults \(128 MB, 3 s\), which are rarely right: 128 MB gives about 7% of a vCPU \(CPU scales with memory: one vCPU at 1,769 MB\), so cold starts and CPU work are slow, and 3 s cuts off any slow call$/ }],
    },
    { name: 'both defaults, written out (the model holds resolved values)', build: (s) => void newFunction(s, 'Fn', { memorySize: 128, timeout: Duration.seconds(3) }), findings: [{ path: 'Test/Fn', message: /uses the defaults \(128 MB, 3 s\)/ }] },
    { name: 'the defaults in other units', build: (s) => void newFunction(s, 'Fn', { memorySize: Size.mebibytes(128), timeout: Duration.millis(3000) }), findings: [{ path: 'Test/Fn', message: /uses the defaults/ }] },
    {
      name: 'each function at the defaults',
      build: (s) => { newFunction(s, 'A'); newFunction(s, 'B', { memorySize: 256 }); newFunction(s, 'C'); },
      findings: [
        { path: 'Test/A', message: /uses the defaults/ },
        { path: 'Test/C', message: /uses the defaults/ },
      ],
    },
    { name: 'an imported model at the defaults', build: (s) => void newFunction(s, 'Fn', { memorySize: 512 }), edit: withProps('Test/Fn', { memorySizeMb: 128 }), findings: [{ path: 'Test/Fn', message: /uses the defaults/ }] },
    { name: 'a severity from the configuration', build: (s) => void newFunction(s, 'Fn'), setting: 'warning', findings: [{ path: 'Test/Fn', severity: 'warning', message: /uses the defaults/ }] },
  ],
});
