// The matchers of lambdaform/testing, each with a case it must accept and cases it must refuse,
// with the semantics of aws-cdk-lib/assertions (objectLike by default, exact where CDK is exact).
import { describe, expect, it } from 'vitest';
import { Match, Matcher, matchValue } from '../../lib/testing/index.js';

/** The mismatch for `expected` against `actual` (undefined when it matches). */
function problem(expected: unknown, actual: unknown): string | undefined {
  return matchValue(expected, actual, 'X');
}

/** Expects a match. */
function matches(expected: unknown, actual: unknown): void {
  expect(problem(expected, actual)).toBeUndefined();
}

/** Expects a mismatch whose message contains every one of `parts`. */
function mismatches(expected: unknown, actual: unknown, ...parts: string[]): void {
  const p = problem(expected, actual);
  expect(p, `expected ${JSON.stringify(actual)} not to match`).toBeDefined();
  for (const part of parts) expect(p).toContain(part);
}

describe('Match.absent', () => {
  it('matches a missing key, and a key whose value is undefined', () => {
    matches({ A: Match.absent() }, {});
    matches({ A: Match.absent() }, { B: 1 });
    matches({ A: Match.absent() }, { A: undefined });
  });

  it.each([
    ['a string', 'x'],
    ['null', null],
    ['false', false],
    ['0', 0],
    ["''", ''],
    ['an empty object', {}],
    ['an empty list', []],
  ])('fails when the key is present with %s', (_, value) => {
    // GIVEN an object that has the key / WHEN matched against absent / THEN the key and the value are named
    mismatches({ A: Match.absent() }, { A: value }, 'X.A', 'absent', JSON.stringify(value));
  });

  it('fails nested, naming the path', () => {
    mismatches({ A: { B: Match.absent() } }, { A: { B: 1, C: 2 } }, 'X.A.B: expected the key to be absent, got 1');
  });

  it('cannot be an element of arrayWith (as in CDK)', () => {
    expect(() => Match.arrayWith([Match.absent()])).toThrow('Match.absent() cannot be an element of Match.arrayWith()');
  });
});

describe('Match.anyValue', () => {
  it.each([['a string', 'x'], ['false', false], ['0', 0], ["''", ''], ['an object', {}], ['a list', []]])('matches %s', (_, value) => {
    matches({ A: Match.anyValue() }, { A: value });
  });

  it('fails on a missing key', () => {
    mismatches({ A: Match.anyValue() }, {}, "X.A: missing key 'A'");
  });

  it('fails on null and on undefined', () => {
    mismatches({ A: Match.anyValue() }, { A: null }, 'X.A: expected a value, got null');
    mismatches(Match.anyValue(), undefined, 'X: expected a value');
  });

  it('cannot be an element of arrayWith (as in CDK)', () => {
    expect(() => Match.arrayWith(['a', Match.anyValue()])).toThrow('Match.anyValue() cannot be an element of Match.arrayWith()');
  });
});

describe('Match.objectLike (and plain objects)', () => {
  const actual = { A: 1, B: { C: 'x', D: [1, 2], E: { F: true, G: null } }, H: 'extra' };

  it('matches a subset of the keys, nested', () => {
    matches(Match.objectLike({ A: 1 }), actual);
    matches(Match.objectLike({ B: { E: { F: true } } }), actual);
    matches({ B: { C: 'x', D: [1, 2] } }, actual);
    matches({}, actual);
  });

  it('fails on a missing key, naming it', () => {
    mismatches(Match.objectLike({ Z: 1 }), actual, "X.Z: missing key 'Z'");
    mismatches({ B: { E: { Z: 1 } } }, actual, "X.B.E.Z: missing key 'Z'");
  });

  it('fails on a different value, nested, naming the path and both values', () => {
    mismatches(Match.objectLike({ A: 2 }), actual, 'X.A: expected 2, got 1');
    mismatches({ B: { E: { F: false } } }, actual, 'X.B.E.F: expected false, got true');
    mismatches({ B: { E: { G: 0 } } }, actual, 'X.B.E.G', 'expected number 0, got null');
  });

  it('compares by type: 1 is not "1", null is not undefined', () => {
    mismatches({ A: '1' }, actual, 'X.A', 'expected string "1", got number 1');
    mismatches({ B: { E: { G: undefined } } }, actual, 'X.B.E.G');
  });

  it('fails when the value is not an object', () => {
    mismatches(Match.objectLike({ A: 1 }), [1], 'X: expected an object, got array');
    mismatches(Match.objectLike({ A: 1 }), null, 'X: expected an object, got null');
    mismatches({ A: { B: 1 } }, { A: 'x' }, 'X.A: expected an object, got string "x"');
  });

  it('ignores inherited properties: a missing key is missing', () => {
    mismatches({ toString: Match.anyValue() }, {}, "X.toString: missing key 'toString'");
  });
});

describe('Match.objectEquals', () => {
  it('matches the same keys in any order', () => {
    matches(Match.objectEquals({ A: 1, B: 'x' }), { B: 'x', A: 1 });
  });

  it('fails on an extra key, naming it', () => {
    mismatches(Match.objectEquals({ A: 1 }), { A: 1, B: 2 }, "X: unexpected key(s) 'B'");
  });

  it('fails on a missing key, naming it', () => {
    mismatches(Match.objectEquals({ A: 1, B: 2 }), { A: 1 }, "X.B: missing key 'B'");
  });

  it('fails on a different value', () => {
    mismatches(Match.objectEquals({ A: 1 }), { A: 2 }, 'X.A: expected 1, got 2');
  });

  it('is exact for nested objects too (as in CDK)', () => {
    // GIVEN a nested object with one key more than expected / WHEN matched / THEN the extra key is named
    mismatches(Match.objectEquals({ A: { B: 1 } }), { A: { B: 1, C: 2 } }, "X.A: unexpected key(s) 'C'");
    mismatches(Match.objectEquals({ A: [{ B: 1 }] }), { A: [{ B: 1, C: 2 }] }, "X.A[0]: unexpected key(s) 'C'");
    matches(Match.objectEquals({ A: { B: 1 } }), { A: { B: 1 } });
  });

  it('lets nested matchers decide, and allows absent keys', () => {
    matches(Match.objectEquals({ A: Match.objectLike({ B: 1 }), Z: Match.absent() }), { A: { B: 1, C: 2 } });
    mismatches(Match.objectEquals({ A: Match.anyValue(), Z: Match.absent() }), { A: 1, Z: 0 }, 'X.Z', 'absent');
  });
});

describe('plain arrays', () => {
  it('match the same elements in the same order; objects in them partially', () => {
    matches({ L: [1, 'a', { K: 1 }] }, { L: [1, 'a', { K: 1, Other: 2 }] });
  });

  it('fail on a different length, naming what is missing or extra', () => {
    mismatches({ L: [1, 2] }, { L: [1, 2, 3] }, 'X.L: expected 2 element(s), got 3', 'extra [3]');
    mismatches({ L: [1, 2] }, { L: [1] }, 'X.L: expected 2 element(s), got 1', 'missing [2]');
    mismatches({ L: [] }, { L: [1] }, 'X.L: expected 0 element(s), got 1');
  });

  it('fail on a different order, naming the first differing element', () => {
    mismatches({ L: [1, 2] }, { L: [2, 1] }, 'X.L[0]: expected 1, got 2');
  });

  it('fail on a non-array', () => {
    mismatches({ L: [1] }, { L: 1 }, 'X.L: expected an array, got number 1');
    mismatches({ L: [] }, { L: {} }, 'X.L: expected an array, got object');
  });
});

describe('Match.arrayWith', () => {
  const actual = ['a', 'b', 'c', { K: 1, V: 2 }];

  it('matches elements in order, with others between', () => {
    matches(Match.arrayWith(['a', 'c']), actual);
    matches(Match.arrayWith([]), actual);
    matches(Match.arrayWith([{ K: 1, V: 2 }]), actual);
    // earliest match first: a later duplicate is still found
    matches(Match.arrayWith(['x', 'x', 'y']), ['x', 'y', 'x', 'y']);
  });

  it('fails on the wrong order', () => {
    mismatches(Match.arrayWith(['c', 'a']), actual, 'X: no element after element 2', 'matches "a"');
  });

  it('fails on a missing element', () => {
    mismatches(Match.arrayWith(['a', 'z']), actual, 'matches "z"', '(expected element 1)');
    mismatches(Match.arrayWith(['z']), [], 'matches "z"');
  });

  it('compares elements exactly, as CDK does; objectLike makes them partial', () => {
    mismatches(Match.arrayWith([{ K: 1 }]), actual, 'matches {"K":1}');
    matches(Match.arrayWith([Match.objectLike({ K: 1 })]), actual);
  });

  it('fails on a non-array', () => {
    mismatches(Match.arrayWith(['a']), 'a', 'X: expected an array, got string "a"');
  });
});

describe('Match.arrayEquals', () => {
  it('matches the same elements in the same order', () => {
    matches(Match.arrayEquals([1, { A: 1 }]), [1, { A: 1 }]);
  });

  it('fails on another length or order, and compares objects exactly', () => {
    mismatches(Match.arrayEquals([1, 2]), [1, 2, 3], 'expected 2 element(s), got 3');
    mismatches(Match.arrayEquals([1, 2]), [2, 1], 'X[0]: expected 1, got 2');
    mismatches(Match.arrayEquals([{ A: 1 }]), [{ A: 1, B: 2 }], "X[0]: unexpected key(s) 'B'");
  });
});

describe('Match.stringLikeRegexp', () => {
  it('matches a string that matches, from a RegExp or a string pattern', () => {
    matches(Match.stringLikeRegexp(/^arn:aws:/), 'arn:aws:s3:::b');
    matches(Match.stringLikeRegexp('bucket-\\d+'), 'my-bucket-42');
    // a string pattern is multi-line, as in CDK
    matches(Match.stringLikeRegexp('^two$'), 'one\ntwo\nthree');
  });

  it('fails on a string that does not match', () => {
    mismatches(Match.stringLikeRegexp(/^arn:aws:/), 'arn:aws-cn:s3', 'X: expected a string matching /^arn:aws:/, got "arn:aws-cn:s3"');
  });

  it('fails on a non-string, even one whose text would match', () => {
    mismatches(Match.stringLikeRegexp(/^1$/), 1, 'expected a string matching /^1$/, got number 1');
    mismatches(Match.stringLikeRegexp(/null/), null, 'got null');
    mismatches({ A: Match.stringLikeRegexp(/x/) }, {}, "X.A: missing key 'A'");
  });

  it('gives the same answer every time, even for a global RegExp', () => {
    // GIVEN a /g RegExp (whose test() remembers where it stopped)
    const m = Match.stringLikeRegexp(/a/g);
    // WHEN used twice / THEN both match
    matches(m, 'a');
    matches(m, 'a');
  });
});

describe('Match.exact', () => {
  it('matches deep-equal values whatever the order of keys', () => {
    matches(Match.exact({ A: 1, B: { C: [1, 2], D: 'x' } }), { B: { D: 'x', C: [1, 2] }, A: 1 });
    matches({ P: Match.exact('x') }, { P: 'x' });
  });

  it('fails on a partial object, at any depth', () => {
    mismatches(Match.exact({ A: 1 }), { A: 1, B: 2 }, "X: unexpected key(s) 'B'");
    mismatches({ P: Match.exact({ A: { B: 1 } }) }, { P: { A: { B: 1, C: 2 } } }, "X.P.A: unexpected key(s) 'C'");
  });

  it('fails on a missing key, a different value, another type, another array', () => {
    mismatches(Match.exact({ A: 1, B: 2 }), { A: 1 }, "X.B: missing key 'B'");
    mismatches(Match.exact({ A: 1 }), { A: 2 }, 'X.A: expected 1, got 2');
    mismatches(Match.exact(1), '1', 'expected number 1, got string "1"');
    mismatches(Match.exact(null), {}, 'expected null null, got object {}');
    mismatches(Match.exact([1, 2]), [1, 2, 3], 'expected 2 element(s), got 3');
  });

  it('lets matchers nested in it apply, but refuses one at the top', () => {
    matches(Match.exact({ A: Match.anyValue() }), { A: 3 });
    expect(() => Match.exact(Match.anyValue())).toThrow('Match.exact() cannot contain a matcher directly');
  });
});

describe('Match.not', () => {
  it('matches what the pattern does not match', () => {
    matches({ A: Match.not('x') }, { A: 'y' });
    matches({ A: Match.not(Match.stringLikeRegexp(/^x/)) }, { A: 'yx' });
    // a plain object pattern is exact: a superset does not match it, so not() accepts it
    matches({ A: Match.not({ B: 1 }) }, { A: { B: 1, C: 2 } });
  });

  it('fails on what the pattern matches, showing the value', () => {
    mismatches({ A: Match.not('x') }, { A: 'x' }, 'X.A: expected no match for "x", got "x"');
    mismatches({ A: Match.not(Match.objectLike({ B: 1 })) }, { A: { B: 1, C: 2 } }, 'X.A: expected no match', '"C":2');
  });
});

describe('Match.serializedJson', () => {
  it('matches a JSON string whose value matches exactly', () => {
    matches({ Doc: Match.serializedJson({ Version: '2012-10-17', Statement: [] }) }, { Doc: '{"Statement":[],"Version":"2012-10-17"}' });
    matches(Match.serializedJson(Match.objectLike({ A: 1 })), '{"A":1,"B":2}');
  });

  it('fails on a different value, a partial object, invalid JSON and a non-string', () => {
    mismatches(Match.serializedJson({ A: 1 }), '{"A":2}', 'the encoded JSON does not match', 'expected 1, got 2');
    mismatches(Match.serializedJson({ A: 1 }), '{"A":1,"B":2}', "unexpected key(s) 'B'");
    mismatches(Match.serializedJson({ A: 1 }), '{A:1}', 'invalid JSON');
    mismatches(Match.serializedJson({ A: 1 }), { A: 1 }, 'expected JSON in a string, got object');
  });
});

describe('scalars and custom matchers', () => {
  it('compare scalars with ===', () => {
    matches('x', 'x');
    matches(null, null);
    mismatches(true, 'true', 'expected boolean true, got string "true"');
    mismatches(Number.NaN, Number.NaN, 'expected NaN, got NaN');
  });

  it('apply a user-defined Matcher', () => {
    class Even extends Matcher {
      public test(actual: unknown, path: string): string | undefined {
        return typeof actual === 'number' && actual % 2 === 0 ? undefined : `${path}: expected an even number`;
      }
    }
    matches({ N: new Even() }, { N: 4 });
    mismatches({ N: new Even() }, { N: 3 }, 'X.N: expected an even number');
    expect(Matcher.isMatcher(new Even())).toBe(true);
    expect(Matcher.isMatcher({})).toBe(false);
  });
});
