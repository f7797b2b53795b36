/**
 * A tiny ScenarioDriver for tests of the runner and checks: a key/value map plus hosts that can
 * crash, so the runner's logic is tested without the simulation (which this folder must not
 * import). Commands: `put K V`, `get K`, `del K`, `crash H`, `boot H`, `ssh H`, `hostname`,
 * `sleep S`, `exit N`, `cat <<EOF` (prints the body). Writes need 2 of the 3 cp hosts up.
 */
import type { ClusterFacts, CommandResult, ScenarioDriver } from './driver.ts';

export interface FakeState {
  kv: Map<string, string>;
  up: Map<string, boolean>;
  host: string;
  nowMs: number;
  /** Every command this driver (not its forks) executed, to prove checks run on forks. */
  log: string[];
}

const CONTROL_PLANE = ['cp-1', 'cp-2', 'cp-3'];

export function freshState(): FakeState {
  return { kv: new Map(), up: new Map([...CONTROL_PLANE, 'worker-1'].map((h) => [h, true])), host: 'cp-1', nowMs: 0, log: [] };
}

export function fakeDriver(state: FakeState = freshState()): ScenarioDriver & { state: FakeState } {
  return {
    state,
    exec: (command) => exec(state, command),
    fork: () => fakeDriver({ kv: new Map(state.kv), up: new Map(state.up), host: state.host, nowMs: state.nowMs, log: [] }),
    facts: () => facts(state),
  };
}

const ok = (output = ''): CommandResult => ({ output, exitCode: 0 });

function quorum(s: FakeState): boolean {
  return CONTROL_PLANE.filter((h) => s.up.get(h)).length >= 2;
}

function exec(s: FakeState, command: string): CommandResult {
  s.log.push(command);
  const [first = '', ...body] = command.split('\n');
  const [name, a = '', b = ''] = first.trim().split(/\s+/);
  switch (name) {
    case 'put':
      if (!quorum(s)) return { output: 'Error: context deadline exceeded\n', exitCode: 1 };
      s.kv.set(a, b);
      return ok('OK\n');
    case 'get':
      return ok(s.kv.has(a) ? `${a}\n${s.kv.get(a)}\n` : '');
    case 'del':
      return ok(s.kv.delete(a) ? '1\n' : '0\n');
    case 'crash':
    case 'boot':
      s.up.set(a, name === 'boot');
      return ok(`${a} ${name === 'boot' ? 'booted' : 'crashed'}\n`);
    case 'ssh':
      if (!s.up.get(a)) return { output: `ssh: connect to host ${a} port 22: No route to host\n`, exitCode: 255 };
      s.host = a;
      return ok();
    case 'hostname':
      return ok(`${s.host}\n`);
    case 'sleep':
      s.nowMs += Number(a) * 1000;
      return ok();
    case 'exit':
      return { output: '', exitCode: Number(a) };
    case 'cat':
      return ok(body.slice(0, -1).map((l) => `${l}\n`).join(''));
    default:
      return { output: `${name}: command not found\n`, exitCode: 127 };
  }
}

function facts(s: FakeState): ClusterFacts {
  const hasQuorum = quorum(s);
  const leader = CONTROL_PLANE.find((h) => s.up.get(h));
  return {
    nowMs: s.nowMs,
    hosts: [...s.up].map(([name, up]) => ({ name, up })),
    etcd: CONTROL_PLANE.map((host) => {
      const running = s.up.get(host) ?? false;
      const role = running && hasQuorum && host === leader ? 'leader' : running && !hasQuorum ? 'pre-candidate' : 'follower';
      return { host, name: host, running, role, term: 2, isLearner: false, hasQuorum: running && hasQuorum };
    }),
  };
}
