import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../apiserver/messages.ts';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  addOrUpdateDaemonPodTolerations,
  calculateDaemonSetStatus,
  CONTROLLER_REVISION_HASH_LABEL,
  getTargetNodeName,
  nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
  syncDaemonSet,
} from './daemonset.ts';
import type { ControllerAction } from './types.ts';
import { fakeCluster, readyCondition, type FakeCluster } from './testutil.ts';

const CP_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function node(name: string, extra: { labels?: Record<string, string>; taints?: { key: string; value?: string; effect: string }[] } = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } }, spec: { ...(extra.taints ? { taints: extra.taints } : {}) } } as KubeObject;
}

function ds(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.26' }], ...podSpec } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
  } as KubeObject;
}

/** Sync and apply until nothing but the status changes; pods are bound to their target node and made ready. */
function settle(c: FakeCluster, rounds = 10): { type: string; reason: string; message: string }[] {
  const events: { type: string; reason: string; message: string }[] = [];
  for (let i = 0; i < rounds; i++) {
    const actions = syncDaemonSet(c, 'default/agent');
    events.push(...c.apply(actions));
    bindAndReady(c);
    if (!actions.some((a) => a.type === 'create' || a.type === 'delete')) break;
  }
  return events;
}

/** What the scheduler and kubelet would do: bind each pod to its pinned node and make it Running and Ready. */
function bindAndReady(c: FakeCluster): void {
  for (const p of c.list('pods')) {
    const pod = p as unknown as Pod;
    if (!pod.spec?.nodeName) pod.spec = { ...pod.spec!, nodeName: getTargetNodeName(pod)! };
    if (!pod.status?.phase) p['status'] = { phase: 'Running', conditions: [readyCondition('True')] };
  }
}

const podsOnNodes = (c: FakeCluster) => c.list('pods').map((p) => (p as unknown as Pod).spec?.nodeName).sort();
const creates = (a: ControllerAction[]) => a.filter((x) => x.type === 'create' && x.resource === 'pods');
const deletes = (a: ControllerAction[]) => a.filter((x) => x.type === 'delete' && x.resource === 'pods');

describe('NodeShouldRunDaemonPod (K pkg/controller/daemon/daemon_controller.go)', () => {
  const agent = ds() as never;
  it('a NoSchedule taint keeps new pods away but lets a running one continue; NoExecute evicts', () => {
    expect(nodeShouldRunDaemonPod(node('w') as never, agent)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node('cp', { taints: [CP_TAINT] }) as never, agent)).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node('w', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }) as never, agent)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const tolerant = ds({}, { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }) as never;
    expect(nodeShouldRunDaemonPod(node('cp', { taints: [CP_TAINT] }) as never, tolerant).shouldRun).toBe(true);
  });

  // util/daemonset_util.go AddOrUpdateDaemonPodTolerations: the default tolerations every daemon pod gets.
  it('tolerates not-ready/unreachable NoExecute and the node-condition NoSchedule taints; network-unavailable only with hostNetwork', () => {
    const spec = { containers: [] } as never as import('kubernetes-types/core/v1').PodSpec;
    addOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const sick = node('w', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(sick as never, agent).shouldRun).toBe(true);
    const noNet = node('w', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(noNet as never, agent).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(noNet as never, ds({}, { hostNetwork: true }) as never).shouldRun).toBe(true);
  });

  it('honours nodeSelector, required node affinity and spec.nodeName', () => {
    const ssd = node('a', { labels: { disk: 'ssd' } }) as never;
    const hdd = node('b') as never;
    expect(nodeShouldRunDaemonPod(ssd, ds({}, { nodeSelector: { disk: 'ssd' } }) as never).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(hdd, ds({}, { nodeSelector: { disk: 'ssd' } }) as never)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } };
    expect(nodeShouldRunDaemonPod(ssd, ds({}, { affinity }) as never).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(hdd, ds({}, { affinity }) as never).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(hdd, ds({}, { nodeName: 'a' }) as never).shouldRun).toBe(false);
  });

  // util/daemonset_util.go ReplaceDaemonSetPodNodeNameNodeAffinity / GetTargetNodeName.
  it('pins a pod with matchFields metadata.name In [node], replacing any required terms', () => {
    const a = replaceDaemonSetPodNodeNameNodeAffinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } }, 'w1');
    expect(a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }]);
    expect(getTargetNodeName({ spec: { containers: [], affinity: a } })).toBe('w1');
  });
});

describe('syncDaemonSet', () => {
  it('creates the ControllerRevision first, then one pinned pod per eligible node (not on the tainted control plane)', () => {
    const c = fakeCluster();
    c.add('nodes', node('cp-1', { taints: [CP_TAINT] }));
    c.add('nodes', node('worker-1'));
    c.add('nodes', node('worker-2'));
    const owner = c.add('daemonsets', ds());
    const first = syncDaemonSet(c, 'default/agent');
    // update.go snapshot: `<ds>-<hash>`, revision 1, labels = template labels + controller-revision-hash.
    expect(first).toHaveLength(1);
    const rev = first[0]!;
    if (rev.type !== 'create') throw new Error();
    expect(rev.resource).toBe('controllerrevisions');
    const hash = rev.object.metadata!.labels![CONTROLLER_REVISION_HASH_LABEL]!;
    expect(rev.object.metadata!.name).toBe(`agent-${hash}`);
    expect(rev.object['revision']).toBe(1);
    expect(rev.object['data']).toMatchObject({ spec: { template: { $patch: 'replace' } } });
    c.apply(first);

    const actions = syncDaemonSet(c, 'default/agent');
    const pods = creates(actions);
    expect(pods).toHaveLength(2);
    const p = pods[0]!;
    if (p.type !== 'create') throw new Error();
    expect(p.object.metadata).toMatchObject({ generateName: 'agent-', labels: { app: 'agent', [CONTROLLER_REVISION_HASH_LABEL]: hash }, ownerReferences: [{ kind: 'DaemonSet', name: 'agent', uid: owner.metadata!.uid, controller: true }] });
    const spec = p.object['spec'] as Pod['spec'];
    expect(spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }]);
    expect(spec?.tolerations?.map((t) => t.key)).toContain('node.kubernetes.io/not-ready');
    const events = c.apply(actions);
    expect(events.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate']);
    bindAndReady(c);
    settle(c);
    expect(podsOnNodes(c)).toEqual(['worker-1', 'worker-2']);
  });

  it('a new node gets a pod; a node that stops matching the selector loses its pod', () => {
    const c = fakeCluster();
    c.add('nodes', node('a', { labels: { agent: 'yes' } }));
    c.add('daemonsets', ds({}, { nodeSelector: { agent: 'yes' } }));
    settle(c);
    expect(podsOnNodes(c)).toEqual(['a']);
    c.add('nodes', node('b', { labels: { agent: 'yes' } }));
    settle(c);
    expect(podsOnNodes(c)).toEqual(['a', 'b']);
    const a = c.get('nodes', undefined, 'a')!;
    a.metadata!.labels = {};
    const actions = syncDaemonSet(c, 'default/agent');
    expect(deletes(actions).map((d) => (d.type === 'delete' ? d.name : ''))).toHaveLength(1);
    c.apply(actions);
    expect(podsOnNodes(c)).toEqual(['b']);
  });

  // getUnscheduledPodsWithoutNode: only unscheduled pods aimed at a vanished node are the controller's to delete;
  // pods bound to it are left to the pod garbage collector.
  it('a removed node: its unscheduled pod is deleted, a bound one is left to pod GC', () => {
    const c = fakeCluster();
    c.add('nodes', node('a'));
    c.add('nodes', node('b'));
    c.add('daemonsets', ds());
    c.apply(syncDaemonSet(c, 'default/agent'));
    c.apply(syncDaemonSet(c, 'default/agent'));
    // Bind only the pod for "a".
    for (const p of c.list('pods')) {
      const pod = p as unknown as Pod;
      if (getTargetNodeName(pod) === 'a') pod.spec = { ...pod.spec!, nodeName: 'a' };
    }
    c.objects.set('nodes', []);
    const actions = syncDaemonSet(c, 'default/agent');
    const del = deletes(actions);
    expect(del).toHaveLength(1);
    expect(getTargetNodeName(c.get('pods', 'default', del[0]!.type === 'delete' ? del[0]!.name : '') as unknown as Pod)).toBe('b');
  });

  it('a NoExecute taint the pod does not tolerate evicts it; a NoSchedule one leaves it running, counted as misscheduled', () => {
    const c = fakeCluster();
    c.add('nodes', node('a'));
    c.add('nodes', node('b'));
    c.add('daemonsets', ds());
    settle(c);
    c.get('nodes', undefined, 'a')!['spec'] = { taints: [{ key: 'maint', effect: 'NoSchedule' }] };
    c.get('nodes', undefined, 'b')!['spec'] = { taints: [{ key: 'maint', effect: 'NoExecute' }] };
    const actions = syncDaemonSet(c, 'default/agent');
    expect(deletes(actions)).toHaveLength(1);
    const status = actions.find((a) => a.type === 'updateStatus');
    if (status?.type !== 'updateStatus') throw new Error();
    // Computed before the deletion: a and b both misscheduled, nothing desired.
    expect(status.object['status']).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 2, numberReady: 0 });
    c.apply(actions);
    expect(podsOnNodes(c)).toEqual(['a']);
  });

  it('status counts (updateDaemonSetStatus): desired, current, ready, available, updated, unavailable, observedGeneration', () => {
    const c = fakeCluster();
    for (const n of ['a', 'b', 'c']) c.add('nodes', node(n));
    c.add('daemonsets', ds());
    settle(c);
    // Make one pod not ready.
    c.list('pods')[0]!['status'] = { phase: 'Running', conditions: [readyCondition('False')] };
    const actions = syncDaemonSet(c, 'default/agent');
    const st = actions.find((a) => a.type === 'updateStatus');
    if (st?.type !== 'updateStatus') throw new Error();
    expect(st.object['status']).toEqual({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberUnavailable: 1, observedGeneration: 1 });
  });

  // update.go rollingUpdate (maxSurge 0): never more than maxUnavailable pods unavailable.
  it('a template change rolls one node at a time with maxUnavailable 1, and two at a time with 2', () => {
    for (const maxUnavailable of [1, 2]) {
      const c = fakeCluster();
      for (const n of ['a', 'b', 'c', 'd']) c.add('nodes', node(n));
      c.add('daemonsets', ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 0 } } }));
      settle(c);
      const obj = c.get('daemonsets', 'default', 'agent')!;
      (obj['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = 'nginx:1.27';
      // The new revision first.
      const revActions = syncDaemonSet(c, 'default/agent');
      expect(revActions.filter((a) => a.type === 'create' && a.resource === 'controllerrevisions')).toHaveLength(1);
      c.apply(revActions);
      const rounds: number[] = [];
      for (let i = 0; i < 20 && rounds.length < 10; i++) {
        const actions = syncDaemonSet(c, 'default/agent');
        const d = deletes(actions).length;
        if (d > 0) rounds.push(d);
        c.apply(actions);
        // Never more than maxUnavailable nodes without an available pod.
        const withPod = new Set(c.list('pods').filter((p) => (p as unknown as Pod).status?.phase === 'Running').map((p) => (p as unknown as Pod).spec?.nodeName));
        expect(4 - withPod.size).toBeLessThanOrEqual(maxUnavailable);
        bindAndReady(c);
      }
      expect(rounds).toEqual(maxUnavailable === 1 ? [1, 1, 1, 1] : [2, 2]);
      const hashes = new Set(c.list('pods').map((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]));
      expect(hashes.size).toBe(1);
      expect(c.list('controllerrevisions').map((r) => r['revision'])).toEqual([1, 2]);
    }
  });

  it('OnDelete: a template change replaces nothing until a pod is deleted', () => {
    const c = fakeCluster();
    for (const n of ['a', 'b']) c.add('nodes', node(n));
    c.add('daemonsets', ds({ updateStrategy: { type: 'OnDelete' } }));
    settle(c);
    const obj = c.get('daemonsets', 'default', 'agent')!;
    (obj['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = 'nginx:1.27';
    c.apply(syncDaemonSet(c, 'default/agent'));
    const actions = syncDaemonSet(c, 'default/agent');
    expect(deletes(actions)).toHaveLength(0);
    const st = actions.find((a) => a.type === 'updateStatus');
    if (st?.type !== 'updateStatus') throw new Error();
    expect((st.object['status'] as { updatedNumberScheduled?: number }).updatedNumberScheduled).toBeUndefined();
  });

  // podsShouldBeOnNode: a failed daemon pod is deleted with a FailedDaemonPod warning, then the node backs off (1 s, doubling).
  it('deletes a failed pod once, then backs off before killing the next failed pod on that node', () => {
    const c = fakeCluster();
    c.add('nodes', node('a'));
    c.add('daemonsets', ds());
    settle(c);
    c.list('pods')[0]!['status'] = { phase: 'Failed' };
    const actions = syncDaemonSet(c, 'default/agent');
    expect(c.apply(actions).map((e) => `${e.type} ${e.reason}`)).toEqual(['Warning FailedDaemonPod', 'Normal SuccessfulDelete']);
    expect(actions.find((a) => a.type === 'event')).toMatchObject({ message: expect.stringMatching(/^Found failed daemon pod default\/agent-\S+ on node a, will try to kill it$/) });
    c.apply(syncDaemonSet(c, 'default/agent'));
    (c.list('pods')[0] as unknown as Pod).spec!.nodeName = 'a';
    c.list('pods')[0]!['status'] = { phase: 'Failed' };
    c.nowMs += 500;
    const again = syncDaemonSet(c, 'default/agent');
    expect(deletes(again)).toHaveLength(0);
    expect(again.find((a) => a.type === 'requeueAfter')).toEqual({ type: 'requeueAfter', delayMs: 500 });
    c.nowMs += 600;
    expect(deletes(syncDaemonSet(c, 'default/agent'))).toHaveLength(1);
  });

  it('an empty selector only warns (SelectingAll)', () => {
    const c = fakeCluster();
    c.add('daemonsets', ds({ selector: {} }));
    expect(syncDaemonSet(c, 'default/agent')).toEqual([expect.objectContaining({ type: 'event', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.' })]);
  });

  it('calculateDaemonSetStatus counts a node without a pod as desired and unavailable', () => {
    const agent = ds() as never;
    const st = calculateDaemonSetStatus(agent, [node('a') as never, node('b') as never], new Map(), 'h', 0);
    expect(st).toEqual({ desiredNumberScheduled: 2, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 2 });
  });
});
