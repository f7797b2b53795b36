/**
 * One keepalived VRRP instance (`vrrp_instance VI_1`) as a statechart: INIT, BACKUP, MASTER,
 * FAULT. The wiring keeps `{ value, context }` per lb host and moves it only through
 * `stepVrrp()`; the master's advertisement timer and the backup's master-down timer are the
 * machine's own delayed transitions (`after`), which the kernel schedules on the virtual clock
 * keyed by the host and the send ids in `VRRP_DELAYED_SEND_IDS`, honouring cancels.
 *
 * Behaviour follows keepalived 2.2.4 (the version kubeadm's HA guide was tested with), which
 * implements RFC 3768 (VRRPv2, keepalived's default `vrrp_version 2`) and RFC 5798 (VRRPv3):
 * - keepalived/vrrp/vrrp.c `vrrp_state_backup`, `vrrp_state_master_rx`, `vrrp_state_master_tx`,
 *   `vrrp_state_leave_master`, `vrrp_restore_interface`;
 * - keepalived/vrrp/vrrp_scheduler.c `vrrp_init_state`, `vrrp_dispatcher_read_timeout`,
 *   `vrrp_script_child_thread` (the rise/fall counter);
 * - keepalived/vrrp/vrrp_track.c `vrrp_set_effective_priority`, `process_script_update_priority`;
 * - keepalived/include/vrrp.h `VRRP_TIMER_SKEW`, `VRRP_MS_DOWN_TIMER`.
 */
import { setup, assign, initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';

// ---------------------------------------------------------------------------------------------
// Pure helpers
// ---------------------------------------------------------------------------------------------

/** VRRP priorities (RFC 3768 §5.3.4): 255 = address owner, 0 = "stop being master now". */
export const VRRP_PRIO_OWNER = 255;
export const VRRP_PRIO_STOP = 0;
/** keepalived's master down timer counts this many advert intervals (down_timer_adverts default 3; RFC 3768 §6.1 "(3 * Advertisement_Interval) + Skew_time"). */
export const DOWN_TIMER_ADVERTS = 3;
/** VRRP over IPv4: IP protocol 112 to the multicast group 224.0.0.18 with TTL 255 (RFC 3768 §5.2.2, §5.2.3, §5.1.1.3). */
export const VRRP_MULTICAST_GROUP = '224.0.0.18';
export const VRRP_IP_PROTOCOL = 112;
export const VRRP_TTL = 255;

/**
 * Skew_Time in microseconds.
 * - VRRPv2 (RFC 3768 §6.1): `(256 - Priority) / 256` seconds, whatever the advert interval.
 * - VRRPv3 (RFC 5798 §6.1): `((256 - Priority) * Master_Adver_Interval) / 256`.
 * keepalived computes exactly these in µs (vrrp.h `VRRP_TIMER_SKEW_CALC`: v2
 * `pri * TIMER_HZ / 256`, v3 `pri * (adver_int / TIMER_CENTI_HZ) * 625 / 16`), and it runs v2
 * unless `vrrp_version 3` is set (core/global_data.c `data->vrrp_version = VRRP_VERSION_2`).
 * With advert_int 1 s both give the same value.
 */
export function skewTimeUs(priority: number, advertIntMs: number, version: 2 | 3 = 2): number {
  const p = 256 - priority;
  if (version === 3) return Math.floor((p * Math.floor(advertIntMs / 10) * 625) / 16);
  return Math.floor((p * 1_000_000) / 256);
}

/** Skew_Time in whole ms, rounded up (the virtual clock counts ms; keepalived's timers never fire early). */
export function skewTimeMs(priority: number, advertIntMs: number, version: 2 | 3 = 2): number {
  return Math.ceil(skewTimeUs(priority, advertIntMs, version) / 1000);
}

/**
 * Master_Down_Interval = 3 × Advertisement_Interval + Skew_Time (RFC 3768 §6.1, RFC 5798 §6.1;
 * man keepalived.conf(5): "Advertisement timeout is 3 * advert_int + skew_time"), in whole ms
 * rounded up. priority 100, advert_int 1 s → 3 s + 609.375 ms → 3610 ms; priority 101 → 3606 ms.
 */
export function masterDownIntervalMs(priority: number, advertIntMs: number, version: 2 | 3 = 2): number {
  return Math.ceil((DOWN_TIMER_ADVERTS * advertIntMs * 1000 + skewTimeUs(priority, advertIntMs, version)) / 1000);
}

/**
 * The first wait of an instance configured `state MASTER` (not the address owner): keepalived
 * starts it in BACKUP and lets one advert interval plus the minimum skew pass "to ensure there is
 * no other master" (vrrp_scheduler.c vrrp_init_state: `master_adver_int + VRRP_TIMER_SKEW_MIN`).
 */
export function initialMasterWaitMs(advertIntMs: number, version: 2 | 3 = 2): number {
  return Math.ceil((advertIntMs * 1000 + skewTimeUs(255, advertIntMs, version)) / 1000);
}

/** A tracked script's state (vrrp_scheduler.c: `vscript->result` and `init_state`). */
export interface TrackScriptState {
  name: string;
  weight: number;
  rise: number;
  fall: number;
  /** keepalived's counter: 0 … rise+fall-1; the script is OK while result ≥ rise. */
  result: number;
  /** 'init' until the first result; then 'ok' / 'failed' as last reported to the instances. */
  status: 'init' | 'ok' | 'failed';
}

export function initialTrackScript(s: { name: string; weight: number; rise: number; fall: number; initFail?: boolean }): TrackScriptState {
  // vrrp_init_script: INIT → result = rise - 1 ("one success is enough"); init_fail → 0 (and failed).
  if (s.initFail) return { name: s.name, weight: s.weight, rise: s.rise, fall: s.fall, result: 0, status: 'failed' };
  return { name: s.name, weight: s.weight, rise: s.rise, fall: s.fall, result: s.rise - 1, status: 'init' };
}

/**
 * One script exit (ok = exit status 0) through keepalived's counter (vrrp_scheduler.c
 * `vrrp_script_child_thread`): `fall` failures in a row from fully OK make it failed, `rise`
 * successes from failed make it OK; the very first result decides at once. Returns the new state
 * and whether the status reported to the instances changed.
 */
export function trackScriptResult(s: TrackScriptState, ok: boolean): { state: TrackScriptState; changed: boolean } {
  const max = s.rise + s.fall - 1;
  let { result, status } = s;
  let changed = false;
  if (ok) {
    if (result < s.rise - 1) result++;
    else if (result !== max) {
      if (result < s.rise) {
        changed = status !== 'ok';
        status = 'ok';
      }
      result = max;
    }
  } else if (result > s.rise) result--;
  else {
    if (result === s.rise || status === 'init') {
      changed = status !== 'failed';
      status = 'failed';
    }
    result = 0;
  }
  return { state: { ...s, result, status }, changed };
}

/**
 * The instance's effective priority (vrrp_track.c `process_script_update_priority` and
 * `vrrp_set_effective_priority`): the configured priority, plus each positive weight whose script
 * is OK, plus each negative weight whose script has failed; while a script has not reported yet
 * it adds nothing. Clamped to 1 … 254; the address owner (255) never changes.
 * Weight-0 scripts do not change the priority (they put the instance in FAULT instead).
 */
export function effectivePriority(basePriority: number, scripts: readonly Pick<TrackScriptState, 'weight' | 'status'>[]): number {
  if (basePriority === VRRP_PRIO_OWNER) return VRRP_PRIO_OWNER;
  let total = basePriority;
  for (const s of scripts) {
    if (s.weight > 0 && s.status === 'ok') total += s.weight;
    if (s.weight < 0 && s.status === 'failed') total += s.weight;
  }
  return Math.max(1, Math.min(VRRP_PRIO_OWNER - 1, total));
}

/** IPv4 dotted quad → unsigned int, for the equal-priority tie break (the higher address wins, RFC 3768 §6.4.3). */
export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

// ---------------------------------------------------------------------------------------------
// The statechart
// ---------------------------------------------------------------------------------------------

export interface VrrpInput {
  /** `vrrp_instance` name, e.g. VI_1 (keepalived's log prefix). */
  iname: string;
  /** This host's primary address on the interface (the adverts' source; breaks priority ties). */
  address: string;
  priority: number;
  advertIntMs: number;
  state: 'MASTER' | 'BACKUP';
  nopreempt?: boolean;
  version?: 2 | 3;
  scripts?: { name: string; weight: number; rise: number; fall: number; initFail?: boolean }[];
}

export interface VrrpContext {
  iname: string;
  address: string;
  basePriority: number;
  effectivePriority: number;
  advertIntMs: number;
  version: 2 | 3;
  configuredState: 'MASTER' | 'BACKUP';
  nopreempt: boolean;
  scripts: TrackScriptState[];
  interfaceUp: boolean;
  /** The wait the next (re)entry of BACKUP arms (ms). */
  downTimerMs: number;
  /** The master this backup last accepted an advert from (for display). */
  masterAddress: string | null;
  masterPriority: number | null;
}

export type VrrpEvent =
  /** keepalived (re)starts: the instance leaves INIT. */
  | { type: 'START' }
  /** A valid advert for this VRID from a peer (see `checkAdvert`); priority 0 = the master is going away. */
  | { type: 'ADVERT'; priority: number; from: string }
  /** The track script `name` exited; ok = exit status 0. */
  | { type: 'SCRIPT_RESULT'; name: string; ok: boolean; status?: number }
  | { type: 'INTERFACE_DOWN' }
  | { type: 'INTERFACE_UP' }
  /** Orderly stop (SIGTERM, `systemctl stop keepalived`): a master sends priority 0 and drops the VIP. A crash is no event: the state is simply gone. */
  | { type: 'STOP' };

/** A keepalived log line; detail = only printed with `-D` / `--log-detail` (LOG_DETAIL_BIT). */
export interface VrrpLogLine {
  message: string;
  detail: boolean;
}

function faulty(c: Pick<VrrpContext, 'interfaceUp' | 'scripts'>): boolean {
  return !c.interfaceUp || c.scripts.some((s) => s.weight === 0 && s.status === 'failed');
}

/** The context after a script result (the counter, the effective priority). */
function withScriptResult(c: VrrpContext, e: { name: string; ok: boolean }): VrrpContext {
  const scripts = c.scripts.map((s) => (s.name === e.name ? trackScriptResult(s, e.ok).state : s));
  return { ...c, scripts, effectivePriority: effectivePriority(c.basePriority, scripts) };
}

/** keepalived's log lines for a script result (vrrp_script_child_thread, vrrp_set_effective_priority). */
function scriptResultLogs(c: VrrpContext, e: { name: string; ok: boolean; status?: number }): VrrpLogLine[] {
  const s = c.scripts.find((x) => x.name === e.name);
  if (!s) return [];
  const out: VrrpLogLine[] = [];
  const r = trackScriptResult(s, e.ok);
  if (r.changed) out.push({ message: e.ok ? `VRRP_Script(${s.name}) succeeded` : `VRRP_Script(${s.name}) failed (exited with status ${e.status ?? 1})`, detail: false });
  const next = withScriptResult(c, e).effectivePriority;
  if (next !== c.effectivePriority) out.push({ message: `(${c.iname}) Changing effective priority from ${c.effectivePriority} to ${next}`, detail: false });
  return out;
}

const downTimer = (c: VrrpContext) => masterDownIntervalMs(c.effectivePriority, c.advertIntMs, c.version);
const addrCmp = (c: VrrpContext, from: string) => Math.sign(ipv4ToNumber(from) - ipv4ToNumber(c.address));

type Args = { context: VrrpContext; event: VrrpEvent };
type ArgsOf<T extends VrrpEvent['type']> = { context: VrrpContext; event: Extract<VrrpEvent, { type: T }> };

/** A log action with one line computed from the context (and event). */
function say(text: (c: VrrpContext) => string, detail = false) {
  return { type: 'log' as const, params: ({ context }: Args) => ({ lines: [{ message: text(context), detail }] }) };
}
/** The log lines of a script result, computed before the context changes. */
const sayScript = { type: 'log' as const, params: ({ context, event }: ArgsOf<'SCRIPT_RESULT'>) => ({ lines: scriptResultLogs(context, event) }) };
const advertNow = { type: 'sendAdvert' as const, params: ({ context }: Args) => ({ priority: context.effectivePriority }) };
const advertStop = { type: 'sendAdvert' as const, params: { priority: VRRP_PRIO_STOP } };

export const vrrpMachine = setup({
  types: {} as { context: VrrpContext; events: VrrpEvent; input: VrrpInput },
  actions: {
    /** Send one advertisement with this priority to 224.0.0.18 (the wiring builds the packet). */
    sendAdvert: (_, _params: { priority: number }) => {},
    /** keepalived log lines (the wiring writes them to the host's journal / the trace). */
    log: (_, _params: { lines: VrrpLogLine[] }) => {},
    /** Count a script result and recompute the effective priority. */
    applyScript: assign(({ context, event }) => (event.type === 'SCRIPT_RESULT' ? withScriptResult(context, event) : context)),
    /** Arm the master down timer for the next entry of BACKUP: 3 × advert_int + skew. */
    armDownTimer: assign({ downTimerMs: ({ context }) => downTimer(context) }),
  },
  delays: {
    advertInt: ({ context }) => context.advertIntMs,
    masterDown: ({ context }) => context.downTimerMs,
  },
}).createMachine({
  id: 'vrrp',
  context: ({ input }) => {
    const scripts = (input.scripts ?? []).map(initialTrackScript);
    const version = input.version ?? 2;
    return {
      iname: input.iname,
      address: input.address,
      basePriority: input.priority,
      effectivePriority: effectivePriority(input.priority, scripts),
      advertIntMs: input.advertIntMs,
      version,
      configuredState: input.state,
      nopreempt: input.nopreempt ?? false,
      scripts,
      interfaceUp: true,
      downTimerMs: masterDownIntervalMs(input.priority, input.advertIntMs, version),
      masterAddress: null,
      masterPriority: null,
    };
  },
  initial: 'INIT',
  states: {
    /** keepalived not running (before START, after STOP). */
    INIT: {
      on: {
        START: [
          { guard: ({ context }) => faulty(context), target: 'FAULT', actions: say((c) => `(${c.iname}) Entering FAULT STATE (init)`) },
          // The address owner (priority 255, state MASTER) takes over at once (vrrp_init_state: ms_down_timer = 1 µs).
          {
            guard: ({ context }) => context.basePriority === VRRP_PRIO_OWNER && context.configuredState === 'MASTER',
            target: 'MASTER',
            actions: [say((c) => `(${c.iname}) Entering MASTER STATE`), advertNow],
          },
          // Everyone else starts in BACKUP; `state MASTER` only shortens the first wait to one
          // advert interval + the minimum skew (vrrp_init_state).
          {
            target: 'BACKUP',
            actions: [
              assign({ downTimerMs: ({ context }) => (context.configuredState === 'MASTER' ? initialMasterWaitMs(context.advertIntMs, context.version) : downTimer(context)) }),
              say((c) => `(${c.iname}) Entering BACKUP STATE (init)`),
            ],
          },
        ],
        INTERFACE_DOWN: { actions: assign({ interfaceUp: false }) },
        INTERFACE_UP: { actions: assign({ interfaceUp: true }) },
      },
    },
    /** Listening for adverts; becomes master when none arrives for the master down interval. */
    BACKUP: {
      after: {
        masterDown: {
          target: 'MASTER',
          // vrrp_dispatcher_read_timeout → vrrp_goto_master → vrrp_state_master_tx: advert first, then the VIP.
          actions: [say((c) => `(${c.iname}) Receive advertisement timeout`, true), say((c) => `(${c.iname}) Entering MASTER STATE`), advertNow],
        },
      },
      on: {
        ADVERT: [
          // Priority 0: the master is leaving; take over after Skew_Time only (RFC 3768 §6.4.2, vrrp_state_backup).
          {
            guard: ({ event }) => event.priority === VRRP_PRIO_STOP,
            target: 'BACKUP',
            reenter: true,
            actions: [assign({ downTimerMs: ({ context }) => skewTimeMs(context.effectivePriority, context.advertIntMs, context.version) }), say((c) => `(${c.iname}) Backup received priority 0 advertisement`, true)],
          },
          // nopreempt, or a master at least as good as us: restart the master down timer.
          {
            guard: ({ context, event }) => context.nopreempt || event.priority >= context.effectivePriority,
            target: 'BACKUP',
            reenter: true,
            actions: ['armDownTimer', assign({ masterAddress: ({ event }) => event.from, masterPriority: ({ event }) => event.priority })],
          },
          // Preemption: a lower-priority advert is discarded (RFC 3768 §6.4.2), so the timer that
          // is already running expires and this backup takes over.
          {
            actions: {
              type: 'log',
              params: ({ context, event }) => ({ lines: [{ message: `(${context.iname}) received lower priority (${event.priority}) advert from ${event.from} - discarding`, detail: false }] }),
            },
          },
        ],
        SCRIPT_RESULT: [
          { guard: ({ context, event }) => faulty(withScriptResult(context, event)), target: 'FAULT', actions: [sayScript, 'applyScript', say((c) => `(${c.iname}) Entering FAULT STATE`)] },
          // A new priority does not restart the running timer (see README: keepalived shifts it by the skew difference).
          { actions: [sayScript, 'applyScript'] },
        ],
        INTERFACE_DOWN: { target: 'FAULT', actions: [assign({ interfaceUp: false }), say((c) => `(${c.iname}) Entering FAULT STATE`)] },
        STOP: 'INIT',
      },
    },
    /** Holding the VIP and advertising every advert_int. */
    MASTER: {
      after: {
        // vrrp_state_master_tx every advert_int.
        advertInt: { target: 'MASTER', reenter: true, actions: advertNow },
      },
      on: {
        ADVERT: [
          // Priority 0 from another router: answer with an advert at once (vrrp_state_master_rx).
          { guard: ({ event }) => event.priority === VRRP_PRIO_STOP, target: 'MASTER', reenter: true, actions: [say((c) => `(${c.iname}) Master received priority 0 message`, true), advertNow] },
          // A better master: step down and release the VIP (no priority-0 advert).
          {
            guard: ({ context, event }) => event.priority > context.effectivePriority || (event.priority === context.effectivePriority && addrCmp(context, event.from) > 0),
            target: 'BACKUP',
            actions: [
              {
                type: 'log',
                params: ({ context, event }) => ({
                  lines: [
                    {
                      message:
                        event.priority > context.effectivePriority
                          ? `(${context.iname}) Master received advert from ${event.from} with higher priority ${event.priority}, ours ${context.effectivePriority}`
                          : `(${context.iname}) Master received advert from ${event.from} with same priority ${event.priority} but higher IP address than ours`,
                      detail: false,
                    },
                    { message: `(${context.iname}) Entering BACKUP STATE`, detail: false },
                  ],
                }),
              },
              'armDownTimer',
              assign({ masterAddress: ({ event }) => event.from, masterPriority: ({ event }) => event.priority }),
            ],
          },
          // Same priority from our own address: keepalived only warns.
          {
            guard: ({ context, event }) => event.priority === context.effectivePriority && addrCmp(context, event.from) === 0,
            actions: say((c) => `(${c.iname}) WARNING - equal priority advert received from remote host with our IP address.`),
          },
          // A worse one: assert ourselves with an advert now; the advert timer restarts.
          {
            target: 'MASTER',
            reenter: true,
            actions: [
              {
                type: 'log',
                params: ({ context, event }) => ({
                  lines: [{ message: `(${context.iname}) Received advert from ${event.from} with lower priority ${event.priority}, ours ${context.effectivePriority}, forcing new election`, detail: false }],
                }),
              },
              advertNow,
            ],
          },
        ],
        SCRIPT_RESULT: [
          { guard: ({ context, event }) => faulty(withScriptResult(context, event)), target: 'FAULT', actions: [sayScript, 'applyScript', say((c) => `(${c.iname}) Entering FAULT STATE`), advertStop] },
          // The new priority goes out with the next advert; nothing else happens now.
          { actions: [sayScript, 'applyScript'] },
        ],
        INTERFACE_DOWN: { target: 'FAULT', actions: [assign({ interfaceUp: false }), say((c) => `(${c.iname}) Entering FAULT STATE`)] },
        // "if we stop vrrp, warn the other routers to speed up the recovery" (vrrp.c vrrp_restore_interface).
        STOP: { target: 'INIT', actions: advertStop },
      },
    },
    /** Interface down, or a weight-0 script failing: no adverts, no VIP, adverts ignored. */
    FAULT: {
      on: {
        INTERFACE_DOWN: { actions: assign({ interfaceUp: false }) },
        INTERFACE_UP: [
          {
            guard: ({ context }) => !faulty({ ...context, interfaceUp: true }),
            target: 'BACKUP',
            actions: [assign({ interfaceUp: true }), 'armDownTimer', say((c) => `(${c.iname}) Entering BACKUP STATE`)],
          },
          { actions: assign({ interfaceUp: true }) },
        ],
        SCRIPT_RESULT: [
          { guard: ({ context, event }) => !faulty(withScriptResult(context, event)), target: 'BACKUP', actions: [sayScript, 'applyScript', 'armDownTimer', say((c) => `(${c.iname}) Entering BACKUP STATE`)] },
          { actions: [sayScript, 'applyScript'] },
        ],
        STOP: 'INIT',
      },
    },
  },
});

/** The send ids of the delayed transitions (`xstate.after.<delay>.<machine>.<state>`): the wiring keys timers by host + these. */
export const VRRP_DELAYED_SEND_IDS = ['xstate.after.masterDown.vrrp.BACKUP', 'xstate.after.advertInt.vrrp.MASTER'] as const;

export const VRRP_STATES = ['INIT', 'BACKUP', 'MASTER', 'FAULT'] as const;
export type VrrpStateName = (typeof VRRP_STATES)[number];

/** What the wiring stores per keepalived instance: plain data, checkpointable. */
export interface VrrpMachineState {
  value: VrrpStateName;
  context: VrrpContext;
}

export interface VrrpStep {
  state: VrrpMachineState;
  /** Delayed raises to schedule (send id, ms, event) and send ids to cancel. */
  schedule: { id: string; delayMs: number; event: { type: string } }[];
  cancel: string[];
  /** Adverts to multicast now, in order (priority 0 = "I am leaving"). */
  adverts: number[];
  /** keepalived's log lines, in order. */
  log: VrrpLogLine[];
  /** 'acquire': add the VIP to the interface and send gratuitous ARP; 'release': delete it. */
  vip: 'acquire' | 'release' | null;
  changed: boolean;
}

export function initialVrrpState(input: VrrpInput): VrrpMachineState {
  const [snap] = initialTransition(vrrpMachine, input);
  return { value: snap.value as VrrpStateName, context: snap.context };
}

function snapshotOf(s: VrrpMachineState): AnyMachineSnapshot {
  return vrrpMachine.resolveState({ value: s.value as StateValue, context: s.context }) as AnyMachineSnapshot;
}

/**
 * Steps already taken, by (state, context, event). The machine is pure, so a step is a function
 * of those three; a steady pair of keepalived instances repeats the same two or three steps (the
 * master's advert timer, the backup's accepted advert, a passing track script) once a second, and
 * resolving an xstate snapshot costs ~100 µs each time. A memo: clearing it changes nothing but speed.
 */
const stepMemo = new Map<string, VrrpStep>();
const STEP_MEMO_MAX = 512;

/** One event through the machine: the new state, timers to arm/cancel, adverts to send, log lines, VIP change. */
export function stepVrrp(s: VrrpMachineState, event: VrrpEvent | { type: string }): VrrpStep {
  const key = `${s.value}\u0000${JSON.stringify(s.context)}\u0000${JSON.stringify(event)}`;
  const hit = stepMemo.get(key);
  if (hit) return hit;
  const step = computeVrrpStep(s, event);
  if (stepMemo.size >= STEP_MEMO_MAX) stepMemo.clear();
  stepMemo.set(key, step);
  return step;
}

function computeVrrpStep(s: VrrpMachineState, event: VrrpEvent | { type: string }): VrrpStep {
  const [next, actions] = transition(vrrpMachine, snapshotOf(s) as never, event as never);
  const schedule: VrrpStep['schedule'] = [];
  const cancel: string[] = [];
  const adverts: number[] = [];
  const logLines: VrrpLogLine[] = [];
  for (const a of actions as { type: string; params?: { delay?: number; id?: string; event?: { type: string }; sendId?: string; priority?: number; lines?: VrrpLogLine[] } }[]) {
    if (a.type === 'xstate.raise' && a.params?.delay !== undefined && a.params.id && a.params.event) schedule.push({ id: a.params.id, delayMs: a.params.delay, event: a.params.event });
    else if (a.type === 'xstate.cancel' && a.params?.sendId) cancel.push(a.params.sendId);
    else if (a.type === 'sendAdvert' && a.params?.priority !== undefined) adverts.push(a.params.priority);
    else if (a.type === 'log' && a.params?.lines) logLines.push(...a.params.lines);
  }
  const state: VrrpMachineState = { value: next.value as VrrpStateName, context: next.context as VrrpContext };
  const vip = s.value !== 'MASTER' && state.value === 'MASTER' ? 'acquire' : s.value === 'MASTER' && state.value !== 'MASTER' ? 'release' : null;
  return { state, schedule, cancel, adverts, log: logLines, vip, changed: state.value !== s.value || state.context !== s.context };
}

/** Whether this instance holds the VIP (keepalived adds the virtual_ipaddress only in MASTER). */
export function holdsVip(s: VrrpMachineState): boolean {
  return s.value === 'MASTER';
}

// ---------------------------------------------------------------------------------------------
// Adverts on the wire
// ---------------------------------------------------------------------------------------------

/** The fields of a VRRPv2 advertisement the model uses (RFC 3768 §5.3). */
export interface VrrpAdvert {
  version: 2 | 3;
  vrid: number;
  priority: number;
  /** Adver Int (v2: whole seconds on the wire; kept in ms here). */
  advertIntMs: number;
  /** The IP addresses (the VIPs) the master holds. */
  addresses: string[];
  authType: 'PASS' | 'AH' | null;
  authPass: string | null;
  /** IP source address: the sender's primary address. */
  from: string;
}

/** The settings `checkAdvert` compares against (from the parsed vrrp_instance). */
export interface VrrpInstanceIdentity {
  iname: string;
  version: 2 | 3;
  vrid: number;
  advertIntMs: number;
  addresses: string[];
  authType: 'PASS' | 'AH' | null;
  authPass: string | null;
}

/**
 * keepalived's receive checks (vrrp.c vrrp_check_packet), for an advert that reached this
 * instance's interface. Returns null when the advert is valid (pass it as an ADVERT event), or
 * the log line keepalived prints when it drops it. An advert for another VRID is not for this
 * instance at all (`{ ignore: true }` without a log line).
 */
export function checkAdvert(me: VrrpInstanceIdentity, a: VrrpAdvert): { ignore: true; log: string | null } | null {
  if (a.vrid !== me.vrid) return { ignore: true, log: null };
  if (a.version !== me.version) return { ignore: true, log: `(${me.iname}) wrong version. Received ${a.version} and expect ${me.version}` };
  if (me.version === 2) {
    if ((a.authType ?? null) !== (me.authType ?? null)) return { ignore: true, log: `(${me.iname}) received a ${authCode(a.authType)} auth, expecting ${authCode(me.authType)}!` };
    if (me.authType === 'PASS' && a.authPass !== me.authPass) return { ignore: true, log: `(${me.iname}) received an invalid passwd!` };
    if (a.advertIntMs !== me.advertIntMs) return { ignore: true, log: `(${me.iname}) advertisement interval mismatch mine=${Math.floor(me.advertIntMs / 1000)} sec rcv'd=${Math.floor(a.advertIntMs / 1000)} sec` };
  }
  if (a.addresses.length !== me.addresses.length) return { ignore: true, log: `(${me.iname}) received an unexpected ip number count ${a.addresses.length}, expected ${me.addresses.length}!` };
  for (const ip of me.addresses) if (!a.addresses.includes(ip)) return { ignore: true, log: `(${me.iname}) ip address associated with VRID ${me.vrid} not present in MASTER advert : ${ip}` };
  return null;
}

function authCode(t: 'PASS' | 'AH' | null): number {
  return t === 'PASS' ? 1 : t === 'AH' ? 2 : 0;
}
