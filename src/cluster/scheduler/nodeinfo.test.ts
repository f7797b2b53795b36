import { describe, expect, it } from 'vitest';
import { addPodToNodeInfo, emptyNodeInfo, removePodFromNodeInfo } from './nodeinfo.ts';
import { nodeNonZeroRequested, nodeRequested } from './resources.ts';
import { makeNode, makePod, nodeInfo } from './testing.ts';

/** The sums a NodeInfo without running totals gets: every pod added up in order. */
const summed = (pods: ReturnType<typeof makePod>[]) => {
  const ni = nodeInfo(makeNode('n'), pods);
  return { requested: nodeRequested(ni), nonZero: nodeNonZeroRequested(ni) };
};

describe('NodeInfo bookkeeping', () => {
  it('keeps running totals equal to the sums over its pods, and the pods in arrival order', () => {
    const ni = emptyNodeInfo(makeNode('n'));
    const a = makePod('a', { cpu: '250m', memory: '64Mi' });
    const b = makePod('b'); // no requests: 0 for fit, 100m/200Mi for scoring
    const c = makePod('c', { cpu: '1' });
    for (const p of [a, b, c]) addPodToNodeInfo(ni, p);
    removePodFromNodeInfo(ni, a);
    const a2 = makePod('a', { cpu: '500m', memory: '64Mi' }); // its update goes last
    addPodToNodeInfo(ni, a2);
    expect(ni.pods).toEqual([b, c, a2]);
    expect({ requested: ni.requested, nonZero: ni.nonZeroRequested }).toEqual(summed([b, c, a2]));
    expect(ni.requested).toEqual({ cpuMillis: 1500, memoryBytes: 64 * 1024 * 1024 });
    for (const p of [b, c, a2]) removePodFromNodeInfo(ni, p);
    expect(ni.requested).toEqual({ cpuMillis: 0, memoryBytes: 0 });
  });

  it('drops totals that could be inexact, sums the pods instead, and starts over once empty', () => {
    const ni = emptyNodeInfo(makeNode('n'));
    const huge = makePod('huge', { memory: '16Ei' }); // beyond 2^53 bytes
    const small = makePod('small', { cpu: '100m' });
    addPodToNodeInfo(ni, small);
    addPodToNodeInfo(ni, huge);
    expect(ni.requested).toBeUndefined();
    expect(nodeRequested(ni)).toEqual(summed([small, huge]).requested);
    removePodFromNodeInfo(ni, huge);
    expect(ni.requested).toBeUndefined();
    removePodFromNodeInfo(ni, small);
    addPodToNodeInfo(ni, small);
    expect(ni.requested).toEqual({ cpuMillis: 100, memoryBytes: 0 });
  });
});
