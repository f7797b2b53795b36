/**
 * `curl` and `wget` typed on a host: the node's own network namespace. The tools are the ones the
 * container images ship (cluster/runtime/programs/sh/net.ts: their options, messages and output),
 * run here against the host's network instead of a pod's:
 *
 * - names come from the host's resolver, which knows the cluster's machines (`/etc/hosts`) and
 *   not `*.svc.cluster.local` — only pods point at CoreDNS — so `curl http://web` fails with
 *   `Could not resolve host` while `curl http://<ClusterIP>` works;
 * - a ClusterIP goes through this node's IPVS table (kube-proxy binds Service addresses to
 *   kube-ipvs0 on every node), a pod IP over the pod network, `https://<cp>:6443/healthz` to the
 *   apiserver's host-network pod (TLS is not modelled: `-k` is accepted and changes nothing).
 *
 * Simplified: the hosts' own curl version is not recorded, so `curl -v` on a host says so rather
 * than print another version's trace; a request takes no virtual time.
 */
import type { DnsResult, HttpResult, ProgramContext } from '../cluster/runtime/programs/types.ts';
import type { ShState, Thread, UtilState } from '../cluster/runtime/programs/sh/state.ts';
import { NET_UTILITIES, parseUrl } from '../cluster/runtime/programs/sh/net.ts';
import type { UtilCtx, UtilOutcome } from '../cluster/runtime/programs/sh/util.ts';
import { httpFromHost } from '../simulation/podnet.ts';
import type { World } from '../simulation/world.ts';
import { normalizePath } from '../cluster/host/host.ts';
import type { CommandIO, Program } from './session.ts';

/** What the host's resolver answers for a name: the cluster's machines by name, nothing else. */
export function resolveOnHost(w: World, name: string): DnsResult {
  const ip = name === 'localhost' ? '127.0.0.1' : w.hosts[name]?.ip;
  return ip ? { ok: true, name, addresses: [ip], server: '127.0.0.53' } : { ok: false, error: 'NXDOMAIN', server: '127.0.0.53' };
}

function hostTool(tool: 'curl' | 'wget') {
  return function* (args: string[], io: CommandIO): Program {
    const w = io.session.world;
    const host = io.session.host;
    if (tool === 'curl' && args.some((a) => a === '-v' || a === '--verbose' || (/^-[a-zA-Z]+$/.test(a) && a.includes('v')))) {
      io.err("curl: k8sim does not model -v for the hosts' curl (its version is not recorded); a container's curl has it (kubectl exec POD -- curl -v ...)\n");
      return 2;
    }
    const files: Record<string, string> = {};
    // The few parts of the container shell's context these two tools read: who they are (no
    // dash: not the Debian curl), the working directory for -o, and a file table for -o / -O.
    const u: UtilCtx = {
      sh: { binaries: [], image: 'host' } as unknown as ShState,
      th: { cwd: io.session.cwd } as unknown as Thread,
      ctx: { fs: { files } } as unknown as ProgramContext,
      host: undefined as unknown as UtilCtx['host'],
      name: tool,
      line: 1,
      env: {},
      out: io.out,
      err: io.err,
      stdin: () => io.stdin,
      shellErr: io.err,
    };
    const utility = NET_UTILITIES[tool]!;
    let outcome: UtilOutcome = utility.start(u, args);
    while ('block' in outcome) {
      const { block, state } = outcome;
      if (block.kind === 'sleep') {
        // A timeout the tool reports only once it has passed (the resolver's, the kernel's SYN retries, -m).
        yield { type: 'until', atMs: w.kernel.now + block.ms };
        outcome = utility.cont!(u, state);
        continue;
      }
      let result: DnsResult | HttpResult;
      if (block.kind === 'dns') result = resolveOnHost(w, block.name);
      else if (block.kind === 'http') result = httpFromHost(w, host, block.url, block.ip ?? parseUrl(block.url)?.host ?? '', block.headers);
      else break;
      (state as UtilState)['result'] = result;
      outcome = utility.cont!(u, state);
    }
    // Files the tool wrote (-o FILE, wget's saved page) land on the host's disk.
    const fs = w.hosts[host]!.fs;
    for (const [path, content] of Object.entries(files)) fs[normalizePath(io.session.cwd, path)] = { type: 'file', content };
    return 'status' in outcome ? outcome.status : 1;
  };
}

export const curl = hostTool('curl');
export const wget = hostTool('wget');
