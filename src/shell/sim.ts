/**
 * `sim` built-ins: faults and time, for trainers and scenarios. Each prints what it did, and the
 * app's fault menu issues exactly these commands in the terminal so users see them.
 */
import { formatTraceRecord, formatVirtualTime } from '../kernel/index.ts';
import { setLink } from '../cluster/network/network.ts';
import { bootHost, crashHost, type World } from '../simulation/world.ts';
import { httpFromSandbox } from '../simulation/podnet.ts';
import type { RtSandbox } from '../cluster/runtime/containerd.ts';
import { etcdFacts } from '../simulation/facts.ts';
import { runLine, waitSatisfied, type CommandIO, type OutputLine, type Program, type Wait } from './session.ts';
import { byteOrderCompare } from './kubectl/gojson.ts';

const USAGE = `Usage: sim COMMAND
  status                      virtual time, seed, preset, hosts, network, etcd members
  crash HOST                  power off a host (processes lose their memory; the disk survives)
  boot HOST                   power a host back on (enabled services start)
  partition A,B / C,D         split the network into groups that cannot reach each other
  partition HOST              isolate one host from all others
  heal                        remove every partition
  latency A B MS              one-way latency between two hosts
  loss A B PERCENT            drop this percentage of packets between two hosts
  trace [N]                   the last N trace records (default 20)
  load [-n NS] POD URL [--rate N] [--for SECONDS] [--at SECONDS 'COMMAND']...
                              send GET URL from a pod N times a second (default 10, for 30 s)
                              and count which pods answered and which requests failed; --at
                              runs a command that many seconds in (a rollout, a fault)
`;

export function* sim(args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const [verb, ...rest] = args;
  switch (verb) {
    case 'status':
      io.out(simStatus(w));
      return 0;
    case 'crash':
    case 'boot':
      return yield* hostFault(w, verb, rest, io);
    case 'partition':
      return yield* partition(w, rest, io);
    case 'heal':
      w.network.partition = [];
      io.out('network healed: every host can reach every other host\n');
      return 0;
    case 'latency':
    case 'loss':
      return yield* linkFault(w, verb, rest, io);
    case 'load':
      return yield* load(w, rest, io);
    case 'trace': {
      const n = Number(rest[0] ?? 20);
      const recs = w.kernel.trace.records;
      for (const r of recs.slice(Math.max(0, recs.length - n))) io.out(formatTraceRecord(r) + '\n');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      io.out(USAGE);
      return verb === undefined ? 1 : 0;
    default:
      io.err(`sim: unknown command "${verb}"\n${USAGE}`);
      return 1;
  }
}

function unknownHost(w: World, name: string, io: CommandIO): number {
  io.err(`sim: unknown host "${name}" (hosts: ${w.hostOrder.join(', ')})\n`);
  return 1;
}

function* hostFault(w: World, verb: 'crash' | 'boot', rest: string[], io: CommandIO): Program {
  if (rest.length === 0) {
    io.err(`sim ${verb}: missing HOST\n`);
    return 1;
  }
  for (const name of rest) if (!w.hosts[name]) return unknownHost(w, name, io);
  for (const name of rest) {
    const h = w.hosts[name]!;
    if (verb === 'crash') {
      if (!h.up) io.out(`${name} is already down\n`);
      else {
        crashHost(w, name);
        io.out(`${name} crashed at ${formatVirtualTime(w.kernel.now)}\n`);
      }
    } else if (h.up) io.out(`${name} is already up\n`);
    else {
      bootHost(w, name);
      io.out(`${name} booted at ${formatVirtualTime(w.kernel.now)}${w.etcd[name] ? ' (etcd starting)' : ''}\n`);
    }
  }
  return 0;
}

/** Parses `A,B / C,D` (spaces optional) or a single host to isolate. */
export function parsePartition(w: World, words: string[]): string[][] | { error: string } {
  const text = words.join(' ');
  if (text.trim() === '') return { error: 'sim partition: missing groups, e.g. sim partition cp-1 / cp-2,cp-3' };
  let groups = text.split('/').map((g) => g.split(/[\s,]+/).filter(Boolean));
  if (groups.some((g) => g.length === 0)) return { error: `sim partition: empty group in "${text}"` };
  for (const g of groups) for (const h of g) if (!w.hosts[h]) return { error: `sim: unknown host "${h}" (hosts: ${w.hostOrder.join(', ')})` };
  const seen = new Set<string>();
  for (const g of groups)
    for (const h of g) {
      if (seen.has(h)) return { error: `sim partition: host "${h}" is in two groups` };
      seen.add(h);
    }
  if (groups.length === 1) groups = [groups[0]!, w.hostOrder.filter((h) => !seen.has(h))];
  return groups;
}

function* partition(w: World, rest: string[], io: CommandIO): Program {
  const groups = parsePartition(w, rest);
  if ('error' in groups) {
    io.err(groups.error + '\n');
    return 1;
  }
  w.network.partition = groups;
  io.out(`network partitioned: ${groups.map((g) => `{${g.join(', ')}}`).join(' | ')}\n`);
  return 0;
}

function* linkFault(w: World, verb: 'latency' | 'loss', rest: string[], io: CommandIO): Program {
  const [a, b, v] = rest;
  if (a === undefined || b === undefined || v === undefined) {
    io.err(`sim ${verb}: usage: sim ${verb} A B ${verb === 'latency' ? 'MS' : 'PERCENT'}\n`);
    return 1;
  }
  for (const h of [a, b]) if (!w.hosts[h]) return unknownHost(w, h, io);
  const n = Number(v.replace(/ms$|%$/, ''));
  if (!Number.isInteger(n) || n < 0 || (verb === 'loss' && n > 100)) {
    io.err(`sim ${verb}: invalid value "${v}" (${verb === 'latency' ? 'whole milliseconds' : 'a whole percentage 0-100'})\n`);
    return 1;
  }
  if (verb === 'latency') {
    setLink(w.network, a, b, { latencyMs: n });
    io.out(`latency ${a} <-> ${b}: ${n} ms one way\n`);
  } else {
    setLink(w.network, a, b, { lossPercent: n });
    io.out(`loss ${a} <-> ${b}: ${n}%\n`);
  }
  return 0;
}


export function simStatus(w: World): string {
  const out: string[] = [];
  out.push(`virtual time: ${formatVirtualTime(w.kernel.now)}   seed: ${w.seed}   preset: ${w.preset}`);
  out.push('');
  out.push('HOST        ADDRESS     STATE   ROLE');
  for (const name of w.hostOrder) {
    const h = w.hosts[name]!;
    out.push(`${name.padEnd(12)}${h.ip.padEnd(12)}${(h.up ? 'up' : 'down').padEnd(8)}${h.role}`);
  }
  out.push('');
  out.push(`network: ${w.network.partition.length === 0 ? 'healed' : 'partitioned ' + w.network.partition.map((g) => `{${g.join(', ')}}`).join(' | ')}`);
  for (const [key, link] of Object.entries(w.network.links)) {
    out.push(`  link ${key.replace('|', ' <-> ')}: latency ${link.latencyMs} ms, loss ${link.lossPercent}%`);
  }
  const facts = etcdFacts(w);
  if (facts.length > 0) {
    out.push('');
    out.push('ETCD MEMBER  HOST        STATE     ROLE           TERM  COMMIT  APPLIED');
    for (const f of facts) {
      out.push(`${f.name.padEnd(13)}${f.host.padEnd(12)}${(f.running ? 'running' : 'stopped').padEnd(10)}${(f.running ? f.role : '-').padEnd(15)}${String(f.term).padEnd(6)}${String(f.commit).padEnd(8)}${f.applied}`);
    }
  }
  // The nodes' own view: what containerd on each node runs, whether or not the API can be asked.
  const runs = w.hostOrder.flatMap((host) => {
    const rt = w.runtimes[host];
    if (!rt || !w.hosts[host]?.up) return [];
    return Object.values(rt.sandboxes)
      .filter((sb) => sb.state === 'SANDBOX_READY')
      .map((sb) => {
        const containers = Object.values(rt.containers).filter((c) => c.sandboxId === sb.id);
        const latest = new Map<string, (typeof containers)[number]>();
        for (const c of containers) if (!latest.has(c.name) || latest.get(c.name)!.attempt < c.attempt) latest.set(c.name, c);
        const running = [...latest.values()].filter((c) => c.state === 'CONTAINER_RUNNING').length;
        const restarts = [...latest.values()].reduce((n, c) => n + c.attempt, 0);
        return { host, key: `${sb.namespace}/${sb.name}`, state: `${running}/${latest.size} running`, restarts };
      })
      .sort((a, b) => byteOrderCompare(a.key, b.key));
  });
  if (runs.length > 0) {
    out.push('');
    const width = Math.max(24, ...runs.map((r) => r.key.length + 2));
    out.push(`NODE        ${'POD'.padEnd(width)}CONTAINERS      RESTARTS`);
    for (const r of runs) out.push(`${r.host.padEnd(12)}${r.key.padEnd(width)}${r.state.padEnd(16)}${r.restarts}`);
  }
  return out.join('\n') + '\n';
}

/** A pod's live sandbox, wherever it runs (its node must be up). */
function podSandbox(w: World, namespace: string, name: string): RtSandbox | null {
  for (const host of w.hostOrder) {
    const rt = w.runtimes[host];
    if (!rt || !w.hosts[host]?.up) continue;
    for (const sb of Object.values(rt.sandboxes)) if (sb.namespace === namespace && sb.name === name && sb.state === 'SANDBOX_READY') return sb;
  }
  return null;
}

/** How often `sim load` prints a progress line (virtual ms). */
const LOAD_REPORT_EVERY_MS = 5000;

/**
 * `sim load POD URL`: a steady stream of GETs from a pod, as a load generator in that pod would
 * send them, each one the whole path (DNS, IPVS on the pod's node, the pod network, the program
 * that answers). Every 5 s a line says what came back; at the end, a table of who answered.
 * Watch a readiness failure or a rolling update (with and without a preStop delay) from the
 * client's side: which requests failed and when.
 */
function* load(w: World, rest: string[], io: CommandIO): Program {
  let namespace = 'default';
  let rate = 10;
  let forSeconds = 30;
  const words: string[] = [];
  const at: { ms: number; line: string }[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => rest[++i];
    if (a === '-n' || a === '--namespace') namespace = value() ?? '';
    else if (a === '--rate') rate = Number(value());
    else if (a === '--for') forSeconds = Number(String(value()).replace(/s$/, ''));
    else if (a === '--at') {
      const seconds = Number(String(value()).replace(/s$/, ''));
      const line = value();
      if (!Number.isFinite(seconds) || seconds < 0 || !line) {
        io.err("sim load: --at wants a number of seconds and a command, e.g. --at 5 'kubectl rollout restart deployment web'\n");
        return 1;
      }
      at.push({ ms: seconds * 1000, line });
    }
    else if (a.startsWith('-')) {
      io.err(`sim load: unknown flag ${a}\n${USAGE}`);
      return 1;
    } else words.push(a);
  }
  const [pod, url] = words;
  if (!pod || !url || words.length > 2) {
    io.err(`sim load: want a pod and a URL\n${USAGE}`);
    return 1;
  }
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) {
    io.err('sim load: --rate must be between 1 and 1000 requests a second\n');
    return 1;
  }
  if (!Number.isFinite(forSeconds) || forSeconds <= 0) {
    io.err('sim load: --for must be a positive number of seconds\n');
    return 1;
  }
  if (!podSandbox(w, namespace, pod)) {
    io.err(`sim load: pod ${namespace}/${pod} has no running sandbox on a node that is up\n`);
    return 1;
  }
  const intervalMs = Math.max(1, Math.round(1000 / rate));
  const startMs = w.kernel.now;
  const endMs = startMs + forSeconds * 1000;
  io.out(`GET ${url} from pod ${namespace}/${pod}, ${rate} a second for ${forSeconds}s\n`);
  const answered = new Map<string, number>();
  const failed = new Map<string, number>();
  let window = { ok: 0, failed: 0, by: new Map<string, number>() };
  let sent = 0;
  let nextReport = startMs + LOAD_REPORT_EVERY_MS;
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const report = (atMs: number) => {
    const by = [...window.by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k.replace(/^[^/]*\//, '')} ${n}`);
    io.out(`  ${formatVirtualTime(atMs - startMs).padStart(8)}  ok ${String(window.ok).padEnd(4)} failed ${String(window.failed).padEnd(4)} ${by.join('  ')}\n`);
    window = { ok: 0, failed: 0, by: new Map() };
  };
  // Commands run beside the load (`--at`), driven a step whenever what they wait for has happened.
  const pending = [...at].sort((x, y) => x.ms - y.ms);
  const running: { program: Program; wait: Wait | null; out: OutputLine[]; shown: number; done: boolean }[] = [];
  const drive = () => {
    while (pending.length > 0 && w.kernel.now >= startMs + pending[0]!.ms) {
      const { line } = pending.shift()!;
      io.out(`  ${formatVirtualTime(w.kernel.now - startMs).padStart(8)}  $ ${line}\n`);
      const out: OutputLine[] = [];
      running.push({ program: runLine(io.session, line, out), wait: null, out, shown: 0, done: false });
    }
    for (const r of running) {
      while (!r.done && (r.wait === null || waitSatisfied(io.session, r.wait))) {
        const step = r.program.next();
        if (step.done) r.done = true;
        else r.wait = step.value;
      }
      for (; r.shown < r.out.length; r.shown++) {
        const chunk = r.out[r.shown]!;
        const text = chunk.text.replace(/\n$/, '').replace(/^/gm, '            ');
        (chunk.stream === 'err' ? io.err : io.out)(`${text}\n`);
      }
    }
  };
  for (let t = startMs; t < endMs; t += intervalMs) {
    if (t > w.kernel.now) yield { type: 'until', atMs: t };
    drive();
    while (w.kernel.now >= nextReport) {
      report(nextReport);
      nextReport += LOAD_REPORT_EVERY_MS;
    }
    sent++;
    const sb = podSandbox(w, namespace, pod);
    const r = sb ? httpFromSandbox(w, sb, url) : ({ ok: false, error: 'the client pod is gone' } as const);
    if (r.ok && r.status < 500) {
      const who = r.servedBy ?? '?';
      bump(answered, who);
      bump(window.by, who);
      window.ok++;
    } else {
      bump(failed, r.ok ? `HTTP ${r.status}` : r.error);
      window.failed++;
    }
  }
  if (w.kernel.now < endMs) yield { type: 'until', atMs: endMs };
  while (nextReport <= endMs) {
    report(nextReport);
    nextReport += LOAD_REPORT_EVERY_MS;
  }
  const ok = [...answered.values()].reduce((a, b) => a + b, 0);
  io.out(`${sent} requests: ${ok} answered, ${sent - ok} failed\n`);
  const rows = [...answered].sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(11, ...rows.map(([k]) => k.length), ...[...failed.keys()].map((k) => k.length + 8));
  io.out(`  ${'ANSWERED BY'.padEnd(width)}  REQUESTS  SHARE\n`);
  for (const [who, n] of rows) io.out(`  ${who.padEnd(width)}  ${String(n).padStart(8)}  ${((n / sent) * 100).toFixed(1).padStart(5)}%\n`);
  for (const [why, n] of [...failed].sort(([a], [b]) => (a < b ? -1 : 1))) io.out(`  ${`failed: ${why}`.padEnd(width)}  ${String(n).padStart(8)}  ${((n / sent) * 100).toFixed(1).padStart(5)}%\n`);
  return 0;
}
