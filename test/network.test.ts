/**
 * The pod network and connection semantics the traffic path relies on.
 *
 *  - TCP delivers a connection's segments in order (RFC 9293 §3.10: the receiver hands data to
 *    the application in sequence), so a watch stream's events reach an informer in the order the
 *    apiserver sent them, whatever each packet's jitter. Before this rule an informer could see an
 *    older EndpointSlice after a newer one and kube-proxy kept a terminating pod as a backend.
 *  - A connection to a Service goes hop by hop: DNS, IPVS on the client's node, the pod network
 *    (which a partition between the two nodes cuts), the program that answers — each hop traced.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { packetsInFlight, runEffects, stepWorld } from '../src/simulation/world.ts';
import { setLink } from '../src/cluster/network/network.ts';
import { newSink } from '../src/cluster/effects.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';

describe('connections', () => {
  it('deliver the packets of one connection in the order they were sent, even with jitter larger than the gap between them', () => {
    const w = createWorld({ preset: 'single', seed: 2, controlPlane: false });
    setLink(w.network, 'worker-1', 'worker-2', { latencyMs: 1, jitterMs: 50 });
    const sink = newSink(w.kernel.now);
    for (let i = 0; i < 40; i++) sink.effects.push({ type: 'net.send', from: { host: 'worker-1', port: 'c1' }, to: { host: 'worker-2', port: 'x' }, kind: 'probe', body: i, summary: `seg ${i}` });
    runEffects(w, sink.effects);
    const arrivals = packetsInFlight(w).filter((m) => m.kind === 'probe').map((m) => m.arriveAt);
    expect(arrivals.length).toBe(40);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]).toBeGreaterThanOrEqual(arrivals[i - 1]!);
    // Another connection between the same hosts is not held back by this one.
    const other = newSink(w.kernel.now);
    other.effects.push({ type: 'net.send', from: { host: 'worker-1', port: 'c2' }, to: { host: 'worker-2', port: 'x' }, kind: 'probe', body: 'other', summary: 'other' });
    runEffects(w, other.effects);
    const last = packetsInFlight(w).at(-1)!;
    expect(last.arriveAt).toBeLessThanOrEqual(w.kernel.now + 51);
    const end = w.kernel.now + 1000;
    while (stepWorld(w, end));
    expect(packetsInFlight(w)).toHaveLength(0);
  });
});

describe('a request to a Service', () => {
  it('goes DNS → IPVS on the client’s node → the pod network → the program, and a partition between the nodes makes it time out', () => {
    const w = createWorld({ preset: 'single', seed: 11, settleMs: 15_000 });
    const s = createSession(w, 'cp-1');
    const sh = (c: string) => jobText(runToCompletion(s, c));
    // The server on worker-1, the client on worker-2: the request crosses the pod network.
    sh('kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  nodeName: worker-1\n  containers:\n  - name: agnhost\n    image: registry.k8s.io/e2e-test-images/agnhost:2.52\n    args: [serve-hostname]\nEOF');
    sh('kubectl create service clusterip web --tcp=80:9376');
    sh('kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  nodeName: worker-2\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sleep, "3600"]\nEOF');
    sh('sleep 15');
    const out = sh('kubectl exec client -- wget -qO- http://web');
    expect(out).toBe('web\n');
    const hops = w.kernel.trace.records.filter((r) => r.source === 'default/client' && r.kind.startsWith('traffic.'));
    expect(hops.map((r) => r.kind)).toEqual(['traffic.dns', 'traffic.ipvs', 'traffic.flannel', 'traffic.http']);
    expect(hops[1]!.summary).toMatch(/^worker-2: IPVS 10\.\d+\.\d+\.\d+:80\/TCP → 10\.244\.\d+\.\d+:9376$/);
    // flannel's vxlan backend: out of flannel.1, encapsulated to the other node's address on UDP 8472.
    expect(hops[2]!.summary).toMatch(/^worker-2 → worker-1: 10\.244\.\d+\.\d+ via flannel\.1 \(VXLAN to 10\.0\.0\.31:8472\)$/);
    expect(hops[2]!.cause).toBe(hops[1]!.id);
    expect(hops[3]!.cause).toBe(hops[2]!.id);
    // By ClusterIP: the partition may also cut the client off from the CoreDNS replica IPVS picks
    // for its query (round robin), and then the name would not resolve at all.
    const clusterIp = sh("kubectl get svc web -o jsonpath='{.spec.clusterIP}'").trim();
    sh('sim partition worker-1 / worker-2');
    // The SYN goes unanswered: wget's -T 2 alarm ends it, and those 2 s pass on the clock.
    const before = w.kernel.now;
    expect(sh(`kubectl exec client -- wget -qO- -T 2 http://${clusterIp}`)).toMatch(/^wget: download timed out\n/);
    expect(w.kernel.now - before).toBeGreaterThanOrEqual(2000);
    expect(w.kernel.now - before).toBeLessThan(2100);
    expect(w.kernel.trace.records.filter((r) => r.source === 'default/client' && r.kind === 'traffic.http').at(-1)!.summary).toMatch(/worker-2 cannot reach worker-1\): connection timed out$/);
  });
});

describe('a lookup nobody answers', () => {
  it('takes the resolver its 10 s (resolv.conf timeout:5 attempts:2) before wget says bad address, when CoreDNS is scaled to zero', () => {
    const w = createWorld({ preset: 'single', seed: 11, settleMs: 15_000 });
    const s = createSession(w, 'cp-1');
    const sh = (c: string) => jobText(runToCompletion(s, c));
    sh('kubectl run client --image=busybox:1.36 -- sleep 3600');
    sh('sleep 10');
    const answered = w.kernel.now;
    expect(sh('kubectl exec client -- nslookup kubernetes.default.svc.cluster.local')).toContain('Address: 10.96.0.1');
    expect(w.kernel.now - answered).toBeLessThan(100);
    sh('kubectl -n kube-system scale deployment coredns --replicas=0');
    sh('sleep 40');
    const before = w.kernel.now;
    expect(sh('kubectl exec client -- wget -qO- -T 1 http://kubernetes')).toBe("wget: bad address 'kubernetes'\ncommand terminated with exit code 1\n");
    // -T sets wget's alarm around connect(), not around the lookup: the resolver's 10 s pass in full.
    expect(w.kernel.now - before).toBeGreaterThanOrEqual(10_000);
    expect(w.kernel.now - before).toBeLessThan(10_100);
    const dns = w.kernel.trace.records.filter((r) => r.source === 'default/client' && r.kind === 'traffic.dns').at(-1)!;
    expect(dns.summary).toMatch(/^kubernetes\.default\.svc\.cluster\.local\. A\? to 10\.96\.0\.10:53: no answer/);
  });
});

describe('https from a pod to the kubernetes Service', () => {
  it('is the apiserver over TLS: curl wants -k (its CA is the cluster\'s), busybox wget checks nothing, anonymous reads /version only', () => {
    const w = createWorld({ preset: 'single', seed: 11, settleMs: 15_000 });
    const s = createSession(w, 'cp-1');
    const sh = (c: string) => jobText(runToCompletion(s, c));
    sh('kubectl run client --image=busybox:1.36 -- sleep 3600');
    sh('kubectl run web --image=nginx:1.27');
    sh('sleep 15');
    // 10.96.0.1:443 → IPVS → a control-plane node's :6443.
    expect(JSON.parse(sh('kubectl exec web -- curl -sk https://kubernetes.default.svc/version'))).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
    expect(sh('kubectl exec web -- curl -s https://kubernetes/version')).toBe('command terminated with exit code 60\n');
    expect(sh('kubectl exec client -- wget -qO- https://kubernetes/healthz')).toMatch(/^wget: note: TLS certificate validation not implemented\nok\n?$/);
    expect(sh('kubectl exec client -- wget -qO- https://kubernetes/api')).toBe('wget: note: TLS certificate validation not implemented\nwget: server returned error: HTTP/1.1 403 Forbidden\ncommand terminated with exit code 1\n');
    // nginx speaks plain HTTP on :80 and nothing listens on :443: a TLS handshake on :80 fails, :443 is refused.
    expect(sh('kubectl exec web -- curl -sSk https://localhost:80/')).toBe('curl: (35) error:0A00010B:SSL routines::wrong version number\ncommand terminated with exit code 35\n');
    expect(sh('kubectl exec web -- curl -sSk https://localhost/')).toBe("curl: (7) Failed to connect to localhost port 443 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
  });
});
