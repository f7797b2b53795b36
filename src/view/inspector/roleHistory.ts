/**
 * The inspector's "why" list: a member's latest role changes from the trace (etcd's raft logger
 * lines: became …, stepped down …, elected leader …), each with a plain-language reason and,
 * where it can be told from the line, the role statechart's event that fired.
 */
import type { TraceRecord } from '../../kernel/trace.ts';
import type { EtcdMemberFacts } from '../../simulation/facts.ts';

export const ROLE_HISTORY_KINDS: readonly string[] = ['raft.become', 'raft.step-down', 'raft.elect', 'raft.lead'];
/** The etcd process's lifecycle, which bounds every role: listed with the role changes. */
const LIFECYCLE_KINDS: readonly string[] = ['etcd.start', 'etcd.stop', 'etcd.exit'];

export interface RoleExplanation {
  why: string;
  /** The role machine's event, when the line tells which one fired. */
  event?: string;
}

export interface RoleHistoryEntry extends RoleExplanation {
  record: TraceRecord;
}

const BECAME = /became (follower|pre-candidate|candidate|leader) at term (\d+)/;

/** What came just before a record, for telling why it happened. */
export interface RoleContext {
  /** The member's previous "became …" line. */
  previous?: TraceRecord;
  /** The member's previous record of any role kind (or its etcd.start). */
  last?: TraceRecord;
}

/** The member's last `n` role records (and etcd starts and stops), newest first, each explained. */
export function roleHistory(log: readonly TraceRecord[], host: string, n = 8): RoleHistoryEntry[] {
  const source = `${host}/etcd`;
  const ctx: RoleContext = {};
  const all: RoleHistoryEntry[] = [];
  for (const r of log) {
    if (r.source !== source) continue;
    if (LIFECYCLE_KINDS.includes(r.kind)) {
      all.push({ record: r, ...explainRole(r, ctx) });
      ctx.last = r;
      ctx.previous = undefined;
      continue;
    }
    if (!ROLE_HISTORY_KINDS.includes(r.kind)) continue;
    all.push({ record: r, ...explainRole(r, ctx) });
    ctx.last = r;
    if (r.kind === 'raft.become') ctx.previous = r;
  }
  return all.slice(-n).reverse();
}

/** Why a role record happened, given what the member did just before. */
export function explainRole(r: TraceRecord, ctx: RoleContext = {}): RoleExplanation {
  if (r.kind === 'etcd.start') return { why: 'The etcd process started from its data dir; Raft starts as a follower.' };
  if (r.kind === 'etcd.stop' || r.kind === 'etcd.exit') return { why: 'The etcd process is gone: no role until it starts again (its disk keeps term, vote and log).' };
  if (r.kind === 'raft.step-down') {
    if (r.summary.includes('quorum is not active')) return { why: 'Check-quorum: it heard from no majority within an election timeout, so it stops leading.', event: 'quorum.lost' };
    return { why: 'It stopped leading.' };
  }
  if (r.kind === 'raft.elect') return { why: 'It won the election: it leads this term.' };
  if (r.kind === 'raft.lead') {
    if (r.summary.includes(' lost leader ')) return { why: 'It knows no leader now: writes and linearizable reads wait.' };
    return { why: 'It heard from the new leader and follows it.' };
  }
  const m = BECAME.exec(r.summary);
  if (!m) return { why: '' };
  const role = m[1]!;
  const term = Number(m[2]);
  const before = ctx.previous ? BECAME.exec(ctx.previous.summary) : null;
  const prevRole = before?.[1];
  const prevTerm = before ? Number(before[2]) : undefined;
  switch (role) {
    case 'pre-candidate':
      return { why: 'Election timeout, no word from a leader: it asks for pre-votes first, keeping its term.', event: 'election.timeout.prevote' };
    case 'candidate':
      return prevRole === 'pre-candidate'
        ? { why: `A majority granted the pre-vote: term ${term}, it votes for itself and asks for votes.`, event: 'prevote.won' }
        : { why: `Election timeout: it raises its term to ${term} and asks for votes.`, event: 'election.timeout' };
    case 'leader':
      return { why: `A majority voted for it in term ${term}.`, event: 'vote.won' };
    default:
      if (ctx.last?.kind === 'etcd.start') return { why: `etcd started: every member starts as a follower (term ${term}).` };
      if (ctx.last?.kind === 'raft.step-down') return { why: 'It follows again after stepping down.', event: 'quorum.lost' };
      if (prevTerm !== undefined && term > prevTerm) return { why: `It saw a higher term (${term}) in a message and follows.`, event: 'term.higher' };
      if (prevRole === 'pre-candidate') return { why: 'Pre-vote lost or a leader heard: back to follower, same term.', event: 'prevote.lost' };
      return { why: `Follower at term ${term}.` };
  }
}

/** The member's role before its current one, from its latest two "became …" lines. */
export function lastRoleChange(history: readonly RoleHistoryEntry[]): { from: string; to: string } | null {
  const becomes = history
    .filter((e) => e.record.kind === 'raft.become')
    .map((e) => BECAME.exec(e.record.summary)?.[1])
    .filter((x): x is string => !!x);
  if (becomes.length < 2) return null;
  return { from: becomes[1]!, to: becomes[0]! };
}

export interface DetailRow {
  label: string;
  value: string;
  /** Columns of the inspector's 4-column grid this fact takes. */
  span: 1 | 2;
}

/** The inspector's facts about a member, in display order (three rows of four columns). */
export function memberDetails(m: EtcdMemberFacts, names: ReadonlyMap<string, string>): DetailRow[] {
  const lead = m.lead ? `${names.get(m.lead) ?? '?'} (${m.lead.slice(0, 8)}…)` : 'none';
  return [
    { label: 'member id', value: m.id || '—', span: 2 },
    { label: 'host', value: m.host, span: 1 },
    { label: 'role', value: m.role + (m.isLearner ? ' (learner)' : ''), span: 1 },
    { label: 'term', value: String(m.term), span: 1 },
    { label: 'lead', value: m.role === 'leader' ? 'itself' : lead, span: 2 },
    { label: 'revision', value: String(m.revision), span: 1 },
    { label: 'commit / applied / last', value: `${m.commit} / ${m.applied} / ${m.lastIndex}`, span: 2 },
    { label: 'quorum', value: !m.running ? 'etcd not running' : m.hasQuorum ? 'yes' : 'no: writes time out', span: 2 },
  ];
}
