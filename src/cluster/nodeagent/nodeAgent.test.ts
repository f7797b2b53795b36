import { describe, expect, it } from 'vitest';
import { imageID, nodeAllocatable, readyDrifted } from './nodeAgent.ts';

describe('nodeAllocatable', () => {
  it('takes the hard eviction thresholds off capacity (memory.available<100Mi, nodefs.available<10%)', () => {
    // pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation; kind nodes
    // with 61202244Ki of disk report allocatable ephemeral-storage 56403987978.
    const a = nodeAllocatable({ cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0' });
    expect(a).toEqual({ cpu: '2', memory: '4091904Ki', pods: '110', 'ephemeral-storage': '56403987978', 'hugepages-2Mi': '0' });
  });
});

describe('imageID', () => {
  it('names the fully qualified repository without the tag, with a digest stable per image', () => {
    expect(imageID('nginx')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageID('nginx:1.25')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageID('bitnami/redis:7')).toMatch(/^docker\.io\/bitnami\/redis@sha256:/);
    expect(imageID('registry.k8s.io/pause:3.10')).toMatch(/^registry\.k8s\.io\/pause@sha256:/);
    expect(imageID('nginx')).toBe(imageID('nginx'));
    expect(imageID('nginx:1.25')).not.toBe(imageID('nginx:1.26'));
  });
});

describe('readyDrifted (the status manager reconciles what others changed)', () => {
  const pod = (ready: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: ready }] } });
  it('a running container whose pod was marked not ready (node was unreachable) is reported Ready again', () => {
    expect(readyDrifted(pod('False'), { phase: 'running' })).toBe(true);
    expect(readyDrifted(pod('True'), { phase: 'running' })).toBe(false);
  });
  it('nothing to reconcile while a container starts or stops', () => {
    expect(readyDrifted(pod('False'), { phase: 'creating' })).toBe(false);
    expect(readyDrifted(pod('True'), { phase: 'terminating' })).toBe(false);
  });
});
