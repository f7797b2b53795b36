/**
 * clusterFacts: the control plane as the app shows it, read from an apiserver's watch cache.
 * Semantics: reference k8s-behavior.md §4.2 (control-plane taint), §4.3 (FailedScheduling);
 * K pkg/printers/internalversion/printers.go printNode (Ready / NotReady, SchedulingDisabled).
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from './presets.ts';
import { createSession, runToCompletion } from '../shell/session.ts';
import { cacheSource, cachedEvents, clusterFacts, latestDecision, nodeIsReady, verdictRows } from './clusterFacts.ts';
import { applyPodRequestingCpu } from '../cluster/scheduler/testing.ts';

function ha() {
  const s = createSession(createWorld({ preset: 'ha', seed: 31 }), 'cp-1');
  runToCompletion(s, 'sleep 5');
  return s;
}

describe('nodeIsReady (printNode)', () => {
  it.each([
    [[{ type: 'Ready', status: 'True' }], true],
    [[{ type: 'Ready', status: 'False' }], false],
    [[{ type: 'Ready', status: 'Unknown' }], false],
    [[], false],
  ])('%j → %s', (conditions, ready) => {
    expect(nodeIsReady({ status: { conditions } } as never)).toBe(ready);
  });
});

describe('verdictRows', () => {
  it.each([
    [{ node: 'worker-1', filters: [{ plugin: 'NodeResourcesFit', passed: false, reasons: ['Insufficient cpu'] }], scores: [], totalScore: null, feasible: false },
      { node: 'worker-1', result: 'rejected', rejectedBy: 'NodeResourcesFit: Insufficient cpu', score: null }],
    [{ node: 'worker-2', filters: [{ plugin: 'NodeResourcesFit', passed: true, reasons: [] }], scores: [{ plugin: 'x', score: 50, weight: 2 }], totalScore: 100, feasible: true },
      { node: 'worker-2', result: 'feasible', rejectedBy: null, score: 100 }],
  ])('%#', (v, row) => {
    expect(verdictRows([v as never])).toEqual([row]);
  });
});

describe('clusterFacts on the ha preset', () => {
  it('lists the components per cp host with exactly one scheduler and one controller-manager leader', () => {
    const s = ha();
    const f = clusterFacts(s.world);
    expect(f.controlPlane.map((c) => c.host)).toEqual(['cp-1', 'cp-2', 'cp-3']);
    expect(f.controlPlane.every((c) => c.apiserver?.running && c.apiserver.ready)).toBe(true);
    expect(f.controlPlane.filter((c) => c.scheduler?.leader)).toHaveLength(1);
    expect(f.controlPlane.filter((c) => c.controllerManager?.leader)).toHaveLength(1);
    expect(f.source).toBe(cacheSource(s.world));
    expect(f.nodes.map((n) => [n.name, n.ready, n.cordoned])).toEqual(
      ['cp-1', 'cp-2', 'cp-3', 'worker-1', 'worker-2', 'worker-3'].map((n) => [n, true, false]),
    );
  });

  it('marks a cordoned node and a crashed host’s components as not running', () => {
    const s = ha();
    runToCompletion(s, 'kubectl cordon worker-2');
    // The facts read an apiserver's watch cache, which sees the write a moment after kubectl's answer.
    runToCompletion(s, 'sleep 1');
    const leader = clusterFacts(s.world).controlPlane.find((c) => c.scheduler?.leader)!.host;
    runToCompletion(s, `sim crash ${leader === 'cp-1' ? 'cp-2' : leader}`);
    const f = clusterFacts(s.world);
    expect(f.nodes.find((n) => n.name === 'worker-2')!.cordoned).toBe(true);
    const crashed = f.controlPlane.find((c) => c.host === (leader === 'cp-1' ? 'cp-2' : leader))!;
    expect(crashed.apiserver?.running).toBe(false);
    expect(crashed.scheduler).toEqual({ running: false, leader: false });
  });

  it('puts a pod that fits nowhere in pending, with per-node verdicts from the scheduler (§4.2, §4.3)', () => {
    const s = ha();
    runToCompletion(s, applyPodRequestingCpu('big', '64'));
    runToCompletion(s, 'sleep 3');
    const f = clusterFacts(s.world);
    expect(f.pending.map((p) => p.metadata?.name)).toEqual(['big']);
    const d = latestDecision(s.world, 'default/big')!;
    expect(d.outcome).toBe('unschedulable');
    expect(d.message).toMatch(/^0\/6 nodes are available: /);
    const rows = Object.fromEntries(verdictRows(d.verdicts).map((r) => [r.node, r]));
    for (const n of ['worker-1', 'worker-2', 'worker-3']) expect(rows[n]!.rejectedBy).toBe('NodeResourcesFit: Insufficient cpu');
    for (const n of ['cp-1', 'cp-2', 'cp-3']) expect(rows[n]!.rejectedBy).toContain('untolerated taint {node-role.kubernetes.io/control-plane: }');
    const uid = f.pending[0]!.metadata!.uid!;
    const events = cachedEvents(f.objects).filter((e) => (e as { involvedObject?: { uid?: string } }).involvedObject?.uid === uid);
    expect(events.map((e) => (e as { reason?: string }).reason)).toContain('FailedScheduling');
  });

  it('places Running pods under their node', () => {
    const s = ha();
    runToCompletion(s, 'kubectl create deployment web --image=nginx --replicas=2');
    runToCompletion(s, 'sleep 10');
    const f = clusterFacts(s.world);
    const placed = f.nodes.flatMap((n) => n.pods.filter((p) => p.metadata?.namespace === 'default').map((p) => [n.name, p.status?.phase]));
    expect(placed).toHaveLength(2);
    for (const [node, phase] of placed) {
      expect(node).toMatch(/^worker-/);
      expect(phase).toBe('Running');
    }
  });
});
