/**
 * π to N significant digits, as Perl's `bignum` prints `bpi(N)`: Machin's formula
 * π = 16·atan(1/5) − 4·atan(1/239) in scaled integer arithmetic (BigInt), with guard digits,
 * then rounded to N digits (half to even, Math::BigFloat's default round mode).
 */

const GUARD_DIGITS = 12;

/** atan(1/x) · 10^scale, by the Taylor series Σ (−1)^k / ((2k+1)·x^(2k+1)). */
function arctanInverse(x: bigint, one: bigint): bigint {
  const x2 = x * x;
  let power = one / x;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= x2;
    const term = power / (2n * k + 1n);
    sum += k % 2n === 1n ? -term : term;
  }
  return sum;
}

export function piDigits(significant: number): string {
  const n = Math.max(1, Math.floor(significant));
  const scale = BigInt(n - 1 + GUARD_DIGITS);
  const one = 10n ** scale;
  const pi = 16n * arctanInverse(5n, one) - 4n * arctanInverse(239n, one);
  const guard = 10n ** BigInt(GUARD_DIGITS);
  let digits = pi / guard;
  const rest = pi % guard;
  const half = guard / 2n;
  if (rest > half || (rest === half && digits % 2n === 1n)) digits += 1n;
  const text = digits.toString();
  return text.length > 1 ? `${text[0]}.${text.slice(1)}` : text;
}
