/** Bad scenario files get errors that name the file, line, column and field, all at once. */
import { describe, expect, it } from 'vitest';
import { editDistance, formatScenarioError, parseScenario, suggest } from './loader.ts';
import type { Scenario } from './schema.ts';

function errorsOf(text: string): string[] {
  const r = parseScenario(text, 'lesson.yaml');
  return 'errors' in r ? r.errors.map(formatScenarioError) : [];
}

function scenarioOf(text: string): Scenario {
  const r = parseScenario(text, 'lesson.yaml');
  if ('errors' in r) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}

const GOOD = `id: ok
title: OK
steps:
  - id: one
    text: hi
    solution: [etcdctl put a b]
    check:
      - run: etcdctl get a
        output: "a\\nb"
      - etcd: { leader: true }
      - host: { name: cp-1, up: true }
`;

describe('scenario loader: valid files', () => {
  it('parses a valid scenario and fills in the defaults', () => {
    const s = scenarioOf(GOOD);
    expect(s).toMatchObject({ id: 'ok', title: 'OK', summary: '', level: 'beginner', minutes: 10, cluster: { preset: 'ha', seed: 1 }, setup: [], faults: [], file: 'lesson.yaml' });
    expect(s.steps).toEqual([
      {
        id: 'one',
        title: 'one',
        text: 'hi',
        solution: ['etcdctl put a b'],
        line: 4,
        check: [
          { kind: 'run', command: 'etcdctl get a', expect: { output: 'a\nb' }, line: 8 },
          { kind: 'etcd', leader: true, line: 10 },
          { kind: 'host', name: 'cp-1', up: true, line: 11 },
        ],
      },
    ]);
  });

  it('splits block-string commands, heredocs kept whole, and reads every check field', () => {
    const s = scenarioOf(`id: full
title: Full
level: advanced
minutes: 30
cluster: { preset: single, seed: 42 }
setup: |
  etcdctl put a b

  kubectl apply -f - <<EOF
  kind: Pod
  EOF
faults:
  - name: lose cp-2
    description: power off
    commands: sim crash cp-2
steps:
  - id: s
    title: S
    text: t
    hint: h
    solution: [sleep 1]
    check:
      - run: etcdctl get a
        host: cp-2
        exitCode: 0
        output: 3
        contains: b
        notContains: [x, 7]
        matches: "^a$"
      - etcd: { leaderOn: cp-1, membersRunning: 3, quorum: true, leader: true }
`);
    expect(s.level).toBe('advanced');
    expect(s.minutes).toBe(30);
    expect(s.cluster).toEqual({ preset: 'single', seed: 42 });
    expect(s.setup).toEqual(['etcdctl put a b', 'kubectl apply -f - <<EOF\nkind: Pod\nEOF']);
    expect(s.faults).toEqual([{ name: 'lose cp-2', description: 'power off', commands: ['sim crash cp-2'] }]);
    expect(s.steps[0]!.hint).toBe('h');
    expect(s.steps[0]!.check).toEqual([
      { kind: 'run', command: 'etcdctl get a', host: 'cp-2', expect: { exitCode: 0, output: '3', contains: ['b'], notContains: ['x', '7'], matches: '^a$' }, line: 23 },
      { kind: 'etcd', leaderOn: 'cp-1', membersRunning: 3, quorum: true, leader: true, line: 30 },
    ]);
  });

  it('accepts every scenario shipped in scenarios/', () => {
    // Bundled the way the app's lesson panel bundles them (vite), so the test needs no file I/O.
    const files = import.meta.glob<string>('/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const [path, text] of Object.entries(files)) expect(errorsOf(text).map((e) => e.replace('lesson.yaml', path))).toEqual([]);
  });
});

describe('scenario loader: errors', () => {
  const cases: [string, string, string[]][] = [
    ['YAML syntax error', 'id: x\ntitle: [unclosed\n', ['lesson.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['duplicate YAML key', 'id: x\nid: y\n', ['lesson.yaml:2:1: Map keys must be unique']],
    ['not a mapping', '- a\n', ['lesson.yaml:1:1: expected a scenario (a mapping with id, title, steps), got a list']],
    ['empty file', '', ['lesson.yaml:1:1: expected a scenario (a mapping with id, title, steps), got nothing']],
    [
      'unknown field with a suggestion, and the field it then misses',
      GOOD.replace('    check:', '    chek:'),
      ['lesson.yaml:4:5: steps[0].check: missing required field', 'lesson.yaml:7:5: steps[0].chek: unknown field "chek" (did you mean "check"?)'],
    ],
    ['unknown field, nothing close', GOOD.replace('title: OK', 'title: OK\nauthor: me'), ['lesson.yaml:3:1: author: unknown field "author" (expected one of: id, title, summary, level, minutes, cluster, setup, steps, faults)']],
    [
      'missing required fields',
      'summary: s\nsteps:\n  - title: t\n',
      [
        'lesson.yaml:1:1: id: missing required field',
        'lesson.yaml:1:1: title: missing required field',
        'lesson.yaml:3:5: steps[0].id: missing required field',
        'lesson.yaml:3:5: steps[0].text: missing required field',
        'lesson.yaml:3:5: steps[0].solution: missing required field',
        'lesson.yaml:3:5: steps[0].check: missing required field',
      ],
    ],
    ['missing steps', 'id: a\ntitle: b\n', ['lesson.yaml:1:1: steps: missing required field']],
    ['empty steps', 'id: a\ntitle: b\nsteps: []\n', ['lesson.yaml:3:8: steps: expected at least one step']],
    ['empty check list', GOOD.replace(/ {4}check:[\s\S]*/, '    check: []\n'), ['lesson.yaml:7:12: steps[0].check: expected at least one check']],
    [
      'wrong types and an unknown preset, all at once',
      GOOD.replace('title: OK', 'title: OK\ncluster: { preset: huge, seed: x }').replace('run: etcdctl get a', 'run: 42'),
      [
        'lesson.yaml:3:20: cluster.preset: unknown preset "huge" (valid presets: single, ha, ha-external)',
        'lesson.yaml:3:32: cluster.seed: expected an integer, got a string',
        'lesson.yaml:9:14: steps[0].check[0].run: expected a string, got a number',
      ],
    ],
    [
      'more wrong types',
      GOOD.replace('title: OK', 'title: OK\nlevel: expert\nminutes: 1.5\nsetup: 3').replace('{ name: cp-1, up: true }', '{ name: cp-1, up: yes }').replace('text: hi', 'text: [hi]'),
      [
        'lesson.yaml:3:8: level: unknown level "expert" (valid levels: beginner, intermediate, advanced)',
        'lesson.yaml:4:10: minutes: expected an integer, got 1.5',
        'lesson.yaml:5:8: setup: expected a list of commands or a block of commands, got a number',
        'lesson.yaml:8:11: steps[0].text: expected a string, got a list',
        'lesson.yaml:14:33: steps[0].check[2].host.up: expected true or false, got a string',
      ],
    ],
    [
      'duplicate step id and an invalid regular expression',
      GOOD + GOOD.split('steps:\n')[1]!.replace('        output: "a\\nb"', '        matches: "(["'),
      ['lesson.yaml:12:9: steps[1].id: duplicate step id "one" (also steps[0])', 'lesson.yaml:17:18: steps[1].check[0].matches: invalid regular expression: Unterminated character class'],
    ],
    [
      'unknown and malformed checks',
      GOOD.replace('      - etcd: { leader: true }', '      - etc: { leader: true }\n      - etcd: { leader: true }\n        host: cp-1\n      - exitCode: 1\n        contanis: x\n      - etcd: {}'),
      [
        'lesson.yaml:10:9: steps[0].check[1]: unknown check: expected one of "run", "etcd", "host" (did you mean "etcd"?)',
        'lesson.yaml:12:9: steps[0].check[2].host: unknown field "host" beside "etcd" (conditions go inside: etcd: { … })',
        'lesson.yaml:13:9: steps[0].check[3].run: missing required field',
        'lesson.yaml:14:9: steps[0].check[3].contanis: unknown field "contanis" (did you mean "contains"?)',
        'lesson.yaml:15:15: steps[0].check[4].etcd: expected at least one of: leader, leaderOn, membersRunning, quorum',
      ],
    ],
    ['unterminated here-document', GOOD.replace('solution: [etcdctl put a b]', 'solution: |\n      cat <<EOF\n      x'), ['lesson.yaml:6:15: steps[0].solution: here-document is not terminated: no line "EOF" closes it']],
    [
      'a fault without commands, with a typo',
      GOOD + 'faults:\n  - name: f\n    comands: [x]\n',
      ['lesson.yaml:13:5: faults[0].commands: missing required field', 'lesson.yaml:14:5: faults[0].comands: unknown field "comands" (did you mean "commands"?)'],
    ],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    expect(errorsOf(text)).toEqual(want);
  });
});

describe('suggestions', () => {
  it.each([
    ['chek', 'check', 1],
    ['exitcode', 'exitCode', 1],
    ['', 'id', 2],
    ['kitten', 'sitting', 3],
  ] as const)('editDistance(%s, %s) = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('suggests case-insensitively within two edits', () => {
    expect(suggest('exitcode', ['run', 'exitCode'])).toBe(' (did you mean "exitCode"?)');
    expect(suggest('zzz', ['run', 'exitCode'])).toBe(' (expected one of: run, exitCode)');
  });
});
