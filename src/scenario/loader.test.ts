/** Bad scenario files get errors that name the file, line, column and field, all at once. */
import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario } from './loader.ts';
import { splitCommandBlock } from './split.ts';

function errorsOf(text: string): string[] {
  const r = parseScenario(text, 'lesson.yaml');
  return 'errors' in r ? r.errors.map(formatScenarioError) : [];
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

describe('scenario loader', () => {
  it('parses a valid scenario with defaults', () => {
    const r = parseScenario(GOOD, 'lesson.yaml');
    if ('errors' in r) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    expect(r.scenario.cluster).toEqual({ preset: 'ha', seed: 1 });
    expect(r.scenario.level).toBe('beginner');
    expect(r.scenario.steps[0]!.check.map((c) => c.kind)).toEqual(['run', 'etcd', 'host']);
  });

  it('reports malformed YAML with its position', () => {
    expect(errorsOf('id: x\ntitle: [unclosed\n')[0]).toMatch(/^lesson\.yaml:\d+:\d+: /);
  });

  it('reports unknown fields with a suggestion, and missing fields', () => {
    const errs = errorsOf(GOOD.replace('    check:', '    chek:'));
    expect(errs).toContain('lesson.yaml:7:5: steps[0].chek: unknown field "chek" (did you mean "check"?)');
    expect(errs).toContain('lesson.yaml:4:5: steps[0].check: missing required field');
  });

  it('reports wrong types and unknown presets, all at once', () => {
    const errs = errorsOf(GOOD.replace('title: OK', 'title: OK\ncluster: { preset: huge, seed: x }').replace('run: etcdctl get a', 'run: 42'));
    expect(errs).toContain('lesson.yaml:3:20: cluster.preset: unknown preset "huge" (valid presets: single, ha, ha-external)');
    expect(errs).toContain('lesson.yaml:3:32: cluster.seed: expected an integer, got a string');
    expect(errs).toContain('lesson.yaml:9:14: steps[0].check[0].run: expected a string, got a number');
  });

  it('reports duplicate step ids and invalid regular expressions', () => {
    const twice = GOOD + GOOD.split('steps:\n')[1]!.replace('        output: "a\\nb"', '        matches: "(["');
    const errs = errorsOf(twice);
    expect(errs.some((e) => e.includes('steps[1].id: duplicate step id "one"'))).toBe(true);
    expect(errs.some((e) => e.includes('steps[1].check[0].matches: invalid regular expression'))).toBe(true);
  });

  it('splits a command block, keeping here-documents together', () => {
    expect(splitCommandBlock('etcdctl put a b\n\netcdctl txn <<EOF\nvalue("a") = "b"\n\nput a c\nEOF\nsleep 1\n')).toEqual(['etcdctl put a b', 'etcdctl txn <<EOF\nvalue("a") = "b"\n\nput a c\nEOF', 'sleep 1']);
  });
});
