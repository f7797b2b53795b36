import { describe, expect, it } from 'vitest';
import type { SimController } from '../../store/simulationStore.ts';
import { createLessonController } from './lessonController.ts';
import { bundledScenarioFiles } from './scenarioApi.ts';

/** Records what the lesson controller asks of the simulation. */
function fakeSim() {
  const calls: string[] = [];
  const sim = {
    reset: (preset: string, seed: number) => calls.push(`reset ${preset} ${seed}`),
    submit: (line: string) => calls.push(line),
  } as unknown as SimController;
  return { sim, calls };
}

describe('trainer faults', () => {
  const files = bundledScenarioFiles();

  it.each(['break-etcd-quorum.yaml', 'etcd-snapshot-restore.yaml'])('%s has named trainer faults made of sim commands', (file) => {
    const { sim } = fakeSim();
    const lessons = createLessonController(sim, files);
    const entry = lessons.store.getState().entries.find((e) => e.file === file);
    expect(entry?.error).toBeUndefined();
    const faults = entry!.lesson!.faults;
    expect(faults.length).toBeGreaterThanOrEqual(3);
    for (const f of faults) {
      expect(f.name).not.toBe('');
      expect(f.commands.length).toBeGreaterThan(0);
      for (const c of f.commands) expect(c).toMatch(/^sim (crash|boot|partition|heal|latency|loss)\b/);
    }
  });

  it('injects a fault by submitting its commands, in order, visibly', () => {
    const { sim, calls } = fakeSim();
    const lessons = createLessonController(sim, files);
    lessons.injectFault(0);
    expect(calls).toEqual([]);
    lessons.open('break-etcd-quorum.yaml');
    calls.length = 0;
    const quorum = lessons.store.getState().active!.lesson!.faults.findIndex((f) => f.name === 'Lose quorum');
    lessons.injectFault(quorum);
    expect(calls).toEqual(['sim crash cp-2', 'sim crash cp-3']);
    lessons.injectFault(99);
    expect(calls).toHaveLength(2);
  });
});
