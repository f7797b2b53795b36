/**
 * metav1.Time on the simulated clock. Object timestamps are RFC 3339 with whole seconds
 * (`2026-11-22T00:00:03Z`, metav1.Time marshals with time.RFC3339); virtual time counts
 * milliseconds from SIM_EPOCH. Pure integer calendar arithmetic (Howard Hinnant's
 * days_from_civil / civil_from_days), so there is no Date anywhere.
 */

/** 2026-11-22T00:00:00Z in Unix milliseconds: virtual time 0. */
export const SIM_EPOCH = 1_795_305_600_000;

const DAY_MS = 86_400_000;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Virtual milliseconds of an RFC 3339 timestamp (negative before SIM_EPOCH), or undefined if the
 * text is not RFC 3339. Fractions finer than a millisecond are truncated.
 */
export function parseTimestampMs(rfc3339: string): number | undefined {
  // The same few timestamps are read over and over (each pod's creationTimestamp and conditions,
  // on every controller sync): a bounded memo of the texts seen, cleared when full.
  const known = parsedTimestamps.get(rfc3339);
  if (known !== undefined || parsedTimestamps.has(rfc3339)) return known;
  if (parsedTimestamps.size >= PARSED_TIMESTAMPS_LIMIT) parsedTimestamps.clear();
  const ms = parseTimestampUncached(rfc3339);
  parsedTimestamps.set(rfc3339, ms);
  return ms;
}
const PARSED_TIMESTAMPS_LIMIT = 4096;
const parsedTimestamps = new Map<string, number | undefined>();

function parseTimestampUncached(rfc3339: string): number | undefined {
  const m = RFC3339.exec(rfc3339);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) return undefined;
  const fracMs = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offsetMin = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  const unixMs = daysFromCivil(y!, mo!, d!) * DAY_MS + ((h! * 60 + mi! - offsetMin) * 60 + s!) * 1000 + fracMs;
  return unixMs - SIM_EPOCH;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** metav1.Time as the API serializes it: UTC, whole seconds (the fraction is dropped, not rounded). */
export function formatTimestamp(virtualMs: number): string {
  const unixMs = SIM_EPOCH + virtualMs;
  const days = Math.floor(unixMs / DAY_MS);
  const secOfDay = Math.floor((unixMs - days * DAY_MS) / 1000);
  const { y, m, d } = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(Math.floor(secOfDay / 3600))}:${pad(Math.floor((secOfDay % 3600) / 60))}:${pad(secOfDay % 60)}Z`;
}
