/**
 * The VRRP statechart: helpers against RFC 3768 / RFC 5798 / keepalived 2.2.4, every declared
 * transition taken (xstate/graph), and the timings of the kubeadm HA guide's pair (lb-1 MASTER
 * 101, lb-2 BACKUP 100, check_apiserver every 3 s, weight -2, fall 10, rise 2) on a small
 * deterministic two-host loop.
 */
import { describe, expect, it } from 'vitest';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';
import { KUBEADM_HA_KEEPALIVED, keepalivedConf, parseKeepalivedConf } from './config.ts';
import {
  VRRP_DELAYED_SEND_IDS,
  VRRP_STATES,
  checkAdvert,
  effectivePriority,
  holdsVip,
  initialMasterWaitMs,
  initialTrackScript,
  initialVrrpState,
  masterDownIntervalMs,
  skewTimeUs,
  stepVrrp,
  trackScriptResult,
  vrrpMachine,
  type TrackScriptState,
  type VrrpAdvert,
  type VrrpEvent,
  type VrrpInput,
  type VrrpLogLine,
  type VrrpMachineState,
} from './vrrp.machine.ts';

describe('VRRP timers (RFC 3768 §6.1, RFC 5798 §6.1, keepalived vrrp.h VRRP_TIMER_SKEW / VRRP_MS_DOWN_TIMER)', () => {
  // keepalived runs VRRPv2 unless `vrrp_version 3` (core/global_data.c: data->vrrp_version = VRRP_VERSION_2),
  // so Skew_Time = (256 - priority) / 256 s (RFC 3768 §6.1), computed in µs as pri * TIMER_HZ / 256.
  it.each([
    // priority, advert ms, version, skew µs, master down ms (ceil)
    [100, 1000, 2, 609_375, 3610],
    [101, 1000, 2, 605_468, 3606],
    [99, 1000, 2, 613_281, 3614],
    [254, 1000, 2, 7_812, 3008],
    [100, 2000, 2, 609_375, 6610], // v2: the skew does not scale with advert_int
    [100, 2000, 3, 1_218_750, 7219], // v3: ((256 - p) × Master_Adver_Interval) / 256
    [100, 1000, 3, 609_375, 3610], // with advert_int 1 s v2 and v3 agree
  ] as const)('priority %i, advert_int %i ms, v%i: skew %i µs, Master_Down_Interval %i ms', (prio, adv, version, skew, down) => {
    expect(skewTimeUs(prio, adv, version)).toBe(skew);
    expect(masterDownIntervalMs(prio, adv, version)).toBe(down);
  });

  it('lets one advert interval + the minimum skew pass before a `state MASTER` instance takes over (vrrp_scheduler.c vrrp_init_state)', () => {
    expect(initialMasterWaitMs(1000)).toBe(1004); // 1 s + 1/256 s
  });
});

describe('track script counter and effective priority (vrrp_scheduler.c vrrp_script_child_thread, vrrp_track.c)', () => {
  const guide = { name: 'check_apiserver', weight: -2, rise: 2, fall: 10 }; // kubeadm ha-considerations.md vrrp_script

  const run = (s: TrackScriptState, results: boolean[]) => {
    const changes: number[] = [];
    results.forEach((ok, i) => {
      const r = trackScriptResult(s, ok);
      s = r.state;
      if (r.changed) changes.push(i + 1);
    });
    return { s, changes };
  };

  it('decides on the very first result (INIT: result = rise - 1, "one success is enough")', () => {
    expect(run(initialTrackScript(guide), [true]).s.status).toBe('ok');
    expect(run(initialTrackScript(guide), [false]).s.status).toBe('failed');
  });

  it('needs fall = 10 failures in a row from OK, and rise = 2 successes back', () => {
    const up = run(initialTrackScript(guide), [true]).s;
    expect(up.result).toBe(11); // rise + fall - 1
    const down = run(up, Array(10).fill(false));
    expect(down.changes).toEqual([10]);
    expect(down.s.status).toBe('failed');
    // 9 failures and a success: still OK, counter back to full.
    expect(run(up, [...Array(9).fill(false), true, ...Array(9).fill(false)]).s.status).toBe('ok');
    const back = run(down.s, [true, true]);
    expect(back.changes).toEqual([2]);
    expect(back.s.status).toBe('ok');
  });

  it.each([
    // base, scripts, expected: man keepalived.conf(5) "a negative weight will be subtracted from the initial priority in case of <fall> failures"
    [101, [{ weight: -2, status: 'failed' }], 99],
    [101, [{ weight: -2, status: 'ok' }], 101],
    [101, [{ weight: -2, status: 'init' }], 101],
    [100, [{ weight: 5, status: 'ok' }], 105],
    [100, [{ weight: 5, status: 'failed' }], 100],
    [100, [{ weight: 5, status: 'init' }], 100],
    [2, [{ weight: -50, status: 'failed' }], 1], // clamped to 1 (vrrp_set_effective_priority)
    [250, [{ weight: 50, status: 'ok' }], 254], // clamped to 254
    [255, [{ weight: -2, status: 'failed' }], 255], // the address owner never changes
    [100, [{ weight: -2, status: 'failed' }, { weight: -3, status: 'failed' }], 95],
  ] as const)('effectivePriority(%i, %j) = %i', (base, scripts, want) => {
    expect(effectivePriority(base, scripts)).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------
// Graph coverage
// ---------------------------------------------------------------------------------------------

const INPUT_WEIGHT: VrrpInput = { iname: 'VI_1', address: '10.0.0.21', priority: 101, advertIntMs: 1000, state: 'MASTER', scripts: [{ name: 's', weight: -2, rise: 2, fall: 2 }] };
const INPUT_FAULT: VrrpInput = { iname: 'VI_1', address: '10.0.0.21', priority: 100, advertIntMs: 1000, state: 'BACKUP', scripts: [{ name: 's', weight: 0, rise: 1, fall: 1 }] };
const INPUT_OWNER: VrrpInput = { iname: 'VI_1', address: '10.0.0.21', priority: 255, advertIntMs: 1000, state: 'MASTER' };

const GRAPH_EVENTS: VrrpEvent[] = [
  { type: 'START' },
  ...[0, 98, 99, 100, 101, 102].map((priority) => ({ type: 'ADVERT' as const, priority, from: '10.0.0.22' })),
  { type: 'ADVERT', priority: 101, from: '10.0.0.21' }, // equal priority from our own address
  { type: 'ADVERT', priority: 101, from: '10.0.0.20' }, // equal priority, lower address
  { type: 'SCRIPT_RESULT', name: 's', ok: true },
  { type: 'SCRIPT_RESULT', name: 's', ok: false, status: 1 },
  { type: 'INTERFACE_DOWN' },
  { type: 'INTERFACE_UP' },
  { type: 'STOP' },
  ...VRRP_DELAYED_SEND_IDS.map((type) => ({ type }) as never),
];

function declaredEdges(): Set<string> {
  const out = new Set<string>();
  const states = vrrpMachine.config.states as Record<string, { on?: Record<string, unknown>; after?: Record<string, unknown> }>;
  const targets = (t: unknown): string[] => {
    if (Array.isArray(t)) return t.flatMap(targets);
    if (typeof t === 'string') return [t];
    if (t && typeof t === 'object' && 'target' in t) return targets((t as { target: unknown }).target);
    return [];
  };
  for (const [from, node] of Object.entries(states)) {
    for (const [event, t] of Object.entries(node.on ?? {})) for (const to of targets(t)) out.add(`${from} -${event}-> ${to}`);
    for (const [delay, t] of Object.entries(node.after ?? {})) for (const to of targets(t)) out.add(`${from} -xstate.after.${delay}.vrrp.${from}-> ${to}`);
  }
  return out;
}

describe('VRRP statechart (vrrp.machine.ts)', () => {
  const serializeState = (s: { value: unknown; context: VrrpMachineState['context'] }) =>
    `${JSON.stringify(s.value)}|${s.context.effectivePriority}|${s.context.interfaceUp}|${s.context.downTimerMs}|${s.context.scripts.map((x) => `${x.result}${x.status}`).join()}|${s.context.masterPriority}`;
  const taken = new Set<string>();
  const reached = new Set<string>();
  for (const input of [INPUT_WEIGHT, INPUT_FAULT, INPUT_OWNER]) {
    for (const e of adjacencyMapToArray(getAdjacencyMap(vrrpMachine, { events: GRAPH_EVENTS as never, serializeState: serializeState as never, input }))) {
      const from = String((e.state as { value: unknown }).value);
      const to = String((e.nextState as { value: unknown }).value);
      reached.add(from).add(to);
      taken.add(`${from} -${(e.event as { type: string }).type}-> ${to}`);
    }
  }

  it('reaches every state', () => {
    expect([...reached].sort()).toEqual([...VRRP_STATES].sort());
  });

  it('takes every declared transition on some path (xstate/graph adjacency)', () => {
    expect(declaredEdges().size).toBe(17);
    const missing = [...declaredEdges()].filter((d) => !taken.has(d));
    expect(missing).toEqual([]);
  });

  it('names its delayed transitions as VRRP_DELAYED_SEND_IDS', () => {
    let s = initialVrrpState(INPUT_WEIGHT);
    const started = stepVrrp(s, { type: 'START' });
    expect(started.schedule.map((x) => x.id)).toEqual(['xstate.after.masterDown.vrrp.BACKUP']);
    s = started.state;
    const master = stepVrrp(s, { type: started.schedule[0]!.id });
    expect(master.schedule.map((x) => x.id)).toEqual(['xstate.after.advertInt.vrrp.MASTER']);
    expect(master.cancel).toEqual(['xstate.after.masterDown.vrrp.BACKUP']);
  });
});

describe('one instance, event by event', () => {
  const go = (s: VrrpMachineState, ...events: VrrpEvent[]) => {
    let last = stepVrrp(s, events[0]!);
    for (const e of events.slice(1)) last = stepVrrp(last.state, e);
    return last;
  };
  const backup100 = stepVrrp(initialVrrpState({ iname: 'VI_1', address: '10.0.0.22', priority: 100, advertIntMs: 1000, state: 'BACKUP' }), { type: 'START' });

  it('starts in BACKUP and arms 3 × advert_int + skew (keepalived logs "Entering BACKUP STATE (init)")', () => {
    expect(backup100.state.value).toBe('BACKUP');
    expect(backup100.schedule[0]!.delayMs).toBe(3610);
    expect(backup100.log).toEqual([{ message: '(VI_1) Entering BACKUP STATE (init)', detail: false }]);
  });

  it.each([
    // RFC 3768 §6.4.2 / vrrp.c vrrp_state_backup: what a priority-100 backup does with an advert
    [101, 'reset', 3610, []],
    [100, 'reset', 3610, []], // "greater than or equal to the local Priority"
    [99, 'discard', null, ['(VI_1) received lower priority (99) advert from 10.0.0.21 - discarding']],
    [0, 'skew', 610, []], // priority 0: Master_Down_Timer = Skew_Time
  ] as const)('advert with priority %i → %s', (priority, what, delay, log) => {
    const r = stepVrrp(backup100.state, { type: 'ADVERT', priority, from: '10.0.0.21' });
    expect(r.state.value).toBe('BACKUP');
    if (delay === null) {
      expect(r.schedule).toEqual([]);
      expect(r.cancel).toEqual([]);
    } else {
      expect(r.cancel).toEqual(['xstate.after.masterDown.vrrp.BACKUP']);
      expect(r.schedule.map((x) => x.delayMs)).toEqual([delay]);
    }
    expect(r.log.filter((l) => !l.detail).map((l) => l.message)).toEqual(log);
    expect(what).toBeTruthy();
  });

  it('with nopreempt a higher-priority backup accepts a lower-priority master (man keepalived.conf(5) "nopreempt")', () => {
    const s = stepVrrp(initialVrrpState({ iname: 'VI_1', address: '10.0.0.22', priority: 150, advertIntMs: 1000, state: 'BACKUP', nopreempt: true }), { type: 'START' }).state;
    const r = stepVrrp(s, { type: 'ADVERT', priority: 100, from: '10.0.0.21' });
    expect(r.schedule.map((x) => x.delayMs)).toEqual([masterDownIntervalMs(150, 1000)]);
  });

  it('as MASTER: steps down for a higher priority or an equal one from a higher address, asserts itself against a lower one (vrrp.c vrrp_state_master_rx)', () => {
    const master = go(initialVrrpState({ iname: 'VI_1', address: '10.0.0.21', priority: 100, advertIntMs: 1000, state: 'MASTER' }), { type: 'START' }, { type: 'xstate.after.masterDown.vrrp.BACKUP' } as never);
    expect(master.state.value).toBe('MASTER');
    expect(master.vip).toBe('acquire');
    expect(master.adverts).toEqual([100]);
    expect(master.log.map((l) => l.message)).toEqual(['(VI_1) Receive advertisement timeout', '(VI_1) Entering MASTER STATE']);

    const higher = stepVrrp(master.state, { type: 'ADVERT', priority: 101, from: '10.0.0.22' });
    expect([higher.state.value, higher.vip, higher.adverts]).toEqual(['BACKUP', 'release', []]);
    expect(higher.log.map((l) => l.message)).toEqual(['(VI_1) Master received advert from 10.0.0.22 with higher priority 101, ours 100', '(VI_1) Entering BACKUP STATE']);

    const tieHigherIp = stepVrrp(master.state, { type: 'ADVERT', priority: 100, from: '10.0.0.22' });
    expect(tieHigherIp.state.value).toBe('BACKUP');
    expect(tieHigherIp.log[0]!.message).toBe('(VI_1) Master received advert from 10.0.0.22 with same priority 100 but higher IP address than ours');

    const tieLowerIp = stepVrrp(master.state, { type: 'ADVERT', priority: 100, from: '10.0.0.20' });
    expect([tieLowerIp.state.value, tieLowerIp.adverts]).toEqual(['MASTER', [100]]);

    const lower = stepVrrp(master.state, { type: 'ADVERT', priority: 99, from: '10.0.0.22' });
    expect([lower.state.value, lower.vip, lower.adverts]).toEqual(['MASTER', null, [100]]);
    expect(lower.log[0]!.message).toBe('(VI_1) Received advert from 10.0.0.22 with lower priority 99, ours 100, forcing new election');
    expect(lower.cancel).toEqual(['xstate.after.advertInt.vrrp.MASTER']); // the advert timer restarts

    const stop = stepVrrp(master.state, { type: 'STOP' });
    expect([stop.state.value, stop.vip, stop.adverts]).toEqual(['INIT', 'release', [0]]);
    expect(holdsVip(master.state)).toBe(true);
    expect(holdsVip(stop.state)).toBe(false);
  });

  it('goes to FAULT on interface down or a failing weight-0 script, and back to BACKUP', () => {
    const down = stepVrrp(backup100.state, { type: 'INTERFACE_DOWN' });
    expect(down.state.value).toBe('FAULT');
    expect(down.log.map((l) => l.message)).toEqual(['(VI_1) Entering FAULT STATE']);
    expect(stepVrrp(down.state, { type: 'INTERFACE_UP' }).state.value).toBe('BACKUP');
    const s0 = stepVrrp(initialVrrpState(INPUT_FAULT), { type: 'START' }).state;
    const failed = stepVrrp(s0, { type: 'SCRIPT_RESULT', name: 's', ok: false, status: 1 });
    expect(failed.state.value).toBe('FAULT');
    expect(failed.log.map((l) => l.message)).toEqual(['VRRP_Script(s) failed (exited with status 1)', '(VI_1) Entering FAULT STATE']);
    expect(stepVrrp(failed.state, { type: 'SCRIPT_RESULT', name: 's', ok: true }).state.value).toBe('BACKUP');
  });
});

describe('checkAdvert (vrrp.c vrrp_check_packet)', () => {
  const me = { iname: 'VI_1', version: 2 as const, vrid: 51, advertIntMs: 1000, addresses: ['10.0.0.10'], authType: 'PASS' as const, authPass: '42' };
  const ok: VrrpAdvert = { version: 2, vrid: 51, priority: 101, advertIntMs: 1000, addresses: ['10.0.0.10'], authType: 'PASS', authPass: '42', from: '10.0.0.21' };
  it.each([
    ['valid', {}, null],
    ['another VRID', { vrid: 52 }, { ignore: true, log: null }],
    ['wrong password', { authPass: '43' }, { ignore: true, log: '(VI_1) received an invalid passwd!' }],
    ['no auth', { authType: null, authPass: null }, { ignore: true, log: '(VI_1) received a 0 auth, expecting 1!' }],
    ['advert_int 2', { advertIntMs: 2000 }, { ignore: true, log: "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec" }],
    ['other VIP', { addresses: ['10.0.0.99'] }, { ignore: true, log: '(VI_1) ip address associated with VRID 51 not present in MASTER advert : 10.0.0.10' }],
  ] as [string, Partial<VrrpAdvert>, ReturnType<typeof checkAdvert>][])('%s', (_name, patch, want) => {
    expect(checkAdvert(me, { ...ok, ...patch })).toEqual(want);
  });
});

// ---------------------------------------------------------------------------------------------
// Two keepalived hosts on one LAN, in virtual time
// ---------------------------------------------------------------------------------------------

interface SimHost {
  name: string;
  address: string;
  state: VrrpMachineState;
  up: boolean;
  /** Whether check_apiserver.sh succeeds on this host (its `curl https://localhost:6443/healthz`). */
  apiserverHealthy: boolean;
  log: { t: number; line: VrrpLogLine }[];
}

/**
 * A minimal stand-in for the kernel + network: a (time, seq) queue, timers keyed by host + send
 * id with honoured cancels, adverts multicast to the other hosts after `latencyMs`, and the
 * guide's check script every 3 s from keepalived's start (vrrp_init_script runs it at once).
 */
class Lan {
  t = 0;
  private seq = 0;
  private queue: { t: number; seq: number; run: () => void; key?: string }[] = [];
  private timers = new Map<string, number>();
  hosts: SimHost[];
  vipHistory: { t: number; host: string | null }[] = [];

  constructor(
    readonly latencyMs = 1,
    readonly checkFailDurationMs = 0,
  ) {
    this.hosts = (['lb-1', 'lb-2'] as const).map((name, i) => {
      const parsed = parseKeepalivedConf(keepalivedConf(KUBEADM_HA_KEEPALIVED[name]));
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      const inst = parsed.settings.instances[0]!;
      const address = `10.0.0.2${i + 1}`;
      const input: VrrpInput = { iname: inst.name, address, priority: inst.priority, advertIntMs: inst.advertIntMs, state: inst.state, nopreempt: inst.nopreempt, scripts: inst.trackScripts };
      return { name, address, state: initialVrrpState(input), up: true, apiserverHealthy: true, log: [] };
    });
  }

  private at(t: number, run: () => void, key?: string) {
    this.queue.push({ t, seq: this.seq++, run, ...(key ? { key } : {}) });
  }

  private apply(h: SimHost, e: VrrpEvent | { type: string }) {
    if (!h.up) return;
    const r = stepVrrp(h.state, e);
    h.state = r.state;
    for (const line of r.log) h.log.push({ t: this.t, line });
    for (const id of r.cancel) this.timers.delete(`${h.name}/${id}`);
    for (const s of r.schedule) {
      const key = `${h.name}/${s.id}`;
      const token = this.seq;
      this.timers.set(key, token);
      this.at(this.t + s.delayMs, () => {
        if (this.timers.get(key) !== token) return; // cancelled or re-armed
        this.timers.delete(key);
        this.apply(h, s.event);
      });
    }
    for (const priority of r.adverts) {
      for (const peer of this.hosts) if (peer !== h) this.at(this.t + this.latencyMs, () => this.apply(peer, { type: 'ADVERT', priority, from: h.address }));
    }
    if (r.vip) this.vipHistory.push({ t: this.t, host: r.vip === 'acquire' ? h.name : null });
  }

  startKeepalived(h: SimHost) {
    this.apply(h, { type: 'START' });
    const check = () => {
      if (!h.up || h.state.value === 'INIT') return;
      const ok = h.apiserverHealthy;
      // curl -sfk --max-time 2: a refused connection fails at once; the result reaches keepalived when the script exits.
      this.at(this.t + (ok ? 0 : this.checkFailDurationMs), () => this.apply(h, { type: 'SCRIPT_RESULT', name: 'check_apiserver', ok, status: ok ? 0 : 1 }));
      this.at(this.t + 3000, check);
    };
    check();
  }

  stopKeepalived(h: SimHost) {
    this.apply(h, { type: 'STOP' });
  }

  crash(h: SimHost) {
    h.up = false;
    for (const k of [...this.timers.keys()]) if (k.startsWith(`${h.name}/`)) this.timers.delete(k);
  }

  run(until: number, every?: (t: number) => void) {
    for (;;) {
      this.queue.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.t > until) break;
      this.queue.shift();
      this.t = next.t;
      next.run();
      every?.(this.t);
    }
    this.t = until;
  }

  master(): string | null {
    const m = this.hosts.filter((h) => h.up && h.state.value === 'MASTER');
    return m.length === 1 ? m[0]!.name : m.length === 0 ? null : m.map((h) => h.name).join('+');
  }
}

describe('kubeadm HA pair: lb-1 MASTER 101, lb-2 BACKUP 100 (kubeadm ha-considerations.md)', () => {
  function started(): Lan {
    const lan = new Lan();
    for (const h of lan.hosts) lan.startKeepalived(h);
    lan.run(10_000);
    return lan;
  }

  it('lb-1 takes the VIP 1004 ms after start and keeps it', () => {
    const lan = started();
    expect(lan.master()).toBe('lb-1');
    expect(lan.vipHistory).toEqual([{ t: 1004, host: 'lb-1' }]);
    expect(lan.hosts[1]!.state.value).toBe('BACKUP');
  });

  it('host crash: lb-2 holds the VIP Master_Down_Interval (3.61 s) after the last advert it heard', () => {
    const lan = started();
    const [lb1, lb2] = lan.hosts as [SimHost, SimHost];
    // lb-1 adverts at 1004 + k·1000 ms; crash it right after the one at 10 004 (lb-2 hears it at 10 005).
    lan.run(10_004);
    lan.crash(lb1);
    lan.run(20_000);
    expect(lan.master()).toBe('lb-2');
    expect(lan.vipHistory.at(-1)).toEqual({ t: 10_005 + 3610, host: 'lb-2' });
    expect(lb2.log.filter((l) => !l.line.detail).map((l) => `${l.t} ${l.line.message}`)).toEqual([
      '0 (VI_1) Entering BACKUP STATE (init)',
      '0 VRRP_Script(check_apiserver) succeeded', // the first check decides at once
      '13615 (VI_1) Entering MASTER STATE',
    ]);
  });

  it('keepalived stopped on lb-1: its priority-0 advert hands over after Skew_Time (610 ms)', () => {
    const lan = started();
    lan.run(10_500);
    lan.stopKeepalived(lan.hosts[0]!);
    lan.run(20_000);
    expect(lan.master()).toBe('lb-2');
    // lb-1 releases at 10 500; lb-2 hears priority 0 at 10 501 and waits Skew_Time(100) = 609.375 ms → 610.
    expect(lan.vipHistory.slice(1)).toEqual([
      { t: 10_500, host: null },
      { t: 10_501 + 610, host: 'lb-2' },
    ]);
  });

  it('check_apiserver fails on lb-1 only (its local :6443 stops answering): 10 failed checks × 3 s, priority 101 − 2 = 99 < 100, and lb-2 preempts', () => {
    const lan = started();
    const [lb1, lb2] = lan.hosts as [SimHost, SimHost];
    lan.run(60_500);
    lb1.apiserverHealthy = false; // checks run at 0, 3000, … : the first failing one is at 63 000
    let prio99At = -1;
    lan.run(100_000, (t) => {
      if (prio99At < 0 && lb1.state.context.effectivePriority === 99) prio99At = t;
    });
    expect(prio99At).toBe(63_000 + 9 * 3000); // the 10th failure
    expect(lb1.log.filter((l) => l.t === prio99At).map((l) => l.line.message)).toEqual(['VRRP_Script(check_apiserver) failed (exited with status 1)', '(VI_1) Changing effective priority from 101 to 99']);
    // lb-2 discards the priority-99 adverts, so its timer (last reset by the 101 advert sent at
    // 89 004, heard at 89 005) runs out 3610 ms later.
    const takeover = lan.vipHistory.find((v) => v.host === 'lb-2')!;
    expect(takeover.t).toBe(89_005 + 3610);
    expect(takeover.t - 60_500).toBeGreaterThan(30_000); // ≈ 32 s after the apiserver died
    expect(takeover.t - 60_500).toBeLessThan(34_000);
    expect(lan.master()).toBe('lb-2');
    expect(lb2.log.some((l) => l.line.message === '(VI_1) received lower priority (99) advert from 10.0.0.21 - discarding')).toBe(true);
    expect(lb1.log.filter((l) => !l.line.detail && l.t >= takeover.t).map((l) => l.line.message)).toEqual([
      '(VI_1) Master received advert from 10.0.0.22 with higher priority 100, ours 99',
      '(VI_1) Entering BACKUP STATE',
    ]);
    // Only one master at every instant after the hand-over (lb-1 releases as soon as it hears lb-2).
    expect(lan.vipHistory.map((v) => v.host)).toEqual(['lb-1', 'lb-2', null]);

    // The apiserver comes back: 2 successful checks (rise 2) restore 101 and lb-1 preempts lb-2.
    lb1.apiserverHealthy = true;
    lan.run(140_000);
    expect(lb1.state.context.effectivePriority).toBe(101);
    expect(lan.master()).toBe('lb-1');
    const back = lan.vipHistory.filter((v) => v.host === 'lb-1').at(-1)!;
    expect(back.t).toBeGreaterThan(102_000); // checks at 102 000 and 105 000 succeed
    expect(back.t).toBeLessThanOrEqual(105_000 + 3614);
  });
});
