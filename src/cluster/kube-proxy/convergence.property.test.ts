/**
 * The networking issue's acceptance property: after convergence a node's IPVS table is exactly
 * what a from-scratch derivation gives for the final Services and EndpointSlices, however the
 * table got there. kube-proxy relies on this: its syncs are incremental (proxier.go syncService /
 * syncEndpoint only add, update and delete what differs), and a freshly started kube-proxy
 * programs an empty table in one go. Random histories of Service and endpoint changes, with
 * connections opened and closed along the way (graceful termination keeps destinations at
 * weight 0 until their connections expire, graceful_termination.go), must end in the same table
 * once the connections are gone, the graceful check has run and one more sync has happened.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { closeConnection, expireConnection, newIpvsTable, openConnection, realServerKey, scheduleConnection, type IpvsScheduler, type IpvsTable } from './ipvs.ts';
import { desiredIpvs, gracefulCheck, syncIpvs, type DesiredIpvs } from './proxier.ts';

const NODE_IPS = ['10.0.0.31'];
const SCHEDULERS: IpvsScheduler[] = ['rr', 'wrr', 'lc', 'sh'];

interface ServiceShape {
  name: string;
  ip: number;
  type: 'ClusterIP' | 'NodePort' | 'None';
  port: number;
  protocol: 'TCP' | 'UDP';
  affinity: boolean;
  endpoints: { host: number; ready: boolean; serving: boolean; terminating: boolean }[];
}

interface ClusterShape {
  scheduler: IpvsScheduler;
  services: ServiceShape[];
}

const endpointArb = fc.record({ host: fc.integer({ min: 2, max: 7 }), ready: fc.boolean(), serving: fc.boolean(), terminating: fc.boolean() });
const serviceArb = (name: string, ip: number): fc.Arbitrary<ServiceShape> =>
  fc.record({
    name: fc.constant(name),
    ip: fc.constant(ip),
    type: fc.constantFrom<ServiceShape['type']>('ClusterIP', 'NodePort', 'None'),
    port: fc.constantFrom<number>(80, 443),
    protocol: fc.constantFrom<ServiceShape['protocol']>('TCP', 'UDP'),
    affinity: fc.boolean(),
    endpoints: fc.uniqueArray(endpointArb, { maxLength: 5, selector: (e) => e.host }),
  });

/** A cluster state: a subset of three Services, each with its own shape this time. */
const clusterArb: fc.Arbitrary<ClusterShape> = fc.record({
  scheduler: fc.constantFrom(...SCHEDULERS),
  services: fc.tuple(fc.option(serviceArb('a', 20)), fc.option(serviceArb('b', 21)), fc.option(serviceArb('c', 22))).map((ss) => ss.filter((s): s is ServiceShape => s !== null)),
});

function toApi(c: ClusterShape): { services: Service[]; slices: EndpointSlice[] } {
  const services = c.services.map((s, i): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: 'default' },
    spec: {
      type: s.type === 'NodePort' ? 'NodePort' : 'ClusterIP',
      clusterIP: s.type === 'None' ? 'None' : `10.96.0.${s.ip}`,
      clusterIPs: s.type === 'None' ? ['None'] : [`10.96.0.${s.ip}`],
      ports: [{ name: 'p', port: s.port, protocol: s.protocol, targetPort: 8080, ...(s.type === 'NodePort' ? { nodePort: 30000 + i } : {}) }],
      ...(s.affinity ? { sessionAffinity: 'ClientIP' } : {}),
    },
  }));
  const slices = c.services.map((s): EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${s.name}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': s.name } },
    addressType: 'IPv4',
    ports: [{ name: 'p', port: 8080, protocol: s.protocol }],
    endpoints: s.endpoints.map((e) => ({ addresses: [`10.244.1.${e.host}`], conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating }, nodeName: 'worker-1' })),
  }));
  return { services, slices };
}

function desiredFor(c: ClusterShape): DesiredIpvs {
  const { services, slices } = toApi(c);
  return desiredIpvs(services, slices, NODE_IPS, c.scheduler, { nodeName: 'worker-1' });
}

/** What `ipvsadm -Ln` would show, order-free: bound addresses, services and their destinations. */
function tableView(t: IpvsTable) {
  return {
    dummyAddresses: [...t.dummyAddresses].sort(),
    virtualServers: [...t.virtualServers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, vs]) => ({ key, scheduler: vs.scheduler, persistent: vs.persistentTimeoutSeconds ?? null, dests: vs.realServers.map((r) => `${realServerKey(r)} w${r.weight}`).sort() })),
    gracefulDeleteList: t.gracefulDeleteList.length,
  };
}

/** The desired state itself in the same shape: every destination at weight 1. */
function desiredView(d: DesiredIpvs) {
  return {
    dummyAddresses: [...d.dummyAddresses].sort(),
    virtualServers: d.virtualServers
      .map((v) => ({ key: `${v.address}:${v.port}/${v.protocol}`, scheduler: v.scheduler, persistent: v.persistentTimeoutSeconds ?? null, dests: v.realServers.map((r) => `${realServerKey(r)} w1`).sort() }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    gracefulDeleteList: 0,
  };
}

describe('IPVS convergence: incremental syncs end where a from-scratch sync starts (fast-check)', () => {
  it('with no connections, every sync leaves exactly the desired table', () => {
    fc.assert(
      fc.property(fc.array(clusterArb, { minLength: 1, maxLength: 8 }), (history) => {
        const table = newIpvsTable();
        history.forEach((state, i) => {
          const desired = desiredFor(state);
          syncIpvs(table, desired, i * 1_000);
          expect(tableView(table)).toEqual(desiredView(desired));
        });
        const scratch = syncIpvs(newIpvsTable(), desiredFor(history.at(-1)!), 0).table;
        expect(tableView(table)).toEqual(tableView(scratch));
      }),
      { numRuns: 300 },
    );
  });

  it('with connections opened along the way: once they close and expire, the graceful check and one sync give the from-scratch table', () => {
    const step = fc.record({ state: clusterArb, clients: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (history) => {
        const table = newIpvsTable();
        const open: { vsKey: string; dest: { address: string; port: number } }[] = [];
        let nowMs = 0;
        for (const { state, clients } of history) {
          nowMs += 1_000;
          syncIpvs(table, desiredFor(state), nowMs);
          // Clients connect to each virtual server as a packet would: the scheduler picks.
          for (const vs of table.virtualServers.values()) {
            for (const c of clients) {
              const dest = scheduleConnection(vs, `10.244.2.${c}`, nowMs);
              if (!dest) continue;
              openConnection(vs, dest);
              open.push({ vsKey: `${vs.address}:${vs.port}/${vs.protocol}`, dest: { address: dest.address, port: dest.port } });
            }
          }
          // While any connection is open, a destination that left may linger at weight 0, never more.
          const want = desiredView(desiredFor(state));
          const got = tableView(table);
          expect(got.dummyAddresses).toEqual(want.dummyAddresses);
          for (const w of want.virtualServers) {
            const g = got.virtualServers.find((v) => v.key === w.key);
            expect(g?.scheduler).toBe(w.scheduler);
            for (const d of w.dests) expect(g?.dests).toContain(d);
            for (const d of g?.dests ?? []) expect(w.dests.includes(d) || d.endsWith(' w0')).toBe(true);
          }
        }
        // Every connection closes and its TIME_WAIT (or UDP) entry expires.
        for (const { vsKey, dest } of open) {
          const vs = table.virtualServers.get(vsKey) ?? null;
          if (!vs) continue;
          if (vs.protocol === 'TCP') closeConnection(vs, dest);
          expireConnection(vs, dest);
        }
        nowMs += 60_000;
        gracefulCheck(table, nowMs);
        const final = desiredFor(history.at(-1)!.state);
        syncIpvs(table, final, nowMs);
        expect(tableView(table)).toEqual(desiredView(final));
        expect(tableView(table)).toEqual(tableView(syncIpvs(newIpvsTable(), final, 0).table));
      }),
      { numRuns: 300 },
    );
  });
});
