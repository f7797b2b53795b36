/**
 * kubectl run -i [-t] [--rm] (k/kubectl pkg/cmd/run/run.go): the pod's output, then for
 * restartPolicy Never the wait for it to finish, `pod "NAME" deleted` with --rm, and the
 * container's exit code (`pod NS/NAME terminated (Error)`); the DNS pages' classic
 * `kubectl run -it --rm --restart=Never busybox --image=busybox:1.28 -- nslookup kubernetes.default`.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../testing.ts';

describe('kubectl run attached', () => {
  const { run } = testShell({ preset: 'single', seed: 12 });
  run('sleep 20');

  it('shows the output, deletes the pod with --rm, and exits with the container\'s code', () => {
    const ok = run('kubectl run -it --rm --restart=Never busybox --image=busybox:1.28 -- nslookup kubernetes.default');
    expect(ok.code).toBe(0);
    expect(ok.out).toBe("If you don't see a command prompt, try pressing enter.\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\npod \"busybox\" deleted\n");
    expect(run('kubectl get pod busybox').code).toBe(1);
    const failed = run("kubectl run oops --rm -i --image=busybox:1.36 --restart=Never -- sh -c 'echo bye; exit 3'");
    expect(failed).toEqual({ out: 'bye\npod "oops" deleted\npod default/oops terminated (Error)\n', code: 3 });
  });

  it('without --rm the finished pod stays; misuse is refused with run.go\'s words', () => {
    expect(run('kubectl run kept -i --image=busybox:1.36 --restart=Never -- echo kept')).toEqual({ out: 'kept\n', code: 0 });
    expect(run('kubectl get pod kept').out).toMatch(/kept\s+0\/1\s+Completed/);
    expect(run('kubectl run x --rm --image=busybox:1.36 -- true')).toEqual({ out: 'error: --rm should only be used for attached containers\n', code: 1 });
    expect(run('kubectl run y -t --image=busybox:1.36 -- true')).toEqual({ out: 'error: -i/--stdin is required for containers with -t/--tty=true\n', code: 1 });
    expect(run('kubectl run z -i --rm --image=nope:1 --restart=Never --pod-running-timeout=20s -- true')).toEqual({ out: 'error: timed out waiting for the condition\n', code: 1 });
    // An interactive shell (busybox's default CMD is sh) would wait for typed input: refused, nothing created.
    expect(run('kubectl run -it --rm sh1 --image=busybox:1.36').out).toMatch(/^error: k8sim does not model an interactive shell yet/);
    expect(run('kubectl run -it --rm sh2 --image=busybox:1.36 -- sh').code).toBe(1);
    expect(run('kubectl get pod sh1').code).toBe(1);
    expect(run('kubectl exec -it kept -- sh').out).toMatch(/^error: (k8sim does not model an interactive shell yet|cannot exec into a container in a completed pod)/);
  });
});
