import { describe, expect, it } from 'vitest';
import { advance, grpc, http, logText, signal, startContainer, tcp } from '../testing.ts';
import { LIVENESS_HEALTHY_SECONDS, SERVE_HOSTNAME_DRAIN_MS } from './agnhost.ts';

const BINARIES = ['agnhost', 'agnhost-2', 'sh', 'busybox', 'sleep', 'cat', 'curl', 'dig'];
const start = (...args: string[]) => startContainer(['/agnhost', ...args], { binaries: BINARIES, env: { HOSTNAME: 'web-0' } });

// kubernetes/kubernetes test/images/agnhost/liveness/server.go: `if duration.Seconds() > 10`
// → 500 "error: <seconds>", else 200 "ok" (the kubernetes.io liveness HTTP example).
describe('agnhost liveness', () => {
  it.each([
    [0, 200, 'ok'],
    [9_999, 200, 'ok'],
    [10_000, 200, 'ok'],
    [10_001, 500, 'error: 10.001'],
    [15_500, 500, 'error: 15.5'],
  ])('at %i ms /healthz is %i %s', (ms, status, body) => {
    const c = start('liveness');
    advance(c, ms);
    expect(http(c, 8080, '/healthz')).toEqual({ status, body });
  });

  it(`is healthy for ${LIVENESS_HEALTHY_SECONDS} s; /started reports the age as a Go duration`, () => {
    const c = start('liveness');
    advance(c, 61_500);
    expect(http(c, 8080, '/started')).toEqual({ status: 200, body: '1m1.5s' });
    expect(http(c, 8080, '/other')?.status).toBe(404);
    expect(http(c, 80, '/healthz')).toBeNull();
  });

  it('has no SIGTERM handler: as PID 1 the Go runtime exits 2; elsewhere it dies of the signal (143)', () => {
    const c = start('liveness');
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBe(2);
    const d = startContainer(['/agnhost', 'liveness'], { binaries: BINARIES, pid: 8 });
    signal(d, 'TERM');
    expect(d.main.state.exitCode).toBe(143);
  });
});

describe('agnhost netexec', () => {
  it('serves /, /hostname, /echo, /clientip, /healthz on --http-port and logs each request', () => {
    const c = start('netexec', '--http-port=8080');
    expect(logText(c)).toEqual(['2026/11/22 00:00:00 Started HTTP server on port 8080']);
    advance(c, 2000);
    expect(http(c, 8080, '/hostname')).toEqual({ status: 200, body: 'web-0' });
    expect(http(c, 8080, '/echo?msg=hi%20there')).toEqual({ status: 200, body: 'hi there' });
    expect(http(c, 8080, '/healthz')).toEqual({ status: 200, body: '' });
    expect(http(c, 8080, '/')?.body).toBe('NOW: 2026-11-22 00:00:02.000000000 +0000 UTC m=+2.000000000');
    expect(http(c, 8080, '/clientip')?.body).toMatch(/^10\.244\.1\.1:\d+$/);
    expect(logText(c)).toContain('2026/11/22 00:00:02 GET /healthz');
  });
});

describe('agnhost serve-hostname and pause', () => {
  it('serve-hostname answers on 9376; on SIGTERM it waits 60 s before exiting 0', () => {
    const c = start('serve-hostname');
    expect(http(c, 9376, '/')).toEqual({ status: 200, body: 'web-0' });
    signal(c, 'TERM');
    expect(logText(c).slice(-2)).toEqual(['2026/11/22 00:00:00 Shutting down after receiving signal: terminated.', '2026/11/22 00:00:00 Awaiting pod deletion.']);
    advance(c, SERVE_HOSTNAME_DRAIN_MS - 1);
    expect(c.main.state.exitCode).toBeNull();
    advance(c, 1);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('pause (the image\'s CMD) prints Paused; SIGTERM → exit 2, SIGINT → exit 1 (pause/pause.go)', () => {
    const c = start('pause');
    expect(logText(c)).toEqual(['Paused']);
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBe(2);
    expect(logText(c).at(-1)).toBe('exiting 2');
    const d = start('pause');
    signal(d, 'INT');
    expect(d.main.state.exitCode).toBe(1);
  });

  it('grpc-health-checking serves gRPC health on 5000, flipped over HTTP', () => {
    const c = start('grpc-health-checking');
    expect(grpc(c, 5000)).toBe('SERVING');
    http(c, 8080, '/make-not-serving');
    expect(grpc(c, 5000)).toBe('NOT_SERVING');
    expect(tcp(c, 5000)).toBe(true);
  });
});

describe('agnhost subcommands it cannot run', () => {
  it('an unknown one gets cobra\'s error and exit 1', () => {
    const c = start('bogus');
    expect(logText(c, 'stderr')).toEqual(['Error: unknown command "bogus" for "agnhost"', "Run 'agnhost --help' for usage."]);
    expect(c.main.state.exitCode).toBe(1);
  });

  it('a real one k8sim does not model says so', () => {
    const c = start('webhook');
    expect(logText(c, 'stderr')[0]).toMatch(/^k8sim does not model 'agnhost webhook' yet/);
  });
});
