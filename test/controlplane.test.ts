/**
 * The control plane working through the API only (issue 3): nodes registered by the node agents,
 * leases held by one scheduler and one controller-manager, a Deployment turned into a ReplicaSet
 * and Running pods on the workers, FailedScheduling for pods that cannot fit, graceful deletion,
 * and what losing etcd quorum does: `kubectl scale` fails, running pods stay Running, and the
 * scale completes once quorum is back.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { createSession, jobText, runToCompletion, type Session } from '../src/shell/session.ts';
import { stepWorld } from '../src/simulation/world.ts';
import { applyPodRequestingCpu } from '../src/cluster/scheduler/testing.ts';
import { runningPods } from '../src/simulation/podnet.ts';

function session(preset: 'single' | 'ha' = 'ha', seed = 31): Session {
  return createSession(createWorld({ preset, seed }), 'cp-1');
}

function run(s: Session, line: string) {
  const job = runToCompletion(s, line);
  return { out: jobText(job), code: job.exitCode, at: s.world.kernel.now };
}

/** The host whose scheduler or controller-manager holds its lease, if any. */
function leaderOf(r: Record<string, { le: { isLeader: boolean } }>): string | undefined {
  return Object.keys(r).find((h) => r[h]!.le.isLeader);
}

function podRows(s: Session): string[][] {
  return run(s, 'kubectl get pods --no-headers -o wide')
    .out.trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('No resources'))
    .map((l) => l.split(/\s+/));
}

describe('control plane', () => {
  it('registers every node and elects one scheduler and one controller-manager leader', () => {
    const s = session();
    run(s, 'sleep 5');
    const nodes = run(s, 'kubectl get nodes --no-headers').out;
    for (const n of ['cp-1', 'cp-2', 'cp-3', 'worker-1', 'worker-2', 'worker-3']) expect(nodes).toMatch(new RegExp(`^${n}\\s+Ready`, 'm'));
    const leases = run(s, 'kubectl get lease -n kube-system -o yaml').out;
    expect(leases).toMatch(/holderIdentity: cp-\d_/);
    expect(Object.values(s.world.schedulers).filter((x) => x.le.isLeader)).toHaveLength(1);
    expect(Object.values(s.world.controllerManagers).filter((x) => x.le.isLeader)).toHaveLength(1);
  });

  it('a standby kube-controller-manager holds no watches; the leader watches (informers start in OnStartedLeading)', () => {
    // cmd/kube-controller-manager/app/controllermanager.go: CreateControllerContext, StartControllers
    // and InformerFactory.Start all run inside `run`, the OnStartedLeading callback. (kube-scheduler,
    // by contrast, starts its informers before the election, so a standby's caches are warm.)
    const s = session();
    run(s, 'sleep 5');
    const watching = (informers: Record<string, { phase: string }>) => Object.values(informers).filter((i) => i.phase === 'watching').length;
    const kcms = Object.values(s.world.controllerManagers);
    const leader = kcms.find((x) => x.le.isLeader)!;
    expect(watching(leader.client.informers)).toBe(Object.keys(leader.client.informers).length);
    for (const standby of kcms.filter((x) => !x.le.isLeader)) expect(watching(standby.client.informers)).toBe(0);
    for (const scheduler of Object.values(s.world.schedulers)) expect(watching(scheduler.client.informers)).toBeGreaterThan(0);
  });

  it('runs a Deployment: ReplicaSet <name>-<hash>, pods <rs>-<5 chars> Running on the workers', () => {
    const s = session();
    expect(run(s, 'kubectl create deployment web --image=nginx --replicas=3').out).toBe('deployment.apps/web created\n');
    run(s, 'sleep 10');
    const rows = podRows(s);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      // K pkg/controller/controller_utils.go: pods are named by generateName `<rs>-` + 5 chars.
      expect(r[0]).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(r[2]).toBe('Running');
      // The control-plane taint keeps pods off cp-* (reference §4.2).
      expect(r[6]).toMatch(/^worker-\d$/);
    }
    expect(run(s, 'kubectl rollout status deployment/web').out).toBe('deployment "web" successfully rolled out\n');
  });

  it('explains a pod that fits nowhere with the FailedScheduling message (reference §4.3)', () => {
    const s = session();
    run(s, applyPodRequestingCpu('big', '64'));
    run(s, 'sleep 5');
    expect(podRows(s)[0]?.[2]).toBe('Pending');
    const events = run(s, "kubectl get events --field-selector reason=FailedScheduling").out;
    expect(events).toContain('0/6 nodes are available: 3 Insufficient cpu, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/6 nodes are available: 3 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.');
  });

  it('without etcd quorum kubectl scale fails, running pods keep running; with quorum back the scale completes', () => {
    const s = session();
    run(s, 'kubectl create deployment web --image=nginx --replicas=2');
    run(s, 'sleep 10');
    expect(podRows(s).filter((r) => r[2] === 'Running')).toHaveLength(2);
    run(s, 'sim crash cp-2');
    run(s, 'sim crash cp-3');
    run(s, 'sleep 15');
    const scaled = run(s, 'kubectl scale deployment web --replicas=4');
    expect(scaled.code).toBe(1);
    // Through the VIP: /healthz includes the etcd check, so every apiserver fails HAProxy's check
    // (cp-1 with 500, the crashed ones with Layer4 timeouts) and HAProxy, with no server UP,
    // closes the connection (kubeadm HA guide's haproxy.cfg; haproxy configuration.txt "option nolinger").
    expect(scaled.out).toBe('Unable to connect to the server: EOF\n');
    // The pods themselves are untouched: nothing on the nodes depends on etcd.
    expect(runningPods(s.world).filter((p) => p.key.startsWith('default/'))).toHaveLength(2);
    run(s, 'sim boot cp-2');
    run(s, 'sleep 20');
    expect(run(s, 'kubectl scale deployment web --replicas=4').out).toBe('deployment.apps/web scaled\n');
    run(s, 'sleep 15');
    expect(podRows(s).filter((r) => r[2] === 'Running')).toHaveLength(4);
  });

  it('fills a Service\'s EndpointSlice and Endpoints with the Ready pods it selects (reference §5.1)', () => {
    const s = session();
    run(s, 'kubectl create deployment web --image=nginx --replicas=2');
    run(s, 'kubectl create service clusterip web --tcp=80:80');
    run(s, 'sleep 10');
    const ips = run(s, 'kubectl get pods -l app=web -o wide --no-headers').out.trim().split('\n').map((l) => l.split(/\s+/)[5]!).sort();
    expect(ips).toHaveLength(2);
    // K pkg/controller/endpointslice: one slice per Service labelled kubernetes.io/service-name,
    // managed by endpointslice-controller.k8s.io, an endpoint per Ready pod.
    const slices = run(s, 'kubectl get endpointslices -l kubernetes.io/service-name=web -o yaml').out;
    expect(slices).toContain('endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io');
    for (const ip of ips) expect(slices).toContain(`- ${ip}`);
    expect(slices).toContain('ready: true');
    // The Endpoints controller: `ENDPOINTS` lists ip:port of the ready addresses.
    const eps = run(s, 'kubectl get endpoints web --no-headers').out;
    expect(eps).toMatch(new RegExp(`^web\\s+${ips.map((ip) => `${ip.replace(/\./g, '\\.')}:80`).join(',')}\\s`));
  });

  it('garbage-collects a deleted Deployment\'s ReplicaSet and pods through their ownerReferences', () => {
    const s = session();
    run(s, 'kubectl create deployment web --image=nginx --replicas=2');
    run(s, 'sleep 10');
    expect(podRows(s)).toHaveLength(2);
    // kubectl deletes with propagationPolicy Background by default: the Deployment goes at once,
    // the garbage collector deletes its ReplicaSet, then the ReplicaSet's pods (gracefully).
    expect(run(s, 'kubectl delete deployment web').out).toBe('deployment.apps "web" deleted\n');
    run(s, 'sleep 45');
    expect(run(s, 'kubectl get rs').out).toBe('No resources found in default namespace.\n');
    expect(run(s, 'kubectl get pods').out).toBe('No resources found in default namespace.\n');
  });

  it('compacts etcd every 5 minutes to the revision of 5 minutes before (--etcd-compaction-interval)', () => {
    const s = session();
    run(s, 'sleep 301');
    // The first round only records a revision: no compaction on bootstrap (etcd3/compact.go).
    expect(run(s, 'etcdctl get compact_rev_key --print-value-only').out).toBe('0\n');
    run(s, 'sleep 300');
    const compacted = Number(run(s, 'etcdctl get compact_rev_key --print-value-only').out.trim());
    expect(compacted).toBeGreaterThan(100);
    expect(run(s, `etcdctl get /registry/namespaces/default --rev=${compacted - 1}`).out).toContain('Error: etcdserver: mvcc: required revision has been compacted');
    expect(run(s, `etcdctl get /registry/namespaces/default --rev=${compacted} --print-value-only`).code).toBe(0);
  });

  it('hands leadership to another scheduler and controller-manager once the dead leader\'s lease expires (15 s)', () => {
    const s = session();
    const w = s.world;
    run(s, 'sleep 5');
    const schedLeader = leaderOf(w.schedulers)!;
    const lastRenewMs = w.schedulers[schedLeader]!.le.renewedAtMs;
    run(s, `sim crash ${schedLeader}`);
    let takeoverMs: number | undefined;
    while (takeoverMs === undefined && w.kernel.now < lastRenewMs + 40_000) {
      const until = w.kernel.now + 100;
      while (w.kernel.now < until && stepWorld(w, until));
      const l = leaderOf(w.schedulers);
      if (l && l !== schedLeader) takeoverMs = w.kernel.now;
    }
    // client-go leaderelection: a candidate takes the lease only after it has seen no renewal
    // for leaseDuration (15 s) on its own clock. It sees the last renewal up to one retryPeriod
    // (2 s) late, and looks again only every retryPeriod; if the crashed host also led etcd,
    // writes wait up to one more election timeout (2 s) for a new etcd leader.
    expect(takeoverMs! - lastRenewMs).toBeGreaterThanOrEqual(15_000);
    expect(takeoverMs! - lastRenewMs).toBeLessThanOrEqual(15_000 + 2 * 2_000 + 2_000 + 500);
    run(s, 'sleep 5');
    const kcmLeader = leaderOf(w.controllerManagers);
    expect(kcmLeader).toBeDefined();
    expect(kcmLeader).not.toBe(schedLeader);
    // The new leaders do the work: a Deployment still turns into Running pods.
    const other = ['cp-1', 'cp-2', 'cp-3'].find((h) => h !== schedLeader)!;
    const s2 = createSession(w, other);
    expect(jobText(runToCompletion(s2, 'kubectl create deployment after --image=nginx --replicas=2'))).toBe('deployment.apps/after created\n');
    // A kubelet whose pod watch went through HAProxy to the crashed apiserver hears nothing more
    // until client-go's HTTP/2 health check gives up on it (30 s idle + 15 s ping timeout), then relists.
    runToCompletion(s2, 'sleep 50');
    const pods = runningPods(w).filter((p) => p.key.startsWith('default/'));
    expect(pods.length).toBe(2);
  });

  it('a leader that cannot renew its lease within renewDeadline exits with code 1, and the kubelet restarts its container', () => {
    // client-go leaderelection renew(): PollUntilContextTimeout(retryPeriod 2 s, renewDeadline 10 s)
    // fails, then OnStoppedLeading; controllermanager.go and kube-scheduler's server.go log
    // "leaderelection lost" and klog.FlushAndExit(..., 1). With etcd quorum gone no lease can be
    // renewed, so both leaders exit; their static pods' containers restart (RESTARTS 1).
    const s = session();
    const w = s.world;
    run(s, 'sleep 5');
    const kcmLeader = leaderOf(w.controllerManagers)!;
    const schedLeader = leaderOf(w.schedulers)!;
    const containers = (host: string, name: string) => Object.values(w.runtimes[host]!.containers).filter((c) => c.name === name).sort((a, b) => a.attempt - b.attempt);
    // Two of three etcd members stop (their manifests moved away): no quorum, no lease renewals.
    for (const host of ['cp-2', 'cp-3']) expect(runToCompletion(createSession(w, host), 'mv /etc/kubernetes/manifests/etcd.yaml /tmp/').exitCode).toBe(0);
    run(s, 'sleep 40');
    for (const [host, name] of [[kcmLeader, 'kube-controller-manager'], [schedLeader, 'kube-scheduler']] as const) {
      const [first, second] = containers(host, name);
      expect(first).toMatchObject({ attempt: 0, state: 'CONTAINER_EXITED', exitCode: 1, reason: 'Error' });
      expect(second).toMatchObject({ attempt: 1, state: 'CONTAINER_RUNNING' });
    }
    expect(leaderOf(w.controllerManagers)).toBeUndefined();
    // Quorum back: the lease held by the dead process expires and a controller-manager leads again.
    for (const host of ['cp-2', 'cp-3']) runToCompletion(createSession(w, host), 'mv /tmp/etcd.yaml /etc/kubernetes/manifests/');
    run(s, 'sleep 60');
    expect(leaderOf(w.controllerManagers)).toBeDefined();
    expect(leaderOf(w.schedulers)).toBeDefined();
    const row = run(s, 'kubectl get pods -n kube-system --no-headers').out.split('\n').find((l) => l.startsWith(`kube-controller-manager-${kcmLeader} `))!;
    expect(row.split(/\s+/).slice(1, 4)).toEqual(['1/1', 'Running', '1']);
    // The exited process's log ends with client-go's renew() giving up; the new one starts acquiring again.
    const previous = run(s, `kubectl logs -n kube-system kube-controller-manager-${kcmLeader} --previous`).out.trimEnd().split('\n');
    expect(previous.at(-1)).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 leaderelection\.go:297\] failed to renew lease kube-system\/kube-controller-manager: context deadline exceeded$/);
    expect(run(s, `kubectl logs -n kube-system kube-controller-manager-${kcmLeader}`).out.split('\n')[0]).toMatch(/ leaderelection\.go:257\] attempting to acquire leader lease kube-system\/kube-controller-manager\.\.\.$/);
  });

  it('the components log their leader election and client-side throttling as client-go v0.32 does', () => {
    // tools/leaderelection/leaderelection.go:257 and :271 (acquire), rest/request.go:729 (the
    // throttled logger, at most once per 10 s at -v=0), with klog's header.
    const s = session();
    const w = s.world;
    run(s, 'sleep 5');
    const leader = leaderOf(w.controllerManagers)!;
    const standby = Object.keys(w.controllerManagers).find((h) => h !== leader)!;
    const logs = (pod: string) => run(s, `kubectl logs -n kube-system ${pod}`).out.trimEnd().split('\n');
    const klog = /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 /;
    const leaderLines = logs(`kube-controller-manager-${leader}`);
    expect(leaderLines.every((l) => klog.test(l))).toBe(true);
    expect(leaderLines.map((l) => l.replace(klog, ''))).toEqual([
      'leaderelection.go:257] attempting to acquire leader lease kube-system/kube-controller-manager...',
      'leaderelection.go:271] successfully acquired lease kube-system/kube-controller-manager',
    ]);
    // A standby keeps trying and says nothing more.
    expect(logs(`kube-controller-manager-${standby}`).map((l) => l.replace(klog, ''))).toEqual(['leaderelection.go:257] attempting to acquire leader lease kube-system/kube-controller-manager...']);
    // 60 replicas at 20 QPS after a burst of 30: the ReplicaSet controller waits over a second.
    run(s, 'kubectl create deployment web --image=nginx --replicas=60');
    run(s, 'sleep 5');
    const throttled = logs(`kube-controller-manager-${leader}`).filter((l) => l.includes('request.go:729]'));
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.replace(klog, '')).toMatch(/^request\.go:729\] Waited for \d+(\.\d+)?s due to client-side throttling, not priority and fairness, request: POST:https:\/\/10\.0\.0\.1\d:6443\/api\/v1\/namespaces\/default\/pods$/);
  });

  it('etcd logs raft\'s election in its container log as etcd 3.5 does (zap JSON, logger "raft")', () => {
    // raft v3.5.16 raft.go/node.go Infof texts through etcdserver/zap_raft.go (NewRaftLoggerZap of
    // the logger named "raft": every line's caller is the wrapper's Infof, line 77); timestamps
    // in client/pkg/logutil/zap.go's "2006-01-02T15:04:05.000000Z0700".
    const s = session();
    const w = s.world;
    run(s, 'sleep 5');
    const leader = ['cp-1', 'cp-2', 'cp-3'].find((h) => w.etcd[h]!.raft?.role === 'leader')!;
    const other = ['cp-1', 'cp-2', 'cp-3'].find((h) => h !== leader)!;
    const id = w.etcd[other]!.raft!.id;
    const oldLeaderId = w.etcd[leader]!.raft!.id;
    run(s, `sim crash ${leader}`);
    run(s, 'sleep 5');
    const container = w.bound[other]!['etcd']!.slice(0, 13);
    const lines = run(s, `ssh ${other} crictl logs ${container}`).out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['level', 'ts', 'logger', 'caller', 'msg']);
      expect(l['logger']).toBe('raft');
      expect(l['ts']).toMatch(/^2026-11-22T\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    const msgs = lines.map((l) => l['msg']!);
    // Pre-vote is on (etcd 3.5's --pre-vote default): a pre-candidate first, then the election.
    const term = (re: RegExp) => msgs.find((m) => re.test(m));
    expect(term(new RegExp(`^${id} is starting a new election at term \\d+$`))).toBeDefined();
    expect(term(new RegExp(`^${id} became pre-candidate at term \\d+$`))).toBeDefined();
    expect(term(new RegExp(`^raft\\.node: ${id} lost leader ${oldLeaderId} at term \\d+$`))).toBeDefined();
    const newLeader = ['cp-1', 'cp-2', 'cp-3'].filter((h) => h !== leader).find((h) => w.etcd[h]!.raft?.role === 'leader')!;
    const elected = w.etcd[newLeader]!.raft!.id;
    expect(msgs.at(-1)).toBe(`raft.node: ${id} elected leader ${elected} at term ${w.etcd[other]!.raft!.term}`);
  });
});
