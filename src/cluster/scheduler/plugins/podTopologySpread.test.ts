// K pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go and scoring_test.go;
// https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, filter, normalizeScore, preFilter, preScore, score } from './podTopologySpread.ts';

const web = { app: 'web' };
const zoneSpread = (whenUnsatisfiable: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable, labelSelector: { matchLabels: web }, ...extra });

// zone a: a1 (2 web pods); zone b: b1 (0 web pods); 'nolabel' has no zone label.
function cluster() {
  return [
    nodeInfo(makeNode('a1', { labels: { zone: 'a' } }), [makePod('w1', { labels: web }), makePod('w2', { labels: web }), makePod('other', { labels: { app: 'db' } })]),
    nodeInfo(makeNode('b1', { labels: { zone: 'b' } }), [makePod('gone', { labels: web, deleting: true })]),
    nodeInfo(makeNode('nolabel')),
  ];
}

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  it.each([
    // skew = 2 + 1 − 0 = 3 > 1
    { name: 'crowded zone rejected', constraint: zoneSpread('DoNotSchedule'), node: 0, want: { code: 'Unschedulable', reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH] } },
    // skew = 0 + 1 − 0 = 1; the terminating pod does not count
    { name: 'empty zone accepted', constraint: zoneSpread('DoNotSchedule'), node: 1, want: { code: 'Success', reasons: [] } },
    { name: 'node without the key', constraint: zoneSpread('DoNotSchedule'), node: 2, want: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH] } },
    // maxSkew 3: 2 + 1 − 0 = 3 ≤ 3
    { name: 'within a larger maxSkew', constraint: zoneSpread('DoNotSchedule', { maxSkew: 3 }), node: 0, want: { code: 'Success', reasons: [] } },
  ])('$name', ({ constraint, node, want }) => {
    const nodes = cluster();
    const pod = makePod('new', { labels: web, topologySpreadConstraints: [constraint] });
    const state = cycleState(nodes);
    expect(preFilter(state, pod).status.code).toBe('Success');
    expect(filter(state, pod, nodes[node]!)).toEqual(want);
  });

  it('a pod that does not match its own selector adds no self-match', () => {
    // zone a: 1 web pod, zone b: 0. The new pod (app=api) counts 0: skew 1 + 0 − 0 = 1 ≤ 1.
    const nodes = [nodeInfo(makeNode('a1', { labels: { zone: 'a' } }), [makePod('w', { labels: web })]), nodeInfo(makeNode('b1', { labels: { zone: 'b' } }))];
    const pod = makePod('new', { labels: { app: 'api' }, topologySpreadConstraints: [zoneSpread('DoNotSchedule')] });
    const state = cycleState(nodes);
    preFilter(state, pod);
    expect(filter(state, pod, nodes[0]!).code).toBe('Success');
  });

  it('minDomains above the number of domains makes the global minimum 0', () => {
    // zones a (1 pod) and b (1 pod): normally min = 1, skew on a = 1 + 1 − 1 = 1 → fits.
    // With minDomains 3 only 2 domains exist, so min = 0 and skew = 2 > 1.
    const nodes = [nodeInfo(makeNode('a1', { labels: { zone: 'a' } }), [makePod('w1', { labels: web })]), nodeInfo(makeNode('b1', { labels: { zone: 'b' } }), [makePod('w2', { labels: web })])];
    for (const [minDomains, code] of [[undefined, 'Success'], [3, 'Unschedulable']] as const) {
      const pod = makePod('new', { labels: web, topologySpreadConstraints: [zoneSpread('DoNotSchedule', minDomains ? { minDomains } : {})] });
      const state = cycleState(nodes);
      preFilter(state, pod);
      expect(filter(state, pod, nodes[0]!).code).toBe(code);
    }
  });

  it('nodes excluded by the pod node affinity do not form domains (nodeAffinityPolicy Honor)', () => {
    // zone c is empty but the pod's nodeSelector excludes it, so the minimum is zone b's 1.
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { zone: 'a', pool: 'x' } }), [makePod('w1', { labels: web })]),
      nodeInfo(makeNode('b1', { labels: { zone: 'b', pool: 'x' } }), [makePod('w2', { labels: web })]),
      nodeInfo(makeNode('c1', { labels: { zone: 'c' } })),
    ];
    const pod = makePod('new', { labels: web, nodeSelector: { pool: 'x' }, topologySpreadConstraints: [zoneSpread('DoNotSchedule')] });
    const state = cycleState(nodes);
    preFilter(state, pod);
    expect(filter(state, pod, nodes[0]!).code).toBe('Success');
  });

  it('PreFilter skips pods without DoNotSchedule constraints', () => {
    expect(preFilter(cycleState(cluster()), makePod('p', { topologySpreadConstraints: [zoneSpread('ScheduleAnyway')] })).status.code).toBe('Skip');
  });
});

describe('PodTopologySpread score (ScheduleAnyway)', () => {
  it('prefers the domain with fewer matching pods', () => {
    const nodes = cluster();
    const feasible = nodes.slice(0, 2);
    const pod = makePod('new', { labels: web, topologySpreadConstraints: [zoneSpread('ScheduleAnyway')] });
    const state = cycleState(nodes);
    expect(preScore(state, pod, feasible).code).toBe('Success');
    // 2 domains → weight ln(4); a1: 2 × 1.386 + 0 = 2.77 → 3; b1: 0.
    const raw = feasible.map((ni) => ({ name: ni.node.metadata!.name!, score: score(state, pod, ni) }));
    expect(raw).toEqual([{ name: 'a1', score: 3 }, { name: 'b1', score: 0 }]);
    // 100 × (max + min − s) / max
    expect(normalizeScore(state, pod, raw)).toEqual([{ name: 'a1', score: 0 }, { name: 'b1', score: 100 }]);
  });

  it('a feasible node missing the key scores 0 and is left out of normalization', () => {
    const nodes = cluster();
    const pod = makePod('new', { labels: web, topologySpreadConstraints: [zoneSpread('ScheduleAnyway')] });
    const state = cycleState(nodes);
    preScore(state, pod, nodes);
    const raw = nodes.map((ni) => ({ name: ni.node.metadata!.name!, score: score(state, pod, ni) }));
    expect(normalizeScore(state, pod, raw).map((s) => s.score)).toEqual([0, 100, 0]);
  });

  it('PreScore skips pods without ScheduleAnyway constraints', () => {
    expect(preScore(cycleState(cluster()), makePod('p'), cluster()).code).toBe('Skip');
  });
});
