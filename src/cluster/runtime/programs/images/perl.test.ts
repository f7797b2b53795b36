import { describe, expect, it } from 'vitest';
import { advance, logText, signal, startContainer } from '../testing.ts';
import { parsePerl, PI_2000_DIGITS_MS } from './perl.ts';
import { piDigits } from './pi.ts';

/**
 * An independent check: Størmer's formula π/4 = 44·atan(1/57) + 7·atan(1/239) − 12·atan(1/682)
 * + 24·atan(1/12943), truncated (not rounded) to `n` digits after the point.
 */
function stormerTruncated(n: number): string {
  const scale = 10n ** BigInt(n + 20);
  const atan = (x: bigint) => {
    let term = scale / x;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= x * x;
      sum += (k % 2n ? -1n : 1n) * (term / (2n * k + 1n));
    }
    return sum;
  };
  const pi = 4n * (44n * atan(57n) + 7n * atan(239n) - 12n * atan(682n) + 24n * atan(12943n));
  const s = (pi / 10n ** 20n).toString();
  return `${s[0]}.${s.slice(1)}`;
}

describe('π as perl -Mbignum=bpi prints bpi(N)', () => {
  const pi2000 = piDigits(2000);

  it('has 2000 significant digits and starts 3.14159265358979323846', () => {
    expect(pi2000).toHaveLength(2001);
    expect(pi2000.startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
  });

  it('has the six nines of the Feynman point at decimals 762–767', () => {
    expect(pi2000.slice(2 + 761, 2 + 767)).toBe('999999');
  });

  it('agrees with Størmer\'s formula to the last digit (rounded half to even)', () => {
    const truncated = stormerTruncated(2010);
    expect(pi2000.slice(0, -1)).toBe(truncated.slice(0, 2000));
    const next = Number(truncated[2001]);
    const last = Number(truncated[2000]) + (next > 5 || (next === 5 && truncated.slice(2002).replace(/0/g, '') !== '') ? 1 : 0);
    expect(pi2000.at(-1)).toBe(String(last % 10));
  });

  it('rounds: bpi(3) is 3.14, bpi(5) is 3.1416', () => {
    expect(piDigits(3)).toBe('3.14');
    expect(piDigits(5)).toBe('3.1416');
  });
});

// kubernetes.io docs/concepts/workloads/controllers/job.md: the pi Job.
describe('the Job example: perl -Mbignum=bpi -wle "print bpi(2000)"', () => {
  it(`computes for ${PI_2000_DIGITS_MS} ms of virtual time, prints the digits on one line and exits 0`, () => {
    const c = startContainer(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], { binaries: ['perl', 'sh'] });
    expect(c.main.wakeAtMs).toBe(PI_2000_DIGITS_MS);
    advance(c, PI_2000_DIGITS_MS - 1);
    expect(logText(c)).toEqual([]);
    advance(c, 1);
    expect(logText(c)).toEqual([piDigits(2000)]);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('has no SIGTERM handler: as PID 1 it ignores SIGTERM', () => {
    const c = startContainer(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], { binaries: ['perl'] });
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBeNull();
  });

  it('runs small one-liners, and says when it cannot', () => {
    expect(parsePerl('print "hi\\n"; sleep 2; exit 3')).toEqual([{ k: 'print', text: 'hi\n' }, { k: 'sleep', ms: 2000 }, { k: 'exit', code: 3 }]);
    const c = startContainer(['perl', '-e', 'print "hi\\n"; exit 3'], { binaries: ['perl'] });
    expect(logText(c)).toEqual(['hi']);
    expect(c.main.state.exitCode).toBe(3);
    const d = startContainer(['perl', '-e', 'my %h = (a => 1)'], { binaries: ['perl'] });
    expect(logText(d, 'stderr')[0]).toMatch(/^k8sim does not model this perl program yet/);
  });
});
