/**
 * The lesson panel's state and actions, framework-free (zustand/vanilla). Loading a lesson resets
 * the simulation to the scenario's preset and seed and submits its setup commands to the
 * terminal; "Show me" submits the step's solution; "Check" evaluates each check on a fork of
 * the live world, so checking never changes the lesson.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SimController } from '../../store/simulationStore.ts';
import { driverFor } from '../../shell/driver.ts';
import { bundledScenarioFiles, parseLesson, runCheck, type CheckOutcome, type Lesson } from './scenarioApi.ts';

export interface LessonEntry {
  file: string;
  title: string;
  summary: string;
  meta: string;
  lesson?: Lesson;
  error?: string;
}

export interface LessonState {
  entries: LessonEntry[];
  active: LessonEntry | null;
  step: number;
  hint: boolean;
  results: CheckOutcome[] | null;
}

export interface LessonController {
  store: StoreApi<LessonState>;
  open(file: string): void;
  close(): void;
  goTo(step: number): void;
  toggleHint(): void;
  showMe(): void;
  check(): void;
  run(command: string): void;
  /** Submits the active lesson's trainer fault `index` (its `sim` commands), visibly in the terminal. */
  injectFault(index: number): void;
}

export function lessonEntries(files: { file: string; text: string }[]): LessonEntry[] {
  return files.map(({ file, text }) => {
    const parsed = parseLesson(text, file);
    if ('error' in parsed) {
      const title = /^title:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? file;
      return { file, title, summary: '', meta: file, error: parsed.error };
    }
    const l = parsed.lesson;
    const meta = [l.level, `${l.minutes} min`, `${l.steps.length} steps`, `preset ${l.cluster.preset}`].join(' · ');
    return { file, title: l.title, summary: l.summary.trim(), meta, lesson: l };
  });
}

export function createLessonController(sim: SimController, files = bundledScenarioFiles()): LessonController {
  const store = createStore<LessonState>(() => ({ entries: lessonEntries(files), active: null, step: 0, hint: false, results: null }));
  const current = () => {
    const { active, step } = store.getState();
    return active?.lesson?.steps[step];
  };
  return {
    store,
    open(file) {
      const entry = store.getState().entries.find((e) => e.file === file) ?? null;
      store.setState({ active: entry, step: 0, hint: false, results: null });
      const lesson = entry?.lesson;
      if (!lesson) return;
      sim.reset(lesson.cluster.preset, lesson.cluster.seed);
      for (const line of lesson.setup) sim.submit(line);
    },
    close: () => store.setState({ active: null, step: 0, hint: false, results: null }),
    goTo(step) {
      const n = store.getState().active?.lesson?.steps.length ?? 0;
      if (step < 0 || step >= n) return;
      store.setState({ step, hint: false, results: null });
    },
    toggleHint: () => store.setState((s) => ({ hint: !s.hint })),
    showMe() {
      for (const line of current()?.solution ?? []) sim.submit(line);
    },
    check() {
      const step = current();
      if (!step) return;
      // evaluateCheck runs `run` checks on a fork: checking never changes the lesson.
      const driver = driverFor(sim.session());
      const results = step.check.map((c) => runCheck(c, driver));
      store.setState({ results });
    },
    run: (command) => sim.submit(command),
    injectFault(index) {
      for (const line of store.getState().active?.lesson?.faults[index]?.commands ?? []) sim.submit(line);
    },
  };
}
