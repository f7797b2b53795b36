/**
 * haproxy.cfg as kubeadm's HA guide writes it (kubernetes/kubeadm docs/ha-considerations.md,
 * commit 073082bc, "haproxy configuration") and the parser back to settings (defaults from HAProxy
 * 2.8 doc/configuration.txt §5.2 and include/haproxy/defaults.h).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FALL, DEFAULT_INTER_MS, DEFAULT_RISE, haproxyCfg, parseHaproxyCfg, parseHaproxyTime } from './config.ts';

const GUIDE_BACKEND_TAIL = `backend apiserverbackend
    option httpchk

    http-check connect ssl
    http-check send meth GET uri /healthz
    http-check expect status 200

    mode tcp
    balance     roundrobin
    
    server cp-1 10.0.0.11:6443 check verify none
    server cp-2 10.0.0.12:6443 check verify none
    server cp-3 10.0.0.13:6443 check verify none
`;

describe("the guide's haproxy.cfg", () => {
  const cfg = haproxyCfg();

  it('keeps the guide text: global, defaults (retries 1, timeout connect 5s, client/server 35s, check 10s), frontend on *:6443, backend with three servers', () => {
    expect(cfg.startsWith('# /etc/haproxy/haproxy.cfg\n#-----')).toBe(true);
    for (const line of ['    log stdout format raw local0', '    retries                 1', '    timeout connect         5s', '    timeout client          35s', '    timeout server          35s', '    timeout check           10s', '    bind *:6443', '    default_backend apiserverbackend'])
      expect(cfg.split('\n')).toContain(line);
    expect(cfg.endsWith(GUIDE_BACKEND_TAIL)).toBe(true);
    expect(cfg.split('\n')).toHaveLength(55);
  });

  it('parses to the settings the model needs', () => {
    const r = parseHaproxyCfg(cfg);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.frontends).toEqual([{ name: 'apiserver', mode: 'tcp', bindAddress: '*', bindPort: 6443, defaultBackend: 'apiserverbackend' }]);
    const b = r.settings.backends[0]!;
    expect([b.name, b.mode, b.balance, b.retries, b.redispatch]).toEqual(['apiserverbackend', 'tcp', 'roundrobin', 1, true]);
    expect(b.httpCheck).toEqual({ ssl: true, method: 'GET', uri: '/healthz', expectStatus: 200 });
    expect(b.timeouts).toEqual({ connectMs: 5000, clientMs: 35_000, serverMs: 35_000, checkMs: 10_000, queueMs: 20_000 });
    // `check` without inter/fall/rise: HAProxy's defaults inter 2000 ms, fall 3, rise 2 (configuration.txt §5.2).
    expect(b.servers.map((s) => [s.name, s.address, s.port, s.check, s.interMs, s.fall, s.rise, s.verifyNone])).toEqual([
      ['cp-1', '10.0.0.11', 6443, true, 2000, 3, 2, true],
      ['cp-2', '10.0.0.12', 6443, true, 2000, 3, 2, true],
      ['cp-3', '10.0.0.13', 6443, true, 2000, 3, 2, true],
    ]);
    expect([DEFAULT_INTER_MS, DEFAULT_FALL, DEFAULT_RISE]).toEqual([2000, 3, 2]);
    // Keywords of the guide that only matter in HTTP mode or for logging are reported, not fatal.
    expect(r.warnings.every((w) => w.startsWith('parsing [/etc/haproxy/haproxy.cfg:'))).toBe(true);
  });
});

describe('parseHaproxyTime (configuration.txt §2.5: us, ms, s, m, h, d; ms by default)', () => {
  it.each([
    ['2000', 2000],
    ['2s', 2000],
    ['500ms', 500],
    ['1m', 60_000],
    ['1500us', 2],
    ['2x', null],
    ['', null],
  ] as const)('%s → %s', (v, ms) => expect(parseHaproxyTime(v)).toBe(ms));
});

describe('parse errors name the file and line (HAProxy: "parsing [FILE:LINE] : …")', () => {
  const cfg = haproxyCfg();
  const lineOf = (needle: string) => cfg.split('\n').findIndex((l) => l.includes(needle)) + 1;
  it.each([
    ['server options override the defaults', cfg.replace('cp-2 10.0.0.12:6443 check verify none', 'cp-2 10.0.0.12:6443 check inter 5s fall 5 rise 1 verify none'), null],
    ['bad inter', cfg.replace('cp-2 10.0.0.12:6443 check', 'cp-2 10.0.0.12:6443 check inter soon'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('server cp-2')}] : 'server cp-2' : 'inter' expects a positive delay in milliseconds (got 'soon').`],
    ['bad rise', cfg.replace('cp-3 10.0.0.13:6443 check', 'cp-3 10.0.0.13:6443 check rise 0'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('server cp-3')}] : 'server cp-3' : 'rise' has to be > 0 (got '0').`],
    ['unknown server keyword', cfg.replace('cp-1 10.0.0.11:6443 check', 'cp-1 10.0.0.11:6443 chekc'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('server cp-1')}] : 'server cp-1' unknown keyword 'chekc'.`],
    ['bad address', cfg.replace('cp-1 10.0.0.11:6443', 'cp-1 10.0.0.11'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('server cp-1')}] : 'server cp-1' : invalid address: '10.0.0.11' in '10.0.0.11'`],
    ['bad bind', cfg.replace('bind *:6443', 'bind *:99999'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('bind *:')}] : 'bind' : invalid address: '*:99999' in '*:99999'`],
    ['bad timeout', cfg.replace('timeout connect         5s', 'timeout connect         fives'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('timeout connect')}] : 'timeout connect' expects a positive delay in milliseconds (got 'fives').`],
    ['missing backend', cfg.replace('default_backend apiserverbackend', 'default_backend apiservers'), `parsing [/etc/haproxy/haproxy.cfg:${lineOf('default_backend')}] : Proxy 'apiserver': unable to find required default_backend: 'apiservers'.`],
  ])('%s', (_name, text, error) => {
    const r = parseHaproxyCfg(text);
    if (error === null) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.settings.backends[0]!.servers[1]).toMatchObject({ interMs: 5000, fall: 5, rise: 1 });
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors).toContain(error);
    }
  });
});
