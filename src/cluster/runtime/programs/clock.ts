/**
 * Virtual time as the programs in containers print it. Every format is derived from the kernel's
 * fixed civil epoch (`utcFields`), so a log line is the same on every run.
 */
import { SIM_EPOCH_UNIX_MS, utcFields } from '../../../kernel/index.ts';
import { withField } from '../../../api/objects.ts';

export interface CivilTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Seconds since the Unix epoch, as `date +%s` prints them. */
  unixSeconds: number;
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function civilTime(virtualMs: number): CivilTime {
  const unixMs = SIM_EPOCH_UNIX_MS + Math.floor(virtualMs);
  return withField(utcFields(unixMs), 'unixSeconds', Math.floor(unixMs / 1000));
}

/**
 * A format with a resolution of one second, made once per second: many log lines share a second
 * (a probed server logs every request; nginx writes about ten notice lines as it starts, and a
 * rollout starts many at once). The epoch is a whole second, so a virtual second is a civil one.
 */
function oncePerSecond(format: (t: CivilTime) => string): (virtualMs: number) => string {
  let lastSecond = NaN;
  let lastText = '';
  return (virtualMs) => {
    const second = Math.floor(virtualMs / 1000);
    if (second !== lastSecond) {
      lastText = format(civilTime(virtualMs));
      lastSecond = second;
    }
    return lastText;
  };
}

/** Go's `log` package and nginx's error log: `2026/11/23 07:29:09`. */
export const slashDateTime = oncePerSecond((t) => `${t.year}/${pad(t.month)}/${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`);

/** The combined/common log format's time: `23/Nov/2026:07:29:09 +0000`. */
export const accessLogTime = oncePerSecond((t) => `${pad(t.day)}/${MONTHS[t.month - 1]}/${t.year}:${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} +0000`);

/**
 * A small strftime: what `date +FORMAT` is used for in scripts. Unknown conversions are printed
 * as written, as busybox does.
 */
export function strftime(format: string, virtualMs: number): string {
  const t = civilTime(virtualMs);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const k = format[++i]!;
    switch (k) {
      case 'a': out += WEEKDAYS[t.weekday]; break;
      case 'b': case 'h': out += MONTHS[t.month - 1]; break;
      case 'd': out += pad(t.day); break;
      case 'e': out += String(t.day).padStart(2, ' '); break;
      case 'H': out += pad(t.hour); break;
      case 'M': out += pad(t.minute); break;
      case 'S': out += pad(t.second); break;
      case 'm': out += pad(t.month); break;
      case 'y': out += pad(t.year % 100); break;
      case 'Y': out += String(t.year); break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 's': out += String(t.unixSeconds); break;
      case 'N': out += pad(t.millisecond * 1_000_000, 9); break;
      case 'T': out += `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`; break;
      case 'D': out += `${pad(t.month)}/${pad(t.day)}/${pad(t.year % 100)}`; break;
      case 'F': out += `${t.year}-${pad(t.month)}-${pad(t.day)}`; break;
      case 'R': out += `${pad(t.hour)}:${pad(t.minute)}`; break;
      case 'j': {
        const startOfYear = civilDayNumber(t.year, 1, 1);
        out += pad(civilDayNumber(t.year, t.month, t.day) - startOfYear + 1, 3);
        break;
      }
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += `%${k}`;
    }
  }
  return out;
}

/** Days since 1970-01-01 of a civil date (Hinnant's days_from_civil), for %j. */
function civilDayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `date` without arguments (busybox and coreutils in the C locale): `Mon Nov 23 07:29:09 UTC 2026`. */
export function cDate(virtualMs: number): string {
  return strftime('%a %b %e %H:%M:%S %Z %Y', virtualMs);
}

/** Go's `time.Duration.String()`: `1.5s`, `2m3.004s`, `0s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${trimZeros(String(rest))}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const secs = trimZeros(s.toFixed(3));
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${secs}s`;
}

function trimZeros(n: string): string {
  return n.includes('.') ? n.replace(/0+$/, '').replace(/\.$/, '') : n;
}

/** Go's `fmt.Sprint(time.Now())` in UTC, with the monotonic reading Go appends. */
export function goTimeNow(virtualMs: number, processStartMs: number): string {
  const t = civilTime(virtualMs);
  const monoSeconds = ((virtualMs - processStartMs) / 1000).toFixed(9);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.millisecond * 1_000_000, 9)} +0000 UTC m=+${monoSeconds}`;
}
