/**
 * kube-apiserver on etcd (issue 3, first increment): objects live in etcd under /registry
 * (reference §9.7), resourceVersion is the key's etcd mod_revision, creates are conditional on
 * the key not existing, and with etcd's quorum gone requests fail after etcd's timeouts.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { createSession, jobText, runToCompletion, type Session } from '../src/shell/session.ts';
import { durableOf } from '../src/simulation/world.ts';
import { range } from '../src/cluster/etcd/mvcc/store.ts';

function session(seed = 21): Session {
  const w = createWorld({ preset: 'ha', seed });
  return createSession(w, 'cp-1');
}

function run(s: Session, line: string) {
  const job = runToCompletion(s, line);
  return { out: jobText(job), code: job.exitCode, at: s.world.kernel.now };
}

describe('kube-apiserver on etcd', () => {
  it('bootstraps the system namespaces into etcd at /registry/namespaces/<name>', () => {
    const s = session();
    const d = durableOf(s.world, s.world.etcd['cp-2']!)!;
    const r = range(d.mvcc, '/registry/namespaces/', { rangeEnd: '/registry/namespaces0', keysOnly: true });
    // The four the apiserver bootstraps, and kube-flannel from kube-flannel.yml, applied at boot.
    expect('kvs' in r && r.kvs.map((kv) => kv.key)).toEqual(['/registry/namespaces/default', '/registry/namespaces/kube-flannel', '/registry/namespaces/kube-node-lease', '/registry/namespaces/kube-public', '/registry/namespaces/kube-system']);
  });

  it('reports the etcd mod_revision of the key as resourceVersion', () => {
    const s = session();
    expect(run(s, 'kubectl create configmap app --from-literal=a=1').code).toBe(0);
    const rv = /resourceVersion: "(\d+)"/.exec(run(s, 'kubectl get configmap app -o yaml').out)?.[1];
    const etcd = run(s, 'etcdctl get /registry/configmaps/default/app -w json').out;
    expect(JSON.parse(etcd).kvs[0].mod_revision).toBe(Number(rv));
  });

  it('refuses a second create of the same name (AlreadyExists) and changes nothing', () => {
    const s = session();
    run(s, 'kubectl create namespace team-a');
    const before = run(s, 'etcdctl get /registry/namespaces/team-a -w json').out;
    const again = run(s, 'kubectl create namespace team-a');
    expect(again.code).toBe(1);
    expect(again.out).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    expect(JSON.parse(run(s, 'etcdctl get /registry/namespaces/team-a -w json').out).kvs).toEqual(JSON.parse(before).kvs);
  });

  it('without etcd quorum a write fails after etcd\'s 7 s request timeout, and nothing is stored', () => {
    const s = session();
    run(s, 'sim crash cp-2');
    run(s, 'sim crash cp-3');
    run(s, 'sleep 3');
    const t0 = s.world.kernel.now;
    // Asked of cp-1's apiserver directly: through the VIP, HAProxy may first spend its connect
    // timeouts on the dead hosts (ha-front.test.ts covers that path).
    const r = run(s, 'kubectl --server=https://10.0.0.11:6443 create namespace during-outage');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Error from server: /);
    expect(r.at - t0).toBeGreaterThanOrEqual(7000);
    expect(r.at - t0).toBeLessThan(7100);
    run(s, 'sim boot cp-2');
    run(s, 'sleep 5');
    expect(run(s, 'kubectl get namespace during-outage').out).toContain('NotFound');
  });
});
