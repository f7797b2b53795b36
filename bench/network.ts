/**
 * Networking rows (issue 5):
 *
 *  - requests per wall second through the whole path: `sim load` from a busybox pod to a
 *    Service name — resolv.conf search list, a UDP query to 10.96.0.10 through the client node's
 *    IPVS table to a CoreDNS pod, then the TCP connection through IPVS to an agnhost pod on either
 *    node, the program's answer, and the hop-by-hop trace — while the cluster itself runs on.
 *  - kube-proxy's sync cost for 1,000 Services × 10 endpoints on 100 nodes: the proxier's pure
 *    work per node (desiredIpvs from the informers' objects, syncIpvs against the node's table) for
 *    the first sync, a periodic resync with nothing changed, and a resync after one endpoint
 *    moved; ×100 nodes is what the whole cluster spends on it.
 */
import { performance } from 'node:perf_hooks';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { createWorld } from '../src/simulation/presets.ts';
import { stepWorld } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { newIpvsTable } from '../src/cluster/kube-proxy/ipvs.ts';
import { desiredIpvs, syncIpvs } from '../src/cluster/kube-proxy/proxier.ts';
import type { Row } from './cluster.ts';

/** `sim load` at `rate` a second for `seconds` virtual seconds; requests per wall second. */
export function requestsThroughPath(rate: number, seconds: number): Row {
  const w = createWorld({ preset: 'single', seed: 5, settleMs: 20_000 });
  const s = createSession(w, 'cp-1');
  for (const line of [
    'kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.52 --replicas=3 -- /agnhost serve-hostname',
    'kubectl expose deployment web --port=80 --target-port=9376',
    'kubectl run client --image=busybox:1.36 -- sleep 3600',
  ]) jobText(runToCompletion(s, line));
  const settle = w.kernel.now + 20_000;
  while (stepWorld(w, settle));
  const t0 = performance.now();
  const out = jobText(runToCompletion(s, `sim load client http://web --rate ${rate} --for ${seconds}`));
  const wallMs = performance.now() - t0;
  const total = rate * seconds;
  if (!out.includes(`${total} requests: ${total} answered, 0 failed`)) throw new Error(`sim load did not answer every request:\n${out}`);
  return { name: `requests through DNS → IPVS → pod (single, ${rate}/s for ${seconds} virtual s, cluster running)`, result: `${((total / wallMs) * 1000).toFixed(0)} req/wall s`, wallMs, virtualMs: seconds * 1000, peer: 'no Services, DNS or IPVS' };
}

function services(count: number, endpointsEach: number, nodes: number): { services: Service[]; slices: EndpointSlice[] } {
  const svcs: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    svcs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'default' }, spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] } });
    slices.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${i}-abcde`, namespace: 'default', labels: { 'kubernetes.io/service-name': `svc-${i}` } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: Array.from({ length: endpointsEach }, (_, j) => {
        const n = (i * endpointsEach + j) % nodes;
        return { addresses: [`10.244.${n}.${2 + ((i * endpointsEach + j) % 250)}`], conditions: { ready: true, serving: true, terminating: false }, nodeName: `worker-${n}` };
      }),
    });
  }
  return { services: svcs, slices };
}

/** The proxier's work per node for `count` Services × `endpointsEach` endpoints, and ×`nodes` for the cluster. */
export function kubeProxySyncCost(count: number, endpointsEach: number, nodes: number): Row[] {
  const { services: svcs, slices } = services(count, endpointsEach, nodes);
  const nodeIps = ['10.0.1.1'];
  const rounds = 5;
  const time = (f: () => void) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  let first = 0;
  let resync = 0;
  let moved = 0;
  for (let r = 0; r < rounds; r++) {
    const table = newIpvsTable();
    first += time(() => syncIpvs(table, desiredIpvs(svcs, slices, nodeIps, 'rr', { nodeName: 'worker-1' }), 0));
    resync += time(() => syncIpvs(table, desiredIpvs(svcs, slices, nodeIps, 'rr', { nodeName: 'worker-1' }), 30_000));
    const changed = slices.map((s, i) => (i === 500 ? { ...s, endpoints: [...s.endpoints.slice(1), { ...s.endpoints[0]!, addresses: ['10.244.99.99'] }] } : s));
    moved += time(() => syncIpvs(table, desiredIpvs(svcs, changed, nodeIps, 'rr', { nodeName: 'worker-1' }), 31_000));
  }
  const per = (ms: number) => ms / rounds;
  const label = `${count} Services × ${endpointsEach} endpoints`;
  return [
    { name: `kube-proxy first sync, ${label} (per node; ×${nodes} nodes)`, result: `${per(first).toFixed(1)} ms/node`, wallMs: per(first) * nodes, peer: 'no kube-proxy' },
    { name: `kube-proxy resync, nothing changed, ${label} (per node; ×${nodes} nodes)`, result: `${per(resync).toFixed(1)} ms/node`, wallMs: per(resync) * nodes, peer: 'no kube-proxy' },
    { name: `kube-proxy resync, one endpoint moved, ${label} (per node; ×${nodes} nodes)`, result: `${per(moved).toFixed(1)} ms/node`, wallMs: per(moved) * nodes, peer: 'no kube-proxy' },
  ];
}
