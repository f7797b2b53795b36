/**
 * The other images' main programs: the pause container, goproxy (the kubernetes.io TCP probe
 * example), httpd, redis, `python3 -m http.server`, the control-plane binaries, and a stand-in
 * for any program k8sim does not model (it says so in the log and exits 1).
 */
import { accessLogTime, civilTime, MONTHS, WEEKDAYS } from '../clock.ts';
import { baseState, basename, exitWith, goDefaultSignal, MiB, pidOf, SIGNAL_TEXT, snapshotFiles, type ProgramBase, type ProgramModule, type SignalOutcome } from '../program.ts';
import type { HttpResponse, ProgramContext, Syscall } from '../types.ts';
import { byteOrder } from '../sh/fsutil.ts';

export interface ServerState extends ProgramBase {
  started: boolean;
  port: number;
  /** The document root's files as of the last run (serveHttp may get no filesystem). */
  files: Record<string, string>;
  /** python: -u or PYTHONUNBUFFERED (else stdout is block-buffered and its lines never show). */
  unbuffered: boolean;
  mode: string;
}

function server(prog: string, comm: string, argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string, port: number, mode = ''): ServerState {
  return Object.assign(baseState(prog, comm, argv, env, binaries, nowMs, image), { started: false, port, files: {}, unbuffered: false, mode });
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// ---------------------------------------------------------------------------------------------
// registry.k8s.io/pause (kubernetes build/pause/linux/pause.c): sleeps in pause(2) forever;
// SIGINT/SIGTERM → psignal "Shutting down, got signal" and exit 0.

export const spawnPause = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) => server('pause', 'pause', argv, env, binaries, nowMs, image, 0);

export const pauseModule: ProgramModule = {
  run(p, ctx) {
    const s = p as ServerState;
    if (!s.started) {
      s.started = true;
      if (pidOf(s, ctx) !== 1) ctx.write('stderr', 'Warning: pause should be the first process');
    }
    return { kind: 'idle' };
  },
  signal(_p, sig, ctx): SignalOutcome {
    if (sig !== 'INT' && sig !== 'TERM') return { action: 'default' };
    ctx.write('stderr', `Shutting down, got signal: ${SIGNAL_TEXT[sig]}`);
    return { action: 'exit', code: 0 };
  },
  memory: () => 256 * 1024,
};

// ---------------------------------------------------------------------------------------------
// registry.k8s.io/goproxy: an HTTP proxy on :8080 (github.com/elazarl/goproxy); a plain GET is
// not a proxy request and gets its 500.

export const spawnGoproxy = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) => server('goproxy', 'goproxy', argv, env, binaries, nowMs, image, 8080);

export const goproxyModule: ProgramModule = {
  run(p) {
    (p as ServerState).started = true;
    return { kind: 'idle' };
  },
  signal: (p, sig) => goDefaultSignal(p, sig),
  serve: (p, req) => (req.port === 8080 && (p as ServerState).started ? { status: 500, body: 'This is a proxy server. Does not respond to non-proxy requests.\n' } : null),
  listens: (p, port) => (p as ServerState).started && port === 8080,
  memory: () => 6 * MiB,
};

// ---------------------------------------------------------------------------------------------
// httpd (Apache 2.4, the official image): `httpd-foreground` → `httpd -DFOREGROUND`; error log
// on stderr, access log (common format) on stdout; SIGTERM "caught SIGTERM, shutting down".

const HTDOCS = '/usr/local/apache2/htdocs';
export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

function apacheTime(ms: number): string {
  const t = civilTime(ms);
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.millisecond * 1000, 6)} ${t.year}`;
}

export const spawnHttpd = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) => server('httpd', 'httpd', argv, env, binaries, nowMs, image, 80);

export const httpdModule: ProgramModule = {
  run(p, ctx) {
    const s = p as ServerState;
    const pid = pidOf(s, ctx);
    s.files = snapshotFiles(ctx.fs, HTDOCS);
    if (!s.started) {
      s.started = true;
      const version = (s.env['HTTPD_VERSION'] ?? '2.4.62').replace(/-.*$/, '');
      ctx.write('stderr', `[${apacheTime(ctx.nowMs)}] [mpm_event:notice] [pid ${pid}:tid ${pid}] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`);
      ctx.write('stderr', `[${apacheTime(ctx.nowMs)}] [core:notice] [pid ${pid}:tid ${pid}] AH00094: Command line: 'httpd -D FOREGROUND'`);
    }
    return { kind: 'idle' };
  },
  signal(p, sig, ctx): SignalOutcome {
    const pid = p.pid ?? 1;
    if (sig === 'TERM' || sig === 'INT') {
      ctx.write('stderr', `[${apacheTime(ctx.nowMs)}] [mpm_event:notice] [pid ${pid}:tid ${pid}] AH00491: caught SIG${sig}, shutting down`);
      return { action: 'exit', code: 0 };
    }
    if (sig === 'HUP') {
      ctx.write('stderr', `[${apacheTime(ctx.nowMs)}] [mpm_event:notice] [pid ${pid}:tid ${pid}] AH00493: SIGHUP received.  Attempting to restart`);
      return { action: 'handled' };
    }
    return { action: 'default' };
  },
  serve(p, req, nowMs, io) {
    const s = p as ServerState;
    if (!s.started || req.port !== 80) return null;
    const path = req.path.replace(/\?.*$/, '');
    const file = `${HTDOCS}${path.endsWith('/') ? `${path}index.html` : path}`;
    const content = io.fs ? io.fs.files[file] : s.files[file];
    const res: HttpResponse = content !== undefined ? { status: 200, body: content } : file === `${HTDOCS}/index.html` ? { status: 200, body: HTTPD_INDEX } : { status: 404, body: HTTPD_404 };
    io.log('stdout', `${req.clientIp ?? '127.0.0.1'} - - [${accessLogTime(nowMs)}] "GET ${req.path} HTTP/1.1" ${res.status} ${res.body.length}`);
    return res;
  },
  listens: (p, port) => (p as ServerState).started && port === 80,
  memory: () => 8 * MiB,
};

// ---------------------------------------------------------------------------------------------
// redis-server: its start-up log, a TCP listener on 6379 (not HTTP: an HTTP probe of it is not
// modelled), and a clean shutdown on SIGTERM/SIGINT.

function redisTime(ms: number): string {
  const t = civilTime(ms);
  return `${pad(t.day)} ${MONTHS[t.month - 1]} ${t.year} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.millisecond, 3)}`;
}

export const spawnRedis = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) => {
  const portArg = argv.indexOf('--port');
  return server('redis', 'redis-server', argv, env, binaries, nowMs, image, portArg >= 0 ? Number(argv[portArg + 1]) : 6379);
};

export const redisModule: ProgramModule = {
  run(p, ctx) {
    const s = p as ServerState;
    const pid = pidOf(s, ctx);
    if (!s.started) {
      s.started = true;
      const t = redisTime(ctx.nowMs);
      const v = s.env['REDIS_VERSION'] ?? '7.4.1';
      ctx.write('stdout', `${pid}:C ${t} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`);
      ctx.write('stdout', `${pid}:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`);
      ctx.write('stdout', `${pid}:C ${t} * Redis version=${v}, bits=64, commit=00000000, modified=0, pid=${pid}, just started`);
      ctx.write('stdout', `${pid}:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`);
      ctx.write('stdout', `${pid}:M ${t} * monotonic clock: POSIX clock_gettime`);
      ctx.write('stdout', `${pid}:M ${t} * Running mode=standalone, port=${s.port}.`);
      ctx.write('stdout', `${pid}:M ${t} * Server initialized`);
      ctx.write('stdout', `${pid}:M ${t} * Ready to accept connections tcp`);
    }
    return { kind: 'idle' };
  },
  signal(p, sig, ctx): SignalOutcome {
    if (sig !== 'TERM' && sig !== 'INT') return { action: 'default' };
    const pid = p.pid ?? 1;
    const t = redisTime(ctx.nowMs);
    ctx.write('stdout', `${pid}:signal-handler (${civilTime(ctx.nowMs).unixSeconds}) Received SIG${sig} scheduling shutdown...`);
    ctx.write('stdout', `${pid}:M ${t} * User requested shutdown...`);
    ctx.write('stdout', `${pid}:M ${t} * Saving the final RDB snapshot before exiting.`);
    ctx.write('stdout', `${pid}:M ${t} * DB saved on disk`);
    ctx.write('stdout', `${pid}:M ${t} # Redis is now ready to exit, bye bye...`);
    return { action: 'exit', code: 0 };
  },
  listens: (p, port) => (p as ServerState).started && port === (p as ServerState).port,
  memory: () => 4 * MiB,
};

// ---------------------------------------------------------------------------------------------
// python3: `-m http.server [PORT]` serves the working directory (/); with no arguments and no
// terminal it reads an empty program from stdin and exits 0. Python has no SIGTERM handler (as
// PID 1 it ignores SIGTERM); SIGINT raises KeyboardInterrupt, which http.server catches.

const PY_404 = '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n';

export function spawnPython(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): ServerState {
  const args = argv.slice(1);
  const m = args.indexOf('-m');
  let mode = args.length === 0 ? 'stdin' : 'unsupported';
  let port = 0;
  if (m >= 0 && args[m + 1] === 'http.server') {
    mode = 'http.server';
    port = Number(args.slice(m + 2).find((a) => /^\d+$/.test(a)) ?? 8000);
  }
  const s = server('python', basename(argv[0] ?? 'python3'), argv, env, binaries, nowMs, image, port, mode);
  s.unbuffered = args.includes('-u') || !!env['PYTHONUNBUFFERED'];
  return s;
}

function pyLogTime(ms: number): string {
  return accessLogTime(ms).replace(/:(\d\d:\d\d:\d\d) \+0000$/, ' $1');
}

export const pythonModule: ProgramModule = {
  run(p, ctx) {
    const s = p as ServerState;
    if (s.mode === 'stdin') return exitWith(s, 0);
    if (s.mode === 'unsupported') {
      ctx.write('stderr', `k8sim does not model '${s.argv.join(' ')}' yet (modelled: python3 -m http.server [PORT])`);
      return exitWith(s, 1);
    }
    s.files = snapshotFiles(ctx.fs, '');
    if (!s.started) {
      s.started = true;
      if (s.unbuffered) ctx.write('stdout', `Serving HTTP on 0.0.0.0 port ${s.port} (http://0.0.0.0:${s.port}/) ...`);
    }
    return { kind: 'idle' };
  },
  signal(p, sig, ctx): SignalOutcome {
    const s = p as ServerState;
    if (sig === 'INT' && s.mode === 'http.server') {
      if (s.unbuffered) {
        ctx.write('stdout', '');
        ctx.write('stdout', 'Keyboard interrupt received, exiting.');
      }
      return { action: 'exit', code: 0 };
    }
    return { action: 'default' };
  },
  serve(p, req, nowMs, io) {
    const s = p as ServerState;
    if (!s.started || s.mode !== 'http.server' || req.port !== s.port) return null;
    const files = io.fs ? io.fs.files : s.files;
    const path = decodeURIComponent(req.path.replace(/\?.*$/, ''));
    const line = (status: number) => io.log('stderr', `${req.clientIp ?? '127.0.0.1'} - - [${pyLogTime(nowMs)}] "GET ${req.path} HTTP/1.1" ${status} -`);
    if (files[path] !== undefined && !path.endsWith('/')) {
      line(200);
      return { status: 200, body: files[path]! };
    }
    const dir = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const k of Object.keys(files)) if (k.startsWith(dir) && k !== dir) names.add(k.slice(dir.length).split('/')[0]! + (k.slice(dir.length).includes('/') ? '/' : ''));
    if (dir === '/' || names.size > 0) {
      line(200);
      const items = [...names].sort(byteOrder).map((n) => `<li><a href="${n}">${n}</a></li>\n`).join('');
      return { status: 200, body: `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for ${dir}</title>\n</head>\n<body>\n<h1>Directory listing for ${dir}</h1>\n<hr>\n<ul>\n${items}</ul>\n<hr>\n</body>\n</html>\n` };
    }
    io.log('stderr', `${req.clientIp ?? '127.0.0.1'} - - [${pyLogTime(nowMs)}] code 404, message File not found`);
    line(404);
    return { status: 404, body: PY_404 };
  },
  listens: (p, port) => (p as ServerState).started && (p as ServerState).mode === 'http.server' && port === (p as ServerState).port,
  memory: () => 12 * MiB,
};

// ---------------------------------------------------------------------------------------------
// Control-plane binaries. The simulation binds these containers to its own models of etcd, the
// apiserver, the controller manager, the scheduler, kube-proxy, CoreDNS and flannel; as
// processes they only need to be valid and idle. They shut down cleanly on SIGTERM.

export const BOUND_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'coredns', 'flanneld', 'nginx-ingress-controller'];

export const spawnBound = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) =>
  server('bound', basename(argv[0] ?? ''), argv, env, binaries, nowMs, image, 0);

export const boundModule: ProgramModule = {
  run: () => ({ kind: 'idle' }),
  signal: (_p, sig) => (sig === 'TERM' || sig === 'INT' ? { action: 'exit', code: 0 } : { action: 'default' }),
  memory: (p) => ({ etcd: 60, 'kube-apiserver': 250, 'kube-controller-manager': 60, 'kube-scheduler': 25, 'kube-proxy': 20, coredns: 15, flanneld: 15, 'nginx-ingress-controller': 90 } as Record<string, number>)[p.comm]! * MiB,
};

// ---------------------------------------------------------------------------------------------

export const spawnUnmodelled = (argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string) =>
  server('unmodelled', basename(argv[0] ?? '').slice(0, 15), argv, env, binaries, nowMs, image, 0);

export const unmodelledModule: ProgramModule = {
  run(p, ctx: ProgramContext): Syscall {
    ctx.write('stderr', `k8sim does not model '${basename(p.argv[0] ?? '')}' yet: this container's program cannot run here`);
    return exitWith(p, 1);
  },
};
