/**
 * JSON-shaped helpers that give exactly the results of a JSON round trip without the text in
 * between: objects travel as plain data, and serializing a whole object only to copy it or to
 * compare it costs far more than walking it. Each walks plain data (strings, finite numbers,
 * booleans, null, arrays and objects with the ordinary prototypes) itself and, for anything
 * else (a Date, a toJSON method, a non-finite number where it matters, a very deep or cyclic
 * value), falls back to JSON.stringify, so the answer is always the round trip's.
 */

/** Deeper than this, hand the value to JSON itself (which also reports cycles as it always did). */
const MAX_DEPTH = 100;

/** Returned by the walkers when a value needs the JSON fallback. */
const UNUSUAL: unique symbol = Symbol('unusual');

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function plainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype && (v as { toJSON?: unknown }).toJSON === undefined;
}

function plainArray(v: unknown[]): boolean {
  return Object.getPrototypeOf(v) === Array.prototype && (v as { toJSON?: unknown }).toJSON === undefined;
}

function plainContainer(v: unknown): boolean {
  return Array.isArray(v) ? plainArray(v) : plainObject(v as object);
}

function cloneValue(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON writes -0 as 0 and NaN/±Infinity as null.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object': {
      if (v === null) return null;
      if (depth > MAX_DEPTH) return UNUSUAL;
      if (Array.isArray(v)) {
        if (!plainArray(v)) return UNUSUAL;
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
          const e: unknown = v[i];
          if (omitted(e)) {
            out.push(null);
            continue;
          }
          const c = cloneValue(e, depth + 1);
          if (c === UNUSUAL) return UNUSUAL;
          out.push(c);
        }
        return out;
      }
      if (!plainObject(v)) return UNUSUAL;
      const out: Record<string, unknown> = {};
      // for-in, not Object.keys: a plain object (checked above) inherits nothing enumerable, so
      // it visits the same own keys in the same order without allocating an array of them.
      for (const k in v) {
        // JSON.parse makes "__proto__" an own property; assignment would set the prototype.
        if (k === '__proto__') return UNUSUAL;
        const e = (v as Record<string, unknown>)[k];
        if (omitted(e)) continue;
        const c = cloneValue(e, depth + 1);
        if (c === UNUSUAL) return UNUSUAL;
        out[k] = c;
      }
      return out;
    }
    default:
      return UNUSUAL;
  }
}

/** JSON.parse(JSON.stringify(v)): a fresh JSON-shaped deep copy. */
export function jsonClone<T>(v: T): T {
  const c = cloneValue(v, 0);
  return (c === UNUSUAL ? JSON.parse(JSON.stringify(v)) : c) as T;
}

function cloneReusing(v: unknown, shaped: unknown, depth: number): unknown {
  if (v === shaped && typeof v === 'object' && v !== null) return v;
  if (typeof v !== 'object' || v === null || typeof shaped !== 'object' || shaped === null || depth > MAX_DEPTH) return cloneValue(v, depth);
  if (Array.isArray(v)) {
    if (!Array.isArray(shaped) || !plainArray(v)) return cloneValue(v, depth);
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (omitted(e)) {
        out.push(null);
        continue;
      }
      const c = cloneReusing(e, shaped[i], depth + 1);
      if (c === UNUSUAL) return UNUSUAL;
      out.push(c);
    }
    return out;
  }
  if (Array.isArray(shaped) || !plainObject(v)) return cloneValue(v, depth);
  const out: Record<string, unknown> = {};
  for (const k in v) {
    if (k === '__proto__') return UNUSUAL;
    const e = (v as Record<string, unknown>)[k];
    if (omitted(e)) continue;
    const c = cloneReusing(e, Object.prototype.hasOwnProperty.call(shaped, k) ? (shaped as Record<string, unknown>)[k] : undefined, depth + 1);
    if (c === UNUSUAL) return UNUSUAL;
    out[k] = c;
  }
  return out;
}

/**
 * jsonClone(v), except that where v holds the very object `shaped` holds at the same place, that
 * object is kept instead of copied: `shaped` must be in its round-trip form already (parsed from
 * JSON, never changed). Undefined when v needs JSON itself to say what it becomes.
 */
export function jsonCloneReusing<T>(v: T, shaped: unknown): T | undefined {
  const c = cloneReusing(v, shaped, 0);
  return c === UNUSUAL ? undefined : (c as T);
}

/** A primitive as JSON writes it: non-finite numbers are null; -0 equals 0 under ===. */
function jsonPrimitive(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** Object keys JSON writes, in order, compared pairwise with their values. */
function equalObjects(a: Record<string, unknown>, b: Record<string, unknown>, depth: number): boolean | typeof UNUSUAL {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && omitted(a[ka[i]!])) i++;
    while (j < kb.length && omitted(b[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const k = ka[i]!;
    if (k !== kb[j]) return false;
    const r = equalValues(a[k], b[k], depth + 1);
    if (r !== true) return r;
    i++;
    j++;
  }
}

function equalValues(a: unknown, b: unknown, depth: number): boolean | typeof UNUSUAL {
  if (a === b) return true;
  const pa = typeof a !== 'object' || a === null;
  const pb = typeof b !== 'object' || b === null;
  if (typeof a === 'bigint' || typeof b === 'bigint') return UNUSUAL;
  // Two primitives (never values JSON leaves out: callers map those to null or skip them).
  if (pa && pb) return jsonPrimitive(a) === jsonPrimitive(b);
  // A primitive and a plain array or object never write the same text (a toJSON might).
  if (pa || pb) return plainContainer(pa ? b : a) ? false : UNUSUAL;
  if (depth > MAX_DEPTH) return UNUSUAL;
  const aa = Array.isArray(a);
  const ab = Array.isArray(b);
  if (aa !== ab) return plainContainer(a) && plainContainer(b) ? false : UNUSUAL;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (!plainArray(x) || !plainArray(y)) return UNUSUAL;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const ex = omitted(x[i]) ? null : x[i];
      const ey = omitted(y[i]) ? null : y[i];
      const r = equalValues(ex, ey, depth + 1);
      if (r !== true) return r;
    }
    return true;
  }
  if (!plainObject(a as object) || !plainObject(b as object)) return UNUSUAL;
  return equalObjects(a as Record<string, unknown>, b as Record<string, unknown>, depth);
}

/** JSON.stringify(a) === JSON.stringify(b), without building either text. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  // At the top, a value JSON leaves out stringifies to undefined (equal only to another such).
  if (omitted(a) || omitted(b)) return omitted(a) && omitted(b);
  const r = equalValues(a, b, 0);
  return r === UNUSUAL ? JSON.stringify(a) === JSON.stringify(b) : r;
}

function cleanValue(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(v)) {
        if (!plainArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!(i in v) || !cleanValue(v[i], depth + 1)) return false;
        return true;
      }
      if (!plainObject(v)) return false;
      for (const k of Object.keys(v)) if (k === '__proto__' || !cleanValue((v as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Whether JSON.parse(JSON.stringify(v)) would be a copy of v itself: the same keys in the same
 * order with the same values all the way down (so v may stand in for the parsed text).
 */
export function isJsonShaped(v: unknown): boolean {
  return cleanValue(v, 0);
}
