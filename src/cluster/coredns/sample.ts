/**
 * A small cluster's DNS view: the objects the tests (and demos) resolve against. It is plain data
 * in the shape the apiserver stores, as kubeadm v1.32 plus a few user Services would have it.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { DnsCaches } from './records.ts';

function svc(namespace: string, name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec };
}

function slice(namespace: string, service: string, suffix: string, ports: EndpointSlice['ports'], endpoints: { ip: string; ready: boolean; hostname?: string }[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace, name: `${service}-${suffix}`, labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    ports,
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready, serving: e.ready, terminating: false }, ...(e.hostname ? { hostname: e.hostname } : {}) })),
  };
}

/**
 * - default/kubernetes 10.96.0.1:443 (https)
 * - kube-system/kube-dns 10.96.0.10 (dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP), CoreDNS pods 10.244.0.2, 10.244.0.3
 * - default/web 10.96.12.34:80 (http), ready 10.244.1.5, 10.244.2.7, not ready 10.244.2.8
 * - default/db headless (mysql 3306/TCP), ready db-0 10.244.1.10, db-1 10.244.2.11, not ready db-2 10.244.1.12
 * - default/peers headless with publishNotReadyAddresses, both endpoints ready=true (as the controller sets them)
 * - default/ext ExternalName example.com; default/inside ExternalName web.default.svc.cluster.local
 * - default/nobody headless without endpoints
 */
export function sampleCaches(): DnsCaches {
  return {
    synced: true,
    namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease'],
    modifiedUnixSeconds: 1_735_689_600,
    services: [
      svc('default', 'kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
      svc('kube-system', 'kube-dns', {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      }),
      svc('default', 'web', { type: 'ClusterIP', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] }),
      svc('default', 'db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: 3306 }] }),
      svc('default', 'peers', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], publishNotReadyAddresses: true, ports: [{ name: 'gossip', port: 7946, protocol: 'UDP', targetPort: 7946 }] }),
      svc('default', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
      svc('default', 'inside', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }),
      svc('default', 'nobody', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
    ],
    endpointSlices: [
      slice('default', 'kubernetes', 'abcde', [{ name: 'https', port: 6443, protocol: 'TCP' }], [{ ip: '10.0.0.11', ready: true }]),
      slice('kube-system', 'kube-dns', 'x7k2p', [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }], [
        { ip: '10.244.0.2', ready: true },
        { ip: '10.244.0.3', ready: true },
      ]),
      slice('default', 'web', 'q9w8e', [{ name: 'http', port: 8080, protocol: 'TCP' }], [
        { ip: '10.244.1.5', ready: true },
        { ip: '10.244.2.7', ready: true },
        { ip: '10.244.2.8', ready: false },
      ]),
      slice('default', 'db', 'm3n4b', [{ name: 'mysql', port: 3306, protocol: 'TCP' }], [
        { ip: '10.244.1.10', ready: true, hostname: 'db-0' },
        { ip: '10.244.2.11', ready: true, hostname: 'db-1' },
        { ip: '10.244.1.12', ready: false, hostname: 'db-2' },
      ]),
      slice('default', 'peers', 'z1x2c', [{ name: 'gossip', port: 7946, protocol: 'UDP' }], [
        { ip: '10.244.1.20', ready: true },
        { ip: '10.244.2.21', ready: true },
      ]),
      slice('default', 'nobody', 'p0o9i', [{ name: 'http', port: 80, protocol: 'TCP' }], []),
    ],
  };
}

/** A pod's resolv.conf in `default` (ClusterFirst), as containerd writes it. */
export const POD_RESOLV_CONF = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
