import { describe, expect, it } from 'vitest';
import { utf8Length } from '../program.ts';
import { advance, exec, http, logText, signal, startContainer, tcp } from '../testing.ts';
import { entrypointLines, errorPage, welcomePage } from './nginx.ts';

const BINARIES = ['docker-entrypoint.sh', 'nginx', 'nginx-debug', 'sh', 'dash', 'bash', 'cat', 'echo', 'sleep', 'rm', 'touch', 'ls', 'curl', 'mkdir'];
const start = (version = '1.27.3') => startContainer(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'], { binaries: BINARIES, env: { NGINX_VERSION: version } });

describe('nginx (the official image)', () => {
  it('the default page is 615 bytes since 1.21, 612 before (the access log counts them)', () => {
    expect(utf8Length(welcomePage('1.27.3'))).toBe(615);
    expect(utf8Length(welcomePage('1.14.2'))).toBe(612);
    expect(utf8Length(errorPage(404, 'Not Found', '1.27.3'))).toBe(153);
  });

  it('the entrypoint logs its configuration steps, then nginx its start-up notices', () => {
    const c = start();
    const lines = logText(c);
    expect(lines.slice(0, 9)).toEqual(entrypointLines('/docker-entrypoint.sh', '1.27.3'));
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines[8]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(logText(c, 'stderr')).toContain('2026/11/22 00:00:00 [notice] 1#1: nginx/1.27.3');
    expect(logText(c, 'stderr')).toContain('2026/11/22 00:00:00 [notice] 1#1: start worker processes');
    expect(c.main.state.comm).toBe('nginx');
  });

  it('serves the welcome page on :80, 404 elsewhere, and logs each request in the main format', () => {
    const c = start();
    advance(c, 65_000);
    const r = http(c, 80, '/');
    expect(r?.status).toBe(200);
    expect(r?.body).toContain('<title>Welcome to nginx!</title>');
    expect(logText(c, 'stdout').at(-1)).toBe('10.244.1.1 - - [22/Nov/2026:00:01:05 +0000] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.32" "-"');
    expect(http(c, 80, '/missing')?.status).toBe(404);
    expect(logText(c, 'stderr').at(-1)).toContain('open() "/usr/share/nginx/html/missing" failed (2: No such file or directory), client: 10.244.1.1, server: localhost, request: "GET /missing HTTP/1.1"');
    expect(http(c, 8080, '/')).toBeNull();
    expect(tcp(c, 80)).toBe(true);
  });

  it('files written into the html root are what it serves', () => {
    const c = start();
    expect(exec(c, ['sh', '-c', 'echo hi > /usr/share/nginx/html/index.html']).exitCode).toBe(0);
    expect(http(c, 80, '/')?.body).toBe('hi\n');
  });

  it('SIGQUIT (the image\'s STOPSIGNAL) is a graceful shutdown, exit 0', () => {
    const c = start();
    signal(c, 'QUIT');
    expect(c.main.state.exitCode).toBe(0);
    const err = logText(c, 'stderr');
    expect(err).toContain('2026/11/22 00:00:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down');
    expect(err).toContain('2026/11/22 00:00:00 [notice] 29#29: gracefully shutting down');
    expect(err.at(-1)).toBe('2026/11/22 00:00:00 [notice] 1#1: exit');
  });

  it('SIGTERM is a fast shutdown, also exit 0', () => {
    const c = start();
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBe(0);
    expect(logText(c, 'stderr')).toContain('2026/11/22 00:00:00 [notice] 1#1: signal 15 (SIGTERM) received, exiting');
  });

  it('`nginx -s quit` signals the master; with no master it fails as nginx does', () => {
    const c = start();
    const r = exec(c, ['nginx', '-s', 'quit']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/\[notice\] \d+#\d+: signal process started$/);
    expect(c.main.state.exitCode).toBe(0);
    const none = exec(c, ['nginx', '-s', 'quit']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr.split('\n').at(-1)).toBe('nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)');
  });

  it('without `daemon off` nginx daemonizes and the container\'s process exits 0 at once', () => {
    const c = startContainer(['nginx'], { binaries: BINARIES });
    expect(c.main.state.exitCode).toBe(0);
  });

  it('nginx:1.14.2 (no entrypoint script, error log at warn) prints nothing at start', () => {
    const c = startContainer(['nginx', '-g', 'daemon off;'], { binaries: ['nginx', 'sh'], env: { NGINX_VERSION: '1.14.2-1~stretch' } });
    expect(logText(c)).toEqual([]);
    expect(http(c, 80, '/')?.body.length).toBe(612);
  });

  it('a process cloned mid-run serves and logs the same', () => {
    const a = start();
    const b = structuredClone(a);
    advance(a, 1000);
    advance(b, 1000);
    expect(http(b, 80, '/')).toEqual(http(a, 80, '/'));
    expect(logText(b)).toEqual(logText(a));
  });
});
