/**
 * flannel across the cluster (flannel v0.26.7): the routes flanneld leaves in the kernel and what
 * pod traffic needs of them. Sources: pkg/backend/vxlan/vxlan_network.go (a route per lease,
 * `<subnet> via <subnet .0> dev flannel.1 onlink`, added and removed as leases come and go);
 * pkg/subnet/kube/kube.go (leases are the Nodes' podCIDRs and flannel annotations, seen through a
 * Node watch). Nothing removes a route when flanneld exits.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { createSession, jobText, runToCompletion, type Session } from '../src/shell/session.ts';
import { leaseAnnotations } from '../src/cluster/flannel/flanneld.ts';

const run = (s: Session, cmd: string) => {
  const j = runToCompletion(s, cmd);
  return { out: jobText(j), code: j.exitCode };
};

const lateNode = (name: string, podCIDR: string) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
${Object.entries(leaseAnnotations('02:42:0a:00:00:09', '10.0.0.39')).map(([k, v]) => `    ${k}: '${v}'`).join('\n')}
spec:
  podCIDR: ${podCIDR}
  podCIDRs: [${podCIDR}]
`;

function cluster(): Session {
  const w = createWorld({ preset: 'single', seed: 3 });
  const s = createSession(w, 'cp-1');
  run(s, `kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: worker-2
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  nodeName: worker-1
  containers:
  - name: client
    image: busybox:1.36
    command: ["sleep", "3600"]
EOF`);
  run(s, 'sleep 10');
  return s;
}

describe('flannel routes', () => {
  it('gives every node a route to every other node it has seen a lease for, and follows a new lease while flanneld runs', () => {
    const s = cluster();
    expect(run(s, 'ssh worker-1 ip route').out).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    // A node joins: its flanneld annotates its Node; the running flanneld on worker-1 adds a route.
    run(s, `kubectl apply -f - <<EOF\n${lateNode('worker-9', '10.244.9.0/24')}EOF`);
    run(s, 'sleep 2');
    expect(run(s, 'ssh worker-1 ip route').out).toContain('10.244.9.0/24 via 10.244.9.0 dev flannel.1 onlink');
    // It leaves: the lease is gone, so is the route.
    run(s, 'kubectl delete node worker-9');
    run(s, 'sleep 2');
    expect(run(s, 'ssh worker-1 ip route').out).not.toContain('10.244.9.0/24');
  });

  it('keeps the routes when flanneld stops, so pods keep talking across nodes, but a node that joins later gets none', () => {
    const s = cluster();
    const webIp = run(s, "kubectl get pod web -o jsonpath='{.status.podIP}'").out.trim();
    expect(webIp).toMatch(/^10\.244\.2\.\d+$/);
    run(s, 'kubectl delete ds kube-flannel-ds -n kube-flannel');
    run(s, 'sleep 5');
    expect(run(s, 'kubectl get pods -n kube-flannel').out).toContain('No resources found');
    expect(run(s, 'ssh worker-1 ip route').out).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    const ok = run(s, `kubectl exec client -- wget -qO- -T 2 http://${webIp}`);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Welcome to nginx!');
    run(s, `kubectl apply -f - <<EOF\n${lateNode('worker-9', '10.244.9.0/24')}EOF`);
    run(s, 'sleep 2');
    expect(run(s, 'ssh worker-1 ip route').out).not.toContain('10.244.9.0/24');
  });

  it('drops pod traffic to a node the source kernel has no route to, and the answer where the destination has no route back', () => {
    const s = cluster();
    const w = s.world;
    const webIp = run(s, "kubectl get pod web -o jsonpath='{.status.podIP}'").out.trim();
    // As on a node whose flanneld never saw worker-2's lease (it joined after flanneld stopped).
    delete w.flannelKernels['worker-1']!.routes['10.244.2.0/24'];
    const out = run(s, `kubectl exec client -- wget -qO- -T 2 http://${webIp}`);
    expect(out.code).not.toBe(0);
    expect(w.kernel.trace.records.some((r) => r.kind === 'traffic.http' && /worker-1 has no route to 10\.244\.2\.0\/24/.test(r.summary))).toBe(true);
    w.flannelKernels['worker-1']!.routes['10.244.2.0/24'] = '10.244.2.0';
    delete w.flannelKernels['worker-2']!.routes['10.244.1.0/24'];
    expect(run(s, `kubectl exec client -- wget -qO- -T 2 http://${webIp}`).code).not.toBe(0);
    expect(w.kernel.trace.records.some((r) => r.kind === 'traffic.http' && /worker-2 has no route back to 10\.244\.1\.0\/24/.test(r.summary))).toBe(true);
  });
});
