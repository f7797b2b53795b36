/**
 * The app's entry point, the only place where layers are wired together: the simulation
 * controller, the lesson controller, the view's UI store, the React page, and the animation-frame loop that turns
 * wall time into virtual time (the core itself never sees a real clock).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSimulationController, type SimController } from './store/simulationStore.ts';
import { App } from './view/App.tsx';
import { createLessonController, type LessonController } from './view/lesson/lessonController.ts';
import type { TerminalBinding } from './view/terminal/terminalBinding.ts';
import { createUiStore, type UiStore } from './view/uiStore.ts';
import './view/styles.css';

declare global {
  interface Window {
    /** For the browser test and the curious: the controllers and the terminal's text. */
    __k8sim?: { controller: SimController; lessons: LessonController; ui: UiStore; terminalText(): string };
  }
}

const controller = createSimulationController({ preset: 'ha', seed: 1 });
const lessons = createLessonController(controller);
const ui = createUiStore();
let terminal: TerminalBinding | null = null;
const onTerminal = (binding: TerminalBinding | null) => {
  terminal = binding;
};
window.__k8sim = { controller, lessons, ui, terminalText: () => terminal?.text() ?? '' };

/** A frame longer than this (a background tab) counts as this long. */
const MAX_FRAME_WALL_MS = 250;
let last: number | null = null;
const frame = (t: number) => {
  if (last !== null) controller.advance(Math.min(MAX_FRAME_WALL_MS, Math.max(0, t - last)));
  last = t;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App controller={controller} lessons={lessons} ui={ui} onTerminal={onTerminal} />
  </StrictMode>,
);
