/**
 * Seeded, forkable pseudo-random number generator (xoshiro128**, seeded by splitmix32).
 *
 * Why not Math.random: a run must be replayable from its seed alone. Each subsystem gets its own
 * stream (`deriveStream(seed, 'raft/etcd-cp-1')`), so adding randomness in one subsystem never
 * shifts the numbers another subsystem sees. The state is four plain numbers, so it checkpoints
 * with the rest of the world.
 */
export interface PrngState {
  s0: number;
  s1: number;
  s2: number;
  s3: number;
}

function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** 32-bit FNV-1a over a string's UTF-16 code units: a small, stable, well-spread hash. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream's numbers depend only on (seed, label). */
function hashLabel(label: string): number {
  return fnv1a32(label);
}

export function seedPrng(seed: number): PrngState {
  const sm = { x: seed | 0 };
  const state = { s0: splitmix32(sm), s1: splitmix32(sm), s2: splitmix32(sm), s3: splitmix32(sm) };
  if ((state.s0 | state.s1 | state.s2 | state.s3) === 0) state.s0 = 1; // xoshiro must not be all-zero
  return state;
}

/** An independent stream for one subsystem, derived from the run's seed and a stable label. */
export function deriveStream(seed: number, label: string): PrngState {
  return seedPrng((Math.imul(seed | 0, 0x9e3779b1) ^ hashLabel(label)) | 0);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Next unsigned 32-bit integer; advances the state in place. */
export function nextU32(p: PrngState): number {
  const result = Math.imul(rotl(Math.imul(p.s1, 5), 7), 9) >>> 0;
  const t = p.s1 << 9;
  p.s2 ^= p.s0;
  p.s3 ^= p.s1;
  p.s1 ^= p.s2;
  p.s0 ^= p.s3;
  p.s2 ^= t;
  p.s3 = rotl(p.s3, 11);
  return result;
}

/** Uniform integer in [lo, hiExclusive). Uses rejection sampling so there is no modulo bias. */
export function nextInt(p: PrngState, lo: number, hiExclusive: number): number {
  const span = hiExclusive - lo;
  if (!Number.isInteger(span) || span <= 0) throw new Error(`nextInt: empty range [${lo}, ${hiExclusive})`);
  const limit = Math.floor(0x1_0000_0000 / span) * span;
  let x = nextU32(p);
  while (x >= limit) x = nextU32(p);
  return lo + (x % span);
}

/** True with probability numerator/denominator (integer ratio, as TigerBeetle writes chances). */
export function chance(p: PrngState, numerator: number, denominator: number): boolean {
  if (numerator <= 0) return false;
  if (numerator >= denominator) return true;
  return nextInt(p, 0, denominator) < numerator;
}

/** 64-bit id as 16 hex digits (etcd member and cluster ids look like this). */
export function nextHex64(p: PrngState): string {
  const hi = hex32(nextU32(p));
  const lo = hex32(nextU32(p));
  return (hi + lo).replace(/^0+(?=.)/, '');
}

export function pick<T>(p: PrngState, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick: no items');
  return items[nextInt(p, 0, items.length)] as T;
}

/** A random (version 4) UUID from a PRNG stream: object uids, leader-election identities. */
export function uuidV4(prng: PrngState): string {
  // Four draws in order, as Array.from(..., draw).join('') made them (no array, no closure per uid).
  const a = hex32(nextU32(prng));
  const b = hex32(nextU32(prng));
  const cBits = nextU32(prng);
  const c = hex32(cBits);
  const d = hex32(nextU32(prng));
  // RFC 4122: the version nibble is 4, the variant's two top bits are 10.
  const variant = VARIANT_DIGITS[(cBits >>> 28) & 0x3]!;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
const VARIANT_DIGITS = '89ab';

/** A u32 as 8 lower-case hex digits, zero-padded: `n.toString(16).padStart(8, '0')`, by table. */
export function hex32(n: number): string {
  return HEX_BYTES[(n >>> 24) & 0xff]! + HEX_BYTES[(n >>> 16) & 0xff]! + HEX_BYTES[(n >>> 8) & 0xff]! + HEX_BYTES[n & 0xff]!;
}
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
