import { describe, expect, it } from 'vitest';
import { nodeAllocatable } from './node.ts';

describe('nodeAllocatable', () => {
  it('takes the hard eviction thresholds off capacity (memory.available<100Mi, nodefs.available<10%)', () => {
    // pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation; kind nodes
    // with 61202244Ki of disk report allocatable ephemeral-storage 56403987978.
    const a = nodeAllocatable({ cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0' });
    expect(a).toEqual({ cpu: '2', memory: '4091904Ki', pods: '110', 'ephemeral-storage': '56403987978', 'hugepages-2Mi': '0' });
  });
});
