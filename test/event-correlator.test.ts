/**
 * Events as a real cluster records them: every legacy Event goes through client-go's
 * EventCorrelator (staging/src/k8s.io/client-go/tools/record/events_cache.go). A ReplicaSet that
 * creates many pods at once shows 9 `Created pod:` Events and one
 * `(combined from similar events): Created pod: …` Event (defaultAggregateMaxEvents = 10), whose
 * count stops at 16 because the replicaset-controller may send only 25 Events about one object
 * at once (defaultSpamBurst = 25, then one per 5 minutes) — the form kubernetes/kubernetes#88851
 * quotes from `kubectl describe rs`:
 * `Normal  SuccessfulCreate  70s (x243 over 4h39m)  replicaset-controller  (combined from similar events): Created pod: …`.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';

describe('the event correlator in a cluster', () => {
  it('kubectl describe rs of a 30-replica ReplicaSet: 9 Created pod Events and one combined (x16)', () => {
    const { run } = testShell({ preset: 'single', seed: 5 });
    expect(run('kubectl create deployment web --image=nginx --replicas=30').code).toBe(0);
    run('sleep 5');
    const events = run('kubectl describe rs').out.split('Events:')[1]!.split('\n').filter((l) => l.includes('SuccessfulCreate'));
    expect(events).toHaveLength(10);
    expect(events.slice(0, 9).every((l) => /replicaset-controller {2}Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/.test(l))).toBe(true);
    expect(events[9]).toMatch(/ 5s \(x16 over 5s\) +replicaset-controller +\(combined from similar events\): Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/);
    // All 30 pods were created: only the Events were dropped.
    expect(run('kubectl get pods --no-headers').out.trim().split('\n')).toHaveLength(30);
  });

  it('a crash-looping pod: BackOff counts up once per pod worker sync, 10 s apart, until the kubelet\'s 25-Event budget for the pod is spent', () => {
    // pod_workers.go completeWork requeues a failed sync after backOffPeriod (10 s); each sync that
    // finds the container still backing off records BackOff again (kuberuntime_manager.go
    // doBackOff). Back-offs 10, 20, 40, 80 s: 1 + 2 + 4 BackOff Events before the fourth restart
    // (72 s), then 2 more by 90 s.
    const { run } = testShell({ preset: 'single', seed: 3 });
    run('kubectl run crash --image=busybox:1.36 -- sh -c "exit 1"');
    const backOff = () => run('kubectl describe pod crash').out.split('\n').find((l) => l.includes('Back-off restarting failed container crash'));
    run('sleep 30');
    expect(backOff()).toMatch(/Warning +BackOff +\d+s \(x3 over 2\ds\) +kubelet +Back-off restarting failed container crash in pod crash_default\([0-9a-f-]{36}\)$/);
    run('sleep 60');
    expect(backOff()).toMatch(/\(x9 over 8\ds\)/);
    // By then the kubelet has sent 25 Events about the pod (Pulling, Pulled, 5 Created, 5 Started,
    // 4 "already present", 9 BackOff): the spam filter lets one more through per 5 minutes, so the
    // count stands still though the kubelet keeps counting...
    run('sleep 120');
    expect(backOff()).toMatch(/\(x9 over /);
    expect(run('kubectl get pod crash --no-headers').out).toMatch(/CrashLoopBackOff +5 /);
    // ...and the next Event let through carries every BackOff counted meanwhile.
    run('sleep 150');
    const count = Number(/\(x(\d+) over/.exec(backOff() ?? '')?.[1]);
    expect(count).toBeGreaterThan(20);
  });
});
