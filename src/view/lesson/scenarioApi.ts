/**
 * The lesson panel's view of the scenario layer: the scenario files bundled from /scenarios,
 * parsed with the same loader `k8sim run` uses, and checks evaluated by the same code.
 */
import { formatScenarioError, parseScenario } from '../../scenario/loader.ts';
import { evaluateCheck, type CheckResult } from '../../scenario/checks.ts';
import type { ScenarioDriver } from '../../scenario/driver.ts';
import type { Check, Scenario } from '../../scenario/schema.ts';

export type Lesson = Scenario;
export type CheckOutcome = CheckResult;

/** The raw scenario files bundled with the app, by file name, sorted. */
export function bundledScenarioFiles(): { file: string; text: string }[] {
  const raw = import.meta.glob<string>('/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });
  return Object.entries(raw)
    .map(([path, text]) => ({ file: path.slice(path.lastIndexOf('/') + 1), text }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export function parseLesson(text: string, file: string): { lesson: Lesson } | { error: string } {
  const r = parseScenario(text, file);
  if ('scenario' in r) return { lesson: r.scenario };
  return { error: r.errors.map(formatScenarioError).join('\n') };
}

/** Runs one check; a `run` check executes on a fork, so the lesson's world is not changed. */
export function runCheck(check: Check, driver: ScenarioDriver): CheckOutcome {
  try {
    return evaluateCheck(check, driver);
  } catch (e) {
    return { ok: false, description: `check at line ${check.line}`, detail: (e as Error).message };
  }
}
