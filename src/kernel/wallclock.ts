/**
 * Virtual time rendered as a calendar timestamp, for log lines that real tools print with a
 * wall-clock `ts` field. The simulated cluster's clock starts at a fixed epoch, so output is
 * the same on every run. Pure integer arithmetic (Howard Hinnant's civil_from_days): no Date.
 */
import { memoized } from './memo.ts';

export const SIM_EPOCH_UNIX_MS = 1_795_305_600_000; // 2026-11-22T00:00:00Z

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

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A Unix time in ms as UTC calendar fields; weekday 0 = Sunday (1970-01-01 was a Thursday). */
export function utcFields(unixMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number; weekday: number } {
  const days = Math.floor(unixMs / 86_400_000);
  const msOfDay = unixMs - days * 86_400_000;
  const { y, m, d } = civilFromDays(days);
  return {
    year: y,
    month: m,
    day: d,
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor((msOfDay % 3_600_000) / 60_000),
    second: Math.floor((msOfDay % 60_000) / 1000),
    millisecond: msOfDay % 1000,
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/** RFC 3339 with milliseconds, e.g. 2026-11-22T00:00:05.021Z. */
export function isoTimestamp(virtualMs: number): string {
  const unixMs = SIM_EPOCH_UNIX_MS + virtualMs;
  const days = Math.floor(unixMs / 86_400_000);
  const msOfDay = unixMs - days * 86_400_000;
  const { y, m, d } = civilFromDays(days);
  const hh = Math.floor(msOfDay / 3_600_000);
  const mm = Math.floor((msOfDay % 3_600_000) / 60_000);
  const ss = Math.floor((msOfDay % 60_000) / 1000);
  return `${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(msOfDay % 1000, 3)}Z`;
}

/** Unix seconds with fraction, as zap's epoch `ts` field prints it (e.g. 1795392005.021). */
export function unixSeconds(virtualMs: number): string {
  const unixMs = SIM_EPOCH_UNIX_MS + virtualMs;
  return `${Math.floor(unixMs / 1000)}.${pad(unixMs % 1000, 3)}`;
}

/** metav1.Time as the API marshals it: RFC 3339 with whole seconds, `2026-11-22T00:00:03Z`. */
export function rfc3339Seconds(virtualMs: number): string {
  // Stamped on every object written and every event recorded, and a pod's status carries its
  // start and transition times on every report: the text depends only on the second, so each
  // second's is remembered (a memo of a pure function).
  return secondText(virtualMs - (virtualMs % 1000));
}
const secondText = memoized((second: number) => isoTimestamp(second).replace(/\.000Z$/, 'Z'), 4096);

/** metav1.MicroTime (Lease renewTime, Event eventTime): RFC 3339 with microseconds. */
export function rfc3339Micro(virtualMs: number): string {
  return `${rfc3339Seconds(virtualMs).slice(0, -1)}.${String((virtualMs % 1000) * 1000).padStart(6, '0')}Z`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 7231 IMF-fixdate, what HTTP servers (nginx, Go's net/http) write in `Date:`: `Mon, 23 Nov 2026 12:00:00 GMT`. */
export function httpDate(virtualMs: number): string {
  const f = utcFields(SIM_EPOCH_UNIX_MS + virtualMs);
  return `${WEEKDAYS[f.weekday]}, ${pad(f.day)} ${MONTHS[f.month - 1]} ${f.year} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)} GMT`;
}
