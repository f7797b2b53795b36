/**
 * What a pod asks of a node, as the scheduler counts it.
 *
 * A pod's request is the larger of (a) the sum of its app containers plus its sidecars
 * (restartable init containers) and (b) the largest init container together with the sidecars
 * started before it; pod overhead is added on top
 * (K staging/src/k8s.io/component-helpers/resource/helpers.go `PodRequests`;
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers).
 *
 * For scoring only, a container that names no cpu or memory request counts as 100m and 200Mi
 * (K pkg/scheduler/util/pod_resources.go `DefaultMilliCPURequest`, `DefaultMemoryRequest`), so
 * that best-effort pods do not all pile onto one node.
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { cpuMillis, memoryBytes, quantityValue } from '../../api/quantity.ts';
import type { NodeInfo } from './interface.ts';

export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

/** K pkg/scheduler/util/pod_resources.go */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024;

const NON_ZERO_DEFAULTS: Resources = { cpuMillis: DEFAULT_MILLI_CPU_REQUEST, memoryBytes: DEFAULT_MEMORY_REQUEST_BYTES };

function containerRequests(c: Container, nonMissing: Resources | undefined): Resources {
  const req = c.resources?.requests ?? {};
  const cpu = req['cpu'];
  const memory = req['memory'];
  return {
    cpuMillis: cpu !== undefined ? cpuMillis(cpu) : (nonMissing?.cpuMillis ?? 0),
    memoryBytes: memory !== undefined ? memoryBytes(memory) : (nonMissing?.memoryBytes ?? 0),
  };
}

const add = (a: Resources, b: Resources): Resources => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes });
const max = (a: Resources, b: Resources): Resources => ({ cpuMillis: Math.max(a.cpuMillis, b.cpuMillis), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) });
const ZERO: Resources = { cpuMillis: 0, memoryBytes: 0 };

function sumRequests(pod: Pod, nonMissing: Resources | undefined): Resources {
  let reqs = (pod.spec?.containers ?? []).reduce((acc, c) => add(acc, containerRequests(c, nonMissing)), ZERO);
  let sidecars = ZERO;
  let maxInit = ZERO;
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running beside the app containers, so it adds to them, and every
      // later init container runs beside it.
      reqs = add(reqs, r);
      sidecars = add(sidecars, r);
      maxInit = max(maxInit, sidecars);
    } else {
      maxInit = max(maxInit, add(r, sidecars));
    }
  }
  reqs = max(reqs, maxInit);
  const overhead = pod.spec?.overhead;
  if (overhead) reqs = add(reqs, { cpuMillis: overhead['cpu'] !== undefined ? cpuMillis(overhead['cpu']) : 0, memoryBytes: overhead['memory'] !== undefined ? memoryBytes(overhead['memory']) : 0 });
  return reqs;
}

/** The requests NodeResourcesFit's filter checks against allocatable (no defaults). */
export function podRequests(pod: Pod): Resources {
  return memo(requestsCache, pod, undefined);
}

/** The requests used for LeastAllocated scoring: missing cpu/memory requests count as 100m/200Mi. */
export function podNonZeroRequests(pod: Pod): Resources {
  return memo(nonZeroCache, pod, NON_ZERO_DEFAULTS);
}

/**
 * A pod's requests are a function of its spec, and a spec object never changes (the scheduler's
 * caches hold immutable snapshots and a resize arrives as a new object), so they are parsed once
 * per spec — the real NodeInfo keeps running totals for the same reason. Keyed by the spec rather
 * than the pod: a status update is a new pod object that shares the spec of the one before (the
 * apiserver's decode keeps unchanged parts), and every one of them moves the pod in the NodeInfo.
 */
const requestsCache = new WeakMap<object, Resources>();
const nonZeroCache = new WeakMap<object, Resources>();

function memo(cache: WeakMap<object, Resources>, pod: Pod, defaults: Parameters<typeof sumRequests>[1]): Resources {
  const key: object = pod.spec ?? pod;
  let r = cache.get(key);
  // The arguments, not a closure: this runs for every pod the scheduler's NodeInfo moves.
  if (!r) cache.set(key, (r = sumRequests(pod, defaults)));
  return r;
}

export interface Allocatable extends Resources {
  pods: number;
}

/**
 * K pkg/scheduler/framework/types.go `NodeInfo.SetNode`: the scheduler reads only
 * `status.allocatable`; a resource missing there counts as 0. Parsed once per node object
 * (like a pod, a node changes only by being replaced), not once per plugin per cycle.
 */
export function nodeAllocatable(node: Node): Allocatable {
  let r = allocatableCache.get(node);
  if (!r) allocatableCache.set(node, (r = parseAllocatable(node)));
  return r;
}

const allocatableCache = new WeakMap<Node, Allocatable>();

function parseAllocatable(node: Node): Allocatable {
  const a = node.status?.allocatable ?? {};
  return {
    cpuMillis: a['cpu'] !== undefined ? cpuMillis(a['cpu']) : 0,
    memoryBytes: a['memory'] !== undefined ? memoryBytes(a['memory']) : 0,
    pods: a['pods'] !== undefined ? quantityValue(a['pods']) : 0,
  };
}

/** K types.go `NodeInfo.Requested`: the sum of the requests of the pods on the node. */
export function nodeRequested(nodeInfo: NodeInfo): Resources {
  return nodeInfo.requested ?? nodeInfo.pods.reduce((acc, p) => add(acc, podRequests(p)), ZERO);
}

/** K types.go `NodeInfo.NonZeroRequested`. */
export function nodeNonZeroRequested(nodeInfo: NodeInfo): Resources {
  return nodeInfo.nonZeroRequested ?? nodeInfo.pods.reduce((acc, p) => add(acc, podNonZeroRequests(p)), ZERO);
}
