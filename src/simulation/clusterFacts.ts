/**
 * Read-only facts about the control plane for the app (issue 3 item 7): the components on each
 * control-plane host (apiserver up/ready, scheduler and controller-manager with the Lease holder
 * marked), the nodes and the pods on each, the Pending pods, and the scheduler's per-node verdicts
 * for a pod. Like facts.ts this is a god's-eye view for display only, never an input to a component.
 *
 * Objects are read from the watch cache of a running apiserver, not from etcd: that is what
 * `kubectl get` would show (the API's view, after the apiserver decoded and cached them), and it
 * keeps the view honest when etcd has lost quorum — the cache still serves the last state it saw,
 * exactly as a real apiserver serves list/get with resourceVersion=0 from its cache.
 *
 * simulation may not import shell (test/architecture.test.ts), so pod STATUS as kubectl prints it
 * is computed by the caller (the store, with shell's podRowSummary); this module returns the pods.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeVerdict } from '../cluster/scheduler/framework.ts';
import type { SchedulingDecision } from '../cluster/scheduler/kubeScheduler.ts';
import type { World } from './world.ts';
import { etcdPrefix } from '../api/index.ts';

type KubeObject = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string } } & Record<string, unknown>;

export interface ComponentFacts {
  running: boolean;
  /** This instance holds its Lease (kube-scheduler / kube-controller-manager in kube-system). */
  leader: boolean;
}

export interface ControlPlaneHostFacts {
  host: string;
  apiserver: { running: boolean; /** The watch cache has listed etcd and serves reads. */ ready: boolean } | null;
  scheduler: ComponentFacts | null;
  controllerManager: ComponentFacts | null;
}

export interface NodeFacts {
  name: string;
  /** The Ready condition as `kubectl get nodes` reads it: True → Ready, anything else → NotReady. */
  ready: boolean;
  /** spec.unschedulable (kubectl cordon): STATUS gets ",SchedulingDisabled". */
  cordoned: boolean;
  /** Pods bound to this node (spec.nodeName), sorted by namespace/name. */
  pods: Pod[];
}

/** A Service with a selector and the pods its EndpointSlices list as ready (what kube-proxy routes to). */
export interface ServiceFacts {
  key: string;
  namespace: string;
  name: string;
  type: string;
  /** `None` for a headless Service. */
  clusterIP: string;
  /** `namespace/name` of each pod a slice lists with ready ≠ false, sorted. */
  readyPods: string[];
}

export interface ClusterFacts {
  controlPlane: ControlPlaneHostFacts[];
  /** Services that select pods, sorted by namespace/name. */
  services: ServiceFacts[];
  /** Which apiserver's cache the objects come from; null when none is running and ready. */
  source: string | null;
  nodes: NodeFacts[];
  /** Pods with no spec.nodeName yet (Pending, waiting for the scheduler), sorted. */
  pending: Pod[];
  /** Every object in the cache by etcd key (the cache's own Map, not a copy). */
  objects: ReadonlyMap<string, KubeObject>;
}

const EMPTY: ReadonlyMap<string, KubeObject> = new Map();

/** The first running apiserver (host order) whose watch cache is ready. */
export function cacheSource(w: World): string | null {
  for (const h of w.hostOrder) {
    const a = w.apiservers[h];
    if (a && a.status === 'running' && w.hosts[h]?.up && a.cache.ready) return h;
  }
  return null;
}

/** The objects of the API's view: the watch cache of `source` (cacheSource), keyed by etcd key. */
export function apiObjects(w: World, source = cacheSource(w)): ReadonlyMap<string, KubeObject> {
  return source ? (w.apiservers[source]!.cache.objects as unknown as ReadonlyMap<string, KubeObject>) : EMPTY;
}

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
}

/** K pkg/printers/internalversion/printers.go printNode: Ready only when the Ready condition is True. */
export function nodeIsReady(n: Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function clusterFacts(w: World): ClusterFacts {
  const controlPlane: ControlPlaneHostFacts[] = [];
  for (const h of w.hostOrder) {
    const a = w.apiservers[h];
    const s = w.schedulers[h];
    const c = w.controllerManagers[h];
    if (!a && !s && !c) continue;
    const up = !!w.hosts[h]?.up;
    controlPlane.push({
      host: h,
      apiserver: a ? { running: up && a.status === 'running', ready: up && a.status === 'running' && a.cache.ready } : null,
      scheduler: s ? { running: up && s.status === 'running', leader: up && s.status === 'running' && s.le.isLeader } : null,
      controllerManager: c ? { running: up && c.status === 'running', leader: up && c.status === 'running' && c.le.isLeader } : null,
    });
  }
  const source = cacheSource(w);
  const objects = apiObjects(w, source);
  const nodes: NodeFacts[] = [];
  const byNode = new Map<string, Pod[]>();
  const pending: Pod[] = [];
  const nodePrefix = etcdPrefix('nodes');
  const podPrefix = etcdPrefix('pods');
  const servicePrefix = etcdPrefix('services');
  const slicePrefix = etcdPrefix('endpointslices');
  const services: ServiceFacts[] = [];
  const readyByService = new Map<string, Set<string>>();
  for (const [key, o] of objects) {
    if (key.startsWith(servicePrefix)) {
      const spec = (o['spec'] ?? {}) as { selector?: Record<string, string>; type?: string; clusterIP?: string };
      if (!spec.selector || Object.keys(spec.selector).length === 0) continue;
      const namespace = o.metadata?.namespace ?? '';
      const name = o.metadata?.name ?? '';
      services.push({ key: `${namespace}/${name}`, namespace, name, type: spec.type ?? 'ClusterIP', clusterIP: spec.clusterIP ?? '', readyPods: [] });
      continue;
    }
    if (key.startsWith(slicePrefix)) {
      // EndpointSlice conditions: a nil `ready` means ready (discovery/v1 EndpointConditions).
      const slice = o as { metadata?: { namespace?: string; labels?: Record<string, string> }; endpoints?: { conditions?: { ready?: boolean }; targetRef?: { kind?: string; name?: string; namespace?: string } }[] };
      const svc = slice.metadata?.labels?.['kubernetes.io/service-name'];
      if (!svc) continue;
      const k = `${slice.metadata?.namespace ?? ''}/${svc}`;
      const set = readyByService.get(k) ?? new Set<string>();
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false || ep.targetRef?.kind !== 'Pod' || !ep.targetRef.name) continue;
        set.add(`${ep.targetRef.namespace ?? slice.metadata?.namespace ?? ''}/${ep.targetRef.name}`);
      }
      readyByService.set(k, set);
      continue;
    }
    if (key.startsWith(nodePrefix)) {
      const n = o as unknown as Node;
      nodes.push({ name: n.metadata?.name ?? '', ready: nodeIsReady(n), cordoned: !!n.spec?.unschedulable, pods: [] });
    } else if (key.startsWith(podPrefix)) {
      const p = o as unknown as Pod;
      const node = p.spec?.nodeName;
      if (!node) pending.push(p);
      else {
        const list = byNode.get(node) ?? [];
        list.push(p);
        byNode.set(node, list);
      }
    }
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  for (const n of nodes) n.pods = (byNode.get(n.name) ?? []).sort((a, b) => podKey(a).localeCompare(podKey(b)));
  pending.sort((a, b) => podKey(a).localeCompare(podKey(b)));
  services.sort((a, b) => a.key.localeCompare(b.key));
  for (const svc of services) svc.readyPods = [...(readyByService.get(svc.key) ?? [])].sort();
  return { controlPlane, services, source, nodes, pending, objects };
}

export interface VerdictRow {
  node: string;
  result: 'feasible' | 'rejected';
  /** "NodeResourcesFit: Insufficient cpu" — the plugin that rejected the node and its reasons. */
  rejectedBy: string | null;
  /** Σ score × weight for feasible nodes that were scored. */
  score: number | null;
}

/** One row per node from a NodeVerdict list: the first failing Filter plugin and its reasons. */
export function verdictRows(verdicts: readonly NodeVerdict[]): VerdictRow[] {
  return verdicts.map((v) => {
    const failed = v.filters.find((f) => !f.passed);
    return {
      node: v.node,
      result: v.feasible ? 'feasible' : 'rejected',
      rejectedBy: failed ? `${failed.plugin}: ${failed.reasons.join(', ')}` : null,
      score: v.feasible ? v.totalScore : null,
    };
  });
}

/**
 * The newest scheduling decision for a pod ("namespace/name"), from the scheduler that holds the
 * Lease (only the leader schedules); falls back to any scheduler's record, newest first, so the
 * verdicts stay visible right after a leader change.
 */
export function latestDecision(w: World, podKey: string): SchedulingDecision | null {
  let best: SchedulingDecision | null = null;
  let bestLeader = false;
  for (const h of w.hostOrder) {
    const s = w.schedulers[h];
    if (!s) continue;
    for (let i = s.decisions.length - 1; i >= 0; i--) {
      const d = s.decisions[i]!;
      if (d.pod !== podKey) continue;
      const leader = s.le.isLeader && s.status === 'running';
      if (!best || (leader && !bestLeader) || (leader === bestLeader && d.atMs > best.atMs)) {
        best = d;
        bestLeader = leader;
      }
      break;
    }
  }
  return best;
}

/**
 * The core/v1 Events in the API's view. Which of them are about one object is kubectl's
 * describe rule (shell/kubectl/events.ts eventsFor), applied by the view.
 */
export function cachedEvents(objects: ReadonlyMap<string, KubeObject>): KubeObject[] {
  const prefix = etcdPrefix('events');
  const out: KubeObject[] = [];
  for (const [key, o] of objects) if (key.startsWith(prefix)) out.push(o);
  return out;
}
