/**
 * resource.Quantity as k8s.io/apimachinery pkg/api/resource parses it (quantity.go
 * `ParseQuantity`, `parseQuantityString`; suffix.go `quantitySuffixer.interpret`).
 *
 * A quantity is `<signedNumber><suffix>`: the number may have a fraction ("0.5", ".5", "1."),
 * the suffix is a binary SI unit (Ki Mi Gi Ti Pi Ei, powers of 1024), a decimal SI unit
 * (n u m "" k M G T P E) or a decimal exponent (e3, E-2). CPU is counted in cores ("100m" = 0.1)
 * and memory in bytes ("1Ki" = 1024).
 *
 * The number is kept exact as an integer mantissa and powers of ten and two, the way Go keeps an
 * inf.Dec, so `cpuMillis("0.1")` is exactly 100 and never 100.00000000000001.
 */

/** The regular expression in the apiserver's error (quantity.go `splitREString`). */
export const QUANTITY_REGEXP_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** quantity.go `ErrFormatWrong`, `ErrSuffix`. */
export const ERR_QUANTITY_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEXP_STRING}'`;
export const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

/** An exact quantity: sign × mantissa × 10^exponent10 × 2^exponent2. */
export interface ParsedQuantity {
  negative: boolean;
  mantissa: bigint;
  exponent10: number;
  exponent2: number;
}

// suffix.go newSuffixer: binary suffixes are powers of 2 (base 2, exponent 10·n), decimal SI
// suffixes powers of 10.
const BINARY_SUFFIX_EXPONENT2: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_EXPONENT10: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const SUFFIX_CHARS = 'eEinumkKMGTP';

/**
 * quantity.go `parseQuantityString`: splits "<sign><num>.<denom><suffix>" with the same
 * scanning loops (leading zeros stripped, "1." and ".5" accepted, a suffix is letters from
 * `eEinumkKMGTP` followed by an optional signed integer).
 */
function splitQuantity(s: string): { negative: boolean; num: string; denom: string; suffix: string } | { error: string } {
  let pos = 0;
  const end = s.length;
  let negative = false;
  if (s[0] === '-') {
    negative = true;
    pos++;
  } else if (s[0] === '+') pos++;
  while (pos < end && s[pos] === '0') pos++;
  if (pos >= end) return { negative, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (isDigit(s[pos])) pos++;
  const num = s.slice(numStart, pos) || '0';
  let denom = '';
  if (s[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (isDigit(s[pos])) pos++;
    denom = s.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(s[pos]!)) pos++;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (isDigit(s[pos])) pos++;
  if (pos < end) return { error: ERR_QUANTITY_FORMAT_WRONG };
  return { negative, num, denom, suffix: s.slice(suffixStart) };
}

/** suffix.go `interpret`: decimal SI first, then binary SI, then an `e`/`E` exponent. */
function interpretSuffix(suffix: string): { exponent10: number; exponent2: number } | undefined {
  const dec = DECIMAL_SUFFIX_EXPONENT10[suffix];
  if (dec !== undefined) return { exponent10: dec, exponent2: 0 };
  const bin = BINARY_SUFFIX_EXPONENT2[suffix];
  if (bin !== undefined) return { exponent10: 0, exponent2: bin };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent10 = Number(suffix.slice(1));
    // strconv.ParseInt(..., 10, 32)
    if (Math.abs(exponent10) <= 2 ** 31 - 1) return { exponent10, exponent2: 0 };
  }
  return undefined;
}

/**
 * The exact value of a quantity string, or the apiserver's error text. Like Go, the scanner (not
 * the regular expression quoted in the error) decides: "." and "1." are 0 and 1.
 */
export function parseQuantityExact(s: string): ParsedQuantity | { error: string } {
  if (s.length === 0) return { error: ERR_QUANTITY_FORMAT_WRONG };
  const parts = splitQuantity(s);
  if ('error' in parts) return parts;
  const unit = interpretSuffix(parts.suffix);
  if (!unit) return { error: ERR_QUANTITY_SUFFIX };
  return {
    negative: parts.negative,
    mantissa: BigInt(parts.num + parts.denom),
    exponent10: unit.exponent10 - parts.denom.length,
    exponent2: unit.exponent2,
  };
}

/**
 * The quantity in base units as a float (cores for cpu, bytes for memory): "100m" → 0.1,
 * "1Gi" → 1073741824, "1e3" → 1000. Bad input gives the apiserver's error text.
 */
export function parseQuantity(s: string): number | { error: string } {
  const q = parseQuantityExact(s);
  if ('error' in q) return q;
  const m = Number(q.mantissa) * 2 ** q.exponent2;
  // Dividing by an exact power of ten rounds once, so "100m" is the double nearest 0.1.
  const v = q.exponent10 >= 0 ? m * 10 ** q.exponent10 : m / 10 ** -q.exponent10;
  return q.negative && v !== 0 ? -v : v;
}

/**
 * quantity.go `ScaledValue(scale)`: value × 10^-scale as an integer, rounded up (away from zero,
 * inf.RoundUp), so "0.1m" of cpu is 1 millicore and "0.5" bytes is 1 byte.
 */
function scaledValue(q: ParsedQuantity, scale: number): number {
  let numer = q.mantissa * 2n ** BigInt(q.exponent2);
  let denomN = 1n;
  const e = q.exponent10 - scale;
  if (e >= 0) numer *= 10n ** BigInt(e);
  else denomN = 10n ** BigInt(-e);
  let v = numer / denomN;
  if (numer % denomN !== 0n) v += 1n;
  const n = Number(v);
  return q.negative && n !== 0 ? -n : n;
}

const asText = (q: string | number) => (typeof q === 'number' ? String(q) : q);

/**
 * quantity.go `MilliValue`: whole millicores, rounded up ("100m" → 100, "0.5" → 500,
 * "1" → 1000). A malformed quantity counts as 0 (the apiserver never admits one).
 */
export function cpuMillis(q: string | number): number {
  const p = parseQuantityExact(asText(q));
  return 'error' in p ? 0 : scaledValue(p, -3);
}

/** quantity.go `Value`: whole bytes, rounded up ("1Ki" → 1024, "1k" → 1000). Malformed → 0. */
export function memoryBytes(q: string | number): number {
  const p = parseQuantityExact(asText(q));
  return 'error' in p ? 0 : scaledValue(p, 0);
}

/** quantity.go `Value` for counts such as `pods: "110"`. Malformed → 0. */
export function quantityValue(q: string | number): number {
  return memoryBytes(q);
}
