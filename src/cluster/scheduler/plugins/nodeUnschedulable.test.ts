// Cases after K pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go;
// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/ (unschedulable taint).
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { ERR_REASON_UNSCHEDULABLE, filter } from './nodeUnschedulable.ts';

describe('NodeUnschedulable filter', () => {
  it.each([
    { name: 'schedulable node', unschedulable: false, tolerations: undefined, want: { code: 'Success', reasons: [] } },
    { name: 'cordoned node', unschedulable: true, tolerations: undefined, want: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] } },
    { name: 'cordoned node, pod tolerates the unschedulable taint', unschedulable: true, tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], want: { code: 'Success', reasons: [] } },
    { name: 'cordoned node, toleration for another effect', unschedulable: true, tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }], want: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] } },
  ])('$name', ({ unschedulable, tolerations, want }) => {
    const pod = makePod('p', tolerations ? { tolerations } : {});
    expect(filter(cycleState(), pod, nodeInfo(makeNode('n', { unschedulable })))).toEqual(want);
  });

  it('says "node(s) were unschedulable"', () => {
    expect(ERR_REASON_UNSCHEDULABLE).toBe('node(s) were unschedulable');
  });
});
