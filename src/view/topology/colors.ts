/** Colours for roles, terms and partition groups (pure lookups). */
import type { EtcdMemberFacts } from '../../simulation/facts.ts';

export const ROLE_COLORS: Record<EtcdMemberFacts['role'], string> = {
  leader: '#f5c542',
  follower: '#4fb3d9',
  'pre-candidate': '#c39bff',
  candidate: '#ff8c42',
  learner: '#7fd6c2',
  stopped: '#6b7280',
};

const TERM_PALETTE = ['#5b8def', '#e0795b', '#4fc38a', '#c77ddb', '#e3b341', '#45b8c4', '#e06c9f', '#9aa84c'];

export function termColor(term: number): string {
  return TERM_PALETTE[((term % TERM_PALETTE.length) + TERM_PALETTE.length) % TERM_PALETTE.length]!;
}

const GROUP_PALETTE = ['#ff6b6b', '#4dabf7', '#ffd43b', '#69db7c', '#da77f2'];

export function groupColor(index: number): string {
  return GROUP_PALETTE[index % GROUP_PALETTE.length]!;
}

/** Letter naming a partition group: A, B, C … */
export function groupName(index: number): string {
  return String.fromCharCode(65 + (index % 26));
}
