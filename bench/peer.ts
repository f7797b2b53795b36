/**
 * The peer, @ngrok/webernetes 0.3.5, measured live on this machine in the same `npm run bench`,
 * so that issue 4's ratios do not depend on how fast the machine happens to be this hour. The
 * figures in /work/shared/reference/peer-webernetes-bench.md were measured once, on another day;
 * this machine's speed varies by 15-25% from hour to hour and more between machines, so a ratio
 * to them moves with the hour, not with our code.
 *
 * The peer is not one of the project's dependencies: `npm --prefix bench/peer ci` installs it
 * (bench/peer/package-lock.json pins it, with the integrity the report quotes). Without it the
 * bench compares with the report's figures only. The harness scripts are the report's own
 * (bench/peer/lib.mjs, deploy.mjs, probes.mjs), run as the report ran them: the package bundled
 * by esbuild, the `ff` driver (fast-forward from event to event), one run per fresh process, the
 * median of several processes.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** `npm run bench` runs from the project's root. */
const BENCH_DIR = join(process.cwd(), 'bench');
const PEER_DIR = join(BENCH_DIR, 'peer');
const PEER_ENTRY = join(PEER_DIR, 'node_modules/@ngrok/webernetes/dist/index.js');
const PEER_BUNDLE = join(BENCH_DIR, '.out/webernetes.mjs');

export function peerInstalled(): boolean {
  return existsSync(PEER_ENTRY);
}

/**
 * Node cannot import the published package as it is (extensionless ESM imports; the report, §0),
 * so it runs from an esbuild bundle, as the report's figures did.
 */
export function bundlePeer(): void {
  buildSync({ entryPoints: [PEER_ENTRY], bundle: true, platform: 'node', format: 'esm', outfile: PEER_BUNDLE, logLevel: 'warning' });
}

/** One run of a report script in a fresh Node process: the JSON line it prints last. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Record<string, unknown> {
  const child = spawnSync(process.execPath, [join(PEER_DIR, script), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 8 << 20 });
  if (child.status !== 0) throw new Error(`peer ${script} ${args.join(' ')} failed (exit ${child.status}):\n${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

export interface PeerFigure {
  /** The median, and every process's figure. */
  value: number;
  runs: number[];
}

/**
 * Wall ms from `apply()` until all `replicas` pods are Running and Ready (the report's §2.2 `ff`
 * rows): 3 nodes by default, `nodes` for 1,000 pods (110 fit on a node).
 */
export function peerReadyMs(replicas: number, processes: number, nodes?: number): PeerFigure {
  const runs: number[] = [];
  for (let i = 0; i < processes; i++) {
    const out = runScript('deploy.mjs', ['ff', String(replicas)], nodes === undefined ? {} : { NODES: String(nodes) });
    if (out['allReady'] !== true) throw new Error(`peer: ${replicas} pods not all Ready: ${JSON.stringify(out)}`);
    runs.push(Number(out['readyWallMs']));
  }
  return { value: median(runs), runs };
}

/** Virtual seconds per wall second with 100 pods probed every 10 s for 10 virtual minutes (the report's §2.3 `ff` row). */
export function peerProbedSpeedup(processes: number): PeerFigure {
  const runs: number[] = [];
  for (let i = 0; i < processes; i++) {
    const out = runScript('probes.mjs', ['ff']);
    if (out['probeRequests'] !== out['expectedProbeRequests']) throw new Error(`peer: probes missed: ${JSON.stringify(out)}`);
    runs.push(Number(out['simSecondsPerWallSecond']));
  }
  return { value: median(runs), runs };
}
