/**
 * Request animation: each HTTP request a pod made (`curl`, `wget`, `sim load`) is drawn as a dot
 * travelling from the client's node to the node of the pod that answered, through the hop that
 * chose it — the IPVS table of the node the connection left. Requests take no virtual time in the
 * model (podnet.ts answers them at once), so the animation runs for a fixed span after the request,
 * like the fading marks of Raft messages; the caller scales the span with the clock's speed.
 *
 * Pure: the trace records that podnet.ts writes (`traffic.ipvs`, `traffic.http` with their `data`)
 * in, the flights to draw out.
 */
import type { TraceRecord } from '../kernel/trace.ts';

export interface RequestFlight {
  key: string;
  /** The node the client pod runs on. */
  fromHost: string;
  /** The node whose IPVS table chose the backend (a Service address), if any. */
  viaHost: string | null;
  /** The node the answering pod runs on. */
  toHost: string;
  /** `namespace/name` of the pod that answered (or refused). */
  pod: string;
  /** HTTP status, 0 when the connection was refused. */
  status: number;
  /** 0 → 1 over the span. */
  progress: number;
  summary: string;
}

/** At most this many flights at once: a `sim load` at 1000/s must not draw thousands of dots. */
export const MAX_FLIGHTS = 24;

export function requestFlights(log: readonly TraceRecord[], nowMs: number, spanMs: number): RequestFlight[] {
  const out: RequestFlight[] = [];
  const byId = new Map<number, TraceRecord>();
  for (const r of log) byId.set(r.id, r);
  for (let i = log.length - 1; i >= 0 && out.length < MAX_FLIGHTS; i--) {
    const r = log[i]!;
    if (r.kind !== 'traffic.http' || !r.data) continue;
    const age = nowMs - r.t;
    if (age < 0) continue;
    if (age > spanMs) break;
    const { fromHost, toHost, pod, status } = r.data;
    if (typeof toHost !== 'string' || typeof pod !== 'string') continue;
    // The hop that chose the backend: the IPVS record up the cause chain (a flannel hop may sit between).
    let via = r.cause !== undefined ? byId.get(r.cause) : undefined;
    for (let k = 0; via && via.kind !== 'traffic.ipvs' && k < 3; k++) via = via.cause !== undefined ? byId.get(via.cause) : undefined;
    const viaHost = via?.kind === 'traffic.ipvs' && typeof via.data?.['node'] === 'string' ? via.data['node'] : null;
    out.push({
      key: `req${r.id}`,
      fromHost: typeof fromHost === 'string' ? fromHost : toHost,
      viaHost,
      toHost,
      pod,
      status: typeof status === 'number' ? status : 0,
      progress: spanMs <= 0 ? 1 : Math.min(1, age / spanMs),
      summary: `${r.source} → ${pod}: ${r.summary}`,
    });
  }
  return out.reverse();
}
