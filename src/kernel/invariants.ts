/**
 * The invariant runner. Like TigerBeetle's checkers, invariants are checked after every event
 * in swarm tests; a violation names the invariant, the virtual time and what was wrong.
 */
export interface Invariant<W> {
  name: string;
  /** Returns undefined when the invariant holds, else a description of the violation. */
  check(world: W): string | undefined;
}

export interface Violation {
  invariant: string;
  atMs: number;
  message: string;
}

export function checkInvariants<W>(world: W, nowMs: number, invariants: readonly Invariant<W>[]): Violation[] {
  const out: Violation[] = [];
  for (const inv of invariants) {
    const message = inv.check(world);
    if (message !== undefined) out.push({ invariant: inv.name, atMs: nowMs, message });
  }
  return out;
}
