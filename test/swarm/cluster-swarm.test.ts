/**
 * Seeded swarm runs of the whole control plane (TigerBeetle VOPR style, like raft-swarm): an
 * `ha` cluster runs a 4-replica Deployment while a random schedule crashes and boots control
 * plane and worker hosts, partitions the network and heals it, and clients keep creating
 * ConfigMaps through the apiservers. Every virtual second the run checks:
 *
 *   one node per pod        a pod (uid) is bound to one node for its whole life, in every
 *                           apiserver's view, and no two nodes run the same pod at once
 *   resourceVersion order   an apiserver never shows an object at an older resourceVersion
 *                           than it showed before (resourceVersion = etcd mod_revision)
 *   no acknowledged write   every create that was answered 201 is in etcd at the end
 *   lost
 *
 * Then everything heals and the ReplicaSet must converge: four Running, Ready pods. And the
 * networking issue's invariant: once kube-proxy's periods have passed, every node's IPVS table
 * sends the `web` Service's traffic to exactly its Ready pods, each one running where the
 * apiserver says — no request can reach a pod that is not ready (pkg/proxy/ipvs/proxier.go
 * syncEndpoint keeps only ready endpoints; the Service has no publishNotReadyAddresses).
 * A failing run prints its seed; failing seeds are pinned in PINNED_SEEDS.
 */
import { describe, expect, it } from 'vitest';
import { deriveStream, nextInt, pick, type PrngState } from '../../src/kernel/index.ts';
import { createWorld } from '../../src/simulation/presets.ts';
import { bootHost, closeCall, crashHost, durableOf, startKubeCall, stepWorld, type ClientCall, type World } from '../../src/simulation/world.ts';
import { range } from '../../src/cluster/etcd/mvcc/store.ts';
import type { ApiResponse, KubeObject } from '../../src/cluster/apiserver/messages.ts';
import { createSession, jobText, runToCompletion } from '../../src/shell/session.ts';
import { runningPods } from '../../src/simulation/podnet.ts';

const PINNED_SEEDS: number[] = [];
const RANDOM_SEEDS = Number(process.env['SWARM_SEEDS'] ?? 8);
const FIRST_SEED = Number(process.env['SWARM_FIRST_SEED'] ?? 2000);
const CP = ['cp-1', 'cp-2', 'cp-3'];
const WORKERS = ['worker-1', 'worker-2', 'worker-3'];
const REPLICAS = 4;

interface Observer {
  boundTo: Map<string, string>;
  lastRv: Map<string, number>;
  acked: Set<string>;
  pending: { call: ClientCall; name: string }[];
  writes: number;
}

function objects(w: World, host: string): IterableIterator<[string, KubeObject]> | [] {
  const a = w.apiservers[host];
  return a && a.status === 'running' && w.hosts[host]!.up ? a.cache.objects.entries() : [];
}

/** The invariants over what the apiservers and nodes show right now; the first violation, if any. */
function observe(w: World, o: Observer): string | undefined {
  for (const host of CP) {
    for (const [key, obj] of objects(w, host)) {
      const rv = Number(obj.metadata?.resourceVersion ?? 0);
      const seen = o.lastRv.get(`${host}|${key}`);
      if (seen !== undefined && rv < seen) return `resourceVersion went back on ${host}: ${key} ${seen} → ${rv}`;
      o.lastRv.set(`${host}|${key}`, rv);
      if (obj.kind !== 'Pod') continue;
      const node = (obj['spec'] as { nodeName?: string } | undefined)?.nodeName;
      const uid = obj.metadata?.uid ?? '';
      if (!node) continue;
      const before = o.boundTo.get(uid);
      if (before && before !== node) return `pod ${key} (${uid}) bound to ${before} and then to ${node}`;
      o.boundTo.set(uid, node);
    }
  }
  const runningOn = new Map<string, string>();
  for (const run of runningPods(w)) {
    const other = runningOn.get(run.uid);
    if (other) return `pod ${run.key} (${run.uid}) runs on ${other} and ${run.host}`;
    runningOn.set(run.uid, run.host);
  }
  for (const p of o.pending.splice(0)) {
    if (p.call.state !== 'done') {
      o.pending.push(p);
      continue;
    }
    const resp = p.call.responses[0] as ApiResponse | undefined;
    if (resp?.ok) o.acked.add(p.name);
    closeCall(w, p.call.port);
  }
  return undefined;
}

function inject(w: World, prng: PrngState): void {
  const kind = pick(prng, ['crash', 'crash', 'boot', 'boot', 'boot', 'partition', 'heal']);
  const host = pick(prng, [...CP, ...WORKERS]);
  switch (kind) {
    case 'crash':
      crashHost(w, host);
      return;
    case 'boot':
      bootHost(w, host);
      return;
    case 'partition': {
      const all = [...CP, ...WORKERS];
      const side = all.filter(() => nextInt(prng, 0, 2) === 0);
      if (side.length > 0 && side.length < all.length) w.network.partition = [side, all.filter((h) => !side.includes(h))];
      return;
    }
    case 'heal':
      w.network.partition = [];
      return;
  }
}

/** A client creating a ConfigMap through one apiserver; it is acknowledged if the answer is 201. */
function write(w: World, prng: PrngState, o: Observer): void {
  const from = pick(prng, CP);
  if (!w.hosts[from]!.up) return;
  const name = `swarm-${o.writes++}`;
  const body: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: name } };
  const call = startKubeCall(w, from, [{ label: `${from}:6443`, host: from }], { verb: 'create', resource: 'configmaps', namespace: 'default', body }, 30_000);
  o.pending.push({ call, name });
}

/** Runs every event up to `untilMs`, checking the invariants each virtual second. */
function runUntil(w: World, untilMs: number, o: Observer, prng: PrngState | null): string | undefined {
  let nextCheck = w.kernel.now;
  let nextFault = prng ? w.kernel.now + nextInt(prng, 2000, 12_000) : Infinity;
  let nextWrite = prng ? w.kernel.now + nextInt(prng, 500, 3000) : Infinity;
  while (w.kernel.now < untilMs) {
    const stop = Math.min(untilMs, nextCheck, nextFault, nextWrite);
    while (w.kernel.now < stop && stepWorld(w, stop));
    if (w.kernel.now >= nextCheck) {
      const v = observe(w, o);
      if (v) return `${v} at ${w.kernel.now} ms`;
      nextCheck = w.kernel.now + 1000;
    }
    if (prng && w.kernel.now >= nextFault) {
      inject(w, prng);
      nextFault = w.kernel.now + nextInt(prng, 2000, 12_000);
    }
    if (prng && w.kernel.now >= nextWrite) {
      write(w, prng, o);
      nextWrite = w.kernel.now + nextInt(prng, 500, 3000);
    }
  }
  return undefined;
}

/** The Ready web pods' IPs as the apiserver shows them. */
function readyWebPodIps(w: World): Set<string> {
  const host = CP.find((h) => w.apiservers[h]?.status === 'running' && w.apiservers[h]!.cache.ready);
  const ips = new Set<string>();
  if (!host) return ips;
  for (const obj of w.apiservers[host]!.cache.objects.values()) {
    if (obj.kind !== 'Pod' || obj.metadata?.labels?.['app'] !== 'web' || obj.metadata.deletionTimestamp) continue;
    const status = obj['status'] as { podIP?: string; conditions?: { type: string; status: string }[] } | undefined;
    if (status?.podIP && status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ips.add(status.podIP);
  }
  return ips;
}

/** Every node's IPVS destinations (weight > 0) for the Service must be exactly its Ready pods. */
function ipvsMatchesReadyPods(w: World, clusterIP: string): string | undefined {
  const ready = readyWebPodIps(w);
  for (const host of [...CP, ...WORKERS]) {
    if (w.kubeProxies[host]?.status !== 'running') return `kube-proxy is not running on ${host} after healing`;
    const vs = w.ipvs[host]?.table.virtualServers.get(`${clusterIP}:80/TCP`);
    const dests = new Set((vs?.realServers ?? []).filter((r) => r.weight > 0).map((r) => r.address));
    const want = [...ready].sort().join(' ');
    const got = [...dests].sort().join(' ');
    if (want !== got) return `IPVS on ${host} sends ${clusterIP}:80 to [${got}], the Ready web pods are [${want}]`;
  }
  return undefined;
}

function readyWebPods(w: World): number {
  const host = CP.find((h) => w.apiservers[h]?.status === 'running' && w.apiservers[h]!.cache.ready);
  if (!host) return 0;
  let n = 0;
  for (const obj of w.apiservers[host]!.cache.objects.values()) {
    if (obj.kind !== 'Pod' || obj.metadata?.labels?.['app'] !== 'web' || obj.metadata.deletionTimestamp) continue;
    const status = obj['status'] as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
    if (status?.phase === 'Running' && status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) n++;
  }
  return n;
}

export function runClusterSwarm(seed: number, opts: { faultPhaseMs: number; convergeMs: number }): { violation?: string; acked: number; writes: number } {
  const w = createWorld({ preset: 'ha', seed });
  const s = createSession(w, 'cp-1');
  const created = jobText(runToCompletion(s, `kubectl create deployment web --image=nginx --replicas=${REPLICAS}`));
  if (!created.includes('created')) return { violation: `setup: ${created}`, acked: 0, writes: 0 };
  const exposed = jobText(runToCompletion(s, 'kubectl expose deployment web --port=80'));
  if (!exposed.includes('exposed')) return { violation: `setup: ${exposed}`, acked: 0, writes: 0 };
  const clusterIP = jobText(runToCompletion(s, "kubectl get svc web -o jsonpath='{.spec.clusterIP}'")).trim();
  runToCompletion(s, 'sleep 15');
  const o: Observer = { boundTo: new Map(), lastRv: new Map(), acked: new Set(), pending: [], writes: 0 };
  const prng = deriveStream(seed, 'cluster-swarm/faults');
  const faultStart = w.kernel.now;
  let v = runUntil(w, faultStart + opts.faultPhaseMs, o, prng);
  if (v) return { violation: v, acked: o.acked.size, writes: o.writes };
  // Heal: boot everything, remove the partition, and give the cluster time to converge.
  w.network.partition = [];
  for (const h of [...CP, ...WORKERS]) bootHost(w, h);
  const deadline = w.kernel.now + opts.convergeMs;
  while (w.kernel.now < deadline && readyWebPods(w) !== REPLICAS) {
    v = runUntil(w, w.kernel.now + 5000, o, null);
    if (v) return { violation: v, acked: o.acked.size, writes: o.writes };
  }
  // Let the last answers arrive, then every acknowledged create must be in etcd.
  v = runUntil(w, w.kernel.now + 35_000, o, null);
  if (v) return { violation: v, acked: o.acked.size, writes: o.writes };
  const ready = readyWebPods(w);
  if (ready !== REPLICAS) return { violation: `liveness: ${ready}/${REPLICAS} web pods Running and Ready ${opts.convergeMs} ms after healing`, acked: o.acked.size, writes: o.writes };
  // kube-proxy converges within its own bounds: a list lost in a partition fails when the HTTP/2
  // health check gives up on its connection (30 s idle + 15 s ping), the reflector backs off (at
  // most 30 s) and lists again, and the proxier syncs at most a second later. Two minutes covers it.
  let routed = ipvsMatchesReadyPods(w, clusterIP);
  for (const until = w.kernel.now + 120_000; routed && w.kernel.now < until; routed = ipvsMatchesReadyPods(w, clusterIP)) {
    v = runUntil(w, w.kernel.now + 5000, o, null);
    if (v) return { violation: v, acked: o.acked.size, writes: o.writes };
  }
  if (routed) return { violation: `${routed}, 2 minutes after the cluster converged`, acked: o.acked.size, writes: o.writes };
  const leader = CP.find((h) => w.etcd[h]?.raft?.role === 'leader');
  if (!leader) return { violation: 'liveness: no etcd leader after healing', acked: o.acked.size, writes: o.writes };
  const store = durableOf(w, w.etcd[leader]!)!.mvcc;
  const stored = range(store, '/registry/configmaps/default/', { rangeEnd: '/registry/configmaps/default0' });
  const keys = new Set('kvs' in stored ? stored.kvs.map((kv) => kv.key.slice('/registry/configmaps/default/'.length)) : []);
  for (const name of o.acked) if (!keys.has(name)) return { violation: `acknowledged create of configmap ${name} is not in etcd`, acked: o.acked.size, writes: o.writes };
  return { acked: o.acked.size, writes: o.writes };
}

describe('Cluster swarm: control-plane invariants under host crashes and partitions', () => {
  const seeds = [...new Set([...PINNED_SEEDS, ...Array.from({ length: RANDOM_SEEDS }, (_, i) => FIRST_SEED + i)])];
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const result = runClusterSwarm(seed, { faultPhaseMs: 120_000, convergeMs: 240_000 });
      if (result.violation) console.error(`cluster swarm failure: SEED=${seed}: ${result.violation}\nreproduce: SWARM_FIRST_SEED=${seed} SWARM_SEEDS=1 npx vitest run test/swarm/cluster-swarm.test.ts`);
      expect(result.violation, `SEED=${seed}`).toBeUndefined();
      // The run must have exercised writes, some of them acknowledged.
      expect(result.acked, `SEED=${seed}`).toBeGreaterThan(0);
    });
  }
});
