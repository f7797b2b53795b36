/**
 * Message animation: which messages to draw and where, as a pure function of the view snapshot.
 * Only what the model sent is drawn: packets in flight (from `view.inFlight`, positioned by
 * virtual time between sentAt and arriveAt) and, so that a 1 ms LAN hop is visible at all,
 * a short fading mark at the receiver for Raft messages that arrived in the last moments
 * (from the `raft.send` trace records).
 */
import type { TraceRecord } from '../kernel/trace.ts';
import type { MessageView } from '../store/simulationStore.ts';

export type MessageClass = 'heartbeat' | 'heartbeat-resp' | 'app' | 'app-resp' | 'vote' | 'vote-resp' | 'snap' | 'client' | 'client-resp' | 'kube' | 'kube-resp' | 'kube-watch' | 'other';

/** Classifies a message by its kind and summary (`MsgApp term=2 …`). */
export function classifyMessage(kind: string, summary: string): MessageClass {
  if (kind === 'etcd.request') return 'client';
  if (kind === 'etcd.response') return 'client-resp';
  // Kubernetes API traffic (clients ↔ kube-apiserver on 6443): requests, responses, watch frames.
  if (kind === 'kube.request') return 'kube';
  if (kind === 'kube.response') return 'kube-resp';
  if (kind === 'kube.watch') return 'kube-watch';
  const type = summary.split(' ', 1)[0] ?? '';
  switch (type) {
    case 'MsgHeartbeat':
      return 'heartbeat';
    case 'MsgHeartbeatResp':
      return 'heartbeat-resp';
    case 'MsgApp':
      return 'app';
    case 'MsgAppResp':
      return 'app-resp';
    case 'MsgVote':
    case 'MsgPreVote':
    case 'MsgTimeoutNow':
      return 'vote';
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return 'vote-resp';
    case 'MsgSnap':
      return 'snap';
    default:
      return 'other';
  }
}

export const MESSAGE_COLORS: Record<MessageClass, string> = {
  heartbeat: '#9aa4b2',
  'heartbeat-resp': '#c9d1db',
  app: '#3b8cff',
  'app-resp': '#8dbaff',
  vote: '#ff9a2e',
  'vote-resp': '#ffc98a',
  snap: '#d46bff',
  client: '#3ccf91',
  'client-resp': '#9ce8c6',
  kube: '#f5c542',
  'kube-resp': '#f7dc8c',
  'kube-watch': '#ff7eb6',
  other: '#e0e0e0',
};

export interface MessageDot {
  key: string;
  from: string;
  to: string;
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
  cls: MessageClass;
  summary: string;
  /** 1 while in flight; fades towards 0 after arrival. */
  opacity: number;
}

/**
 * The dots to draw at virtual time `nowMs`. `fadeMs` is how long (virtual ms) an arrived
 * Raft message leaves a fading mark at its receiver; the caller scales it with the speed.
 */
export function messageDots(inFlight: readonly MessageView[], trace: readonly TraceRecord[], nowMs: number, fadeMs: number): MessageDot[] {
  const out: MessageDot[] = [];
  const seen = new Set<number>();
  for (const m of inFlight) {
    if (m.from === m.to) continue;
    seen.add(m.id);
    const span = m.arriveAt - m.sentAt;
    const progress = span <= 0 ? 1 : Math.min(1, Math.max(0, (nowMs - m.sentAt) / span));
    out.push({ key: `m${m.id}`, from: m.from, to: m.to, progress, cls: classifyMessage(m.kind, m.summary), summary: m.summary, opacity: 1 });
  }
  if (fadeMs > 0) {
    for (const r of trace) {
      if (r.kind !== 'raft.send' || !r.target || r.target === r.source) continue;
      const id = Number(r.data?.msg);
      const arriveAt = Number(r.data?.arriveAt);
      if (seen.has(id) || !Number.isFinite(arriveAt) || arriveAt > nowMs) continue;
      const age = nowMs - arriveAt;
      if (age > fadeMs) continue;
      out.push({ key: `m${id}`, from: r.source, to: r.target, progress: 1, cls: classifyMessage('raft', r.summary), summary: r.summary, opacity: 0.85 * (1 - age / fadeMs) });
    }
  }
  return out;
}
