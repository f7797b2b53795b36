/** kubectl apply's last-applied-configuration and its `unchanged` decision (k/kubectl pkg/util/apply.go). */
import { describe, expect, it } from 'vitest';
import { applyUnchanged, isSubset, lastAppliedConfiguration, withLastApplied } from './applyconfig.ts';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

describe('last-applied-configuration', () => {
  it('is the applied object as sorted JSON with annotations {} and the namespace, newline-terminated', () => {
    expect(lastAppliedConfiguration(pod, 'default')).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}}\n');
  });

  it('never records itself', () => {
    const once = withLastApplied(pod, 'default');
    expect(lastAppliedConfiguration(once, 'default')).toBe(lastAppliedConfiguration(pod, 'default'));
  });
});

describe('apply: unchanged or configured', () => {
  const live = { ...withLastApplied(pod, 'default'), spec: { containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' }], restartPolicy: 'Always' }, status: { phase: 'Running' } };
  it('the same file against a live object that kept its values is unchanged (defaults do not count)', () => {
    expect(applyUnchanged(live, pod, 'default')).toBe(true);
  });
  it('a changed file is configured', () => {
    expect(applyUnchanged(live, { ...pod, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }, 'default')).toBe(false);
  });
  it('the same file after someone changed a value it sets (kubectl scale) is configured again', () => {
    expect(applyUnchanged({ ...live, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } }, pod, 'default')).toBe(false);
  });
  it('isSubset compares lists element by element', () => {
    expect(isSubset({ a: [{ x: 1 }] }, { a: [{ x: 1, y: 2 }], b: 3 })).toBe(true);
    expect(isSubset({ a: [{ x: 1 }] }, { a: [{ x: 1 }, { x: 2 }] })).toBe(false);
  });
});
