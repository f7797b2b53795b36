/**
 * Evaluates declarative checks against a simulation. A `run` check executes on a fork, so
 * checking never changes the lesson's world (a check's `etcdctl put` is not a real write).
 */
import type { Check, RunExpectation } from './schema.ts';
import type { ScenarioDriver } from './driver.ts';

export interface CheckResult {
  ok: boolean;
  description: string;
  /** Why it failed: the actual exit code and output, or the actual state. */
  detail?: string;
}

const MAX_DETAIL_LINES = 20;

function clip(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.length > MAX_DETAIL_LINES ? [...lines.slice(0, MAX_DETAIL_LINES), `… (${lines.length - MAX_DETAIL_LINES} more lines)`].join('\n') : lines.join('\n');
}

export function describeCheck(c: Check): string {
  switch (c.kind) {
    case 'run': {
      const parts: string[] = [];
      if (c.expect.exitCode !== undefined) parts.push(`exit ${c.expect.exitCode}`);
      if (c.expect.output !== undefined) parts.push(c.expect.output === '' ? 'no output' : `output "${c.expect.output}"`);
      for (const s of c.expect.contains ?? []) parts.push(`output contains "${s}"`);
      for (const s of c.expect.notContains ?? []) parts.push(`output lacks "${s}"`);
      if (c.expect.matches !== undefined) parts.push(`output matches /${c.expect.matches}/`);
      return `run \`${c.command}\`${c.host ? ` on ${c.host}` : ''}: ${parts.join(', ') || 'exit 0'}`;
    }
    case 'etcd': {
      const parts: string[] = [];
      if (c.leader !== undefined) parts.push(c.leader ? 'etcd has a leader' : 'etcd has no leader');
      if (c.leaderOn !== undefined) parts.push(`the leader is on ${c.leaderOn}`);
      if (c.membersRunning !== undefined) parts.push(`${c.membersRunning} members running`);
      if (c.quorum !== undefined) parts.push(c.quorum ? 'quorum' : 'no quorum');
      return parts.join(', ');
    }
    case 'host':
      return `host ${c.name} is ${c.up ? 'up' : 'down'}`;
  }
}

export function evaluateCheck(check: Check, driver: ScenarioDriver): CheckResult {
  const description = describeCheck(check);
  if (check.kind === 'host') {
    const h = driver.facts().hosts.find((x) => x.name === check.name);
    if (!h) return { ok: false, description, detail: `no host named ${check.name}` };
    return h.up === check.up ? { ok: true, description } : { ok: false, description, detail: `${check.name} is ${h.up ? 'up' : 'down'}` };
  }
  if (check.kind === 'etcd') return evaluateEtcd(check, driver, description);
  const fork = driver.fork();
  if (check.host) fork.exec(`ssh ${check.host}`);
  const r = fork.exec(check.command);
  const problems = runProblems(check.expect, r.output, r.exitCode);
  if (problems.length === 0) return { ok: true, description };
  return { ok: false, description, detail: `${problems.join('; ')}\nexit ${r.exitCode}, output:\n${clip(r.output)}` };
}

function runProblems(e: RunExpectation, output: string, exitCode: number): string[] {
  const problems: string[] = [];
  const wantExit = e.exitCode ?? (e.output !== undefined || e.contains || e.matches ? undefined : 0);
  if (wantExit !== undefined && exitCode !== wantExit) problems.push(`exit code ${exitCode}, expected ${wantExit}`);
  const trimmed = output.replace(/\s+$/, '');
  if (e.output !== undefined && trimmed !== e.output.replace(/\s+$/, '')) problems.push('output differs');
  for (const s of e.contains ?? []) if (!output.includes(s)) problems.push(`output lacks "${s}"`);
  for (const s of e.notContains ?? []) if (output.includes(s)) problems.push(`output contains "${s}"`);
  if (e.matches !== undefined && !new RegExp(e.matches, 'm').test(output)) problems.push(`output does not match /${e.matches}/`);
  return problems;
}

function evaluateEtcd(check: Check & { kind: 'etcd' }, driver: ScenarioDriver, description: string): CheckResult {
  const members = driver.facts().etcd;
  const running = members.filter((m) => m.running);
  const leader = running.find((m) => m.role === 'leader' && m.hasQuorum);
  const problems: string[] = [];
  if (check.leader !== undefined && !!leader !== check.leader) problems.push(leader ? `${leader.host} is leader (term ${leader.term})` : 'no member is a leader with quorum');
  if (check.leaderOn !== undefined && leader?.host !== check.leaderOn) problems.push(`the leader is ${leader ? `on ${leader.host}` : 'missing'}`);
  if (check.membersRunning !== undefined && running.length !== check.membersRunning) problems.push(`${running.length} members running`);
  const quorum = running.some((m) => m.hasQuorum);
  if (check.quorum !== undefined && quorum !== check.quorum) problems.push(quorum ? 'the cluster has quorum' : 'the cluster has no quorum');
  return problems.length === 0 ? { ok: true, description } : { ok: false, description, detail: problems.join('; ') };
}
