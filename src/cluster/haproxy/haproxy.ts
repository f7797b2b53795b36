/**
 * HAProxy's backend as the kubeadm guide configures it in front of the apiservers, as plain data
 * and pure functions: per-server health (the rise/fall counter), the UP/DOWN changes and the lines
 * HAProxy logs for them, roundrobin choice over UP servers, and what a new connection meets when
 * no server is UP. The wiring runs the checks on the lb host's clock and proxies connections.
 *
 * Sources (haproxy/haproxy tag v2.8.0; the guide runs haproxy 2.8):
 * - src/check.c `set_server_check_status` (the health counter), `check_notify_failure` /
 *   `check_notify_success`, `check_append_info` (", reason: …, code: …, info: "…", check
 *   duration: …ms"), the `check_statuses` table (L4OK "Layer4 check passed", L7STS "Layer7 wrong
 *   status", …), `chk_report_conn_err` (which status a connect/TLS/read failure gets),
 *   `start_check_task` (first checks spread over the interval), `process_chk_conn` (next check
 *   `inter` after the previous one ends).
 * - src/server.c `_srv_update_status_op` ("Server %s/%s is DOWN" / "is UP"), `srv_append_more`
 *   (". %d active and %d backup servers left. %d sessions active, %d requeued, %d remaining in
 *   queue" / ". … servers online. %d sessions requeued, %d total in queue"), `srv_settings_cpy`
 *   and `new_server` ("health: up, but will fall down at first failure": health = rise),
 *   `srv_update_status` → src/backend.c `set_backend_down` ("backend %s has no server available!").
 * - src/tcpcheck.c `tcpcheck_eval_expect_http`: a wrong status is L7STS with the response's reason
 *   phrase as info; a pass is L7OK with the code and no info.
 * - src/backend.c `assign_server` / `srv_redispatch_connect`: no usable server → SRV_STATUS_NOSRV,
 *   the stream ends with termination state "SC" (doc/configuration.txt §8.5) and the client
 *   connection is closed.
 * - src/server.c `srv_getinter` and doc/configuration.txt "inter"/"fastinter"/
 *   "downinter", "timeout check", "retries", "option redispatch", "option nolinger".
 *
 * Like kube-proxy/ipvs.ts these functions mutate the state they are given; it is plain data.
 */
import type { BackendSettings, ServerSettings } from './config.ts';

/** Check results (src/check.c check_statuses: short name → description). */
export const CHECK_STATUS_DESCRIPTIONS = {
  L4OK: 'Layer4 check passed',
  L4TOUT: 'Layer4 timeout',
  L4CON: 'Layer4 connection problem',
  L6OK: 'Layer6 check passed',
  L6TOUT: 'Layer6 timeout',
  L6RSP: 'Layer6 invalid response',
  L7TOUT: 'Layer7 timeout',
  L7RSP: 'Layer7 invalid response',
  L7OK: 'Layer7 check passed',
  L7STS: 'Layer7 wrong status',
  SOCKERR: 'Socket error',
} as const;
export type CheckStatus = keyof typeof CHECK_STATUS_DESCRIPTIONS;

const PASSED: ReadonlySet<CheckStatus> = new Set(['L4OK', 'L6OK', 'L7OK']);
/** Statuses at or after HCHK_STATUS_L57DATA print ", code: N" (check_append_info). */
const HAS_CODE: ReadonlySet<CheckStatus> = new Set(['L7OK', 'L7STS']);

/** The outcome of one health check of one server. */
export interface CheckResult {
  status: CheckStatus;
  /** HTTP status (L7OK / L7STS). */
  code?: number;
  /** HAProxy's `info` text (check->desc): the reason phrase, or the socket error. */
  info?: string;
  durationMs: number;
}

/** The guide's check (`option httpchk`, `http-check connect ssl`, `send meth GET uri /healthz`, `expect status 200`) got an HTTP answer. */
export function httpCheckResult(expectStatus: number | null, code: number, reason: string, durationMs: number): CheckResult {
  const ok = expectStatus === null ? code >= 200 && code < 400 : code === expectStatus;
  return ok ? { status: 'L7OK', code, durationMs } : { status: 'L7STS', code, info: reason, durationMs };
}

/** The server host answered the SYN with a RST (apiserver not listening): L4CON, info "Connection refused" (strerror(ECONNREFUSED)). */
export function connectionRefusedResult(durationMs: number): CheckResult {
  return { status: 'L4CON', info: 'Connection refused', durationMs };
}

/** No answer to the SYN within the check's connect timeout (host down, partition): L4TOUT, no info. */
export function connectTimeoutResult(durationMs: number): CheckResult {
  return { status: 'L4TOUT', durationMs };
}

/** TCP up but the TLS handshake of `http-check connect ssl` did not finish in time: L6TOUT. */
export function tlsTimeoutResult(durationMs: number): CheckResult {
  return { status: 'L6TOUT', durationMs };
}

/** TLS up, request sent, no response before `timeout check`: L7TOUT. */
export function responseTimeoutResult(durationMs: number): CheckResult {
  return { status: 'L7TOUT', durationMs };
}

export type ServerOpState = 'UP' | 'DOWN' | 'MAINT';

export interface ServerState {
  name: string;
  address: string;
  port: number;
  check: boolean;
  rise: number;
  fall: number;
  interMs: number;
  fastinterMs: number | null;
  downinterMs: number | null;
  weight: number;
  backup: boolean;
  /** check->health: 0 … rise+fall-1; the server is UP while health ≥ rise. */
  health: number;
  state: ServerOpState;
  lastCheck: CheckResult | null;
  /** Connections currently proxied to this server (the wiring counts them). */
  curSess: number;
}

export interface BackendState {
  name: string;
  servers: ServerState[];
  /** Roundrobin position: index of the server after the last one chosen. */
  rrNext: number;
}

/**
 * The backend as HAProxy starts it: a checked server starts UP with health = rise — "up, but will
 * fall down at first failure" (server.c) — so one failed check takes a dead server out at
 * start, while one success makes a live one fully UP. `disabled` servers start in maintenance.
 * (HAProxy 3.1 added `init-state` to choose otherwise; 2.8 has no such keyword.)
 */
export function newBackendState(b: BackendSettings): BackendState {
  return {
    name: b.name,
    servers: b.servers.map((s: ServerSettings) => ({
      name: s.name,
      address: s.address,
      port: s.port,
      check: s.check,
      rise: s.rise,
      fall: s.fall,
      interMs: s.interMs,
      fastinterMs: s.fastinterMs,
      downinterMs: s.downinterMs,
      weight: s.weight,
      backup: s.backup,
      health: s.disabled ? 0 : s.rise,
      state: s.disabled ? 'MAINT' : 'UP',
      lastCheck: null,
      curSess: 0,
    })),
    rrNext: 0,
  };
}

/** Usable for new connections: UP with a non-zero weight. */
function usable(s: ServerState): boolean {
  return s.state === 'UP' && s.weight > 0;
}

/** `(check->health >= rise) ? health - rise + 1 : health` / `fall : rise`: the "status: 2/3 UP" the check log and stats show. */
export function healthFraction(s: ServerState): string {
  return s.health >= s.rise ? `${s.health - s.rise + 1}/${s.fall} UP` : `${s.health}/${s.rise} DOWN`;
}

/** check_append_info: ", reason: …[, code: N][, info: "…"], check duration: Nms". */
export function checkInfoText(r: CheckResult): string {
  let out = `, reason: ${CHECK_STATUS_DESCRIPTIONS[r.status]}`;
  if (HAS_CODE.has(r.status) && r.code !== undefined) out += `, code: ${r.code}`;
  // chunk_asciiencode: non-printable characters, '<', '>' and the quote become "<XX>".
  if (r.info) out += `, info: "${r.info.replace(/[^\x20-\x7e]|[<>"]/g, (c) => `<${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}>`)}"`;
  out += `, check duration: ${r.durationMs}ms`;
  return out;
}

/**
 * The line HAProxy logs when a server changes state (server.c _srv_update_status_op +
 * srv_append_op_chg_cause + srv_append_more; printed as "%s.\n"), e.g.
 * `Server apiserverbackend/cp-2 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 2ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.`
 */
export function serverStateLogLine(b: BackendState, s: ServerState, r: CheckResult): string {
  const active = b.servers.filter((x) => !x.backup && usable(x)).length;
  const backup = b.servers.filter((x) => x.backup && usable(x)).length;
  const runningOnBackup = backup > 0 && active === 0 ? ' Running on backup.' : '';
  const head = `${s.backup ? 'Backup ' : ''}Server ${b.name}/${s.name} is ${s.state === 'UP' ? 'UP' : 'DOWN'}${checkInfoText(r)}`;
  if (s.state === 'UP') return `${head}. ${active} active and ${backup} backup servers online.${runningOnBackup} 0 sessions requeued, 0 total in queue.`;
  return `${head}. ${active} active and ${backup} backup servers left.${runningOnBackup} ${s.curSess} sessions active, 0 requeued, 0 remaining in queue.`;
}

export interface CheckStep {
  /** The server changed state with this result. */
  changed: 'UP' | 'DOWN' | null;
  /** Lines HAProxy logs (stdout in the guide's `log stdout format raw local0`), in order. */
  log: string[];
}

/**
 * One health check result (src/check.c set_server_check_status, check_notify_failure/success):
 * a failure lowers health by one and drops it to 0 once it falls below rise (→ DOWN); a success
 * raises it by one and jumps to rise+fall-1 once it reaches rise (→ UP). With the defaults an UP
 * server goes DOWN after fall = 3 failures in a row and comes back after rise = 2 successes.
 */
export function onCheckResult(b: BackendState, serverName: string, r: CheckResult): CheckStep {
  const s = b.servers.find((x) => x.name === serverName);
  if (!s) throw new Error(`haproxy: no server ${b.name}/${serverName}`);
  s.lastCheck = r;
  if (s.state === 'MAINT' || !s.check) return { changed: null, log: [] };
  const before = b.servers.some(usable);
  const max = s.rise + s.fall - 1;
  if (PASSED.has(r.status)) {
    if (s.health < max) {
      s.health++;
      if (s.health >= s.rise) s.health = max;
    }
  } else if (s.health > 0) {
    s.health--;
    if (s.health < s.rise) s.health = 0;
  }
  const log: string[] = [];
  let changed: CheckStep['changed'] = null;
  if (s.state === 'UP' && s.health === 0) {
    s.state = 'DOWN';
    changed = 'DOWN';
    log.push(serverStateLogLine(b, s, r));
    if (before && !b.servers.some(usable)) log.push(`backend ${b.name} has no server available!`);
  } else if (s.state === 'DOWN' && s.health >= s.rise) {
    s.state = 'UP';
    changed = 'UP';
    log.push(serverStateLogLine(b, s, r));
  }
  return { changed, log };
}

/**
 * Roundrobin with equal weights: servers in configuration order, each in turn, skipping those
 * that are not UP (doc/configuration.txt "balance roundrobin": "Each server is used in turns,
 * according to their weights"). Active servers first; backup servers only when no active one is
 * usable. `avoid` is the server a failed connection just went to (option redispatch). Returns
 * null when no server is usable.
 */
export function pickServer(b: BackendState, avoid?: string): ServerState | null {
  const pool = b.servers.some((x) => !x.backup && usable(x)) ? b.servers.filter((x) => !x.backup) : b.servers.filter((x) => x.backup);
  const n = b.servers.length;
  let fallback: ServerState | null = null;
  for (let i = 0; i < n; i++) {
    const idx = (b.rrNext + i) % n;
    const s = b.servers[idx]!;
    if (!pool.includes(s) || !usable(s)) continue;
    if (s.name === avoid) {
      fallback ??= s;
      continue;
    }
    b.rrNext = (idx + 1) % n;
    return s;
  }
  if (fallback) b.rrNext = (b.servers.indexOf(fallback) + 1) % n;
  return fallback;
}

/**
 * What a client connecting to the frontend meets when no server is usable: HAProxy is listening,
 * so the TCP handshake completes; the stream then finds no server (SRV_STATUS_NOSRV) and HAProxy
 * closes the connection without sending a byte, with a normal FIN — a reset is only sent with
 * `option nolinger` (configuration.txt), which the guide does not set. The client sees EOF (a Go
 * client during its TLS handshake reports `EOF`), not "connection refused". The tcplog line shows
 * `apiserverbackend/<NOSRV>` and termination state `SC`.
 */
export const NO_SERVER_OUTCOME = { accept: true, close: 'fin', clientSees: 'EOF', terminationState: 'SC', server: '<NOSRV>' } as const;

/**
 * Connect-retry plan for one proxied connection (configuration.txt "retries", "option
 * redispatch"): after the first attempt fails (e.g. refused), HAProxy retries `retries` times; with
 * `option redispatch` (the guide's defaults) the last retry goes to another server, so with
 * `retries 1` the single retry is redispatched at once. Retries on the same server wait the
 * turn-around min(timeout connect, 1 s).
 */
export function retryPlan(b: Pick<BackendSettings, 'retries' | 'redispatch' | 'timeouts'>): { attempt: number; server: 'same' | 'other'; delayMs: number }[] {
  const out: { attempt: number; server: 'same' | 'other'; delayMs: number }[] = [];
  const turnAround = Math.min(b.timeouts.connectMs ?? 1000, 1000);
  for (let i = 1; i <= b.retries; i++) {
    const last = i === b.retries;
    out.push(b.redispatch && last ? { attempt: i, server: 'other', delayMs: 0 } : { attempt: i, server: 'same', delayMs: turnAround });
  }
  return out;
}

/**
 * The delay before a server's next check, counted from the end of the previous one
 * (check.c process_chk_conn `tick_add(now_ms, srv_getinter(check))`; server.c srv_getinter):
 * `inter` while fully UP, `downinter` (else inter) while fully DOWN, `fastinter` (else inter) while
 * in transition. spread-checks is 0 by default, so no jitter.
 */
export function nextCheckDelayMs(s: ServerState): number {
  if (s.health === s.rise + s.fall - 1) return s.interMs;
  if (s.state !== 'UP' && s.health === 0) return s.downinterMs ?? s.interMs;
  return s.fastinterMs ?? s.interMs;
}

/**
 * When each server's first check starts after HAProxy starts (check.c start_check_task): the
 * checks are spread over the smallest interval, server i of n at `mininter × i / n` — 0, 666 and
 * 1333 ms for three servers with inter 2 s.
 */
export function firstCheckDelaysMs(b: BackendState): number[] {
  const checked = b.servers.filter((s) => s.check && s.state !== 'MAINT');
  const mininter = Math.min(...checked.map((s) => s.interMs));
  let pos = 0;
  return b.servers.map((s) => (s.check && s.state !== 'MAINT' ? Math.floor((mininter * pos++) / checked.length) : -1));
}

/**
 * The check's time limits (configuration.txt "timeout check"): with `timeout check` set the
 * connect (TCP + the TLS handshake of `connect ssl`) may take min(timeout connect, inter) and the
 * response `timeout check`; without it `inter` bounds the whole check. The guide: connect 2 s
 * (min(5 s, 2 s)), response 10 s.
 */
export function checkTimeoutsMs(b: Pick<BackendSettings, 'timeouts'>, s: Pick<ServerState, 'interMs'>): { connectMs: number; responseMs: number } {
  if (b.timeouts.checkMs === null) return { connectMs: s.interMs, responseMs: s.interMs };
  return { connectMs: Math.min(b.timeouts.connectMs ?? s.interMs, s.interMs), responseMs: b.timeouts.checkMs };
}
