/**
 * The DaemonSet controller (K pkg/controller/daemon/daemon_controller.go, update.go and
 * util/daemonset_util.go, release-1.32) as a pure sync per key.
 *
 * syncDaemonSet:
 *  1. constructHistory: claim the DaemonSet's ControllerRevisions, split them into the current
 *     one (its data equals the template patch, `Match`) and old ones; create `<ds>-<hash>` with
 *     revision max(old)+1 when none is current, bump the current one's revision after a rollback
 *  2. expectations not satisfied → only the status is refreshed (observedGeneration untouched)
 *  3. manage: per node, podsShouldBeOnNode (NodeShouldRunDaemonPod: nodeName, node selector and
 *     required node affinity, taints against the pod's tolerations plus the daemon defaults);
 *     create a pod on every node that needs one (pinned with the matchFields node affinity, in
 *     slow-start batches), delete failed pods (with a per-node back-off), extra pods and pods on
 *     nodes that may no longer run them; delete unscheduled pods whose node is gone
 *  4. expectations satisfied → rollingUpdate (maxUnavailable, or maxSurge)
 *  5. cleanupHistory (revisionHistoryLimit), then updateDaemonSetStatus.
 *
 * In the real controller the revision is created (and its answer awaited) before any pod; here the
 * create is an action, so a sync that creates the revision raises an expectation and stops; the
 * informer's ADDED event for the revision lowers it and the next sync goes on with the pods.
 * Go iterates the node→pods map in random order; we go through nodes sorted by name.
 */
import { findMatchingUntoleratedTaint } from '../../api/tolerations.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, PodTemplateSpec, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { labelSelectorToSelector, matchesSelector, type Selector } from '../../api/selectors.ts';
import { asPod, byCreationTimestamp, canonicalJson, claimObjects, deepCopy, getControllerOf, isPodAvailable, isPodReady, isPodTerminal, newControllerRef, podFromTemplate, podsPrefix, slowStartBatches, splitKey, timestampMs } from './controller_utils.ts';
import { computeHash, getScaledValueFromIntOrPercent, type IntOrString } from './deployment.ts';
import { deleteExpectations, EXPECTATIONS_TIMEOUT_MS, expectationsKey, satisfiedExpectations, type ControllerAction, type ControllerContext } from './types.ts';

/** BurstReplicas (K pkg/controller/daemon/daemon_controller.go): at most this many creates/deletes per sync. */
export const DS_BURST_REPLICAS = 250;
/** apps.DefaultDaemonSetUniqueLabelKey = ControllerRevisionHashLabelKey. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The annotation apps/v1 keeps the internal spec.templateGeneration in (K pkg/apis/apps/v1/conversion.go). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
/** failedPodsBackoff = flowcontrol.NewBackOff(1s, 15min) (K pkg/controller/daemon/daemon_controller.go NewDaemonSetsController). */
export const FAILED_PODS_BACKOFF_INITIAL_MS = 1000;
export const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Tolerations, taints and node affinity (k8s.io/api core/v1 toleration.go, component-helpers
// nodeaffinity, pkg/apis/core/v1/helper FindMatchingUntoleratedTaint).

/** FindMatchingUntoleratedTaint over the taints `filter` keeps (api/tolerations.ts, shared with the scheduler's TaintToleration). */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  return findMatchingUntoleratedTaint([...(taints ?? [])], [...(tolerations ?? [])], filter);
}

/** Toleration.MatchToleration: same key, operator, value and effect (tolerationSeconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** v1helper.AddOrUpdateTolerationInPodSpec: replace a matching toleration, else append. */
function addOrUpdateToleration(spec: PodSpec, toleration: Toleration): void {
  const list = spec.tolerations ?? [];
  let updated = false;
  const next: Toleration[] = [];
  for (const t of list) {
    if (sameToleration(toleration, t)) {
      if (canonicalJson(toleration) === canonicalJson(t)) return;
      next.push(toleration);
      updated = true;
      continue;
    }
    next.push(t);
  }
  if (!updated) next.push(toleration);
  spec.tolerations = next;
}

/**
 * util.AddOrUpdateDaemonPodTolerations: daemon pods survive the node controller's NoExecute
 * taints (not-ready, unreachable, without tolerationSeconds) and ignore the node-condition
 * NoSchedule taints; host-network pods also tolerate network-unavailable.
 */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): void {
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) addOrUpdateToleration(spec, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || value === undefined || !/^[+-]?\d+$/.test(value) || !/^[+-]?\d+$/.test(values[0]!)) return false;
      return r.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: matchExpressions on labels and matchFields on metadata.name, ANDed; an empty term matches nothing. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const label = (k: string) => (Object.hasOwn(labels, k) ? labels[k] : undefined);
  return exprs.every((r) => requirementMatches(r, label(r.key))) && fields.every((f) => f.key === 'metadata.name' && requirementMatches(f, node.metadata?.name ?? ''));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): the node selector and the required terms (ORed). */
export function requiredNodeAffinityMatches(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((t) => termMatches(t, node));
}

/**
 * NodeShouldRunDaemonPod: shouldRun — a new daemon pod may be placed here; shouldContinueRunning
 * — a pod already here may stay (it tolerates the node's NoExecute taints even if a NoSchedule
 * taint keeps new pods away).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  // NewPod: the template's spec pinned to the node, with the daemon tolerations added.
  const spec = deepCopy(ds.spec?.template?.spec ?? ({} as PodSpec));
  addOrUpdateDaemonPodTolerations(spec);
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredNodeAffinityMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const untolerated = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (untolerated) {
    const noExecute = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes `metadata.name In [node]`. */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const out = deepCopy(affinity ?? {});
  out.nodeAffinity = out.nodeAffinity ?? {};
  if (!out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
  else out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [term];
  return out;
}

/** util.GetTargetNodeName: spec.nodeName, or the node named by the matchFields affinity of an unscheduled pod. */
export function getTargetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In') return (f.values ?? []).length === 1 ? f.values![0] : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Templates, hashes and generations.

/** util.GetTemplateGeneration: the deprecated template-generation annotation, when it parses. */
export function getTemplateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** util.CreatePodTemplate: the daemon tolerations, plus the pod-template-generation and controller-revision-hash labels. */
export function createPodTemplate(template: PodTemplateSpec | undefined, generation: number | undefined, hash: string): PodTemplateSpec {
  const t = deepCopy(template ?? {});
  t.spec = t.spec ?? ({ containers: [] } as PodSpec);
  addOrUpdateDaemonPodTolerations(t.spec);
  t.metadata = t.metadata ?? {};
  t.metadata.labels = { ...(t.metadata.labels ?? {}) };
  if (generation !== undefined) t.metadata.labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) t.metadata.labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return t;
}

/** util.IsPodUpdated: the pod carries the current revision's hash (or, for old pods, the template generation). */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[CONTROLLER_REVISION_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

/** getPatch (update.go): what a ControllerRevision stores — `{"spec":{"template":{...,"$patch":"replace"}}}`. */
export function daemonSetPatch(ds: DaemonSet): Record<string, unknown> {
  return { spec: { template: { ...deepCopy(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

/** Match: the revision's data is the DaemonSet's current patch. */
export function revisionMatches(ds: DaemonSet, revision: KubeObject): boolean {
  return canonicalJson(revision['data']) === canonicalJson(daemonSetPatch(ds));
}

function revisionNumber(o: KubeObject): number {
  return typeof o['revision'] === 'number' ? o['revision'] : 0;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, ties by name. */
function podByCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName;
  const sb = !!b.spec?.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  return byCreationTimestamp(a as KubeObject, b as KubeObject);
}

/** util.UnavailableCount / SurgeCount: percentages of the desired number, rounded up; 0 unless RollingUpdate. */
function rollingCounts(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !strategy?.rollingUpdate) return { maxSurge: 0, maxUnavailable: 0 };
  const ru = strategy.rollingUpdate;
  const u = getScaledValueFromIntOrPercent((ru.maxUnavailable as IntOrString | undefined) ?? 0, desired, true);
  const s = getScaledValueFromIntOrPercent((ru.maxSurge as IntOrString | undefined) ?? 0, desired, true);
  return { maxUnavailable: typeof u === 'number' ? u : 0, maxSurge: typeof s === 'number' ? s : 0 };
}

/** util.AllowsSurge: a RollingUpdate with a non-zero maxSurge. */
function allowsSurge(ds: DaemonSet): boolean {
  return rollingCounts(ds, 1).maxSurge !== 0;
}

// ---------------------------------------------------------------------------------------------
// failedPodsBackoff (k8s.io/client-go/util/flowcontrol Backoff) kept as plain data beside the
// expectations: per DaemonSet and node, the current delay (`adds`) and the last update (`timestampMs`).

function backoffKey(ds: DaemonSet, node: string): string {
  return `daemonset-failedpods/${ds.metadata?.uid ?? ''}/${node}`;
}

/** IsInBackOffSinceUpdate: the last failure is more recent than the current delay. */
function inBackoff(ctx: ControllerContext, key: string): number | undefined {
  const e = ctx.expectations[key];
  if (!e) return undefined;
  return ctx.nowMs - e.timestampMs < e.adds ? e.adds - (ctx.nowMs - e.timestampMs) : undefined;
}

/** Next: start at 1 s, double up to 15 min; an entry idle for twice the maximum starts over. */
function nextBackoff(ctx: ControllerContext, key: string): void {
  const e = ctx.expectations[key];
  const expired = !e || ctx.nowMs - e.timestampMs > 2 * FAILED_PODS_BACKOFF_MAX_MS;
  const delay = expired ? FAILED_PODS_BACKOFF_INITIAL_MS : Math.min(e.adds * 2, FAILED_PODS_BACKOFF_MAX_MS);
  ctx.expectations[key] = { adds: delay, dels: 0, timestampMs: ctx.nowMs };
}

// ---------------------------------------------------------------------------------------------
// The sync.

interface DsSync {
  ctx: ControllerContext;
  key: string;
  ds: DaemonSet;
  obj: KubeObject;
  namespace: string;
  nodes: Node[];
  /** Claimed pods by target node (getNodesToDaemonPods, with deleted terminal pods). */
  podsByNode: Map<string, Pod[]>;
  hash: string;
  generation: number | undefined;
  actions: ControllerAction[];
  requeueMs: number | undefined;
}

function requeue(s: DsSync, ms: number): void {
  s.requeueMs = s.requeueMs === undefined ? ms : Math.min(s.requeueMs, ms);
}

/** getNodesToDaemonPods: pods per node; without `includeDeletedTerminal`, finished pods already being deleted are left out. */
function nodesToDaemonPods(s: DsSync, includeDeletedTerminal: boolean): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const [node, pods] of s.podsByNode) {
    const kept = includeDeletedTerminal ? pods : pods.filter((p) => !(isPodTerminal(p) && p.metadata?.deletionTimestamp));
    if (kept.length > 0) out.set(node, kept);
  }
  return out;
}

/** podsShouldBeOnNode: whether the node needs a pod, and which of its pods to delete. */
function podsShouldBeOnNode(s: DsSync, node: Node, byNode: Map<string, Pod[]>): { needsPod: boolean; toDelete: Pod[] } {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, s.ds);
  const nodeName = node.metadata?.name ?? '';
  const daemonPods = byNode.get(nodeName);
  const toDelete: Pod[] = [];
  if (shouldRun && !daemonPods) return { needsPod: true, toDelete };
  if (shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      if (pod.status?.phase === 'Failed') {
        // The DaemonSet often fights a kubelet that rejects its pods: back off per node.
        const bk = backoffKey(s.ds, nodeName);
        const wait = inBackoff(s.ctx, bk);
        if (wait !== undefined) {
          requeue(s, wait);
          continue;
        }
        nextBackoff(s.ctx, bk);
        s.actions.push({ type: 'event', object: s.obj, eventType: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to kill it` });
        toDelete.push(pod);
      } else if (pod.status?.phase === 'Succeeded') toDelete.push(pod);
      else running.push(pod);
    }
    if (running.length <= 1) return { needsPod: false, toDelete };
    running.sort(podByCreationTimestampAndPhase);
    if (!allowsSurge(s.ds)) {
      // Without surge, more than one running pod: keep the oldest.
      toDelete.push(...running.slice(1));
      return { needsPod: false, toDelete };
    }
    // With surge: keep the oldest new and oldest old pod while the new one is not yet available.
    let oldestNew: Pod | undefined;
    let oldestOld: Pod | undefined;
    for (const pod of running) {
      if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === s.hash) {
        if (!oldestNew) {
          oldestNew = pod;
          continue;
        }
      } else if (!oldestOld) {
        oldestOld = pod;
        continue;
      }
      toDelete.push(pod);
    }
    if (oldestNew && oldestOld) {
      if (!isPodReady(oldestOld)) toDelete.push(oldestOld);
      else if (isPodAvailable(oldestNew, s.ds.spec?.minReadySeconds ?? 0, s.ctx.nowMs)) toDelete.push(oldestOld);
    }
    return { needsPod: false, toDelete };
  }
  if (!shouldContinueRunning && daemonPods) for (const pod of daemonPods) if (!pod.metadata?.deletionTimestamp) toDelete.push(pod);
  return { needsPod: false, toDelete };
}

/**
 * syncNodes: SetExpectations(creates, deletes), then the creates in slow-start batches (each
 * pod pinned to its node by the matchFields node affinity) and the deletes.
 */
function syncNodes(s: DsSync, podsToDelete: Pod[], nodesNeedingPods: string[]): void {
  const creates = nodesNeedingPods.slice(0, DS_BURST_REPLICAS);
  const deletes = podsToDelete.slice(0, DS_BURST_REPLICAS);
  const eKey = expectationsKey('daemonset', s.key);
  s.ctx.expectations[eKey] = { adds: creates.length, dels: deletes.length, timestampMs: s.ctx.nowMs, deleteUids: deletes.map((p) => p.metadata?.uid ?? '') };
  const template = createPodTemplate(s.ds.spec?.template, s.generation, s.hash);
  const ownerRef = newControllerRef(s.obj, 'apps/v1', 'DaemonSet');
  let i = 0;
  let batch = 0;
  for (const size of slowStartBatches(creates.length)) {
    for (let j = 0; j < size; j++, i++) {
      const t = deepCopy(template);
      t.spec!.affinity = replaceDaemonSetPodNodeNameNodeAffinity(t.spec!.affinity, creates[i]!);
      s.actions.push({
        type: 'create',
        resource: 'pods',
        namespace: s.namespace,
        object: podFromTemplate(t, s.namespace, podsPrefix(s.ds.metadata?.name ?? ''), ownerRef),
        eventObject: s.obj,
        eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulCreate', messageTemplate: 'Created pod: {name}' },
        eventOnFailure: { eventType: 'Warning', reason: 'FailedCreate', messageTemplate: 'Error creating: {error}' },
        batch,
        expectationsKey: eKey,
      });
    }
    batch++;
  }
  for (const pod of deletes) {
    s.actions.push({
      type: 'delete',
      resource: 'pods',
      namespace: s.namespace,
      name: pod.metadata?.name ?? '',
      ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}),
      eventObject: s.obj,
      eventOnSuccess: { eventType: 'Normal', reason: 'SuccessfulDelete', messageTemplate: 'Deleted pod: {name}' },
      eventOnFailure: { eventType: 'Warning', reason: 'FailedDelete', messageTemplate: 'Error deleting: {error}' },
      expectationsKey: eKey,
    });
  }
}

const byName = (a: { metadata?: { name?: string } }, b: { metadata?: { name?: string } }) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0);

/** manage: the pods each node needs or must lose, plus unscheduled pods aimed at nodes that are gone. */
function manage(s: DsSync): void {
  const byNode = nodesToDaemonPods(s, false);
  const nodesNeeding: string[] = [];
  const toDelete: Pod[] = [];
  for (const node of s.nodes) {
    const r = podsShouldBeOnNode(s, node, byNode);
    if (r.needsPod) nodesNeeding.push(node.metadata?.name ?? '');
    toDelete.push(...r.toDelete);
  }
  // getUnscheduledPodsWithoutNode: pods bound to a vanished node are the pod GC's.
  const running = new Set(s.nodes.map((n) => n.metadata?.name ?? ''));
  for (const [node, pods] of [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (running.has(node)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) toDelete.push(pod);
  }
  syncNodes(s, toDelete, nodesNeeding);
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else not ok (the manage loop prunes). */
function findUpdatedPodsOnNode(s: DsSync, pods: Pod[]): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, s.hash, s.generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/**
 * rollingUpdate (update.go). Without surge: delete old pods, as many as keep the unavailable
 * pods (new ones not yet available, nodes without a live pod) within maxUnavailable, plus every
 * old pod that is unavailable anyway; the manage loop creates their replacements. With surge:
 * create new pods beside old available ones up to maxSurge, delete an old pod once its
 * replacement is available.
 */
function rollingUpdate(s: DsSync): void {
  const byNode = nodesToDaemonPods(s, false);
  // updatedDesiredNodeCounts: every node that should run the pod takes part, with or without one.
  let desired = 0;
  const nodesByName = new Map(s.nodes.map((n) => [n.metadata?.name ?? '', n]));
  for (const node of s.nodes) {
    if (!nodeShouldRunDaemonPod(node, s.ds).shouldRun) continue;
    desired++;
    if (!byNode.has(node.metadata?.name ?? '')) byNode.set(node.metadata?.name ?? '', []);
  }
  let { maxSurge, maxUnavailable } = rollingCounts(s.ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const minReady = s.ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, s.ctx.nowMs);
  const nodeNames = [...byNode.keys()].sort();

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacement: Pod[] = [];
    const candidates: Pod[] = [];
    for (const nodeName of nodeNames) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(s, byNode.get(nodeName)!);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) {
          allowedReplacement.push(oldPod);
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    syncNodes(s, [...allowedReplacement, ...candidates.slice(0, remaining)], []);
    return;
  }

  const oldPodsToDelete: Pod[] = [];
  const shouldNotRunPodsToDelete: Pod[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const nodeName of nodeNames) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(s, byNode.get(nodeName)!);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      const node = nodesByName.get(nodeName);
      const shouldRun = node ? nodeShouldRunDaemonPod(node, s.ds).shouldRun : false;
      if (!available(oldPod)) {
        if (!shouldRun) {
          oldPodsToDelete.push(oldPod);
          continue;
        }
        allowedNewNodes.push(nodeName);
      } else {
        if (!shouldRun) {
          shouldNotRunPodsToDelete.push(oldPod);
          continue;
        }
        if (numSurge >= maxSurge) continue;
        candidateNewNodes.push(nodeName);
      }
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    oldPodsToDelete.push(oldPod);
  }
  // Keep 100% availability when the placement moves: delete pods on nodes that may no longer
  // run them only as far as available pods exceed the desired number.
  const deletable = Math.min(numAvailable - desired, shouldNotRunPodsToDelete.length);
  for (const pod of shouldNotRunPodsToDelete.slice(0, Math.max(0, deletable))) if (!pod.metadata?.deletionTimestamp) oldPodsToDelete.push(pod);
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  syncNodes(s, oldPodsToDelete, [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)]);
}

/** cleanupHistory: delete the oldest revisions beyond revisionHistoryLimit that no live pod uses. */
function cleanupHistory(s: DsSync, old: KubeObject[]): void {
  const toKeep = s.ds.spec?.revisionHistoryLimit ?? 10;
  let toKill = old.length - toKeep;
  if (toKill <= 0) return;
  const liveHashes = new Set<string>();
  for (const pods of nodesToDaemonPods(s, true).values()) for (const p of pods) {
    const h = p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (h) liveHashes.add(h);
  }
  for (const history of [...old].sort((a, b) => revisionNumber(a) - revisionNumber(b))) {
    if (toKill <= 0) break;
    if (liveHashes.has(history.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '')) continue;
    s.actions.push({ type: 'delete', resource: 'controllerrevisions', namespace: s.namespace, name: history.metadata?.name ?? '', ...(history.metadata?.uid ? { uid: history.metadata.uid } : {}) });
    toKill--;
  }
}

/** The DaemonSet's status counts from its pods (updateDaemonSetStatus). */
export function calculateDaemonSetStatus(
  ds: DaemonSet,
  nodes: readonly Node[],
  podsByNode: ReadonlyMap<string, Pod[]>,
  hash: string,
  nowMs: number,
): { desiredNumberScheduled: number; currentNumberScheduled: number; numberMisscheduled: number; numberReady: number; updatedNumberScheduled: number; numberAvailable: number; numberUnavailable: number } {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let availableN = 0;
  const generation = getTemplateGeneration(ds);
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    const pods = podsByNode.get(node.metadata?.name ?? '') ?? [];
    const scheduled = pods.length > 0;
    if (shouldRun) {
      desired++;
      if (!scheduled) continue;
      current++;
      const pod = [...pods].sort(podByCreationTimestampAndPhase)[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, nowMs)) availableN++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    } else if (scheduled) misscheduled++;
  }
  return { desiredNumberScheduled: desired, currentNumberScheduled: current, numberMisscheduled: misscheduled, numberReady: ready, updatedNumberScheduled: updated, numberAvailable: availableN, numberUnavailable: desired - availableN };
}

/** storeDaemonSetStatus: write only when a count changed or the generation was not yet observed. */
function updateDaemonSetStatus(s: DsSync, updateObservedGen: boolean): void {
  const counts = calculateDaemonSetStatus(s.ds, s.nodes, nodesToDaemonPods(s, false), s.hash, s.ctx.nowMs);
  const old = (s.ds.status ?? {}) as Record<string, unknown>;
  const generation = s.ds.metadata?.generation;
  const same = (Object.keys(counts) as (keyof typeof counts)[]).every((k) => ((old[k] as number | undefined) ?? 0) === counts[k]);
  const observed = (old['observedGeneration'] as number | undefined) ?? 0;
  if (!(same && observed >= (generation ?? 0))) {
    // Object.assign, not two spreads: V8's slow path (api/objects.ts), on every status change.
    const status: Record<string, unknown> = Object.assign({}, old, counts);
    if (updateObservedGen && generation !== undefined) status['observedGeneration'] = generation;
    // omitempty: these four disappear at 0; the other counters are always written.
    for (const f of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'observedGeneration']) if (status[f] === 0) delete status[f];
    const copy = deepCopy(s.obj);
    copy['status'] = status;
    s.actions.push({ type: 'updateStatus', resource: 'daemonsets', namespace: s.namespace, object: copy });
  }
  // Ready pods become available minReadySeconds later: look again then.
  const minReady = s.ds.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && counts.numberReady !== counts.numberAvailable) requeue(s, minReady * 1000);
}

function finish(s: DsSync): ControllerAction[] {
  return s.requeueMs === undefined ? s.actions : [...s.actions, { type: 'requeueAfter', delayMs: s.requeueMs }];
}

/** syncDaemonSet for one `namespace/name`. A DaemonSet that is gone only drops its expectations. */
export function syncDaemonSet(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const eKey = expectationsKey('daemonset', key);
  const obj = ctx.get('daemonsets', namespace, name);
  if (!obj) {
    deleteExpectations(ctx.expectations, eKey);
    return [];
  }
  const ds = obj as unknown as DaemonSet;
  const ls = ds.spec?.selector;
  const parsed = labelSelectorToSelector(ls);
  if ('error' in parsed) return [{ type: 'event', object: obj, eventType: 'Warning', reason: 'InvalidSelector', message: `Invalid selector: ${parsed.error}` }];
  if (!ls || Object.keys(ls.matchLabels ?? {}).length + (ls.matchExpressions ?? []).length === 0) {
    return [{ type: 'event', object: obj, eventType: 'Warning', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.' }];
  }
  // A DaemonSet being deleted is left to the garbage collector.
  if (ds.metadata?.deletionTimestamp) return [];
  const selector: Selector = parsed;
  const uid = ds.metadata?.uid ?? '';
  const ownerRef = newControllerRef(obj, 'apps/v1', 'DaemonSet');
  const s: DsSync = {
    ctx,
    key,
    ds,
    obj,
    namespace,
    nodes: ctx.list('nodes').map((n) => n as unknown as Node).sort(byName),
    podsByNode: new Map(),
    hash: '',
    generation: getTemplateGeneration(ds),
    actions: [],
    requeueMs: undefined,
  };

  // constructHistory: claim the revisions, split current (Match) and old.
  const revClaim = claimObjects(obj, ownerRef, selector, ctx.listControlled('controllerrevisions', namespace, [uid], true), 'controllerrevisions');
  s.actions.push(...revClaim.actions);
  const current: KubeObject[] = [];
  const old: KubeObject[] = [];
  for (const h of revClaim.claimed) (revisionMatches(ds, h) ? current : old).push(h);
  const currRevision = Math.max(0, ...old.map(revisionNumber)) + 1;
  let cur: KubeObject;
  if (current.length === 0) {
    // snapshot: `<ds>-<hash>` with the next revision number; a different revision holding the name is a collision.
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    const revName = `${name}-${hash}`;
    const clash = ctx.get('controllerrevisions', namespace, revName);
    if (clash && !revisionMatches(ds, clash)) {
      const copy = deepCopy(obj);
      copy['status'] = { ...((copy['status'] as object) ?? {}), collisionCount: (ds.status?.collisionCount ?? 0) + 1 };
      return [...s.actions, { type: 'updateStatus', resource: 'daemonsets', namespace, object: copy }];
    }
    if (!clash || getControllerOf(clash)?.uid !== uid) {
      const revision: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: revName,
          namespace,
          labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
          ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
          ownerReferences: [ownerRef],
        },
        data: daemonSetPatch(ds),
        revision: currRevision,
      };
      if (!clash) {
        // Wait for the revision before creating pods labelled with its hash.
        ctx.expectations[eKey] = { adds: 1, dels: 0, timestampMs: ctx.nowMs };
        s.actions.push({ type: 'create', resource: 'controllerrevisions', namespace, object: revision, expectationsKey: eKey });
        return s.actions;
      }
    }
    cur = clash!;
  } else {
    // dedupCurHistories: keep the highest revision, delete the duplicates.
    const sorted = [...current].sort((a, b) => revisionNumber(b) - revisionNumber(a));
    cur = sorted[0]!;
    for (const dup of sorted.slice(1)) s.actions.push({ type: 'delete', resource: 'controllerrevisions', namespace, name: dup.metadata?.name ?? '', ...(dup.metadata?.uid ? { uid: dup.metadata.uid } : {}) });
    if (revisionNumber(cur) < currRevision) {
      const copy = deepCopy(cur);
      copy['revision'] = currRevision;
      s.actions.push({ type: 'update', resource: 'controllerrevisions', namespace, object: copy });
    }
  }
  s.hash = cur.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? cur.metadata?.name ?? '';

  // getDaemonPods: claim, then group by target node (pods aimed at no node are skipped).
  const podClaim = claimObjects(obj, ownerRef, selector, ctx.listControlled('pods', namespace, [uid], true), 'pods');
  s.actions.push(...podClaim.actions);
  for (const p of podClaim.claimed.map(asPod)) {
    const node = getTargetNodeName(p);
    if (node === undefined) continue;
    const list = s.podsByNode.get(node);
    if (list) list.push(p);
    else s.podsByNode.set(node, [p]);
  }

  if (!satisfiedExpectations(ctx.expectations, eKey, ctx.nowMs)) {
    updateDaemonSetStatus(s, false);
    return finish(s);
  }
  manage(s);
  const e = ctx.expectations[eKey];
  const satisfied = !e || (e.adds <= 0 && e.dels <= 0) || ctx.nowMs - e.timestampMs > EXPECTATIONS_TIMEOUT_MS;
  if (satisfied && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') rollingUpdate(s);
  cleanupHistory(s, old);
  updateDaemonSetStatus(s, true);
  return finish(s);
}

/** Whether a pod is one this DaemonSet's selector picks (for the controller-manager's orphan handling). */
export function daemonSetSelects(ds: KubeObject, labels: Record<string, string> | undefined): boolean {
  const sel = labelSelectorToSelector((ds as unknown as DaemonSet).spec?.selector);
  return !('error' in sel) && matchesSelector(sel, labels);
}
