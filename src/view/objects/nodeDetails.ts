/**
 * What the node inspector shows for a node: its kube-proxy (running or not, syncs so far) and its
 * kernel's IPVS table as `ipvsadm -Ln` prints it, with the latest changes kube-proxy made to it
 * and why. Read on demand for the one selected node, never per frame for every node.
 */
import type { TraceRecord } from '../../kernel/trace.ts';
import { ipvsadmList } from '../../cluster/kube-proxy/ipvs.ts';
import type { World } from '../../simulation/world.ts';

export interface NodeDetails {
  host: string;
  /** kube-proxy on this node: absent (not a node), stopped (its pod's container is not running), running. */
  kubeProxy: 'absent' | 'stopped' | 'running';
  syncs: number;
  /** `ipvsadm -Ln`, or null before kube-proxy ever ran here (the kernel has no IPVS state). */
  ipvs: string | null;
  /** The last IPVS changes kube-proxy made on this node, newest last. */
  changes: TraceRecord[];
}

const CHANGES_SHOWN = 8;

export function nodeDetails(w: World, host: string): NodeDetails | null {
  if (!w.kubelets[host]) return null;
  const p = w.kubeProxies[host];
  const ipvs = w.ipvs[host];
  const source = `${host}/kube-proxy`;
  const changes: TraceRecord[] = [];
  const records = w.kernel.trace.records;
  for (let i = records.length - 1; i >= 0 && changes.length < CHANGES_SHOWN; i--) {
    const r = records[i]!;
    if (r.source === source && r.kind === 'ipvs.change') changes.unshift(r);
  }
  return {
    host,
    kubeProxy: !p ? 'absent' : p.status === 'running' ? 'running' : 'stopped',
    syncs: p?.syncCount ?? 0,
    ipvs: ipvs ? ipvsadmList(ipvs.table, { numeric: true }).stdout : null,
    changes,
  };
}
