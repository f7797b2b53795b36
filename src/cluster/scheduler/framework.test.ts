/**
 * The scheduling cycle: K pkg/scheduler/schedule_one.go (findNodesThatFitPod,
 * numFeasibleNodesToFind, selectHost) and K pkg/scheduler/framework/types.go (FitError.Error);
 * message format as in reference §4.3 (the example is reproduced exactly).
 */
import { describe, expect, it } from 'vitest';
import { fitErrorMessage, numFeasibleNodesToFind, schedulePod, type NodeInfo } from './framework.ts';
import { makeNode, makePod, nodeInfo } from './testing.ts';

const controlPlane = () => makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
const first = () => 0;

describe('numFeasibleNodesToFind', () => {
  // schedule_one.go: all nodes under 100; else (50 − n/125)% with a 5% floor, never under 100 nodes.
  it.each([
    [undefined, 0, 0],
    [undefined, 5, 5],
    [undefined, 99, 99],
    [undefined, 100, 100],
    [undefined, 1000, 420], // 50 − 8 = 42%
    [undefined, 5000, 500], // 50 − 40 = 10%
    [undefined, 6000, 300], // 50 − 48 = 2% → 5%
    [undefined, 210, 102], // 49% of 210 = 102.9, truncated
    [undefined, 150, 100], // 49% of 150 = 73 → at least 100
    [10, 1000, 100],
    [50, 1000, 500],
    [100, 120, 120],
  ])('percentage %s of %d nodes → %d', (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe('fitErrorMessage', () => {
  it('reproduces the FailedScheduling example', () => {
    const reasons = new Map([
      ['cp', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']],
      ['w1', ['Insufficient cpu']],
      ['w2', ['Insufficient cpu']],
    ]);
    const preemption = new Map([
      ['cp', 'Preemption is not helpful for scheduling'],
      ['w1', 'No preemption victims found for incoming pod'],
      ['w2', 'No preemption victims found for incoming pod'],
    ]);
    expect(fitErrorMessage(3, reasons, preemption)).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('sorts "<count> <reason>" as strings, so 10 sorts before 2', () => {
    const reasons = new Map<string, string[]>();
    for (let i = 0; i < 10; i++) reasons.set(`a${i}`, ['Insufficient memory']);
    reasons.set('b0', ['Insufficient cpu']);
    reasons.set('b1', ['Insufficient cpu']);
    expect(fitErrorMessage(12, reasons)).toBe('0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu.');
  });

  it('counts every reason of a node', () => {
    expect(fitErrorMessage(1, new Map([['n', ['Insufficient cpu', 'Insufficient memory']]]))).toBe('0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.');
  });
});

describe('schedulePod', () => {
  it('no nodes', () => {
    expect(schedulePod(makePod('p'), [], { nextStartNodeIndex: 0, pickIndex: first })).toEqual({ kind: 'unschedulable', message: 'no nodes available to schedule pods', verdicts: [], evaluatedNodes: 0, nextStartNodeIndex: 0 });
  });

  it('the reference example end to end: a tainted control plane and two full workers', () => {
    const nodes = [nodeInfo(controlPlane()), nodeInfo(makeNode('w1', { cpu: '1' })), nodeInfo(makeNode('w2', { cpu: '1' }))];
    const r = schedulePod(makePod('big', { cpu: '2' }), nodes, { nextStartNodeIndex: 0, pickIndex: first });
    expect(r.kind).toBe('unschedulable');
    if (r.kind !== 'unschedulable') return;
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(r.evaluatedNodes).toBe(3);
    // Filters stop at the first plugin that rejects the node (framework.go RunFilterPlugins).
    expect(r.verdicts[0]).toEqual({
      node: 'cp',
      filters: [
        { plugin: 'NodeUnschedulable', passed: true, reasons: [] },
        { plugin: 'NodeName', passed: true, reasons: [] },
        { plugin: 'TaintToleration', passed: false, reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
      ],
      scores: [],
      totalScore: null,
      feasible: false,
    });
    expect(r.verdicts[1]!.filters.at(-1)).toEqual({ plugin: 'NodeResourcesFit', passed: false, reasons: ['Insufficient cpu'] });
  });

  it('preemptionPolicy Never: DefaultPreemption declines', () => {
    // K pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go PodEligibleToPreemptOthers
    const r = schedulePod(makePod('p', { cpu: '8', preemptionPolicy: 'Never' }), [nodeInfo(makeNode('n'))], { nextStartNodeIndex: 0, pickIndex: first });
    expect(r.kind === 'unschedulable' && r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('a pod pinned by matchFields only evaluates its node; the others did not satisfy NodeAffinity', () => {
    // schedule_one.go findNodesThatFitPod: nodes left out by PreFilterResult get
    // "node(s) didn't satisfy plugin(s) [NodeAffinity]" (UnschedulableAndUnresolvable).
    const pod = makePod('ds', { cpu: '8', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } });
    const r = schedulePod(pod, [nodeInfo(makeNode('a')), nodeInfo(makeNode('b')), nodeInfo(makeNode('c'))], { nextStartNodeIndex: 0, pickIndex: first });
    expect(r.kind === 'unschedulable' && r.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    expect(r.evaluatedNodes).toBe(1);
  });

  it('picks the emptier node by score', () => {
    const busy = nodeInfo(makeNode('busy'), [makePod('x', { cpu: '3', memory: '6Gi' })]);
    const idle = nodeInfo(makeNode('idle'));
    const r = schedulePod(makePod('p', { cpu: '500m', memory: '512Mi' }), [busy, idle], { nextStartNodeIndex: 0, pickIndex: first });
    expect(r.kind === 'scheduled' && r.node).toBe('idle');
    expect(r.kind === 'scheduled' && r.feasibleNodes).toBe(2);
    const idleVerdict = r.verdicts.find((v) => v.node === 'idle')!;
    expect(idleVerdict.scores.map((s) => [s.plugin, s.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeResourcesFit', 1],
      ['NodeResourcesBalancedAllocation', 1],
      ['ImageLocality', 1],
    ]);
    expect(idleVerdict.totalScore).toBe(idleVerdict.scores.reduce((s, v) => s + v.score * v.weight, 0));
  });

  it('a single feasible node is chosen without scoring', () => {
    const r = schedulePod(makePod('p'), [nodeInfo(controlPlane()), nodeInfo(makeNode('w'))], { nextStartNodeIndex: 0, pickIndex: first });
    expect(r.kind === 'scheduled' && r.node).toBe('w');
    expect(r.verdicts.find((v) => v.node === 'w')).toMatchObject({ feasible: true, scores: [], totalScore: null });
  });

  describe('tie-breaking', () => {
    const nodes = (): NodeInfo[] => ['n1', 'n2', 'n3'].map((n) => nodeInfo(makeNode(n)));
    it('asks pickIndex to choose among the tied nodes, in evaluation order', () => {
      const calls: number[] = [];
      const r = schedulePod(makePod('p'), nodes(), {
        nextStartNodeIndex: 1,
        pickIndex: (n) => {
          calls.push(n);
          return 0;
        },
      });
      expect(calls).toEqual([3]);
      // evaluation started at index 1, so the first tied node is n2
      expect(r.kind === 'scheduled' && r.node).toBe('n2');
    });

    it('is deterministic for the same inputs and PRNG', () => {
      const run = () => schedulePod(makePod('p'), nodes(), { nextStartNodeIndex: 0, pickIndex: (n) => 7 % n });
      expect(run()).toEqual(run());
      const r = run();
      expect(r.kind === 'scheduled' && r.node).toBe('n2'); // 7 % 3 = 1
    });

    it('does not consult pickIndex without a tie', () => {
      const ns = nodes();
      ns[0]!.pods.push(makePod('x', { cpu: '2' }));
      ns[1]!.pods.push(makePod('y', { cpu: '1' }));
      const r = schedulePod(makePod('p'), ns, {
        nextStartNodeIndex: 0,
        pickIndex: () => {
          throw new Error('no tie expected');
        },
      });
      expect(r.kind === 'scheduled' && r.node).toBe('n3');
    });
  });

  it('rotates nextStartNodeIndex by the number of nodes processed', () => {
    const ns = ['a', 'b', 'c'].map((n) => nodeInfo(makeNode(n)));
    expect(schedulePod(makePod('p'), ns, { nextStartNodeIndex: 2, pickIndex: first }).nextStartNodeIndex).toBe(2);
    const one = [nodeInfo(makeNode('a')), nodeInfo(makeNode('b', { unschedulable: true }))];
    expect(schedulePod(makePod('p'), one, { nextStartNodeIndex: 1, pickIndex: first }).nextStartNodeIndex).toBe(1);
  });

  it('stops after numFeasibleNodesToFind feasible nodes', () => {
    // 200 nodes → 50 − 1 = 49% = 98 → at least 100 feasible nodes, then stop.
    const ns = Array.from({ length: 200 }, (_, i) => nodeInfo(makeNode(`n${String(i).padStart(3, '0')}`)));
    const r = schedulePod(makePod('p'), ns, { nextStartNodeIndex: 150, pickIndex: first });
    expect(r.kind === 'scheduled' && r.feasibleNodes).toBe(100);
    expect(r.evaluatedNodes).toBe(100);
    expect(r.verdicts[0]!.node).toBe('n150');
    expect(r.nextStartNodeIndex).toBe(50);
  });
});
