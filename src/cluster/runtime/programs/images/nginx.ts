/**
 * nginx as the official image runs it (github.com/nginxinc/docker-nginx):
 *   - /docker-entrypoint.sh logs its configuration steps to stdout, then `exec "$@"`;
 *   - `nginx -g 'daemon off;'` stays in the foreground as PID 1; its error log (stderr) is at
 *     `notice` level in the images that have the entrypoint (1.19 and later), so it prints its
 *     start-up notices; its access log (stdout) has a line per request in the `main` format;
 *   - it serves /usr/share/nginx/html on port 80 (files written there in the container win);
 *   - SIGQUIT (the image's STOPSIGNAL) is a graceful shutdown, SIGTERM/SIGINT a fast one, both
 *     exit 0; SIGHUP reloads. `nginx -s quit|stop|reload` signals the master.
 * Without `daemon off` nginx daemonizes: the process the container started exits 0 at once.
 */
import { accessLogTime, slashDateTime } from '../clock.ts';
import { baseState, exitWith, pidOf, replaceProcess, SIGNAL_NUMBER, snapshotFiles, utf8Length, type Host, type ProgramBase, type ProgramModule, type ServeIo, type SignalOutcome } from '../program.ts';
import type { HttpRequest, HttpResponse, ProgramContext, Signal, Syscall } from '../types.ts';

export interface NginxState extends ProgramBase {
  prog: 'nginx';
  mode: 'master' | 'signal' | 'test' | 'version' | 'daemon';
  version: string;
  alpine: boolean;
  signal: Signal | null;
  started: boolean;
  workers: number[];
  /** nginx's connection counter, as its error log numbers requests (`*3`). */
  connections: number;
  /** The html root as of the last run, for requests served without the filesystem at hand. */
  htmlFiles: Record<string, string>;
}

export interface EntrypointState extends ProgramBase {
  prog: 'nginx-entrypoint';
}

const DEFAULT_VERSION = '1.27.3';
export const NGINX_PORT = 80;
const HTML_ROOT = '/usr/share/nginx/html';

function versionAtLeast(v: string, major: number, minor: number): boolean {
  // Asked for every notice line nginx prints: the version is parsed once.
  let parsed = parsedVersions.get(v);
  if (parsed === undefined) {
    const m = /^(\d+)\.(\d+)/.exec(v);
    parsed = m ? [Number(m[1]), Number(m[2])] : null;
    if (parsedVersions.size >= 256) parsedVersions.clear();
    parsedVersions.set(v, parsed);
  }
  if (!parsed) return true;
  return parsed[0] > major || (parsed[0] === major && parsed[1] >= minor);
}
const parsedVersions = new Map<string, [number, number] | null>();

/** The image's default page: 615 bytes since 1.21 (with `color-scheme`), 612 before. */
/**
 * The nginx image's document root as the Debian package installs it: index.html (the welcome
 * page of that nginx version) and 50x.html. containerd lays it into an nginx container's
 * filesystem, so `ls`/`cat` there see what nginx serves, and a file written over them is what it
 * serves next. `references` are the image's tags and digests; `env` its (NGINX_VERSION). Other
 * images get nothing.
 */
export function nginxDocumentRoot(references: readonly string[], env: readonly string[]): Record<string, string> {
  if (!references.some((r) => /^docker\.io\/library\/nginx[:@]/.test(r))) return {};
  const version = (env.find((e) => e.startsWith('NGINX_VERSION='))?.slice('NGINX_VERSION='.length) ?? DEFAULT_VERSION).replace(/-.*$/, '');
  return { [`${HTML_ROOT}/50x.html`]: fiftyX(), [`${HTML_ROOT}/index.html`]: welcomePage(version) };
}

export function welcomePage(version: string): string {
  // Served on every probe of every nginx pod: built once per version.
  let page = welcomePages.get(version);
  if (page === undefined) welcomePages.set(version, (page = buildWelcomePage(version)));
  return page;
}
const welcomePages = new Map<string, string>();

function buildWelcomePage(version: string): string {
  const style = versionAtLeast(version, 1, 21)
    ? 'html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n'
    : '    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n';
  return (
    `<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n${style}</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n` +
    '<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n' +
    '<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n' +
    '<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n'
  );
}

/** nginx's built-in error pages (src/http/ngx_http_special_response.c), CRLF line ends. */
export function errorPage(status: number, reason: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

function versionOf(env: Record<string, string>): string {
  return (env['NGINX_VERSION'] ?? DEFAULT_VERSION).replace(/-.*$/, '');
}

export function spawnNginx(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): NginxState {
  const args = argv.slice(1);
  let mode: NginxState['mode'] = 'daemon';
  let signal: Signal | null = null;
  const sIndex = args.indexOf('-s');
  if (sIndex >= 0) {
    mode = 'signal';
    signal = ({ quit: 'QUIT', stop: 'TERM', reload: 'HUP', reopen: null } as Record<string, Signal | null>)[args[sIndex + 1] ?? ''] ?? null;
  } else if (args.includes('-t') || args.includes('-T')) mode = 'test';
  else if (args.includes('-v') || args.includes('-V')) mode = 'version';
  else {
    const g = args[args.indexOf('-g') + 1];
    if (args.includes('-g') && g && /daemon\s+off/.test(g)) mode = 'master';
  }
  return Object.assign(baseState('nginx', 'nginx', argv, env, binaries, nowMs, image), {
    prog: 'nginx' as const, mode, version: versionOf(env), alpine: binaries.includes('busybox'),
    signal, started: false, workers: [], connections: 0, htmlFiles: {},
  });
}

function notice(p: NginxState, ctx: { nowMs: number; write(s: 'stdout' | 'stderr', l: string): void }, text: string, pid = p.pid ?? 1): void {
  if (versionAtLeast(p.version, 1, 19)) ctx.write('stderr', `${slashDateTime(ctx.nowMs)} [notice] ${pid}#${pid}: ${text}`);
}

function pidFile(p: NginxState): string {
  return versionAtLeast(p.version, 1, 25) ? '/run/nginx.pid' : '/var/run/nginx.pid';
}

function runNginx(p: NginxState, ctx: ProgramContext): Syscall {
  const pid = pidOf(p, ctx);
  switch (p.mode) {
    case 'daemon':
      return exitWith(p, 0);
    case 'version':
      ctx.write('stderr', `nginx version: nginx/${p.version}`);
      return exitWith(p, 0);
    case 'test':
      ctx.write('stderr', 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok');
      ctx.write('stderr', 'nginx: configuration file /etc/nginx/nginx.conf test is successful');
      return exitWith(p, 0);
    case 'signal': {
      if (!p.signal) return exitWith(p, 0);
      ctx.write('stderr', `${slashDateTime(ctx.nowMs)} [notice] ${pid}#${pid}: signal process started`);
      // Out of the count first: it is the master's pid (from the pid file) that gets signalled.
      p.exitCode = 0;
      const masters = ctx.signalByName('nginx', p.signal);
      if (masters > 0) return { kind: 'exit', code: 0 };
      const err = `open() "${pidFile(p)}" failed (2: No such file or directory)`;
      ctx.write('stderr', `${slashDateTime(ctx.nowMs)} [error] ${pid}#${pid}: ${err}`);
      ctx.write('stderr', `nginx: [error] ${err}`);
      p.exitCode = 1;
      return { kind: 'exit', code: 1 };
    }
    case 'master':
      if (!p.started) {
        p.started = true;
        // Worker pids follow the processes the entrypoint's scripts used.
        p.workers = pid === 1 ? [29, 30] : [pid + 1, pid + 2];
        notice(p, ctx, 'using the "epoll" event method');
        notice(p, ctx, `nginx/${p.version}`);
        notice(p, ctx, p.alpine ? 'built by gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309) ' : 'built by gcc 12.2.0 (Debian 12.2.0-14) ');
        notice(p, ctx, 'OS: Linux 6.8.0-51-generic');
        notice(p, ctx, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
        notice(p, ctx, 'start worker processes');
        for (const w of p.workers) notice(p, ctx, `start worker process ${w}`);
      }
      return { kind: 'idle' };
  }
}

function signalNginx(p: NginxState, sig: Exclude<Signal, 'KILL'>, ctx: ProgramContext): SignalOutcome {
  if (p.mode !== 'master') return p.mode === 'signal' ? { action: 'handled' } : { action: 'default' };
  const n = SIGNAL_NUMBER[sig];
  if (sig === 'HUP') {
    notice(p, ctx, `signal ${n} (SIGHUP) received, reconfiguring`);
    notice(p, ctx, 'reconfiguring');
    return { action: 'handled' };
  }
  const graceful = sig === 'QUIT';
  notice(p, ctx, `signal ${n} (SIG${sig}) received, ${graceful ? 'shutting down' : 'exiting'}`);
  for (const w of p.workers) {
    if (graceful) notice(p, ctx, 'gracefully shutting down', w);
    notice(p, ctx, 'exiting', w);
    notice(p, ctx, 'exit', w);
  }
  for (const w of p.workers) {
    notice(p, ctx, `signal 17 (SIGCHLD) received from ${w}`);
    notice(p, ctx, `worker process ${w} exited with code 0`);
  }
  notice(p, ctx, 'exit');
  return { action: 'exit', code: 0 };
}

/** The first header (in the request's order) whose name matches, case-insensitively. `lower` is `name` lower-cased. */
function header(req: HttpRequest, name: string, lower: string): string | undefined {
  const headers = req.headers;
  if (headers === undefined) return undefined;
  // A key loop, not Object.keys: every probe of every nginx pod asks for two headers.
  for (const k in headers) if (k === name || k.toLowerCase() === lower) return headers[k];
  return undefined;
}

/** The file a probe of `/` asks for, and its path under the html root, built once. */
const INDEX_FILE = '/index.html';
const INDEX_PATH = `${HTML_ROOT}${INDEX_FILE}`;

/** utf8Length of the last body served: nearly every request serves the same page (the very same string). */
let lastBody = '';
let lastBodyBytes = 0;
function bodyBytes(body: string): number {
  if (body !== lastBody) {
    lastBodyBytes = utf8Length(body);
    lastBody = body;
  }
  return lastBodyBytes;
}

function serveNginx(p: NginxState, req: HttpRequest, nowMs: number, io: ServeIo): HttpResponse | null {
  if (p.mode !== 'master' || !p.started || req.port !== NGINX_PORT) return null;
  const log = io.log;
  const raw = req.path;
  // The regex changes nothing when there is no '?' or '#'.
  const path = (raw.indexOf('?') < 0 && raw.indexOf('#') < 0 ? raw : raw.replace(/[?#].*$/, '')) || '/';
  const file = path === '/' ? INDEX_FILE : path.endsWith('/') ? `${path}index.html` : path;
  const filePath = file === INDEX_FILE ? INDEX_PATH : `${HTML_ROOT}${file}`;
  let res: HttpResponse;
  const override = io.fs ? io.fs.files[filePath] : p.htmlFiles[filePath];
  if (override !== undefined) res = { status: 200, body: override };
  else if (file === '/index.html') res = { status: 200, body: welcomePage(p.version) };
  else if (file === '/50x.html') res = { status: 200, body: fiftyX() };
  else {
    res = { status: 404, body: errorPage(404, 'Not Found', p.version) };
    const host = header(req, 'Host', 'host');
    const worker = p.workers[0] ?? 1;
    log('stderr', `${slashDateTime(nowMs)} [error] ${worker}#${worker}: *${++p.connections} open() "${HTML_ROOT}${file}" failed (2: No such file or directory), client: ${req.clientIp ?? '127.0.0.1'}, server: localhost, request: "GET ${req.path} HTTP/1.1"${host ? `, host: "${host}"` : ''}`);
  }
  if (res.status === 200) p.connections++;
  log('stdout', `${req.clientIp ?? '127.0.0.1'} - - [${accessLogTime(nowMs)}] "GET ${req.path} HTTP/1.1" ${res.status} ${bodyBytes(res.body)} "-" "${header(req, 'User-Agent', 'user-agent') ?? '-'}" "-"`);
  return res;
}

/** The image's /usr/share/nginx/html/50x.html. */
export function fiftyX(): string {
  return (
    '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n' +
    'font-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>Sorry, the page you are looking for is currently unavailable.<br/>\n' +
    'Please try again later.</p>\n<p>If you are the system administrator of this resource then you should check\nthe error log for details.</p>\n<p><em>Faithfully yours, nginx.</em></p>\n</body>\n</html>\n'
  );
}

export const nginxModule: ProgramModule = {
  run(p, ctx) {
    const s = runNginx(p as NginxState, ctx);
    (p as NginxState).htmlFiles = snapshotFiles(ctx.fs, HTML_ROOT);
    return s;
  },
  signal: (p, sig, ctx) => signalNginx(p as NginxState, sig, ctx),
  serve: (p, req, nowMs, io) => serveNginx(p as NginxState, req, nowMs, io),
  listens: (p, port) => (p as NginxState).mode === 'master' && (p as NginxState).started && port === NGINX_PORT,
  // A master and two workers, as `ps` shows them in a fresh container.
  memory: (p) => ((p as NginxState).mode === 'master' ? 9 * 1024 * 1024 : 2 * 1024 * 1024),
};

// ---------------------------------------------------------------------------------------------
// /docker-entrypoint.sh

/** The lines docker-entrypoint.sh and its /docker-entrypoint.d scripts print (stdout). */
export function entrypointLines(script: string, version: string): string[] {
  const lines = [
    `${script}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
    `${script}: Looking for shell scripts in /docker-entrypoint.d/`,
    `${script}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  ];
  if (versionAtLeast(version, 1, 25)) lines.push(`${script}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`);
  lines.push(`${script}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`);
  if (versionAtLeast(version, 1, 21)) lines.push(`${script}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`);
  lines.push(`${script}: Configuration complete; ready for start up`);
  return lines;
}

export function spawnEntrypoint(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): EntrypointState {
  // The kernel's comm for a script is its file name, cut to 15 characters.
  return Object.assign(baseState('nginx-entrypoint', 'docker-entrypoi', argv, env, binaries, nowMs, image), { prog: 'nginx-entrypoint' as const });
}

export const entrypointModule: ProgramModule = {
  run(p, ctx, host: Host) {
    const cmd = p.argv.slice(1);
    const first = (cmd[0] ?? '').replace(/^.*\//, '');
    if ((first === 'nginx' || first === 'nginx-debug') && !p.env['NGINX_ENTRYPOINT_QUIET_LOGS']) {
      for (const line of entrypointLines(p.argv[0]!, versionOf(p.env))) ctx.write('stdout', line);
    }
    if (cmd.length === 0) return exitWith(p, 0);
    // exec "$@": the script's process becomes the command.
    const next = host.spawn(cmd, p.env, p.binaries, ctx.nowMs, p.image);
    if ('error' in next) {
      ctx.write('stderr', `${p.argv[0]}: exec: line 47: ${cmd[0]}: not found`);
      return exitWith(p, 127);
    }
    replaceProcess(p, next);
    return { kind: 'idle' };
  },
};
