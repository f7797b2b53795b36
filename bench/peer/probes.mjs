// Usage: node bench/peer/probes.mjs <ff|step|realtime> [stepMs] [simMinutes] (copied from the peer report's scripts/bench-probes.mjs)
// 100 Ready pods, each with an HTTP readinessProbe every 10 s; simulate
// `simMinutes` (default 10) of cluster time and report sim-seconds per wall-second.
// In realtime mode the simulated clock runs at 1x, so we instead report CPU use
// over the window (simMinutes is then wall minutes; default 0.5).
import { Cluster, TrivialImage, deployment, fastForward, stepFixed, drive, readyWatcher, requestCounts, memSampler, now, realSleep } from "./lib.mjs";
const [mode = "ff", sArg = "100", mArg] = process.argv.slice(2);
const S = Number(sArg), MIN = Number(mArg ?? (mode === "realtime" ? 0.5 : 10));
const N = 100;
const cluster = new Cluster();
cluster.registerImage(TrivialImage);
const c = cluster.clock;
const probe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
const w = readyWatcher(cluster, "web");
let tReady0 = now();
if (mode === "realtime") {
  await cluster.init();
  await cluster.apply([deployment("web", N, { readinessProbe: probe })]);
  while (w.ready.size < N) await realSleep(5);
} else {
  cluster.pause();
  await drive(c, cluster.init());
  await drive(c, cluster.apply([deployment("web", N, { readinessProbe: probe })]));
  await fastForward(c, 300_000, () => w.ready.size >= N);
}
const setupWallMs = now() - tReady0;
if (w.ready.size < N) throw new Error(`only ${w.ready.size} ready`);
await (mode === "realtime" ? realSleep(100) : fastForward(c, 100));
const probes0 = requestCounts.get("/healthz") ?? 0;
const mem = memSampler();
const cpu0 = process.cpuUsage();
const t0 = now(), s0 = c.nowMs();
const simMs = MIN * 60_000;
let minReady = N;
if (mode === "realtime") {
  while (now() - t0 < simMs) { await realSleep(250); minReady = Math.min(minReady, w.ready.size); }
} else {
  // advance in 1 s chunks of simulated time so we can also sample readiness
  for (let done = 0; done < simMs; done += 1000) {
    if (mode === "ff") await fastForward(c, 1000); else await stepFixed(c, 1000, S);
    minReady = Math.min(minReady, w.ready.size);
  }
}
const wallMs = now() - t0, simElapsed = c.nowMs() - s0;
const cpu = process.cpuUsage(cpu0);
const probes = (requestCounts.get("/healthz") ?? 0) - probes0;
console.log(JSON.stringify({
  mode, stepMs: mode === "step" ? S : undefined, pods: N, setupWallMs: +setupWallMs.toFixed(0),
  simElapsedS: simElapsed / 1000, wallS: +(wallMs / 1000).toFixed(2),
  simSecondsPerWallSecond: +(simElapsed / wallMs).toFixed(1),
  cpuUserS: +(cpu.user / 1e6).toFixed(2), cpuSysS: +(cpu.system / 1e6).toFixed(2),
  cpuPercentOfOneCore: +(100 * (cpu.user + cpu.system) / 1000 / wallMs).toFixed(1),
  probeRequests: probes, expectedProbeRequests: N * Math.floor(simElapsed / 10_000),
  minReadyDuringWindow: minReady, readyAtEnd: w.ready.size, informerRestarts: w.restarts, ...mem.stop(),
}));
process.exit(0);
