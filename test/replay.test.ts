/**
 * A session driven like the app drives it — wall-clock frames of varying length at several
 * speeds, commands typed while time runs — is reproduced exactly from its seed and recorded
 * inputs (the command lines with the virtual times they started at).
 */
import { describe, expect, it } from 'vitest';
import { formatTraceRecord } from '../src/kernel/index.ts';
import { createSimulationController } from '../src/store/simulationStore.ts';
import { replay } from '../src/shell/replay.ts';

describe('replay from seed + recorded inputs', () => {
  it('reproduces an interactive session byte for byte', () => {
    const c = createSimulationController({ preset: 'ha', seed: 17 });
    const out: string[] = [];
    c.onOutput((t) => out.push(t));
    const frames = [16, 16, 33, 16, 250, 16, 16, 100];
    const script: [number, string][] = [
      [3, 'etcdctl put a 1'],
      [10, 'sim crash cp-2'],
      [14, 'sim partition cp-1 / cp-3'],
      [30, 'etcdctl put b 2'],
      [90, 'sim heal'],
      [95, 'etcdctl get --prefix "" --consistency=s'],
    ];
    c.setSpeed(5);
    for (let frame = 0; frame < 130; frame++) {
      for (const [at, line] of script) if (at === frame) c.submit(line);
      if (frame === 60) c.setSpeed(50);
      c.advance(frames[frame % frames.length]!);
    }
    const w = c.world();
    expect(w.inputs.map((i) => i.line)).toEqual(script.map(([, l]) => l));
    const r = replay({ preset: 'ha', seed: 17, inputs: w.inputs, untilMs: w.kernel.now });
    expect(r.world.kernel.now).toBe(w.kernel.now);
    expect(r.world.kernel.trace.records.map(formatTraceRecord)).toEqual(w.kernel.trace.records.map(formatTraceRecord));
    expect(r.outputs.join('')).toContain('Error: context deadline exceeded');
  });
});
