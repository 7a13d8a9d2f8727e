import { describe, expect, it } from 'vitest';
import { Runtime, type Stack } from '../../../lib/all.js';
import LIFECYCLE from '../../../lib/data/lambda-runtime-lifecycle.json' with { type: 'json' };
import { deprecatedRuntime, runtimeConstant, runtimeStatus } from '../../../lib/lint/rules/deprecated-runtime.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

// The tester runs on 2026-11-22: nodejs20.x is deprecated (2026-04-30) but can still be created
// (until 2027-02-01) and updated (until 2027-03-03); nodejs22.x is deprecated from 2027-04-30.
const fn = (runtime: Runtime) => (stack: Stack) => void newFunction(stack, 'Fn', { runtime });

ruleTester(deprecatedRuntime, {
  valid: [
    { name: 'nodejs22.x (deprecated from 2027-04-30)', build: fn(Runtime.NODEJS_22_X) },
    { name: 'nodejs24.x', build: fn(Runtime.NODEJS_24_X) },
    { name: 'python3.14', build: fn(Runtime.PYTHON_3_14) },
    { name: 'a runtime the lifecycle table does not know (an imported template)', build: fn(Runtime.NODEJS_24_X), edit: withProps('Test/Fn', { runtime: 'nodejs99.x' }) },
  ],
  invalid: [
    {
      name: 'deprecated, still updatable: a warning naming the dates and the successor',
      build: fn(Runtime.NODEJS_20_X),
      findings: [
        {
          path: 'Test/Fn',
          severity: 'warning',
          message: /^Test\/Fn uses runtime nodejs20\.x, deprecated since 2026-04-30 \(AWS no longer applies security patches to it\); AWS refuses new functions with it from 2027-02-01 and updates of existing ones from 2027-03-03$/,
        },
      ],
    },
    {
      name: 'deprecated 22 days ago (python3.10)',
      build: fn(Runtime.of('python3.10')),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /python3\.10, deprecated since 2026-10-31/ }],
    },
    {
      name: 'deprecated 12 days ago, with no date announced for blocking (dotnet9; an imported template)',
      build: fn(Runtime.NODEJS_24_X),
      edit: withProps('Test/Fn', { runtime: 'dotnet9' }),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /dotnet9, deprecated since 2026-11-10 \(AWS no longer applies security patches to it\); AWS has not announced when it blocks new functions or updates$/ }],
    },
    {
      name: 'creation blocked, updates not yet (go1.x; an imported template: constructs refuse it)',
      build: fn(Runtime.NODEJS_24_X),
      edit: withProps('Test/Fn', { runtime: 'go1.x' }),
      findings: [
        {
          path: 'Test/Fn',
          severity: 'warning',
          message: /go1\.x, deprecated since 2024-01-08 .*; AWS refuses new functions with it since 2024-02-08 and updates of existing ones from 2027-03-03: the stack can no longer be deployed to a new account or region$/,
        },
      ],
    },
    {
      name: 'updates blocked: an error (an imported template: constructs refuse it)',
      build: fn(Runtime.NODEJS_24_X),
      edit: withProps('Test/Fn', { runtime: 'nodejs12.x' }),
      findings: [
        {
          path: 'Test/Fn',
          severity: 'error',
          message: /^Test\/Fn uses runtime nodejs12\.x, deprecated since 2023-03-31 .*; AWS refuses new functions with it since 2023-03-31 and updates of existing ones since 2023-04-30: the function can no longer be updated, so a deploy that changes it fails$/,
        },
      ],
    },
    {
      name: 'each function is reported',
      build: (s) => {
        newFunction(s, 'A', { runtime: Runtime.NODEJS_20_X });
        newFunction(s, 'B', { runtime: Runtime.NODEJS_22_X });
        newFunction(s, 'C', { runtime: Runtime.of('python3.9') });
      },
      findings: [
        { path: 'Test/A', severity: 'warning', message: /nodejs20\.x/ },
        { path: 'Test/C', severity: 'warning', message: /python3\.9, deprecated since 2025-12-15/ },
      ],
    },
  ],
});

describe('deprecated-runtime: hints', () => {
  it('names the successor, how to set it, and the date updates are blocked', () => {
    const [f] = findingsOf(deprecatedRuntime, fn(Runtime.NODEJS_20_X));
    expect(f!.hint).toBe("move Test/Fn to nodejs24.x (runtime: Runtime.NODEJS_24_X; in a template, Runtime: nodejs24.x) and test the handler on it, before 2027-03-03 when updates are blocked");
  });

  it('leaves out the date once updates are blocked', () => {
    const [f] = findingsOf(deprecatedRuntime, fn(Runtime.NODEJS_24_X), undefined, withProps('Test/Fn', { runtime: 'python2.7' }));
    expect(f!.hint).toBe("move Test/Fn to python3.14 (runtime: Runtime.PYTHON_3_14; in a template, Runtime: python3.14) and test the handler on it");
  });

  it('a severity from the configuration caps the error', () => {
    const [f] = findingsOf(deprecatedRuntime, fn(Runtime.NODEJS_24_X), 'warning', withProps('Test/Fn', { runtime: 'nodejs12.x' }));
    expect(f!.severity).toBe('warning');
  });
});

describe('runtimeStatus: the edges of each date (the day itself counts)', () => {
  const on = (day: string) => new Date(`${day}T00:00:00Z`);
  it.each([
    ['2027-04-29', false, false, false],
    ['2027-04-30', true, false, false],
    ['2027-05-31', true, false, false],
    ['2027-06-01', true, true, false],
    ['2027-06-30', true, true, false],
    ['2027-07-01', true, true, true],
  ])('nodejs22.x on %s: deprecated %s, creation blocked %s, updates blocked %s', (day, deprecated, createBlocked, updateBlocked) => {
    expect(runtimeStatus('nodejs22.x', on(day))).toMatchObject({ deprecated, createBlocked, updateBlocked, successor: 'nodejs24.x' });
  });

  it('the last moment of a day is still that day (UTC)', () => {
    expect(runtimeStatus('nodejs22.x', new Date('2027-04-29T23:59:59.999Z'))!.deprecated).toBe(false);
  });

  it('names no successor for the newest runtime of a family', () => {
    expect(runtimeStatus('nodejs24.x', on('2028-05-01'))).toMatchObject({ deprecated: true, successor: undefined });
  });

  it('knows nothing of a runtime outside the table, nor of inherited keys', () => {
    expect(runtimeStatus('nodejs99.x', on('2026-11-22'))).toBeUndefined();
    expect(runtimeStatus('toString', on('2026-11-22'))).toBeUndefined();
  });
});

describe('runtimeConstant', () => {
  it("names a Runtime constant lambdaform has for every successor of the lifecycle table (as CDK names them)", () => {
    const successors = [...new Set(Object.values(LIFECYCLE as Record<string, { successor: string | null }>).map((l) => l.successor).filter((x): x is string => x !== null))];
    expect(successors.length).toBeGreaterThan(5);
    for (const name of successors) {
      const constant = runtimeConstant(name);
      expect((Runtime as unknown as Record<string, { name?: string }>)[constant]?.name, `${name} -> Runtime.${constant}`).toBe(name);
    }
    expect([runtimeConstant('nodejs24.x'), runtimeConstant('provided.al2023'), runtimeConstant('java21'), runtimeConstant('python3.14')]).toEqual(['NODEJS_24_X', 'PROVIDED_AL2023', 'JAVA_21', 'PYTHON_3_14']);
  });
});
