/**
 * Every row boundary of k8s.io/apimachinery pkg/util/duration/duration.go HumanDuration
 * (v0.32.13), reference §12.1. Go truncates with int(), so -1.9 s is still "0s": only from -2 s
 * on is a creation time treated as in the future ("<invalid>").
 */
import { describe, expect, it } from 'vitest';
import { ageOf, humanDuration } from './duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [-1 * S, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [5 * M + 3 * S, '5m3s'],
    [7 * M, '7m'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [48 * H - 1, '47h'],
    [48 * H, '2d'],
    [2 * D + 9 * H, '2d9h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [400 * D, '400d'],
    [2 * Y - 1, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 15 * D, '2y15d'],
    [8 * Y - 1, '7y364d'],
    [8 * Y, '8y'],
    [9 * Y + 100 * D, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('ageOf', () => {
  it('is <unknown> without a creation time (printers.translateTimestampSince)', () => {
    expect(ageOf(undefined, 5000)).toBe('<unknown>');
    expect(ageOf(3000, 64_000)).toBe('61s');
  });
});
