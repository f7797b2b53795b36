/**
 * The event log's rows, as pure functions of the view snapshot: which trace records to show
 * (key events by default, everything on request), newest first, each with a colour tone and a
 * summary in which etcd member IDs are followed by the member's name.
 */
import { formatVirtualTime, type TraceRecord } from '../kernel/trace.ts';
import type { EtcdMemberFacts } from '../simulation/facts.ts';

export type EventLogMode = 'key' | 'all';

export { ROLE_KINDS, isKeyEvent, isNoise } from '../store/keyEvents.ts';
import { isKeyEvent } from '../store/keyEvents.ts';

export type EventTone = 'stepdown' | 'leader' | 'fault' | 'role' | 'vote' | 'etcd' | 'command' | 'traffic' | 'other';

export const TONE_COLORS: Record<EventTone, string> = {
  stepdown: '#ef5350',
  leader: '#f5c542',
  fault: '#ff9a2e',
  role: '#c39bff',
  vote: '#9d8ac9',
  etcd: '#4fb3d9',
  command: '#7fd6a4',
  traffic: '#6b7685',
  other: '#aab6c4',
};

/** A record's colour: step-downs and lost leaders red, new leaders gold, faults orange. */
export function eventTone(r: TraceRecord): EventTone {
  if (r.kind === 'raft.step-down' || r.kind === 'etcd.exit' || (r.kind === 'raft.lead' && r.summary.includes(' lost leader '))) return 'stepdown';
  if (r.kind === 'raft.elect' || r.kind === 'raft.lead' || (r.kind === 'raft.become' && r.summary.includes('became leader'))) return 'leader';
  if (r.kind.startsWith('host.') || (r.kind === 'shell.command' && /^sim\s+(crash|partition|latency|loss|kill|pause|stop)\b/.test(r.summary))) return 'fault';
  if (r.kind === 'raft.become' || r.kind === 'raft.campaign') return 'role';
  if (r.kind === 'raft.vote') return 'vote';
  if (r.kind.startsWith('etcd.')) return 'etcd';
  if (r.kind === 'shell.command') return 'command';
  if (r.kind.startsWith('raft.') || r.kind.startsWith('net.') || r.kind.startsWith('tcp.')) return 'traffic';
  return 'other';
}

export interface EventRow {
  key: number;
  time: string;
  source: string;
  kind: string;
  tone: EventTone;
  summary: string;
  /** The record as the trace has it (for the tooltip). */
  raw: string;
}

/** member ID → member name, for making summaries readable. */
export function memberNames(etcd: readonly Pick<EtcdMemberFacts, 'id' | 'name'>[]): Map<string, string> {
  return new Map(etcd.filter((m) => m.id).map((m) => [m.id, m.name]));
}

/** Writes each known member ID as the member's name (the row's tooltip keeps the real text). */
export function annotateIds(summary: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return summary;
  return summary.replace(/\b[0-9a-f]{16}\b/g, (id) => names.get(id) ?? id);
}

/**
 * Rows for the log, newest first. `log` is the store's event log (no heartbeats); `recent` the
 * latest raw records, merged in for mode 'all' so that it really shows every record lately.
 */
export function eventLogRows(log: readonly TraceRecord[], recent: readonly TraceRecord[], mode: EventLogMode, names: ReadonlyMap<string, string>, limit = 300): EventRow[] {
  let records: readonly TraceRecord[];
  if (mode === 'key') records = log.filter(isKeyEvent);
  else {
    const byId = new Map<number, TraceRecord>();
    for (const r of log) byId.set(r.id, r);
    for (const r of recent) byId.set(r.id, r);
    records = [...byId.values()].sort((a, b) => a.id - b.id);
  }
  const out: EventRow[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const r = records[i]!;
    out.push({
      key: r.id,
      time: formatVirtualTime(r.t),
      source: r.target && r.source === 'user' ? `user → ${r.target}` : r.source,
      kind: r.kind,
      tone: eventTone(r),
      summary: annotateIds(r.summary, names),
      raw: `${r.source}${r.target ? ` -> ${r.target}` : ''} ${r.kind}: ${r.summary}`,
    });
  }
  return out;
}
