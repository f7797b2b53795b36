/**
 * The watch cache's event window, per resource as in k8s.io/apiserver pkg/storage/cacher (one
 * Cacher, and so one watchCache event buffer, per resource; watch_cache.go getAllEventsSinceLocked
 * answers `too old resource version` only for a version older than that buffer). A resource whose
 * events never filled its buffer keeps every event since the list, whatever other resources do.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWatcher, applyEtcdEvent, createWatchCache, eventFor, firstEventAfter, initialEvents, forEachWatcherFor, removeWatcher, replaceCache, resourceOfKey, scanResourceOfKey, type CachedEvent, type CacheWatcher } from './watchcache.ts';
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

  it('after a long churn the window is exactly the last 75 s of events, and a watch from its edge replays them all', () => {
    const c = createWatchCache();
    replaceCache(c, [], 1);
    // 2,000 renewals 500 ms apart: the window trims one event for each it adds.
    for (let i = 0; i < 2000; i++) applyEtcdEvent(c, '/registry/leases/kube-system/kube-scheduler', 2 + i, i * 500, lease(2 + i));
    const nowMs = 1999 * 500;
    // Fresh: no older than 75 s (EVENT_FRESH_DURATION_MS) — 151 events, from revision 1851 on.
    const firstFresh = 2 + 2000 - 151;
    expect(initialEvents(c, watcher('leases'), String(firstFresh - 2))).toEqual({ gone: `too old resource version: ${firstFresh - 2} (${firstFresh})` });
    const replay = initialEvents(c, watcher('leases'), String(firstFresh - 1));
    expect(Array.isArray(replay) && replay.map((e) => Number(e.object.metadata?.resourceVersion))).toEqual(Array.from({ length: 151 }, (_, i) => firstFresh + i));
    expect(nowMs - (firstFresh - 2) * 500).toBeLessThanOrEqual(75_000);
  });

  it('keeps at least 100 events of a resource, however old', () => {
    const c = createWatchCache();
    replaceCache(c, [], 1);
    for (let i = 0; i < 100; i++) applyEtcdEvent(c, '/registry/leases/kube-system/kube-scheduler', 2 + i, i, lease(2 + i));
    const events = initialEvents(c, watcher('leases'), '1');
    expect(Array.isArray(events) && events.length).toBe(100);
  });
});

describe('a watch from a resourceVersion (GetAllEventsSinceThreadUnsafe)', () => {
  it('replays exactly the window events newer than the version, in order, for any version', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 60 }), fc.integer({ min: 0, max: 200 }), (gaps, from) => {
        // Revisions rise (with repeats: one etcd txn can touch several keys of a resource).
        let rev = 100;
        const events = gaps.map((g) => ({ revision: (rev += g) }));
        const first = firstEventAfter(events, from);
        expect(events.slice(first)).toEqual(events.filter((e) => e.revision > from));
      }),
    );
  });

  it('a re-watch from the last version seen gets only what came after it', () => {
    const c = createWatchCache();
    replaceCache(c, [], 100);
    for (let rv = 101; rv <= 150; rv++) applyEtcdEvent(c, '/registry/leases/kube-system/kube-scheduler', rv, rv * 10, lease(rv));
    const got = initialEvents(c, watcher('leases'), '147');
    expect(Array.isArray(got) && got.map((e) => e.object.metadata?.resourceVersion)).toEqual(['148', '149', '150']);
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

describe('forEachWatcherFor (the per-resource Cacher and the pods trigger index)', () => {
  const nodes = ['', 'node-a', 'node-b', 'node-c'];
  const pod = (node: string, rv: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', resourceVersion: String(rv) }, spec: node ? { nodeName: node } : {} });
  const podWatcher = (id: number, node: string | null): CacheWatcher => ({ ...watcher('pods'), watchId: String(id), fields: node === null ? [] : [{ field: 'spec.nodeName', op: '=', value: node }] });

  it('offers every event to each watch that eventFor gives it to, in the order the watches were opened', () => {
    // cacher.go dispatchEvent: the watchers of the object's trigger values (old and new) and all
    // the unindexed ones. Checked against offering every event to every watch, as before the index.
    const spec = fc.record({
      watches: fc.array(fc.record({ resource: fc.constantFrom('pods', 'services'), node: fc.option(fc.constantFrom(...nodes.slice(1)), { nil: null }), removed: fc.boolean() }), { maxLength: 12 }),
      type: fc.constantFrom<CachedEvent['type']>('ADDED', 'MODIFIED', 'DELETED'),
      now: fc.constantFrom(...nodes),
      before: fc.constantFrom(...nodes),
      resource: fc.constantFrom('pods', 'services'),
    });
    fc.assert(fc.property(spec, ({ watches, type, now, before, resource }) => {
      const c = createWatchCache();
      watches.forEach((x, i) => addWatcher(c, String(i + 1), x.resource === 'pods' ? podWatcher(i + 1, x.node) : { ...watcher('services'), watchId: String(i + 1) }));
      watches.forEach((x, i) => { if (x.removed) removeWatcher(c, String(i + 1)); });
      const ev: CachedEvent = { revision: 9, atMs: 0, type, key: '/registry/pods/default/web', resource, object: pod(now, 9), ...(type === 'ADDED' ? {} : { prevObject: pod(before, 8) }) };
      const offered: CacheWatcher[] = [];
      forEachWatcherFor(c, ev, (w) => offered.push(w));
      const wanted = [...c.watchers.values()].filter((w) => eventFor(w, ev) !== undefined);
      expect(wanted.every((w) => offered.includes(w))).toBe(true);
      const ids = offered.map((w) => Number(w.watchId));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(offered.every((w) => w.resource === resource && c.watchers.get(w.watchId) === w)).toBe(true);
    }));
  });

  it("a kubelet's watch hears of a pod bound to its node, and not of pods on other nodes", () => {
    const c = createWatchCache();
    addWatcher(c, '1', podWatcher(1, null)); // the scheduler's informer
    addWatcher(c, '2', podWatcher(2, 'node-a'));
    addWatcher(c, '3', podWatcher(3, 'node-b'));
    const bound: CachedEvent = { revision: 2, atMs: 0, type: 'MODIFIED', key: '/registry/pods/default/web', resource: 'pods', object: pod('node-b', 2), prevObject: pod('', 1) };
    const offered: string[] = [];
    forEachWatcherFor(c, bound, (w) => offered.push(w.watchId));
    expect(offered).toEqual(['1', '3']);
  });
});
