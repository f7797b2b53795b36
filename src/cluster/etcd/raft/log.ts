/**
 * The Raft log over RaftStorage: compacted prefix (offset), then contiguous entries.
 * Mirrors etcd-io/raft log.go (term, matchTerm, findConflict, isUpToDate, maybeAppend).
 */
import type { ConfState, Entry, RaftStorage } from './types.ts';

export function emptyStorage(conf: ConfState): RaftStorage {
  return { term: 0, vote: null, commit: 0, snapshot: { index: 0, term: 0, conf, data: null }, offset: 0, offsetTerm: 0, entries: [] };
}

export function firstIndex(s: RaftStorage): number {
  return s.offset + 1;
}

export function lastIndex(s: RaftStorage): number {
  return s.offset + s.entries.length;
}

/** Term of the entry at `index`, or undefined if it was compacted away or does not exist yet. */
export function termAt(s: RaftStorage, index: number): number | undefined {
  if (index === s.offset) return s.offsetTerm;
  if (index < s.offset || index > lastIndex(s)) return undefined;
  return s.entries[index - s.offset - 1]!.term;
}

export function lastTerm(s: RaftStorage): number {
  return termAt(s, lastIndex(s))!;
}

export function matchTerm(s: RaftStorage, index: number, term: number): boolean {
  return termAt(s, index) === term;
}

/** Entries in [lo, hi] (inclusive), which must not be compacted. */
export function slice(s: RaftStorage, lo: number, hi: number): Entry[] {
  if (lo > hi) return [];
  if (lo <= s.offset) throw new Error(`raft: slice from ${lo} but entries up to ${s.offset} are compacted`);
  const off = s.offset + 1;
  return s.entries.slice(lo - off, hi - off + 1);
}

/**
 * Raft §5.4.1 election restriction: a voter grants its vote only to a candidate whose log is at
 * least as up-to-date: higher last term, or the same last term and at least as long.
 */
export function isUpToDate(s: RaftStorage, candLastTerm: number, candLastIndex: number): boolean {
  const ourTerm = lastTerm(s);
  return candLastTerm > ourTerm || (candLastTerm === ourTerm && candLastIndex >= lastIndex(s));
}

/** The first incoming entry that conflicts with (or extends) our log; 0 if all are already present. */
export function findConflict(s: RaftStorage, entries: readonly Entry[]): number {
  for (const e of entries) {
    if (e.index <= s.offset) continue; // compacted, therefore committed, therefore identical (§5.4)
    if (!matchTerm(s, e.index, e.term)) return e.index;
  }
  return 0;
}

/**
 * Truncate-and-append from the first conflict (§5.3): an existing entry that conflicts with a new
 * one (same index, different term) is deleted with all that follow it.
 */
export function appendFrom(s: RaftStorage, entries: readonly Entry[]): void {
  const conflict = findConflict(s, entries);
  if (conflict === 0) return;
  s.entries.length = conflict - s.offset - 1;
  for (const e of entries) if (e.index >= conflict) s.entries.push(e);
}

/** Log compaction (§7): forget entries up to and including `index` (which must be applied). */
export function compactLog(s: RaftStorage, index: number): void {
  if (index <= s.offset) return;
  const term = termAt(s, index);
  if (term === undefined) throw new Error(`raft: compact to ${index} beyond last index ${lastIndex(s)}`);
  s.entries.splice(0, index - s.offset);
  s.offset = index;
  s.offsetTerm = term;
}

/** Replace the whole log by a snapshot received from the leader (§7, InstallSnapshot). */
export function restoreSnapshot(s: RaftStorage, snap: RaftStorage['snapshot']): void {
  s.snapshot = snap;
  s.entries = [];
  s.offset = snap.index;
  s.offsetTerm = snap.term;
  s.commit = snap.index;
}
