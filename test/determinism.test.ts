/**
 * Determinism: the same seed and the same inputs give a byte-identical trace; a run restored from
 * a checkpoint and fed the same remaining inputs ends exactly where the straight run ends; and the
 * recorded inputs replay the run.
 */
import { describe, expect, it } from 'vitest';
import { formatTraceRecord } from '../src/kernel/index.ts';
import { createWorld } from '../src/simulation/presets.ts';
import { checkpoint, type World } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { defaultHostFor } from '../src/shell/driver.ts';

const INPUTS = [
  'etcdctl put a 1',
  'sim partition cp-1 / cp-2,cp-3',
  'sleep 4',
  'etcdctl --endpoints=cp-2:2379 put b 2',
  'sim loss cp-2 cp-3 30',
  'sim heal',
  'sim crash cp-2',
  'sleep 3',
  'etcdctl put c 3',
  'sim boot cp-2',
  'sleep 5',
  'etcdctl get --prefix "" -w json',
];

function traceText(w: World): string {
  return w.kernel.trace.records.map(formatTraceRecord).join('\n');
}

function run(seed: number, inputs: string[], world = createWorld({ preset: 'ha', seed })) {
  const session = createSession(world, defaultHostFor(world));
  const outputs = inputs.map((line) => jobText(runToCompletion(session, line)));
  return { world, outputs };
}

describe('determinism', () => {
  it('same seed and inputs give a byte-identical trace and output', () => {
    const a = run(11, INPUTS);
    const b = run(11, INPUTS);
    expect(a.world.kernel.trace.nextId).toBeGreaterThan(1000);
    expect(traceText(a.world)).toBe(traceText(b.world));
    expect(a.outputs).toEqual(b.outputs);
  });

  it('a different seed gives a different run (the seed matters)', () => {
    const a = run(11, INPUTS);
    const c = run(12, INPUTS);
    expect(traceText(a.world)).not.toBe(traceText(c.world));
  });

  it('restoring a checkpoint and replaying the remaining inputs equals the straight run', () => {
    const straight = run(21, INPUTS);
    const world = createWorld({ preset: 'ha', seed: 21 });
    const session = createSession(world, defaultHostFor(world));
    const half = INPUTS.length / 2;
    for (const line of INPUTS.slice(0, half)) runToCompletion(session, line);
    const saved = checkpoint(world);
    // Wander off on the original (this must not leak into the checkpoint).
    runToCompletion(session, 'sim crash cp-1');
    runToCompletion(session, 'sleep 10');
    const resumed = createSession(saved, session.hostStack.length ? session.host : defaultHostFor(saved));
    for (const line of INPUTS.slice(half)) runToCompletion(resumed, line);
    expect(traceText(saved)).toBe(traceText(straight.world));
  });

  it('the recorded inputs replay the run', () => {
    const original = run(31, INPUTS);
    const replayInputs = original.world.inputs.map((i) => i.line);
    const replay = run(31, replayInputs);
    expect(replayInputs).toEqual(INPUTS);
    expect(traceText(replay.world)).toBe(traceText(original.world));
  });
});
