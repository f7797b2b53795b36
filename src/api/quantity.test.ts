/**
 * resource.Quantity parsing, k8s.io/apimachinery pkg/api/resource quantity.go (ParseQuantity,
 * MilliValue, Value) and suffix.go; the cases mirror quantity_test.go's table
 * (TestQuantityParse: "0", "1m", "1Ki", "1e3", ".5", "1.", leading zeros) and the unit list at
 * https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu
 * and #meaning-of-memory.
 */
import { describe, expect, it } from 'vitest';
import { cpuMillis, ERR_QUANTITY_FORMAT_WRONG, ERR_QUANTITY_SUFFIX, memoryBytes, parseQuantity } from './quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['100m', 0.1],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['00100m', 0.1],
    ['+2', 2],
    ['-1', -1],
    ['1k', 1000],
    ['1Ki', 1024],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['129M', 129e6],
    ['123Mi', 123 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1E', 1e18],
    ['1Ei', 2 ** 60],
    ['1e3', 1000],
    ['1E3', 1000],
    ['5e-1', 0.5],
    ['1n', 1e-9],
    ['1u', 1e-6],
    ['1.5Gi', 1.5 * 2 ** 30],
  ])('%s → %d', (text, want) => {
    expect(parseQuantity(text)).toBe(want);
  });

  // The apiserver's text: k8s.io/apimachinery pkg/api/resource/quantity.go ErrFormatWrong / ErrSuffix.
  it.each([
    ['', ERR_QUANTITY_FORMAT_WRONG],
    ['abc', ERR_QUANTITY_FORMAT_WRONG],
    ['1 Gi', ERR_QUANTITY_FORMAT_WRONG],
    ['1GB', ERR_QUANTITY_FORMAT_WRONG],
    ['1.2.3', ERR_QUANTITY_FORMAT_WRONG],
    ['1Ki5', ERR_QUANTITY_SUFFIX],
    ['1e', ERR_QUANTITY_SUFFIX],
    ['1mi', ERR_QUANTITY_SUFFIX],
  ])('%j is rejected', (text, error) => {
    expect(parseQuantity(text)).toEqual({ error });
  });

  it('quotes the regular expression exactly as the apiserver does', () => {
    expect(ERR_QUANTITY_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe('cpuMillis (MilliValue rounds up)', () => {
  it.each([
    ['100m', 100],
    ['0.1', 100],
    ['1', 1000],
    ['2.5', 2500],
    ['0.0001', 1],
    ['1.0001', 1001],
    ['250m', 250],
    [0.5, 500],
    ['nonsense', 0],
  ])('%s → %d', (text, want) => {
    expect(cpuMillis(text)).toBe(want);
  });
});

describe('memoryBytes (Value rounds up)', () => {
  it.each([
    ['200Mi', 200 * 1024 * 1024],
    ['1Gi', 1073741824],
    ['1G', 1e9],
    ['0.5', 1],
    ['100m', 1],
    ['64974848', 64974848],
    ['1.5Ki', 1536],
  ])('%s → %d', (text, want) => {
    expect(memoryBytes(text)).toBe(want);
  });
});
