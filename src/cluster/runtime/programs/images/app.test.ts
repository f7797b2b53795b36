import { describe, expect, it } from 'vitest';
import { msUntilMemoryReaches } from '../index.ts';
import { advance, grpc, http, logText, memory, signal, startContainer, tcp } from '../testing.ts';

const BINARIES = ['app', 'sh', 'busybox', 'cat', 'sleep'];
const start = (env: Record<string, string>) => startContainer(['/app'], { binaries: BINARIES, env: { HOSTNAME: 'web-7f9c', APP_VERSION: '1.0', ...env } });

describe('ghcr.io/k8sim/app', () => {
  it('listens after START_DELAY_SECONDS and says hello with its version', () => {
    const c = start({ START_DELAY_SECONDS: '5' });
    expect(http(c, 8080, '/')).toBeNull();
    expect(tcp(c, 8080)).toBe(false);
    advance(c, 5000);
    expect(http(c, 8080, '/')).toEqual({ status: 200, body: 'hello from web-7f9c (version 1.0)\n' });
    expect(logText(c)).toEqual(['app version 1.0 starting (pid 1)', 'listening on :8080']);
  });

  it('without APP_VERSION it shows the image\'s tag', () => {
    const c = startContainer(['/app'], { binaries: BINARIES, env: { HOSTNAME: 'h' }, image: 'ghcr.io/k8sim/app:2.0' });
    expect(http(c, 8080, '/')?.body).toBe('hello from h (version 2.0)\n');
  });

  it('readiness and health follow their times', () => {
    const c = start({ READY_AFTER_SECONDS: '3', NOT_READY_AT_SECONDS: '10', READY_AGAIN_AT_SECONDS: '20', UNHEALTHY_AFTER_SECONDS: '30', GRPC_PORT: '9000' });
    const at = (ms: number) => {
      advance(c, ms - c.nowMs);
      return [http(c, 8080, '/ready')?.status, http(c, 8080, '/healthz')?.status, grpc(c, 9000)];
    };
    expect(at(0)).toEqual([503, 200, 'NOT_SERVING']);
    expect(at(3000)).toEqual([200, 200, 'SERVING']);
    expect(at(10_000)).toEqual([503, 200, 'NOT_SERVING']);
    expect(at(20_000)).toEqual([200, 200, 'SERVING']);
    expect(at(30_000)).toEqual([200, 500, 'NOT_SERVING']);
  });

  it('CRASH_AFTER_SECONDS panics and exits with CRASH_EXIT_CODE; EXIT_AFTER_SECONDS ends a batch job', () => {
    const c = start({ CRASH_AFTER_SECONDS: '7', CRASH_EXIT_CODE: '3' });
    advance(c, 7000);
    expect(c.main.state.exitCode).toBe(3);
    expect(logText(c, 'stderr')[0]).toBe('panic: simulated crash');
    const j = start({ EXIT_AFTER_SECONDS: '12' });
    advance(j, 12_000);
    expect(j.main.state.exitCode).toBe(0);
  });

  it('on SIGTERM it drains for SHUTDOWN_SECONDS (not ready meanwhile), then exits 0', () => {
    const c = start({ SHUTDOWN_SECONDS: '10' });
    signal(c, 'TERM');
    expect(logText(c).at(-1)).toBe('received SIGTERM, draining for 10s');
    expect(http(c, 8080, '/ready')?.status).toBe(503);
    advance(c, 9999);
    expect(c.main.state.exitCode).toBeNull();
    advance(c, 1);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('SHUTDOWN_SECONDS=never ignores SIGTERM (only SIGKILL ends it)', () => {
    const c = start({ SHUTDOWN_SECONDS: 'never' });
    signal(c, 'TERM');
    advance(c, 3_600_000);
    expect(c.main.state.exitCode).toBeNull();
    signal(c, 'KILL');
    expect(c.main.state.exitCode).toBe(137);
  });

  it('memory grows from MEMORY_START_MI by MEMORY_GROWTH_MI_PER_SECOND', () => {
    const c = start({ MEMORY_START_MI: '20', MEMORY_GROWTH_MI_PER_SECOND: '2' });
    expect(memory(c)).toBe(20 * 1024 * 1024);
    advance(c, 10_000);
    expect(memory(c)).toBe(40 * 1024 * 1024);
    // A 64Mi limit is passed 12 s later (64 − 40 = 24 Mi at 2 Mi/s), to the millisecond.
    expect(msUntilMemoryReaches(c.main.state, 64 * 1024 * 1024 + 1, c.nowMs)).toBe(12_001);
    expect(msUntilMemoryReaches(start({}).main.state, 64 * 1024 * 1024, 0)).toBe(Infinity);
  });
});
