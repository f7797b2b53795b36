/**
 * Runs a scenario headless (`k8sim run`, CI): setup, then for every step check that its checks
 * FAIL before the solution (a check that already passes proves nothing about the step) and
 * PASS after it. Every step runs even after one fails, since later steps build on the world
 * the earlier solutions made and their reports are still informative.
 */
import { clip, evaluateCheck, type CheckResult } from './checks.ts';
import type { ScenarioDriver } from './driver.ts';
import type { Scenario } from './schema.ts';

export { splitCommands } from './split.ts';

export interface CommandOutput {
  command: string;
  output: string;
  exitCode: number;
}

export interface StepReport {
  id: string;
  title: string;
  ok: boolean;
  before: CheckResult[];
  after: CheckResult[];
  solutionOutputs: CommandOutput[];
  /** Why the step is not ok: one or both of PASS_BEFORE and FAIL_AFTER, joined by '; '. */
  problem?: string;
}

export interface ScenarioReport {
  scenario: string;
  ok: boolean;
  steps: StepReport[];
  /** How many steps the scenario has; fewer are reported when setup fails. */
  totalSteps: number;
  setupProblem?: string;
}

export type RunnerEvent =
  | { type: 'setup-command'; result: CommandOutput }
  | { type: 'setup-done' }
  | { type: 'step-start'; id: string; title: string }
  | { type: 'step'; report: StepReport };

export const PASS_BEFORE = 'checks already pass before the solution';
export const FAIL_AFTER = 'checks fail after the solution';

export function runScenario(scenario: Scenario, driver: ScenarioDriver, opts: { onEvent?: (e: RunnerEvent) => void } = {}): ScenarioReport {
  const emit = opts.onEvent ?? (() => {});
  const base = { scenario: scenario.id, totalSteps: scenario.steps.length };
  for (const command of scenario.setup) {
    const result = { command, ...driver.exec(command) };
    emit({ type: 'setup-command', result });
    // Steps assume the setup happened; running them on a half-built world would mislead.
    if (result.exitCode !== 0) return { ...base, ok: false, steps: [], setupProblem: `setup command \`${command}\` exited ${result.exitCode}:\n${clip(result.output)}` };
  }
  emit({ type: 'setup-done' });
  const steps: StepReport[] = [];
  for (const step of scenario.steps) {
    emit({ type: 'step-start', id: step.id, title: step.title });
    const before = step.check.map((c) => evaluateCheck(c, driver));
    const solutionOutputs = step.solution.map((command) => ({ command, ...driver.exec(command) }));
    const after = step.check.map((c) => evaluateCheck(c, driver));
    const report = stepReport(step.id, step.title, before, after, solutionOutputs);
    steps.push(report);
    emit({ type: 'step', report });
  }
  return { ...base, ok: steps.every((s) => s.ok), steps };
}

function stepReport(id: string, title: string, before: CheckResult[], after: CheckResult[], solutionOutputs: CommandOutput[]): StepReport {
  const problems = [...(before.every((r) => r.ok) ? [PASS_BEFORE] : []), ...(after.every((r) => r.ok) ? [] : [FAIL_AFTER])];
  return { id, title, ok: problems.length === 0, before, after, solutionOutputs, ...(problems.length ? { problem: problems.join('; ') } : {}) };
}

const indent = (text: string, by: string): string[] => text.split('\n').map((l) => by + l);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A test-runner style summary: a ✓/✗ line per step, details only for the failures. */
export function formatReport(report: ScenarioReport): string {
  const out: string[] = [];
  if (report.setupProblem) out.push('✗ setup', ...indent(report.setupProblem, '    '));
  for (const s of report.steps) out.push(...formatStep(s));
  const passed = report.steps.filter((s) => s.ok).length;
  const tail = report.setupProblem ? ' — setup failed' : report.ok ? '' : ' — FAILED';
  out.push(`scenario ${report.scenario}: ${passed}/${report.totalSteps} steps passed${tail}`);
  return out.join('\n') + '\n';
}

function formatStep(s: StepReport): string[] {
  const out = [`${s.ok ? '✓' : '✗'} step ${s.id}: ${s.title} (${plural(s.after.length, 'check')})`];
  if (s.ok) return out;
  const problems = s.problem?.split('; ') ?? [];
  if (problems.includes(PASS_BEFORE)) out.push(`    ${PASS_BEFORE}:`, ...formatChecks(s.before));
  if (problems.includes(FAIL_AFTER)) {
    out.push(`    ${FAIL_AFTER}:`, ...formatChecks(s.after), '    solution:');
    for (const o of s.solutionOutputs) {
      out.push(`      $ ${o.command.split('\n')[0]}${o.exitCode === 0 ? '' : `   (exit ${o.exitCode})`}`);
      const text = clip(o.output, 10);
      if (text) out.push(...indent(text, '        '));
    }
  }
  return out;
}

function formatChecks(results: CheckResult[]): string[] {
  const out: string[] = [];
  for (const c of results) {
    out.push(`      ${c.ok ? '✓' : '✗'} ${c.description}`);
    if (!c.ok && c.detail) out.push(...indent(c.detail, '          '));
  }
  return out;
}
