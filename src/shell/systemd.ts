/**
 * systemd on a host: `systemctl` for the units a kubeadm host has (kubelet, containerd; etcd only
 * where it runs as a unit — external etcd hosts, or etcd-only worlds; haproxy and keepalived on the
 * lb hosts), and `journalctl -u kubelet|haproxy|keepalived`.
 * On a kubeadm control-plane host etcd is a static pod, so `systemctl stop etcd` fails exactly
 * as it would there: there is no etcd.service. Stopping the kubelet leaves its containers running.
 */
import { formatVirtualTime } from '../kernel/index.ts';
import { strftime } from '../cluster/runtime/programs/clock.ts';
import { newSink } from '../cluster/effects.ts';
import { startKubelet, stopKubelet } from '../cluster/kubelet/kubelet.ts';
import { runEffects, startEtcd, startLbUnit, stopEtcd, stopLbUnit, type World } from '../simulation/world.ts';
import { criFor } from '../simulation/podnet.ts';
import type { CommandIO, Program } from './session.ts';

const UNIT_DESCRIPTIONS: Record<string, { description: string; docs: string; path: string }> = {
  etcd: { description: 'etcd key-value store', docs: 'https://etcd.io/docs/v3.5/', path: '/etc/systemd/system/etcd.service' },
  kubelet: { description: 'kubelet: The Kubernetes Node Agent', docs: 'https://kubernetes.io/docs/', path: '/usr/lib/systemd/system/kubelet.service' },
  containerd: { description: 'containerd container runtime', docs: 'https://containerd.io', path: '/usr/lib/systemd/system/containerd.service' },
  // The units the distribution packages install (kubeadm HA guide option 1: apt install haproxy keepalived).
  haproxy: { description: 'HAProxy Load Balancer', docs: 'man:haproxy(1)', path: '/usr/lib/systemd/system/haproxy.service' },
  keepalived: { description: 'Keepalive Daemon (LVS and VRRP)', docs: 'man:keepalived(8)', path: '/usr/lib/systemd/system/keepalived.service' },
};

function unitRunning(w: World, host: string, unit: string): boolean {
  if (unit === 'etcd') return w.etcd[host]?.status === 'running';
  if (unit === 'kubelet') return w.kubelets[host]?.status === 'running';
  if (unit === 'containerd') return Boolean(w.runtimes[host]?.running);
  if (unit === 'haproxy') return w.haproxies[host]?.status === 'running';
  if (unit === 'keepalived') return w.keepaliveds[host]?.status === 'running';
  return false;
}

function setKubelet(w: World, host: string, run: boolean, reason: string): void {
  const k = w.kubelets[host];
  if (!k) return;
  const sink = newSink(w.kernel.now);
  const rt = w.runtimes[host];
  if (run) startKubelet(k, sink, rt ? criFor(w, rt, sink) : undefined);
  else stopKubelet(k, reason, sink);
  runEffects(w, sink.effects);
}

export function* systemctl(args: string[], io: CommandIO): Program {
  const [verb, unitArg] = args.filter((a) => !a.startsWith('-'));
  const w = io.session.world;
  const hostName = io.session.host;
  const unit = (unitArg ?? '').replace(/\.service$/, '');
  if (!verb) {
    io.err('systemctl: this simplified systemd knows start, stop, restart, status, enable, disable and cat\n');
    return 1;
  }
  const installed = (w.units[hostName] ?? []).includes(unit) && Boolean(UNIT_DESCRIPTIONS[unit]);
  if (!installed) {
    io.err(`Failed to ${verb} ${unit || '(none)'}.service: Unit ${unit || '(none)'}.service ${verb === 'status' ? 'could not be found' : 'not found'}.\n`);
    if (unit === 'etcd' && w.etcd[hostName]) io.err(`(k8sim: on this kubeadm host etcd runs as a static pod: move /etc/kubernetes/manifests/etcd.yaml away to stop it, and back to start it.)\n`);
    return verb === 'status' ? 4 : 5;
  }
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart': {
      if (unit === 'etcd') {
        if (verb !== 'start') stopEtcd(w, hostName, `stopped by systemctl ${verb}`);
        if (verb !== 'stop' && startEtcd(w, hostName)) {
          io.err(`Job for etcd.service failed because the control process exited with error code.\nSee "systemctl status etcd.service" and "journalctl -xeu etcd.service" for details.\n`);
          return 1;
        }
        return 0;
      }
      if (unit === 'kubelet') {
        if (verb !== 'start') setKubelet(w, hostName, false, `stopped by systemctl ${verb} (containers keep running)`);
        if (verb !== 'stop') setKubelet(w, hostName, true, '');
        return 0;
      }
      if (unit === 'haproxy' || unit === 'keepalived') {
        if (verb !== 'start') stopLbUnit(w, hostName, unit, `stopped by systemctl ${verb}`);
        if (verb !== 'stop' && startLbUnit(w, hostName, unit)) {
          io.err(`Job for ${unit}.service failed because the control process exited with error code.\nSee "systemctl status ${unit}.service" and "journalctl -xeu ${unit}.service" for details.\n`);
          return 1;
        }
        return 0;
      }
      io.err(`k8sim: stopping containerd is not modelled (its shims would keep the containers running).\n`);
      return 1;
    }
    case 'enable':
    case 'disable': {
      const m = w.etcd[hostName];
      if (unit === 'etcd' && m) m.enabled = verb === 'enable';
      const path = UNIT_DESCRIPTIONS[unit]!.path;
      if (verb === 'enable') io.err(`Created symlink /etc/systemd/system/multi-user.target.wants/${unit}.service → ${path}.\n`);
      else io.err(`Removed "/etc/systemd/system/multi-user.target.wants/${unit}.service".\n`);
      return 0;
    }
    case 'cat': {
      const d = UNIT_DESCRIPTIONS[unit]!;
      const f = w.hosts[hostName]!.fs[d.path];
      io.out(`# ${d.path}\n` + (f?.type === 'file' ? f.content : `[Unit]\nDescription=${d.description}\nDocumentation=${d.docs}\n`));
      return 0;
    }
    case 'status': {
      const d = UNIT_DESCRIPTIONS[unit]!;
      const running = unitRunning(w, hostName, unit);
      const m = w.etcd[hostName];
      const enabled = unit === 'etcd' ? m?.enabled !== false : true;
      io.out(`${running ? '●' : '○'} ${unit}.service - ${d.description}\n`);
      io.out(`     Loaded: loaded (${d.path}; ${enabled ? 'enabled' : 'disabled'}; preset: enabled)\n`);
      const lbFailed = (unit === 'haproxy' && w.haproxies[hostName]?.status === 'failed') || (unit === 'keepalived' && w.keepaliveds[hostName]?.status === 'failed');
      const exitReason = unit === 'etcd' ? m?.exitReason : lbFailed ? 'failed' : null;
      const startedAtMs = unit === 'haproxy' ? w.haproxies[hostName]?.startedAtMs : unit === 'keepalived' ? w.keepaliveds[hostName]?.startedAtMs : undefined;
      const since = startedAtMs !== undefined ? `since ${strftime('%a %Y-%m-%d %T UTC', startedAtMs)}; ${timespan(w.kernel.now - startedAtMs)} ago` : `since ${formatVirtualTime(w.kernel.now)} ago`;
      io.out(running ? `     Active: active (running) ${since}\n` : `     Active: ${exitReason && !exitReason.startsWith('stopped') ? 'failed (Result: exit-code)' : 'inactive (dead)'}\n`);
      io.out(`       Docs: ${d.docs}\n`);
      if (!running && exitReason && unit === 'etcd') io.out(`\n${hostName} etcd[812]: ${exitReason}\n`);
      if (unit === 'haproxy' && running) io.out(`   Main PID: ${w.haproxies[hostName]!.pid} (haproxy)\n`);
      if (unit === 'keepalived' && running) io.out(`   Main PID: ${w.keepaliveds[hostName]!.pid} (keepalived)\n`);
      if (unit === 'kubelet' || unit === 'haproxy' || unit === 'keepalived') {
        const lines = unitJournal(w, hostName, unit).slice(-5);
        if (unit !== 'kubelet' && lines.length) io.out('\n');
        for (const l of lines) io.out(`${l}\n`);
      }
      return running ? 0 : 3;
    }
    default:
      io.err(`Unknown command verb ${verb}.\n`);
      return 1;
  }
}

/** systemd's format_timespan at 1 s accuracy: `3s`, `1min 5s`, `2h 3min 4s`, `1d 2h`. */
export function timespan(ms: number): string {
  let sec = Math.floor(ms / 1000);
  if (sec === 0) return '0';
  const parts: string[] = [];
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]] as const) {
    if (sec >= n) {
      parts.push(`${Math.floor(sec / n)}${unit}`);
      sec %= n;
    }
  }
  return parts.join(' ');
}

/** The kubelet's journal lines: `Nov 22 00:00:03 cp-1 kubelet[742]: E1122 00:00:03.123456     742 kubelet.go:1] "..."`. */
function journal(w: World, host: string): string[] {
  const k = w.kubelets[host];
  if (!k) return [];
  return k.log.map((l) => {
    // journald's prefix, then klog's header: level, MMDD, time with microseconds.
    const micros = strftime('%N', l.atMs).slice(0, 6);
    return `${strftime('%b %d %T', l.atMs)} ${host} kubelet[742]: ${l.level}${strftime('%m%d %T', l.atMs)}.${micros}     742 kubelet.go:0] ${l.text}`;
  });
}

/** A unit's journal lines: the kubelet's klog lines, or HAProxy's / keepalived's (and systemd's about them). */
function unitJournal(w: World, host: string, unit: string): string[] {
  if (unit === 'kubelet') return journal(w, host);
  const p = unit === 'haproxy' ? w.haproxies[host] : unit === 'keepalived' ? w.keepaliveds[host] : undefined;
  if (!p) return [];
  return p.journal.map((l) => `${strftime('%b %d %T', l.atMs)} ${host} ${l.ident}: ${l.text}`);
}

export function* journalctl(args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const unitIdx = args.findIndex((a) => a === '-u' || a === '--unit');
  const unit = (unitIdx >= 0 ? args[unitIdx + 1] : args.find((a) => a.startsWith('--unit='))?.slice(7) ?? '')?.replace(/\.service$/, '');
  if (unit !== 'kubelet' && unit !== 'haproxy' && unit !== 'keepalived') {
    io.err(unit ? `-- No entries --\n` : 'k8sim: journalctl shows a unit\'s journal: journalctl -u kubelet (haproxy, keepalived on the lb hosts)\n');
    return unit ? 0 : 1;
  }
  const nIdx = args.findIndex((a) => a === '-n' || a === '--lines');
  const lines = unitJournal(w, io.session.host, unit);
  const shown = nIdx >= 0 ? lines.slice(-Number(args[nIdx + 1] ?? 10)) : lines;
  if (shown.length === 0) io.out('-- No entries --\n');
  for (const l of shown) io.out(`${l}\n`);
  return 0;
}
