/**
 * Client-side rate limiting in the cluster. kube-controller-manager gives each controller a
 * clientset of its own (ControllerClientBuilder.ClientOrDie) made from its --kube-api-qps=20 and
 * --kube-api-burst=30 (k8s.io/controller-manager config/v1alpha1 defaults.go), and every request
 * waits on that clientset's token bucket (client-go rest.Request.tryThrottle). The ReplicaSet
 * controller's pod creates and its Events share one bucket. A Deployment of 100 replicas
 * therefore gets 30 requests at once and then 20 a second, and its pods appear over about five
 * seconds, not all at once. A wait over a second is logged by client-go with the text below
 * (rest/request.go tryThrottleWithInfo, extraLongThrottleLatency).
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';
import { stepWorld } from '../src/simulation/world.ts';

describe('client-side throttling', () => {
  it("the ReplicaSet controller creates 100 pods at kube-controller-manager's 30 burst, then 20 a second", () => {
    const { w, run } = testShell({ preset: 'single', seed: 3 });
    const id0 = w.kernel.trace.nextId;
    expect(run('kubectl create deployment web --image=nginx:1.27 --replicas=100').out).toBe('deployment.apps/web created\n');
    const end = w.kernel.now + 20_000;
    while (stepWorld(w, end));
    const records = w.kernel.trace.records.filter((r) => r.id >= id0);
    const podCreates = records.filter((r) => r.kind === 'apiserver.write' && /^created pods\/default\/web-/.test(r.summary)).map((r) => r.t);
    expect(podCreates).toHaveLength(100);
    // The controller's requests (creates and SuccessfulCreate Events) never outrun the bucket:
    // by t ms after the first, at most 30 + 20·t/1000 pods.
    const first = podCreates[0]!;
    for (const [i, t] of podCreates.entries()) expect(i + 1, `pod ${i + 1} at +${t - first} ms`).toBeLessThanOrEqual(30 + Math.floor((20 * (t - first)) / 1000) + 1);
    // 70 creates past the burst take at least 3.5 s; the Events sharing the bucket make it longer.
    expect(podCreates[99]! - first).toBeGreaterThanOrEqual(3500);
    expect(podCreates[99]! - first).toBeLessThan(10_000);
    const throttled = records.filter((r) => r.kind === 'client.throttle' && r.source === 'cp-1/kube-controller-manager');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]!.summary).toMatch(/^Waited for \d+(\.\d+)?s due to client-side throttling, not priority and fairness, request: POST:https:\/\/[^/]+:6443\/api\/v1\/namespaces\/default\/(pods|events)$/);
    expect(run('kubectl get deploy web --no-headers').out).toMatch(/^web\s+100\/100\s+100\s+100\s/);
  });

  it('a Deployment of 3 replicas is not held back: its requests fit in the burst', () => {
    const { w, run } = testShell({ preset: 'single', seed: 3 });
    const id0 = w.kernel.trace.nextId;
    run('kubectl create deployment small --image=nginx:1.27 --replicas=3');
    const end = w.kernel.now + 10_000;
    while (stepWorld(w, end));
    const records = w.kernel.trace.records.filter((r) => r.id >= id0);
    const creates = records.filter((r) => r.kind === 'apiserver.write' && /^created pods\/default\/small-/.test(r.summary)).map((r) => r.t);
    expect(creates).toHaveLength(3);
    expect(creates[2]! - creates[0]!).toBeLessThan(50);
    expect(records.some((r) => r.kind === 'client.throttle')).toBe(false);
  });
});
