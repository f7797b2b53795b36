/**
 * The watch cache's event window, per resource as in k8s.io/apiserver pkg/storage/cacher (one
 * Cacher, and so one watchCache event buffer, per resource; watch_cache.go getAllEventsSinceLocked
 * answers `too old resource version` only for a version older than that buffer). A resource whose
 * events never filled its buffer keeps every event since the list, whatever other resources do.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEtcdEvent, createWatchCache, initialEvents, replaceCache, resourceOfKey, scanResourceOfKey, type CacheWatcher } from './watchcache.ts';
import type { KubeObject } from './messages.ts';

const watcher = (resource: string): CacheWatcher => ({ client: { host: 'worker-1', port: 'kube-proxy~1~1' }, watchId: '1', resource, namespace: undefined, labels: null, fields: [], expiresAtMs: Infinity, framesSent: 0 });
const lease = (rv: number): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-scheduler', namespace: 'kube-system', resourceVersion: String(rv) } });
const service = (rv: number): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', resourceVersion: String(rv) } });

describe('watch cache windows', () => {
  it('a quiet resource keeps its events while another resource churns past its own window', () => {
    const c = createWatchCache();
    replaceCache(c, [], 100);
    applyEtcdEvent(c, '/registry/services/specs/default/web', 101, 1_000, service(101));
    // A Lease renewed every 2 s for 10 minutes: 300 events, most of them older than 75 s.
    for (let i = 0; i < 300; i++) applyEtcdEvent(c, '/registry/leases/kube-system/kube-scheduler', 102 + i, 2_000 + i * 2_000, lease(102 + i));
    const services = initialEvents(c, watcher('services'), '100');
    expect(services).toEqual([{ type: 'ADDED', object: service(101) }]);
    // The Lease's own window was trimmed: a watch from before it gets 410 Gone and relists.
    expect(initialEvents(c, watcher('leases'), '101')).toEqual({ gone: expect.stringMatching(/^too old resource version: 101 \(\d+\)$/) });
  });

  it('keeps at least 100 events of a resource, however old', () => {
    const c = createWatchCache();
    replaceCache(c, [], 1);
    for (let i = 0; i < 100; i++) applyEtcdEvent(c, '/registry/leases/kube-system/kube-scheduler', 2 + i, i, lease(2 + i));
    const events = initialEvents(c, watcher('leases'), '1');
    expect(Array.isArray(events) && events.length).toBe(100);
  });
});

describe('resourceOfKey', () => {
  it('answers as the scan of every resource prefix does, for keys of every shape (memoized by directory)', () => {
    const segment = fc.constantFrom('registry', 'pods', 'services', 'specs', 'endpoints', 'default', 'kube-system', 'leases', 'minions', 'web', 'a.b', '', 'apiregistration.k8s.io', 'apiservices');
    const key = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 0, maxLength: 5 })).map(([lead, parts]) => (lead ? '/' : '') + parts.join('/'));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 20 }), (keys) => {
        // Twice: the second answer comes from the memo the first one filled.
        for (const k of [...keys, ...keys]) expect(resourceOfKey(k)).toEqual(scanResourceOfKey(k));
      }),
    );
    expect(resourceOfKey('/registry/pods/default/web')).toMatchObject({ info: { resource: 'pods' }, namespace: 'default' });
    // Nodes are stored under their old name (k8s.io/kubernetes pkg/registry/core/node/storage: "/minions").
    expect(resourceOfKey('/registry/minions/worker-1')).toMatchObject({ info: { resource: 'nodes' } });
    expect(resourceOfKey('/registry/pods/default')).toBeUndefined();
  });
});
