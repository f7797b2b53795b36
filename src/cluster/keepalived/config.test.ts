/**
 * keepalived.conf and check_apiserver.sh as kubeadm's HA guide writes them
 * (kubernetes/kubeadm docs/ha-considerations.md, commit 073082bc), and the parser back to settings
 * (defaults and ranges: man keepalived.conf(5) and keepalived v2.2.4 vrrp_parser.c).
 */
import { describe, expect, it } from 'vitest';
import { KUBEADM_HA_KEEPALIVED, checkApiserverScript, keepalivedConf, parseKeepalivedConf } from './config.ts';

const LB1 = `! /etc/keepalived/keepalived.conf
! Configuration File for keepalived
global_defs {
    router_id LVS_DEVEL
}
vrrp_script check_apiserver {
  script "/etc/keepalived/check_apiserver.sh"
  interval 3
  weight -2
  fall 10
  rise 2
}

vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 101
    authentication {
        auth_type PASS
        auth_pass 42
    }
    virtual_ipaddress {
        10.0.0.10
    }
    track_script {
        check_apiserver
    }
}
`;

describe('the guide\'s files (kubeadm docs/ha-considerations.md "keepalived configuration")', () => {
  it('writes keepalived.conf for lb-1 exactly as the template with STATE=MASTER, INTERFACE=eth0, ROUTER_ID=51, PRIORITY=101, AUTH_PASS=42', () => {
    expect(keepalivedConf(KUBEADM_HA_KEEPALIVED['lb-1'])).toBe(LB1);
  });

  it('lb-2 differs only in state BACKUP and priority 100', () => {
    expect(keepalivedConf(KUBEADM_HA_KEEPALIVED['lb-2'])).toBe(LB1.replace('state MASTER', 'state BACKUP').replace('priority 101', 'priority 100'));
  });

  it('writes check_apiserver.sh with APISERVER_DEST_PORT=6443', () => {
    expect(checkApiserverScript(6443)).toBe(`#!/bin/sh

errorExit() {
    echo "*** $*" 1>&2
    exit 1
}

curl -sfk --max-time 2 https://localhost:6443/healthz -o /dev/null || errorExit "Error GET https://localhost:6443/healthz"
`);
  });
});

describe('parseKeepalivedConf', () => {
  it('reads the guide\'s file back to the settings the VRRP model needs', () => {
    const r = parseKeepalivedConf(LB1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.settings.routerId).toBe('LVS_DEVEL');
    expect(r.settings.vrrpVersion).toBe(2);
    expect(r.settings.instances).toEqual([
      {
        name: 'VI_1',
        state: 'MASTER',
        interface: 'eth0',
        virtualRouterId: 51,
        priority: 101,
        advertIntMs: 1000, // advert_int default 1 (man keepalived.conf(5); vrrp.h VRRP_ADVER_DFL)
        version: 2,
        authType: 'PASS',
        authPass: '42',
        virtualIpAddresses: ['10.0.0.10'],
        nopreempt: false, // preemption is the default
        trackScripts: [{ name: 'check_apiserver', weight: -2, rise: 2, fall: 10, intervalMs: 3000, timeoutMs: 3000, script: '/etc/keepalived/check_apiserver.sh', initFail: false }],
      },
    ]);
  });

  it('applies keepalived\'s defaults: vrrp_script interval 1 s, weight 0, rise 1, fall 1; timeout = interval', () => {
    const r = parseKeepalivedConf('vrrp_script s {\n script "/bin/true"\n}\nvrrp_instance V {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 10.0.0.10/24 dev eth0\n }\n track_script {\n s weight -7\n }\n nopreempt\n advert_int 2\n}\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const i = r.settings.instances[0]!;
    expect([i.state, i.priority, i.advertIntMs, i.nopreempt, i.virtualIpAddresses]).toEqual(['BACKUP', 100, 2000, true, ['10.0.0.10']]);
    expect(i.trackScripts[0]).toMatchObject({ intervalMs: 1000, timeoutMs: 1000, rise: 1, fall: 1, weight: -7 }); // track_script weight overrides
  });

  it.each([
    ['priority out of range', LB1.replace('priority 101', 'priority 300'), 'line 18: (VI_1) Priority not valid! must be between 1 & 255'],
    ['priority not a number', LB1.replace('priority 101', 'priority high'), 'line 18: (VI_1) Priority not valid! must be between 1 & 255'],
    ['unknown state', LB1.replace('state MASTER', 'state PRIMARY'), "line 15: (VI_1) unknown state 'PRIMARY', defaulting to BACKUP"],
    ['VRID out of range', LB1.replace('virtual_router_id 51', 'virtual_router_id 0'), "line 17: (VI_1): VRID '0' not valid - must be between 1 & 255"],
    ['bad advert_int', LB1.replace('    priority 101\n', '    priority 101\n    advert_int 0\n'), 'line 19: (VI_1) Advert interval (0) not valid! Must be > 0'],
    ['bad weight', LB1.replace('weight -2', 'weight -300'), "line 9: vrrp_script check_apiserver weight '-300' must be in [-253, 253]"],
    ['bad fall', LB1.replace('fall 10', 'fall 0'), "line 10: vrrp_script check_apiserver fall '0' invalid - must be >= 1"],
    ['undefined track script', LB1.replace('        check_apiserver\n', '        check_api\n'), 'line 27: (VI_1) track script check_api not found'],
    ['missing closing brace', LB1.replace(/}\n$/, ''), "line 14: '{' is never closed (missing '}')"],
    ['stray closing brace', `${LB1}}\n`, "line 30: unexpected '}' without a matching '{'"],
    ['bad VIP', LB1.replace('        10.0.0.10\n', '        10.0.0.300\n'), "line 24: (VI_1) invalid virtual_ipaddress '10.0.0.300'"],
    ['no VIP', LB1.replace('        10.0.0.10\n', ''), 'line 14: (VI_1) no virtual_ipaddress specified'],
  ])('%s → an error naming the line', (_name, text, error) => {
    const r = parseKeepalivedConf(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain(error);
  });

  it('warns about keywords it does not model and carries on, as keepalived does', () => {
    const r = parseKeepalivedConf(LB1.replace('    priority 101\n', '    priority 101\n    preempt_delay 30\n    colour blue\n'));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(["line 19: (VI_1) 'preempt_delay' is not modelled; ignored", "line 20: (VI_1) Unknown keyword 'colour'; ignored"]);
  });
});
