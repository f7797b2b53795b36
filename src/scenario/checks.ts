/**
 * Evaluates declarative checks against a simulation. A `run` check executes on a fork, so
 * checking never changes the lesson's world (a check's `etcdctl put` is not a real write, and
 * the virtual time it takes does not pass for the student).
 */
import type { Check, RunExpectation } from './schema.ts';
import type { ClusterFacts, ScenarioDriver } from './driver.ts';

export interface CheckResult {
  ok: boolean;
  /** What the check asks, e.g. 'run `etcdctl get foo`: exit 0, output contains "bar"'. */
  description: string;
  /** Why it failed: the actual exit code and output, or the actual state. */
  detail?: string;
}

type RunCheck = Extract<Check, { kind: 'run' }>;
type EtcdCheck = Extract<Check, { kind: 'etcd' }>;
type HostCheck = Extract<Check, { kind: 'host' }>;

const MAX_DETAIL_LINES = 20;

/** The output for a failure message: trailing whitespace dropped, at most 20 lines. */
export function clip(text: string, max = MAX_DETAIL_LINES): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length <= max) return lines.join('\n');
  return [...lines.slice(0, max), `… (${lines.length - max} more lines)`].join('\n');
}

/** The exit code a run check requires; see RunExpectation for why the default depends on the rest. */
export function expectedExitCode(e: RunExpectation): number | undefined {
  if (e.exitCode !== undefined) return e.exitCode;
  return e.output !== undefined || e.contains !== undefined || e.matches !== undefined ? undefined : 0;
}

/** A heredoc command is described by its first line; the body would drown the message. */
function commandLabel(command: string): string {
  const [first, ...rest] = command.split('\n');
  return rest.length ? `${first} …` : first!;
}

const quoted = (s: string): string => JSON.stringify(s);

export function describeCheck(c: Check): string {
  switch (c.kind) {
    case 'run':
      return describeRun(c);
    case 'etcd':
      return describeEtcd(c);
    case 'host':
      return `host ${c.name} is ${c.up ? 'up' : 'down'}`;
  }
}

function describeRun(c: RunCheck): string {
  const e = c.expect;
  const parts: string[] = [];
  const exit = expectedExitCode(e);
  if (exit !== undefined) parts.push(`exit ${exit}`);
  if (e.output !== undefined) parts.push(e.output.trimEnd() === '' ? 'no output' : `output ${quoted(e.output.trimEnd())}`);
  for (const s of e.contains ?? []) parts.push(`output contains ${quoted(s)}`);
  for (const s of e.notContains ?? []) parts.push(`output lacks ${quoted(s)}`);
  if (e.matches !== undefined) parts.push(`output matches /${e.matches}/`);
  return `run \`${commandLabel(c.command)}\`${c.host ? ` on ${c.host}` : ''}: ${parts.join(', ')}`;
}

function describeEtcd(c: EtcdCheck): string {
  const parts: string[] = [];
  if (c.leader !== undefined) parts.push(c.leader ? 'etcd has a leader' : 'etcd has no leader');
  if (c.leaderOn !== undefined) parts.push(`the etcd leader is on ${c.leaderOn}`);
  if (c.membersRunning !== undefined) parts.push(`${c.membersRunning} etcd member${c.membersRunning === 1 ? '' : 's'} running`);
  if (c.quorum !== undefined) parts.push(c.quorum ? 'etcd has quorum' : 'etcd has no quorum');
  return parts.join(', ') || 'etcd (no condition)';
}

export function evaluateCheck(check: Check, driver: ScenarioDriver): CheckResult {
  const description = describeCheck(check);
  const problems = check.kind === 'run' ? undefined : stateProblems(check, driver.facts());
  if (problems) return problems.length === 0 ? { ok: true, description } : { ok: false, description, detail: problems.join('\n') };
  return evaluateRun(check as RunCheck, driver, description);
}

function evaluateRun(check: RunCheck, driver: ScenarioDriver, description: string): CheckResult {
  const fork = driver.fork();
  if (check.host) {
    // Without this, a failed ssh would silently run the command on the wrong host.
    const ssh = fork.exec(`ssh ${check.host}`);
    if (ssh.exitCode !== 0) return { ok: false, description, detail: `ssh ${check.host} failed (exit ${ssh.exitCode}):\n${clip(ssh.output)}` };
  }
  const r = fork.exec(check.command);
  const problems = runProblems(check.expect, r.output, r.exitCode);
  if (problems.length === 0) return { ok: true, description };
  return { ok: false, description, detail: `${problems.join('\n')}\nexit ${r.exitCode}, output:\n${clip(r.output) || '(none)'}` };
}

/** What is wrong with a command's result, one line each; empty when it meets the expectation. */
export function runProblems(e: RunExpectation, output: string, exitCode: number): string[] {
  const problems: string[] = [];
  const wantExit = expectedExitCode(e);
  if (wantExit !== undefined && exitCode !== wantExit) problems.push(`exit code ${exitCode}, expected ${wantExit}`);
  if (e.output !== undefined && output.trimEnd() !== e.output.trimEnd()) {
    const want = e.output.trimEnd();
    problems.push(want === '' ? 'expected no output' : `output differs from ${want.includes('\n') ? 'the expected text' : quoted(want)}`);
  }
  for (const s of e.contains ?? []) if (!output.includes(s)) problems.push(`output lacks ${quoted(s)}`);
  for (const s of e.notContains ?? []) if (output.includes(s)) problems.push(`output contains ${quoted(s)}`);
  if (e.matches !== undefined && !new RegExp(e.matches, 'm').test(output)) problems.push(`output does not match /${e.matches}/`);
  return problems;
}

/** Problems with an etcd or host check against the cluster's facts; empty when it holds. */
export function stateProblems(check: EtcdCheck | HostCheck, facts: ClusterFacts): string[] {
  if (check.kind === 'host') {
    const h = facts.hosts.find((x) => x.name === check.name);
    if (!h) return [`no host named ${check.name} (hosts: ${facts.hosts.map((x) => x.name).join(', ')})`];
    return h.up === check.up ? [] : [`${check.name} is ${h.up ? 'up' : 'down'}`];
  }
  const running = facts.etcd.filter((m) => m.running);
  const leader = running.find((m) => m.role === 'leader' && m.hasQuorum);
  const quorum = running.some((m) => m.hasQuorum);
  const problems: string[] = [];
  if (check.leader !== undefined && !!leader !== check.leader) problems.push(leader ? `the leader is on ${leader.host}` : 'no running member is a leader with quorum');
  if (check.leaderOn !== undefined && leader?.host !== check.leaderOn) problems.push(leader ? `the leader is on ${leader.host}` : 'there is no leader');
  if (check.membersRunning !== undefined && running.length !== check.membersRunning) problems.push(`${running.length} member${running.length === 1 ? '' : 's'} running`);
  if (check.quorum !== undefined && quorum !== check.quorum) problems.push(quorum ? 'a member has quorum' : 'no member has quorum');
  if (problems.length) problems.push(`members: ${memberSummary(facts)}`);
  return problems;
}

/** `cp-1 leader (term 3, quorum), cp-2 follower (term 3), cp-3 down` — the state at a glance. */
export function memberSummary(facts: ClusterFacts): string {
  if (facts.etcd.length === 0) return '(none)';
  return facts.etcd
    .map((m) => {
      if (!m.running) return `${m.host} down`;
      const notes = [`term ${m.term}`, ...(m.hasQuorum ? ['quorum'] : []), ...(m.isLearner ? ['learner'] : [])];
      return `${m.host} ${m.role} (${notes.join(', ')})`;
    })
    .join(', ');
}
