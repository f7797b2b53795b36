/**
 * stress 1.0.4 (the polinux/stress image), as kubernetes.io's memory-limit example runs it
 * (docs/tasks/configure-pod-container/assign-memory-resource.md):
 * `stress --vm 1 --vm-bytes 150M --vm-hang 1`. Each --vm worker mallocs --vm-bytes and touches
 * every page; resident memory climbs to that size within VM_FILL_MS and stays (the brief free and
 * re-malloc of --vm-hang is not modelled). Sizes take stress's suffixes b/k/m/g in powers of 1024.
 * stress installs no handler for SIGTERM: as PID 1 it ignores it.
 */
import { baseState, exitWith, MiB, pidOf, type ProgramBase, type ProgramModule } from '../program.ts';
import type { ProgramContext, Syscall } from '../types.ts';

/** How long a worker takes to touch all of its --vm-bytes. */
export const VM_FILL_MS = 1000;
/** The stress parent and a worker's own footprint. */
const BASE_BYTES = 1 * MiB;
const DEFAULT_VM_BYTES = 256 * MiB;

export interface StressState extends ProgramBase {
  prog: 'stress';
  cpu: number;
  io: number;
  vm: number;
  hdd: number;
  vmBytes: number;
  timeoutMs: number | null;
  announced: boolean;
  startError: string | null;
}

/** `150M` → bytes (stress's atoll_b: b, k, m, g suffixes, powers of 1024). */
export function stressBytes(text: string): number | null {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(text);
  if (!m) return null;
  const mult = { '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB }[m[2]!.toLowerCase()]!;
  return Number(m[1]) * mult;
}

/** `10s`, `2m` (stress's atoll_s: s, m, h, d, y suffixes) → ms. */
function stressSeconds(text: string): number | null {
  const m = /^(\d+)([smhdy]?)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31_536_000 }[m[2]!] ?? 1) * 1000;
}

export function spawnStress(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): StressState {
  const s: StressState = Object.assign(baseState('stress', 'stress', argv, env, binaries, nowMs, image), {
    prog: 'stress' as const, cpu: 0, io: 0, vm: 0, hdd: 0, vmBytes: DEFAULT_VM_BYTES,
    timeoutMs: null, announced: false, startError: null,
  });
  const args = argv.slice(1);
  const long: Record<string, string> = { '-c': '--cpu', '-i': '--io', '-m': '--vm', '-d': '--hdd', '-t': '--timeout' };
  for (let i = 0; i < args.length; i++) {
    const a = long[args[i]!] ?? args[i]!;
    const v = args[i + 1] ?? '';
    switch (a) {
      case '--cpu': s.cpu = Number(v); i++; break;
      case '--io': s.io = Number(v); i++; break;
      case '--vm': s.vm = Number(v); i++; break;
      case '--hdd': s.hdd = Number(v); i++; break;
      case '--vm-bytes': {
        const b = stressBytes(v);
        if (b === null) s.startError = `stress: FAIL: [1] (0) invalid number: ${v}`;
        else s.vmBytes = b;
        i++;
        break;
      }
      case '--timeout': s.timeoutMs = stressSeconds(v); i++; break;
      case '--vm-hang': case '--vm-stride': case '--hdd-bytes': case '--backoff': i++; break;
      default: break;
    }
  }
  return s;
}

function runStress(p: StressState, ctx: ProgramContext): Syscall {
  const pid = pidOf(p, ctx);
  if (p.startError) {
    ctx.write('stderr', p.startError);
    return exitWith(p, 1);
  }
  if (!p.announced) {
    p.announced = true;
    ctx.write('stdout', `stress: info: [${pid}] dispatching hogs: ${p.cpu} cpu, ${p.io} io, ${p.vm} vm, ${p.hdd} hdd`);
  }
  if (p.timeoutMs === null) return { kind: 'idle' };
  const end = p.startedAtMs + p.timeoutMs;
  if (ctx.nowMs < end) return { kind: 'sleep', ms: end - ctx.nowMs };
  ctx.write('stdout', `stress: info: [${pid}] successful run completed in ${Math.round(p.timeoutMs / 1000)}s`);
  return exitWith(p, 0);
}

export function stressMemoryBytes(p: StressState, nowMs: number): number {
  const filled = Math.min(1, Math.max(0, nowMs - p.startedAtMs) / VM_FILL_MS);
  return BASE_BYTES + Math.round(p.vm * p.vmBytes * filled);
}

export const stressModule: ProgramModule = {
  run: (p, ctx) => runStress(p as StressState, ctx),
  memory: (p, nowMs) => stressMemoryBytes(p as StressState, nowMs),
};
