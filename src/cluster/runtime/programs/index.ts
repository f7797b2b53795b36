/**
 * The programs that run in containers, behind the contract of types.ts: spawn one from an argv
 * (after the runtime applied Kubernetes' command/args rules), run it until it blocks, deliver a
 * network answer or a signal, ask it for HTTP/TCP/gRPC answers and its memory. The program is
 * chosen by argv[0]'s base name; all state is plain data (program.ts, sh/state.ts).
 */
import { agnhostModule, spawnAgnhost } from './images/agnhost.ts';
import { appModule, spawnApp } from './images/app.ts';
import { entrypointModule, nginxModule, spawnEntrypoint, spawnNginx } from './images/nginx.ts';
import { perlModule, spawnPerl } from './images/perl.ts';
import {
  BOUND_BINARIES, boundModule, goproxyModule, httpdModule, pauseModule, pythonModule, redisModule, spawnBound, spawnGoproxy, spawnHttpd, spawnPause, spawnPython,
  spawnRedis, spawnUnmodelled, unmodelledModule,
} from './images/servers.ts';
import { spawnStress, stressModule } from './images/stress.ts';
import { basename, pidOf, replaceProcess, SIGNAL_NUMBER, type Host, type ProgramBase, type ProgramModule, type ServeIo } from './program.ts';
import { SHELLS, UTILITIES } from './sh/utilities.ts';
import { shellModule, spawnShell } from './sh/shell.ts';
import { flushLogs, type ShState } from './sh/state.ts';
import { httpDate } from '../../../kernel/index.ts';
import type { ContainerFs, HttpRequest, HttpResponse, NetworkResult, ProcessState, ProgramContext, Signal, Syscall } from './types.ts';
import { withField } from '../../../api/objects.ts';

export type { ProgramBase } from './program.ts';

const MODULES: Record<string, ProgramModule> = {
  sh: shellModule, nginx: nginxModule, 'nginx-entrypoint': entrypointModule, agnhost: agnhostModule, perl: perlModule, stress: stressModule, app: appModule,
  pause: pauseModule, goproxy: goproxyModule, httpd: httpdModule, redis: redisModule, python: pythonModule, bound: boundModule, unmodelled: unmodelledModule,
};

/** Access-log lines kept for a process while no context is at hand to write them. */
const PENDING_LOG_LIMIT = 1000;

type Spawner = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) => ProgramBase;

function spawnerFor(base: string, binaries: string[]): Spawner {
  if (SHELLS.has(base)) return spawnShell;
  switch (base) {
    case 'docker-entrypoint.sh':
      if (binaries.includes('nginx')) return spawnEntrypoint;
      // redis's entrypoint (run as the redis user, then `exec "$@"`).
      return (argv, env, bins, now, image) => (argv.length > 1 ? spawnByName(argv.slice(1), env, bins, now, image) : spawnUnmodelled(argv, env, bins, now, image));
    case 'nginx': case 'nginx-debug': return spawnNginx;
    case 'agnhost': case 'agnhost-2': return spawnAgnhost;
    case 'perl': return spawnPerl;
    case 'stress': return spawnStress;
    case 'app': return spawnApp;
    case 'pause': return spawnPause;
    case 'goproxy': return spawnGoproxy;
    case 'httpd-foreground': case 'httpd': return spawnHttpd;
    case 'redis-server': return spawnRedis;
    case 'python': case 'python3': return spawnPython;
    // dumb-init runs its argument (after `--`) as its child.
    case 'dumb-init':
      return (argv, env, bins, now, image) => {
        const rest = argv.slice(argv[1] === '--' ? 2 : 1);
        return rest.length > 0 ? spawnByName(rest, env, bins, now, image) : spawnUnmodelled(argv, env, bins, now, image);
      };
  }
  if (BOUND_BINARIES.includes(base)) return spawnBound;
  // A utility run directly as the command (`sleep 3600`, `echo hi`, `cat /tmp/healthy`).
  if (UTILITIES[base] || base === 'exec') return spawnShell;
  return spawnUnmodelled;
}

function spawnByName(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): ProgramBase {
  return spawnerFor(basename(argv[0] ?? ''), binaries)(argv, env, binaries, nowMs, image);
}

/**
 * Starts a program. `binaries` are the image's executables by base name; argv[0] must be one of
 * them, or runc's exec fails with the text the runtime wraps into its StartError message.
 * `image` (optional) is the image reference, for output that differs between versions.
 */
export function spawnProgram(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image = ''): ProcessState | { error: string } {
  const first = argv[0] ?? '';
  if (!binaries.includes(basename(first))) return { error: `exec: "${first}": executable file not found in $PATH` };
  return spawnByName(argv, env, binaries, nowMs, image);
}

function moduleOf(p: ProcessState): ProgramModule {
  return MODULES[(p as ProgramBase).prog] ?? unmodelledModule;
}

function flushPending(p: ProgramBase, ctx: ProgramContext): void {
  for (const line of p.pendingLog.splice(0)) ctx.write(line.stream, line.text);
}

/** Runs the process until it blocks; an exited process answers its exit again. */
export function runProgram(p: ProcessState, ctx: ProgramContext): Syscall {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return { kind: 'exit', code: s.exitCode };
  // Called again while it runs (it signalled itself and the runtime drove it): the outer call
  // is still going and will say what it blocks on.
  if (s.running) return { kind: 'idle' };
  s.running = true;
  try {
    pidOf(s, ctx);
    flushPending(s, ctx);
    for (;;) {
      const prog = s.prog;
      const sc = moduleOf(s).run(s, ctx, HOST);
      if (s.exitCode !== null) return { kind: 'exit', code: s.exitCode };
      if (s.prog !== prog) continue; // exec'd into another program: run that one now
      if (sc.kind === 'exit') s.exitCode = sc.code;
      return sc;
    }
  } finally {
    s.running = false;
  }
}

/** Hands a network answer (http/dns syscall) back to the process. */
export function resumeProgram(p: ProcessState, result: NetworkResult): void {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return;
  moduleOf(s).resume?.(s, result, HOST);
}

/**
 * Delivers a signal. KILL always ends the process (137). Any other signal goes to the program's
 * handler if it has one; with none, PID 1 ignores it (pid_namespaces(7): the kernel delivers
 * to a namespace's init only the signals it has a handler for) and any other process dies of it.
 */
export function signalProgram(p: ProcessState, sig: Signal, ctx: ProgramContext): { exited: boolean; exitCode: number | null } {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return { exited: true, exitCode: s.exitCode };
  const dies = (code: number) => {
    if (s.prog === 'sh') flushLogs(s as ShState, ctx);
    s.exitCode = code;
    return { exited: true, exitCode: code };
  };
  if (sig === 'KILL') return dies(128 + SIGNAL_NUMBER.KILL);
  pidOf(s, ctx);
  const outcome = moduleOf(s).signal?.(s, sig, ctx, HOST) ?? { action: 'default' as const };
  switch (outcome.action) {
    case 'exit':
      return dies(outcome.code);
    case 'handled':
      return { exited: false, exitCode: null };
    case 'default':
      if ((s.pid ?? 1) === 1) return { exited: false, exitCode: null };
      return dies(128 + SIGNAL_NUMBER[sig]);
  }
}

/**
 * An HTTP request to the process; null when it does not listen on that port (connection
 * refused). Pass the context when there is one: servers then log the request at once and read
 * the container's current files; without it they log on their next run and serve the files as
 * they were then.
 */
export function serveHttp(p: ProcessState, req: HttpRequest, nowMs: number, ctx?: ProgramContext): HttpResponse | null {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return null;
  return serveWith(s, req, nowMs, ctx ? { log: (stream, text) => ctx.write(stream, text), fs: ctx.fs } : null);
}

/**
 * serveHttp with the io the server writes its log to and reads its files from, as serveHttp with
 * a context builds it (the runtime's probe path, without a context and two closures per request).
 */
export function serveHttpWith(p: ProcessState, req: HttpRequest, nowMs: number, io: ServeIo): HttpResponse | null {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return null;
  const mod = moduleOf(s);
  if (mod.serve === undefined) return null;
  return mod.serve(s, req, nowMs, io, HOST) ?? null;
}

/** Programs written in Go answer through net/http. */
const GO_SERVERS = new Set(['agnhost', 'app', 'goproxy']);

/**
 * The response headers of servers whose headers are modelled, when the program did not set
 * them: Go's net/http writes Date, Content-Length and the sniffed Content-Type, in that order
 * (net/http server.go extraHeader.Write; DetectContentType gives text/plain or text/html with
 * charset=utf-8). Others keep none (curl -v then prints only the status line and Content-Length).
 */
export function withServerHeaders(p: ProcessState, r: HttpResponse | null, nowMs: number): HttpResponse | null {
  const s = p as ProgramBase;
  if (!r || r.headers || !GO_SERVERS.has(s.prog)) return r;
  const type = /^\s*<(!DOCTYPE html|html|head|body)/i.test(r.body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
  return withField(r, 'headers', [['Date', httpDate(nowMs)], ['Content-Length', String(utf8Bytes(r.body))], ['Content-Type', type]] as [string, string][]);
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function serveWith(s: ProgramBase, req: HttpRequest, nowMs: number, io: ServeIo | null): HttpResponse | null {
  const log: ServeIo['log'] =
    io?.log ??
    ((stream, text) => {
      s.pendingLog.push({ stream, text });
      if (s.pendingLog.length > PENDING_LOG_LIMIT) s.pendingLog.shift();
    });
  return moduleOf(s).serve?.(s, req, nowMs, { log, fs: io?.fs ?? null }, HOST) ?? null;
}

/** Whether a TCP connection to the port would be accepted (tcpSocket probes). */
export function listensOn(p: ProcessState, port: number, nowMs: number): boolean {
  const s = p as ProgramBase;
  return s.exitCode === null && (moduleOf(s).listens?.(s, port, nowMs, HOST) ?? false);
}

/** The gRPC health service's answer on that port, or null when nothing serves gRPC there. */
export function grpcHealth(p: ProcessState, port: number, nowMs: number): 'SERVING' | 'NOT_SERVING' | null {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return null;
  return moduleOf(s).grpc?.(s, port, nowMs, HOST) ?? null;
}

/** Resident memory in bytes now (what cgroup memory accounting and the OOM killer see). */
export function memoryBytes(p: ProcessState, nowMs: number): number {
  const s = p as ProgramBase;
  if (s.exitCode !== null) return 0;
  return moduleOf(s).memory?.(s, nowMs, HOST) ?? 1024 * 1024;
}

/** How far ahead memoryBytes searches for a crossing: a year of virtual time. */
const MEMORY_HORIZON_MS = 365 * 24 * 3_600_000;

/**
 * Milliseconds until resident memory reaches `bytes`: 0 if it already has, Infinity if it never
 * will. Programs' memory only grows with time while they run, so a binary search finds the
 * first millisecond exactly.
 */
export function msUntilMemoryReaches(p: ProcessState, bytes: number, nowMs: number): number {
  if (memoryBytes(p, nowMs) >= bytes) return 0;
  if (memoryBytes(p, nowMs + MEMORY_HORIZON_MS) < bytes) return Infinity;
  let lo = 0;
  let hi = MEMORY_HORIZON_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (memoryBytes(p, nowMs + mid) >= bytes) hi = mid;
    else lo = mid;
  }
  return hi;
}

const HOST: Host = {
  spawn: (argv, env, binaries, nowMs, image) => {
    const r = spawnProgram(argv, env, binaries, nowMs, image);
    return 'error' in r ? { error: r.error as string } : (r as ProgramBase);
  },
  run: (p, ctx) => runProgram(p, ctx),
  resume: (p, result) => resumeProgram(p, result),
  signal: (p, sig, ctx) => signalProgram(p, sig, ctx),
  serve: (p, req, nowMs, io) => (p.exitCode === null ? serveWith(p, req, nowMs, io ?? null) : null),
  listens: (p, port, nowMs) => listensOn(p, port, nowMs),
  grpc: (p, port, nowMs) => grpcHealth(p, port, nowMs),
  memory: (p, nowMs) => memoryBytes(p, nowMs),
};

/** The filesystem type, re-exported for the runtime's convenience. */
export type { ContainerFs };
export { replaceProcess };
