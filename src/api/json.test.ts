import { describe, expect, it } from 'vitest';
import { isJsonShaped, jsonClone, jsonEqual } from './json.ts';

/** A small seeded generator of JSON-ish values, odd ones included. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const ODD: unknown[] = [undefined, NaN, -0, Infinity, -Infinity, () => 1, Symbol('s'), new Date(0), { toJSON: () => 'x' }, Object.create(null), [, 1]];
const KEYS = ['a', 'b', 'c', '1', '0', 'name', 'spec', '__proto__x', ''];

function gen(r: () => number, depth: number, odd: boolean): unknown {
  const p = r();
  if (odd && p < 0.06) return ODD[Math.floor(r() * ODD.length)];
  if (depth > 3 || p < 0.35) {
    const q = r();
    if (q < 0.3) return KEYS[Math.floor(r() * KEYS.length)];
    if (q < 0.55) return Math.floor(r() * 5) - 1;
    if (q < 0.65) return r() < 0.5;
    if (q < 0.75) return null;
    return String(Math.floor(r() * 3));
  }
  if (p < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => gen(r, depth + 1, odd));
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)]!] = gen(r, depth + 1, odd);
  return o;
}

const text = (v: unknown) => JSON.stringify(v);

describe('jsonClone', () => {
  it('gives the JSON round trip', () => {
    for (const odd of [false, true]) {
      const r = rng(odd ? 7 : 3);
      for (let i = 0; i < 5000; i++) {
        const v = { root: gen(r, 0, odd) };
        const want = JSON.parse(JSON.stringify(v)) as unknown;
        const got = jsonClone(v);
        expect(got).toStrictEqual(want);
        expect(text(got)).toBe(text(want));
        if (odd) expect(Object.keys(got as object)).toEqual(Object.keys(want as object));
      }
    }
  });

  it('keeps a "__proto__" key as JSON.parse does', () => {
    const v = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as object;
    const c = jsonClone(v);
    expect(Object.keys(c)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  });

  it('copies: nothing is shared with the argument', () => {
    const v = { a: { b: [1, { c: 2 }] } };
    const c = jsonClone(v);
    expect(c.a).not.toBe(v.a);
    expect(c.a.b).not.toBe(v.a.b);
    expect(c.a.b[1]).not.toBe(v.a.b[1]);
  });
});

describe('jsonEqual', () => {
  it('equals comparing the JSON texts', () => {
    for (const odd of [false, true]) {
      const r = rng(odd ? 11 : 5);
      let equal = 0;
      for (let i = 0; i < 20000; i++) {
        const a = gen(r, 0, odd);
        // Often compare a value with a copy of itself, or with a small change of it.
        const b = r() < 0.4 ? (a === undefined ? undefined : structuredCloneSafe(a)) : gen(r, 0, odd);
        const want = text(a) === text(b);
        if (want) equal++;
        expect(jsonEqual(a, b), `${text(a)} vs ${text(b)}`).toBe(want);
      }
      expect(equal).toBeGreaterThan(1000);
    }
  });

  it('sees key order, omitted values and JSON number forms', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual(NaN, null)).toBe(true);
    expect(jsonEqual(-0, 0)).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false);
    expect(jsonEqual(undefined, undefined)).toBe(true);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(new Date(0), '1970-01-01T00:00:00.000Z')).toBe(true);
  });
});

describe('isJsonShaped', () => {
  it('is true exactly when the round trip gives the same structure back', () => {
    for (const odd of [false, true]) {
      const r = rng(odd ? 13 : 17);
      for (let i = 0; i < 5000; i++) {
        const v = gen(r, 0, odd);
        if (isJsonShaped(v)) expect(JSON.parse(JSON.stringify(v))).toStrictEqual(v);
        else expect(odd).toBe(true);
      }
    }
    expect(isJsonShaped({ a: undefined })).toBe(false);
    expect(isJsonShaped({ a: -0 })).toBe(false);
    expect(isJsonShaped([1, , 2])).toBe(false);
    expect(isJsonShaped({ a: [1, { b: 'x', c: null, d: true }] })).toBe(true);
  });
});

/** A copy that keeps odd values as they are (structuredClone refuses functions and symbols). */
function structuredCloneSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneSafe);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = structuredCloneSafe(x);
    return o;
  }
  return v;
}
