// Shared helpers for the webernetes benchmarks (plain ESM JS, Node >= 20).
import { BaseImage, Cluster } from "../.out/webernetes.mjs";
import { performance } from "node:perf_hooks";

export const requestCounts = new Map(); // path -> number of HTTP requests served by TrivialImage

// Trivial always-ready image: listens on 8080 and waits to be killed.
export class TrivialImage extends BaseImage {
  static imageName = "bench/trivial";
  static imageVersion = "1.0";
  defaultCommand = ["server"];
  async exec(ctx, argv) {
    if (argv[0] !== "server") return await super.exec(ctx, argv);
    // Handler signature is (requestCtx, request) -> { status, body }.
    // (The package README shows `async (request) => ({ statusCode, ... })`, which is out of date.)
    ctx.listenHttp(8080, async (_rctx, req) => {
      const path = req.url.pathname;
      requestCounts.set(path, (requestCounts.get(path) ?? 0) + 1);
      if (path === "/fail") return { status: 500, body: "fail\n" };
      // /ready fails while the file /tmp/unready exists in this container's fs
      // (toggle with cluster.exec(ns, pod, "app", ["touch", "/tmp/unready"]) / ["rm", ...]).
      if (path === "/ready" && ctx.fs.has("/tmp/unready")) return { status: 503, body: "not ready\n" };
      return { status: 200, body: `ok from ${ctx.pod?.config?.metadata?.name ?? "?"}\n` };
    });
    return await ctx.waitUntilKilled();
  }
}

// Peak-RSS / heap sampler (process.memoryUsage every 50 ms wall).
export function memSampler() {
  let peakRss = 0, peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  sample();
  const h = setInterval(sample, 50);
  return { sample, stop() { clearInterval(h); sample(); return { peakRssMB: +(peakRss / 2 ** 20).toFixed(1), peakHeapMB: +(peakHeap / 2 ** 20).toFixed(1) }; } };
}

export function isReady(pod) {
  return pod.status?.phase === "Running" &&
    (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

export function deployment(name, replicas, extraContainer = {}, extraPodSpec = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...extraPodSpec,
          containers: [{ name: "app", image: "bench/trivial:1.0", ports: [{ containerPort: 8080 }], ...extraContainer }],
        },
      },
    },
  };
}

// Count Ready pods with label app=<name> by listing (source of truth = API server).
export async function countReady(cluster, name, namespace = "default") {
  const list = await cluster.api.corev1.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
  let ready = 0;
  for (const p of list.items) if (isReady(p)) ready++;
  return { total: list.items.length, ready };
}

export const now = () => performance.now();
export const yieldLoop = () => new Promise((r) => setImmediate(r));
export const realSleep = (ms) => new Promise((r) => setTimeout(r, ms));
export { Cluster };

// ---- Clock driving helpers -------------------------------------------------
// The Clock's public API is pause()/resume()/step(ms)/nowMs(). step() is
// synchronous: it runs due timer callbacks in order, but native-promise
// continuations (async/await inside the simulator) only run after step()
// returns, so every driver below yields to the Node event loop after a step.
//
// settle()/nextDue() peek at two private fields of Clock (`tasks`,
// `microtasks`) to (a) drain everything due at the current instant without
// advancing time and (b) jump straight to the next scheduled timer.
// This is an "event-driven fast-forward" upper bound; stepFixed() uses only
// the public API.
export function hasDueNow(clock) {
  if (clock.microtasks.length > 0) return true;
  const t = clock.nowMs();
  for (const task of clock.tasks.values()) if (!task.cancelled && task.dueAtMs <= t) return true;
  return false;
}
export function nextDue(clock) {
  let m;
  for (const task of clock.tasks.values()) if (!task.cancelled && (m === undefined || task.dueAtMs < m)) m = task.dueAtMs;
  return m;
}
export async function settle(clock, maxRounds = 100000) {
  for (let i = 0; i < maxRounds; i++) {
    await yieldLoop();
    if (!hasDueNow(clock)) return i;
    clock.step(0);
  }
  throw new Error("settle: did not quiesce");
}
// Fast-forward by `ms` of simulated time, or until pred() is true (checked after every event instant).
export async function fastForward(clock, ms, pred = () => false) {
  const target = clock.nowMs() + ms;
  await settle(clock);
  while (!pred()) {
    const next = nextDue(clock);
    const to = next === undefined || next > target ? target : next;
    clock.step(Math.max(0, to - clock.nowMs()));
    await settle(clock);
    if (to >= target) break;
  }
}
// Public-API-only driver: step(S) then yield, until `ms` elapsed or pred() true.
export async function stepFixed(clock, ms, S, pred = () => false) {
  const target = clock.nowMs() + ms;
  while (!pred() && clock.nowMs() < target) {
    clock.step(Math.min(S, target - clock.nowMs()));
    await yieldLoop();
  }
}
// Run a promise-returning fn while driving the paused clock (so cluster calls can complete).
export async function drive(clock, promise, S = 0) {
  let done = false, val, err;
  promise.then((v) => { done = true; val = v; }, (e) => { done = true; err = e; });
  for (let i = 0; !done; i++) {
    if (S > 0) { clock.step(S); await yieldLoop(); }
    else await fastForward(clock, 60_000, () => done);
    if (i > 1_000_000) throw new Error("drive: never completed");
  }
  if (err) throw err;
  return val;
}

// Informer-based ready counter for pods labelled app=<name>.
// NOTE: in webernetes 0.3.5 a cluster.informer() watch can fail with
// EtcdError "Watcher canceled: " (code "errCompacted"); ListWatch does not
// treat that as 410 Gone, so the informer stops delivering events. We count
// those failures and restart the informer (fresh list + watch).
export function readyWatcher(cluster, name, namespace = "default") {
  const st = { ready: new Set(), seen: new Set(), firstReadyAt: new Map(), restarts: 0, errors: [] };
  let informer;
  const start = () => {
    st.ready.clear(); st.seen.clear();
    informer = cluster.informer("pods", (type, pod) => {
      const n = pod.metadata?.name; if (!n) return;
      if (type === "delete") { st.ready.delete(n); st.seen.delete(n); return; }
      st.seen.add(n);
      if (isReady(pod)) { st.ready.add(n); if (!st.firstReadyAt.has(n)) st.firstReadyAt.set(n, cluster.clock.nowMs()); }
      else st.ready.delete(n);
    }, { namespace, labelSelector: name ? `app=${name}` : undefined, onError: (e) => {
      st.errors.push(`${e?.message} (${e?.code})`); st.restarts++;
      const old = informer; void old.stop(); start();
    } });
  };
  start();
  st.stop = () => informer.stop();
  return st;
}
