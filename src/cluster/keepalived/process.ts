/**
 * keepalived as a running process on an lb host (kubeadm HA guide option 1: a systemd unit reading
 * /etc/keepalived/keepalived.conf). Plain data plus handlers returning effects: the VRRP statechart
 * (vrrp.machine.ts) stepped with `stepVrrp`, its delayed transitions as timers keyed by host + send
 * id, adverts as packets to 224.0.0.18 (the simulation delivers them to the other hosts on the
 * LAN), the track script as an HTTPS GET to this host's own :6443 (HAProxy) every `interval`.
 *
 * The VIP itself is not this module's to move: each handler returns `vip` ('acquire' / 'release')
 * and the simulation adds or removes 10.0.0.10 on the host's eth0 (and sends the gratuitous ARP).
 *
 * Sources: keepalived 2.2.4 keepalived/main.c ("Starting Keepalived v%s", "Starting VRRP child
 * process, pid=%d", "Stopping", "Stopped Keepalived v%s"), vrrp_scheduler.c (scripts run at start,
 * then every interval), Ubuntu's keepalived.service (Description=Keepalive Daemon (LVS and VRRP)).
 */
import type { EffectSink } from '../effects.ts';
import { emitTrace } from '../effects.ts';
import { APISERVER_PORT, type ApiRequest, type ApiResponse } from '../apiserver/messages.ts';
import { CHECK_APISERVER_CURL, CHECK_APISERVER_FAIL_STATUS, parseKeepalivedConf, type TrackedScript, type VrrpInstanceSettings } from './config.ts';
import { holdsVip, initialVrrpState, stepVrrp, VRRP_MULTICAST_GROUP, checkAdvert, type VrrpAdvert, type VrrpEvent, type VrrpInstanceIdentity, type VrrpMachineState, type VrrpStep } from './vrrp.machine.ts';

export interface KeepalivedJournalLine {
  atMs: number;
  ident: string;
  text: string;
}

const JOURNAL_KEEP = 400;

/** The port VRRP packets are addressed to (IP protocol 112 has no ports; this names the protocol). */
export const VRRP_PORT = 'vrrp';

export interface KeepalivedProcess {
  host: string;
  address: string;
  status: 'running' | 'stopped' | 'failed';
  epoch: number;
  pid: number;
  instance: VrrpInstanceSettings | null;
  vrrp: VrrpMachineState | null;
  script: TrackedScript | null;
  /** The track script run in progress (its start time), or null. */
  scriptRun: { n: number; startedAtMs: number } | null;
  nextScriptRun: number;
  startedAtMs: number;
  journal: KeepalivedJournalLine[];
}

/** What a handler asks the simulation to do with the VIPs on eth0. */
export interface KeepalivedOutcome {
  vip: 'acquire' | 'release' | null;
  addresses: string[];
}

export function createKeepalived(host: string, address: string): KeepalivedProcess {
  return { host, address, status: 'stopped', epoch: 0, pid: 0, instance: null, vrrp: null, script: null, scriptRun: null, nextScriptRun: 1, startedAtMs: 0, journal: [] };
}

const target = (k: KeepalivedProcess) => `${k.host}/keepalived`;
const vrrpPid = (k: KeepalivedProcess) => k.pid + 1;

function journal(k: KeepalivedProcess, atMs: number, ident: string, text: string): void {
  k.journal.push({ atMs, ident, text });
  if (k.journal.length > JOURNAL_KEEP * 2) k.journal.splice(0, k.journal.length - JOURNAL_KEEP);
}

const none = (k: KeepalivedProcess): KeepalivedOutcome => ({ vip: null, addresses: k.instance?.virtualIpAddresses ?? [] });

export function keepalivedIdentity(i: VrrpInstanceSettings): VrrpInstanceIdentity {
  return { iname: i.name, version: i.version, vrid: i.virtualRouterId, advertIntMs: i.advertIntMs, addresses: i.virtualIpAddresses, authType: i.authType, authPass: i.authPass };
}

/** Whether this host holds the VIP now (keepalived in MASTER). */
export function keepalivedHoldsVip(k: KeepalivedProcess): boolean {
  return k.status === 'running' && k.vrrp !== null && holdsVip(k.vrrp);
}

/**
 * `systemctl start keepalived`: parse the configuration (errors: the unit fails), then START the
 * VRRP instance and run the track script once at once (keepalived runs every script at startup).
 */
export function startKeepalived(k: KeepalivedProcess, confText: string | undefined, sink: EffectSink): { error: string | null; outcome: KeepalivedOutcome } {
  if (k.status === 'running') return { error: null, outcome: none(k) };
  k.epoch++;
  k.pid = 1100 + k.epoch * 2;
  journal(k, sink.now, 'systemd[1]', 'Starting Keepalive Daemon (LVS and VRRP)...');
  journal(k, sink.now, `Keepalived[${k.pid}]`, 'Starting Keepalived v2.2.4 (08/21,2021)');
  const fail = (why: string) => {
    k.status = 'failed';
    journal(k, sink.now, 'systemd[1]', 'keepalived.service: Main process exited, code=exited, status=1/FAILURE');
    journal(k, sink.now, 'systemd[1]', "keepalived.service: Failed with result 'exit-code'.");
    emitTrace(sink, { source: target(k), kind: 'keepalived.stop', summary: `keepalived failed to start: ${why}` });
    return { error: why, outcome: none(k) };
  };
  if (confText === undefined) {
    journal(k, sink.now, `Keepalived[${k.pid}]`, 'Configuration file /etc/keepalived/keepalived.conf does not exist');
    return fail('no configuration file');
  }
  const parsed = parseKeepalivedConf(confText);
  for (const w of parsed.warnings) journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, w);
  if (!parsed.ok) {
    for (const e of parsed.errors) journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, e);
    return fail(parsed.errors[0] ?? 'configuration error');
  }
  const instance = parsed.settings.instances[0];
  if (!instance) {
    journal(k, sink.now, `Keepalived[${k.pid}]`, 'No VRRP instance configured; nothing to do');
    return fail('no vrrp_instance');
  }
  k.status = 'running';
  k.startedAtMs = sink.now;
  k.instance = instance;
  k.script = instance.trackScripts[0] ?? null;
  k.scriptRun = null;
  journal(k, sink.now, `Keepalived[${k.pid}]`, `Starting VRRP child process, pid=${vrrpPid(k)}`);
  journal(k, sink.now, 'systemd[1]', 'Started Keepalive Daemon (LVS and VRRP).');
  k.vrrp = initialVrrpState({
    iname: instance.name,
    address: k.address,
    priority: instance.priority,
    advertIntMs: instance.advertIntMs,
    state: instance.state,
    nopreempt: instance.nopreempt,
    version: instance.version,
    scripts: instance.trackScripts.map((s) => ({ name: s.name, weight: s.weight, rise: s.rise, fall: s.fall, initFail: s.initFail })),
  });
  emitTrace(sink, { source: target(k), kind: 'keepalived.start', summary: `keepalived started: ${instance.name} VRID ${instance.virtualRouterId} priority ${instance.priority} (state ${instance.state}), VIP ${instance.virtualIpAddresses.join(', ')}` });
  const outcome = step(k, { type: 'START' }, sink);
  if (k.script) runScript(k, sink);
  return { error: null, outcome };
}

/** `systemctl stop keepalived` (STOP: a master sends priority 0 and releases the VIP). A crash passes `crashed`: no adverts, no journal, the state is simply gone. */
export function stopKeepalived(k: KeepalivedProcess, reason: string, sink: EffectSink, crashed = false): KeepalivedOutcome {
  if (k.status !== 'running' || !k.vrrp) {
    if (!crashed) k.status = 'stopped';
    return none(k);
  }
  let outcome = none(k);
  if (!crashed) {
    journal(k, sink.now, 'systemd[1]', 'Stopping Keepalive Daemon (LVS and VRRP)...');
    journal(k, sink.now, `Keepalived[${k.pid}]`, 'Stopping');
    outcome = step(k, { type: 'STOP' }, sink);
    journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, 'Stopped');
    journal(k, sink.now, `Keepalived[${k.pid}]`, 'Stopped Keepalived v2.2.4 (08/21,2021)');
    journal(k, sink.now, 'systemd[1]', 'keepalived.service: Deactivated successfully.');
    journal(k, sink.now, 'systemd[1]', 'Stopped Keepalive Daemon (LVS and VRRP).');
  } else if (holdsVip(k.vrrp)) {
    outcome = { vip: 'release', addresses: outcome.addresses };
  }
  for (const id of ['xstate.after.masterDown.vrrp.BACKUP', 'xstate.after.advertInt.vrrp.MASTER']) sink.effects.push({ type: 'timer.cancel', key: `${target(k)}/${id}` });
  sink.effects.push({ type: 'timer.cancel', key: `${target(k)}/script` });
  sink.effects.push({ type: 'timer.cancel', key: `${target(k)}/script-timeout` });
  k.status = 'stopped';
  k.vrrp = null;
  k.scriptRun = null;
  emitTrace(sink, { source: target(k), kind: 'keepalived.stop', summary: `keepalived stopped (${reason})` });
  return outcome;
}

/** One event through the statechart, its effects carried out: timers, adverts, log lines. */
function step(k: KeepalivedProcess, event: VrrpEvent | { type: string }, sink: EffectSink): KeepalivedOutcome {
  if (!k.vrrp || !k.instance) return none(k);
  const before = k.vrrp.value;
  const s: VrrpStep = stepVrrp(k.vrrp, event);
  k.vrrp = s.state;
  for (const id of s.cancel) sink.effects.push({ type: 'timer.cancel', key: `${target(k)}/${id}` });
  for (const t of s.schedule) sink.effects.push({ type: 'timer.set', key: `${target(k)}/${t.id}`, delayMs: t.delayMs, target: target(k), payload: { type: 'keepalived.vrrp', event: t.event, epoch: k.epoch } });
  for (const priority of s.adverts) {
    const advert: VrrpAdvert = { version: k.instance.version, vrid: k.instance.virtualRouterId, priority, advertIntMs: k.instance.advertIntMs, addresses: k.instance.virtualIpAddresses, authType: k.instance.authType, authPass: k.instance.authPass, from: k.address };
    sink.effects.push({ type: 'net.send', from: { host: k.host, port: VRRP_PORT }, to: { host: VRRP_MULTICAST_GROUP, port: VRRP_PORT }, kind: 'vrrp.advert', body: advert, summary: `VRRPv${advert.version} advert VRID ${advert.vrid} prio ${priority}` });
  }
  for (const line of s.log) {
    // Lines keepalived prints only with -D (LOG_DETAIL) stay out of the journal: the guide's unit runs without it.
    if (line.detail) continue;
    journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, line.message);
  }
  if (before !== k.vrrp.value) emitTrace(sink, { source: target(k), kind: 'keepalived.state', summary: `${k.instance.name}: ${before} → ${k.vrrp.value} (priority ${k.vrrp.context.effectivePriority})`, data: { state: k.vrrp.value } });
  // vrrp.c vrrp_state_become_master / vrrp_restore_interface: what keepalived logs as it moves the VIPs.
  if (s.vip === 'acquire') {
    journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, `(${k.instance.name}) setting VIPs.`);
    journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, `(${k.instance.name}) Sending/queueing gratuitous ARPs on ${k.instance.interface} for ${k.instance.virtualIpAddresses[0]}`);
  } else if (s.vip === 'release') {
    journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, `(${k.instance.name}) removing VIPs.`);
  }
  if (s.vip) emitTrace(sink, { source: target(k), kind: 'keepalived.vip', summary: `${s.vip === 'acquire' ? 'added' : 'deleted'} ${k.instance.virtualIpAddresses.join(', ')} on ${k.instance.interface}${s.vip === 'acquire' ? ' and sent gratuitous ARP' : ''}` });
  return { vip: s.vip, addresses: k.instance.virtualIpAddresses };
}

/** A timer the statechart or the script scheduler set. */
export function onKeepalivedTimer(k: KeepalivedProcess, payload: { type: string; [key: string]: unknown }, sink: EffectSink): KeepalivedOutcome {
  if (k.status !== 'running' || payload['epoch'] !== k.epoch) return none(k);
  if (payload.type === 'keepalived.vrrp') return step(k, payload['event'] as { type: string }, sink);
  if (payload.type === 'keepalived.script') {
    runScript(k, sink);
    return none(k);
  }
  if (payload.type === 'keepalived.script-timeout' && k.scriptRun && k.scriptRun.n === payload['n']) return scriptExited(k, false, sink);
  return none(k);
}

/**
 * The guide's check_apiserver.sh: `curl -sfk --max-time 2 https://localhost:6443/healthz`. The
 * next run is due `interval` after this one started (keepalived's script thread). The GET is sent
 * to this host's own :6443, which is HAProxy's frontend on an lb host.
 */
function runScript(k: KeepalivedProcess, sink: EffectSink): void {
  if (!k.script) return;
  sink.effects.push({ type: 'timer.set', key: `${target(k)}/script`, delayMs: k.script.intervalMs, target: target(k), payload: { type: 'keepalived.script', epoch: k.epoch } });
  if (k.scriptRun) return; // still running: keepalived does not start a second copy
  const n = k.nextScriptRun++;
  k.scriptRun = { n, startedAtMs: sink.now };
  const budget = Math.min(CHECK_APISERVER_CURL.maxTimeMs, k.script.timeoutMs);
  const req: ApiRequest = { verb: 'healthz' };
  sink.effects.push({ type: 'net.send', from: { host: k.host, port: `keepalived~${k.epoch}~script.${n}` }, to: { host: k.host, port: APISERVER_PORT }, kind: 'kube.request', body: { req, timeoutMs: budget }, summary: `curl -sfk https://localhost:${APISERVER_PORT}${CHECK_APISERVER_CURL.path}` });
  sink.effects.push({ type: 'timer.set', key: `${target(k)}/script-timeout`, delayMs: budget, target: target(k), payload: { type: 'keepalived.script-timeout', n, epoch: k.epoch } });
}

function scriptExited(k: KeepalivedProcess, ok: boolean, sink: EffectSink): KeepalivedOutcome {
  if (!k.script) return none(k);
  k.scriptRun = null;
  sink.effects.push({ type: 'timer.cancel', key: `${target(k)}/script-timeout` });
  return step(k, ok ? { type: 'SCRIPT_RESULT', name: k.script.name, ok: true } : { type: 'SCRIPT_RESULT', name: k.script.name, ok: false, status: CHECK_APISERVER_FAIL_STATUS }, sink);
}

/** The script's GET got an answer (curl -f: 2xx passes), a reset (refused) or EOF: curl exits at once. */
export function onKeepalivedPacket(k: KeepalivedProcess, port: string, kind: string, body: unknown, sink: EffectSink): KeepalivedOutcome {
  if (k.status !== 'running') return none(k);
  const id = port.slice(port.lastIndexOf('~') + 1);
  if (!id.startsWith('script.') || !k.scriptRun || Number(id.slice(7)) !== k.scriptRun.n) return none(k);
  if (kind === 'kube.response') {
    const resp = body as ApiResponse;
    return scriptExited(k, resp.ok && resp.code >= 200 && resp.code < 300, sink);
  }
  if (kind === 'tcp.rst' || kind === 'tcp.fin') return scriptExited(k, false, sink);
  return none(k);
}

/** A VRRP advert that reached this host (multicast on the LAN): keepalived's receive checks, then the statechart. */
export function onVrrpAdvert(k: KeepalivedProcess, advert: VrrpAdvert, sink: EffectSink): KeepalivedOutcome {
  if (k.status !== 'running' || !k.instance || !k.vrrp) return none(k);
  const bad = checkAdvert(keepalivedIdentity(k.instance), advert);
  if (bad) {
    if (bad.log) journal(k, sink.now, `Keepalived_vrrp[${vrrpPid(k)}]`, bad.log);
    return none(k);
  }
  return step(k, { type: 'ADVERT', priority: advert.priority, from: advert.from }, sink);
}
