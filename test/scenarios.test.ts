/**
 * Every lesson in scenarios/ runs headless as `k8sim run` does: each step's checks must fail
 * before its solution and pass after it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseScenario, formatScenarioError } from '../src/scenario/loader.ts';
import { runScenario, formatReport } from '../src/scenario/runner.ts';
import { createDriver } from '../src/shell/driver.ts';

const DIR = join(__dirname, '../scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('scenarios', () => {
  it('there are lessons to run', () => {
    expect(files).toContain('break-etcd-quorum.yaml');
    expect(files).toContain('etcd-snapshot-restore.yaml');
  });

  for (const file of files) {
    it(`${file} passes: every step's checks fail before its solution and pass after`, () => {
      const parsed = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
      if ('errors' in parsed) throw new Error(parsed.errors.map(formatScenarioError).join('\n'));
      const { scenario } = parsed;
      const report = runScenario(scenario, createDriver(scenario.cluster));
      expect(report.ok, formatReport(report)).toBe(true);
      expect(report.steps.length).toBe(scenario.steps.length);
      for (const s of report.steps) expect(s.before.some((c) => !c.ok), `${s.id} before`).toBe(true);
    });
  }

  it('npx k8sim run exits 0 for a passing scenario and prints the report', () => {
    const r = spawnSync(join(__dirname, '../bin/k8sim.mjs'), ['run', join(DIR, 'break-etcd-quorum.yaml')], { encoding: 'utf8' });
    expect(r.stdout).toContain('scenario break-etcd-quorum: 5/5 steps passed');
    expect(r.status).toBe(0);
  });

  it('npx k8sim run exits non-zero and names file, line and field for a broken scenario', () => {
    const r = spawnSync(join(__dirname, '../bin/k8sim.mjs'), ['run', join(__dirname, 'fixtures/broken-scenario.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('broken-scenario.yaml:9:5: steps[0].chek: unknown field "chek" (did you mean "check"?)');
  });

  it('npx k8sim shell reads stdin, runs each command in virtual time, exits with the last status', () => {
    const r = spawnSync(join(__dirname, '../bin/k8sim.mjs'), ['shell', '--seed', '5'], { encoding: 'utf8', input: 'etcdctl put foo bar\netcdctl get foo --print-value-only\nsim crash cp-2\nsim crash cp-3\nsleep 3\netcdctl put foo baz\n' });
    expect(r.stdout).toMatch(/^OK\nbar\ncp-2 crashed at \d+\.\d{3}s\ncp-3 crashed at \d+\.\d{3}s\n$/);
    expect(r.stderr).toContain('Error: context deadline exceeded');
    expect(r.status).toBe(1);
  });
});
