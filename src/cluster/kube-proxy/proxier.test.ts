import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice, Endpoint } from 'kubernetes-types/discovery/v1';
import { closeConnection, expireConnection, ipvsadmList, newIpvsTable, openConnection, realServerKey, scheduleConnection, type IpvsTable } from './ipvs.ts';
import {
  categorizeEndpoints,
  DEFAULT_CLIENT_IP_TIMEOUT_SECONDS,
  desiredIpvs,
  gracefulCheck,
  IPVS_MIN_SYNC_PERIOD_MS,
  IPVS_SYNC_PERIOD_MS,
  RS_CHECK_DELETE_INTERVAL_MS,
  syncIpvs,
  type DesiredIpvs,
  type ProxyEndpoint,
} from './proxier.ts';

function service(name: string, spec: Service['spec'], extra: Partial<Service> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'ClusterIP', ...spec }, ...extra };
}

function ep(ip: string, c: { ready?: boolean; serving?: boolean; terminating?: boolean } = {}, nodeName = 'worker-1'): Endpoint {
  return { addresses: [ip], conditions: c, nodeName };
}

function slice(svc: string, ports: { name?: string; port: number; protocol?: string }[], endpoints: Endpoint[], name = `${svc}-abcde`): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints,
  };
}

const web = service('web', { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }] });

/** Destinations of one desired virtual server, as `ip:port`. */
function dests(d: DesiredIpvs, key: string): string[] | undefined {
  return d.virtualServers.find((v) => `${v.address}:${v.port}/${v.protocol}` === key)?.realServers.map(realServerKey);
}

describe('defaults', () => {
  it('has the v1.32 periods', () => {
    // K pkg/proxy/apis/config/v1alpha1/defaults.go (ipvs.syncPeriod 30 s); kube-proxy reference
    // "--ipvs-min-sync-period duration Default: 1s"; graceful_termination.go rsCheckDeleteInterval.
    expect([IPVS_SYNC_PERIOD_MS, IPVS_MIN_SYNC_PERIOD_MS, RS_CHECK_DELETE_INTERVAL_MS]).toEqual([30_000, 1_000, 60_000]);
    // k/api core/v1 DefaultClientIPServiceAffinitySeconds.
    expect(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS).toBe(10_800);
  });
});

describe('desiredIpvs (K pkg/proxy/ipvs/proxier.go syncProxyRules)', () => {
  it('ClusterIP: one virtual server, address on kube-ipvs0, ready endpoints at the slice port (named targetPort)', () => {
    const d = desiredIpvs([web], [slice('web', [{ name: 'http', port: 8080 }], [ep('10.244.1.3'), ep('10.244.1.2'), ep('10.244.2.4', { ready: false, serving: false })])], ['10.0.0.21']);
    expect(d).toEqual({
      dummyAddresses: ['10.96.0.20'],
      virtualServers: [
        {
          protocol: 'TCP',
          address: '10.96.0.20',
          port: 80,
          scheduler: 'rr',
          servicePortName: 'default/web:http',
          realServers: [
            { address: '10.244.1.2', port: 8080, weight: 1 },
            { address: '10.244.1.3', port: 8080, weight: 1 },
          ],
        },
      ],
    });
  });

  // k/api discovery/v1 types.go: nil ready means ready; endpointslicecache.go treats nil serving as serving.
  it('treats missing conditions as ready', () => {
    const d = desiredIpvs([web], [slice('web', [{ name: 'http', port: 8080 }], [{ addresses: ['10.244.1.2'] }])], []);
    expect(dests(d, '10.96.0.20:80/TCP')).toEqual(['10.244.1.2:8080']);
  });

  it.each([
    ['headless (clusterIP None)', service('h', { clusterIP: 'None', ports: [{ port: 80 }] })],
    ['no ClusterIP', service('n', { ports: [{ port: 80 }] })],
    ['ExternalName', service('x', { type: 'ExternalName', externalName: 'example.com', clusterIP: '' })],
  ])('skips %s services (proxy/util ShouldSkipService)', (_name, svc) => {
    expect(desiredIpvs([svc], [], ['10.0.0.21'])).toEqual({ dummyAddresses: [], virtualServers: [] });
  });

  // K pkg/proxy/topology.go CategorizeEndpoints; KW reference/networking/virtual-ips.md (ProxyTerminatingEndpoints, GA 1.28).
  it.each<[string, Endpoint[], string[]]>([
    ['ready endpoints only, terminating ones left out', [ep('10.244.1.2'), ep('10.244.1.3', { ready: false, serving: true, terminating: true })], ['10.244.1.2:8080']],
    ['no ready endpoint: serving terminating ones as fallback', [ep('10.244.1.3', { ready: false, serving: true, terminating: true }), ep('10.244.1.4', { ready: false, serving: false, terminating: true })], ['10.244.1.3:8080']],
    ['not ready and not terminating: nothing', [ep('10.244.1.5', { ready: false, serving: false })], []],
    ['an empty slice: no destinations, the virtual server still exists', [], []],
  ])('%s', (_name, endpoints, want) => {
    const d = desiredIpvs([web], [slice('web', [{ name: 'http', port: 8080 }], endpoints)], []);
    expect(dests(d, '10.96.0.20:80/TCP')).toEqual(want);
  });

  it('matches slice ports to service ports by name and protocol', () => {
    const svc = service('multi', {
      clusterIP: '10.96.0.30',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'metrics', port: 9100, protocol: 'TCP', targetPort: 'metrics' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
    const d = desiredIpvs(
      [svc],
      [
        slice('multi', [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9102 }, { name: 'dns', port: 5353, protocol: 'UDP' }], [ep('10.244.1.2')], 'multi-aaaaa'),
        // A second slice of the same service (another port set): counts for the ports it names.
        slice('multi', [{ name: 'metrics', port: 9102 }, { name: 'dns', port: 5353, protocol: 'TCP' }], [ep('10.244.2.7')], 'multi-bbbbb'),
        // Another service's slice is ignored.
        slice('web', [{ name: 'http', port: 8080 }], [ep('10.244.9.9')]),
      ],
      [],
    );
    expect(d.virtualServers.map((v) => [`${v.address}:${v.port}/${v.protocol}`, v.servicePortName, v.realServers.map(realServerKey)])).toEqual([
      ['10.96.0.30:80/TCP', 'default/multi:http', ['10.244.1.2:8080']],
      ['10.96.0.30:9100/TCP', 'default/multi:metrics', ['10.244.1.2:9102', '10.244.2.7:9102']],
      ['10.96.0.30:53/UDP', 'default/multi:dns', ['10.244.1.2:5353']],
    ]);
  });

  it('an unnamed service port matches the unnamed slice port', () => {
    const svc = service('plain', { clusterIP: '10.96.0.31', ports: [{ port: 80, protocol: 'TCP' }] });
    const d = desiredIpvs([svc], [slice('plain', [{ port: 80 }], [ep('10.244.1.2')])], []);
    expect(d.virtualServers.map((v) => [v.servicePortName, v.realServers.map(realServerKey)])).toEqual([['default/plain', ['10.244.1.2:80']]]);
  });

  it('NodePort: one virtual server per node address (no loopback), not bound to kube-ipvs0', () => {
    const svc = service('np', { type: 'NodePort', clusterIP: '10.96.0.40', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }] });
    const d = desiredIpvs([svc], [slice('np', [{ name: 'http', port: 8080 }], [ep('10.244.1.2')])], ['10.244.1.0', '127.0.0.1', '10.0.0.21']);
    expect(d.dummyAddresses).toEqual(['10.96.0.40']);
    expect(d.virtualServers.map((v) => `${v.address}:${v.port}/${v.protocol}`)).toEqual(['10.0.0.21:30080/TCP', '10.96.0.40:80/TCP', '10.244.1.0:30080/TCP']);
    expect(dests(d, '10.0.0.21:30080/TCP')).toEqual(['10.244.1.2:8080']);
  });

  it('externalIPs and LoadBalancer ingress: virtual servers, bound unless the address is the node’s own', () => {
    const svc = service(
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.0.50', externalIPs: ['192.0.2.10', '10.0.0.21'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] },
      { status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { ip: '198.51.100.8', ipMode: 'Proxy' }] } } },
    );
    const d = desiredIpvs([svc], [slice('lb', [{ port: 8443 }], [ep('10.244.1.2')])], ['10.0.0.21']);
    expect(d.dummyAddresses).toEqual(['10.96.0.50', '192.0.2.10', '198.51.100.7']);
    expect(d.virtualServers.map((v) => `${v.address}:${v.port}/${v.protocol}`)).toEqual(['10.0.0.21:443/TCP', '10.0.0.21:31443/TCP', '10.96.0.50:443/TCP', '192.0.2.10:443/TCP', '198.51.100.7:443/TCP']);
  });

  it('ClientIP affinity: persistent with the configured timeout, 10800 by default', () => {
    const a = service('a', { clusterIP: '10.96.0.60', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] });
    const b = service('b', { clusterIP: '10.96.0.61', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] });
    const d = desiredIpvs([a, b], [], [], 'wrr');
    expect(d.virtualServers.map((v) => [v.address, v.scheduler, v.persistentTimeoutSeconds])).toEqual([
      ['10.96.0.60', 'wrr', 10800],
      ['10.96.0.61', 'wrr', 60],
    ]);
  });

  describe('traffic policies (syncEndpoint onlyNodeLocalEndpoints)', () => {
    const eps = [ep('10.244.1.2', {}, 'worker-1'), ep('10.244.2.3', {}, 'worker-2')];
    it('externalTrafficPolicy Local: NodePort gets the local endpoints, ClusterIP all', () => {
      const svc = service('etp', { type: 'NodePort', clusterIP: '10.96.0.70', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30070 }] });
      const d = desiredIpvs([svc], [slice('etp', [{ port: 8080 }], eps)], ['10.0.0.22'], 'rr', { nodeName: 'worker-2' });
      expect(dests(d, '10.0.0.22:30070/TCP')).toEqual(['10.244.2.3:8080']);
      expect(dests(d, '10.96.0.70:80/TCP')).toEqual(['10.244.1.2:8080', '10.244.2.3:8080']);
    });

    // proxier.go syncEndpoint: "Allow access from local PODs even if no local endpoints exist" (PR #97081).
    it('externalTrafficPolicy Local with no local endpoint falls back to the cluster endpoints', () => {
      const svc = service('etp', { type: 'NodePort', clusterIP: '10.96.0.70', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30070 }] });
      const d = desiredIpvs([svc], [slice('etp', [{ port: 8080 }], eps)], ['10.0.0.23'], 'rr', { nodeName: 'worker-3' });
      expect(dests(d, '10.0.0.23:30070/TCP')).toEqual(['10.244.1.2:8080', '10.244.2.3:8080']);
    });

    it('internalTrafficPolicy Local: the ClusterIP only reaches local endpoints, none if there are none', () => {
      const svc = service('itp', { clusterIP: '10.96.0.71', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] });
      const s = [slice('itp', [{ port: 8080 }], eps)];
      expect(dests(desiredIpvs([svc], s, [], 'rr', { nodeName: 'worker-1' }), '10.96.0.71:80/TCP')).toEqual(['10.244.1.2:8080']);
      expect(dests(desiredIpvs([svc], s, [], 'rr', { nodeName: 'worker-3' }), '10.96.0.71:80/TCP')).toEqual([]);
    });
  });

  it('categorizeEndpoints prefers local ready, then local serving-terminating endpoints', () => {
    const e = (ip: string, ready: boolean, terminating: boolean, isLocal: boolean): ProxyEndpoint => ({ ip, port: 80, ready, serving: true, terminating, isLocal });
    const r = categorizeEndpoints([e('10.244.1.2', false, true, true), e('10.244.2.3', true, false, false)], { internalPolicyLocal: true, externalPolicyLocal: false, externallyAccessible: false });
    expect([r.clusterEndpoints.map((x) => x.ip), r.localEndpoints.map((x) => x.ip), r.hasAnyEndpoints]).toEqual([[], ['10.244.1.2'], true]);
  });
});

describe('syncIpvs (proxier.go syncService / syncEndpoint / cleanLegacyService; graceful_termination.go)', () => {
  function desiredWeb(endpoints: Endpoint[], svc: Service = web): DesiredIpvs {
    return desiredIpvs([svc], [slice('web', [{ name: 'http', port: 8080 }], endpoints)], []);
  }
  const VS = '10.96.0.20:80/TCP';
  const webVs = (t: IpvsTable) => t.virtualServers.get(VS)!;

  it('creates the virtual server, binds its address and adds the destinations; a second sync changes nothing', () => {
    const { table, changes } = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 0);
    expect(changes.map((c) => c.message)).toEqual([
      'Adding new service "default/web:http" 10.96.0.20:80/TCP (rr)',
      'Bind address 10.96.0.20 to kube-ipvs0',
      'Add destination 10.244.1.2:8080 to 10.96.0.20:80/TCP (Masq, weight 1)',
      'Add destination 10.244.1.3:8080 to 10.96.0.20:80/TCP (Masq, weight 1)',
    ]);
    expect(table.dummyAddresses).toEqual(['10.96.0.20']);
    // Added in address order, so the kernel list (newest first) is .3, .2 and rr starts with .3.
    expect(webVs(table).realServers.map(realServerKey)).toEqual(['10.244.1.3:8080', '10.244.1.2:8080']);
    expect(syncIpvs(table, desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 30_000).changes).toEqual([]);
  });

  it('an endpoint that left with an open TCP connection stays at weight 0 until its connections are gone and the next check runs', () => {
    let table = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 0).table;
    const vs = webVs(table);
    const dest = { address: '10.244.1.3', port: 8080 };
    openConnection(vs, dest);

    // The pod is being deleted: its endpoint is terminating, and .2 is still ready.
    const r = syncIpvs(table, desiredWeb([ep('10.244.1.2'), ep('10.244.1.3', { ready: false, serving: true, terminating: true })]), 5_000);
    table = r.table;
    expect(r.changes.map((c) => c.message)).toEqual(['Graceful delete of 10.96.0.20:80/TCP/10.244.1.3:8080: weight 0 until its 1 ActiveConn + 0 InActConn are gone']);
    expect(table.gracefulDeleteList).toEqual([{ virtualServer: VS, realServer: '10.244.1.3:8080', sinceMs: 5_000 }]);
    expect(ipvsadmList(table, { numeric: true }).stdout).toContain('  -> 10.244.1.3:8080              Masq    0      1          0         \n');
    // Quiescent: new connections never go there.
    for (let i = 0; i < 4; i++) expect(scheduleConnection(vs, '10.244.2.9', 6_000)?.address).toBe('10.244.1.2');
    // The next sync leaves it alone.
    expect(syncIpvs(table, desiredWeb([ep('10.244.1.2')]), 10_000).changes).toEqual([]);

    // 1-minute checks: kept while the connection is open, and while it sits in TIME_WAIT.
    expect(gracefulCheck(table, 60_000).changes).toEqual([]);
    closeConnection(vs, dest);
    expect(gracefulCheck(table, 120_000).changes).toEqual([]);
    expect(findKeys(table)).toEqual(['10.244.1.2:8080', '10.244.1.3:8080']);
    expireConnection(vs, dest);
    const c = gracefulCheck(table, 180_000);
    expect(c.changes.map((x) => x.message)).toEqual(['Deleting real server 10.96.0.20:80/TCP/10.244.1.3:8080']);
    expect(findKeys(table)).toEqual(['10.244.1.2:8080']);
    expect(table.gracefulDeleteList).toEqual([]);
  });

  it('an endpoint that left without connections is deleted at once', () => {
    const table = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 0).table;
    const r = syncIpvs(table, desiredWeb([ep('10.244.1.2')]), 1_000);
    expect(r.changes.map((c) => c.message)).toEqual(['Deleting real server 10.96.0.20:80/TCP/10.244.1.3:8080']);
    expect(r.table.gracefulDeleteList).toEqual([]);
  });

  // utilipvs IsRsGracefulTerminationNeeded: false for UDP (and SCTP); expire_nodest_conn=1 drops the entries.
  it('UDP destinations are deleted at once even with entries', () => {
    const dns = service('web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'UDP' }] });
    const desired = (eps: Endpoint[]) => desiredIpvs([dns], [slice('web', [{ name: 'http', port: 8080, protocol: 'UDP' }], eps)], []);
    const table = syncIpvs(newIpvsTable(), desired([ep('10.244.1.2'), ep('10.244.1.3')]), 0).table;
    const vs = table.virtualServers.get('10.96.0.20:80/UDP')!;
    openConnection(vs, { address: '10.244.1.3', port: 8080 });
    const r = syncIpvs(table, desired([ep('10.244.1.2')]), 1_000);
    expect(r.changes.map((c) => c.op)).toEqual(['DeleteRealServer']);
    expect(vs.realServers.map(realServerKey)).toEqual(['10.244.1.2:8080']);
  });

  it('an endpoint that comes back while on the graceful list is deleted and added again with weight 1', () => {
    const table = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 0).table;
    const vs = webVs(table);
    openConnection(vs, { address: '10.244.1.3', port: 8080 });
    syncIpvs(table, desiredWeb([ep('10.244.1.2')]), 1_000);
    const r = syncIpvs(table, desiredWeb([ep('10.244.1.2'), ep('10.244.1.3')]), 2_000);
    expect(r.changes.map((c) => c.op)).toEqual(['DeleteRealServer', 'AddRealServer']);
    expect(table.gracefulDeleteList).toEqual([]);
    // Back at the head of the list, weight 1, its open connection still counted (restored from the trash).
    expect(vs.realServers.map((d) => [realServerKey(d), d.weight, d.activeConn])).toEqual([
      ['10.244.1.3:8080', 1, 1],
      ['10.244.1.2:8080', 1, 0],
    ]);
  });

  it('updates the virtual server when the scheduler or affinity changes', () => {
    const table = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2')]), 0).table;
    const sticky = service('web', { ...web.spec, sessionAffinity: 'ClientIP' });
    const r = syncIpvs(table, desiredWeb([ep('10.244.1.2')], sticky), 1_000);
    expect(r.changes.map((c) => c.message)).toEqual(['IPVS service was changed "default/web:http" 10.96.0.20:80/TCP (rr, persistent 10800)']);
    const r2 = syncIpvs(table, desiredIpvs([web], [slice('web', [{ name: 'http', port: 8080 }], [ep('10.244.1.2')])], [], 'lc'), 2_000);
    expect(r2.changes.map((c) => c.op)).toEqual(['UpdateVirtualServer']);
    expect(webVs(table).scheduler).toBe('lc');
  });

  it('deletes virtual servers of removed services and unbinds their addresses', () => {
    const other = service('other', { clusterIP: '10.96.0.21', ports: [{ port: 80 }] });
    const both = desiredIpvs([web, other], [], []);
    const table = syncIpvs(newIpvsTable(), both, 0).table;
    expect(table.dummyAddresses).toEqual(['10.96.0.20', '10.96.0.21']);
    const r = syncIpvs(table, desiredIpvs([web], [], []), 1_000);
    expect(r.changes.map((c) => c.message)).toEqual(['Delete service 10.96.0.21:80/TCP', 'Unbinding address 10.96.0.21 from kube-ipvs0']);
    expect([...table.virtualServers.keys()]).toEqual([VS]);
    expect(table.dummyAddresses).toEqual(['10.96.0.20']);
  });

  it('initial sync restores weight 1 on destinations left at weight 0', () => {
    const table = syncIpvs(newIpvsTable(), desiredWeb([ep('10.244.1.2')]), 0).table;
    webVs(table).realServers[0]!.weight = 0;
    const r = syncIpvs(table, desiredWeb([ep('10.244.1.2')]), 1_000, { initialSync: true });
    expect(r.changes.map((c) => c.op)).toEqual(['UpdateRealServer']);
    expect(webVs(table).realServers[0]!.weight).toBe(1);
  });

  it('golden ipvsadm -Ln of a small cluster after a sync', () => {
    const kubernetes = service('kubernetes', { clusterIP: '10.96.0.1', sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] });
    const kubeDns: Service = {
      ...service('kube-dns', {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      }),
    };
    kubeDns.metadata!.namespace = 'kube-system';
    const dnsSlice = slice('kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }], [ep('10.244.0.2', {}, 'cp-1'), ep('10.244.0.3', {}, 'cp-1')]);
    dnsSlice.metadata!.namespace = 'kube-system';
    const apiSlice = slice('kubernetes', [{ name: 'https', port: 6443 }], [{ addresses: ['10.0.0.11'] }, { addresses: ['10.0.0.12'] }, { addresses: ['10.0.0.13'] }]);
    const np = service('web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }] });
    const webSlice = slice('web', [{ name: 'http', port: 8080 }], [ep('10.244.1.2'), ep('10.244.2.2', {}, 'worker-2')]);
    const d = desiredIpvs([kubernetes, kubeDns, np], [dnsSlice, apiSlice, webSlice], ['10.0.0.21'], 'rr', { nodeName: 'worker-1' });
    const { table } = syncIpvs(newIpvsTable(), d, 0);
    expect(table.dummyAddresses).toEqual(['10.96.0.1', '10.96.0.10', '10.96.0.20']);
    expect(ipvsadmList(table, { numeric: true }).stdout).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.0.0.21:30080 rr',
        '  -> 10.244.1.2:8080              Masq    1      0          0         ',
        '  -> 10.244.2.2:8080              Masq    1      0          0         ',
        'TCP  10.96.0.1:443 rr',
        '  -> 10.0.0.11:6443               Masq    1      0          0         ',
        '  -> 10.0.0.12:6443               Masq    1      0          0         ',
        '  -> 10.0.0.13:6443               Masq    1      0          0         ',
        'TCP  10.96.0.10:53 rr',
        '  -> 10.244.0.2:53                Masq    1      0          0         ',
        '  -> 10.244.0.3:53                Masq    1      0          0         ',
        'TCP  10.96.0.10:9153 rr',
        '  -> 10.244.0.2:9153              Masq    1      0          0         ',
        '  -> 10.244.0.3:9153              Masq    1      0          0         ',
        'TCP  10.96.0.20:80 rr',
        '  -> 10.244.1.2:8080              Masq    1      0          0         ',
        '  -> 10.244.2.2:8080              Masq    1      0          0         ',
        'UDP  10.96.0.10:53 rr',
        '  -> 10.244.0.2:53                Masq    1      0          0         ',
        '  -> 10.244.0.3:53                Masq    1      0          0         ',
        '',
      ].join('\n'),
    );
  });
});

function findKeys(table: IpvsTable): string[] {
  return table.virtualServers.get('10.96.0.20:80/TCP')!.realServers.map(realServerKey).sort();
}
