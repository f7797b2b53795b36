/**
 * `/etc/haproxy/haproxy.cfg` as kubeadm's HA guide writes it, and a parser back to the settings
 * the load-balancer model needs.
 *
 * Sources:
 * - kubernetes/kubeadm docs/ha-considerations.md, "haproxy configuration" (commit 073082bc, May
 *   2024, "tested with haproxy 2.4 and 2.8"): the file, with `${APISERVER_DEST_PORT}` 6443, one
 *   `server ${HOSTn_ID} ${HOSTn_ADDRESS}:${APISERVER_SRC_PORT} check verify none` line per
 *   control-plane host (the guide's `# [...]`).
 * - HAProxy 2.8 doc/configuration.txt (haproxy/haproxy tag v2.8.0): "inter" default 2000 ms,
 *   "fall" default 3, "rise" default 2 (§5.2), time units us/ms/s/m/h/d with ms the default
 *   (§2.5), "balance" (default roundrobin), "timeout check", "retries", "option redispatch".
 * - HAProxy 2.8 include/haproxy/defaults.h DEF_CHKINTR 2000, DEF_FALLTIME 3, DEF_RISETIME 2;
 *   src/cfgparse*.c for the wording of parse errors (`parsing [file:line] : …`).
 */

export const HAPROXY_CFG_PATH = '/etc/haproxy/haproxy.cfg';

/** DEF_CHKINTR / DEF_FALLTIME / DEF_RISETIME (HAProxy include/haproxy/defaults.h; configuration.txt §5.2). */
export const DEFAULT_INTER_MS = 2000;
export const DEFAULT_FALL = 3;
export const DEFAULT_RISE = 2;

export interface HaproxyServerLine {
  name: string;
  address: string;
  port: number;
}

/** The three control-plane hosts of the `ha` preset behind the VIP. */
export const KUBEADM_HA_APISERVERS: readonly HaproxyServerLine[] = [
  { name: 'cp-1', address: '10.0.0.11', port: 6443 },
  { name: 'cp-2', address: '10.0.0.12', port: 6443 },
  { name: 'cp-3', address: '10.0.0.13', port: 6443 },
];

/** The guide's haproxy.cfg with the placeholders filled (the blank-looking line after `balance` holds 4 spaces, as in the guide). */
export function haproxyCfg(bindPort = 6443, servers: readonly HaproxyServerLine[] = KUBEADM_HA_APISERVERS): string {
  return [
    '# /etc/haproxy/haproxy.cfg',
    '#---------------------------------------------------------------------',
    '# Global settings',
    '#---------------------------------------------------------------------',
    'global',
    '    log stdout format raw local0',
    '    daemon',
    '',
    '#---------------------------------------------------------------------',
    "# common defaults that all the 'listen' and 'backend' sections will",
    '# use if not designated in their block',
    '#---------------------------------------------------------------------',
    'defaults',
    '    mode                    http',
    '    log                     global',
    '    option                  httplog',
    '    option                  dontlognull',
    '    option http-server-close',
    '    option forwardfor       except 127.0.0.0/8',
    '    option                  redispatch',
    '    retries                 1',
    '    timeout http-request    10s',
    '    timeout queue           20s',
    '    timeout connect         5s',
    '    timeout client          35s',
    '    timeout server          35s',
    '    timeout http-keep-alive 10s',
    '    timeout check           10s',
    '',
    '#---------------------------------------------------------------------',
    '# apiserver frontend which proxys to the control plane nodes',
    '#---------------------------------------------------------------------',
    'frontend apiserver',
    `    bind *:${bindPort}`,
    '    mode tcp',
    '    option tcplog',
    '    default_backend apiserverbackend',
    '',
    '#---------------------------------------------------------------------',
    '# round robin balancing for apiserver',
    '#---------------------------------------------------------------------',
    'backend apiserverbackend',
    '    option httpchk',
    '',
    '    http-check connect ssl',
    '    http-check send meth GET uri /healthz',
    '    http-check expect status 200',
    '',
    '    mode tcp',
    '    balance     roundrobin',
    '    ',
    ...servers.map((s) => `    server ${s.name} ${s.address}:${s.port} check verify none`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

export interface ServerSettings {
  name: string;
  address: string;
  port: number;
  /** `check`: health checks enabled. Without it the server is always considered UP. */
  check: boolean;
  interMs: number;
  /** `fastinter` / `downinter`; null = use inter (configuration.txt "inter"). */
  fastinterMs: number | null;
  downinterMs: number | null;
  rise: number;
  fall: number;
  weight: number;
  backup: boolean;
  /** `disabled`: starts in maintenance (server.c srv_parse_disabled). */
  disabled: boolean;
  /** `verify none`: the check's TLS does not verify the apiserver certificate. */
  verifyNone: boolean;
}

export interface HttpCheckSettings {
  /** `http-check connect ssl`. */
  ssl: boolean;
  method: string;
  uri: string;
  /** `http-check expect status N`; null = any 2xx/3xx (HAProxy's default expect rule). */
  expectStatus: number | null;
}

export interface TimeoutSettings {
  connectMs: number | null;
  clientMs: number | null;
  serverMs: number | null;
  checkMs: number | null;
  queueMs: number | null;
}

export interface BackendSettings {
  name: string;
  mode: 'tcp' | 'http';
  balance: string;
  servers: ServerSettings[];
  /** null unless `option httpchk` (otherwise a plain TCP connect check). */
  httpCheck: HttpCheckSettings | null;
  timeouts: TimeoutSettings;
  retries: number;
  redispatch: boolean;
}

export interface FrontendSettings {
  name: string;
  mode: 'tcp' | 'http';
  bindAddress: string;
  bindPort: number;
  defaultBackend: string | null;
}

export interface HaproxySettings {
  frontends: FrontendSettings[];
  backends: BackendSettings[];
}

export type HaproxyParseResult = { ok: true; settings: HaproxySettings; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

/** HAProxy time values: a number with an optional unit us/ms/s/m/h/d, ms when none (configuration.txt §2.5). */
export function parseHaproxyTime(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(\d+)(us|ms|s|m|h|d)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'us':
      return Math.ceil(n / 1000);
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    case 'h':
      return n * 3_600_000;
    case 'd':
      return n * 86_400_000;
    default:
      return n;
  }
}

interface Section {
  kind: 'global' | 'defaults' | 'frontend' | 'backend' | 'listen';
  name: string;
  line: number;
  lines: { line: number; words: string[] }[];
}

const SECTION_KEYWORDS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'mailers', 'program', 'http-errors', 'ring', 'cache']);

/**
 * Parse haproxy.cfg. Errors carry HAProxy's `parsing [FILE:LINE] : …` prefix; keywords HAProxy
 * knows but this model ignores are warnings.
 */
export function parseHaproxyCfg(text: string, file = HAPROXY_CFG_PATH): HaproxyParseResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const at = (line: number) => `parsing [${file}:${line}] : `;
  const sections: Section[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.replace(/\s#.*$/, '').replace(/^#.*$/, '');
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const kw = words[0]!;
    if (SECTION_KEYWORDS.has(kw)) {
      if (kw === 'global' || kw === 'defaults' || kw === 'frontend' || kw === 'backend' || kw === 'listen') {
        if ((kw === 'frontend' || kw === 'backend' || kw === 'listen') && !words[1]) errors.push(`${at(i + 1)}'${kw}' needs a name.`);
        sections.push({ kind: kw, name: words[1] ?? '', line: i + 1, lines: [] });
      } else {
        warnings.push(`${at(i + 1)}section '${kw}' is not modelled; ignored`);
        sections.push({ kind: 'global', name: kw, line: i + 1, lines: [] });
      }
      continue;
    }
    const cur = sections.at(-1);
    if (!cur) {
      errors.push(`${at(i + 1)}unknown keyword '${kw}' out of section.`);
      continue;
    }
    cur.lines.push({ line: i + 1, words });
  }

  // defaults carried into the proxies that follow them
  const defaults = { mode: 'tcp' as 'tcp' | 'http', timeouts: { connectMs: null, clientMs: null, serverMs: null, checkMs: null, queueMs: null } as TimeoutSettings, retries: 3, redispatch: false, balance: 'roundrobin', defaultServer: {} as Partial<ServerSettings> };
  const frontends: FrontendSettings[] = [];
  const backends: BackendSettings[] = [];

  const serverParams = (words: string[], line: number, into: Partial<ServerSettings>, what: string) => {
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      const next = words[j + 1];
      const needTime = (key: 'interMs' | 'fastinterMs' | 'downinterMs') => {
        const ms = parseHaproxyTime(next);
        if (ms === null || ms === 0) errors.push(`${at(line)}'${what}' : '${w}' expects a positive delay in milliseconds (got '${next ?? ''}').`);
        else into[key] = ms;
        j++;
      };
      const needCount = (key: 'rise' | 'fall' | 'weight', min: number) => {
        const n = next !== undefined && /^\d+$/.test(next) ? Number(next) : NaN;
        if (!(n >= min) || (key === 'weight' && n > 256)) errors.push(`${at(line)}'${what}' : '${w}' has to be ${key === 'weight' ? 'between 0 and 256' : '> 0'} (got '${next ?? ''}').`);
        else into[key] = n;
        j++;
      };
      switch (w) {
        case 'check':
          into.check = true;
          break;
        case 'no-check':
          into.check = false;
          break;
        case 'inter':
          needTime('interMs');
          break;
        case 'fastinter':
          needTime('fastinterMs');
          break;
        case 'downinter':
          needTime('downinterMs');
          break;
        case 'rise':
          needCount('rise', 1);
          break;
        case 'fall':
          needCount('fall', 1);
          break;
        case 'weight':
          needCount('weight', 0);
          break;
        case 'backup':
          into.backup = true;
          break;
        case 'disabled':
          into.disabled = true;
          break;
        case 'enabled':
          into.disabled = false;
          break;
        case 'verify':
          into.verifyNone = next === 'none';
          j++;
          break;
        case 'ssl':
        case 'check-ssl':
        case 'maxconn':
        case 'slowstart':
        case 'port':
        case 'sni':
        case 'ca-file':
        case 'init-addr':
        case 'resolvers':
          if (!['ssl', 'check-ssl'].includes(w)) j++;
          warnings.push(`${at(line)}'${what}' : server keyword '${w}' is not modelled; ignored`);
          break;
        default:
          errors.push(`${at(line)}'${what}' unknown keyword '${w}'.`);
      }
    }
  };

  for (const sec of sections) {
    if (sec.kind === 'global') continue;
    const isDefaults = sec.kind === 'defaults';
    const mode = { v: defaults.mode };
    const timeouts: TimeoutSettings = { ...defaults.timeouts };
    let retries = defaults.retries;
    let redispatch = defaults.redispatch;
    let balance = defaults.balance;
    let bind: { address: string; port: number } | null = null;
    let defaultBackend: string | null = null;
    let httpCheck = null as HttpCheckSettings | null;
    const defaultServer: Partial<ServerSettings> = { ...defaults.defaultServer };
    const servers: ServerSettings[] = [];
    const pendingServers: { line: number; words: string[] }[] = [];

    for (const { line, words } of sec.lines) {
      const [kw, a1, a2] = words;
      switch (kw) {
        case 'mode':
          if (a1 === 'tcp' || a1 === 'http') mode.v = a1;
          else errors.push(`${at(line)}unknown proxy mode '${a1 ?? ''}'.`);
          break;
        case 'bind': {
          const m = a1 === undefined ? null : /^(\*|[\d.]*|):(\d+)$/.exec(a1);
          if (isDefaults || sec.kind === 'backend') errors.push(`${at(line)}'bind' not allowed in '${sec.kind}' section.`);
          else if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) errors.push(`${at(line)}'bind' : invalid address: '${a1 ?? ''}' in '${a1 ?? ''}'`);
          else bind = { address: m[1] === '' || m[1] === '*' ? '*' : m[1]!, port: Number(m[2]) };
          break;
        }
        case 'default_backend':
          defaultBackend = a1 ?? null;
          break;
        case 'balance':
          if (!a1) errors.push(`${at(line)}'balance' requires an algorithm.`);
          else {
            if (!['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie'].includes(a1)) errors.push(`${at(line)}'balance' only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hash', 'hdr(name)', 'rdp-cookie(name)' and 'random' options.`);
            else if (a1 !== 'roundrobin' && a1 !== 'static-rr') warnings.push(`${at(line)}balance '${a1}' is modelled as roundrobin`);
            balance = a1;
          }
          break;
        case 'retries': {
          const n = a1 !== undefined && /^\d+$/.test(a1) ? Number(a1) : NaN;
          if (Number.isNaN(n)) errors.push(`${at(line)}'retries' expects an integer argument.`);
          else retries = n;
          break;
        }
        case 'timeout': {
          const ms = parseHaproxyTime(a2);
          const key = ({ connect: 'connectMs', client: 'clientMs', server: 'serverMs', check: 'checkMs', queue: 'queueMs' } as const)[a1 as 'connect'];
          if (ms === null) errors.push(`${at(line)}'timeout ${a1 ?? ''}' expects a positive delay in milliseconds (got '${a2 ?? ''}').`);
          else if (key) timeouts[key] = ms;
          else if (!['http-request', 'http-keep-alive', 'tunnel', 'client-fin', 'server-fin', 'tarpit'].includes(a1 ?? '')) errors.push(`${at(line)}'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '${a1 ?? ''}')`);
          break;
        }
        case 'option':
          if (a1 === 'redispatch') redispatch = true;
          else if (a1 === 'httpchk') {
            // `option httpchk [<method>] [<uri>]` (the guide gives none and uses http-check send).
            const prev: HttpCheckSettings | null = httpCheck;
            httpCheck = { ssl: prev?.ssl ?? false, method: a2 ?? 'OPTIONS', uri: words[3] ?? '/', expectStatus: prev?.expectStatus ?? null };
          }
          break;
        case 'no':
          if (a1 === 'option' && a2 === 'redispatch') redispatch = false;
          break;
        case 'http-check': {
          httpCheck ??= { ssl: false, method: 'OPTIONS', uri: '/', expectStatus: null };
          if (a1 === 'connect') httpCheck.ssl = words.includes('ssl');
          else if (a1 === 'send') {
            for (let j = 2; j < words.length; j += 2) {
              if (words[j] === 'meth') httpCheck.method = words[j + 1] ?? httpCheck.method;
              if (words[j] === 'uri') httpCheck.uri = words[j + 1] ?? httpCheck.uri;
            }
          } else if (a1 === 'expect') {
            const code = words[3] !== undefined && /^\d{3}$/.test(words[3]) ? Number(words[3]) : null;
            if (a2 !== 'status' || code === null) errors.push(`${at(line)}'http-check expect' : only 'status <code>' is modelled (got '${words.slice(2).join(' ')}').`);
            else httpCheck.expectStatus = code;
          } else errors.push(`${at(line)}'http-check' expects 'comment', 'connect', 'disable-on-404', 'expect', 'send', 'send-state', 'set-var', 'unset-var', or 'send-state' but got '${a1 ?? ''}'.`);
          break;
        }
        case 'default-server':
          serverParams(words.slice(1), line, defaultServer, 'default-server');
          break;
        case 'server':
          if (isDefaults || sec.kind === 'frontend') errors.push(`${at(line)}'server' not allowed in '${sec.kind}' section.`);
          else pendingServers.push({ line, words });
          break;
        case 'log':
        case 'daemon':
        case undefined:
          break;
        default:
          warnings.push(`${at(line)}keyword '${kw}' is not modelled; ignored`);
      }
    }
    for (const { line, words } of pendingServers) {
      const [, name, addr] = words;
      const m = addr === undefined ? null : /^([\d.]+):(\d+)$/.exec(addr);
      if (!name || !m) {
        errors.push(`${at(line)}'server ${name ?? ''}' : invalid address: '${addr ?? ''}' in '${addr ?? ''}'`);
        continue;
      }
      const s: Partial<ServerSettings> = { ...defaultServer };
      serverParams(words.slice(3), line, s, `server ${name}`);
      if (servers.some((x) => x.name === name)) errors.push(`${at(line)}backend '${sec.name}' has the same server name '${name}' twice.`);
      servers.push({
        name,
        address: m[1]!,
        port: Number(m[2]),
        check: s.check ?? false,
        interMs: s.interMs ?? DEFAULT_INTER_MS,
        fastinterMs: s.fastinterMs ?? null,
        downinterMs: s.downinterMs ?? null,
        rise: s.rise ?? DEFAULT_RISE,
        fall: s.fall ?? DEFAULT_FALL,
        weight: s.weight ?? 1,
        backup: s.backup ?? false,
        disabled: s.disabled ?? false,
        verifyNone: s.verifyNone ?? false,
      });
    }

    if (isDefaults) {
      defaults.mode = mode.v;
      defaults.timeouts = timeouts;
      defaults.retries = retries;
      defaults.redispatch = redispatch;
      defaults.balance = balance;
      defaults.defaultServer = defaultServer;
      continue;
    }
    if (sec.kind === 'frontend' || sec.kind === 'listen') {
      if (!bind) errors.push(`${at(sec.line)}Proxy '${sec.name}': no 'bind' line.`);
      else frontends.push({ name: sec.name, mode: mode.v, bindAddress: bind.address, bindPort: bind.port, defaultBackend: sec.kind === 'listen' ? sec.name : defaultBackend });
    }
    if (sec.kind === 'backend' || sec.kind === 'listen') backends.push({ name: sec.name, mode: mode.v, balance, servers, httpCheck, timeouts, retries, redispatch });
  }

  for (const f of frontends) {
    if (f.defaultBackend && !backends.some((b) => b.name === f.defaultBackend)) {
      const sec = sections.find((s) => s.name === f.name)!;
      const line = sec.lines.find((l) => l.words[0] === 'default_backend')?.line ?? sec.line;
      errors.push(`${at(line)}Proxy '${f.name}': unable to find required default_backend: '${f.defaultBackend}'.`);
    }
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, settings: { frontends, backends }, warnings };
}
