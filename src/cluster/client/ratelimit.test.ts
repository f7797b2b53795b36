/**
 * client-go's client-side rate limiter (k8s.io/client-go/util/flowcontrol throttle.go
 * NewTokenBucketRateLimiter over golang.org/x/time/rate): a bucket that starts full with `burst`
 * tokens, refills `qps` a second up to `burst`, and makes a request with no token wait for the
 * next one it reserves (rate.Limiter.Wait → reserveN).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLIENT_RATE_LIMITS, createTokenBucket, reserveToken } from './ratelimit.ts';

describe('token bucket (flowcontrol.NewTokenBucketRateLimiter)', () => {
  it('starts full: `burst` requests go at once, the next ones one every 1/qps seconds', () => {
    // kube-controller-manager's defaults: --kube-api-qps=20, --kube-api-burst=30.
    const b = createTokenBucket(CLIENT_RATE_LIMITS.controllerManager.qps, CLIENT_RATE_LIMITS.controllerManager.burst);
    const waits = Array.from({ length: 34 }, () => reserveToken(b, 1000));
    expect(waits.slice(0, 30)).toEqual(Array(30).fill(0));
    expect(waits.slice(30)).toEqual([50, 100, 150, 200]);
  });

  it('refills at qps up to burst, never beyond it', () => {
    const b = createTokenBucket(50, 100);
    for (let i = 0; i < 100; i++) reserveToken(b, 0);
    // 20 ms gives one token back: the next request goes at once, the one after waits 20 ms.
    expect(reserveToken(b, 20)).toBe(0);
    expect(reserveToken(b, 20)).toBe(20);
    // A long idle time fills the bucket to 100 tokens and no more.
    const waits = Array.from({ length: 101 }, () => reserveToken(b, 1_000_000));
    expect(waits.filter((w) => w === 0)).toHaveLength(100);
    expect(waits[100]).toBe(20);
  });

  it('rejects limits the real flags would not give', () => {
    expect(() => createTokenBucket(0, 10)).toThrow('qps and burst must be positive integers, got qps=0 burst=10');
    expect(() => createTokenBucket(20, 0.5)).toThrow('got qps=20 burst=0.5');
  });

  it('property: requests leave in the order they came, and no window of T ms sees more than burst + qps·T/1000 of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (qps, burst, gaps) => {
          const b = createTokenBucket(qps, burst);
          let now = 0;
          const sentAt: number[] = [];
          for (const gap of gaps) {
            now += gap;
            sentAt.push(now + reserveToken(b, now));
          }
          for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]).toBeGreaterThanOrEqual(sentAt[i - 1]!);
          // Waits are rounded up to whole milliseconds: a send is never early, but two sends can
          // land up to 1 ms closer together than their tokens (333.3 and 666.7 become 334 and 667).
          for (let i = 0; i < sentAt.length; i++) {
            for (let j = i; j < sentAt.length; j++) {
              const windowMs = sentAt[j]! - sentAt[i]! + 1;
              expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor((qps * windowMs) / 1000));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
