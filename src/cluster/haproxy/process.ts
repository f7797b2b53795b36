/**
 * HAProxy as a running process on an lb host (the kubeadm HA guide's option 1: a systemd unit
 * reading /etc/haproxy/haproxy.cfg). Plain data plus handlers that return effects, like every
 * component: the health checks run on the host's clock and go over the simulated network; each
 * connection to the frontend's port is handed to a server chosen by roundrobin.
 *
 * Proxying is a stateless per-request step: the client's request packet arrives at the lb host's
 * :6443, HAProxy sends it on to the chosen apiserver carrying the client's address, and the
 * apiserver answers the client directly. A full TCP proxy would also carry every answer and watch
 * frame back through the lb host; that doubles the packets of every request and is not modelled,
 * so a watch already open keeps running on its apiserver when the VIP moves (in a real cluster the
 * new VIP holder would reset it). What HAProxy does decide is modelled: which server, the retry
 * with redispatch after a refused or timed-out connect, and EOF when no server is UP.
 *
 * Sources: haproxy v2.8.0 src/check.c (the checks, see haproxy.ts), src/backend.c (assign_server,
 * retries), src/haproxy.c (the master's NOTICE lines), doc/configuration.txt; HAProxy's
 * admin/systemd/haproxy.service.in (Description=HAProxy Load Balancer).
 */
import type { Address, EffectSink } from '../effects.ts';
import { emitTrace } from '../effects.ts';
import { APISERVER_PORT, type ApiRequest, type ApiResponse } from '../apiserver/messages.ts';
import { parseHaproxyCfg, type BackendSettings } from './config.ts';
import { checkTimeoutsMs, connectionRefusedResult, connectTimeoutResult, firstCheckDelaysMs, httpCheckResult, newBackendState, nextCheckDelayMs, onCheckResult, pickServer, responseTimeoutResult, retryPlan, type BackendState, type CheckResult } from './haproxy.ts';

/** One journal line of the unit: who wrote it (`haproxy[PID]` or `systemd[1]`) and the text. */
export interface JournalLine {
  atMs: number;
  ident: string;
  text: string;
}

/** Journal lines kept per unit (the oldest are dropped, as journald rotates). */
export const JOURNAL_KEEP = 400;

export interface CheckTask {
  server: string;
  phase: 'idle' | 'connect' | 'response';
  startedAtMs: number;
}

export interface HaproxyProcess {
  host: string;
  status: 'running' | 'stopped' | 'failed';
  /** Increments on every start: check ports carry it, so answers meant for a previous run are ignored. */
  epoch: number;
  pid: number;
  /** The backend the frontend on `frontendPort` uses, as parsed at start. */
  settings: BackendSettings | null;
  frontendPort: number;
  backend: BackendState | null;
  checks: Record<string, CheckTask>;
  /** Connections proxied since start (for `systemctl status` and the view). */
  sessions: number;
  startedAtMs: number;
  journal: JournalLine[];
}

/** The body of a request HAProxy passes on: the client's bytes and where the answer goes. */
export interface ProxiedRequest {
  req: ApiRequest;
  timeoutMs: number;
  proxy: { client: Address; lb: string; epoch: number; server: string; attempt: number; sentAtMs: number; summary: string };
}

export function isProxiedRequest(body: unknown): body is ProxiedRequest {
  return typeof body === 'object' && body !== null && 'proxy' in body;
}

export function createHaproxy(host: string): HaproxyProcess {
  return { host, status: 'stopped', epoch: 0, pid: 0, settings: null, frontendPort: Number(APISERVER_PORT), backend: null, checks: {}, sessions: 0, startedAtMs: 0, journal: [] };
}

const target = (p: HaproxyProcess) => `${p.host}/haproxy`;
const portOf = (p: HaproxyProcess, id: string) => `haproxy~${p.epoch}~${id}`;

export function journalAppend(journal: JournalLine[], atMs: number, ident: string, text: string): void {
  journal.push({ atMs, ident, text });
  if (journal.length > JOURNAL_KEEP * 2) journal.splice(0, journal.length - JOURNAL_KEEP);
}

function say(p: HaproxyProcess, sink: EffectSink, text: string): void {
  journalAppend(p.journal, sink.now, `haproxy[${p.pid}]`, text);
}

/**
 * `systemctl start haproxy`: parse the file; on errors HAProxy's master prints them as ALERTs and
 * exits (the unit fails). Otherwise the checks start, spread over `inter` (firstCheckDelaysMs).
 * Returns the error text for systemctl, or null.
 */
export function startHaproxy(p: HaproxyProcess, cfgText: string | undefined, sink: EffectSink): string | null {
  if (p.status === 'running') return null;
  p.epoch++;
  p.pid = 900 + p.epoch * 2;
  journalAppend(p.journal, sink.now, 'systemd[1]', 'Starting HAProxy Load Balancer...');
  const alert = (t: string) => say(p, sink, `[ALERT]    (${p.pid}) : config : ${t}`);
  if (cfgText === undefined) {
    alert('Cannot open configuration file/directory /etc/haproxy/haproxy.cfg : No such file or directory');
    return failStart(p, sink, 'no configuration file');
  }
  const parsed = parseHaproxyCfg(cfgText);
  if (!parsed.ok) {
    for (const e of parsed.errors) alert(e);
    alert('Error(s) found in configuration file : /etc/haproxy/haproxy.cfg');
    alert('Fatal errors found in configuration.');
    return failStart(p, sink, parsed.errors[0] ?? 'configuration error');
  }
  const fe = parsed.settings.frontends.find((f) => f.defaultBackend) ?? parsed.settings.frontends[0];
  const be = parsed.settings.backends.find((b) => b.name === fe?.defaultBackend) ?? parsed.settings.backends[0];
  if (!fe || !be) {
    alert('Proxy has no frontend or backend; nothing to do.');
    return failStart(p, sink, 'no frontend/backend');
  }
  p.status = 'running';
  p.startedAtMs = sink.now;
  p.settings = be;
  p.frontendPort = fe.bindPort;
  p.backend = newBackendState(be);
  p.checks = {};
  p.sessions = 0;
  say(p, sink, `[NOTICE]   (${p.pid}) : New worker (${p.pid + 1}) forked`);
  say(p, sink, `[NOTICE]   (${p.pid}) : Loading success.`);
  journalAppend(p.journal, sink.now, 'systemd[1]', 'Started HAProxy Load Balancer.');
  emitTrace(sink, { source: target(p), kind: 'haproxy.start', summary: `haproxy started: frontend *:${fe.bindPort} → backend ${be.name} (${be.servers.map((s) => s.name).join(', ')})` });
  const delays = firstCheckDelaysMs(p.backend);
  p.backend.servers.forEach((s, i) => {
    if (delays[i]! < 0) return;
    p.checks[s.name] = { server: s.name, phase: 'idle', startedAtMs: 0 };
    sink.effects.push({ type: 'timer.set', key: `${target(p)}/chk/${s.name}`, delayMs: delays[i]!, target: target(p), payload: { type: 'haproxy.check', server: s.name, epoch: p.epoch } });
  });
  return null;
}

function failStart(p: HaproxyProcess, sink: EffectSink, why: string): string {
  p.status = 'failed';
  journalAppend(p.journal, sink.now, 'systemd[1]', 'haproxy.service: Main process exited, code=exited, status=1/FAILURE');
  journalAppend(p.journal, sink.now, 'systemd[1]', "haproxy.service: Failed with result 'exit-code'.");
  journalAppend(p.journal, sink.now, 'systemd[1]', 'Failed to start HAProxy Load Balancer.');
  emitTrace(sink, { source: target(p), kind: 'haproxy.stop', summary: `haproxy failed to start: ${why}` });
  return why;
}

/** `systemctl stop haproxy` (or the host going down: `crashed` skips the journal, nothing is written). */
export function stopHaproxy(p: HaproxyProcess, reason: string, sink: EffectSink, crashed = false): void {
  if (p.status !== 'running') {
    if (p.status === 'failed' && !crashed) p.status = 'stopped';
    return;
  }
  for (const name of Object.keys(p.checks)) {
    sink.effects.push({ type: 'timer.cancel', key: `${target(p)}/chk/${name}` });
    sink.effects.push({ type: 'timer.cancel', key: `${target(p)}/chk-timeout/${name}` });
  }
  p.status = 'stopped';
  p.checks = {};
  p.backend = null;
  if (!crashed) {
    journalAppend(p.journal, sink.now, 'systemd[1]', 'Stopping HAProxy Load Balancer...');
    say(p, sink, `[WARNING]  (${p.pid}) : Exiting Master process...`);
    journalAppend(p.journal, sink.now, 'systemd[1]', 'haproxy.service: Deactivated successfully.');
    journalAppend(p.journal, sink.now, 'systemd[1]', 'Stopped HAProxy Load Balancer.');
  }
  emitTrace(sink, { source: target(p), kind: 'haproxy.stop', summary: `haproxy stopped (${reason})` });
}

// ---------------------------------------------------------------------------------------------
// Health checks: TCP connect, then (TLS, not modelled as its own step) GET /healthz.

function startCheck(p: HaproxyProcess, server: string, sink: EffectSink): void {
  const s = p.backend?.servers.find((x) => x.name === server);
  const task = p.checks[server];
  if (!s || !task || !p.settings) return;
  task.phase = 'connect';
  task.startedAtMs = sink.now;
  const { connectMs } = checkTimeoutsMs(p.settings, s);
  sink.effects.push({ type: 'net.send', from: { host: p.host, port: portOf(p, `chk.${server}`) }, to: { host: s.address, port: String(s.port) }, kind: 'tcp.syn', body: null, summary: 'health check connect' });
  sink.effects.push({ type: 'timer.set', key: `${target(p)}/chk-timeout/${server}`, delayMs: connectMs, target: target(p), payload: { type: 'haproxy.check-timeout', server, epoch: p.epoch } });
}

function endCheck(p: HaproxyProcess, server: string, result: CheckResult, sink: EffectSink): void {
  const task = p.checks[server];
  if (!task || !p.backend) return;
  task.phase = 'idle';
  sink.effects.push({ type: 'timer.cancel', key: `${target(p)}/chk-timeout/${server}` });
  const step = onCheckResult(p.backend, server, result);
  for (const line of step.log) {
    say(p, sink, line);
    emitTrace(sink, { source: target(p), kind: 'haproxy.server', summary: line, data: { server, state: step.changed ?? '' } });
  }
  const s = p.backend.servers.find((x) => x.name === server)!;
  sink.effects.push({ type: 'timer.set', key: `${target(p)}/chk/${server}`, delayMs: nextCheckDelayMs(s), target: target(p), payload: { type: 'haproxy.check', server, epoch: p.epoch } });
}

/** HTTP reason phrases HAProxy puts in the check's `info` for a wrong status. */
const REASON_PHRASES: Record<number, string> = { 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

export function onHaproxyTimer(p: HaproxyProcess, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (p.status !== 'running' || payload['epoch'] !== p.epoch) return;
  const server = payload['server'] as string;
  if (payload.type === 'haproxy.check') return startCheck(p, server, sink);
  if (payload.type === 'haproxy.check-timeout') {
    const task = p.checks[server];
    if (!task || task.phase === 'idle') return;
    const duration = sink.now - task.startedAtMs;
    return endCheck(p, server, task.phase === 'connect' ? connectTimeoutResult(duration) : responseTimeoutResult(duration), sink);
  }
  if (payload.type === 'haproxy.connect-timeout') return retryOrClose(p, payload['fwd'] as ProxiedRequest, sink);
  if (payload.type === 'haproxy.retry') return forward(p, payload['fwd'] as ProxiedRequest, undefined, sink);
}

/** Packets to HAProxy's own sockets: its checks' answers, and a server refusing a proxied connection. */
export function onHaproxyPacket(p: HaproxyProcess, port: string, kind: string, body: unknown, sink: EffectSink): void {
  if (p.status !== 'running' || !p.settings) return;
  const id = port.slice(port.lastIndexOf('~') + 1);
  if (id === 'fwd') {
    if (kind === 'tcp.rst' && isProxiedRequest(body)) retryOrClose(p, body, sink);
    return;
  }
  if (!id.startsWith('chk.')) return;
  const server = id.slice(4);
  const task = p.checks[server];
  const s = p.backend?.servers.find((x) => x.name === server);
  if (!task || !s || task.phase === 'idle') return;
  const duration = sink.now - task.startedAtMs;
  if (task.phase === 'connect') {
    if (kind === 'tcp.rst') return endCheck(p, server, connectionRefusedResult(duration), sink);
    if (kind !== 'tcp.synack') return;
    task.phase = 'response';
    const { responseMs } = checkTimeoutsMs(p.settings, s);
    sink.effects.push({ type: 'timer.set', key: `${target(p)}/chk-timeout/${server}`, delayMs: responseMs, target: target(p), payload: { type: 'haproxy.check-timeout', server, epoch: p.epoch } });
    const req: ApiRequest = { verb: 'healthz' };
    sink.effects.push({ type: 'net.send', from: { host: p.host, port: portOf(p, `chk.${server}`) }, to: { host: s.address, port: String(s.port) }, kind: 'kube.request', body: { req, timeoutMs: responseMs }, summary: `GET ${p.settings.httpCheck?.uri ?? '/'}` });
    return;
  }
  if (kind === 'tcp.rst') return endCheck(p, server, connectionRefusedResult(duration), sink);
  if (kind !== 'kube.response') return;
  const resp = body as ApiResponse;
  const code = resp.ok ? resp.code : resp.status.code;
  const expect = p.settings.httpCheck ? p.settings.httpCheck.expectStatus : null;
  endCheck(p, server, httpCheckResult(expect, code, REASON_PHRASES[code] ?? '', duration), sink);
}

// ---------------------------------------------------------------------------------------------
// The frontend: connections to the lb host's bind port.

/**
 * A packet to the frontend's port while HAProxy runs. The TCP handshake always completes (HAProxy
 * accepts before it picks a server); a request goes to `pickServer`; with none UP the connection
 * is closed without a byte (NO_SERVER_OUTCOME: the client reads EOF).
 */
export function onFrontendPacket(p: HaproxyProcess, from: Address, kind: string, body: unknown, summary: string, sink: EffectSink): void {
  const me = { host: p.host, port: String(p.frontendPort) };
  if (kind === 'tcp.syn') {
    sink.effects.push({ type: 'net.send', from: me, to: from, kind: 'tcp.synack', body: null, summary: 'connected' });
    return;
  }
  if (kind !== 'kube.request' || !p.backend) return;
  const { req, timeoutMs } = body as { req: ApiRequest; timeoutMs: number };
  p.sessions++;
  forward(p, { req, timeoutMs, proxy: { client: from, lb: p.host, epoch: p.epoch, server: '', attempt: 0, sentAtMs: sink.now, summary } }, undefined, sink);
}

function forward(p: HaproxyProcess, fwd: ProxiedRequest, avoid: string | undefined, sink: EffectSink): void {
  const s = p.backend ? pickServer(p.backend, avoid) : null;
  if (!s) return closeNoServer(p, fwd, sink);
  const next: ProxiedRequest = { ...fwd, proxy: { ...fwd.proxy, server: s.name, sentAtMs: sink.now } };
  emitTrace(sink, { source: target(p), target: s.name, kind: 'traffic.haproxy', summary: `${fwd.proxy.summary} from ${fwd.proxy.client.host} → ${p.backend!.name}/${s.name} (${s.address}:${s.port})${fwd.proxy.attempt > 0 ? ` (retry ${fwd.proxy.attempt}, redispatched)` : ''}` });
  sink.effects.push({ type: 'net.send', from: { host: p.host, port: portOf(p, 'fwd') }, to: { host: s.address, port: String(s.port) }, kind: 'kube.request', body: next, summary: fwd.proxy.summary });
}

function closeNoServer(p: HaproxyProcess, fwd: ProxiedRequest, sink: EffectSink): void {
  emitTrace(sink, { source: target(p), target: fwd.proxy.client.host, kind: 'traffic.haproxy', summary: `${fwd.proxy.summary} from ${fwd.proxy.client.host}: ${p.backend?.name ?? 'backend'}/<NOSRV> SC: connection closed (the client reads EOF)` });
  sink.effects.push({ type: 'net.send', from: { host: p.host, port: String(p.frontendPort) }, to: fwd.proxy.client, kind: 'tcp.fin', body: null, summary: 'EOF' });
}

/**
 * The connection to the chosen server failed (refused, or no answer within `timeout connect`):
 * retry per `retries` / `option redispatch` (retryPlan), then give up and close the client's
 * connection (termination state SC, the client reads EOF).
 */
function retryOrClose(p: HaproxyProcess, fwd: ProxiedRequest, sink: EffectSink): void {
  if (!p.settings || fwd.proxy.epoch !== p.epoch) return;
  const plan = retryPlan(p.settings);
  const step = plan[fwd.proxy.attempt];
  if (!step) return closeNoServer(p, fwd, sink);
  const again: ProxiedRequest = { ...fwd, proxy: { ...fwd.proxy, attempt: step.attempt } };
  // A retry on the same server waits the turn-around; the guide's single retry is redispatched at once.
  if (step.server === 'same' && step.delayMs > 0) {
    sink.effects.push({ type: 'timer.set', key: `${target(p)}/retry/${sink.now}/${fwd.proxy.client.host}/${fwd.proxy.client.port}`, delayMs: step.delayMs, target: target(p), payload: { type: 'haproxy.retry', fwd: again, epoch: p.epoch } });
    return;
  }
  forward(p, again, step.server === 'other' ? fwd.proxy.server : undefined, sink);
}

/** The connect timeout (`timeout connect`) of a proxied connection whose SYN got no answer. */
export function proxyConnectTimeoutMs(p: HaproxyProcess): number {
  return p.settings?.timeouts.connectMs ?? 5000;
}

/** A proxied connect that got no answer: HAProxy's connect timer fires `timeout connect` after it was sent. */
export function onProxiedConnectLost(p: HaproxyProcess, fwd: ProxiedRequest, sink: EffectSink): void {
  if (p.status !== 'running' || fwd.proxy.epoch !== p.epoch) return;
  const delayMs = Math.max(0, fwd.proxy.sentAtMs + proxyConnectTimeoutMs(p) - sink.now);
  sink.effects.push({ type: 'timer.set', key: `${target(p)}/connect/${fwd.proxy.sentAtMs}/${fwd.proxy.client.host}/${fwd.proxy.client.port}`, delayMs, target: target(p), payload: { type: 'haproxy.connect-timeout', fwd, epoch: p.epoch } });
}
