/**
 * HAProxy's backend health and choice (haproxy/haproxy v2.8.0 src/check.c, src/server.c,
 * src/backend.c, src/tcpcheck.c; doc/configuration.txt), with the kubeadm guide's backend.
 */
import { describe, expect, it } from 'vitest';
import { haproxyCfg, parseHaproxyCfg, type BackendSettings } from './config.ts';
import {
  NO_SERVER_OUTCOME,
  checkInfoText,
  checkTimeoutsMs,
  connectTimeoutResult,
  connectionRefusedResult,
  firstCheckDelaysMs,
  healthFraction,
  httpCheckResult,
  newBackendState,
  nextCheckDelayMs,
  onCheckResult,
  pickServer,
  retryPlan,
  type BackendState,
} from './haproxy.ts';

function guideBackend(): BackendSettings {
  const r = parseHaproxyCfg(haproxyCfg());
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.settings.backends[0]!;
}

const ok = (ms = 3) => httpCheckResult(200, 200, 'OK', ms);
const e500 = (ms = 2) => httpCheckResult(200, 500, 'Internal Server Error', ms);

describe('server health (check.c set_server_check_status)', () => {
  it('servers start UP with health = rise: "up, but will fall down at first failure" (server.c)', () => {
    const b = newBackendState(guideBackend());
    expect(b.servers.map((s) => [s.state, s.health, healthFraction(s)])).toEqual([
      ['UP', 2, '1/3 UP'],
      ['UP', 2, '1/3 UP'],
      ['UP', 2, '1/3 UP'],
    ]);
    // So a server that is down when HAProxy starts leaves at the first failed check …
    expect(onCheckResult(b, 'cp-2', connectionRefusedResult(0)).changed).toBe('DOWN');
    // … and one success makes a live one fully UP (health jumps to rise + fall - 1 = 4).
    onCheckResult(b, 'cp-1', ok());
    expect([b.servers[0]!.health, healthFraction(b.servers[0]!)]).toEqual([4, '3/3 UP']);
  });

  it.each([
    // sequence of results on a fully UP server → state after each (fall 3, rise 2)
    ['3 failures take it DOWN', [false, false, false], ['UP', 'UP', 'DOWN']],
    ['a success in between resets the count', [false, false, true, false, false], ['UP', 'UP', 'UP', 'UP', 'UP']],
    ['2 successes bring it back', [false, false, false, true, true], ['UP', 'UP', 'DOWN', 'DOWN', 'UP']],
    ['a failure after one success keeps it DOWN', [false, false, false, true, false, true, true], ['UP', 'UP', 'DOWN', 'DOWN', 'DOWN', 'DOWN', 'UP']],
  ] as const)('%s', (_name, results, states) => {
    const b = newBackendState(guideBackend());
    onCheckResult(b, 'cp-2', ok()); // fully UP
    const seen = results.map((r) => {
      onCheckResult(b, 'cp-2', r ? ok() : e500());
      return b.servers[1]!.state;
    });
    expect(seen).toEqual(states);
  });
});

describe('log lines (server.c _srv_update_status_op, srv_append_more; check.c check_append_info)', () => {
  function upBackend(): BackendState {
    const b = newBackendState(guideBackend());
    for (const s of ['cp-1', 'cp-2', 'cp-3']) onCheckResult(b, s, ok());
    return b;
  }

  it('prints the DOWN line with reason, code, info and duration', () => {
    const b = upBackend();
    onCheckResult(b, 'cp-2', e500());
    onCheckResult(b, 'cp-2', e500());
    expect(onCheckResult(b, 'cp-2', e500())).toEqual({
      changed: 'DOWN',
      log: ['Server apiserverbackend/cp-2 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 2ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'],
    });
  });

  it('prints the UP line ("servers online", no info for an L7OK)', () => {
    const b = upBackend();
    for (let i = 0; i < 3; i++) onCheckResult(b, 'cp-2', e500());
    onCheckResult(b, 'cp-2', ok());
    expect(onCheckResult(b, 'cp-2', ok()).log).toEqual(['Server apiserverbackend/cp-2 is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.']);
  });

  it.each([
    ['refused (apiserver stopped)', connectionRefusedResult(0), ', reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms'],
    ['no answer (host down): connect timeout min(timeout connect 5s, inter 2s)', connectTimeoutResult(2001), ', reason: Layer4 timeout, check duration: 2001ms'],
    ['quote and angle brackets are encoded (chunk_asciiencode)', { status: 'L7STS', code: 503, info: 'say "<no>"', durationMs: 1 } as const, ', reason: Layer7 wrong status, code: 503, info: "say <22><3C>no<3E><22>", check duration: 1ms'],
  ] as const)('%s', (_name, r, text) => {
    expect(checkInfoText(r)).toBe(text);
  });

  it('adds "backend … has no server available!" after the last server goes DOWN (backend.c set_backend_down)', () => {
    const b = upBackend();
    for (const s of ['cp-1', 'cp-2']) for (let i = 0; i < 3; i++) onCheckResult(b, s, connectionRefusedResult(0));
    onCheckResult(b, 'cp-3', connectTimeoutResult(2000));
    onCheckResult(b, 'cp-3', connectTimeoutResult(2000));
    expect(onCheckResult(b, 'cp-3', connectTimeoutResult(2000)).log).toEqual([
      'Server apiserverbackend/cp-3 is DOWN, reason: Layer4 timeout, check duration: 2000ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      'backend apiserverbackend has no server available!',
    ]);
    expect(pickServer(b)).toBeNull();
    expect(NO_SERVER_OUTCOME).toMatchObject({ accept: true, close: 'fin', clientSees: 'EOF', terminationState: 'SC' });
  });
});

describe('roundrobin over UP servers (configuration.txt "balance roundrobin")', () => {
  it('takes each UP server in turn and skips DOWN ones', () => {
    const b = newBackendState(guideBackend());
    const picks = (n: number) => Array.from({ length: n }, () => pickServer(b)?.name ?? null);
    expect(picks(4)).toEqual(['cp-1', 'cp-2', 'cp-3', 'cp-1']);
    onCheckResult(b, 'cp-2', e500()); // health = rise at start: one failure is enough
    expect(picks(4)).toEqual(['cp-3', 'cp-1', 'cp-3', 'cp-1']);
    onCheckResult(b, 'cp-2', ok());
    onCheckResult(b, 'cp-2', ok());
    expect(picks(3)).toEqual(['cp-2', 'cp-3', 'cp-1']);
  });

  it('redispatches the retry to another server (retries 1 + option redispatch)', () => {
    const b = newBackendState(guideBackend());
    expect(retryPlan(guideBackend())).toEqual([{ attempt: 1, server: 'other', delayMs: 0 }]);
    expect(retryPlan({ retries: 3, redispatch: false, timeouts: { connectMs: 5000, clientMs: null, serverMs: null, checkMs: null, queueMs: null } })).toEqual([
      { attempt: 1, server: 'same', delayMs: 1000 },
      { attempt: 2, server: 'same', delayMs: 1000 },
      { attempt: 3, server: 'same', delayMs: 1000 },
    ]);
    expect(pickServer(b, 'cp-1')?.name).toBe('cp-2');
  });
});

describe('check timing', () => {
  it('spreads the first checks over inter (check.c start_check_task): 0, 666, 1333 ms', () => {
    expect(firstCheckDelaysMs(newBackendState(guideBackend()))).toEqual([0, 666, 1333]);
  });

  it('uses inter between checks (no fastinter/downinter in the guide) and the guide\'s check timeouts', () => {
    const b = newBackendState(guideBackend());
    expect(nextCheckDelayMs(b.servers[0]!)).toBe(2000);
    expect(checkTimeoutsMs(guideBackend(), b.servers[0]!)).toEqual({ connectMs: 2000, responseMs: 10_000 });
  });

  it('a dead apiserver leaves rotation after fall × inter ≈ 6 s (k8s-behavior.md §11)', () => {
    const b = newBackendState(guideBackend());
    onCheckResult(b, 'cp-2', ok());
    let t = 0;
    let downAt = -1;
    while (downAt < 0) {
      t += nextCheckDelayMs(b.servers[1]!);
      if (onCheckResult(b, 'cp-2', connectionRefusedResult(0)).changed === 'DOWN') downAt = t;
    }
    expect(downAt).toBe(6000);
  });
});
