/** The `k8sim run` contract, on the fake driver: fail before the solution, pass after. */
import { describe, expect, it } from 'vitest';
import { fakeDriver } from './fakeDriver.ts';
import { formatReport, runScenario, splitCommands, type RunnerEvent } from './runner.ts';
import type { Check, Scenario, Step } from './schema.ts';

const get = (key: string, output: string): Check => ({ kind: 'run', command: `get ${key}`, expect: { output }, line: 1 });

function step(id: string, solution: string[], check: Check[]): Step {
  return { id, title: `Title of ${id}`, text: 'text', solution, check, line: 1 };
}

function scenario(steps: Step[], setup: string[] = []): Scenario {
  return { id: 'demo', title: 'Demo', summary: '', level: 'beginner', minutes: 10, cluster: { preset: 'ha', seed: 1 }, setup, steps, faults: [], file: 'demo.yaml' };
}

describe('runScenario', () => {
  it('passes a step whose solution makes its failing checks pass', () => {
    const report = runScenario(scenario([step('write', ['put a 1'], [get('a', 'a\n1')])]), fakeDriver());
    expect(report.ok).toBe(true);
    expect(report.steps[0]).toMatchObject({ id: 'write', ok: true, before: [{ ok: false }], after: [{ ok: true }], solutionOutputs: [{ command: 'put a 1', output: 'OK\n', exitCode: 0 }] });
    expect(report.steps[0]!.problem).toBeUndefined();
  });

  it('reports a step invalid when its checks already pass before the solution', () => {
    const report = runScenario(scenario([step('noop', ['put a 1'], [get('a', 'a\n1')])], ['put a 1']), fakeDriver());
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ ok: false, problem: 'checks already pass before the solution' });
  });

  it('needs only one check to fail before; all must pass after', () => {
    const checks = [get('a', 'a\n1'), get('b', 'b\n2')];
    expect(runScenario(scenario([step('half', ['put b 2'], checks)], ['put a 1']), fakeDriver()).ok).toBe(true);
    const report = runScenario(scenario([step('wrong', ['put b 3'], checks)], ['put a 1']), fakeDriver());
    expect(report.steps[0]).toMatchObject({ ok: false, problem: 'checks fail after the solution', after: [{ ok: true }, { ok: false }] });
  });

  it('reports both problems when the checks pass before and fail after', () => {
    const report = runScenario(scenario([step('breaks', ['del a'], [get('a', 'a\n1')])], ['put a 1']), fakeDriver());
    expect(report.steps[0]!.problem).toBe('checks already pass before the solution; checks fail after the solution');
  });

  it('stops at a failing setup command and reports its output', () => {
    const d = fakeDriver();
    const report = runScenario(scenario([step('write', ['put a 1'], [get('a', 'a\n1')])], ['crash cp-2', 'crash cp-3', 'put a 0', 'put never run']), d);
    expect(report).toEqual({ scenario: 'demo', ok: false, steps: [], totalSteps: 1, setupProblem: 'setup command `put a 0` exited 1:\nError: context deadline exceeded' });
    expect(d.state.log).toEqual(['crash cp-2', 'crash cp-3', 'put a 0']);
  });

  it('runs solutions on the main driver in order, and checks only on forks', () => {
    const d = fakeDriver();
    runScenario(scenario([step('one', ['put a 1'], [get('a', 'a\n1')]), step('two', ['crash cp-3', 'sleep 3'], [{ kind: 'host', name: 'cp-3', up: false, line: 1 }])], ['put x y']), d);
    expect(d.state.log).toEqual(['put x y', 'put a 1', 'crash cp-3', 'sleep 3']);
  });

  it('keeps running later steps after a failed one', () => {
    const report = runScenario(scenario([step('bad', [], [get('a', 'a\n1')]), step('good', ['put b 2'], [get('b', 'b\n2')])]), fakeDriver());
    expect(report.steps.map((s) => [s.id, s.ok])).toEqual([['bad', false], ['good', true]]);
  });

  it('passes a heredoc solution to the driver as one command', () => {
    const s = step('cat', ['cat <<EOF\nhello\nEOF'], [{ kind: 'host', name: 'cp-1', up: false, line: 1 }]);
    expect(runScenario(scenario([s]), fakeDriver()).steps[0]!.solutionOutputs).toEqual([{ command: 'cat <<EOF\nhello\nEOF', output: 'hello\n', exitCode: 0 }]);
  });

  it('emits events in order', () => {
    const events: RunnerEvent['type'][] = [];
    runScenario(scenario([step('write', ['put a 1'], [get('a', 'a\n1')])], ['put x y']), fakeDriver(), { onEvent: (e) => events.push(e.type) });
    expect(events).toEqual(['setup-command', 'setup-done', 'step-start', 'step']);
  });

  it('re-exports the heredoc-aware splitter', () => {
    expect(splitCommands('put a 1\ncat <<EOF\nx\nEOF\n')).toEqual(['put a 1', 'cat <<EOF\nx\nEOF']);
  });
});

describe('formatReport', () => {
  it('prints one line per passing step and a summary', () => {
    const report = runScenario(scenario([step('one', ['put a 1'], [get('a', 'a\n1')]), step('two', ['put b 2'], [get('b', 'b\n2'), { kind: 'etcd', leader: true, line: 1 }, { kind: 'host', name: 'cp-1', up: true, line: 1 }])]), fakeDriver());
    // `two` still fails before (b unset), so it is valid.
    expect(formatReport(report)).toBe('✓ step one: Title of one (1 check)\n✓ step two: Title of two (3 checks)\nscenario demo: 2/2 steps passed\n');
  });

  it('details a failing step: the problem, each check, and the solution output', () => {
    const report = runScenario(scenario([step('wrong', ['put a 2', 'exit 4'], [get('a', 'a\n1')])]), fakeDriver());
    expect(formatReport(report)).toBe(
      [
        '✗ step wrong: Title of wrong (1 check)',
        '    checks fail after the solution:',
        '      ✗ run `get a`: output "a\\n1"',
        '          output differs from the expected text',
        '          exit 0, output:',
        '          a',
        '          2',
        '    solution:',
        '      $ put a 2',
        '        OK',
        '      $ exit 4   (exit 4)',
        'scenario demo: 0/1 steps passed — FAILED',
        '',
      ].join('\n'),
    );
  });

  it('lists the checks that already passed', () => {
    const report = runScenario(scenario([step('noop', [], [{ kind: 'host', name: 'cp-1', up: true, line: 1 }])]), fakeDriver());
    expect(formatReport(report)).toBe('✗ step noop: Title of noop (1 check)\n    checks already pass before the solution:\n      ✓ host cp-1 is up\nscenario demo: 0/1 steps passed — FAILED\n');
  });

  it('reports a setup failure', () => {
    const report = runScenario(scenario([step('one', ['put a 1'], [get('a', 'a\n1')])], ['nosuch']), fakeDriver());
    expect(formatReport(report)).toBe('✗ setup\n    setup command `nosuch` exited 127:\n    nosuch: command not found\nscenario demo: 0/1 steps passed — setup failed\n');
  });
});
