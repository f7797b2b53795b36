/**
 * curl and wget on a node. kube-proxy in IPVS mode binds every ClusterIP to the dummy interface
 * kube-ipvs0 on every node (K pkg/proxy/ipvs/README.md), so a node reaches a Service by its
 * address; the node's own resolver is not the cluster's DNS — only pods get a resolv.conf that
 * points at kube-dns (KW concepts/services-networking/dns-pod-service.md, "Pod's DNS Policy") —
 * so a Service name does not resolve there.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from './testing.ts';

describe('curl and wget on a host', () => {
  const { run } = testShell({ preset: 'single', seed: 4 });
  run('kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.52 --replicas=2 -- /agnhost serve-hostname');
  run('kubectl expose deployment web --port=80 --target-port=9376 --cluster-ip=10.96.100.100');
  run('sleep 15');

  it('reaches a ClusterIP through the node\'s IPVS table, round robin over the pods', () => {
    const a = run('ssh worker-1 curl -s http://10.96.100.100');
    const b = run('ssh worker-1 wget -qO- http://10.96.100.100');
    expect(a).toMatchObject({ code: 0 });
    expect(b).toMatchObject({ code: 0 });
    expect(a.out).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(b.out).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(a.out).not.toBe(b.out);
  });

  it('a Service name does not resolve on a node; its machines\' names do', () => {
    expect(run('ssh worker-1 curl http://web')).toEqual({ out: 'curl: (6) Could not resolve host: web\n', code: 6 });
    // The apiserver answers its health endpoints on the node's address (kubeadm's probes use them).
    expect(run('ssh worker-1 curl -sk https://cp-1:6443/healthz')).toEqual({ out: 'ok', code: 0 });
  });

  it('reaches the apiserver on the loopback address where it runs; anonymous, it may read /livez and /version only', () => {
    // kubeadm's apiserver listens on :6443 of cp-1 (host network); on worker-1 nothing does.
    expect(run('curl -k https://127.0.0.1:6443/livez')).toEqual({ out: 'ok', code: 0 });
    expect(JSON.parse(run('curl -sk https://localhost:6443/version').out)).toMatchObject({ gitVersion: 'v1.32.4' });
    expect(run('ssh worker-1 curl -k https://127.0.0.1:6443/livez')).toEqual({ out: "curl: (7) Failed to connect to 127.0.0.1 port 6443 after 0 ms: Couldn't connect to server\n", code: 7 });
    const api = run('curl -k https://cp-1:6443/api/v1/namespaces/kube-system/pods');
    expect(api.code).toBe(0);
    expect(JSON.parse(api.out)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "kube-system"' });
    // Plain HTTP at the TLS port: Go's net/http answers in clear text.
    expect(run('curl http://cp-1:6443/healthz')).toEqual({ out: 'Client sent an HTTP request to an HTTPS server.\n', code: 0 });
  });

  it('-o writes the body to the host\'s disk; -v says it is not modelled for the host\'s curl', () => {
    expect(run('ssh worker-2 curl -s -o page.txt http://10.96.100.100').code).toBe(0);
    expect(run('ssh worker-2 cat page.txt').out).toMatch(/^web-/);
    const v = run('ssh worker-2 curl -v http://10.96.100.100');
    expect(v.code).toBe(2);
    expect(v.out).toContain('k8sim does not model -v');
  });
});
