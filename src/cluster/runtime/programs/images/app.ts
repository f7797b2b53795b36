/**
 * ghcr.io/k8sim/app: k8sim's own demo application (a small Go HTTP server), configured by
 * environment variables so that one image can play every part a lesson needs. Times count from
 * the process start; units are in the names.
 *
 *   PORT (8080)                 HTTP port; listened on after START_DELAY_SECONDS (0)
 *   READY_AFTER_SECONDS (0)     /ready is 503 before, 200 after
 *   NOT_READY_AT_SECONDS, READY_AGAIN_AT_SECONDS   /ready is 503 in between
 *   UNHEALTHY_AFTER_SECONDS     /healthz is 500 from then on
 *   CRASH_AFTER_SECONDS         logs `panic: simulated crash`, exits CRASH_EXIT_CODE (1)
 *   EXIT_AFTER_SECONDS          a batch job: exits EXIT_CODE (0)
 *   MEMORY_START_MI (16), MEMORY_GROWTH_MI_PER_SECOND (0)   resident memory
 *   SHUTDOWN_SECONDS (0)        on SIGTERM: drains that long, then exits 0; `never` ignores SIGTERM
 *   GRPC_PORT                   gRPC health: SERVING while healthy and ready
 *   APP_VERSION                 shown by / (the image sets it; else the image's tag)
 */
import { baseState, envNumber, exitWith, goDefaultSignal, MiB, pidOf, type ProgramBase, type ProgramModule, type SignalOutcome } from '../program.ts';
import type { HttpRequest, HttpResponse, ProgramContext, Signal, Syscall } from '../types.ts';

export interface AppConfig {
  port: number;
  startDelayMs: number;
  readyAfterMs: number;
  notReadyAtMs: number;
  readyAgainAtMs: number;
  unhealthyAfterMs: number;
  crashAfterMs: number;
  crashExitCode: number;
  exitAfterMs: number;
  exitCode: number;
  memoryStartBytes: number;
  memoryGrowthBytesPerMs: number;
  shutdownMs: number;
  grpcPort: number | null;
  version: string;
  hostname: string;
}

export interface AppState extends ProgramBase {
  prog: 'app';
  cfg: AppConfig;
  announced: boolean;
  listening: boolean;
  drainUntilMs: number | null;
}

/** The tag of an image reference (`ghcr.io/k8sim/app:2.0` → `2.0`), or null. */
function imageTag(image: string): string | null {
  const m = /:([\w][\w.-]*)$/.exec(image.replace(/@.*$/, ''));
  return m && !m[1]!.includes('/') ? m[1]! : null;
}

export function appConfig(env: Record<string, string>, image = ''): AppConfig {
  const ms = (key: string, fallback: number) => envNumber(env, key, fallback) * 1000;
  return {
    port: envNumber(env, 'PORT', 8080),
    startDelayMs: ms('START_DELAY_SECONDS', 0),
    readyAfterMs: ms('READY_AFTER_SECONDS', 0),
    notReadyAtMs: ms('NOT_READY_AT_SECONDS', Infinity),
    readyAgainAtMs: ms('READY_AGAIN_AT_SECONDS', Infinity),
    unhealthyAfterMs: ms('UNHEALTHY_AFTER_SECONDS', Infinity),
    crashAfterMs: ms('CRASH_AFTER_SECONDS', Infinity),
    crashExitCode: envNumber(env, 'CRASH_EXIT_CODE', 1),
    exitAfterMs: ms('EXIT_AFTER_SECONDS', Infinity),
    exitCode: envNumber(env, 'EXIT_CODE', 0),
    memoryStartBytes: envNumber(env, 'MEMORY_START_MI', 16) * MiB,
    memoryGrowthBytesPerMs: (envNumber(env, 'MEMORY_GROWTH_MI_PER_SECOND', 0) * MiB) / 1000,
    shutdownMs: ms('SHUTDOWN_SECONDS', 0),
    grpcPort: env['GRPC_PORT'] ? Number(env['GRPC_PORT']) : null,
    version: env['APP_VERSION'] ?? imageTag(image) ?? 'unknown',
    hostname: env['HOSTNAME'] ?? 'localhost',
  };
}

export function spawnApp(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): AppState {
  return Object.assign(baseState('app', 'app', argv, env, binaries, nowMs, image), { prog: 'app' as const, cfg: appConfig(env, image), announced: false, listening: false, drainUntilMs: null });
}

function age(p: AppState, nowMs: number): number {
  return nowMs - p.startedAtMs;
}

export function appListening(p: AppState, nowMs: number): boolean {
  return p.exitCode === null && age(p, nowMs) >= p.cfg.startDelayMs;
}

export function appReady(p: AppState, nowMs: number): boolean {
  const t = age(p, nowMs);
  return t >= p.cfg.readyAfterMs && !(t >= p.cfg.notReadyAtMs && t < p.cfg.readyAgainAtMs) && p.drainUntilMs === null;
}

export function appHealthy(p: AppState, nowMs: number): boolean {
  return age(p, nowMs) < p.cfg.unhealthyAfterMs;
}

function runApp(p: AppState, ctx: ProgramContext): Syscall {
  pidOf(p, ctx);
  const c = p.cfg;
  const t = age(p, ctx.nowMs);
  if (!p.announced) {
    p.announced = true;
    ctx.write('stdout', `app version ${c.version} starting (pid ${p.pid})`);
  }
  if (p.drainUntilMs !== null) {
    if (ctx.nowMs < p.drainUntilMs) return { kind: 'sleep', ms: p.drainUntilMs - ctx.nowMs };
    ctx.write('stdout', 'drained, exiting');
    return exitWith(p, 0);
  }
  if (!p.listening && t >= c.startDelayMs) {
    p.listening = true;
    ctx.write('stdout', `listening on :${c.port}`);
    if (c.grpcPort !== null) ctx.write('stdout', `grpc health listening on :${c.grpcPort}`);
  }
  if (t >= c.crashAfterMs) {
    ctx.write('stderr', 'panic: simulated crash');
    ctx.write('stderr', '');
    ctx.write('stderr', 'goroutine 1 [running]:');
    ctx.write('stderr', 'main.main()');
    return exitWith(p, c.crashExitCode);
  }
  if (t >= c.exitAfterMs) {
    ctx.write('stdout', `work done after ${c.exitAfterMs / 1000}s, exiting with code ${c.exitCode}`);
    return exitWith(p, c.exitCode);
  }
  const next = Math.min(p.listening ? Infinity : c.startDelayMs, c.crashAfterMs, c.exitAfterMs);
  return Number.isFinite(next) ? { kind: 'sleep', ms: next - t } : { kind: 'idle' };
}

function signalApp(p: AppState, sig: Exclude<Signal, 'KILL'>, ctx: ProgramContext): SignalOutcome {
  if (sig !== 'TERM' && sig !== 'INT') return goDefaultSignal(p, sig);
  const name = `SIG${sig}`;
  if (p.cfg.shutdownMs === Infinity) {
    ctx.write('stdout', `received ${name}, ignoring it (SHUTDOWN_SECONDS=never)`);
    return { action: 'handled' };
  }
  if (p.drainUntilMs !== null) return { action: 'handled' };
  ctx.write('stdout', `received ${name}, draining for ${p.cfg.shutdownMs / 1000}s`);
  if (p.cfg.shutdownMs <= 0) return { action: 'exit', code: 0 };
  p.drainUntilMs = ctx.nowMs + p.cfg.shutdownMs;
  return { action: 'handled' };
}

function serveApp(p: AppState, req: HttpRequest, nowMs: number): HttpResponse | null {
  if (req.port !== p.cfg.port || !appListening(p, nowMs)) return null;
  switch (req.path.replace(/\?.*$/, '')) {
    case '/':
      return { status: 200, body: `hello from ${p.cfg.hostname} (version ${p.cfg.version})\n` };
    case '/healthz':
      return appHealthy(p, nowMs) ? { status: 200, body: 'ok\n' } : { status: 500, body: 'unhealthy\n' };
    case '/ready':
    case '/readyz':
      return appReady(p, nowMs) ? { status: 200, body: 'ready\n' } : { status: 503, body: 'not ready\n' };
    case '/version':
      return { status: 200, body: `${p.cfg.version}\n` };
    default:
      return { status: 404, body: '404 page not found\n' };
  }
}

export const appModule: ProgramModule = {
  run: (p, ctx) => runApp(p as AppState, ctx),
  signal: (p, sig, ctx) => signalApp(p as AppState, sig, ctx),
  serve: (p, req, nowMs) => serveApp(p as AppState, req, nowMs),
  listens: (p, port, nowMs) => {
    const s = p as AppState;
    return appListening(s, nowMs) && (port === s.cfg.port || port === s.cfg.grpcPort);
  },
  grpc: (p, port, nowMs) => {
    const s = p as AppState;
    if (port !== s.cfg.grpcPort || !appListening(s, nowMs)) return null;
    return appHealthy(s, nowMs) && appReady(s, nowMs) ? 'SERVING' : 'NOT_SERVING';
  },
  memory: (p, nowMs) => {
    const s = p as AppState;
    return Math.round(s.cfg.memoryStartBytes + s.cfg.memoryGrowthBytesPerMs * Math.max(0, age(s, nowMs)));
  },
};
