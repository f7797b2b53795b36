// K pkg/scheduler/framework/plugins/noderesources/fit_test.go (TestEnoughRequests: reasons
// "Insufficient cpu", "Insufficient memory", "Too many pods") and least_allocated_test.go.
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { filter, leastRequestedScore, score } from './nodeResourcesFit.ts';

describe('NodeResourcesFit filter', () => {
  const node = makeNode('n', { cpu: '2', memory: '4Gi', pods: '3' });
  const used = [makePod('a', { cpu: '1', memory: '1Gi' })];
  it.each([
    { name: 'fits', pod: makePod('p', { cpu: '1', memory: '3Gi' }), existing: used, reasons: [] },
    { name: 'cpu short by 1m', pod: makePod('p', { cpu: '1001m' }), existing: used, reasons: ['Insufficient cpu'] },
    { name: 'memory short', pod: makePod('p', { memory: '3Gi', cpu: '100m' }), existing: [makePod('a', { memory: '1025Mi' })], reasons: ['Insufficient memory'] },
    { name: 'both short', pod: makePod('p', { cpu: '2', memory: '4Gi' }), existing: used, reasons: ['Insufficient cpu', 'Insufficient memory'] },
    { name: 'pod count at maxPods', pod: makePod('p'), existing: [makePod('a'), makePod('b'), makePod('c')], reasons: ['Too many pods'] },
    { name: 'too many pods and cpu', pod: makePod('p', { cpu: '3' }), existing: [makePod('a'), makePod('b'), makePod('c')], reasons: ['Too many pods', 'Insufficient cpu'] },
    // Missing requests are 0 for the filter (the 100m/200Mi defaults are for scoring only).
    { name: 'best-effort pod on a full node', pod: makePod('p'), existing: [makePod('a', { cpu: '2', memory: '4Gi' })], reasons: [] },
  ])('$name', ({ pod, existing, reasons }) => {
    const s = filter(cycleState(), pod, nodeInfo(node, existing));
    expect(s).toEqual(reasons.length ? { code: 'Unschedulable', reasons } : { code: 'Success', reasons: [] });
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it.each([
    [0, 4000, 100],
    [3000, 4000, 25],
    [5000, 10000, 50],
    [4001, 4000, 0],
    [1, 0, 0],
  ])('leastRequestedScore(%d, %d) = %d', (requested, capacity, want) => {
    expect(leastRequestedScore(requested, capacity)).toBe(want);
  });

  // least_allocated_test.go "nothing scheduled, resources requested, differently sized nodes":
  // a 3000m/5000-byte pod on 4000m/10000 and 6000m/10000 nodes scores 37 and 50.
  it('averages cpu and memory with integer division', () => {
    const pod = makePod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1000m', memory: '2000' } } }, { name: 'b', resources: { requests: { cpu: '2000m', memory: '3000' } } }] });
    expect(score(cycleState(), pod, nodeInfo(makeNode('n1', { cpu: '4000m', memory: '10000' })))).toBe(37);
    expect(score(cycleState(), pod, nodeInfo(makeNode('n2', { cpu: '6000m', memory: '10000' })))).toBe(50);
  });

  it('counts a container without requests as 100m and 200Mi', () => {
    // cpu (1000-100)*100/1000 = 90; memory (1000Mi-200Mi)*100/1000Mi = 80 → 85
    expect(score(cycleState(), makePod('p'), nodeInfo(makeNode('n', { cpu: '1', memory: '1000Mi' })))).toBe(85);
  });
});
