/**
 * Cluster-level benchmark rows (issue 3), comparable with the peer's figures in
 * /work/shared/reference/peer-webernetes-bench.md §2.2:
 *
 *  - kubectl creates per wall second: `kubectl create configmap` typed into a shell on cp-1,
 *    each one the whole real path (kubectl → the apiserver endpoint → apiserver → etcd Raft commit → 201).
 *  - scheduler framework only: `schedulePod` over NodeInfos (the scheduler's snapshot), pods
 *    popped from the real scheduling queue, each decision assumed onto its node as kube-scheduler
 *    does, so later pods see earlier ones (NodeResourcesFit, spreading scores).
 *  - full cluster: `kubectl create deployment --replicas=N` on an `ha` world with W worker hosts,
 *    until N pods are bound (scheduled) and until N are Running, wall and virtual.
 */
import { performance } from 'node:perf_hooks';
import type { Pod } from 'kubernetes-types/core/v1';
import { createWorld } from '../src/simulation/presets.ts';
import { stepWorld, type PresetName, type World } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { schedulePod, type NodeInfo } from '../src/cluster/scheduler/framework.ts';
import { addPod, createQueue, deletePod, popNext } from '../src/cluster/scheduler/queue.ts';
import { makeNode, makePod } from '../src/cluster/scheduler/testing.ts';

export interface Row {
  name: string;
  result: string;
  wallMs: number;
  virtualMs?: number;
  peer?: string;
}

/** (a) `kubectl create configmap` through the shell, `count` times. */
export function kubectlCreates(count: number): Row {
  const w = createWorld({ preset: 'ha', seed: 11, settleMs: 20_000 });
  const s = createSession(w, 'cp-1');
  const v0 = w.kernel.now;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const job = runToCompletion(s, `kubectl create configmap bench-${i} --from-literal=k=v${i}`);
    const out = jobText(job);
    if (!out.includes(`configmap/bench-${i} created`)) throw new Error(`create ${i} failed: ${out}`);
  }
  const wallMs = performance.now() - t0;
  return { name: `kubectl create configmap ×${count} (ha, sequential)`, result: `${((count / wallMs) * 1000).toFixed(0)} /wall s`, wallMs, virtualMs: w.kernel.now - v0, peer: 'no kubectl' };
}

/** (b1) The scheduling framework alone: `pods` pods onto `nodes` NodeInfos. */
export function frameworkSchedule(pods: number, nodes: number, budgetMs = 30_000): Row {
  const infos: NodeInfo[] = Array.from({ length: nodes }, (_, i) => ({ node: makeNode(`node-${String(i).padStart(4, '0')}`, { cpu: '16', memory: '64Gi', pods: '110' }), pods: [] }));
  const byKey = new Map<string, Pod>();
  const q = createQueue();
  for (let i = 0; i < pods; i++) {
    const p = makePod(`web-${i}`, { cpu: '100m', memory: '128Mi', labels: { app: 'web' } });
    byKey.set(`default/web-${i}`, p);
    addPod(q, `default/web-${i}`, 0);
  }
  let seed = 1;
  const pickIndex = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  let next = 0;
  let bound = 0;
  const t0 = performance.now();
  for (let key = popNext(q, 0); key !== undefined; key = popNext(q, 0)) {
    if (performance.now() - t0 > budgetMs) break;
    const pod = byKey.get(key)!;
    const r = schedulePod(pod, infos, { nextStartNodeIndex: next, pickIndex });
    next = r.nextStartNodeIndex;
    if (r.kind !== 'scheduled') throw new Error(`${key}: ${r.message}`);
    // Assume: the pod now counts on its node (kube-scheduler's cache.AssumePod).
    const info = infos.find((ni) => ni.node.metadata!.name === r.node)!;
    info.pods.push({ ...pod, spec: { ...pod.spec!, nodeName: r.node } });
    deletePod(q, key); // bound: it leaves the queue (kube-scheduler's Done + delete on bind)
    bound++;
  }
  const wallMs = performance.now() - t0;
  const rate = `${((bound / wallMs) * 1000).toFixed(0)} pods/wall s`;
  const name = `framework+queue: ${pods} pods on ${nodes} nodes`;
  if (bound < pods) return { name: `${name} (${bound} in ${budgetMs / 1000} s budget)`, result: rate, wallMs, peer: 'n/a' };
  return { name, result: rate, wallMs, peer: 'n/a' };
}

function podsIn(w: World): Pod[] {
  for (const host of ['cp-1', 'cp-2', 'cp-3']) {
    const a = w.apiservers[host];
    if (!a || a.status !== 'running' || !a.cache.ready) continue;
    const out: Pod[] = [];
    for (const obj of a.cache.objects.values()) if (obj.kind === 'Pod' && (obj.metadata?.labels as Record<string, string> | undefined)?.['app'] === 'web') out.push(obj as unknown as Pod);
    return out;
  }
  return [];
}

/** (b2) The whole cluster: a Deployment of `replicas` onto `workers` worker hosts. */
export function clusterSchedule(replicas: number, workers: number, peer: string): Row[] {
  const tb = performance.now();
  const w = createWorld({ preset: 'ha', seed: 5, workers, settleMs: 20_000 });
  const bootWall = performance.now() - tb;
  const s = createSession(w, 'cp-1');
  const v0 = w.kernel.now;
  const t0 = performance.now();
  const out = jobText(runToCompletion(s, `kubectl create deployment web --image=nginx --replicas=${replicas}`));
  if (!out.includes('created')) throw new Error(out);
  let boundAt: { wall: number; virtual: number } | undefined;
  let runningAt: { wall: number; virtual: number } | undefined;
  const limit = v0 + 1_200_000;
  while (!runningAt && w.kernel.now < limit) {
    const until = w.kernel.now + 500;
    while (stepWorld(w, until));
    const pods = podsIn(w);
    const bound = pods.filter((p) => p.spec?.nodeName).length;
    const running = pods.filter((p) => p.status?.phase === 'Running').length;
    if (!boundAt && bound >= replicas) boundAt = { wall: performance.now() - t0, virtual: w.kernel.now - v0 };
    if (running >= replicas) runningAt = { wall: performance.now() - t0, virtual: w.kernel.now - v0 };
  }
  const label = `cluster: ${replicas} pods on ${workers} workers (ha)`;
  if (!boundAt || !runningAt) return [{ name: label, result: 'did not converge in 1,200 virtual s', wallMs: performance.now() - t0, peer }];
  return [
    { name: `${label}, boot+settle`, result: '-', wallMs: bootWall, virtualMs: 20_000 },
    { name: `${label}, all bound`, result: `${((replicas / boundAt.wall) * 1000).toFixed(0)} pods/wall s`, wallMs: boundAt.wall, virtualMs: boundAt.virtual },
    { name: `${label}, all Running`, result: `${(runningAt.virtual / runningAt.wall).toFixed(1)}x virtual`, wallMs: runningAt.wall, virtualMs: runningAt.virtual, peer },
  ];
}

function readyCount(w: World, app: string): number {
  for (const host of ['cp-1', 'cp-2', 'cp-3']) {
    const a = w.apiservers[host];
    if (!a || a.status !== 'running' || !a.cache.ready) continue;
    let n = 0;
    for (const obj of a.cache.objects.values()) {
      if (obj.kind !== 'Pod' || (obj.metadata?.labels as Record<string, string> | undefined)?.['app'] !== app) continue;
      const conds = ((obj as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? []);
      if (conds.some((c) => c.type === 'Ready' && c.status === 'True')) n++;
    }
    return n;
  }
  return 0;
}

function deploymentReadyReplicas(w: World, name: string): number {
  for (const host of ['cp-1', 'cp-2', 'cp-3']) {
    const a = w.apiservers[host];
    if (!a || a.status !== 'running' || !a.cache.ready) continue;
    const d = a.cache.objects.get(`/registry/deployments/default/${name}`) as { status?: { readyReplicas?: number } } | undefined;
    return d?.status?.readyReplicas ?? 0;
  }
  return 0;
}

export function deploymentYaml(name: string, replicas: number, probe: boolean): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: ${name}}`, 'spec:', `  replicas: ${replicas}`, `  selector: {matchLabels: {app: ${name}}}`, '  template:',
    `    metadata: {labels: {app: ${name}}}`, '    spec:', '      containers:', '      - name: app', '        image: nginx:1.27',
    ...(probe ? ['        readinessProbe:', '          httpGet: {path: /, port: 80}', '          periodSeconds: 10'] : []),
  ].join('\n');
}

/** Issue 4 (b): a Deployment of `replicas` until every pod is Running and Ready (the kubelet's whole path: pull, sandbox, start, status). */
export function deploymentReady(replicas: number, workers: number, peer: string, preset: PresetName = 'ha'): Row {
  const w = createWorld({ preset, seed: 5, workers, settleMs: 20_000 });
  const s = createSession(w, 'cp-1');
  const v0 = w.kernel.now;
  const t0 = performance.now();
  const out = jobText(runToCompletion(s, `kubectl apply -f - <<EOF\n${deploymentYaml('ready', replicas, false)}\nEOF`));
  if (!out.includes('created')) throw new Error(out);
  // The ReplicaSet controller creates pods at kube-controller-manager's client limit (30 at once,
  // then 20 a second): 10,000 pods take more than 500 virtual seconds to create.
  const limit = v0 + 1_200_000;
  // Poll the Deployment's readyReplicas (one lookup, as `kubectl rollout status` reads it) rather
  // than scanning every object each time; the pods themselves are counted once at the end.
  while (w.kernel.now < limit) {
    const until = w.kernel.now + 250;
    while (stepWorld(w, until));
    if (deploymentReadyReplicas(w, 'ready') >= replicas && readyCount(w, 'ready') >= replicas) break;
  }
  const wallMs = performance.now() - t0;
  const name = `kubelet: ${replicas} pods Running+Ready, ${preset} + ${workers} workers`;
  if (readyCount(w, 'ready') < replicas) return { name, result: 'did not converge in 1,200 virtual s', wallMs, peer };
  return { name, result: `${((replicas / wallMs) * 1000).toFixed(0)} pods/wall s`, wallMs, virtualMs: w.kernel.now - v0, peer };
}

/**
 * Issue 4 (b): 100 Ready pods with an HTTP readiness probe every 10 s; virtual time per wall second
 * over 10 virtual minutes. With `pods` 0, the same cluster with nothing deployed: what the row
 * costs apart from its pods (leases renewed every 2 s, etcd, the control plane's own probes).
 */
export function probedSpeed(pods: number, peer: string, preset: PresetName = 'ha'): Row {
  const w = createWorld({ preset, seed: 5, settleMs: 20_000 });
  const s = createSession(w, 'cp-1');
  runToCompletion(s, `kubectl apply -f - <<EOF\n${deploymentYaml('probed', pods, true)}\nEOF`);
  const limit = w.kernel.now + 300_000;
  while (readyCount(w, 'probed') < pods && w.kernel.now < limit) {
    const until = w.kernel.now + 1000;
    while (stepWorld(w, until));
  }
  if (readyCount(w, 'probed') < pods) return { name: `kubelet: ${pods} probed pods`, result: 'not all Ready', wallMs: 0, peer };
  const v0 = w.kernel.now;
  const e0 = w.kernel.eventsProcessed;
  const t0 = performance.now();
  const end = v0 + 600_000;
  while (stepWorld(w, end));
  const wallMs = performance.now() - t0;
  const what = pods === 0 ? `kubelet: no pods (${preset}), the cluster alone` : `kubelet: ${pods} Ready pods (${preset}), readiness probe every 10 s`;
  return { name: `${what}, 10 virtual min (${w.kernel.eventsProcessed - e0} events)`, result: `${(600_000 / wallMs).toFixed(0)}x virtual`, wallMs, virtualMs: 600_000, peer };
}
