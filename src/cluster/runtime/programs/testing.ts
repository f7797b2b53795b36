/**
 * A stand-in for the container runtime in the programs' tests: one container's processes, its
 * filesystem and log, a virtual clock, and a scripted network. It drives programs the way
 * containerd.ts does (run until blocked, wake on the clock, answer http/dns at once).
 */
import { grpcHealth, listensOn, memoryBytes, resumeProgram, runProgram, serveHttp, signalProgram, spawnProgram } from './index.ts';
import type { ContainerFs, DnsResult, DnsTool, DnsToolResult, HttpResult, ProcessState, ProgramContext, Signal } from './types.ts';

export interface FakeProcess {
  pid: number;
  state: ProcessState;
  /** When it wants to run again; null = idle (until a signal or request). */
  wakeAtMs: number | null;
  out: { stream: 'stdout' | 'stderr'; text: string }[];
  exec: boolean;
}

export interface FakeNetwork {
  http?(url: string, nowMs: number): HttpResult;
  dns?(name: string, nowMs: number): DnsResult;
  dnsTool?(tool: DnsTool, argv: string[], nowMs: number): DnsToolResult;
}

export interface FakeContainer {
  nowMs: number;
  fs: ContainerFs;
  /** The container log (the main process's output), as `kubectl logs` shows it. */
  logs: { atMs: number; stream: 'stdout' | 'stderr'; text: string }[];
  main: FakeProcess;
  processes: FakeProcess[];
  binaries: string[];
  env: Record<string, string>;
  image: string;
  net: FakeNetwork;
  /** Every http/dns syscall made, in order. */
  calls: string[];
}

export const BUSYBOX_TEST_BINARIES = [
  'sh', 'busybox', 'sleep', 'echo', 'cat', 'touch', 'rm', 'ls', 'date', 'wget', 'nslookup', 'true', 'false', 'env', 'hostname', 'mkdir', 'printf', 'test', '[',
  'kill', 'killall', 'ps', 'head', 'tail', 'grep', 'wc', 'seq', 'expr', 'tee', 'cp', 'mv', 'chmod', 'basename', 'dirname', 'uname', 'vi',
];

export function startContainer(argv: string[], opts: { binaries?: string[]; env?: Record<string, string>; image?: string; files?: Record<string, string>; net?: FakeNetwork; nowMs?: number; pid?: number } = {}): FakeContainer {
  const binaries = opts.binaries ?? BUSYBOX_TEST_BINARIES;
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: 'pod-1', ...opts.env };
  const nowMs = opts.nowMs ?? 0;
  const spawned = spawnProgram(argv, env, binaries, nowMs, opts.image ?? '');
  if ('error' in spawned) throw new Error(String(spawned.error));
  const main: FakeProcess = { pid: opts.pid ?? 1, state: spawned, wakeAtMs: nowMs, out: [], exec: false };
  const c: FakeContainer = { nowMs, fs: { files: { ...opts.files } }, logs: [], main, processes: [main], binaries, env, image: opts.image ?? '', net: opts.net ?? {}, calls: [] };
  drive(c, main);
  return c;
}

function contextFor(c: FakeContainer, p: FakeProcess): ProgramContext {
  return {
    nowMs: c.nowMs,
    fs: c.fs,
    pid: p.pid,
    write: (stream, text) => {
      p.out.push({ stream, text });
      if (!p.exec) c.logs.push({ atMs: c.nowMs, stream, text });
    },
    signalByName: (name, sig) => {
      const matched = c.processes.filter((q) => q.state.exitCode === null && q.state.comm === name);
      if (sig !== 0) for (const q of matched) deliver(c, q, sig);
      return matched.length;
    },
    signalPid: (pid, sig) => {
      const q = c.processes.find((x) => x.pid === pid && x.state.exitCode === null);
      if (!q) return false;
      if (sig !== 0) deliver(c, q, sig);
      return true;
    },
    processes: () => c.processes.filter((q) => q.state.exitCode === null).map((q) => ({ pid: q.pid, comm: q.state.comm, args: (q.state['argv'] as string[]) ?? [q.state.comm] })),
  };
}

function deliver(c: FakeContainer, p: FakeProcess, sig: Signal): void {
  const r = signalProgram(p.state, sig, contextFor(c, p));
  if (!r.exited) drive(c, p);
}

/** Runs a process until it blocks, answering network calls at once. */
export function drive(c: FakeContainer, p: FakeProcess): void {
  for (let round = 0; round < 1000; round++) {
    if (p.state.exitCode !== null) {
      p.wakeAtMs = null;
      return;
    }
    const sc = runProgram(p.state, contextFor(c, p));
    switch (sc.kind) {
      case 'exit':
        p.wakeAtMs = null;
        return;
      case 'sleep':
        p.wakeAtMs = c.nowMs + Math.max(1, Math.round(sc.ms));
        return;
      case 'idle':
        p.wakeAtMs = null;
        return;
      case 'http':
        c.calls.push(`http ${sc.url}${sc.headers ? ` ${JSON.stringify(sc.headers)}` : ''}`);
        resumeProgram(p.state, c.net.http?.(sc.url, c.nowMs) ?? { ok: false, error: 'dial tcp: connect: connection refused' });
        continue;
      case 'dns':
        c.calls.push(`dns ${sc.name}`);
        resumeProgram(p.state, c.net.dns?.(sc.name, c.nowMs) ?? { ok: false, error: 'NXDOMAIN', server: '10.96.0.10' });
        continue;
      case 'dnstool':
        c.calls.push(`${sc.tool} ${sc.argv.join(' ')}`);
        resumeProgram(p.state, c.net.dnsTool?.(sc.tool, sc.argv, c.nowMs) ?? { stdout: '', stderr: `${sc.tool}: no network in this test harness\n`, exitCode: 1, waitedMs: 0 });
        continue;
    }
  }
  throw new Error('program did not block in 1000 rounds');
}

/** Advances the clock by `ms`, running every process whose wake-up falls inside. */
export function advance(c: FakeContainer, ms: number): void {
  const end = c.nowMs + ms;
  for (;;) {
    const due = c.processes.filter((p) => p.wakeAtMs !== null && p.wakeAtMs <= end && p.state.exitCode === null).sort((a, b) => a.wakeAtMs! - b.wakeAtMs! || a.pid - b.pid)[0];
    if (!due) break;
    c.nowMs = due.wakeAtMs!;
    drive(c, due);
  }
  c.nowMs = end;
}

/** Runs a command in the container (an exec probe, a hook, `kubectl exec`) to its end. */
export function exec(c: FakeContainer, argv: string[], maxMs = 600_000): { exitCode: number; stdout: string; stderr: string } {
  const spawned = spawnProgram(argv, c.env, c.binaries, c.nowMs, c.image);
  if ('error' in spawned) return { exitCode: 126, stdout: '', stderr: String(spawned.error) };
  const pid = Math.max(...c.processes.map((p) => p.pid)) + 1;
  const p: FakeProcess = { pid: Math.max(pid, 20), state: spawned, wakeAtMs: c.nowMs, out: [], exec: true };
  c.processes.push(p);
  drive(c, p);
  const deadline = c.nowMs + maxMs;
  while (p.state.exitCode === null && c.nowMs < deadline) {
    const next = c.processes.filter((q) => q.wakeAtMs !== null && q.state.exitCode === null).map((q) => q.wakeAtMs!);
    if (next.length === 0) break;
    advance(c, Math.max(0, Math.min(...next) - c.nowMs));
  }
  c.processes = c.processes.filter((q) => q !== p);
  const text = (s: 'stdout' | 'stderr') => p.out.filter((o) => o.stream === s).map((o) => o.text).join('\n');
  return { exitCode: p.state.exitCode ?? -1, stdout: text('stdout'), stderr: text('stderr') };
}

export function signal(c: FakeContainer, sig: Signal, p: FakeProcess = c.main): void {
  deliver(c, p, sig);
}

export function http(c: FakeContainer, port: number, path: string, clientIp = '10.244.1.1', headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32' }) {
  for (const p of c.processes) {
    if (p.state.exitCode !== null) continue;
    const r = serveHttp(p.state, { port, path, headers, clientIp }, c.nowMs, contextFor(c, p));
    if (r) return r;
  }
  return null;
}

export function tcp(c: FakeContainer, port: number): boolean {
  return c.processes.some((p) => listensOn(p.state, port, c.nowMs));
}

export function grpc(c: FakeContainer, port: number) {
  for (const p of c.processes) {
    const r = grpcHealth(p.state, port, c.nowMs);
    if (r) return r;
  }
  return null;
}

export function memory(c: FakeContainer): number {
  return memoryBytes(c.main.state, c.nowMs);
}

export function logText(c: FakeContainer, stream?: 'stdout' | 'stderr'): string[] {
  return c.logs.filter((l) => !stream || l.stream === stream).map((l) => l.text);
}

/** Runs `sh -c script` in a fresh busybox container until it exits (or `maxMs`), returning its output. */
export function runScript(script: string, opts: Parameters<typeof startContainer>[1] & { maxMs?: number; shell?: string } = {}) {
  const c = startContainer([opts.shell ?? 'sh', '-c', script], opts);
  const deadline = c.nowMs + (opts.maxMs ?? 3_600_000);
  while (c.main.state.exitCode === null && c.main.wakeAtMs !== null && c.main.wakeAtMs <= deadline) advance(c, c.main.wakeAtMs - c.nowMs);
  return { c, exitCode: c.main.state.exitCode, stdout: logText(c, 'stdout'), stderr: logText(c, 'stderr'), elapsedMs: c.nowMs };
}
