/**
 * The node lifecycle timeline through the whole system (reference §3, "Simulator timeline for
 * kubelet stops"; K pkg/controller/nodelifecycle/node_lifecycle_controller.go and
 * pkg/controller/tainteviction): a worker dies; its Lease stops being renewed; after
 * --node-monitor-grace-period (50 s, +≤5 s monitor period) the node is NotReady with every
 * condition Unknown and the `unreachable` taints; its pods turn not Ready; 300 s later
 * (DefaultTolerationSeconds) they are deleted, sit in Terminating because no kubelet can finish
 * them, and the ReplicaSet has already replaced them elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { stepWorld } from '../src/simulation/world.ts';

describe('node lifecycle (kubelet stops)', () => {
  it('NotReady 50–55 s after the last heartbeat, pods evicted 300 s after the taint, replacements elsewhere', () => {
    const s = createSession(createWorld({ preset: 'ha', seed: 12 }), 'cp-1');
    const w = s.world;
    const run = (line: string) => jobText(runToCompletion(s, line));
    run('kubectl create deployment web --image=nginx --replicas=3');
    run('sleep 15');
    const podsOn = (node: string) => run('kubectl get pods -o wide --no-headers').split('\n').filter((l) => l.split(/\s+/)[6] === node);
    const victim = ['worker-1', 'worker-2', 'worker-3'].find((n) => podsOn(n).length > 0)!;
    const victimPods = podsOn(victim).map((l) => l.split(/\s+/)[0]!);
    expect(victimPods.length).toBeGreaterThan(0);

    run(`sim crash ${victim}`);
    const crashMs = w.kernel.now;
    // stepWorld runs one event; run every event up to a time.
    const advanceTo = (t: number) => {
      while (w.kernel.now < t && stepWorld(w, t));
    };
    const nodeReady = () => run(`kubectl get node ${victim} --no-headers`).split(/\s+/)[1];

    let notReadyAt: number | undefined;
    while (notReadyAt === undefined && w.kernel.now < crashMs + 70_000) {
      advanceTo(w.kernel.now + 1000);
      if (nodeReady() === 'NotReady') notReadyAt = w.kernel.now;
    }
    // The last renewal was at most 10 s before the crash; the grace period is 50 s and the
    // monitor runs every 5 s: NotReady between crash+40 s and crash+55 s (+ the read's latency).
    expect(notReadyAt! - crashMs).toBeGreaterThanOrEqual(40_000);
    expect(notReadyAt! - crashMs).toBeLessThanOrEqual(56_000);
    // The taints follow the status update (the tainting passes run on the next node event/tick).
    run('sleep 5');
    const node = run(`kubectl get node ${victim} -o yaml`);
    expect(node).toContain('reason: NodeStatusUnknown');
    expect(node).toContain('message: Kubelet stopped posting node status.');
    expect(node).toMatch(/- effect: NoSchedule\n\s+key: node\.kubernetes\.io\/unreachable/);
    expect(node).toMatch(/- effect: NoExecute\n\s+key: node\.kubernetes\.io\/unreachable\n\s+timeAdded:/);
    // Pods on the node get the Ready=False condition (MarkPodsNotReady), so endpoints drop them;
    // kubectl still prints `1/1 Running`: READY counts containerStatuses, which only a kubelet writes.
    for (const p of victimPods) {
      expect(run(`kubectl get pod ${p} --no-headers`).split(/\s+/).slice(1, 3)).toEqual(['1/1', 'Running']);
      expect(run(`kubectl get pod ${p} -o yaml`)).toMatch(/- lastProbeTime: null\n\s+lastTransitionTime: \S+\n\s+status: "False"\n\s+type: Ready/);
    }

    // tolerationSeconds 300 (DefaultTolerationSeconds admission) after the taint was added.
    run('sleep 290');
    for (const p of victimPods) expect(run(`kubectl get pod ${p} --no-headers`).split(/\s+/)[2]).toBe('Running');
    run('sleep 15');
    for (const p of victimPods) expect(run(`kubectl get pod ${p} --no-headers`).split(/\s+/)[2]).toBe('Terminating');
    expect(run('kubectl get events --field-selector reason=TaintManagerEviction --no-headers')).toContain(`Marking for deletion Pod default/${victimPods[0]}`);
    run('sleep 15');
    // The ReplicaSet replaced them on the live workers: three Running pods elsewhere.
    const running = run('kubectl get pods -o wide --no-headers').split('\n').filter((l) => / Running /.test(l) && !l.includes(victim));
    expect(running).toHaveLength(3);
  });
});
