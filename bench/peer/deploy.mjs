// Usage: node bench/peer/deploy.mjs <realtime|ff|step> <N> [stepMs] [timeoutWallMs] (copied from the peer report's scripts/bench-deploy.mjs)
// Applies one Deployment with N replicas of an always-ready image and waits
// until all N pods are Running+Ready. Prints one JSON line.
import { Cluster, TrivialImage, deployment, fastForward, stepFixed, drive, readyWatcher, memSampler, now, realSleep, isReady } from "./lib.mjs";
const [mode = "realtime", nArg = "10", sArg = "10", toArg = "300000"] = process.argv.slice(2);
const N = Number(nArg), S = Number(sArg), TIMEOUT = Number(toArg);
const mem = memSampler();
const cpu0 = process.cpuUsage();
const tConstruct = now();
const NODES = process.env.NODES ? Number(process.env.NODES) : undefined; // default cluster = 3 nodes
const cluster = new Cluster(NODES ? { nodes: NODES } : {});
cluster.registerImage(TrivialImage);
const c = cluster.clock;
if (mode !== "realtime") cluster.pause();
const tInit0 = now(), sInit0 = c.nowMs();
if (mode === "realtime") await cluster.init(); else await drive(c, cluster.init());
const initWallMs = now() - tInit0;
// Wait for the 8 control-plane pods to be Ready before applying.

const cpW = readyWatcher(cluster, undefined, "kube-system"); const cp = cpW.ready;
const cpPred = () => cp.size >= 8;
if (mode === "realtime") { while (!cpPred()) await realSleep(5); }
else if (mode === "ff") await fastForward(c, 60_000, cpPred);
else await stepFixed(c, 60_000, S, cpPred);
const controlPlaneReadyWallMs = now() - tInit0, controlPlaneReadySimMs = c.nowMs() - sInit0;
await cpW.stop();
mem.sample();
const rssBeforeApplyMB = +(process.memoryUsage().rss / 2 ** 20).toFixed(1);

const w = readyWatcher(cluster, "web");
// progress to stderr every 10 s of wall time (so a killed run still leaves partial figures)
const prog = setInterval(() => console.error(JSON.stringify({ progress: true, wallS: +((now() - tA) / 1000).toFixed(1), simS: (c.nowMs() - sA) / 1000, seen: w.seen.size, ready: w.ready.size, rssMB: +(process.memoryUsage().rss / 2 ** 20).toFixed(0) })), 10_000);
const pred = () => w.ready.size >= N;
const tA = now(), sA = c.nowMs();
let applyWallMs;
if (mode === "realtime") {
  await cluster.apply([deployment("web", N)]);
  applyWallMs = now() - tA;
  while (!pred() && now() - tA < TIMEOUT) await realSleep(2);
} else {
  await drive(c, cluster.apply([deployment("web", N)]));
  applyWallMs = now() - tA;
  const step = mode === "ff" ? (ms) => fastForward(c, ms, pred) : (ms) => stepFixed(c, ms, S, pred);
  while (!pred() && now() - tA < TIMEOUT) await step(1000);
}
const readyWallMs = now() - tA, readySimMs = c.nowMs() - sA;
clearInterval(prog);
const readyTimes = [...w.firstReadyAt.values()].map((t) => t - sA).sort((a, b) => a - b);
const pct = (q) => readyTimes.length ? readyTimes[Math.min(readyTimes.length - 1, Math.floor(q * readyTimes.length))] : null;
const hist = {}; for (const t of readyTimes) { const b = Math.floor(t / 10000) * 10; hist[`${b}s`] = (hist[`${b}s`] ?? 0) + 1; }
const lastReadySimMs = readyTimes.length ? readyTimes[readyTimes.length - 1] : null;
const cpu = process.cpuUsage(cpu0);
// Source-of-truth check via a LIST (the informer could in principle miss events).
const listP = cluster.api.corev1.listNamespacedPod({ namespace: "default", labelSelector: "app=web" });
const list = mode === "realtime" ? await listP : await drive(c, listP);
const byState = {};
let listReady = 0, sample;
for (const p of list.items) {
  const k = `${p.status?.phase ?? "none"}/${isReady(p) ? "Ready" : "NotReady"}/${p.spec?.nodeName ?? "unscheduled"}`;
  byState[k] = (byState[k] ?? 0) + 1;
  if (isReady(p)) listReady++; else if (!sample) sample = { name: p.metadata?.name, status: p.status };
}
const m = mem.stop();
const out = {
  mode, N, nodes: cluster.servers.length, stepMs: mode === "step" ? S : undefined,
  initWallMs: +initWallMs.toFixed(1),
  controlPlaneReadyWallMs: +controlPlaneReadyWallMs.toFixed(1), controlPlaneReadySimMs,
  applyCallWallMs: +applyWallMs.toFixed(1),
  allReady: pred(), readyCount: w.ready.size, podsSeen: w.seen.size,
  readyWallMs: +readyWallMs.toFixed(1), readySimMs, lastPodReadySimMs: lastReadySimMs, podReadySimP50: pct(0.5), podReadySimP90: pct(0.9), readyHistBySim10s: hist,
  cpuUserS: +(cpu.user / 1e6).toFixed(2), cpuSysS: +(cpu.system / 1e6).toFixed(2),
  rssBeforeApplyMB, ...m, pendingClockTasks: c.pendingTaskCount(),
  listTotal: list.items.length, listReady, byState, notReadySample: process.env.SAMPLE ? sample : undefined,
  informerRestarts: w.restarts, informerErrors: [...new Set(w.errors)],
};
console.log(JSON.stringify(out));
process.exit(0); // skip cluster.close() (measured separately); exit immediately
