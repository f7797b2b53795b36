/**
 * Where the bench's wall time goes, by event kind: runs one of issue 4's bench workloads and
 * prints, for each kind of event (a timer's payload type and process, or a packet's kind and
 * destination port class), how many fired and the wall time they took, most expensive first.
 * Use it before and after a change meant to make the core faster (with scripts/fingerprint.ts
 * to show the behaviour did not change):
 *
 *   npx tsx scripts/event-costs.ts probed single   # 100 probed pods, 10 virtual minutes
 *   npx tsx scripts/event-costs.ts ready ha        # 100 pods of a Deployment until Ready (40 virtual s)
 *
 * The workload runs six times and only the last run is printed: the JIT takes a few runs to
 * settle. tsx keeps function names (a `__name` call on every closure the core creates), which
 * the bench's bundle does not; for figures that match `npm run bench`, bundle it the same way:
 *
 *   npx esbuild scripts/event-costs.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=bench/.out/event-costs.mjs && node bench/.out/event-costs.mjs probed single
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../src/simulation/presets.ts';
import { stepWorld, type PresetName } from '../src/simulation/world.ts';
import { nextEventTime } from '../src/kernel/kernel.ts';
import type { SimEvent } from '../src/kernel/eventQueue.ts';
import { createSession, runToCompletion } from '../src/shell/session.ts';
import { deploymentYaml } from '../bench/cluster.ts';

const workload = process.argv[2] === 'ready' ? 'ready' : 'probed';
const preset = (process.argv[3] ?? 'single') as PresetName;

/** A name for the kind of work an event is, without the per-object parts (numbers, uids). */
function kindOf(ev: SimEvent): string {
  if (ev.kind === 'timer') {
    const process = ev.target.split('/').slice(1).join('/') || ev.target;
    return `timer ${(ev.payload as { type?: string }).type ?? '?'} ${process.replace(/[0-9a-f]{6,}/g, 'X')}`;
  }
  const p = ev.payload as { kind?: string; to?: { port?: string } };
  return `net ${p.kind ?? ev.kind} -> ${String(p.to?.port ?? '').replace(/[0-9]+/g, 'N').slice(0, 24)}`;
}

function run(): { events: number; wallMs: number; byKind: Map<string, { n: number; ms: number }> } {
  const w = createWorld({ preset, seed: 5, workers: preset === 'single' ? 2 : 3, settleMs: 20_000 });
  const s = createSession(w, 'cp-1');
  let endMs: number;
  if (workload === 'probed') {
    runToCompletion(s, `kubectl apply -f - <<EOF\n${deploymentYaml('probed', 100, true)}\nEOF`);
    const readyBy = w.kernel.now + 120_000;
    while (stepWorld(w, readyBy));
    endMs = w.kernel.now + 600_000;
  } else {
    runToCompletion(s, `kubectl apply -f - <<EOF\n${deploymentYaml('ready', 100, false)}\nEOF`);
    endMs = w.kernel.now + 40_000;
  }
  const byKind = new Map<string, { n: number; ms: number }>();
  let events = 0;
  let wallMs = 0;
  for (;;) {
    const t = nextEventTime(w.kernel); // skips cancelled timers, so the head is the next live event
    if (t === undefined || t > endMs) break;
    const kind = kindOf(w.kernel.queue.heap[0]!);
    const t0 = performance.now();
    stepWorld(w, t);
    const ms = performance.now() - t0;
    const st = byKind.get(kind) ?? { n: 0, ms: 0 };
    st.n++;
    st.ms += ms;
    byKind.set(kind, st);
    events++;
    wallMs += ms;
  }
  return { events, wallMs, byKind };
}

for (let i = 0; i < 5; i++) run();
const r = run();
console.log(`${workload} on ${preset}: ${r.events} events, ${r.wallMs.toFixed(0)} ms`);
console.log(`${'ms'.padStart(8)} ${'share'.padStart(6)} ${'events'.padStart(7)} ${'µs each'.padStart(8)}  kind`);
for (const [kind, st] of [...r.byKind].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) {
  console.log(`${st.ms.toFixed(1).padStart(8)} ${((100 * st.ms) / r.wallMs).toFixed(1).padStart(5)}% ${String(st.n).padStart(7)} ${((1000 * st.ms) / st.n).toFixed(1).padStart(8)}  ${kind}`);
}
