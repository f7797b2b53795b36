/** The role statechart is Figure 4 of the Raft paper plus pre-vote (thesis §9.6). */
import { describe, expect, it } from 'vitest';
import { eventsBetween, isLegalRoleChange } from './role.machine.ts';

describe('Raft role statechart', () => {
  it('allows the transitions of Figure 4 with pre-vote', () => {
    expect(isLegalRoleChange('follower', 'pre-candidate')).toBe(true);
    expect(isLegalRoleChange('pre-candidate', 'candidate')).toBe(true);
    expect(isLegalRoleChange('candidate', 'leader')).toBe(true);
    expect(isLegalRoleChange('leader', 'follower')).toBe(true);
    expect(eventsBetween('leader', 'follower')).toEqual(['term.higher', 'quorum.lost', 'removed']);
  });

  it('forbids skipping the election: a follower never becomes leader directly, a pre-candidate never leads', () => {
    expect(isLegalRoleChange('follower', 'leader')).toBe(false);
    expect(isLegalRoleChange('pre-candidate', 'leader')).toBe(false);
    expect(isLegalRoleChange('leader', 'candidate')).toBe(false);
    expect(isLegalRoleChange('leader', 'pre-candidate')).toBe(false);
  });
});
