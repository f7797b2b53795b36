/** Virtual time ⇄ RFC 3339 (metav1.Time marshals UTC with whole seconds, time.RFC3339). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestampMs, SIM_EPOCH } from './time.ts';

describe('SIM_EPOCH', () => {
  it('is 2026-11-22T00:00:00Z', () => {
    expect(parseTimestampMs('2026-11-22T00:00:00Z')).toBe(0);
    expect(parseTimestampMs('1970-01-01T00:00:00Z')).toBe(-SIM_EPOCH);
    expect(formatTimestamp(-SIM_EPOCH)).toBe('1970-01-01T00:00:00Z');
  });
});

describe('parseTimestampMs', () => {
  it('reads seconds, fractions and offsets', () => {
    expect(parseTimestampMs('2026-11-22T00:00:03Z')).toBe(3000);
    expect(parseTimestampMs('2026-11-22T00:00:03.5Z')).toBe(3500);
    expect(parseTimestampMs('2026-11-22T01:00:00+01:00')).toBe(0);
    expect(parseTimestampMs('2026-11-21T23:59:59Z')).toBe(-1000);
    // 365 days to 2027-11-22, 92 to 2028-02-22, then 8 across leap-year February.
    expect(parseTimestampMs('2028-03-01T00:00:00Z')).toBe((365 + 92 + 8) * 86_400_000);
  });

  it('rejects what is not RFC 3339', () => {
    for (const bad of ['', 'null', '2026-11-22', '2026-13-01T00:00:00Z', '2026-11-22 00:00:00Z']) expect(parseTimestampMs(bad)).toBeUndefined();
  });
});

describe('formatTimestamp', () => {
  it('drops the milliseconds', () => {
    expect(formatTimestamp(3999)).toBe('2026-11-22T00:00:03Z');
    expect(formatTimestamp(40 * 86_400_000)).toBe('2027-01-01T00:00:00Z');
  });

  it('round-trips whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (s) => {
        expect(parseTimestampMs(formatTimestamp(s * 1000))).toBe(s * 1000);
      }),
    );
  });
});
