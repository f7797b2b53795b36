import { describe, it, expect } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Endpoints, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { endpointConditions, findPort, shouldPodBeInEndpoints, syncEndpoints, syncEndpointSlice } from './endpointslice.ts';
import { fakeCluster, readyCondition } from './testutil.ts';

function service(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], ...extra },
  };
}

function pod(name: string, ip: string | undefined, opts: { ready?: boolean; deleting?: boolean; phase?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: '2026-11-22T00:00:05Z' } : {}) },
    spec: { nodeName: 'w1', containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] },
    status: { phase: opts.phase ?? 'Running', ...(ip ? { podIP: ip } : {}), conditions: [readyCondition(opts.ready === false ? 'False' : 'True')] },
  };
}

describe('endpoint conditions', () => {
  // Reference §5.1: serving = pod Ready, terminating = deletionTimestamp set,
  // ready = publishNotReadyAddresses || (serving && !terminating) (k8s.io/endpointslice utils.go podToEndpoint).
  it.each([
    ['ready pod', { ready: true }, false, { ready: true, serving: true, terminating: false }],
    ['not ready pod', { ready: false }, false, { ready: false, serving: false, terminating: false }],
    ['terminating ready pod', { ready: true, deleting: true }, false, { ready: false, serving: true, terminating: true }],
    ['terminating not ready pod', { ready: false, deleting: true }, false, { ready: false, serving: false, terminating: true }],
    ['publishNotReadyAddresses', { ready: false }, true, { ready: true, serving: false, terminating: false }],
  ])('%s', (_name, opts, publish, want) => {
    expect(endpointConditions(pod('p', '10.0.0.1', opts) as unknown as Pod, publish)).toEqual(want);
  });

  // ShouldPodBeInEndpoints: terminal pods and pods without an IP are not listed.
  it.each([
    ['running with IP', pod('p', '10.0.0.1'), true],
    ['no IP yet', pod('p', undefined), false],
    ['Succeeded', pod('p', '10.0.0.1', { phase: 'Succeeded' }), false],
    ['Failed', pod('p', '10.0.0.1', { phase: 'Failed' }), false],
  ])('%s → %s', (_name, p, want) => {
    expect(shouldPodBeInEndpoints(p as unknown as Pod, true)).toBe(want);
  });

  // podutil.FindPort (K pkg/api/v1/pod/util.go): named targetPort from the container ports, numbers as is.
  it('resolves named and numeric target ports', () => {
    const p = pod('p', '10.0.0.1') as unknown as Pod;
    expect(findPort(p, { port: 80, targetPort: 'http', protocol: 'TCP' })).toBe(8080);
    expect(findPort(p, { port: 80, targetPort: 9090 })).toBe(9090);
    expect(findPort(p, { port: 80 })).toBe(80);
    expect(findPort(p, { port: 80, targetPort: 'metrics' })).toBeUndefined();
  });
});

describe('syncEndpointSlice', () => {
  // Reference §5.1 labels and generateName; ownerReference to the Service (KW endpoint-slices.md).
  it('creates one slice with the endpoints, ports, labels and owner', () => {
    const c = fakeCluster();
    const svc = c.add('services', service());
    c.add('pods', pod('web-b', '10.244.1.3', { ready: false }));
    c.add('pods', pod('web-a', '10.244.1.2'));
    c.add('pods', pod('web-c', undefined));
    const actions = syncEndpointSlice(c, 'default/web');
    expect(actions).toHaveLength(1);
    const create = actions[0]!;
    if (create.type !== 'create') throw new Error('expected create');
    const slice = create.object as unknown as EndpointSlice;
    expect(slice.metadata).toMatchObject({
      generateName: 'web-',
      labels: { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata!.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints.map((e) => [e.addresses[0], e.conditions?.ready, e.nodeName, e.targetRef?.name])).toEqual([
      ['10.244.1.2', true, 'w1', 'web-a'],
      ['10.244.1.3', false, 'w1', 'web-b'],
    ]);
    // Expectations: the slice is not in the cache yet, so no second create.
    expect(syncEndpointSlice(c, 'default/web')).toEqual([]);
    c.apply(actions);
    expect(syncEndpointSlice(c, 'default/web')).toEqual([]);
  });

  it('updates the slice in place when a pod changes, and keeps a placeholder when none is left', () => {
    const c = fakeCluster();
    c.add('services', service());
    const p = c.add('pods', pod('web-a', '10.244.1.2'));
    c.apply(syncEndpointSlice(c, 'default/web'));
    p.metadata!.deletionTimestamp = '2026-11-22T00:00:09Z';
    const upd = syncEndpointSlice(c, 'default/web');
    expect(upd.map((a) => a.type)).toEqual(['update']);
    c.apply(upd);
    const slice = c.list('endpointslices')[0] as unknown as EndpointSlice;
    expect(slice.endpoints[0]?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    c.objects.set('pods', []);
    const placeholder = syncEndpointSlice(c, 'default/web');
    c.apply(placeholder);
    const after = c.list('endpointslices') as unknown as EndpointSlice[];
    expect(after).toHaveLength(1);
    expect(after[0]!.endpoints).toEqual([]);
    expect(after[0]!.ports).toEqual([]);
  });

  it('ignores Services without a selector', () => {
    const c = fakeCluster();
    c.add('services', service({ selector: undefined }));
    expect(syncEndpointSlice(c, 'default/web')).toEqual([]);
  });
});

describe('syncEndpoints', () => {
  // K pkg/controller/endpoint/endpoints_controller.go: ready → addresses, not ready → notReadyAddresses,
  // terminating pods dropped (reference §5.1); label endpointslice.kubernetes.io/skip-mirror.
  it('builds subsets with addresses and notReadyAddresses', () => {
    const c = fakeCluster();
    c.add('services', service());
    c.add('pods', pod('web-a', '10.244.1.2'));
    c.add('pods', pod('web-b', '10.244.1.3', { ready: false }));
    c.add('pods', pod('web-c', '10.244.1.4', { deleting: true }));
    const [create] = syncEndpoints(c, 'default/web');
    if (!create || create.type !== 'create') throw new Error('expected create');
    const ep = create.object as unknown as Endpoints;
    expect(ep.metadata).toMatchObject({ name: 'web', labels: { tier: 'front', 'endpointslice.kubernetes.io/skip-mirror': 'true' } });
    expect(ep.subsets).toEqual([
      {
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        addresses: [{ ip: '10.244.1.2', nodeName: 'w1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: expect.any(String) } }],
        notReadyAddresses: [{ ip: '10.244.1.3', nodeName: 'w1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: expect.any(String) } }],
      },
    ]);
    c.apply([create]);
    expect(syncEndpoints(c, 'default/web')).toEqual([]);
  });

  it('omits subsets when no pod qualifies', () => {
    const c = fakeCluster();
    c.add('services', service());
    const [create] = syncEndpoints(c, 'default/web');
    expect(create?.type === 'create' && create.object['subsets']).toBeUndefined();
  });
});
