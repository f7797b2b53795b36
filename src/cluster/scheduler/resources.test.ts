// Pod requests: K staging/src/k8s.io/component-helpers/resource/helpers.go PodRequests;
// https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
// and https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers;
// scoring defaults K pkg/scheduler/util/pod_resources.go.
import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeAllocatable, podNonZeroRequests, podRequests } from './resources.ts';
import { makeNode, makePod } from './testing.ts';

const c = (name: string, cpu?: string, memory?: string, sidecar = false): Container => ({
  name,
  ...(cpu || memory ? { resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } } : {}),
  ...(sidecar ? { restartPolicy: 'Always' } : {}),
});

describe('podRequests', () => {
  it.each([
    { name: 'sum of app containers', containers: [c('a', '100m', '64Mi'), c('b', '200m', '64Mi')], init: [], want: { cpuMillis: 300, memoryBytes: 128 * 2 ** 20 } },
    { name: 'a bigger init container wins', containers: [c('a', '100m')], init: [c('i', '1')], want: { cpuMillis: 1000, memoryBytes: 0 } },
    { name: 'init containers run one at a time: the largest, not the sum', containers: [c('a', '100m')], init: [c('i1', '500m'), c('i2', '600m')], want: { cpuMillis: 600, memoryBytes: 0 } },
    { name: 'per resource maximum', containers: [c('a', '2', '64Mi')], init: [c('i', '1', '1Gi')], want: { cpuMillis: 2000, memoryBytes: 2 ** 30 } },
    { name: 'a sidecar adds to the app containers', containers: [c('a', '100m')], init: [c('s', '50m', undefined, true)], want: { cpuMillis: 150, memoryBytes: 0 } },
    { name: 'an init container after a sidecar runs beside it', containers: [c('a', '100m')], init: [c('s', '50m', undefined, true), c('i', '300m')], want: { cpuMillis: 350, memoryBytes: 0 } },
    { name: 'no requests → 0', containers: [c('a')], init: [], want: { cpuMillis: 0, memoryBytes: 0 } },
  ])('$name', ({ containers, init, want }) => {
    expect(podRequests(makePod('p', { containers, ...(init.length ? { initContainers: init } : {}) }))).toEqual(want);
  });

  it('adds pod overhead', () => {
    const pod = makePod('p', { cpu: '100m' });
    pod.spec!.overhead = { cpu: '250m', memory: '120Mi' };
    expect(podRequests(pod)).toEqual({ cpuMillis: 350, memoryBytes: 120 * 2 ** 20 });
  });
});

describe('podNonZeroRequests', () => {
  it.each([
    { name: 'missing requests count as 100m / 200Mi', containers: [c('a'), c('b')], want: { cpuMillis: 200, memoryBytes: 400 * 2 ** 20 } },
    { name: 'only the missing resource is defaulted', containers: [c('a', '1')], want: { cpuMillis: 1000, memoryBytes: 200 * 2 ** 20 } },
    { name: 'an explicit 0 stays 0', containers: [c('a', '0', '0')], want: { cpuMillis: 0, memoryBytes: 0 } },
  ])('$name', ({ containers, want }) => {
    expect(podNonZeroRequests(makePod('p', { containers }))).toEqual(want);
  });
});

describe('nodeAllocatable', () => {
  it('reads status.allocatable; missing resources are 0', () => {
    expect(nodeAllocatable(makeNode('n', { cpu: '3800m', memory: '7Gi', pods: '110' }))).toEqual({ cpuMillis: 3800, memoryBytes: 7 * 2 ** 30, pods: 110 });
    expect(nodeAllocatable({ metadata: { name: 'bare' } })).toEqual({ cpuMillis: 0, memoryBytes: 0, pods: 0 });
  });
});
