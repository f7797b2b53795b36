/**
 * The HA front of the `ha` preset through the whole world: HAProxy on lb-1/lb-2 balancing the
 * three kube-apiservers, keepalived VRRP holding the VIP 10.0.0.10 (kubeadm's HA guide, option 1:
 * kubernetes/kubeadm docs/ha-considerations.md). Timings are the real ones:
 *
 *  - VRRPv2 (RFC 3768 §6.1, keepalived's default vrrp_version 2): Master_Down_Interval =
 *    3 × Advertisement_Interval + Skew_Time, Skew_Time = (256 − Priority)/256 s, so lb-2
 *    (priority 100) takes over 3.609375 s (3610 ms on the ms clock) after the last advert it heard
 *    when lb-1 crashes; 610 ms after lb-1's priority-0 advert when keepalived stops in order
 *    (RFC 3768 §6.4.2).
 *  - keepalived's track script (vrrp_script check_apiserver: interval 3, weight -2, fall 10)
 *    lowers lb-1 to 99 after 10 failed runs, and lb-2 (100) then preempts: ≈ 30 + 3.6 s.
 *  - HAProxy 2.8 (src/check.c): a bare `check` is inter 2 s, fall 3, rise 2; a dead server leaves
 *    after 3 failed checks. A check's connect may take min(timeout connect 5 s, inter 2 s) = 2 s.
 *  - No server UP: HAProxy accepts and closes the connection (configuration.txt "option
 *    nolinger" for the RST alternative), the client reads EOF.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { packetsInFlight, stepWorld, vipHolders, type World } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { viewOf } from '../src/store/simulationStore.ts';
import { vipBadges } from '../src/view/objects/hostMarks.ts';

const VIP = '10.0.0.10';

function run(w: World, host: string, cmd: string): { out: string; code: number; tookMs: number } {
  const s = createSession(w, host);
  const t0 = w.kernel.now;
  const job = runToCompletion(s, cmd);
  return { out: jobText(job), code: job.exitCode ?? 0, tookMs: w.kernel.now - t0 };
}

/** Runs the world to `untilMs`, calling `onStep` after each event. */
function runUntil(w: World, untilMs: number, onStep?: () => void): void {
  while (stepWorld(w, untilMs)) onStep?.();
  w.kernel.now = Math.max(w.kernel.now, untilMs);
}

function stateChanges(w: World, host: string): { t: number; summary: string }[] {
  return w.kernel.trace.records.filter((r) => r.source === `${host}/keepalived` && r.kind === 'keepalived.state').map((r) => ({ t: r.t, summary: r.summary }));
}

describe('keepalived holds the apiserver VIP', () => {
  it('lb-1 (state MASTER, priority 101) takes the VIP one advert interval + 1/256 s after boot; lb-2 stays BACKUP', () => {
    const w = createWorld({ preset: 'ha', seed: 1, settleMs: 5000 });
    // vrrp_scheduler.c vrrp_init_state: a `state MASTER` instance waits advert_int + the minimum skew (1004 ms).
    expect(stateChanges(w, 'lb-1').map((c) => `${c.t} ${c.summary}`)).toEqual(['0 VI_1: INIT → BACKUP (priority 101)', '1004 VI_1: BACKUP → MASTER (priority 101)']);
    expect(stateChanges(w, 'lb-2').map((c) => c.summary)).toEqual(['VI_1: INIT → BACKUP (priority 100)']);
    expect(vipHolders(w, VIP)).toEqual(['lb-1']);
    expect(run(w, 'lb-1', 'cat /etc/keepalived/keepalived.conf').out).toContain('    priority 101\n');
  });

  it('crash lb-1: lb-2 becomes MASTER 3610 ms after the last advert it received, and kubectl works again through the VIP', () => {
    const w = createWorld({ preset: 'ha', seed: 3, settleMs: 20_000 });
    expect(vipHolders(w, VIP)).toEqual(['lb-1']);
    expect(vipBadges(viewOf(w).hosts.find((x) => x.name === 'lb-1')!).map((b) => b.text)).toEqual(['VIP 10.0.0.10']);
    expect(vipBadges(viewOf(w).hosts.find((x) => x.name === 'lb-2')!).map((b) => b.text)).toEqual(['VRRP BACKUP']);
    let lastAdvertArrival = -1;
    const crashAt = w.kernel.now + 437;
    runUntil(w, crashAt, () => {
      for (const m of packetsInFlight(w)) if (m.kind === 'vrrp.advert' && m.from.host === 'lb-1' && m.to.host === 'lb-2') lastAdvertArrival = Math.max(lastAdvertArrival, m.arriveAt);
    });
    run(w, 'cp-2', 'sim crash lb-1');
    runUntil(w, crashAt + 10_000);
    const takeover = stateChanges(w, 'lb-2').find((c) => c.summary.includes('BACKUP → MASTER'))!;
    expect(lastAdvertArrival).toBeGreaterThan(crashAt - 1000);
    // RFC 3768 §6.4.2: Master_Down_Timer = 3 × 1 s + (256 − 100)/256 s, armed when the advert arrived.
    expect(takeover.t - lastAdvertArrival).toBe(3610);
    expect(vipHolders(w, VIP)).toEqual(['lb-2']);
    // The app shows the VIP badge moving from lb-1 (now down) to lb-2.
    const badges = (h: string) => vipBadges(viewOf(w).hosts.find((x) => x.name === h)!).map((b) => b.text);
    expect(badges('lb-1')).toEqual([]);
    expect(badges('lb-2')).toEqual(['VIP 10.0.0.10']);
    const journal = run(w, 'lb-2', 'journalctl -u keepalived').out;
    expect(journal).toMatch(/lb-2 Keepalived_vrrp\[\d+\]: \(VI_1\) Entering MASTER STATE\n/);
    const k = run(w, 'cp-2', 'kubectl get nodes cp-1');
    expect(k.code).toBe(0);
    expect(k.out).toMatch(/^NAME\s+STATUS/);
    // The request went client → lb-2's HAProxy → an apiserver.
    const hop = w.kernel.trace.records.filter((r) => r.kind === 'traffic.haproxy' && r.summary.includes('from cp-2')).at(-1)!;
    expect(hop.source).toBe('lb-2/haproxy');
    expect(hop.summary).toMatch(/^get nodes\/cp-1 from cp-2 → apiserverbackend\/cp-\d \(10\.0\.0\.1\d:6443\)$/);
  });

  it('kubectl started while the VIP holder is dead connects once the VIP has moved (its SYN is retransmitted after 1, 3, 7 s)', () => {
    const w = createWorld({ preset: 'ha', seed: 4, settleMs: 20_000 });
    const crashAt = w.kernel.now;
    run(w, 'cp-1', 'sim crash lb-1');
    const k = run(w, 'cp-1', 'kubectl get ns default -o name');
    expect(k.out).toBe('namespace/default\n');
    // Takeover 2.6–3.6 s after the crash (3.61 s after the last advert); the first SYN sent after it gets through.
    const takeover = stateChanges(w, 'lb-2').find((c) => c.summary.includes('BACKUP → MASTER'))!.t - crashAt;
    const retransmit = [1000, 3000, 7000].find((t) => t >= takeover)!;
    expect(k.tookMs - retransmit).toBeGreaterThanOrEqual(0);
    expect(k.tookMs - retransmit).toBeLessThan(20);
  });

  it('systemctl stop keepalived on the master: priority-0 advert, lb-2 takes over 610 ms later (Skew_Time)', () => {
    const w = createWorld({ preset: 'ha', seed: 5, settleMs: 10_000 });
    const stopAt = w.kernel.now;
    expect(run(w, 'lb-1', 'systemctl stop keepalived').code).toBe(0);
    expect(vipHolders(w, VIP)).toEqual([]);
    runUntil(w, stopAt + 3000);
    const takeover = stateChanges(w, 'lb-2').find((c) => c.summary.includes('BACKUP → MASTER'))!;
    // The advert takes 1–2 ms on the LAN; the timer is Skew_Time = (256 − 100)/256 s → 610 ms.
    expect(takeover.t - stopAt).toBeGreaterThanOrEqual(611);
    expect(takeover.t - stopAt).toBeLessThanOrEqual(612);
    expect(vipHolders(w, VIP)).toEqual(['lb-2']);
    expect(run(w, 'lb-1', 'journalctl -u keepalived -n 6').out).toContain('Keepalived_vrrp[1103]: (VI_1) removing VIPs.\n');
  });

  it('systemctl stop haproxy on lb-1: its check script fails 10 times (priority 101 → 99) and lb-2 preempts ≈ 32 s later', () => {
    const w = createWorld({ preset: 'ha', seed: 6, settleMs: 10_000 });
    const stopAt = w.kernel.now;
    run(w, 'lb-1', 'systemctl stop haproxy');
    runUntil(w, stopAt + 40_000);
    const lowered = w.kernel.trace.records.find((r) => r.source === 'lb-1/keepalived' && r.kind === 'keepalived.state' && r.t > stopAt);
    const takeover = stateChanges(w, 'lb-2').find((c) => c.summary.includes('BACKUP → MASTER'))!;
    // 10 runs 3 s apart, the first within 3 s of the stop: 27–30 s; then up to Master_Down_Interval (3.61 s).
    expect(takeover.t - stopAt).toBeGreaterThan(27_000);
    expect(takeover.t - stopAt).toBeLessThanOrEqual(30_000 + 3610 + 5);
    expect(lowered?.summary).toBe('VI_1: MASTER → BACKUP (priority 99)');
    const journal = run(w, 'lb-1', 'journalctl -u keepalived').out;
    expect(journal).toContain('Keepalived_vrrp[1103]: VRRP_Script(check_apiserver) failed (exited with status 1)\n');
    expect(journal).toContain('Keepalived_vrrp[1103]: (VI_1) Changing effective priority from 101 to 99\n');
    expect(vipHolders(w, VIP)).toEqual(['lb-2']);
    expect(run(w, 'cp-1', 'kubectl get ns kube-system -o name').out).toBe('namespace/kube-system\n');
  });

  it('a partition between the lb hosts: both become MASTER and hold the VIP; the LAN follows the last gratuitous ARP', () => {
    const w = createWorld({ preset: 'ha', seed: 7, settleMs: 10_000 });
    run(w, 'cp-1', 'sim partition lb-1 / lb-2,cp-1,cp-2,cp-3,worker-1,worker-2,worker-3,registry');
    runUntil(w, w.kernel.now + 5000);
    expect(vipHolders(w, VIP)).toEqual(['lb-1', 'lb-2']);
    expect(w.vipArp[VIP]).toBe('lb-2');
    run(w, 'cp-1', 'sim heal');
    runUntil(w, w.kernel.now + 3000);
    // lb-2 hears lb-1's higher priority and steps down (vrrp_state_master_rx).
    expect(vipHolders(w, VIP)).toEqual(['lb-1']);
    expect(run(w, 'lb-2', 'journalctl -u keepalived').out).toContain('(VI_1) Master received advert from 10.0.0.21 with higher priority 101, ours 100\n');
  });
});

describe('HAProxy in front of the apiservers', () => {
  it('takes a crashed apiserver out after 3 failed checks (each a 2 s connect timeout, 2 s apart) and balances over the rest', () => {
    const w = createWorld({ preset: 'ha', seed: 8, settleMs: 10_000 });
    const crashAt = w.kernel.now;
    run(w, 'cp-2', 'sim crash cp-1');
    runUntil(w, crashAt + 16_000);
    const down = w.kernel.trace.records.filter((r) => r.kind === 'haproxy.server' && r.summary.includes('cp-1 is DOWN'));
    expect(down.map((r) => r.source).sort()).toEqual(['lb-1/haproxy', 'lb-2/haproxy']);
    for (const r of down) {
      expect(r.summary).toBe('Server apiserverbackend/cp-1 is DOWN, reason: Layer4 timeout, check duration: 2000ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.');
      // Three failing checks of 2 s each, the next starting inter (2 s) after the previous ended: ≤ 2 + 3 × 2 + 2 × 2 s.
      expect(r.t - crashAt).toBeGreaterThan(10_000);
      expect(r.t - crashAt).toBeLessThanOrEqual(12_000);
    }
    const before = w.kernel.trace.records.length;
    for (let i = 0; i < 4; i++) expect(run(w, 'cp-2', 'kubectl get ns default -o name').out).toBe('namespace/default\n');
    const servers = w.kernel.trace.records.slice(before).filter((r) => r.kind === 'traffic.haproxy' && r.summary.includes('from cp-2')).map((r) => r.target);
    expect(servers.length).toBe(4);
    expect(servers).not.toContain('cp-1');
    expect(new Set(servers)).toEqual(new Set(['cp-2', 'cp-3']));
    // The server comes back after rise = 2 good checks.
    run(w, 'cp-2', 'sim boot cp-1');
    runUntil(w, w.kernel.now + 30_000);
    expect(w.kernel.trace.records.some((r) => r.kind === 'haproxy.server' && r.summary.startsWith('Server apiserverbackend/cp-1 is UP, reason: Layer7 check passed, code: 200'))).toBe(true);
  });

  it('with every apiserver down, HAProxy closes the connection and kubectl reports EOF', () => {
    const w = createWorld({ preset: 'ha', seed: 9, settleMs: 10_000 });
    for (const h of ['cp-1', 'cp-2', 'cp-3']) run(w, 'lb-1', `sim crash ${h}`);
    runUntil(w, w.kernel.now + 15_000);
    const journal = run(w, 'lb-1', 'journalctl -u haproxy').out;
    expect(journal).toContain('haproxy[902]: backend apiserverbackend has no server available!\n');
    // kubectl needs a kubeconfig: the admin one kubeadm wrote on cp-1, copied to lb-1.
    const s = createSession(w, 'lb-1');
    runToCompletion(s, 'mkdir -p /root/.kube');
    w.hosts['lb-1']!.fs['/root/.kube/config'] = w.hosts['cp-1']!.fs['/etc/kubernetes/admin.conf']!;
    const k = run(w, 'lb-1', 'kubectl get nodes');
    expect(k.out).toBe('Unable to connect to the server: EOF\n');
    expect(k.code).toBe(1);
  });

  it('a connection refused by the chosen apiserver is redispatched to another one (retries 1 + option redispatch)', () => {
    const w = createWorld({ preset: 'ha', seed: 10, settleMs: 10_000 });
    // Stop the apiserver process on cp-3 (its static pod manifest moved away); the host stays up and refuses :6443.
    run(w, 'cp-3', 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/');
    // The kubelet notices the manifest is gone at its next look at the static pod path.
    while (w.apiservers['cp-3']!.status === 'running') stepWorld(w, w.kernel.now + 100);
    expect(w.haproxies['lb-1']!.backend!.servers.find((x) => x.name === 'cp-3')!.state).toBe('UP');
    const before = w.kernel.trace.records.length;
    for (let i = 0; i < 6; i++) expect(run(w, 'cp-1', 'kubectl get ns default -o name').out).toBe('namespace/default\n');
    // kubectl's own requests (the components on cp-1 go through HAProxy too).
    const hops = w.kernel.trace.records.slice(before).filter((r) => r.kind === 'traffic.haproxy' && r.summary.startsWith('get namespaces/default from cp-1'));
    const toCp3 = hops.findIndex((r) => r.target === 'cp-3');
    expect(toCp3).toBeGreaterThanOrEqual(0);
    // The refused connect is retried at once on another server, and the request still succeeds.
    expect(hops[toCp3 + 1]!.summary).toMatch(/ → apiserverbackend\/cp-[12] \(10\.0\.0\.1[12]:6443\) \(retry 1, redispatched\)$/);
  });
});
