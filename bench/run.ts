/**
 * `npm run bench`: throughput of the deterministic core, printed as a table. Never part of
 * `npm test` (timings are machine-dependent; tests assert behaviour, not speed).
 *
 *  - Raft commits per wall second: a client keeps `inFlight` puts outstanding against the leader
 *    of a 3- and a 5-member cluster until `total` have committed.
 *  - Virtual seconds per wall second: an idle 5-member cluster (heartbeats only).
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../src/simulation/presets.ts';
import { startCall, stepWorld, closeCall, type World } from '../src/simulation/world.ts';
import { etcdFacts } from '../src/simulation/facts.ts';

function leaderHost(w: World): string {
  const f = etcdFacts(w).find((x) => x.role === 'leader');
  if (!f) throw new Error('no leader');
  return f.host;
}

function commitsPerSecond(members: number, total: number, inFlight: number) {
  const w = createWorld({ preset: 'ha', seed: 42, etcdMembers: members, settleMs: 5000 });
  const leader = leaderHost(w);
  const client = Object.keys(w.etcd).find((h) => h !== leader)!;
  let sent = 0;
  let done = 0;
  const open = new Set<string>();
  const virtualStart = w.kernel.now;
  const t0 = performance.now();
  while (done < total) {
    while (open.size < inFlight && sent < total) {
      const call = startCall(w, client, [{ label: leader, host: leader }], { rpc: 'Put', key: `bench/${sent % 1000}`, value: `v${sent}` }, 10_000);
      open.add(call.port);
      sent++;
    }
    stepWorld(w, Infinity);
    for (const port of [...open]) {
      const c = w.calls[port]!;
      if (c.state === 'done') {
        if ((c.responses[0] as { ok?: boolean } | undefined)?.ok) done++;
        else throw new Error(`put failed: ${JSON.stringify(c.responses[0] ?? 'timeout')}`);
        open.delete(port);
        closeCall(w, port);
      }
    }
  }
  const wallMs = performance.now() - t0;
  return { wallMs, virtualMs: w.kernel.now - virtualStart, perSecond: (total / wallMs) * 1000, events: w.kernel.eventsProcessed };
}

function idleSpeed(members: number, virtualSeconds: number) {
  const w = createWorld({ preset: 'ha', seed: 7, etcdMembers: members, settleMs: 5000 });
  const start = w.kernel.now;
  const events0 = w.kernel.eventsProcessed;
  const t0 = performance.now();
  while (stepWorld(w, start + virtualSeconds * 1000)) {
    /* heartbeats */
  }
  const wallMs = performance.now() - t0;
  return { wallMs, speedup: (virtualSeconds * 1000) / wallMs, events: w.kernel.eventsProcessed - events0 };
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(i === 0 ? 52 : 16)).join('');
}

const lines: string[] = [];
lines.push(row(['benchmark', 'result', 'wall ms', 'events']));
for (const members of [3, 5]) {
  commitsPerSecond(members, 500, 32); // warm-up
  const r = commitsPerSecond(members, 5000, 64);
  lines.push(row([`raft commits / wall s (${members} members, 64 in flight)`, r.perSecond.toFixed(0), r.wallMs.toFixed(0), r.events]));
}
idleSpeed(5, 60); // warm-up
const idle = idleSpeed(5, 600);
lines.push(row(['virtual s / wall s (idle 5 members, 600 s)', `${idle.speedup.toFixed(0)}x`, idle.wallMs.toFixed(0), idle.events]));
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
lines.push(row(['heap used after runs (MB)', heapMb.toFixed(1), '', '']));
console.log(lines.join('\n'));
