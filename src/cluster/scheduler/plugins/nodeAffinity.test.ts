// K pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go; operator semantics from
// https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity and
// K staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { ERR_REASON_POD, filter, normalizeScore, preFilter, preScore, score } from './nodeAffinity.ts';

const required = (terms: NodeSelectorTerm[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, ...(values ? { values } : {}) });

describe('NodeAffinity filter', () => {
  const labels = { zone: 'a', disktype: 'ssd', cores: '8' };
  it.each<{ name: string; nodeSelector?: Record<string, string>; terms?: NodeSelectorTerm[]; fits: boolean }>([
    { name: 'nothing required', fits: true },
    { name: 'nodeSelector matches', nodeSelector: { zone: 'a' }, fits: true },
    { name: 'nodeSelector needs every label', nodeSelector: { zone: 'a', disktype: 'hdd' }, fits: false },
    { name: 'In', terms: [{ matchExpressions: [expr('zone', 'In', ['a', 'b'])] }], fits: true },
    { name: 'In, other value', terms: [{ matchExpressions: [expr('zone', 'In', ['b'])] }], fits: false },
    { name: 'NotIn', terms: [{ matchExpressions: [expr('zone', 'NotIn', ['b'])] }], fits: true },
    { name: 'NotIn on a missing label matches', terms: [{ matchExpressions: [expr('gpu', 'NotIn', ['x'])] }], fits: true },
    { name: 'Exists', terms: [{ matchExpressions: [expr('disktype', 'Exists')] }], fits: true },
    { name: 'DoesNotExist', terms: [{ matchExpressions: [expr('disktype', 'DoesNotExist')] }], fits: false },
    { name: 'Gt', terms: [{ matchExpressions: [expr('cores', 'Gt', ['4'])] }], fits: true },
    { name: 'Gt equal is false', terms: [{ matchExpressions: [expr('cores', 'Gt', ['8'])] }], fits: false },
    { name: 'Lt', terms: [{ matchExpressions: [expr('cores', 'Lt', ['16'])] }], fits: true },
    { name: 'Gt on a non-integer label', terms: [{ matchExpressions: [expr('zone', 'Gt', ['1'])] }], fits: false },
    { name: 'expressions in a term are ANDed', terms: [{ matchExpressions: [expr('zone', 'In', ['a']), expr('disktype', 'In', ['hdd'])] }], fits: false },
    { name: 'terms are ORed', terms: [{ matchExpressions: [expr('zone', 'In', ['b'])] }, { matchExpressions: [expr('disktype', 'In', ['ssd'])] }], fits: true },
    { name: 'an empty term matches nothing', terms: [{}], fits: false },
    { name: 'matchFields metadata.name', terms: [{ matchFields: [expr('metadata.name', 'In', ['n1'])] }], fits: true },
    { name: 'nodeSelector AND affinity', nodeSelector: { zone: 'b' }, terms: [{ matchExpressions: [expr('disktype', 'Exists')] }], fits: false },
  ])('$name', ({ nodeSelector, terms, fits }) => {
    const pod = makePod('p', { ...(nodeSelector ? { nodeSelector } : {}), ...(terms ? { affinity: required(terms) } : {}) });
    const s = filter(cycleState(), pod, nodeInfo(makeNode('n1', { labels })));
    expect(s.code).toBe(fits ? 'Success' : 'UnschedulableAndUnresolvable');
    if (!fits) expect(s.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });

  it('reason text', () => {
    expect(ERR_REASON_POD).toBe("node(s) didn't match Pod's node affinity/selector");
  });
});

describe('NodeAffinity preFilter', () => {
  it.each([
    { name: 'nothing to check → Skip', pod: makePod('p'), want: { status: { code: 'Skip', reasons: [] } } },
    { name: 'label terms → all nodes', pod: makePod('p', { affinity: required([{ matchExpressions: [expr('zone', 'In', ['a'])] }]) }), want: { status: { code: 'Success', reasons: [] } } },
    // A DaemonSet pod is pinned with matchFields metadata.name In [node].
    { name: 'metadata.name → those nodes', pod: makePod('p', { affinity: required([{ matchFields: [expr('metadata.name', 'In', ['n2'])] }, { matchFields: [expr('metadata.name', 'In', ['n1'])] }]) }), want: { status: { code: 'Success', reasons: [] }, nodeNames: ['n1', 'n2'] } },
    { name: 'conflicting names in one term', pod: makePod('p', { affinity: required([{ matchFields: [expr('metadata.name', 'In', ['n1']), expr('metadata.name', 'In', ['n2'])] }]) }), want: { status: { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] } } },
  ])('$name', ({ pod, want }) => {
    expect(preFilter(cycleState(), pod)).toEqual(want);
  });
});

describe('NodeAffinity score', () => {
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [expr('zone', 'In', ['a'])] } },
          { weight: 8, preference: { matchExpressions: [expr('disktype', 'In', ['ssd'])] } },
        ],
      },
    },
  });
  it('sums matching preferred weights, normalized to the best node', () => {
    const nodes = [makeNode('none'), makeNode('zone', { labels: { zone: 'a' } }), makeNode('both', { labels: { zone: 'a', disktype: 'ssd' } })];
    const raw = nodes.map((n) => ({ name: n.metadata!.name!, score: score(cycleState(), pod, nodeInfo(n)) }));
    expect(raw.map((r) => r.score)).toEqual([0, 2, 10]);
    expect(normalizeScore(cycleState(), pod, raw).map((s) => s.score)).toEqual([0, 20, 100]);
  });
  it('PreScore skips a pod without preferred terms', () => {
    expect(preScore(cycleState(), makePod('p')).code).toBe('Skip');
    expect(preScore(cycleState(), pod).code).toBe('Success');
  });
});
