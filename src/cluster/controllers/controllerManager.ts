/**
 * The kube-controller-manager process: leader election on `kube-system/kube-controller-manager`,
 * shared informers, one work queue per controller (keys deduplicated, failures retried with the
 * per-item exponential back-off of workqueue.DefaultControllerRateLimiter, 5 ms doubling), and
 * the sync functions of each controller run per key. Actions the syncs return are carried out as
 * API requests; their effects come back through the informers, as in the real controllers.
 */
import { deriveStream, rfc3339Micro, rfc3339Seconds, uuidV4, type PrngState } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../apiserver/messages.ts';
import { parseTimestampMs } from '../../api/index.ts';
import { controlledKeys } from '../client/controllerindex.ts';
import { deepEqual, filterControlled } from './controller_utils.ts';
import { addInformer, createClient, objectKey, onClientPacket, onClientTimer, request, startInformers, stopClient, type ClientNotification, type Delta, type KubeClient } from '../client/client.ts';
import { createLeaderElection, onElectionResponse, RETRY_PERIOD_MS, tryAcquireOrRenew, type LeaderElection } from '../client/leaderelection.ts';
import { CLIENT_RATE_LIMITS } from '../client/ratelimit.ts';
import { createRecorder, onRecorderNotification, recordEvent, recorderComponentOf, type EventRecorder } from '../client/events.ts';
import { creationObserved, deletionObserved, observeCreate, observeDelete, type ControllerAction, type ControllerContext, type EventTemplate } from './types.ts';
import { syncReplicaSet, syncReplicationController } from './replicaset.ts';
import { syncDeployment } from './deployment.ts';
import { daemonSetSelects, syncDaemonSet } from './daemonset.ts';
import { syncJob, syncTTLAfterFinished } from './job.ts';
import { syncEndpoints, syncEndpointSlice } from './endpointslice.ts';
import { collectGarbage } from './garbagecollector.ts';
import { monitorNodeHealth, NODE_MONITOR_PERIOD_MS, type NodeHealth } from './nodelifecycle.ts';
import { add, createWorkQueue, done, hold, takeAll, type WorkQueue } from './workqueue.ts';
import { NAMESPACED_RESOURCES, syncNamespace, type ListedState, type NamespaceAction } from './namespace.ts';

/** The informers the controllers share (one watch per resource). */
const INFORMERS = ['pods', 'replicasets', 'deployments', 'jobs', 'replicationcontrollers', 'services', 'endpointslices', 'endpoints', 'nodes', 'namespaces', 'configmaps', 'daemonsets', 'controllerrevisions'];
/**
 * The garbage collector's pass. The real GC reacts to informer events through its dependency
 * graph; a periodic pass over the caches reaches the same end state within this period.
 */
const GC_PERIOD_MS = 5_000;
const RATE_LIMIT_BASE_MS = 5;
const RATE_LIMIT_MAX_MS = 1000 * 1000;

type ControllerName = 'replicaset' | 'replicationcontroller' | 'deployment' | 'daemonset' | 'job' | 'ttl-after-finished' | 'endpointslice' | 'endpoints' | 'namespace';

const SYNCS: Record<Exclude<ControllerName, 'namespace'>, (ctx: ControllerContext, key: string) => ControllerAction[]> = {
  replicaset: syncReplicaSet,
  replicationcontroller: syncReplicationController,
  deployment: syncDeployment,
  daemonset: syncDaemonSet,
  job: syncJob,
  'ttl-after-finished': syncTTLAfterFinished,
  endpointslice: syncEndpointSlice,
  endpoints: syncEndpoints,
};

export interface ControllerManager {
  host: string;
  status: 'running' | 'stopped';
  epoch: number;
  client: KubeClient;
  le: LeaderElection;
  /** One event recorder per controller: each reports its Events under its own component name. */
  recorders: Record<string, EventRecorder>;
  prng: PrngState | null;
  expectations: ControllerContext['expectations'];
  queues: Record<ControllerName, WorkQueue>;
  workScheduled: boolean;
  nodeHealth: Record<string, NodeHealth>;
  /** Requests in flight for controllers' actions, by request tag. */
  pendingActions: Record<string, PendingAction>;
  nextActionId: number;
  /** slowStartBatch groups: creates waiting for the batch before them to succeed. */
  batches: Record<string, SlowStartBatch>;
  /**
   * Whether the caches may hold work for the garbage collector: set by any delta that can change
   * its answer (an object deleted, or its uid, ownerReferences, finalizers or deletionTimestamp
   * changed; an object added goes to gcAdded), cleared by a pass that found nothing to do. The collector is a
   * pure function of the caches, so a pass over unchanged caches would find nothing again; a
   * lease renewal or a status update does not wake it. (The real collector is event-driven
   * too: its graph builder reacts to informer events, not a clock.)
   */
  gcDirty: boolean;
  /**
   * Objects added since the last pass, by informer and key, while nothing else woke the collector:
   * the next pass looks at just these (collectGarbage's `added`). A rollout adds thousands of pods,
   * and a pass over every cache for each handful of them grew with the cluster.
   */
  gcAdded: Map<string, string>;
  /** The namespace controller's view of the resources it lists (LISTED_RESOURCES), by terminating namespace. */
  namespaceLists: Record<string, Record<string, ListedState>>;
}

interface SlowStartBatch {
  controller: string;
  key: string;
  /** Whether the batch holds its key's processing (workqueue.ts) until its last create is answered or it stops. */
  holds: boolean;
  /** Later batches, in order; each is sent only once the one before succeeded in full. */
  waiting: Extract<ControllerAction, { type: 'create' }>[][];
  inFlight: number;
  failed: boolean;
}

interface PendingAction {
  controller: string;
  key: string;
  expectationsKey?: string;
  eventOnSuccess?: EventTemplate;
  eventOnFailure?: EventTemplate;
  eventObject?: KubeObject;
  /** The slowStartBatch group a create belongs to. */
  batch?: string;
  /** Whether this request holds its key's processing (a request of a sync, not of a batch). */
  holds?: boolean;
  /** For a delete: the object named in its event and the uid its expectation tracks. */
  deleted?: { name: string; uid?: string };
  /** The namespace controller's list of a LISTED_RESOURCES resource in the namespace `key`. */
  listed?: string;
  /** A delete the namespace controller sent for an item such a list found. */
  listedDelete?: string;
}

function emptyQueues(): Record<ControllerName, WorkQueue> {
  const q = createWorkQueue;
  return { replicaset: q(), replicationcontroller: q(), deployment: q(), daemonset: q(), job: q(), 'ttl-after-finished': q(), endpointslice: q(), endpoints: q(), namespace: q() };
}

export function createControllerManager(host: string, server: string): ControllerManager {
  return { host, status: 'stopped', epoch: 0, client: controllerManagerClient(host, server, 0), le: createLeaderElection('kube-controller-manager', ''), recorders: {}, prng: null, expectations: {}, queues: emptyQueues(), workScheduled: false, nodeHealth: {}, pendingActions: {}, nextActionId: 1, batches: {}, gcDirty: true, gcAdded: new Map(), namespaceLists: {} };
}

const proc = (m: ControllerManager) => `${m.host}/kube-controller-manager`;

function timer(m: ControllerManager, sink: EffectSink, name: string, delayMs: number, payload: { type: string; [k: string]: unknown }): void {
  sink.effects.push({ type: 'timer.set', key: `${proc(m)}/${name}`, delayMs, target: proc(m), payload });
}

export function startControllerManager(m: ControllerManager, seed: number, sink: EffectSink): void {
  if (m.status === 'running') return;
  m.status = 'running';
  m.epoch++;
  m.client = controllerManagerClient(m.host, m.client.server, m.epoch);
  m.prng = deriveStream(seed, `kube-controller-manager/${m.host}/${m.epoch}`);
  m.le = createLeaderElection('kube-controller-manager', `${m.host}_${uuidV4(m.prng)}`);
  m.expectations = {};
  m.queues = emptyQueues();
  m.workScheduled = false;
  m.nodeHealth = {};
  m.pendingActions = {};
  m.batches = {};
  m.gcDirty = true;
  m.gcAdded = new Map();
  m.namespaceLists = {};
  // A new process: its recorders' queues and correlator caches start empty.
  m.recorders = {};
  // The pod informer is indexed by controller UID, as the ReplicaSet and Deployment controllers' is.
  for (const r of INFORMERS) addInformer(m.client, r, r, r === 'pods' ? { indexByController: true } : {});
  addInformer(m.client, 'node-leases', 'leases', { namespace: 'kube-node-lease' });
  // The informers start only once this process leads (controllermanager.go: the informer
  // factories are built and started inside `run`, which is OnStartedLeading): a standby
  // kube-controller-manager holds no watches at all.
  emitTrace(sink, { source: proc(m), kind: 'kcm.start', summary: 'kube-controller-manager started; attempting to acquire leader lease kube-system/kube-controller-manager...' });
  electionTick(m, sink);
}

export function stopControllerManager(m: ControllerManager, reason: string, sink: EffectSink): void {
  if (m.status !== 'running') return;
  m.status = 'stopped';
  m.le.isLeader = false;
  stopClient(m.client, sink);
  for (const name of ['election', 'work', 'monitor', 'gc']) sink.effects.push({ type: 'timer.cancel', key: `${proc(m)}/${name}` });
  emitTrace(sink, { source: proc(m), kind: 'kcm.stop', summary: reason });
}

function electionTick(m: ControllerManager, sink: EffectSink): void {
  timer(m, sink, 'election', RETRY_PERIOD_MS, { type: 'kcm.election' });
  const out = tryAcquireOrRenew(m.client, m.le, sink, rfc3339Micro);
  if (out.changed === 'lost') leadershipLost(m, sink);
}

/**
 * controllermanager.go's OnStoppedLeading: `klog.ErrorS(nil, "leaderelection lost")` then
 * `klog.FlushAndExit(klog.ExitFlushTimeout, 1)`. The process exits with code 1; its static pod's
 * container ends and the kubelet starts it again (RESTARTS goes up, as after an etcd outage).
 */
function leadershipLost(m: ControllerManager, sink: EffectSink): void {
  emitTrace(sink, { source: proc(m), kind: 'kcm.leader', summary: 'leaderelection lost; kube-controller-manager exits and is restarted' });
  stopControllerManager(m, 'leaderelection lost', sink);
  sink.effects.push({ type: 'process.exit', host: m.host, process: 'kube-controller-manager', reason: 'leaderelection lost' });
}

export function onControllerManagerPacket(m: ControllerManager, port: string, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (m.status !== 'running') return;
  handle(m, onClientPacket(m.client, port, from, kind, body, sink), sink);
}

export function onControllerManagerTimer(m: ControllerManager, payload: { type: string; [k: string]: unknown }, sink: EffectSink): void {
  if (m.status !== 'running') return;
  if (payload.type.startsWith('client.')) return handle(m, onClientTimer(m.client, payload, sink), sink);
  switch (payload.type) {
    case 'kcm.election':
      return electionTick(m, sink);
    case 'kcm.work':
      m.workScheduled = false;
      return processQueues(m, sink);
    case 'kcm.requeue':
      return enqueue(m, payload['controller'] as ControllerName, payload['key'] as string, sink);
    case 'kcm.monitor':
      timer(m, sink, 'monitor', NODE_MONITOR_PERIOD_MS, { type: 'kcm.monitor' });
      return runNodeMonitor(m, sink);
    case 'kcm.gc':
      timer(m, sink, 'gc', GC_PERIOD_MS, { type: 'kcm.gc' });
      return runGarbageCollector(m, sink);
  }
}

function handle(m: ControllerManager, n: ClientNotification, sink: EffectSink): void {
  if (n.kind === 'deltas') {
    for (const d of n.deltas) route(m, d, sink);
    return;
  }
  // Each controller has its own event broadcaster (record.NewBroadcaster in its constructor).
  const component = recorderComponentOf(n);
  if (component !== undefined) {
    const recorder = m.recorders[component];
    if (recorder) onRecorderNotification(m.client, recorder, n, sink);
    return;
  }
  if (n.kind !== 'response') return;
  if (n.tag.startsWith('le:')) {
    const out = onElectionResponse(m.client, m.le, n.tag, n.resp, sink, rfc3339Micro);
    if (out.changed === 'acquired') {
      emitTrace(sink, { source: proc(m), kind: 'kcm.leader', summary: `successfully acquired lease kube-system/kube-controller-manager as ${m.le.identity}` });
      // Now the informers list and watch; the controllers wait for their caches (allSynced).
      startInformers(m.client, sink);
      timer(m, sink, 'monitor', NODE_MONITOR_PERIOD_MS, { type: 'kcm.monitor' });
      timer(m, sink, 'gc', GC_PERIOD_MS, { type: 'kcm.gc' });
      enqueueEverything(m, sink);
    }
    if (out.changed === 'lost') leadershipLost(m, sink);
    return;
  }
  if (n.tag.startsWith('act:')) onActionResult(m, n.tag, n.resp, sink);
}

// ---------------------------------------------------------------------------------------------
// Event handlers: which keys an informer event wakes up.

function controllerOf(o: KubeObject): { kind: string; name: string } | undefined {
  const ref = o.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

function route(m: ControllerManager, d: Delta, sink: EffectSink): void {
  observe(m, d);
  if (!m.gcDirty) {
    if (d.type === 'added') m.gcAdded.set(`${d.informer}/${objectKey(d.object)}`, d.informer);
    else if (mayChangeOwnership(d)) m.gcDirty = true;
  }
  const o = d.object;
  const ns = o.metadata?.namespace ?? '';
  const key = objectKey(o);
  // Anything deleted in a terminating namespace: the namespace controller looks again (whatever
  // else the delta means to the other controllers, below).
  if (d.type === 'deleted' && ns !== '' && NAMESPACED_RESOURCES.includes(m.client.informers[d.informer]?.resource ?? d.informer)) {
    const nsObj = m.client.informers['namespaces']?.items.get(ns);
    if (nsObj?.metadata?.deletionTimestamp) enqueue(m, 'namespace', ns, sink);
  }
  switch (d.informer) {
    case 'pods': {
      for (const owner of [controllerOf(o), d.old ? controllerOf(d.old) : undefined]) {
        if (!owner) continue;
        const k = `${ns}/${owner.name}`;
        if (owner.kind === 'ReplicaSet') enqueue(m, 'replicaset', k, sink);
        if (owner.kind === 'ReplicationController') enqueue(m, 'replicationcontroller', k, sink);
        if (owner.kind === 'Job') enqueue(m, 'job', k, sink);
        if (owner.kind === 'DaemonSet') enqueue(m, 'daemonset', k, sink);
      }
      // An orphan pod: every DaemonSet that may adopt it (the DaemonSet controller's getDaemonSetsForPod).
      if (!controllerOf(o)) {
        for (const ds of m.client.informers['daemonsets']?.items.values() ?? []) if (ds.metadata?.namespace === ns && daemonSetSelects(ds, o.metadata?.labels)) enqueue(m, 'daemonset', objectKey(ds), sink);
      }
      // A pod's labels, readiness or IP may change any Service in its namespace.
      for (const svc of m.client.informers['services']?.items.values() ?? []) {
        if (svc.metadata?.namespace !== ns) continue;
        enqueue(m, 'endpointslice', objectKey(svc), sink);
        enqueue(m, 'endpoints', objectKey(svc), sink);
      }
      return;
    }
    case 'replicasets': {
      enqueue(m, 'replicaset', key, sink);
      const owner = controllerOf(o);
      if (owner?.kind === 'Deployment') enqueue(m, 'deployment', `${ns}/${owner.name}`, sink);
      return;
    }
    case 'deployments':
      return enqueue(m, 'deployment', key, sink);
    case 'daemonsets':
      return enqueue(m, 'daemonset', key, sink);
    case 'controllerrevisions': {
      const owner = controllerOf(o);
      if (owner?.kind === 'DaemonSet') enqueue(m, 'daemonset', `${ns}/${owner.name}`, sink);
      return;
    }
    case 'nodes':
      // addNode / updateNode (shouldIgnoreNodeUpdate): a new or removed node, or a change of its
      // labels, taints, schedulability or condition statuses, may change where daemon pods belong.
      if (d.type !== 'updated' || !d.old || nodeChangeMatters(d.old, o)) for (const ds of m.client.informers['daemonsets']?.items.values() ?? []) enqueue(m, 'daemonset', objectKey(ds), sink);
      return;
    case 'jobs':
      enqueue(m, 'job', key, sink);
      return enqueue(m, 'ttl-after-finished', key, sink);
    case 'replicationcontrollers':
      return enqueue(m, 'replicationcontroller', key, sink);
    case 'services':
      enqueue(m, 'endpointslice', key, sink);
      return enqueue(m, 'endpoints', key, sink);
    case 'endpointslices': {
      const svc = o.metadata?.labels?.['kubernetes.io/service-name'];
      if (svc) enqueue(m, 'endpointslice', `${ns}/${svc}`, sink);
      return;
    }
    case 'endpoints':
      return enqueue(m, 'endpoints', key, sink);
    case 'namespaces':
      if (o.metadata?.deletionTimestamp) enqueue(m, 'namespace', o.metadata.name!, sink);
      return;
  }
}

/** A delta the garbage collector's answer may depend on (see `gcDirty`). */
function mayChangeOwnership(d: Delta): boolean {
  if (d.type !== 'updated' || !d.old) return true;
  const a = d.old.metadata ?? {};
  const b = d.object.metadata ?? {};
  return a.uid !== b.uid || a.deletionTimestamp !== b.deletionTimestamp || !deepEqual(a.ownerReferences, b.ownerReferences) || !deepEqual(a.finalizers, b.finalizers);
}

/** shouldIgnoreNodeUpdate's complement: anything but heartbeats and status details changed. */
function nodeChangeMatters(old: KubeObject, cur: KubeObject): boolean {
  const view = (n: KubeObject) => {
    const spec = (n['spec'] ?? {}) as { taints?: unknown; unschedulable?: boolean };
    const conditions = (((n['status'] ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();
    return JSON.stringify([n.metadata?.labels ?? {}, spec.taints ?? [], spec.unschedulable ?? false, conditions]);
  };
  return view(old) !== view(cur);
}

/**
 * ControllerExpectations: an add or delete a controller asked for has now been seen. The owner
 * of the object (its controller ownerReference) names the expectations entry.
 */
function observe(m: ControllerManager, d: Delta): void {
  const resource = m.client.informers[d.informer]?.resource ?? d.informer;
  if (d.type === 'added') observeCreate(m.expectations, resource, d.object);
  else if (d.type === 'deleted' || (d.object.metadata?.deletionTimestamp && !d.old?.metadata?.deletionTimestamp)) observeDelete(m.expectations, resource, d.object);
}

function enqueue(m: ControllerManager, controller: ControllerName, key: string, sink: EffectSink): void {
  add(m.queues[controller], key);
  scheduleWork(m, sink);
}

/** The workers run at the next turn (after the events of this instant) if a key is waiting. */
function scheduleWork(m: ControllerManager, sink: EffectSink): void {
  if (!m.workScheduled && m.le.isLeader) {
    m.workScheduled = true;
    timer(m, sink, 'work', 0, { type: 'kcm.work' });
  }
}

function enqueueEverything(m: ControllerManager, sink: EffectSink): void {
  const each = (informer: string, controllers: ControllerName[]) => {
    for (const o of m.client.informers[informer]?.items.values() ?? []) for (const c of controllers) enqueue(m, c, c === 'namespace' ? o.metadata!.name! : objectKey(o), sink);
  };
  each('replicasets', ['replicaset']);
  each('replicationcontrollers', ['replicationcontroller']);
  each('deployments', ['deployment']);
  each('daemonsets', ['daemonset']);
  each('jobs', ['job', 'ttl-after-finished']);
  each('services', ['endpointslice', 'endpoints']);
  for (const ns of m.client.informers['namespaces']?.items.values() ?? []) if (ns.metadata?.deletionTimestamp) enqueue(m, 'namespace', ns.metadata.name!, sink);
}

function allSynced(m: ControllerManager): boolean {
  return Object.values(m.client.informers).every((i) => i.synced);
}

// ---------------------------------------------------------------------------------------------
// Workers.

/**
 * What a sync reads: the informer caches. The caches cannot change while one pass over the
 * queues runs (answers arrive as later packets), so a list is built once per pass and
 * namespace and handed out as copies: a pass of many syncs over many pods stays linear.
 */
function context(m: ControllerManager, sink: EffectSink): ControllerContext {
  const informerFor = (resource: string) => (resource === 'leases' ? 'node-leases' : resource);
  const lists = new Map<string, KubeObject[]>();
  const byNamespace = new Map<string, Map<string, KubeObject[]>>();
  const all = (resource: string): KubeObject[] => {
    let items = lists.get(resource);
    if (!items) lists.set(resource, (items = [...(m.client.informers[informerFor(resource)]?.items.values() ?? [])]));
    return items;
  };
  return {
    nowMs: sink.now,
    expectations: m.expectations,
    list(resource: string, namespace?: string): KubeObject[] {
      if (namespace === undefined) return all(resource).slice();
      let index = byNamespace.get(resource);
      if (!index) {
        index = new Map();
        for (const o of all(resource)) {
          const ns = o.metadata?.namespace ?? '';
          const group = index.get(ns);
          if (group) group.push(o);
          else index.set(ns, [o]);
        }
        byNamespace.set(resource, index);
      }
      return (index.get(namespace) ?? []).slice();
    },
    get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
      return m.client.informers[informerFor(resource)]?.items.get(namespace ? `${namespace}/${name}` : name);
    },
    listControlled(resource, namespace, controllerUids, includeOrphans) {
      const inf = m.client.informers[informerFor(resource)];
      if (inf?.controllerIndex) return controlledKeys(inf.controllerIndex, namespace, controllerUids, includeOrphans).map((k) => inf.items.get(k)!);
      return filterControlled(this.list(resource, namespace), controllerUids, includeOrphans);
    },
  };
}

function processQueues(m: ControllerManager, sink: EffectSink): void {
  if (!m.le.isLeader) return;
  if (!allSynced(m)) {
    // WaitForCacheSync: controllers start only when every informer has listed.
    m.workScheduled = true;
    timer(m, sink, 'work', 100, { type: 'kcm.work' });
    return;
  }
  const ctx = context(m, sink);
  for (const controller of Object.keys(m.queues) as ControllerName[]) {
    for (const key of takeAll(m.queues[controller])) {
      if (controller === 'namespace') {
        if (!ctx.get('namespaces', undefined, key)?.metadata?.deletionTimestamp) delete m.namespaceLists[key];
        executeNamespace(m, key, syncNamespace(ctx, key, m.namespaceLists[key] ?? {}), sink);
      } else execute(m, controller, key, SYNCS[controller](ctx, key), sink);
    }
  }
}

function execute(m: ControllerManager, controller: string, key: string, actions: ControllerAction[], sink: EffectSink): void {
  // A work-queue controller's key stays processing while its sync's requests are out (not the
  // garbage collector's pass, which has no queue).
  const q = m.queues[controller as ControllerName] as WorkQueue | undefined;
  const holds = (p: PendingAction): PendingAction => {
    if (!q) return p;
    hold(q, key);
    p.holds = true;
    return p;
  };
  const batched = actions.filter((a): a is Extract<ControllerAction, { type: 'create' }> => a.type === 'create' && a.batch !== undefined);
  if (batched.length > 0) startSlowStartBatch(m, controller, key, batched, q !== undefined, sink);
  for (const a of actions) {
    switch (a.type) {
      case 'create':
        if (a.batch === undefined) send(m, { verb: 'create', resource: a.resource, namespace: a.namespace, body: a.object }, holds(pendingAction(controller, key, a)), sink);
        break;
      case 'update':
        send(m, { verb: 'update', resource: a.resource, ...(a.namespace ? { namespace: a.namespace } : {}), body: a.object }, holds({ controller, key }), sink);
        break;
      case 'updateStatus':
        send(m, { verb: 'update', resource: a.resource, ...(a.namespace ? { namespace: a.namespace } : {}), body: a.object, subresource: 'status' }, holds({ controller, key }), sink);
        break;
      case 'delete':
        send(m, { verb: 'delete', resource: a.resource, namespace: a.namespace, name: a.name, ...(a.uid ? { preconditionUid: a.uid } : {}), ...(a.propagationPolicy ? { propagationPolicy: a.propagationPolicy } : {}) }, holds(pendingAction(controller, key, a)), sink);
        break;
      case 'event':
        recordEvent(m.client, recorderFor(m, controller, a.reason), a.object, a.eventType, a.reason, a.message, sink, rfc3339Seconds);
        break;
      case 'requeueAfter':
        // Only controllers with a work queue can be requeued (not the periodic node monitor).
        if (m.queues[controller as ControllerName]) timer(m, sink, `requeue/${controller}/${key}`, a.delayMs, { type: 'kcm.requeue', controller, key });
        break;
    }
  }
}

/**
 * slowStartBatch (pkg/controller/replicaset/replica_set.go): creates go out in batches of 1, 2,
 * 4, ...; a batch starts only when the one before succeeded in full, so a controller that
 * cannot create pods (quota, a terminating namespace, an apiserver without etcd) sends one
 * request, not hundreds. The creates skipped after a failure lower the expectations, as the
 * controller's `skippedPods` loop does, so the next sync tries again.
 */
function startSlowStartBatch(m: ControllerManager, controller: string, key: string, creates: Extract<ControllerAction, { type: 'create' }>[], holds: boolean, sink: EffectSink): void {
  const byBatch = new Map<number, Extract<ControllerAction, { type: 'create' }>[]>();
  for (const a of creates) byBatch.set(a.batch!, [...(byBatch.get(a.batch!) ?? []), a]);
  const ordered = [...byBatch.keys()].sort((x, y) => x - y).map((b) => byBatch.get(b)!);
  const id = `b${m.nextActionId++}`;
  m.batches[id] = { controller, key, waiting: ordered, inFlight: 0, failed: false, holds };
  if (holds) hold(m.queues[controller as ControllerName], key);
  sendNextBatch(m, id, sink);
}

function endBatch(m: ControllerManager, id: string, sink: EffectSink): void {
  const b = m.batches[id]!;
  delete m.batches[id];
  if (b.holds) syncDone(m, b.controller as ControllerName, b.key, sink);
}

/** Done for one of a sync's requests (or its batch): a key added meanwhile is synced again. */
function syncDone(m: ControllerManager, controller: ControllerName, key: string, sink: EffectSink): void {
  if (done(m.queues[controller], key)) scheduleWork(m, sink);
}

function sendNextBatch(m: ControllerManager, id: string, sink: EffectSink): void {
  const b = m.batches[id]!;
  const next = b.waiting.shift();
  if (!next) return endBatch(m, id, sink);
  b.inFlight = next.length;
  for (const a of next) {
    const pending = pendingAction(b.controller, b.key, a);
    pending.batch = id;
    send(m, { verb: 'create', resource: a.resource, namespace: a.namespace, body: a.object }, pending, sink);
  }
}

function onBatchResult(m: ControllerManager, id: string, ok: boolean, sink: EffectSink): void {
  const b = m.batches[id];
  if (!b) return;
  if (!ok) b.failed = true;
  if (--b.inFlight > 0) return;
  if (!b.failed) return sendNextBatch(m, id, sink);
  for (const a of b.waiting.flat()) if (a.expectationsKey) creationObserved(m.expectations, a.expectationsKey);
  endBatch(m, id, sink);
}

/** What the answer to an action's request must do: the event it announces, the expectation it raised. */
function pendingAction(controller: string, key: string, a: Extract<ControllerAction, { type: 'create' | 'delete' }>): PendingAction {
  return {
    controller,
    key,
    ...(a.expectationsKey ? { expectationsKey: a.expectationsKey } : {}),
    ...(a.eventOnSuccess && a.eventObject ? { eventOnSuccess: a.eventOnSuccess, eventObject: a.eventObject } : {}),
    ...(a.eventOnFailure && a.eventObject ? { eventOnFailure: a.eventOnFailure, eventObject: a.eventObject } : {}),
    ...(a.type === 'delete' ? { deleted: { name: a.name, ...(a.uid ? { uid: a.uid } : {}) } } : {}),
  };
}

function send(m: ControllerManager, req: ApiRequest, pending: PendingAction, sink: EffectSink): void {
  const tag = `act:${m.nextActionId++}`;
  m.pendingActions[tag] = pending;
  request(m.client, req, tag, sink, undefined, clientsetOf(pending.controller));
}

/**
 * Each controller talks to the apiserver through a clientset of its own
 * (ControllerClientBuilder.ClientOrDie("<name>-controller")), and its Events go out through the
 * same one: each has its own rate limiter with kube-controller-manager's --kube-api-qps=20 and
 * --kube-api-burst=30. A ReplicaSet of 100 replicas gets 30 requests at once, then 20 a second.
 * Leader election and the shared informers have clientsets of their own, which never come near
 * their limits, and are not limited here.
 */
function controllerManagerClient(host: string, server: string, epoch: number): KubeClient {
  const clientsets = [...Object.values(EVENT_COMPONENTS), TAINT_EVICTION_COMPONENT, 'kube-controller-manager'];
  return createClient('kube-controller-manager', host, server, epoch, Object.fromEntries(clientsets.map((c) => [c, CLIENT_RATE_LIMITS.controllerManager])));
}

function clientsetOf(controller: string): string {
  return EVENT_COMPONENTS[controller] ?? 'kube-controller-manager';
}

/**
 * The component each controller's Events carry (`From` in kubectl describe): the EventSource its
 * constructor gives its recorder in kubernetes v1.32 (pkg/controller/deployment
 * "deployment-controller", replicaset "replicaset-controller", …; the taint eviction controller,
 * separate since v1.29, "taint-eviction-controller").
 */
const EVENT_COMPONENTS: Record<string, string> = {
  replicaset: 'replicaset-controller',
  replicationcontroller: 'replication-controller',
  deployment: 'deployment-controller',
  daemonset: 'daemonset-controller',
  job: 'job-controller',
  'ttl-after-finished': 'ttl-after-finished-controller',
  endpointslice: 'endpoint-slice-controller',
  endpoints: 'endpoint-controller',
  namespace: 'namespace-controller',
  garbagecollector: 'garbage-collector-controller',
  nodelifecycle: 'node-controller',
};

const TAINT_EVICTION_COMPONENT = 'taint-eviction-controller';

function recorderFor(m: ControllerManager, controller: string, reason?: string): EventRecorder {
  const component = reason === 'TaintManagerEviction' ? TAINT_EVICTION_COMPONENT : clientsetOf(controller);
  return (m.recorders[component] ??= createRecorder(component, '', component));
}

function executeNamespace(m: ControllerManager, name: string, actions: NamespaceAction[], sink: EffectSink): void {
  for (const a of actions) {
    if (a.type === 'finalize') send(m, { verb: 'finalize', name: a.name }, { controller: 'namespace', key: name }, sink);
    else if (a.type === 'list') {
      (m.namespaceLists[name] ??= {})[a.resource] = { phase: 'listing' };
      send(m, { verb: 'list', resource: a.resource, namespace: a.namespace }, { controller: 'namespace', key: name, listed: a.resource }, sink);
    } else send(m, { verb: 'delete', resource: a.resource, namespace: a.namespace, name: a.name }, { controller: 'namespace', key: name }, sink);
  }
}

/**
 * A list of a resource in a terminating namespace answered: empty means nothing of it is left;
 * otherwise each item is deleted, and once those deletes are answered it is listed again.
 * Returns false when the list failed (the namespace is requeued with back-off, and lists again).
 */
function onNamespaceList(m: ControllerManager, namespace: string, resource: string, resp: ApiResponse | null, sink: EffectSink): boolean {
  const lists = m.namespaceLists[namespace];
  if (!lists) return true;
  if (!resp?.ok) {
    delete lists[resource];
    return false;
  }
  const items = (resp.body as { items?: KubeObject[] }).items ?? [];
  if (items.length === 0) {
    lists[resource] = { phase: 'empty' };
    enqueue(m, 'namespace', namespace, sink);
    return true;
  }
  lists[resource] = { phase: 'deleting', pending: items.length };
  for (const o of items) send(m, { verb: 'delete', resource, namespace, name: o.metadata!.name! }, { controller: 'namespace', key: namespace, listedDelete: resource }, sink);
  return true;
}

/** One of those deletes answered (deleted, or already gone): after the last, the resource is listed again. */
function onNamespaceListedDelete(m: ControllerManager, namespace: string, resource: string, sink: EffectSink): void {
  const lists = m.namespaceLists[namespace];
  const state = lists?.[resource];
  if (state?.phase !== 'deleting' || --state.pending > 0) return;
  delete lists![resource];
  enqueue(m, 'namespace', namespace, sink);
}

function onActionResult(m: ControllerManager, tag: string, resp: ApiResponse | null, sink: EffectSink): void {
  const p = m.pendingActions[tag];
  delete m.pendingActions[tag];
  if (!p) return;
  if (p.listed !== undefined && onNamespaceList(m, p.key, p.listed, resp, sink)) return;
  if (p.listedDelete !== undefined) return onNamespaceListedDelete(m, p.key, p.listedDelete, sink);
  if (p.batch) onBatchResult(m, p.batch, resp?.ok === true, sink);
  if (p.holds) syncDone(m, p.controller as ControllerName, p.key, sink);
  const q = m.queues[p.controller as ControllerName] as WorkQueue | undefined;
  if (!resp?.ok && p.eventOnFailure && p.eventObject) {
    const error = resp && !resp.ok ? resp.status.message : 'the server was unable to return a response in the time allotted';
    recordEvent(m.client, recorderFor(m, p.controller), p.eventObject, p.eventOnFailure.eventType, p.eventOnFailure.reason, p.eventOnFailure.messageTemplate.replace('{error}', error), sink, rfc3339Seconds);
  }
  if (resp?.ok) {
    if (p.eventOnSuccess && p.eventObject) {
      const name = p.deleted?.name ?? (resp.body as KubeObject).metadata?.name ?? '';
      recordEvent(m.client, recorderFor(m, p.controller), p.eventObject, p.eventOnSuccess.eventType, p.eventOnSuccess.reason, p.eventOnSuccess.messageTemplate.replace('{name}', name), sink, rfc3339Seconds);
    }
    if (q) delete q.failures[p.key];
    return;
  }
  if (!q) return;
  if (resp && !resp.ok && resp.status.reason === 'NotFound') return;
  // A failed create or delete never shows up in the informer: lower the expectation so the next sync retries.
  if (p.expectationsKey) {
    if (p.deleted) deletionObserved(m.expectations, p.expectationsKey, p.deleted.uid);
    else creationObserved(m.expectations, p.expectationsKey);
  }
  const n = (q.failures[p.key] ?? 0) + 1;
  q.failures[p.key] = n;
  const delayMs = Math.min(RATE_LIMIT_MAX_MS, RATE_LIMIT_BASE_MS * 2 ** (n - 1));
  timer(m, sink, `requeue/${p.controller}/${p.key}`, delayMs, { type: 'kcm.requeue', controller: p.controller, key: p.key });
}

// ---------------------------------------------------------------------------------------------
// Garbage collector.

function runGarbageCollector(m: ControllerManager, sink: EffectSink): void {
  if (!m.le.isLeader || !allSynced(m) || (!m.gcDirty && m.gcAdded.size === 0)) return;
  const added = m.gcDirty ? undefined : addedObjects(m);
  m.gcAdded.clear();
  const actions = collectGarbage(context(m, sink), added);
  m.gcDirty = actions.length > 0;
  for (const a of actions) if (a.type === 'delete') emitTrace(sink, { source: proc(m), kind: 'kcm.gc', summary: `garbage collector: deleting ${a.resource} ${a.namespace ? `${a.namespace}/` : ''}${a.name}: its owner is gone`, data: { resource: a.resource, name: a.name } });
  execute(m, 'garbagecollector', '', actions, sink);
}

/** The objects gcAdded names, as the informers hold them now (one deleted since woke a full pass). */
function addedObjects(m: ControllerManager): { resource: string; object: KubeObject }[] {
  const out: { resource: string; object: KubeObject }[] = [];
  for (const [informerKey, informer] of m.gcAdded) {
    const inf = m.client.informers[informer];
    const object = inf?.items.get(informerKey.slice(informer.length + 1));
    if (inf && object) out.push({ resource: inf.resource, object });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Node lifecycle.

function runNodeMonitor(m: ControllerManager, sink: EffectSink): void {
  if (!m.le.isLeader || !allSynced(m)) return;
  const actions = monitorNodeHealth(context(m, sink), m.nodeHealth, rfc3339Seconds, (s) => parseTimestampMs(s) ?? sink.now);
  for (const a of actions) if (a.type === 'updateStatus' && a.resource === 'nodes') emitTrace(sink, { source: proc(m), kind: 'kcm.node', summary: `node ${a.object.metadata?.name}: Kubelet stopped posting node status; conditions set to Unknown` });
  execute(m, 'nodelifecycle', '', actions, sink);
}
