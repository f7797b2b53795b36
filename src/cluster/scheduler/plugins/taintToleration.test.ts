// K pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (TestTaintTolerationFilter,
// TestTaintTolerationScore); matching rules from
// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { filter, normalizeScore, score } from './taintToleration.ts';

const cp: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('TaintToleration filter', () => {
  it.each<{ name: string; taints: Taint[]; tolerations: Toleration[]; want: string[] }>([
    { name: 'no taints', taints: [], tolerations: [], want: [] },
    { name: 'control-plane taint, no toleration', taints: [cp], tolerations: [], want: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
    { name: 'control-plane taint tolerated with Exists', taints: [cp], tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], want: [] },
    { name: 'Equal needs the same value', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }], want: ['node(s) had untolerated taint {dedicated: gpu}'] },
    { name: 'Equal is the default operator', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], tolerations: [{ key: 'dedicated', value: 'gpu' }], want: [] },
    { name: 'empty key with Exists tolerates everything', taints: [cp, { key: 'x', value: 'y', effect: 'NoExecute' }], tolerations: [{ operator: 'Exists' }], want: [] },
    { name: 'toleration for another effect does not help', taints: [cp], tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }], want: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
    { name: 'PreferNoSchedule never filters', taints: [{ key: 'soft', value: 'v', effect: 'PreferNoSchedule' }], tolerations: [], want: [] },
    { name: 'NoExecute filters', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], tolerations: [], want: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] },
    { name: 'first untolerated taint in node order is named', taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', value: '2', effect: 'NoSchedule' }], tolerations: [{ key: 'a', operator: 'Exists' }], want: ['node(s) had untolerated taint {b: 2}'] },
  ])('$name', ({ taints, tolerations, want }) => {
    const s = filter(cycleState(), makePod('p', { tolerations }), nodeInfo(makeNode('n', { taints })));
    expect(s.reasons).toEqual(want);
    expect(s.code).toBe(want.length ? 'UnschedulableAndUnresolvable' : 'Success');
  });
});

describe('TaintToleration score', () => {
  const soft = (key: string): Taint => ({ key, value: 'v', effect: 'PreferNoSchedule' });
  it('counts intolerable PreferNoSchedule taints and normalizes in reverse', () => {
    const pod = makePod('p', { tolerations: [{ key: 'tolerated', operator: 'Exists', effect: 'PreferNoSchedule' }, { key: 'noschedule-only', operator: 'Exists', effect: 'NoSchedule' }] });
    const nodes = [
      makeNode('clean'),
      makeNode('one', { taints: [soft('a'), soft('tolerated')] }),
      // a NoSchedule-only toleration does not count against PreferNoSchedule taints
      makeNode('two', { taints: [soft('a'), soft('noschedule-only')] }),
    ];
    const raw = nodes.map((n) => ({ name: n.metadata!.name!, score: score(cycleState(), pod, nodeInfo(n)) }));
    expect(raw.map((r) => r.score)).toEqual([0, 1, 2]);
    expect(normalizeScore(cycleState(), pod, raw)).toEqual([
      { name: 'clean', score: 100 },
      { name: 'one', score: 50 },
      { name: 'two', score: 0 },
    ]);
  });

  it('all nodes clean → all 100', () => {
    expect(normalizeScore(cycleState(), makePod('p'), [{ name: 'a', score: 0 }, { name: 'b', score: 0 }]).map((s) => s.score)).toEqual([100, 100]);
  });
});
