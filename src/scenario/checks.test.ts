/** Declarative checks against the fake driver: outcomes, descriptions and failure details. */
import { describe, expect, it } from 'vitest';
import { clip, describeCheck, evaluateCheck, runProblems } from './checks.ts';
import { fakeDriver } from './fakeDriver.ts';
import type { Check, RunExpectation } from './schema.ts';

const run = (command: string, expect: RunExpectation = {}, host?: string): Check => ({ kind: 'run', command, expect, ...(host ? { host } : {}), line: 1 });
const etcd = (c: Omit<Extract<Check, { kind: 'etcd' }>, 'kind' | 'line'>): Check => ({ kind: 'etcd', ...c, line: 1 });

function driverWith(...commands: string[]) {
  const d = fakeDriver();
  for (const c of commands) d.exec(c);
  return d;
}

describe('run checks', () => {
  it('passes when the output matches, and describes what it asked', () => {
    const r = evaluateCheck(run('get foo', { contains: ['bar'], exitCode: 0 }), driverWith('put foo bar'));
    expect(r).toEqual({ ok: true, description: 'run `get foo`: exit 0, output contains "bar"' });
  });

  it('runs on a fork: a check that writes changes nothing in the lesson', () => {
    const d = fakeDriver();
    expect(evaluateCheck(run('put k v'), d).ok).toBe(true);
    expect(d.state.kv.size).toBe(0);
    expect(d.state.log).toEqual([]);
  });

  it('explains a failure with the actual exit code and output', () => {
    const r = evaluateCheck(run('get foo', { output: 'foo\nbar' }), driverWith('put foo baz'));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe('output differs from the expected text\nexit 0, output:\nfoo\nbaz');
  });

  it('compares exact output after trimming trailing whitespace on both sides', () => {
    expect(evaluateCheck(run('get foo', { output: 'foo\nbar\n\n' }), driverWith('put foo bar')).ok).toBe(true);
    expect(evaluateCheck(run('get nothing', { output: '' }), fakeDriver()).ok).toBe(true);
  });

  it('defaults to requiring exit 0 only when no positive output expectation is given', () => {
    expect(evaluateCheck(run('exit 3'), fakeDriver()).detail).toBe('exit code 3, expected 0\nexit 3, output:\n(none)');
    expect(evaluateCheck(run('exit 3', { notContains: ['x'] }), fakeDriver()).ok).toBe(false);
    expect(evaluateCheck(run('nosuch', { contains: ['not found'] }), fakeDriver()).ok).toBe(true);
  });

  it('matches a multiline regular expression', () => {
    expect(evaluateCheck(run('get foo', { matches: '^bar$' }), driverWith('put foo bar')).ok).toBe(true);
    expect(evaluateCheck(run('get foo', { matches: '^ba$' }), driverWith('put foo bar')).detail).toContain('output does not match /^ba$/');
  });

  it('runs on the given host after ssh, and fails clearly when ssh fails', () => {
    const d = driverWith('crash cp-3');
    expect(evaluateCheck(run('hostname', { output: 'cp-2' }, 'cp-2'), d)).toEqual({ ok: true, description: 'run `hostname` on cp-2: output "cp-2"' });
    expect(d.state.host).toBe('cp-1');
    expect(evaluateCheck(run('hostname', {}, 'cp-3'), d).detail).toBe('ssh cp-3 failed (exit 255):\nssh: connect to host cp-3 port 22: No route to host');
  });

  it('describes a heredoc command by its first line', () => {
    expect(describeCheck(run('cat <<EOF\nhello\nEOF', { output: 'hello' }))).toBe('run `cat <<EOF …`: output "hello"');
  });

  const problems: [string, RunExpectation, string, number, string[]][] = [
    ['all good', { exitCode: 1, contains: ['Error'] }, 'Error: x', 1, []],
    ['wrong exit', { exitCode: 1 }, '', 0, ['exit code 0, expected 1']],
    ['lacks', { contains: ['a', 'b'] }, 'a', 0, ['output lacks "b"']],
    ['contains forbidden', { notContains: ['secret'] }, 'the secret', 0, ['output contains "secret"']],
    ['expected no output', { output: '' }, 'x', 0, ['expected no output']],
    ['one-line output differs', { output: 'ok' }, 'nope', 0, ['output differs from "ok"']],
  ];
  it.each(problems)('runProblems: %s', (_n, e, output, exit, want) => {
    expect(runProblems(e, output, exit)).toEqual(want);
  });
});

describe('etcd and host checks', () => {
  it('leader: true iff a running member leads with quorum', () => {
    expect(evaluateCheck(etcd({ leader: true, membersRunning: 3, quorum: true }), fakeDriver())).toEqual({ ok: true, description: 'etcd has a leader, 3 etcd members running, etcd has quorum' });
    const r = evaluateCheck(etcd({ leader: true }), driverWith('crash cp-2', 'crash cp-3'));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe('no running member is a leader with quorum\nmembers: cp-1 pre-candidate (term 2), cp-2 down, cp-3 down');
  });

  it('leader: false, quorum: false after losing two of three', () => {
    expect(evaluateCheck(etcd({ leader: false, quorum: false, membersRunning: 1 }), driverWith('crash cp-1', 'crash cp-3')).ok).toBe(true);
  });

  it('leaderOn names the host', () => {
    expect(evaluateCheck(etcd({ leaderOn: 'cp-2' }), driverWith('crash cp-1')).ok).toBe(true);
    expect(evaluateCheck(etcd({ leaderOn: 'cp-3' }), fakeDriver()).detail).toBe('the leader is on cp-1\nmembers: cp-1 leader (term 2, quorum), cp-2 follower (term 2, quorum), cp-3 follower (term 2, quorum)');
  });

  it('host up/down, and an unknown host', () => {
    const d = driverWith('crash cp-2');
    expect(evaluateCheck({ kind: 'host', name: 'cp-2', up: false, line: 1 }, d)).toEqual({ ok: true, description: 'host cp-2 is down' });
    expect(evaluateCheck({ kind: 'host', name: 'cp-2', up: true, line: 1 }, d).detail).toBe('cp-2 is down');
    expect(evaluateCheck({ kind: 'host', name: 'cp-9', up: true, line: 1 }, d).detail).toBe('no host named cp-9 (hosts: cp-1, cp-2, cp-3, worker-1)');
  });
});

describe('clip', () => {
  it('keeps 20 lines and says how many were left out', () => {
    const text = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const clipped = clip(text).split('\n');
    expect(clipped).toHaveLength(21);
    expect(clipped[20]).toBe('… (5 more lines)');
  });
});
