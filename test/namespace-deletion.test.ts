/**
 * Deleting a namespace (pkg/controller/namespace/deletion/namespaced_resources_deleter.go): the
 * namespace goes Terminating, the namespace controller deletes everything in it, and once nothing
 * is left it removes the `kubernetes` finalizer and the namespace is gone
 * (https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace).
 *
 * The real deleter lists every resource through discovery; it watches nothing. Events in
 * particular are watched by no controller: the garbage collector ignores them
 * (garbagecollector.DefaultIgnoredResources: `{Group: "", Resource: "events"}`), so the
 * controller-manager holds no Event informer and lists the namespace's events when it empties it.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';

const LEASE = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: my-lock, namespace: demo}
spec: {holderIdentity: me, leaseDurationSeconds: 15}`;

describe('namespace deletion', () => {
  it('deletes the workloads, their Events and a Lease, then the namespace itself', () => {
    const { run } = testShell({ preset: 'single', seed: 5 });
    run('kubectl create namespace demo');
    run('kubectl -n demo create deployment web --image=nginx:1.27 --replicas=2');
    expect(run(`kubectl apply -f - <<EOF\n${LEASE}\nEOF`).out).toContain('created');
    run('sleep 20');
    expect(Number(run('etcdctl get /registry/events/demo/ --prefix --keys-only | grep -c demo').out)).toBeGreaterThan(5);

    expect(run('kubectl delete namespace demo --wait=false').out).toBe('namespace "demo" deleted\n');
    expect(run('kubectl get ns demo --no-headers').out).toMatch(/^demo\s+Terminating/);
    // No new content while it terminates (the NamespaceLifecycle admission plugin).
    expect(run('kubectl -n demo create configmap late').out).toContain('because it is being terminated');

    run('sleep 40');
    expect(run('kubectl get ns demo').out).toBe('Error from server (NotFound): namespaces "demo" not found\n');
    for (const prefix of ['events', 'leases', 'pods', 'deployments', 'replicasets']) {
      expect(run(`etcdctl get /registry/${prefix}/demo/ --prefix --keys-only`).out).toBe('');
    }
  });

  it('the controller-manager watches no Events: no controller reads them, and the garbage collector ignores them', () => {
    const { w, run } = testShell({ preset: 'single', seed: 5 });
    run('kubectl create deployment web --image=nginx:1.27');
    run('sleep 10');
    const kcm = w.controllerManagers['cp-1']!;
    expect(kcm.client.informers['pods']).toBeDefined();
    expect(Object.values(kcm.client.informers).map((i) => i.resource)).not.toContain('events');
    const watchedByKcm = [...w.apiservers['cp-1']!.cache.watchers.values()].filter((x) => x.client.port.startsWith('kube-controller-manager'));
    expect(watchedByKcm.length).toBeGreaterThan(5);
    expect(watchedByKcm.map((x) => x.resource)).not.toContain('events');
  });
});
