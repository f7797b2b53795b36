/**
 * The Deployment controller (K pkg/controller/deployment/, release-1.32) as a pure sync per key:
 * deployment_controller.go syncDeployment, sync.go (getNewReplicaSet, scale, cleanupDeployment,
 * calculateStatus), rolling.go, recreate.go, progress.go and util/deployment_util.go.
 *
 * In the real controller every write is answered before the next step; here the writes are
 * returned as actions and the next steps use the objects as written (like the real code uses
 * the Update's answer). All writes to one ReplicaSet in a sync are merged into one update.
 * The Deployment gets at most an `update` (revision annotation, pinned resourceVersion) and an
 * `updateStatus` (without resourceVersion when it follows that update, so it cannot conflict).
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { labelSelectorToSelector, matchesSelector } from '../../api/selectors.ts';
import {
  byCreationTimestamp,
  canonicalJson,
  claimObjects,
  deepCopy,
  deepEqual,
  getControllerOf,
  newControllerRef,
  rfc3339Seconds,
  roundHalfAwayFromZero,
  splitKey,
  timestampMs,
} from './controller_utils.ts';
import { deleteExpectations, expectationsKey, expectCreations, satisfiedExpectations, type ControllerAction, type ControllerContext } from './types.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** maxRevHistoryLengthInChars (K pkg/controller/deployment/sync.go). */
const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
const MAX_INT32 = 2147483647;

// Condition reasons (util/deployment_util.go).
export const NEW_RS_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const RS_UPDATED_REASON = 'ReplicaSetUpdated';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

export type IntOrString = number | string;

// ---------------------------------------------------------------------------------------------
// Pure arithmetic (util/deployment_util.go, k8s.io/apimachinery pkg/util/intstr).

/** intstr.GetScaledValueFromIntOrPercent: ints as is, "N%" of total rounded up or down. */
export function getScaledValueFromIntOrPercent(v: IntOrString, total: number, roundUp: boolean): number | { error: string } {
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) return { error: `invalid value for IntOrString: invalid type: string is not a percentage` };
  const percent = Number(v.slice(0, -1));
  if (!/^-?\d+$/.test(v.slice(0, -1))) return { error: `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v.slice(0, -1)}": invalid syntax` };
  return roundUp ? Math.ceil((percent * total) / 100) : Math.floor((percent * total) / 100);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and if both end up 0
 * maxUnavailable becomes 1 (rounding may have zeroed it; surge might be blocked by quota).
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } | { error: string } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  if (typeof surge !== 'number') return surge;
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (typeof unavailable !== 'number') return unavailable;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function replicasOf(o: { spec?: { replicas?: number } }): number {
  return o.spec?.replicas ?? 1;
}

function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function rollingParams(d: Deployment): { maxSurge: IntOrString; maxUnavailable: IntOrString } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return { maxSurge: (ru?.maxSurge as IntOrString | undefined) ?? '25%', maxUnavailable: (ru?.maxUnavailable as IntOrString | undefined) ?? '25%' };
}

/** MaxUnavailable: 0 for Recreate or 0 replicas, never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const p = rollingParams(d);
  const r = resolveFenceposts(p.maxSurge, p.maxUnavailable, replicas);
  if ('error' in r) return 0;
  return Math.min(r.unavailable, replicas);
}

/** MaxSurge: 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const p = rollingParams(d);
  const r = resolveFenceposts(p.maxSurge, p.maxUnavailable, replicasOf(d));
  return 'error' in r ? 0 : r.surge;
}

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export function replicaCount(rss: ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
}
/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export function actualReplicaCount(rss: ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}
export function availableReplicaCount(rss: ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}
export function readyReplicaCount(rss: ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate: up to
 * replicas + maxSurge pods in total, never above replicas; Recreate: replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  const newReplicas = newRS.spec?.replicas ?? 0;
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = getScaledValueFromIntOrPercent(rollingParams(d).maxSurge, replicasOf(d), true);
  if (typeof surge !== 'number') return newReplicas;
  const currentPodCount = replicaCount(allRSs);
  const maxTotalPods = replicasOf(d) + surge;
  if (currentPodCount >= maxTotalPods) return newReplicas;
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicasOf(d) - newReplicas);
  return newReplicas + scaleUpCount;
}

/**
 * How many old replicas reconcileOldReplicaSets may remove in total (maxScaledDown): all pods
 * minus the minimum available minus the new RS's unavailable pods.
 */
export function maxScaledDown(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  return replicaCount(allRSs) - minAvailable - newRSUnavailable;
}

/**
 * getReplicaSetFraction / GetProportion (util/deployment_util.go): an RS's share of a scale
 * change, from the max-replicas annotation it was last scaled for.
 */
export function getProportion(rs: ReplicaSet, d: Deployment, deploymentReplicasToAdd: number, deploymentReplicasAdded: number): number {
  const rsReplicas = rs.spec?.replicas ?? 0;
  if (rsReplicas === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -rsReplicas;
  else {
    const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
    let before = Number(rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION] ?? NaN);
    if (!Number.isInteger(before) || before === 0) before = d.status?.replicas ?? 0;
    fraction = before === 0 ? 0 : roundHalfAwayFromZero((rsReplicas * deploymentMaxReplicas) / before) - rsReplicas;
  }
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---------------------------------------------------------------------------------------------
// Hashing (K pkg/controller/controller_utils.go ComputeHash).

/** fnv32a over UTF-8 bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString alphabet: no vowels, no 0/1/3 (k8s.io/apimachinery pkg/util/rand/rand.go). */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length]!;
  return out;
}

/**
 * ComputeHash: fnv32a of the template (here: canonical JSON instead of Go's spew dump, so values
 * differ from a real cluster's), then the collisionCount as 8 little-endian bytes, printed in
 * decimal and encoded with SafeEncodeString — so hashes use only `bcdf456789` like real ones.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv32a(enc.encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined) {
    const b = new Uint8Array(8);
    const c = collisionCount >>> 0;
    b[0] = c & 0xff;
    b[1] = (c >>> 8) & 0xff;
    b[2] = (c >>> 16) & 0xff;
    b[3] = (c >>> 24) & 0xff;
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = deepCopy(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return c;
  };
  return deepEqual(strip(a), strip(b));
}

function revisionOf(rs: ReplicaSet): number {
  const v = Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '0');
  return Number.isInteger(v) ? v : 0;
}

/** MaxRevision over the old ReplicaSets. */
export function maxRevision(rss: ReplicaSet[]): number {
  return Math.max(0, ...rss.map(revisionOf));
}

// ---------------------------------------------------------------------------------------------
// Conditions (util/deployment_util.go).

function getCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return (status.conditions ?? []).find((c) => c.type === type);
}

function newCondition(type: string, status: string, reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = rfc3339Seconds(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** SetDeploymentCondition: same status and reason → unchanged; same status → keep lastTransitionTime; moved to the end. */
function setCondition(status: DeploymentStatus, c: DeploymentCondition): void {
  const current = getCondition(status, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds ?? 600;
  return s !== MAX_INT32;
}

/** DeploymentComplete. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (status.updatedReplicas ?? 0) === r && (status.replicas ?? 0) === r && (status.availableReplicas ?? 0) === r && (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** DeploymentProgressing: more updated/ready/available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing condition's lastUpdateTime. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const from = timestampMs(c.lastUpdateTime);
  if (from === undefined) return false;
  return from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < nowMs;
}

// ---------------------------------------------------------------------------------------------
// The sync.

interface WorkingRS {
  rs: ReplicaSet;
  /** Created in this sync (its create action carries the final object). */
  isNew: boolean;
  dirty: boolean;
}

class DeploymentSync {
  readonly actions: ControllerAction[] = [];
  private readonly events: ControllerAction[] = [];
  private readonly deletes: ControllerAction[] = [];
  private created: { rs: WorkingRS; scaledUpTo: number } | undefined;
  private requeueMs: number | undefined;
  readonly d: Deployment;
  private annotationsChanged = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly key: string,
    private readonly original: KubeObject,
    private readonly rsList: WorkingRS[],
  ) {
    this.d = deepCopy(original) as unknown as Deployment;
    this.d.status = this.d.status ?? {};
  }

  private get name(): string {
    return this.d.metadata?.name ?? '';
  }
  private get namespace(): string {
    return this.d.metadata?.namespace ?? '';
  }

  private event(reason: string, message: string, eventType: 'Normal' | 'Warning' = 'Normal'): void {
    this.events.push({ type: 'event', object: this.original, eventType, reason, message });
  }

  /** FindNewReplicaSet: the oldest RS whose template equals the deployment's (ignoring the hash label). */
  findNewReplicaSet(): WorkingRS | undefined {
    const sorted = [...this.rsList].sort((a, b) => byCreationTimestamp(a.rs as KubeObject, b.rs as KubeObject));
    return sorted.find((w) => equalIgnoreHash(w.rs.spec?.template, this.d.spec?.template));
  }

  /** SetReplicasAnnotations: desired-replicas and max-replicas; true when changed. */
  private setReplicasAnnotations(rs: ReplicaSet): boolean {
    const desired = String(replicasOf(this.d));
    const max = String(replicasOf(this.d) + maxSurge(this.d));
    rs.metadata = rs.metadata ?? {};
    const a = (rs.metadata.annotations = rs.metadata.annotations ?? {});
    if (a[DESIRED_REPLICAS_ANNOTATION] === desired && a[MAX_REPLICAS_ANNOTATION] === max) return false;
    a[DESIRED_REPLICAS_ANNOTATION] = desired;
    a[MAX_REPLICAS_ANNOTATION] = max;
    return true;
  }

  /** SetNewReplicaSetAnnotations: copy the deployment's annotations, bump the revision (keeping revision-history on rollback). */
  private setNewReplicaSetAnnotations(rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
    rs.metadata = rs.metadata ?? {};
    const a = (rs.metadata.annotations = rs.metadata.annotations ?? {});
    let changed = false;
    const skip = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION]);
    for (const [k, v] of Object.entries(this.d.metadata?.annotations ?? {})) {
      if (skip.has(k) || a[k] === v) continue;
      a[k] = v;
      changed = true;
    }
    const oldRevision = a[REVISION_ANNOTATION];
    const oldRevisionInt = oldRevision === undefined ? 0 : Number(oldRevision);
    if (!Number.isInteger(oldRevisionInt)) return changed;
    if (oldRevisionInt < newRevision) {
      a[REVISION_ANNOTATION] = String(newRevision);
      changed = true;
      if (oldRevision !== undefined) {
        // Rolled back to this RS: remember the revisions it had, within the length limit.
        const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
        if (history === '') a[REVISION_HISTORY_ANNOTATION] = oldRevision;
        else {
          const parts = history.split(',');
          let total = history.length + oldRevision.length + 1;
          let start = 0;
          while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < parts.length) total -= parts[start++]!.length + 1;
          if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) a[REVISION_HISTORY_ANNOTATION] = [...parts.slice(start), oldRevision].join(',');
        }
      }
    }
    if (!exists && this.setReplicasAnnotations(rs)) changed = true;
    return changed;
  }

  /** SetDeploymentRevision. */
  private setDeploymentRevision(revision: string): void {
    this.d.metadata = this.d.metadata ?? {};
    const a = (this.d.metadata.annotations = this.d.metadata.annotations ?? {});
    if (a[REVISION_ANNOTATION] === revision) return;
    a[REVISION_ANNOTATION] = revision;
    this.annotationsChanged = true;
  }

  /** getAllReplicaSetsAndSyncRevision: the new RS (created if asked) and the old ones. */
  getAllReplicaSetsAndSyncRevision(createIfNotExisted: boolean): { newRS: WorkingRS | undefined; oldRSs: WorkingRS[] } | 'collision' {
    const existing = this.findNewReplicaSet();
    const oldRSs = this.rsList.filter((w) => w !== existing);
    const newRevision = maxRevision(oldRSs.map((w) => w.rs)) + 1;
    if (existing) {
      // Sync the existing new RS's annotations and minReadySeconds.
      const rs = existing.rs;
      const annotationsUpdated = this.setNewReplicaSetAnnotations(rs, newRevision, true);
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      if (annotationsUpdated || (rs.spec?.minReadySeconds ?? 0) !== minReady) {
        rs.spec = { ...rs.spec!, minReadySeconds: minReady };
        if (minReady === 0) delete rs.spec.minReadySeconds;
        existing.dirty = true;
      }
      this.setDeploymentRevision(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status!, 'Progressing')) {
        setCondition(this.d.status!, newCondition('Progressing', 'True', FOUND_NEW_RS_REASON, `Found new replica set "${rs.metadata?.name}"`, this.ctx.nowMs));
      }
      return { newRS: existing, oldRSs };
    }
    if (!createIfNotExisted) return { newRS: undefined, oldRSs };

    const template = deepCopy(this.d.spec?.template ?? {});
    const hash = computeHash(template, this.d.status?.collisionCount);
    template.metadata = template.metadata ?? {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
    const selector = deepCopy(this.d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
    const rsName = `${this.name}-${hash}`;

    // The create's AlreadyExists branch, seen from the cache: a different RS holds the name → hash collision.
    const clash = this.ctx.get('replicasets', this.namespace, rsName);
    if (clash) {
      const ref = getControllerOf(clash);
      if (!(ref && ref.uid === this.d.metadata?.uid && equalIgnoreHash(this.d.spec?.template, (clash as unknown as ReplicaSet).spec?.template))) {
        this.d.status!.collisionCount = (this.d.status!.collisionCount ?? 0) + 1;
        return 'collision';
      }
    }

    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: this.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(this.original, 'apps/v1', 'Deployment')],
      },
      spec: {
        replicas: 0,
        ...(this.d.spec?.minReadySeconds ? { minReadySeconds: this.d.spec.minReadySeconds } : {}),
        selector,
        template,
      },
    };
    const working: WorkingRS = { rs, isNew: true, dirty: false };
    rs.spec!.replicas = newRSNewReplicas(this.d, [...oldRSs.map((w) => w.rs), rs], rs);
    this.setNewReplicaSetAnnotations(rs, newRevision, false);
    this.created = { rs: working, scaledUpTo: rs.spec!.replicas };
    this.rsList.push(working);
    expectCreations(this.ctx.expectations, expectationsKey('deployment', this.key), 1, this.ctx.nowMs);
    this.setDeploymentRevision(String(newRevision));
    if (hasProgressDeadline(this.d)) {
      setCondition(this.d.status!, newCondition('Progressing', 'True', NEW_RS_REASON, `Created new replica set "${rsName}"`, this.ctx.nowMs));
    }
    return { newRS: working, oldRSs };
  }

  /** scaleReplicaSet: new size and replica annotations in one write; the event when the size changed. */
  scaleReplicaSet(w: WorkingRS, newScale: number): boolean {
    const rs = w.rs;
    const oldScale = rs.spec?.replicas ?? 0;
    const sizeNeedsUpdate = oldScale !== newScale;
    const copy = deepCopy(rs);
    const annotationsNeedUpdate = this.setReplicasAnnotations(copy);
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return false;
    copy.spec = { ...copy.spec!, replicas: newScale };
    w.rs = copy;
    w.dirty = true;
    if (w.isNew && this.created) this.created.scaledUpTo = newScale;
    if (sizeNeedsUpdate) {
      this.event('ScalingReplicaSet', `Scaled ${oldScale < newScale ? 'up' : 'down'} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
      return true;
    }
    return false;
  }

  /** scaleReplicaSetAndRecordEvent: nothing to do when the size is already right. */
  scaleAndRecord(w: WorkingRS, newScale: number): boolean {
    if ((w.rs.spec?.replicas ?? 0) === newScale) return false;
    return this.scaleReplicaSet(w, newScale);
  }

  // --- rolling.go -------------------------------------------------------------------------------

  rolloutRolling(): void {
    const all = this.getAllReplicaSetsAndSyncRevision(true);
    if (all === 'collision') return;
    const { newRS, oldRSs } = all;
    if (!newRS) return;
    if (this.reconcileNewReplicaSet(newRS, [...oldRSs, newRS])) return this.syncRolloutStatus(newRS, [...oldRSs, newRS]);
    const activeOld = oldRSs.filter((w) => (w.rs.spec?.replicas ?? 0) > 0);
    if (this.reconcileOldReplicaSets([...oldRSs, newRS], activeOld, newRS)) return this.syncRolloutStatus(newRS, [...oldRSs, newRS]);
    if (deploymentComplete(this.d, this.d.status!)) this.cleanupDeployment(oldRSs);
    this.syncRolloutStatus(newRS, [...oldRSs, newRS]);
  }

  reconcileNewReplicaSet(newRS: WorkingRS, allRSs: WorkingRS[]): boolean {
    const want = replicasOf(this.d);
    const have = newRS.rs.spec?.replicas ?? 0;
    if (have === want) return false;
    if (have > want) return this.scaleAndRecord(newRS, want);
    return this.scaleAndRecord(newRS, newRSNewReplicas(this.d, allRSs.map((w) => w.rs), newRS.rs));
  }

  reconcileOldReplicaSets(allRSs: WorkingRS[], oldRSs: WorkingRS[], newRS: WorkingRS): boolean {
    if (replicaCount(oldRSs.map((w) => w.rs)) === 0) return false;
    const maxDown = maxScaledDown(this.d, allRSs.map((w) => w.rs), newRS.rs);
    if (maxDown <= 0) return false;
    // Unhealthy replicas first: they would otherwise block the rollout (kubernetes#16737).
    const cleanupCount = this.cleanupUnhealthyReplicas(oldRSs, maxDown);
    const scaledDownCount = this.scaleDownOldReplicaSetsForRollingUpdate([...oldRSs, newRS], oldRSs);
    return cleanupCount + scaledDownCount > 0;
  }

  cleanupUnhealthyReplicas(oldRSs: WorkingRS[], maxCleanupCount: number): number {
    let total = 0;
    for (const w of [...oldRSs].sort((a, b) => byCreationTimestamp(a.rs as KubeObject, b.rs as KubeObject))) {
      if (total >= maxCleanupCount) break;
      const replicas = w.rs.spec?.replicas ?? 0;
      const available = w.rs.status?.availableReplicas ?? 0;
      if (replicas === 0 || replicas === available) continue;
      const scaledDown = Math.min(maxCleanupCount - total, replicas - available);
      this.scaleAndRecord(w, replicas - scaledDown);
      total += scaledDown;
    }
    return total;
  }

  scaleDownOldReplicaSetsForRollingUpdate(allRSs: WorkingRS[], oldRSs: WorkingRS[]): number {
    const minAvailable = replicasOf(this.d) - maxUnavailable(this.d);
    const available = availableReplicaCount(allRSs.map((w) => w.rs));
    if (available <= minAvailable) return 0;
    const totalScaleDownCount = available - minAvailable;
    let total = 0;
    for (const w of [...oldRSs].sort((a, b) => byCreationTimestamp(a.rs as KubeObject, b.rs as KubeObject))) {
      if (total >= totalScaleDownCount) break;
      const replicas = w.rs.spec?.replicas ?? 0;
      if (replicas === 0) continue;
      const scaleDown = Math.min(replicas, totalScaleDownCount - total);
      this.scaleAndRecord(w, replicas - scaleDown);
      total += scaleDown;
    }
    return total;
  }

  // --- recreate.go ------------------------------------------------------------------------------

  rolloutRecreate(podsByRsUid: Map<string, Pod[]>): void {
    let all = this.getAllReplicaSetsAndSyncRevision(false);
    if (all === 'collision') return;
    const activeOld = all.oldRSs.filter((w) => (w.rs.spec?.replicas ?? 0) > 0);
    let scaledDown = false;
    for (const w of activeOld) if (this.scaleAndRecord(w, 0)) scaledDown = true;
    if (scaledDown) return this.syncRolloutStatus(all.newRS, [...all.oldRSs, ...(all.newRS ? [all.newRS] : [])]);
    if (this.oldPodsRunning(all.newRS, all.oldRSs, podsByRsUid)) return this.syncRolloutStatus(all.newRS, [...all.oldRSs, ...(all.newRS ? [all.newRS] : [])]);
    if (!all.newRS) {
      all = this.getAllReplicaSetsAndSyncRevision(true);
      if (all === 'collision') return;
    }
    const newRS = all.newRS!;
    // scaleUpNewReplicaSetForRecreate
    this.scaleAndRecord(newRS, replicasOf(this.d));
    if (deploymentComplete(this.d, this.d.status!)) this.cleanupDeployment(all.oldRSs);
    this.syncRolloutStatus(newRS, [...all.oldRSs, newRS]);
  }

  /** oldPodsRunning: old RSs still report pods, or an old RS's pod is not terminal. */
  oldPodsRunning(newRS: WorkingRS | undefined, oldRSs: WorkingRS[], podsByRsUid: Map<string, Pod[]>): boolean {
    if (actualReplicaCount(oldRSs.map((w) => w.rs)) > 0) return true;
    for (const [uid, pods] of podsByRsUid) {
      if (newRS && newRS.rs.metadata?.uid === uid) continue;
      if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
    }
    return false;
  }

  // --- sync.go ----------------------------------------------------------------------------------

  /** isScalingEvent: an active RS was last sized for a different replica count. */
  isScalingEvent(): boolean {
    const all = this.getAllReplicaSetsAndSyncRevision(false);
    if (all === 'collision') return false;
    const rss = [...all.oldRSs, ...(all.newRS ? [all.newRS] : [])].filter((w) => (w.rs.spec?.replicas ?? 0) > 0);
    return rss.some((w) => {
      const desired = w.rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      return desired !== undefined && Number(desired) !== replicasOf(this.d);
    });
  }

  /** sync: scale (proportionally when needed), clean up when paused, update the status. */
  syncScale(): void {
    const all = this.getAllReplicaSetsAndSyncRevision(false);
    if (all === 'collision') return;
    this.scale(all.newRS, all.oldRSs);
    if (this.d.spec?.paused) this.cleanupDeployment(all.oldRSs);
    this.syncDeploymentStatus(all.newRS, [...all.oldRSs, ...(all.newRS ? [all.newRS] : [])]);
  }

  /** scale: one active RS takes the whole count; else proportional scaling across active RSs. */
  scale(newRS: WorkingRS | undefined, oldRSs: WorkingRS[]): void {
    const replicas = replicasOf(this.d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if ((activeOrLatest.rs.spec?.replicas ?? 0) !== replicas) this.scaleAndRecord(activeOrLatest, replicas);
      return;
    }
    if (newRS && isSaturated(this.d, newRS.rs)) {
      for (const w of oldRSs.filter((w) => (w.rs.spec?.replicas ?? 0) > 0)) this.scaleAndRecord(w, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const active = [...oldRSs, ...(newRS ? [newRS] : [])].filter((w) => (w.rs.spec?.replicas ?? 0) > 0);
    const allowedSize = replicas > 0 ? replicas + maxSurge(this.d) : 0;
    const toAdd = allowedSize - replicaCount(active.map((w) => w.rs));
    // Larger first; on ties newer first when scaling up, older first when scaling down.
    if (toAdd !== 0) {
      active.sort((a, b) => {
        const ra = a.rs.spec?.replicas ?? 0;
        const rb = b.rs.spec?.replicas ?? 0;
        if (ra !== rb) return rb - ra;
        const byTime = byCreationTimestamp(a.rs as KubeObject, b.rs as KubeObject);
        return toAdd > 0 ? -byTime : byTime;
      });
    }
    let added = 0;
    const sizes = active.map((w) => {
      const p = toAdd !== 0 ? getProportion(w.rs, this.d, toAdd, added) : 0;
      added += p;
      return (w.rs.spec?.replicas ?? 0) + p;
    });
    active.forEach((w, i) => {
      let size = sizes[i]!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      this.scaleReplicaSet(w, size);
    });
  }

  /** cleanupDeployment: delete the oldest empty RSs beyond revisionHistoryLimit. */
  cleanupDeployment(oldRSs: WorkingRS[]): void {
    const limit = this.d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((w) => !w.isNew && !w.rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a.rs) - revisionOf(b.rs) || byCreationTimestamp(a.rs as KubeObject, b.rs as KubeObject));
    for (const w of cleanable.slice(0, diff)) {
      const rs = w.rs;
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      this.deletes.push({ type: 'delete', resource: 'replicasets', namespace: this.namespace, name: rs.metadata?.name ?? '', ...(rs.metadata?.uid ? { uid: rs.metadata.uid } : {}) });
    }
  }

  /** calculateStatus. */
  calculateStatus(newRS: WorkingRS | undefined, allRSs: WorkingRS[]): DeploymentStatus {
    const rss = allRSs.map((w) => w.rs);
    const available = availableReplicaCount(rss);
    const status: DeploymentStatus = {
      observedGeneration: this.d.metadata?.generation ?? 0,
      replicas: actualReplicaCount(rss),
      updatedReplicas: newRS ? actualReplicaCount([newRS.rs]) : 0,
      readyReplicas: readyReplicaCount(rss),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicaCount(rss) - available),
    };
    // The API omits zero counters (omitempty); so do we, or every sync would look like a change.
    for (const f of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (status[f] === 0) delete status[f];
    if (this.d.status?.collisionCount !== undefined) status.collisionCount = this.d.status.collisionCount;
    if (this.d.status?.conditions) status.conditions = deepCopy(this.d.status.conditions);
    if (available >= replicasOf(this.d) - maxUnavailable(this.d)) {
      setCondition(status, newCondition('Available', 'True', MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.', this.ctx.nowMs));
    } else {
      setCondition(status, newCondition('Available', 'False', MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.', this.ctx.nowMs));
    }
    return status;
  }

  syncDeploymentStatus(newRS: WorkingRS | undefined, allRSs: WorkingRS[]): void {
    this.d.status = this.calculateStatus(newRS, allRSs);
  }

  /** syncRolloutStatus (progress.go): the Progressing condition and the requeue for the deadline. */
  syncRolloutStatus(newRS: WorkingRS | undefined, allRSs: WorkingRS[]): void {
    const status = this.calculateStatus(newRS, allRSs);
    if (!hasProgressDeadline(this.d)) removeCondition(status, 'Progressing');
    const current = getCondition(this.d.status!, 'Progressing');
    const isCompleteDeployment = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
    const rsName = newRS?.rs.metadata?.name;
    if (hasProgressDeadline(this.d) && !isCompleteDeployment) {
      const base = (this.original as unknown as Deployment).status ?? {};
      const beforeD: Deployment = { ...this.d, status: base };
      if (deploymentComplete(this.d, status)) {
        const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${this.name}" has successfully progressed.`;
        setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg, this.ctx.nowMs));
      } else if (deploymentProgressing(beforeD, status)) {
        const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${this.name}" is progressing.`;
        const c = newCondition('Progressing', 'True', RS_UPDATED_REASON, msg, this.ctx.nowMs);
        if (current) {
          if (current.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
          removeCondition(status, 'Progressing');
        }
        setCondition(status, c);
      } else if (deploymentTimedOut(this.d, status, this.ctx.nowMs)) {
        const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${this.name}" has timed out progressing.`;
        setCondition(status, newCondition('Progressing', 'False', TIMED_OUT_REASON, msg, this.ctx.nowMs));
      }
    }
    this.d.status = status;
    // requeueStuckDeployment: look again when the progress deadline would pass.
    const c = getCondition(status, 'Progressing');
    if (hasProgressDeadline(this.d) && c && !deploymentComplete(this.d, status) && c.reason !== TIMED_OUT_REASON) {
      const from = timestampMs(c.lastUpdateTime);
      if (from !== undefined) this.requeueMs = Math.max(1000, from + (this.d.spec?.progressDeadlineSeconds ?? 600) * 1000 - this.ctx.nowMs + 1000);
    }
  }

  /** checkPausedConditions: Progressing Unknown `DeploymentPaused` / `DeploymentResumed`. */
  checkPausedConditions(): void {
    if (!hasProgressDeadline(this.d)) return;
    const c = getCondition(this.d.status!, 'Progressing');
    if (c?.reason === TIMED_OUT_REASON) return;
    const pausedCondExists = c?.reason === PAUSED_DEPLOY_REASON;
    if (this.d.spec?.paused && !pausedCondExists) setCondition(this.d.status!, newCondition('Progressing', 'Unknown', PAUSED_DEPLOY_REASON, 'Deployment is paused', this.ctx.nowMs));
    else if (!this.d.spec?.paused && pausedCondExists) setCondition(this.d.status!, newCondition('Progressing', 'Unknown', RESUMED_DEPLOY_REASON, 'Deployment is resumed', this.ctx.nowMs));
  }

  /** The writes, in the order the real controller makes them. */
  finish(): ControllerAction[] {
    const out: ControllerAction[] = [...this.actions];
    for (const w of this.rsList) {
      if (w.isNew) {
        const created = this.created!;
        out.push({
          type: 'create',
          resource: 'replicasets',
          namespace: this.namespace,
          object: w.rs as unknown as KubeObject,
          eventObject: this.original,
          ...(created.scaledUpTo > 0
            ? { eventOnSuccess: { eventType: 'Normal' as const, reason: 'ScalingReplicaSet', messageTemplate: `Scaled up replica set {name} from 0 to ${created.scaledUpTo}` } }
            : {}),
          eventOnFailure: { eventType: 'Warning', reason: 'FailedCreate', messageTemplate: `Failed to create new replica set "${w.rs.metadata?.name}": {error}` },
          expectationsKey: expectationsKey('deployment', this.key),
        });
      } else if (w.dirty) out.push({ type: 'update', resource: 'replicasets', namespace: this.namespace, object: w.rs as unknown as KubeObject });
    }
    out.push(...this.deletes);
    const originalD = this.original as unknown as Deployment;
    if (this.annotationsChanged) {
      const upd = deepCopy(this.original);
      upd.metadata = { ...upd.metadata, annotations: { ...(this.d.metadata?.annotations ?? {}) } };
      out.push({ type: 'update', resource: 'deployments', namespace: this.namespace, object: upd });
    }
    if (!deepEqual(originalD.status ?? {}, this.d.status ?? {})) {
      const obj = deepCopy(this.d) as unknown as KubeObject;
      if (this.annotationsChanged && obj.metadata) delete obj.metadata.resourceVersion;
      out.push({ type: 'updateStatus', resource: 'deployments', namespace: this.namespace, object: obj });
    }
    out.push(...this.events);
    if (this.requeueMs !== undefined) out.push({ type: 'requeueAfter', delayMs: this.requeueMs });
    return out;
  }
}

/** FindActiveOrLatest: the only active RS, or the newest when none is active; undefined when several are. */
function findActiveOrLatest(newRS: WorkingRS | undefined, oldRSs: WorkingRS[]): WorkingRS | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b.rs as KubeObject, a.rs as KubeObject));
  const active = [...sortedOld, ...(newRS ? [newRS] : [])].filter((w) => (w.rs.spec?.replicas ?? 0) > 0);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** IsSaturated: the new RS has all replicas, was sized for them, and all are available. */
function isSaturated(d: Deployment, rs: ReplicaSet): boolean {
  const desired = rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  return (rs.spec?.replicas ?? 0) === replicasOf(d) && desired !== undefined && Number(desired) === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/**
 * syncDeployment for one `namespace/name`: claim ReplicaSets, then paused → scale only,
 * scaling event → proportional scale, else Recreate or RollingUpdate; status and conditions.
 */
export function syncDeployment(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const obj = ctx.get('deployments', namespace, name);
  const eKey = expectationsKey('deployment', key);
  if (!obj) {
    deleteExpectations(ctx.expectations, eKey);
    return [];
  }
  // A new ReplicaSet we created is not in the cache yet: wait for it rather than create it twice.
  if (!satisfiedExpectations(ctx.expectations, eKey, ctx.nowMs)) return [];
  const d = obj as unknown as Deployment;
  const ls = d.spec?.selector;
  if (ls && Object.keys(ls.matchLabels ?? {}).length + (ls.matchExpressions ?? []).length === 0) {
    const actions: ControllerAction[] = [{ type: 'event', object: obj, eventType: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' }];
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
      const copy = deepCopy(obj);
      copy['status'] = { ...((copy['status'] as object) ?? {}), observedGeneration: d.metadata?.generation };
      actions.push({ type: 'updateStatus', resource: 'deployments', namespace, object: copy });
    }
    return actions;
  }
  const selector = labelSelectorToSelector(ls);
  if ('error' in selector) return [];

  // getReplicaSetsForDeployment: claim (adopt/release) the namespace's ReplicaSets.
  const ownerRef = newControllerRef(obj, 'apps/v1', 'Deployment');
  const claim = claimObjects(obj, ownerRef, selector, ctx.list('replicasets', namespace), 'replicasets');
  const adopted = new Set(claim.actions.map((a) => a.object.metadata?.uid));
  const rsList: WorkingRS[] = claim.claimed.map((o) => ({ rs: deepCopy(o) as unknown as ReplicaSet, isNew: false, dirty: adopted.has(o.metadata?.uid) }));
  const sync = new DeploymentSync(ctx, key, obj, rsList);
  // Released ReplicaSets are written right away; adopted ones ride along with any scaling.
  sync.actions.push(...claim.actions.filter((a) => !claim.claimed.some((c) => c.metadata?.uid === a.object.metadata?.uid)));

  // getPodMapForDeployment: the deployment's pods grouped by their ReplicaSet's UID.
  const rsUids = new Set(rsList.map((w) => w.rs.metadata?.uid));
  const podsByRsUid = new Map<string, Pod[]>();
  for (const p of ctx.listControlled('pods', namespace, [...rsUids].filter((u): u is string => !!u), false)) {
    const ref = getControllerOf(p);
    if (!ref || !rsUids.has(ref.uid) || !matchesSelector(selector, p.metadata?.labels)) continue;
    const group = podsByRsUid.get(ref.uid);
    if (group) group.push(p as unknown as Pod);
    else podsByRsUid.set(ref.uid, [p as unknown as Pod]);
  }

  if (d.metadata?.deletionTimestamp) {
    // syncStatusOnly
    const all = sync.getAllReplicaSetsAndSyncRevision(false);
    if (all !== 'collision') sync.syncDeploymentStatus(all.newRS, [...all.oldRSs, ...(all.newRS ? [all.newRS] : [])]);
    return sync.finish();
  }
  sync.checkPausedConditions();
  if (d.spec?.paused) {
    sync.syncScale();
    return sync.finish();
  }
  if (sync.isScalingEvent()) {
    sync.syncScale();
    return sync.finish();
  }
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') === 'Recreate') sync.rolloutRecreate(podsByRsUid);
  else sync.rolloutRolling();
  return sync.finish();
}
