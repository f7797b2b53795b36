/**
 * Output formats of the real tools, reproduced exactly: etcdctl's tablewriter tables (right
 * aligned cells, centred upper-case headers), go-humanize byte sizes, protobuf-JSON with uint64
 * ids in decimal and base64 keys, zap log lines.
 */
import { isoTimestamp } from '../kernel/index.ts';

/**
 * olekukonko/tablewriter as etcdctl configures it (SetAlignment(ALIGN_RIGHT)): headers centred,
 * the extra space of an odd gap on the right; every cell right-aligned.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const centre = (s: string, w: number) => {
    const gap = w - s.length;
    const left = Math.floor(gap / 2);
    return ' '.repeat(left) + s + ' '.repeat(gap - left);
  };
  const out = [border, '|' + header.map((h, i) => ` ${centre(h, widths[i]!)} `).join('|') + '|', border];
  for (const r of rows) out.push('|' + widths.map((w, i) => ` ${(r[i] ?? '').padStart(w)} `).join('|') + '|');
  out.push(border);
  return out.join('\n') + '\n';
}

/** Go's %.0f / %.1f round half to even; JavaScript's toFixed does not. */
function roundHalfEven(x: number, decimals: number): string {
  const f = 10 ** decimals;
  const y = x * f;
  const fl = Math.floor(y);
  const diff = y - fl;
  let r: number;
  if (Math.abs(diff - 0.5) < 1e-9) r = fl % 2 === 0 ? fl : fl + 1;
  else r = Math.round(y);
  return (r / f).toFixed(decimals);
}

/** github.com/dustin/go-humanize Bytes(): SI units (1000), e.g. 20480 → "20 kB", 1500 → "1.5 kB". */
export function humanizeBytes(n: number): string {
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  if (n < 10) return `${n} B`;
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const suffix = sizes[e]!;
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${roundHalfEven(val, val < 10 ? 1 : 0)} ${suffix}`;
}

/** etcd prints uint64 ids in JSON as decimal numbers; they exceed 2^53, so go through BigInt. */
export function hexToDecimal(hex: string): string {
  if (!hex) return '0';
  return BigInt('0x' + hex).toString(10);
}

export function compareHexIds(a: string, b: string): number {
  const x = BigInt('0x' + (a || '0'));
  const y = BigInt('0x' + (b || '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += chars[b0 >> 2]! + chars[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : chars[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : chars[b2 & 63]!;
  }
  return out;
}

/** A JSON object whose number-valued fields may be big (uint64) — written verbatim. */
export type RawJson = { raw: string };

export function jsonOut(v: unknown): string {
  if (v !== null && typeof v === 'object' && 'raw' in (v as object) && Object.keys(v as object).length === 1) return (v as RawJson).raw;
  if (Array.isArray(v)) return '[' + v.map(jsonOut).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}:${jsonOut(x)}`).join(',') + '}';
  }
  return JSON.stringify(v);
}

export const raw = (s: string | number): RawJson => ({ raw: String(s) });

/** A zap JSON log line as etcdctl 3.5 writes to stderr. */
export function zapLine(level: 'info' | 'warn', virtualMs: number, fields: Record<string, string | number>): string {
  return jsonOut({ level, ts: isoTimestamp(virtualMs), ...fields }) + '\n';
}

/** Go's time.Duration String() for whole milliseconds: 0s, 2ms, 1.5s, 7.03s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${trimZeros(s.toFixed(3))}s`;
  const m = Math.floor(s / 60);
  return `${m}m${trimZeros((s - m * 60).toFixed(3))}s`;
}

function trimZeros(x: string): string {
  return x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x;
}
