/**
 * The structured trace: every step of the model leaves a record here. The UI's animations, the
 * event log and the golden tests all read this one stream; the UI never shows what is not in it.
 */
export interface TraceRecord {
  /** Virtual time in ms. */
  t: number;
  /** Position in the trace; `cause` refers to it. */
  id: number;
  /** Who did it: a host ('cp-1'), a process ('cp-1/etcd') or 'user'. */
  source: string;
  target?: string;
  /** Dotted kind, e.g. 'raft.send', 'raft.become', 'net.drop', 'host.crash'. */
  kind: string;
  summary: string;
  cause?: number;
  data?: Record<string, string | number | boolean | null>;
}

export interface Trace {
  records: TraceRecord[];
  nextId: number;
  /** Records older than this many are dropped from memory (the count keeps going). 0 = keep all. */
  keepLast: number;
}

export function createTrace(keepLast = 0): Trace {
  return { records: [], nextId: 0, keepLast };
}

export function appendTrace(trace: Trace, rec: Omit<TraceRecord, 'id'>): number {
  const id = trace.nextId++;
  pushTraceRecord(trace, { ...rec, id });
  return id;
}

/** Stores a finished record (its id taken from `trace.nextId++`), dropping old ones past keepLast. */
export function pushTraceRecord(trace: Trace, rec: TraceRecord): void {
  const records = trace.records;
  records.push(rec);
  if (trace.keepLast > 0 && records.length > trace.keepLast * 2) {
    records.splice(0, records.length - trace.keepLast);
  }
}

/** One line per record; the form golden tests compare and `sim trace` prints. */
export function formatTraceRecord(r: TraceRecord): string {
  const target = r.target ? ` -> ${r.target}` : '';
  return `${formatVirtualTime(r.t)} ${r.source}${target} ${r.kind}: ${r.summary}`;
}

/** 12.345s style, fixed width milliseconds. */
export function formatVirtualTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${s}.${String(ms % 1000).padStart(3, '0')}s`;
}
