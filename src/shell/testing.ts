/**
 * For tests: a shell on a fresh simulated cluster. `run` types a command line, runs it to
 * completion in virtual time, and returns what the terminal showed and the exit status.
 */
import { createWorld, type WorldOptions } from '../simulation/presets.ts';
import { createSession, jobText, runToCompletion, type Session } from './session.ts';
import type { World } from '../simulation/world.ts';

export function testShell(opts: WorldOptions, host = 'cp-1'): { w: World; s: Session; run: (cmd: string) => { out: string; code: number } } {
  const w = createWorld(opts);
  const s = createSession(w, host);
  const run = (cmd: string) => {
    const j = runToCompletion(s, cmd);
    return { out: jobText(j), code: j.exitCode };
  };
  return { w, s, run };
}
