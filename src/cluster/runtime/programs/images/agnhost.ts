/**
 * agnhost, the Kubernetes e2e test image (kubernetes/kubernetes test/images/agnhost): one Go
 * binary with cobra subcommands. Modelled:
 *   liveness        liveness/server.go: :8080 /healthz is 200 "ok" while the process is at most
 *                   10 s old, then 500 "error: <seconds>"; /started reports the age.
 *   netexec         netexec/netexec.go: HTTP on --http-port (8080): / "NOW: <time>", /hostname,
 *                   /echo?msg=, /clientip, /healthz; each request logged ("GET /path").
 *   serve-hostname  serve_hostname.go: the hostname on --port (9376); on SIGTERM it logs, waits
 *                   60 s ("Awaiting pod deletion.") and exits 0.
 *   pause           pause/pause.go: prints "Paused"; SIGINT exits 1, SIGTERM exits 2
 *                   (after --delay-shutdown seconds).
 *   test-webserver  a Go file server of / on port 80.
 *   grpc-health-checking  gRPC health on --port (5000); /make-serving, /make-not-serving on
 *                   --http-port (8080) flip it.
 * Signals the Go code does not handle take Go's default (program.ts goDefaultSignal).
 */
import { fnv1a32 } from '../../../../kernel/index.ts';
import { goDuration, goTimeNow, slashDateTime } from '../clock.ts';
import { baseState, exitWith, flagValue, goDefaultSignal, pidOf, type ProgramBase, type ProgramModule, type ServeIo, type SignalOutcome } from '../program.ts';
import type { HttpRequest, HttpResponse, ProgramContext, Signal, Syscall } from '../types.ts';
import { isDir, isFile, listDir } from '../sh/fsutil.ts';

const MODELLED = ['grpc-health-checking', 'liveness', 'netexec', 'pause', 'serve-hostname', 'test-webserver'];
/** agnhost's other subcommands: they exist, k8sim does not run them. */
const KNOWN = [
  'audit-proxy', 'connect', 'crd-conversion-webhook', 'dns-server-list', 'dns-suffix', 'entrypoint-tester', 'etc-hosts', 'fake-gitserver', 'guestbook',
  'inclusterclient', 'logs-generator', 'mounttest', 'mounttest-user', 'net', 'nettest', 'no-snat-test', 'no-snat-test-proxy', 'port-forward-tester', 'porter',
  'resource-consumer-controller', 'tcp-reset', 'webhook',
];

/** liveness/server.go: healthy for this long after start. */
export const LIVENESS_HEALTHY_SECONDS = 10;
/** serve_hostname.go: after SIGTERM it sleeps this long before exiting. */
export const SERVE_HOSTNAME_DRAIN_MS = 60_000;

export interface AgnhostState extends ProgramBase {
  prog: 'agnhost';
  sub: string;
  /** The HTTP port the subcommand listens on (0: none). */
  port: number;
  grpcPort: number;
  serving: boolean;
  started: boolean;
  /** Set when a handled SIGTERM is running its course: exit with `code` at `atMs`. */
  exitAt: { atMs: number; code: number; line: string | null } | null;
  delayShutdownSeconds: number;
  /** The file server's view of the filesystem, as of the last run (serveHttp gets no fs). */
  files: Record<string, string>;
}

const NOT_FOUND = '404 page not found\n';

function defaultPort(sub: string): number {
  return ({ liveness: 8080, netexec: 8080, 'serve-hostname': 9376, 'test-webserver': 80, 'grpc-health-checking': 8080 } as Record<string, number>)[sub] ?? 0;
}

export function spawnAgnhost(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): AgnhostState {
  const sub = argv[1] ?? '';
  const args = argv.slice(2);
  const portFlag = sub === 'serve-hostname' ? 'port' : 'http-port';
  return Object.assign(baseState('agnhost', 'agnhost', argv, env, binaries, nowMs, image), {
    prog: 'agnhost' as const, sub,
    port: Number(flagValue(args, portFlag) ?? defaultPort(sub)), grpcPort: Number(flagValue(args, 'port') ?? 5000), serving: true, started: false,
    exitAt: null, delayShutdownSeconds: Number(flagValue(args, 'delay-shutdown') ?? 0), files: {},
  });
}

function goLog(ctx: { nowMs: number; write(s: 'stdout' | 'stderr', l: string): void }, text: string): void {
  ctx.write('stderr', `${slashDateTime(ctx.nowMs)} ${text}`);
}

function runAgnhost(p: AgnhostState, ctx: ProgramContext): Syscall {
  pidOf(p, ctx);
  if (p.exitAt) {
    if (ctx.nowMs < p.exitAt.atMs) return { kind: 'sleep', ms: p.exitAt.atMs - ctx.nowMs };
    if (p.exitAt.line) ctx.write('stdout', p.exitAt.line);
    return exitWith(p, p.exitAt.code);
  }
  if (p.started) return { kind: 'idle' };
  p.started = true;
  switch (p.sub) {
    case '':
      ctx.write('stderr', `k8sim does not model agnhost's help text; its subcommands: ${[...MODELLED, ...KNOWN].sort().join(', ')}`);
      return exitWith(p, 0);
    case 'liveness':
    case 'test-webserver':
      return { kind: 'idle' };
    case 'netexec':
      goLog(ctx, `Started HTTP server on port ${p.port}`);
      return { kind: 'idle' };
    case 'serve-hostname':
      goLog(ctx, `Serving on port ${p.port}.`);
      return { kind: 'idle' };
    case 'pause':
      ctx.write('stdout', 'Paused');
      return { kind: 'idle' };
    case 'grpc-health-checking':
      goLog(ctx, `gRPC server starting to listen on :${p.grpcPort}`);
      goLog(ctx, `http server starting to listen on :${p.port}`);
      return { kind: 'idle' };
  }
  if (KNOWN.includes(p.sub)) {
    ctx.write('stderr', `k8sim does not model 'agnhost ${p.sub}' yet (modelled: ${MODELLED.join(', ')})`);
    return exitWith(p, 1);
  }
  // cobra's answer to an unknown subcommand.
  ctx.write('stderr', `Error: unknown command "${p.sub}" for "agnhost"`);
  ctx.write('stderr', "Run 'agnhost --help' for usage.");
  return exitWith(p, 1);
}

function signalAgnhost(p: AgnhostState, sig: Exclude<Signal, 'KILL'>, ctx: ProgramContext): SignalOutcome {
  if (p.exitAt) return { action: 'handled' };
  if (p.sub === 'serve-hostname' && sig === 'TERM') {
    goLog(ctx, 'Shutting down after receiving signal: terminated.');
    goLog(ctx, 'Awaiting pod deletion.');
    p.exitAt = { atMs: ctx.nowMs + SERVE_HOSTNAME_DRAIN_MS, code: 0, line: null };
    return { action: 'handled' };
  }
  if (p.sub === 'pause' && (sig === 'TERM' || sig === 'INT')) {
    const code = sig === 'INT' ? 1 : 2;
    if (p.delayShutdownSeconds > 0) {
      ctx.write('stdout', `Sleeping ${p.delayShutdownSeconds} seconds before exit ...`);
      p.exitAt = { atMs: ctx.nowMs + p.delayShutdownSeconds * 1000, code, line: `exiting ${code}` };
      return { action: 'handled' };
    }
    ctx.write('stdout', `exiting ${code}`);
    return { action: 'exit', code };
  }
  return goDefaultSignal(p, sig);
}

function query(path: string): Record<string, string> {
  const q = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  const out: Record<string, string> = {};
  for (const kv of q.split('&').filter(Boolean)) {
    const [k, v = ''] = kv.split('=');
    out[decodeURIComponent(k!)] = decodeURIComponent(v.replace(/\+/g, ' '));
  }
  return out;
}

/** The client's port as Go's RemoteAddr shows it: an ephemeral port, derived so it is stable. */
function clientPort(req: HttpRequest, nowMs: number): number {
  return 32768 + (fnv1a32(`${req.clientIp ?? ''}/${nowMs}/${req.path}`) % 28232);
}

function serveAgnhost(p: AgnhostState, req: HttpRequest, nowMs: number, io: ServeIo): HttpResponse | null {
  if (!p.started || p.exitCode !== null || req.port !== p.port || p.port === 0) return null;
  const path = req.path.replace(/\?.*$/, '');
  const q = query(req.path);
  const hostname = p.env['HOSTNAME'] ?? 'localhost';
  const log = (text: string) => io.log('stderr', `${slashDateTime(nowMs)} ${text}`);
  switch (p.sub) {
    case 'liveness': {
      const seconds = (nowMs - p.startedAtMs) / 1000;
      if (path === '/healthz') return seconds > LIVENESS_HEALTHY_SECONDS ? { status: 500, body: `error: ${seconds}` } : { status: 200, body: 'ok' };
      if (path === '/started') return { status: 200, body: goDuration(nowMs - p.startedAtMs) };
      return { status: 404, body: NOT_FOUND };
    }
    case 'serve-hostname':
      log(`HTTP request from ${req.clientIp ?? '127.0.0.1'}:${clientPort(req, nowMs)}`);
      return { status: 200, body: hostname };
    case 'grpc-health-checking':
      if (path === '/make-serving' || path === '/make-not-serving') {
        p.serving = path === '/make-serving';
        return { status: 200, body: '' };
      }
      return { status: 404, body: NOT_FOUND };
    case 'test-webserver': {
      const fs = io.fs ? io.fs.files : p.files;
      if (fs[path] !== undefined && !path.endsWith('/')) return { status: 200, body: fs[path]! };
      const view = { files: fs };
      if (isDir(view, path.replace(/\/$/, '') || '/')) {
        const names = listDir(view, path.replace(/\/$/, '') || '/').map((n) => (isDir(view, `${path.replace(/\/$/, '')}/${n}`) && !isFile(view, `${path.replace(/\/$/, '')}/${n}`) ? `${n}/` : n));
        return { status: 200, body: `<pre>\n${names.map((n) => `<a href="${n}">${n}</a>\n`).join('')}</pre>\n` };
      }
      return { status: 404, body: NOT_FOUND };
    }
    case 'netexec': {
      switch (path) {
        case '/healthz':
          log('GET /healthz');
          return { status: 200, body: '' };
        case '/hostname':
        case '/hostName':
          log(`GET ${path}`);
          return { status: 200, body: hostname };
        case '/echo': {
          log(`GET /echo?msg=${q['msg'] ?? ''}&code=${q['code'] ?? ''}`);
          return { status: q['code'] ? Number(q['code']) : 200, body: q['msg'] ?? '' };
        }
        case '/clientip':
          log('GET /clientip');
          return { status: 200, body: `${req.clientIp ?? '127.0.0.1'}:${clientPort(req, nowMs)}` };
        case '/dial': case '/exit': case '/shell': case '/shutdown': case '/upload': case '/redirect':
          return { status: 501, body: `k8sim does not model agnhost netexec ${path} yet` };
        default:
          // The "/" handler of Go's ServeMux matches every other path.
          log('GET /');
          return { status: 200, body: `NOW: ${goTimeNow(nowMs, p.startedAtMs)}` };
      }
    }
  }
  return null;
}

export const agnhostModule: ProgramModule = {
  run(p, ctx) {
    const s = p as AgnhostState;
    if (s.sub === 'test-webserver') {
      s.files = {};
      for (const k of Object.keys(ctx.fs.files)) s.files[k] = ctx.fs.files[k]!;
    }
    return runAgnhost(s, ctx);
  },
  signal: (p, sig, ctx) => signalAgnhost(p as AgnhostState, sig, ctx),
  serve: (p, req, nowMs, io) => serveAgnhost(p as AgnhostState, req, nowMs, io),
  listens: (p, port) => {
    const s = p as AgnhostState;
    return s.started && s.exitCode === null && ((s.port !== 0 && port === s.port) || (s.sub === 'grpc-health-checking' && port === s.grpcPort));
  },
  grpc: (p, port) => {
    const s = p as AgnhostState;
    if (s.sub !== 'grpc-health-checking' || port !== s.grpcPort || !s.started) return null;
    return s.serving ? 'SERVING' : 'NOT_SERVING';
  },
  memory: () => 12 * 1024 * 1024,
};
