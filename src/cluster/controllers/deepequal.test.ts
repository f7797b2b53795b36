/**
 * deepEqual is canonicalJson equality (Go's reflect.DeepEqual on decoded API objects: key order
 * never matters), walked without building the texts. A property: for any JSON-like values it
 * answers exactly what comparing the canonical texts answers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, deepCopy, deepEqual } from './controller_utils.ts';

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY), fc.constantFrom('', 'a', 'b')),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 })),
})).node;

/** The same value with every object's keys in reverse order. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)]));
}

describe('deepEqual', () => {
  it('answers what comparing canonicalJson texts answers', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(deepEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(deepEqual(a, reordered(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('deepCopy is a JSON round trip', () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(JSON.stringify(deepCopy({ a }))).toBe(JSON.stringify(JSON.parse(JSON.stringify({ a }))));
      }),
      { numRuns: 500 },
    );
  });
});
