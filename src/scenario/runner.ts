/**
 * Runs a scenario headless (`k8sim run`, CI): setup, then for every step check that its checks
 * FAIL before the solution (a check that already passes proves nothing) and PASS after it.
 */
import { evaluateCheck, type CheckResult } from './checks.ts';
import type { ScenarioDriver } from './driver.ts';
import type { Scenario } from './schema.ts';

export interface StepReport {
  id: string;
  title: string;
  ok: boolean;
  before: CheckResult[];
  after: CheckResult[];
  solutionOutputs: { command: string; output: string; exitCode: number }[];
  problem?: string;
}

export interface ScenarioReport {
  scenario: string;
  ok: boolean;
  steps: StepReport[];
  setupProblem?: string;
}

export type RunnerEvent = { type: 'step'; report: StepReport } | { type: 'setup-done' };

export function runScenario(scenario: Scenario, driver: ScenarioDriver, opts: { onEvent?: (e: RunnerEvent) => void } = {}): ScenarioReport {
  for (const command of scenario.setup) {
    const r = driver.exec(command);
    if (r.exitCode !== 0) return { scenario: scenario.id, ok: false, steps: [], setupProblem: `setup command \`${command}\` exited ${r.exitCode}:\n${r.output}` };
  }
  opts.onEvent?.({ type: 'setup-done' });
  const steps: StepReport[] = [];
  for (const step of scenario.steps) {
    const before = step.check.map((c) => evaluateCheck(c, driver));
    const solutionOutputs = step.solution.map((command) => ({ command, ...driver.exec(command) }));
    const after = step.check.map((c) => evaluateCheck(c, driver));
    let problem: string | undefined;
    if (before.every((r) => r.ok)) problem = 'checks already pass before the solution';
    else if (!after.every((r) => r.ok)) problem = 'checks fail after the solution';
    const report: StepReport = { id: step.id, title: step.title, ok: problem === undefined, before, after, solutionOutputs, ...(problem ? { problem } : {}) };
    steps.push(report);
    opts.onEvent?.({ type: 'step', report });
  }
  return { scenario: scenario.id, ok: steps.every((s) => s.ok), steps };
}

export function formatReport(report: ScenarioReport): string {
  const out: string[] = [];
  if (report.setupProblem) out.push(`✗ setup: ${report.setupProblem}`);
  for (const s of report.steps) {
    out.push(`${s.ok ? '✓' : '✗'} step ${s.id}: ${s.title} (${s.after.length} checks)`);
    if (s.ok) continue;
    out.push(`    ${s.problem}`);
    const list = s.problem === 'checks already pass before the solution' ? s.before : s.after;
    for (const c of list) {
      out.push(`    ${c.ok ? '✓' : '✗'} ${c.description}`);
      if (!c.ok && c.detail) out.push(...c.detail.split('\n').map((l) => `        ${l}`));
    }
    if (s.problem === 'checks fail after the solution') {
      for (const o of s.solutionOutputs) {
        out.push(`    $ ${o.command.split('\n')[0]}`);
        out.push(...o.output.replace(/\n$/, '').split('\n').slice(0, 10).map((l) => `      ${l}`));
      }
    }
  }
  const passed = report.steps.filter((s) => s.ok).length;
  out.push(`scenario ${report.scenario}: ${passed}/${report.steps.length} steps passed${report.ok ? '' : ' — FAILED'}`);
  return out.join('\n') + '\n';
}
