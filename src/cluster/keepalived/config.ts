/**
 * keepalived's two files as kubeadm's HA guide writes them, and a parser from keepalived.conf
 * back to the settings the VRRP model needs.
 *
 * Sources:
 * - kubernetes/kubeadm docs/ha-considerations.md, "keepalived configuration" (commit 073082bc,
 *   May 2024, "tested with keepalived 2.0.20 and 2.2.4"): the keepalived.conf template and
 *   check_apiserver.sh, and the placeholder values (state MASTER on one host and BACKUP on the
 *   others, priority 101 / 100, virtual_router_id 51 "many distros pre-configure", auth_pass 42,
 *   interface eth0).
 * - man keepalived.conf(5) (acassen/keepalived v2.2.4 doc/man/man5/keepalived.conf.5): keyword
 *   syntax and defaults (advert_int 1; vrrp_script interval 1 s, weight 0, rise/fall 1; weight
 *   range -253..253; `!` and `#` start comments).
 * - keepalived v2.2.4 keepalived/vrrp/vrrp_parser.c: the ranges it accepts (priority 1..255,
 *   virtual_router_id 1..255, advert_int > 0 in steps of 0.01 s up to 255 s) and the wording of
 *   its complaints, which the errors here reuse.
 */

export const KEEPALIVED_CONF_PATH = '/etc/keepalived/keepalived.conf';
export const CHECK_APISERVER_PATH = '/etc/keepalived/check_apiserver.sh';

/** The placeholders of the guide's keepalived.conf. */
export interface KeepalivedConfParams {
  state: 'MASTER' | 'BACKUP';
  interface: string;
  routerId: number;
  priority: number;
  authPass: string;
  vip: string;
}

/** The apiserver VIP and port of the simulated `ha` preset (kubeadm `--control-plane-endpoint 10.0.0.10:6443`). */
export const APISERVER_VIP = '10.0.0.10';
export const APISERVER_DEST_PORT = 6443;

/** The two load balancers of the `ha` preset with the guide's example values. */
export const KUBEADM_HA_KEEPALIVED: Readonly<Record<'lb-1' | 'lb-2', KeepalivedConfParams>> = {
  'lb-1': { state: 'MASTER', interface: 'eth0', routerId: 51, priority: 101, authPass: '42', vip: APISERVER_VIP },
  'lb-2': { state: 'BACKUP', interface: 'eth0', routerId: 51, priority: 100, authPass: '42', vip: APISERVER_VIP },
};

/** `/etc/keepalived/keepalived.conf` exactly as the guide's template, placeholders filled. */
export function keepalivedConf(p: KeepalivedConfParams): string {
  return [
    '! /etc/keepalived/keepalived.conf',
    '! Configuration File for keepalived',
    'global_defs {',
    '    router_id LVS_DEVEL',
    '}',
    'vrrp_script check_apiserver {',
    '  script "/etc/keepalived/check_apiserver.sh"',
    '  interval 3',
    '  weight -2',
    '  fall 10',
    '  rise 2',
    '}',
    '',
    'vrrp_instance VI_1 {',
    `    state ${p.state}`,
    `    interface ${p.interface}`,
    `    virtual_router_id ${p.routerId}`,
    `    priority ${p.priority}`,
    '    authentication {',
    '        auth_type PASS',
    `        auth_pass ${p.authPass}`,
    '    }',
    '    virtual_ipaddress {',
    `        ${p.vip}`,
    '    }',
    '    track_script {',
    '        check_apiserver',
    '    }',
    '}',
    '',
  ].join('\n');
}

/** `/etc/keepalived/check_apiserver.sh` exactly as the guide's (current) version, port filled. */
export function checkApiserverScript(port: number = APISERVER_DEST_PORT): string {
  return [
    '#!/bin/sh',
    '',
    'errorExit() {',
    '    echo "*** $*" 1>&2',
    '    exit 1',
    '}',
    '',
    `curl -sfk --max-time 2 https://localhost:${port}/healthz -o /dev/null || errorExit "Error GET https://localhost:${port}/healthz"`,
    '',
  ].join('\n');
}

/** What the check script does, for the wiring: one HTTPS GET, 2 s budget, success = 2xx (curl -f). */
export const CHECK_APISERVER_CURL = { path: '/healthz', maxTimeMs: 2_000, insecure: true } as const;
/** The script's exit status when curl fails (errorExit → `exit 1`). */
export const CHECK_APISERVER_FAIL_STATUS = 1;

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/** A `vrrp_script` block (times in ms). */
export interface VrrpScriptSettings {
  name: string;
  script: string;
  intervalMs: number;
  /** `timeout`; keepalived uses the interval when unset (vrrp_scheduler.c vrrp_script_thread). */
  timeoutMs: number;
  weight: number;
  rise: number;
  fall: number;
  initFail: boolean;
}

/** A script as one instance tracks it (`track_script { NAME [weight N] }`). */
export interface TrackedScript {
  name: string;
  weight: number;
  rise: number;
  fall: number;
  intervalMs: number;
  timeoutMs: number;
  script: string;
  initFail: boolean;
}

export interface VrrpInstanceSettings {
  name: string;
  state: 'MASTER' | 'BACKUP';
  interface: string;
  virtualRouterId: number;
  priority: number;
  advertIntMs: number;
  /** VRRP version: the global `vrrp_version` default is 2 (keepalived core/global_data.c). */
  version: 2 | 3;
  authType: 'PASS' | 'AH' | null;
  /** keepalived keeps the first 8 characters (the VRRPv2 auth data field is 8 bytes). */
  authPass: string | null;
  virtualIpAddresses: string[];
  nopreempt: boolean;
  trackScripts: TrackedScript[];
}

export interface KeepalivedSettings {
  routerId: string | null;
  vrrpVersion: 2 | 3;
  scripts: VrrpScriptSettings[];
  instances: VrrpInstanceSettings[];
}

export type KeepalivedParseResult =
  | { ok: true; settings: KeepalivedSettings; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

interface Token {
  text: string;
  line: number;
}

/** A keyword line or a block: `word args…` optionally followed by `{ … }`. */
interface Stmt {
  line: number;
  words: string[];
  block: Stmt[] | null;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i]!;
    let j = 0;
    while (j < src.length) {
      const c = src[j]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        j++;
        continue;
      }
      // keepalived's parser: `!` and `#` start a comment anywhere a word could start.
      if (c === '!' || c === '#') break;
      if (c === '{' || c === '}') {
        out.push({ text: c, line: i + 1 });
        j++;
        continue;
      }
      if (c === '"') {
        const end = src.indexOf('"', j + 1);
        const word = end < 0 ? src.slice(j + 1) : src.slice(j + 1, end);
        out.push({ text: `"${word}`, line: i + 1 }); // leading quote marks a quoted word
        j = end < 0 ? src.length : end + 1;
        continue;
      }
      let k = j;
      while (k < src.length && !' \t\r{}'.includes(src[k]!)) k++;
      out.push({ text: src.slice(j, k), line: i + 1 });
      j = k;
    }
  }
  return out;
}

const unquote = (w: string): string => (w.startsWith('"') ? w.slice(1) : w);

function parseStatements(tokens: Token[], errors: string[]): Stmt[] {
  let pos = 0;
  const parseBlock = (depth: number, openLine: number): Stmt[] => {
    const stmts: Stmt[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.text === '}') {
        pos++;
        if (depth === 0) errors.push(`line ${t.line}: unexpected '}' without a matching '{'`);
        else return stmts;
        continue;
      }
      if (t.text === '{') {
        errors.push(`line ${t.line}: '{' without a keyword before it`);
        pos++;
        parseBlock(depth + 1, t.line);
        continue;
      }
      // A statement: the words on this line up to '{' or the end of the line.
      const line = t.line;
      const words: string[] = [];
      while (pos < tokens.length && tokens[pos]!.line === line && tokens[pos]!.text !== '{' && tokens[pos]!.text !== '}') words.push(tokens[pos++]!.text);
      let block: Stmt[] | null = null;
      // keepalived accepts the '{' on the keyword's line (the guide's style) or on the next one.
      if (pos < tokens.length && tokens[pos]!.text === '{') {
        const open = tokens[pos]!;
        pos++;
        block = parseBlock(depth + 1, open.line);
      }
      stmts.push({ line, words, block });
    }
    if (depth > 0) errors.push(`line ${openLine}: '{' is never closed (missing '}')`);
    return stmts;
  };
  return parseBlock(0, 0);
}

function parseIntStrict(w: string | undefined): number | null {
  if (w === undefined || !/^[+-]?\d+$/.test(w)) return null;
  return Number(w);
}

/** advert_int / interval style: decimal seconds with at most 2 (advert) or 6 digits → ms. */
function parseSeconds(w: string | undefined): number | null {
  if (w === undefined || !/^\d+(\.\d+)?$/.test(w)) return null;
  return Math.round(Number(w) * 1000);
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?$/;
function isIpv4(w: string): boolean {
  const m = IPV4.exec(w);
  return !!m && [m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255) && (!m[5] || Number(m[5].slice(1)) <= 32);
}

/**
 * Parse keepalived.conf text. Errors name the line (1-based) and reuse keepalived's wording where
 * it has one; keywords keepalived knows but this model ignores become warnings (keepalived itself
 * logs `Unknown keyword` for words it does not know and carries on).
 */
export function parseKeepalivedConf(text: string): KeepalivedParseResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const stmts = parseStatements(tokenize(text), errors);
  let routerId: string | null = null;
  let vrrpVersion: 2 | 3 = 2;
  const scripts = new Map<string, VrrpScriptSettings>();
  const rawInstances: { stmt: Stmt; name: string }[] = [];

  const needBlock = (s: Stmt, what: string): Stmt[] => {
    if (!s.block) errors.push(`line ${s.line}: '${what}' needs a '{ … }' block`);
    return s.block ?? [];
  };

  for (const s of stmts) {
    const [kw, ...args] = s.words;
    if (kw === undefined) continue;
    if (kw === 'global_defs') {
      for (const g of needBlock(s, kw)) {
        const [gk, ...ga] = g.words;
        if (gk === 'router_id') routerId = ga[0] ?? null;
        else if (gk === 'vrrp_version') {
          const v = parseIntStrict(ga[0]);
          if (v !== 2 && v !== 3) errors.push(`line ${g.line}: vrrp_version '${ga[0] ?? ''}' not valid - must be 2 or 3`);
          else vrrpVersion = v;
        } else if (gk !== undefined) warnings.push(`line ${g.line}: global_defs keyword '${gk}' is not modelled; ignored`);
      }
    } else if (kw === 'vrrp_script') {
      const name = args[0];
      if (!name) {
        errors.push(`line ${s.line}: vrrp_script needs a name`);
        continue;
      }
      const sc: VrrpScriptSettings = { name, script: '', intervalMs: 1_000, timeoutMs: 0, weight: 0, rise: 1, fall: 1, initFail: false };
      for (const b of needBlock(s, kw)) {
        const [bk, ...ba] = b.words;
        const v = ba[0];
        switch (bk) {
          case 'script':
            sc.script = ba.map(unquote).join(' ');
            break;
          case 'interval': {
            const n = parseIntStrict(v);
            if (n === null || n < 1) errors.push(`line ${b.line}: (${name}): vrrp script interval '${v ?? ''}' must be >= 1`);
            else sc.intervalMs = n * 1000;
            break;
          }
          case 'timeout': {
            const n = parseIntStrict(v);
            if (n === null || n < 1) errors.push(`line ${b.line}: (${name}): vrrp script timeout '${v ?? ''}' invalid`);
            else sc.timeoutMs = n * 1000;
            break;
          }
          case 'weight': {
            const n = parseIntStrict(v);
            if (n === null || n < -253 || n > 253) errors.push(`line ${b.line}: vrrp_script ${name} weight '${v ?? ''}' must be in [-253, 253]`);
            else sc.weight = ba[1] === 'reverse' ? -n : n;
            break;
          }
          case 'rise':
          case 'fall': {
            const n = parseIntStrict(v);
            if (n === null || n < 1) errors.push(`line ${b.line}: vrrp_script ${name} ${bk} '${v ?? ''}' invalid - must be >= 1`);
            else sc[bk] = n;
            break;
          }
          case 'init_fail':
            sc.initFail = true;
            break;
          case 'user':
            warnings.push(`line ${b.line}: vrrp_script ${name} 'user' is not modelled; ignored`);
            break;
          case undefined:
            break;
          default:
            warnings.push(`line ${b.line}: Unknown keyword '${bk}' in vrrp_script ${name}; ignored`);
        }
      }
      if (!sc.script) errors.push(`line ${s.line}: vrrp_script ${name}: no script specified`);
      if (sc.timeoutMs === 0) sc.timeoutMs = sc.intervalMs;
      if (scripts.has(name)) errors.push(`line ${s.line}: vrrp_script ${name} defined twice`);
      scripts.set(name, sc);
    } else if (kw === 'vrrp_instance') {
      const name = args[0];
      if (!name) errors.push(`line ${s.line}: vrrp_instance needs a name`);
      else rawInstances.push({ stmt: s, name });
      needBlock(s, kw);
    } else {
      warnings.push(`line ${s.line}: Unknown keyword '${kw}'; ignored`);
    }
  }

  const instances: VrrpInstanceSettings[] = [];
  for (const { stmt, name } of rawInstances) {
    const inst: VrrpInstanceSettings = {
      name,
      state: 'BACKUP',
      interface: '',
      virtualRouterId: 0,
      priority: 100, // VRRP_PRIO_DFL
      advertIntMs: 1_000, // VRRP_ADVER_DFL
      version: vrrpVersion,
      authType: null,
      authPass: null,
      virtualIpAddresses: [],
      nopreempt: false,
      trackScripts: [],
    };
    const tracked: { name: string; weight: number | null; line: number }[] = [];
    for (const b of stmt.block ?? []) {
      const [bk, ...ba] = b.words;
      const v = ba[0];
      switch (bk) {
        case 'state':
          if (v === 'MASTER' || v === 'BACKUP') inst.state = v;
          else errors.push(`line ${b.line}: (${name}) unknown state '${v ?? ''}', defaulting to BACKUP`);
          break;
        case 'interface':
          if (!v) errors.push(`line ${b.line}: (${name}) interface needs a name`);
          else inst.interface = v;
          break;
        case 'virtual_router_id': {
          const n = parseIntStrict(v);
          if (n === null || n < 1 || n > 255) errors.push(`line ${b.line}: (${name}): VRID '${v ?? ''}' not valid - must be between 1 & 255`);
          else inst.virtualRouterId = n;
          break;
        }
        case 'priority': {
          const n = parseIntStrict(v);
          if (n === null || n < 1 || n > 255) errors.push(`line ${b.line}: (${name}) Priority not valid! must be between 1 & 255`);
          else inst.priority = n;
          break;
        }
        case 'advert_int': {
          const ms = parseSeconds(v);
          if (ms === null || ms < 10 || ms > 255_000) errors.push(`line ${b.line}: (${name}) Advert interval (${v ?? ''}) not valid! Must be > 0`);
          else inst.advertIntMs = ms;
          break;
        }
        case 'version': {
          const n = parseIntStrict(v);
          if (n !== 2 && n !== 3) errors.push(`line ${b.line}: (${name}) VRRP version '${v ?? ''}' not valid - must be 2 or 3`);
          else inst.version = n;
          break;
        }
        case 'nopreempt':
          inst.nopreempt = true;
          break;
        case 'preempt':
          inst.nopreempt = false;
          break;
        case 'authentication':
          for (const a of needBlock(b, bk)) {
            const [ak, av] = a.words;
            if (ak === 'auth_type') {
              if (av === 'PASS' || av === 'AH') inst.authType = av;
              else errors.push(`line ${a.line}: (${name}) unknown authentication type '${av ?? ''}'`);
            } else if (ak === 'auth_pass') {
              if (!av) errors.push(`line ${a.line}: (${name}) auth_pass needs a value`);
              else {
                if (av.length > 8) warnings.push(`line ${a.line}: (${name}) Truncating auth_pass to 8 characters`);
                inst.authPass = unquote(av).slice(0, 8);
              }
            } else if (ak !== undefined) warnings.push(`line ${a.line}: Unknown keyword '${ak}' in authentication; ignored`);
          }
          break;
        case 'virtual_ipaddress':
          for (const a of needBlock(b, bk)) {
            const addr = a.words[0];
            if (addr === undefined) continue;
            if (!isIpv4(addr)) errors.push(`line ${a.line}: (${name}) invalid virtual_ipaddress '${addr}'`);
            else inst.virtualIpAddresses.push(addr.replace(/\/\d+$/, ''));
          }
          break;
        case 'track_script':
          for (const a of needBlock(b, bk)) {
            const [sn, wk, wv] = a.words;
            if (sn === undefined) continue;
            let weight: number | null = null;
            if (wk === 'weight') {
              const n = parseIntStrict(wv);
              if (n === null || n < -253 || n > 253) errors.push(`line ${a.line}: (${name}) track_script ${sn} weight '${wv ?? ''}' must be in [-253, 253]`);
              else weight = a.words[3] === 'reverse' ? -n : n;
            }
            tracked.push({ name: sn, weight, line: a.line });
          }
          break;
        case 'unicast_peer':
        case 'unicast_src_ip':
        case 'preempt_delay':
        case 'garp_master_delay':
        case 'notify_master':
        case 'notify_backup':
        case 'notify_fault':
        case 'notify':
        case 'track_interface':
          warnings.push(`line ${b.line}: (${name}) '${bk}' is not modelled; ignored`);
          break;
        case undefined:
          break;
        default:
          warnings.push(`line ${b.line}: (${name}) Unknown keyword '${bk}'; ignored`);
      }
    }
    for (const t of tracked) {
      const sc = scripts.get(t.name);
      if (!sc) {
        errors.push(`line ${t.line}: (${name}) track script ${t.name} not found`);
        continue;
      }
      inst.trackScripts.push({ name: sc.name, weight: t.weight ?? sc.weight, rise: sc.rise, fall: sc.fall, intervalMs: sc.intervalMs, timeoutMs: sc.timeoutMs, script: sc.script, initFail: sc.initFail });
    }
    if (!inst.interface) errors.push(`line ${stmt.line}: (${name}) no interface specified`);
    if (inst.virtualRouterId === 0) errors.push(`line ${stmt.line}: (${name}) the virtual router id must be set`);
    if (inst.virtualIpAddresses.length === 0) errors.push(`line ${stmt.line}: (${name}) no virtual_ipaddress specified`);
    instances.push(inst);
  }
  if (rawInstances.length === 0 && errors.length === 0) errors.push('no vrrp_instance defined');

  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, settings: { routerId, vrrpVersion, scripts: [...scripts.values()], instances }, warnings };
}
