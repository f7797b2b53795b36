/**
 * Raft consensus as a pure state machine, shaped like etcd-io/raft: `tick` advances the logical
 * clock, `step` handles one message, and the caller drains `msgs` (and `readStates`, committed
 * entries) after each call. No I/O, no time, no randomness except the member's own PRNG stream.
 *
 * Section numbers refer to the Raft paper (Ongaro & Ousterhout 2014) and the thesis (§9.6 pre-vote).
 */
import { nextInt, type PrngState } from '../../../kernel/index.ts';
import { appendFrom, compactLog, isUpToDate, lastIndex, lastTerm, matchTerm, restoreSnapshot, slice, termAt } from './log.ts';
import type { ConfState, Entry, Message, MessageType, Progress, Raft, RaftConfig, RaftLogLine, RaftStorage } from './types.ts';

export const NONE = null;

export function newRaft(config: RaftConfig, storage: RaftStorage, prng: PrngState, applied: number): Raft {
  const r: Raft = {
    config,
    id: config.id,
    role: 'follower',
    term: storage.term,
    vote: storage.vote,
    lead: null,
    storage,
    commit: storage.commit,
    applied,
    voters: [...storage.snapshot.conf.voters],
    learners: [...storage.snapshot.conf.learners],
    electionElapsed: 0,
    heartbeatElapsed: 0,
    randomizedElectionTimeout: config.electionTick,
    votes: {},
    prs: {},
    pendingConfIndex: 0,
    readOnly: [],
    pendingReadIndex: [],
    readStates: [],
    msgs: [],
    logLines: [],
    prng,
  };
  // Conf changes in the log after the snapshot are part of the configuration as soon as they are
  // committed; the server re-applies them on restart through applyConfChange.
  becomeFollower(r, r.term, NONE);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Roles. Each becomeX switches the role and resets that role's fields in one place (raft.go).

function reset(r: Raft, term: number): void {
  if (r.term !== term) {
    r.term = term;
    r.vote = NONE;
    persistHardState(r);
  }
  r.lead = NONE;
  r.electionElapsed = 0;
  r.heartbeatElapsed = 0;
  resetRandomizedElectionTimeout(r);
  r.votes = {};
  r.prs = {};
  for (const id of [...r.voters, ...r.learners]) {
    r.prs[id] = { match: 0, next: lastIndex(r.storage) + 1, state: 'probe', recentActive: false, probeSent: false, pendingSnapshot: 0, pendingSnapshotBeats: 0 };
  }
  r.pendingConfIndex = 0;
  r.readOnly = [];
  r.pendingReadIndex = [];
}

/** raft.go resetRandomizedElectionTimeout: uniformly in [electionTick, 2*electionTick). */
function resetRandomizedElectionTimeout(r: Raft): void {
  r.randomizedElectionTimeout = nextInt(r.prng, r.config.electionTick, 2 * r.config.electionTick);
}

function persistHardState(r: Raft): void {
  r.storage.term = r.term;
  r.storage.vote = r.vote;
  r.storage.commit = r.commit;
}

export function becomeFollower(r: Raft, term: number, lead: string | null): void {
  reset(r, term);
  r.role = 'follower';
  r.lead = lead;
  log(r, 'become', `${r.id} became follower at term ${r.term}`);
}

function becomePreCandidate(r: Raft): void {
  // Pre-vote (thesis §9.6): no term change and no vote cast, so a partitioned member that keeps
  // campaigning does not inflate the term and disrupt the cluster when it rejoins.
  r.role = 'pre-candidate';
  r.votes = {};
  r.lead = NONE;
  log(r, 'become', `${r.id} became pre-candidate at term ${r.term}`);
}

function becomeCandidate(r: Raft): void {
  reset(r, r.term + 1);
  r.vote = r.id;
  persistHardState(r);
  r.role = 'candidate';
  log(r, 'become', `${r.id} became candidate at term ${r.term}`);
}

function becomeLeader(r: Raft): void {
  reset(r, r.term);
  r.role = 'leader';
  r.lead = r.id;
  const self = r.prs[r.id]!;
  self.match = lastIndex(r.storage);
  self.next = self.match + 1;
  self.state = 'replicate';
  self.recentActive = true;
  // Conservatively assume an uncommitted conf change may be in the log (raft.go becomeLeader).
  r.pendingConfIndex = lastIndex(r.storage);
  // §5.4.2 / §8: a new leader commits an empty entry of its own term, which also commits every
  // earlier-term entry before it and lets it serve ReadIndex requests.
  appendEntries(r, [{ term: r.term, index: 0, type: 'normal', data: null }]);
  log(r, 'become', `${r.id} became leader at term ${r.term}`);
  log(r, 'elect', `raft.node: ${r.id} elected leader ${r.id} at term ${r.term}`);
}

// ---------------------------------------------------------------------------------------------
// Clock.

/** Advances the logical clock by one tick (etcd: one heartbeat-interval). */
export function tick(r: Raft): void {
  if (r.role === 'leader') tickHeartbeat(r);
  else tickElection(r);
}

function tickElection(r: Raft): void {
  r.electionElapsed++;
  if (promotable(r) && r.electionElapsed >= r.randomizedElectionTimeout) {
    r.electionElapsed = 0;
    step(r, localMsg(r, 'MsgHup'));
  }
}

function tickHeartbeat(r: Raft): void {
  r.heartbeatElapsed++;
  r.electionElapsed++;
  if (r.electionElapsed >= r.config.electionTick) {
    r.electionElapsed = 0;
    if (r.config.checkQuorum) step(r, localMsg(r, 'MsgCheckQuorum'));
  }
  if (r.role !== 'leader') return;
  if (r.heartbeatElapsed >= r.config.heartbeatTick) {
    r.heartbeatElapsed = 0;
    step(r, localMsg(r, 'MsgBeat'));
  }
}

/** Only voters may campaign; learners and removed members never do (raft.go promotable). */
export function promotable(r: Raft): boolean {
  return r.voters.includes(r.id);
}

// ---------------------------------------------------------------------------------------------
// Step: the one entry point for every message, local or remote.

/** Error returned for a proposal that cannot be accepted (raft.ErrProposalDropped). */
export type StepResult = 'ok' | 'proposal-dropped';

export function step(r: Raft, m: Message): StepResult {
  if (m.term === 0) {
    // local message
  } else if (m.term > r.term) {
    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      // §6 of the thesis / check-quorum: a follower that heard from a live leader within the
      // election timeout ignores vote requests, so a rejoining member cannot depose it.
      const inLease = r.config.checkQuorum && r.lead !== NONE && r.electionElapsed < r.config.electionTick;
      if (inLease) {
        log(r, 'ignore', `${r.id} [logterm: ${lastTerm(r.storage)}, index: ${lastIndex(r.storage)}, vote: ${r.vote ?? 0}] ignored ${m.type} from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}: lease is not expired (remaining ticks: ${r.config.electionTick - r.electionElapsed})`);
        return 'ok';
      }
    }
    if (m.type === 'MsgPreVote') {
      // Never change our term in response to a pre-vote.
    } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
      // We sent a pre-vote at term+1; the response carries that future term. Not a reason to step down.
    } else if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap') {
      becomeFollower(r, m.term, m.from);
    } else {
      becomeFollower(r, m.term, NONE);
    }
  } else if (m.term < r.term) {
    if ((r.config.checkQuorum || r.config.preVote) && (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')) {
      // A stale leader would otherwise never learn of the new term if its messages are simply
      // dropped; answering lets it step down (raft.go, "stale leader" comment).
      send(r, { type: 'MsgAppResp', to: m.from });
    } else if (m.type === 'MsgPreVote') {
      send(r, { type: 'MsgPreVoteResp', to: m.from, term: r.term, reject: true });
    }
    return 'ok';
  }

  switch (m.type) {
    case 'MsgHup':
      hup(r);
      return 'ok';
    case 'MsgVote':
    case 'MsgPreVote':
      handleVoteRequest(r, m);
      return 'ok';
    default:
      if (r.role === 'leader') return stepLeader(r, m);
      if (r.role === 'follower') return stepFollower(r, m);
      return stepCandidate(r, m);
  }
}

function hup(r: Raft): void {
  if (r.role === 'leader') return;
  if (!promotable(r)) return;
  const pending = pendingConfChanges(r);
  if (pending > 0) {
    log(r, 'ignore', `${r.id} cannot campaign at term ${r.term} since there are still ${pending} pending configuration changes to apply`, 'warn');
    return;
  }
  log(r, 'campaign', `${r.id} is starting a new election at term ${r.term}`);
  campaign(r, r.config.preVote ? 'pre-election' : 'election');
}

/** raft.go hup: numOfPendingConf of the committed entries not yet applied. */
function pendingConfChanges(r: Raft): number {
  if (r.commit <= r.applied) return 0;
  const lo = Math.max(r.applied + 1, r.storage.offset + 1);
  return slice(r.storage, lo, r.commit).filter((e) => e.type === 'conf').length;
}

function campaign(r: Raft, kind: 'pre-election' | 'election'): void {
  let voteType: MessageType;
  let term: number;
  if (kind === 'pre-election') {
    becomePreCandidate(r);
    voteType = 'MsgPreVote';
    term = r.term + 1; // ask at the term we would use, without moving to it
  } else {
    becomeCandidate(r);
    voteType = 'MsgVote';
    term = r.term;
  }
  if (poll(r, r.id, true) === 'won') {
    // A single-voter cluster wins at once.
    if (kind === 'pre-election') campaign(r, 'election');
    else becomeLeader(r);
    return;
  }
  const li = lastIndex(r.storage);
  const lt = lastTerm(r.storage);
  for (const id of r.voters) {
    if (id === r.id) continue;
    log(r, 'vote', `${r.id} [logterm: ${lt}, index: ${li}] sent ${voteType} request to ${id} at term ${r.term}`);
    send(r, { type: voteType, to: id, term, logTerm: lt, index: li });
  }
}

function poll(r: Raft, from: string, granted: boolean): 'won' | 'lost' | 'pending' {
  if (!(from in r.votes)) r.votes[from] = granted;
  let yes = 0;
  let no = 0;
  for (const id of r.voters) {
    const v = r.votes[id];
    if (v === true) yes++;
    else if (v === false) no++;
  }
  const q = quorum(r.voters.length);
  if (yes >= q) return 'won';
  if (no >= q || r.voters.length - no < q) return 'lost';
  return 'pending';
}

export function quorum(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/** §5.2 and §5.4.1: one vote per term, first come first served, only for an up-to-date log. */
function handleVoteRequest(r: Raft, m: Message): void {
  const respType = m.type === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
  const canVote =
    r.vote === m.from ||
    (r.vote === NONE && r.lead === NONE) ||
    // A pre-vote for a future term may be granted even if we voted in this term.
    (m.type === 'MsgPreVote' && m.term > r.term);
  if (canVote && isUpToDate(r.storage, m.logTerm, m.index)) {
    log(r, 'vote', `${r.id} [logterm: ${lastTerm(r.storage)}, index: ${lastIndex(r.storage)}, vote: ${r.vote ?? 0}] cast ${m.type} for ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}`);
    // The response carries the request's term so the candidate counts it (pre-vote: the future term).
    send(r, { type: respType, to: m.from, term: m.term });
    if (m.type === 'MsgVote') {
      r.electionElapsed = 0;
      r.vote = m.from;
      persistHardState(r);
    }
  } else {
    log(r, 'vote', `${r.id} [logterm: ${lastTerm(r.storage)}, index: ${lastIndex(r.storage)}, vote: ${r.vote ?? 0}] rejected ${m.type} from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}`);
    send(r, { type: respType, to: m.from, term: r.term, reject: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Leader.

function stepLeader(r: Raft, m: Message): StepResult {
  switch (m.type) {
    case 'MsgBeat':
      bcastHeartbeat(r);
      return 'ok';
    case 'MsgCheckQuorum':
      if (!quorumActive(r)) {
        log(r, 'step-down', `${r.id} stepped down to follower since quorum is not active`, 'warn');
        becomeFollower(r, r.term, NONE);
      }
      for (const id of Object.keys(r.prs)) if (id !== r.id) r.prs[id]!.recentActive = false;
      return 'ok';
    case 'MsgProp':
      return propose(r, m);
    case 'MsgReadIndex':
      handleReadIndex(r, m);
      return 'ok';
  }
  const pr = r.prs[m.from];
  if (!pr) return 'ok';
  switch (m.type) {
    case 'MsgAppResp':
      handleAppendResponse(r, m, pr);
      break;
    case 'MsgHeartbeatResp':
      pr.recentActive = true;
      pr.probeSent = false;
      if (pr.state === 'snapshot' && ++pr.pendingSnapshotBeats > r.config.electionTick) {
        // The snapshot was lost in flight (etcd learns this from MsgSnapStatus): probe again.
        pr.state = 'probe';
      }
      if (pr.match < lastIndex(r.storage)) sendAppend(r, m.from);
      if (m.context !== undefined) ackReadIndex(r, m.from, m.context);
      break;
  }
  return 'ok';
}

function quorumActive(r: Raft): boolean {
  let active = 0;
  for (const id of r.voters) if (id === r.id || r.prs[id]?.recentActive) active++;
  return active >= quorum(r.voters.length);
}

function propose(r: Raft, m: Message): StepResult {
  if (!r.prs[r.id]) return 'proposal-dropped'; // removed from the cluster
  const entries: Entry[] = [];
  for (const e of m.entries) {
    if (e.type === 'conf') {
      // Only one conf change may be in flight (raft.go: pendingConfIndex > applied).
      if (r.pendingConfIndex > r.applied) return 'proposal-dropped';
      r.pendingConfIndex = lastIndex(r.storage) + entries.length + 1;
    }
    entries.push(e);
  }
  appendEntries(r, entries);
  bcastAppend(r);
  return 'ok';
}

function appendEntries(r: Raft, entries: Entry[]): void {
  let li = lastIndex(r.storage);
  for (const e of entries) {
    li++;
    r.storage.entries.push({ ...e, term: r.term, index: li });
  }
  const self = r.prs[r.id]!;
  self.match = li;
  self.next = li + 1;
  maybeCommit(r);
}

/**
 * §5.3/§5.4.2: the commit index is the highest index stored on a quorum of voters, and the
 * leader only commits by counting replicas for an entry of its *current* term. Entries of
 * earlier terms are committed indirectly (Figure 8).
 */
function maybeCommit(r: Raft): boolean {
  const matches = r.voters.map((id) => r.prs[id]?.match ?? 0).sort((a, b) => b - a);
  const quorumIndex = matches[quorum(r.voters.length) - 1] ?? 0;
  if (quorumIndex > r.commit && termAt(r.storage, quorumIndex) === r.term) {
    r.commit = quorumIndex;
    persistHardState(r);
    releasePendingReadIndex(r);
    return true;
  }
  return false;
}

function handleAppendResponse(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  if (m.reject) {
    // The follower's log does not match at m.index; back up (§5.3) using its hint. A rejection
    // of an index we already moved past is stale and ignored (tracker.Progress.MaybeDecrTo).
    if (pr.state === 'replicate') {
      if (m.index <= pr.match) return;
      pr.next = pr.match + 1;
    } else {
      if (pr.next - 1 !== m.index) return;
      pr.next = Math.max(Math.min(m.index, m.rejectHint + 1), pr.match + 1, 1);
    }
    pr.state = 'probe';
    pr.probeSent = false;
    sendAppend(r, m.from);
    return;
  }
  const wasPaused = pr.state === 'snapshot' || pr.probeSent;
  if (m.index > pr.match) {
    pr.match = m.index;
    pr.next = Math.max(pr.next, m.index + 1);
    if (pr.state !== 'replicate') pr.state = 'replicate';
    pr.probeSent = false;
    pr.pendingSnapshot = 0;
    if (maybeCommit(r)) bcastAppend(r);
    else if (pr.match < lastIndex(r.storage)) sendAppend(r, m.from);
  } else if (wasPaused) {
    pr.probeSent = false;
    if (pr.state === 'snapshot') pr.state = 'probe';
    if (pr.match < lastIndex(r.storage)) sendAppend(r, m.from);
  }
}

function bcastAppend(r: Raft): void {
  for (const id of Object.keys(r.prs).sort()) if (id !== r.id) sendAppend(r, id);
}

function bcastHeartbeat(r: Raft, context?: string): void {
  for (const id of Object.keys(r.prs).sort()) {
    if (id === r.id) continue;
    const pr = r.prs[id]!;
    // The heartbeat never carries a commit index beyond what the follower is known to have.
    const commit = Math.min(pr.match, r.commit);
    send(r, { type: 'MsgHeartbeat', to: id, commit, ...(context !== undefined ? { context } : {}) });
  }
}

/** Sends the follower what it lacks: entries from pr.next, or a snapshot if they are compacted. */
function sendAppend(r: Raft, to: string): void {
  const pr = r.prs[to];
  if (!pr) return;
  if (pr.state === 'snapshot' || (pr.state === 'probe' && pr.probeSent)) return;
  const prevIndex = pr.next - 1;
  const prevTerm = termAt(r.storage, prevIndex);
  if (prevTerm === undefined) {
    // The entries this follower needs were compacted (§7): send the snapshot instead.
    const snap = r.storage.snapshot;
    pr.state = 'snapshot';
    pr.pendingSnapshot = snap.index;
    pr.pendingSnapshotBeats = 0;
    log(r, 'snapshot', `${r.id} [firstindex: ${r.storage.offset + 1}, commit: ${r.commit}] sent snapshot[index: ${snap.index}, term: ${snap.term}] to ${to}`, 'debug');
    send(r, { type: 'MsgSnap', to, snapshot: snap });
    return;
  }
  const hi = Math.min(lastIndex(r.storage), prevIndex + r.config.maxEntriesPerMsg);
  const entries = slice(r.storage, pr.next, hi);
  send(r, { type: 'MsgApp', to, index: prevIndex, logTerm: prevTerm, entries, commit: r.commit });
  if (pr.state === 'replicate') {
    if (entries.length > 0) pr.next = entries[entries.length - 1]!.index + 1;
  } else {
    pr.probeSent = true;
  }
}

// ReadIndex (thesis §6.4): a linearizable read is served once the leader has confirmed, with a
// quorum heartbeat round, that it was still the leader when the read arrived.

function handleReadIndex(r: Raft, m: Message): void {
  if (r.voters.length === 1) {
    respondReadIndex(r, m.from, m.context!, r.commit);
    return;
  }
  if (termAt(r.storage, r.commit) !== r.term) {
    // Not yet committed an entry in this term: our commit index may be stale (§8).
    r.pendingReadIndex.push(m);
    return;
  }
  r.readOnly.push({ context: m.context!, index: r.commit, from: m.from, acks: [r.id] });
  bcastHeartbeat(r, m.context);
}

function releasePendingReadIndex(r: Raft): void {
  if (r.role !== 'leader' || r.pendingReadIndex.length === 0) return;
  if (termAt(r.storage, r.commit) !== r.term) return;
  const pending = r.pendingReadIndex;
  r.pendingReadIndex = [];
  for (const m of pending) handleReadIndex(r, m);
}

function ackReadIndex(r: Raft, from: string, context: string): void {
  const pos = r.readOnly.findIndex((q) => q.context === context);
  if (pos < 0) return;
  const req = r.readOnly[pos]!;
  if (!req.acks.includes(from)) req.acks.push(from);
  const acked = r.voters.filter((id) => req.acks.includes(id)).length;
  if (acked < quorum(r.voters.length)) return;
  // Confirming one request confirms every request queued before it.
  const done = r.readOnly.splice(0, pos + 1);
  for (const q of done) respondReadIndex(r, q.from, q.context, q.index);
}

function respondReadIndex(r: Raft, to: string, context: string, index: number): void {
  if (to === r.id) r.readStates.push({ index, context });
  else send(r, { type: 'MsgReadIndexResp', to, index, context });
}

// ---------------------------------------------------------------------------------------------
// Follower and candidates.

/** A message from the current leader resets the election timer (§5.2) and names the leader. */
function heardFromLeader(r: Raft, m: Message): void {
  r.electionElapsed = 0;
  r.lead = m.from;
}

function stepFollower(r: Raft, m: Message): StepResult {
  switch (m.type) {
    case 'MsgProp':
      if (r.lead === NONE) return 'proposal-dropped';
      send(r, { type: 'MsgProp', to: r.lead, entries: m.entries, term: 0 });
      return 'ok';
    case 'MsgApp':
      heardFromLeader(r, m);
      handleAppendEntries(r, m);
      return 'ok';
    case 'MsgHeartbeat':
      heardFromLeader(r, m);
      handleHeartbeat(r, m);
      return 'ok';
    case 'MsgSnap':
      heardFromLeader(r, m);
      handleSnapshot(r, m);
      return 'ok';
    case 'MsgReadIndex':
      if (r.lead === NONE) return 'proposal-dropped';
      send(r, { type: 'MsgReadIndex', to: r.lead, context: m.context!, term: 0 });
      return 'ok';
    case 'MsgReadIndexResp':
      r.readStates.push({ index: m.index, context: m.context! });
      return 'ok';
  }
  return 'ok';
}

function stepCandidate(r: Raft, m: Message): StepResult {
  const myVoteResp: MessageType = r.role === 'pre-candidate' ? 'MsgPreVoteResp' : 'MsgVoteResp';
  switch (m.type) {
    case 'MsgProp':
    case 'MsgReadIndex':
      return 'proposal-dropped';
    case 'MsgApp':
      becomeFollower(r, m.term, m.from); // always m.term == r.term: someone else won this term
      handleAppendEntries(r, m);
      return 'ok';
    case 'MsgHeartbeat':
      becomeFollower(r, m.term, m.from);
      handleHeartbeat(r, m);
      return 'ok';
    case 'MsgSnap':
      becomeFollower(r, m.term, m.from);
      handleSnapshot(r, m);
      return 'ok';
  }
  if (m.type !== myVoteResp) return 'ok';
  const result = poll(r, m.from, !m.reject);
  const granted = Object.values(r.votes).filter((v) => v).length;
  const rejected = Object.values(r.votes).filter((v) => !v).length;
  log(r, 'vote', `${r.id} has received ${granted} ${myVoteResp} votes and ${rejected} vote rejections`);
  if (result === 'won') {
    if (r.role === 'pre-candidate') campaign(r, 'election');
    else {
      becomeLeader(r);
      bcastAppend(r);
    }
  } else if (result === 'lost') {
    // A MsgPreVoteResp rejection carries the responder's term; a higher one was handled above.
    becomeFollower(r, r.term, NONE);
  }
  return 'ok';
}

function handleAppendEntries(r: Raft, m: Message): void {
  if (m.index < r.commit) {
    send(r, { type: 'MsgAppResp', to: m.from, index: r.commit });
    return;
  }
  if (matchTerm(r.storage, m.index, m.logTerm)) {
    appendFrom(r.storage, m.entries);
    const lastNew = m.index + m.entries.length;
    commitTo(r, Math.min(m.commit, lastNew));
    send(r, { type: 'MsgAppResp', to: m.from, index: lastNew });
  } else {
    // §5.3: reject; hint at our last index so the leader can skip back quickly.
    send(r, { type: 'MsgAppResp', to: m.from, index: m.index, reject: true, rejectHint: Math.min(m.index, lastIndex(r.storage)), logTerm: termAt(r.storage, Math.min(m.index, lastIndex(r.storage))) ?? 0 });
  }
}

function handleHeartbeat(r: Raft, m: Message): void {
  commitTo(r, m.commit);
  send(r, { type: 'MsgHeartbeatResp', to: m.from, ...(m.context !== undefined ? { context: m.context } : {}) });
}

function handleSnapshot(r: Raft, m: Message): void {
  const snap = m.snapshot!;
  if (snap.index <= r.commit || matchTerm(r.storage, snap.index, snap.term)) {
    // We already have it (or its prefix is in our log): fast-forward the commit only.
    if (snap.index > r.commit && matchTerm(r.storage, snap.index, snap.term)) commitTo(r, snap.index);
    send(r, { type: 'MsgAppResp', to: m.from, index: r.commit });
    return;
  }
  log(r, 'snapshot', `${r.id} [commit: ${r.commit}] restored snapshot [index: ${snap.index}, term: ${snap.term}]`);
  restoreSnapshot(r.storage, snap);
  r.commit = snap.index;
  r.voters = [...snap.conf.voters];
  r.learners = [...snap.conf.learners];
  persistHardState(r);
  send(r, { type: 'MsgAppResp', to: m.from, index: lastIndex(r.storage) });
}

function commitTo(r: Raft, index: number): void {
  if (index > r.commit) {
    if (index > lastIndex(r.storage)) throw new Error(`raft: commit ${index} is out of range [last: ${lastIndex(r.storage)}]`);
    r.commit = index;
    persistHardState(r);
  }
}

// ---------------------------------------------------------------------------------------------
// Called by the etcd server as it applies committed entries.

/** Committed entries not yet applied (raft Ready.CommittedEntries). */
export function entriesToApply(r: Raft): Entry[] {
  if (r.applied >= r.commit) return [];
  return slice(r.storage, Math.max(r.applied + 1, r.storage.offset + 1), r.commit);
}

export function advanceApplied(r: Raft, index: number): void {
  r.applied = Math.max(r.applied, index);
  releasePendingReadIndex(r);
}

/** Applies a committed membership change to Raft's configuration (raft.ApplyConfChange). */
export function applyConfState(r: Raft, conf: ConfState): void {
  r.voters = [...conf.voters];
  r.learners = [...conf.learners];
  for (const id of [...conf.voters, ...conf.learners]) {
    if (!r.prs[id]) {
      r.prs[id] = { match: 0, next: lastIndex(r.storage) + 1, state: 'probe', recentActive: true, probeSent: false, pendingSnapshot: 0, pendingSnapshotBeats: 0 };
    }
  }
  for (const id of Object.keys(r.prs)) if (!conf.voters.includes(id) && !conf.learners.includes(id)) delete r.prs[id];
  if (r.role === 'leader') {
    if (!r.voters.includes(r.id)) {
      // A leader removed from the voters steps down once the change is applied.
      becomeFollower(r, r.term, NONE);
      return;
    }
    // Fewer voters can mean a smaller quorum: something may commit now.
    if (maybeCommit(r)) bcastAppend(r);
  }
}

/** Snapshots the state machine at `index` and drops log entries up to `compactIndex` (§7). */
export function createSnapshot(r: Raft, index: number, data: unknown, compactIndex: number): void {
  const term = termAt(r.storage, index);
  if (term === undefined) return;
  r.storage.snapshot = { index, term, conf: { voters: [...r.voters], learners: [...r.learners] }, data };
  compactLog(r.storage, Math.min(compactIndex, index));
}

// ---------------------------------------------------------------------------------------------

function localMsg(r: Raft, type: MessageType): Message {
  return { type, from: r.id, to: r.id, term: 0, logTerm: 0, index: 0, entries: [], commit: 0, reject: false, rejectHint: 0 };
}

function send(r: Raft, m: Partial<Message> & { type: MessageType; to: string }): void {
  // The message `{ from, term, logTerm: 0, index: 0, entries: [], commit: 0, reject: false,
  // rejectHint: 0, ...m }` would give (same keys, same order), built as one literal: the spread
  // of the many shapes `m` takes was a slow path on every message. No caller passes a field as
  // undefined, so `??` picks what the spread picked; context and snapshot come last, as they did.
  const full: Message = {
    from: r.id,
    term: m.term ?? r.term,
    logTerm: m.logTerm ?? 0,
    index: m.index ?? 0,
    entries: m.entries ?? [],
    commit: m.commit ?? 0,
    reject: m.reject ?? false,
    rejectHint: m.rejectHint ?? 0,
    type: m.type,
    to: m.to,
  };
  if ('context' in m) full.context = m.context;
  if ('snapshot' in m) full.snapshot = m.snapshot;
  // Proposals and ReadIndex requests forwarded to the leader are local-style messages (term 0).
  if (m.type === 'MsgProp' || (m.type === 'MsgReadIndex' && m.term === 0)) full.term = 0;
  r.msgs.push(full);
}

function log(r: Raft, kind: RaftLogLine['kind'], text: string, level: RaftLogLine['level'] = 'info'): void {
  r.logLines.push({ kind, text, level });
}
