/**
 * The Raft role of a member as a statechart (Raft paper Figure 4, with pre-vote from the thesis
 * §9.6). Raft itself runs as plain functions (raft.ts) for speed; this machine is the *spec* of
 * which role changes are legal. Tests check every role change the simulation makes against it,
 * and the app draws it with the member's current role lit.
 */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { RaftRole } from './types.ts';

export const raftRoleMachine = createMachine({
  id: 'raftRole',
  initial: 'follower',
  states: {
    follower: {
      on: {
        'election.timeout.prevote': 'pre-candidate',
        'election.timeout': 'candidate',
        'term.higher': 'follower',
      },
    },
    'pre-candidate': {
      on: {
        'prevote.won': 'candidate',
        'prevote.lost': 'follower',
        'leader.heard': 'follower',
        'term.higher': 'follower',
        'election.timeout.prevote': 'pre-candidate',
      },
    },
    candidate: {
      on: {
        'vote.won': 'leader',
        'vote.lost': 'follower',
        'leader.heard': 'follower',
        'term.higher': 'follower',
        'election.timeout': 'candidate',
        'election.timeout.prevote': 'pre-candidate',
      },
    },
    leader: {
      on: {
        'term.higher': 'follower',
        'quorum.lost': 'follower',
        'removed': 'follower',
      },
    },
  },
});

const EVENTS = ['election.timeout.prevote', 'election.timeout', 'prevote.won', 'prevote.lost', 'leader.heard', 'term.higher', 'vote.won', 'vote.lost', 'quorum.lost', 'removed'] as const;

function snapshotIn(role: RaftRole): AnyMachineSnapshot {
  const [initial] = initialTransition(raftRoleMachine);
  return raftRoleMachine.resolveState({ ...initial, value: role } as never) as AnyMachineSnapshot;
}

/** The events that take a member from `from` to `to` (empty if the change is illegal). */
export function eventsBetween(from: RaftRole, to: RaftRole): string[] {
  const start = snapshotIn(from);
  return EVENTS.filter((type) => {
    if (!start.can({ type })) return false;
    const [next] = transition(raftRoleMachine, start, { type });
    return next.value === to;
  });
}

export function isLegalRoleChange(from: RaftRole, to: RaftRole): boolean {
  return eventsBetween(from, to).length > 0;
}
