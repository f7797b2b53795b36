/**
 * Deterministic replay: a world is a function of its seed, its preset and the user's inputs with
 * the virtual times they were entered at. `replay` rebuilds a run from those alone — how a
 * trainer's live session, or a failing run from the app, is reproduced exactly.
 */
import { createWorld } from '../simulation/presets.ts';
import { stepWorld, type PresetName, type RecordedInput, type World } from '../simulation/world.ts';
import { defaultHostFor } from './driver.ts';
import { createSession, jobText, resume, startJob, type Job } from './session.ts';

export interface ReplayResult {
  world: World;
  outputs: string[];
}

/** Runs the world to `untilMs`, resuming the running job after every event (as the app does). */
function advanceTo(world: World, untilMs: number, job: Job | null, session: ReturnType<typeof createSession>): void {
  while (stepWorld(world, untilMs)) if (job) resume(session, job);
  if (job) resume(session, job);
}

export function replay(opts: { preset: PresetName; seed: number; inputs: readonly RecordedInput[]; untilMs: number; settleMs?: number }): ReplayResult {
  const world = createWorld({ preset: opts.preset, seed: opts.seed, ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}) });
  const session = createSession(world, defaultHostFor(world));
  const outputs: string[] = [];
  let job: Job | null = null;
  for (const input of opts.inputs) {
    advanceTo(world, input.atMs, job, session);
    if (job && !job.done) throw new Error(`replay: input "${input.line}" at ${input.atMs} ms arrives while "${job.line}" is still running`);
    if (job) outputs.push(jobText(job));
    session.host = input.host;
    job = startJob(session, input.line);
  }
  advanceTo(world, opts.untilMs, job, session);
  if (job) outputs.push(jobText(job));
  return { world, outputs };
}
