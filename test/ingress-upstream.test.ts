/**
 * ingress-nginx when an upstream peer cannot be reached. Its defaults (docs
 * user-guide/nginx-configuration/configmap.md): proxy-connect-timeout 5 s, proxy-next-upstream
 * "error timeout", proxy-next-upstream-tries 3; its balancer.lua asks for one more try at every
 * balance (`ngx_balancer.set_more_tries(1)`), and the round robin hands the retry to the next peer.
 * So a peer behind a partition costs 5 s and the next peer answers; an upstream whose every try
 * times out is a 504 after 3 × 5 s.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../src/shell/testing.ts';

const INGRESS_URL = 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.14.3/deploy/static/provider/baremetal/deploy.yaml';

function pinnedPod(name: string, node: string): string {
  return `kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: echo}}
spec:
  nodeName: ${node}
  containers:
  - name: agnhost
    image: registry.k8s.io/e2e-test-images/agnhost:2.52
    args: [serve-hostname]
EOF`;
}

describe('ingress-nginx: the next upstream after a connect timeout', () => {
  it('waits 5 s on a peer it cannot reach, then the next peer answers; with none left, 504 after 3 tries', () => {
    const { w, run } = testShell({ preset: 'single', seed: 7 });
    expect(run(`kubectl apply -f ${INGRESS_URL}`).code).toBe(0);
    // The controller runs on worker-1 on this seed (see interaction/testdata/ingress.txt).
    expect(run(pinnedPod('near', 'worker-1')).code).toBe(0);
    expect(run(pinnedPod('far', 'worker-2')).code).toBe(0);
    expect(run('kubectl create service clusterip echo --tcp=80:9376').code).toBe(0);
    expect(run("kubectl create ingress echo --class=nginx --rule='echo.example.com/*=echo:80'").code).toBe(0);
    run('kubectl wait --namespace ingress-nginx --for=condition=ready pod --selector=app.kubernetes.io/component=controller --timeout=120s');
    expect(run('kubectl get pods -n ingress-nginx -o wide').out).toContain('worker-1');
    run('sleep 10');
    const nodePort = run("kubectl get svc ingress-nginx-controller -n ingress-nginx -o jsonpath='{.spec.ports[0].nodePort}'").out.trim();
    const get = () => {
      const before = w.kernel.now;
      const r = run(`curl -s -o /dev/null -w '%{http_code}' -H 'Host: echo.example.com' http://10.0.0.31:${nodePort}/`);
      return { out: r.out, waitedMs: w.kernel.now - before };
    };
    // Both peers reachable: answers come at once.
    expect([get(), get()].map((r) => r.out)).toEqual(['200', '200']);
    expect(run('sim partition worker-1 / worker-2').code).toBe(0);
    const tries = [get(), get()];
    expect(tries.map((r) => r.out)).toEqual(['200', '200']);
    // Every try takes the round robin's next peer, the first try and the retry alike. With two
    // peers each request uses two turns, so each one tries `far` first, waits out the connect
    // timeout, and gets its answer from `near` 5 s later, until the EndpointSlice drops `far`.
    expect(tries.map((r) => r.waitedMs)).toEqual([5000, 5000]);
    expect(run('kubectl delete pod near').code).toBe(0);
    run('sleep 5');
    const last = get();
    expect(last).toEqual({ out: '504', waitedMs: 15_000 });
  });
});
