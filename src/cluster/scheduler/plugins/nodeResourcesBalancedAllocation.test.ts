// K pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go: score = (1 − std) × 100,
// std = |cpuFraction − memoryFraction| / 2 for two resources.
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { balancedResourceScore, score } from './nodeResourcesBalancedAllocation.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    { name: 'equal fractions', requested: [2000, 5000], allocatable: [4000, 10000], want: 100 },
    { name: '0.75 vs 0.5 → std 0.125', requested: [3000, 5000], allocatable: [4000, 10000], want: 87 },
    { name: 'fractions capped at 1', requested: [8000, 0], allocatable: [4000, 10000], want: 50 },
    { name: 'a resource with no allocatable is left out', requested: [3000, 5000], allocatable: [4000, 0], want: 100 },
  ])('$name', ({ requested, allocatable, want }) => {
    expect(balancedResourceScore(requested, allocatable)).toBe(want);
  });

  it('uses real requests of the node pods plus the pod', () => {
    const pod = makePod('p', { cpu: '1', memory: '1000' });
    const existing = [makePod('a', { cpu: '2', memory: '4000' })];
    // cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5 → 87
    expect(score(cycleState(), pod, nodeInfo(makeNode('n', { cpu: '4', memory: '10000' }), existing))).toBe(87);
  });
});
