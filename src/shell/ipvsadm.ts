/**
 * ipvsadm (1.31, Debian) on the host the terminal is on: it reads and changes that node's kernel
 * IPVS table, the one kube-proxy programs (cluster/kube-proxy). Modelled: listing — `-L`/`-l`
 * (also the bare command), `-n`, `--stats`, `--rate`, `--nosort`, `--exact`, `-t`/`-u`
 * `ADDRESS:PORT` — and `-C` (clear every virtual service: kube-proxy puts them back at its next
 * sync, at most 30 s later). Other commands say they are not modelled.
 *
 * A host whose kernel has no ip_vs module loaded answers as a real one does (reference §13.6);
 * nodes load it (kube-proxy in IPVS mode needs it, and kubeadm's IPVS guide has it in
 * /etc/modules-load.d).
 */
import { advanceIpvs, createNodeIpvs } from '../cluster/kube-proxy/nodeIpvs.ts';
import { deleteVirtualServer, ipvsadmList, type IpvsProtocol } from '../cluster/kube-proxy/ipvs.ts';
import type { CommandIO, Program } from './session.ts';

const NO_IPVS = "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n";

export function* ipvsadm(args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const host = io.session.host;
  const opts: { numeric: boolean; stats: boolean; rate: boolean; nosort: boolean; service?: { protocol: IpvsProtocol; address: string; port: number } } = { numeric: false, stats: false, rate: false, nosort: false };
  let command: 'list' | 'clear' | null = null;
  const setCommand = (c: 'list' | 'clear'): boolean => {
    if (command && command !== c) {
      io.err('ipvsadm: multiple commands specified\n');
      return false;
    }
    command = c;
    return true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--list') {
      if (!setCommand('list')) return 2;
    } else if (a === '--numeric') opts.numeric = true;
    else if (a === '--stats') opts.stats = true;
    else if (a === '--rate') opts.rate = true;
    else if (a === '--nosort') opts.nosort = true;
    else if (a === '--exact') continue;
    else if (a === '--clear') {
      if (!setCommand('clear')) return 2;
    } else if (a === '--tcp-service' || a === '--udp-service' || a === '-t' || a === '-u') {
      const parsed = parseService(args[++i]);
      if (!parsed) return fail(io, `illegal virtual server address[:port] specified`);
      opts.service = { protocol: a === '-u' || a === '--udp-service' ? 'UDP' : 'TCP', ...parsed };
    } else if (/^-[A-Za-z]+$/.test(a)) {
      // Short options bundle (-Ln); -t/-u take the next word.
      for (const ch of a.slice(1)) {
        if (ch === 'L' || ch === 'l') {
          if (!setCommand('list')) return 2;
        } else if (ch === 'n') opts.numeric = true;
        else if (ch === 'C') {
          if (!setCommand('clear')) return 2;
        } else if (ch === 't' || ch === 'u') {
          const parsed = parseService(args[++i]);
          if (!parsed) return fail(io, `illegal virtual server address[:port] specified`);
          opts.service = { protocol: ch === 'u' ? 'UDP' : 'TCP', ...parsed };
        } else if ('AEDaedRSZs'.includes(ch)) {
          io.err(`ipvsadm: k8sim models listing (-L, -n, --stats, --rate, -t, -u) and -C; -${ch} is not modelled (kube-proxy owns this table)\n`);
          return 2;
        } else return fail(io, `invalid option \`-${ch}'`);
      }
    } else return fail(io, `invalid option \`${a}'`);
  }
  const isNode = !!w.kubelets[host];
  if (!isNode) {
    io.err(NO_IPVS);
    return 1;
  }
  const ipvs = (w.ipvs[host] ??= createNodeIpvs(w.kernel.now));
  advanceIpvs(ipvs, w.kernel.now);
  if (command === 'clear') {
    for (const key of [...ipvs.table.virtualServers.keys()]) deleteVirtualServer(ipvs.table, key);
    ipvs.table.gracefulDeleteList = [];
    return 0;
  }
  const out = ipvsadmList(ipvs.table, opts);
  io.out(out.stdout);
  if (out.stderr) io.err(out.stderr);
  return out.exitCode;
}

function parseService(word: string | undefined): { address: string; port: number } | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(word ?? '');
  if (!m) return null;
  return { address: m[1]!, port: m[2] ? Number(m[2]) : 0 };
}

function fail(io: CommandIO, message: string): number {
  io.err(`${message}\n`);
  return 2;
}
