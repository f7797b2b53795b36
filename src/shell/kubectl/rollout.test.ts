/**
 * kubectl rollout pause / resume (polymorphichelpers objectpauser.go, objectresumer.go: spec.paused,
 * "is already paused" / "is not paused"), and what kubectl says for commands a cluster without
 * metrics-server cannot serve (top.go: "Metrics API not available") or that k8sim does not model.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../testing.ts';

describe('kubectl rollout pause / resume', () => {
  const { run } = testShell({ preset: 'single', seed: 9 });

  it('holds a rollout while paused (no new ReplicaSet for a changed template) and lets it go on resume', () => {
    run('kubectl apply -f https://k8s.io/examples/controllers/nginx-deployment.yaml');
    run('sleep 15');
    expect(run('kubectl rollout pause deployment/nginx-deployment')).toEqual({ out: 'deployment.apps/nginx-deployment paused\n', code: 0 });
    expect(run('kubectl rollout pause deployment/nginx-deployment')).toEqual({ out: 'error: deployments.apps "nginx-deployment" is already paused\n', code: 1 });
    run('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1');
    run('sleep 10');
    expect(run('kubectl get rs -o name').out.trim().split('\n')).toHaveLength(1);
    expect(run("kubectl get deployment nginx-deployment -o jsonpath='{.status.conditions[?(@.type==\"Progressing\")].reason}'").out).toBe('DeploymentPaused');
    expect(run('kubectl rollout resume deployment/nginx-deployment')).toEqual({ out: 'deployment.apps/nginx-deployment resumed\n', code: 0 });
    expect(run('kubectl rollout status deployment/nginx-deployment').out).toMatch(/successfully rolled out\n$/);
    expect(run('kubectl get rs -o name').out.trim().split('\n')).toHaveLength(2);
    expect(run('kubectl rollout resume deployment/nginx-deployment')).toEqual({ out: 'error: deployments.apps "nginx-deployment" is not paused\n', code: 1 });
  });

  it('rollout history --revision prints that revision\'s template as history.go does (DescribePodTemplate, no tabwriter)', () => {
    run('kubectl annotate deployment/nginx-deployment kubernetes.io/change-cause="image updated to 1.16.1" --overwrite');
    const out = run('kubectl rollout history deployment/nginx-deployment --revision=2');
    expect(out.code).toBe(0);
    expect(out.out).toMatch(/^deployment\.apps\/nginx-deployment with revision #2\nPod Template:\n  Labels:\tapp=nginx\n\tpod-template-hash=[a-z0-9]+\n/);
    expect(out.out).toContain('  Containers:\n   nginx:\n    Image:\tnginx:1.16.1\n    Port:\t80/TCP\n');
    expect(out.out.endsWith('  Tolerations:\t<none>\n\n')).toBe(true);
    expect(run('kubectl rollout history deployment/nginx-deployment --revision=7')).toEqual({ out: 'error: unable to find the specified revision\n', code: 1 });
  });

  it('top has no Metrics API to ask; real commands k8sim lacks say so instead of "unknown command"', () => {
    expect(run('kubectl top pods')).toEqual({ out: 'error: Metrics API not available\n', code: 1 });
    expect(run('kubectl port-forward svc/web 8080:80')).toEqual({ out: 'error: k8sim does not model "kubectl port-forward" yet\n', code: 1 });
    expect(run('kubectl autoscale deployment/web --min=2 --max=5')).toEqual({ out: 'error: k8sim does not model "kubectl autoscale" yet\n', code: 1 });
    expect(run('kubectl create secret generic s --from-literal=a=b')).toEqual({ out: 'error: k8sim does not model "kubectl create secret" yet (no Secrets yet)\n', code: 1 });
    expect(run("kubectl create cronjob c --image=busybox:1.36 --schedule='* * * * *' -- date").out).toContain('k8sim does not model "kubectl create cronjob" yet');
    expect(run('kubectl frobnicate').out).toBe('error: unknown command "frobnicate" for "kubectl"\nRun \'kubectl --help\' for usage.\n');
  });
});
