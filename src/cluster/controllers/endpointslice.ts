/**
 * The EndpointSlice controller (K pkg/controller/endpointslice/endpointslice_controller.go and
 * reconciler.go, staging/src/k8s.io/endpointslice/utils.go) and the Endpoints controller
 * (K pkg/controller/endpoint/endpoints_controller.go), as pure syncs per Service key.
 *
 * Endpoint rules (reference §5.1; endpointslice utils.go podToEndpoint, ShouldPodBeInEndpoints):
 * pods selected by the Service that have an IP and are not terminal become endpoints with
 * `serving` = pod Ready, `terminating` = deletionTimestamp set,
 * `ready` = publishNotReadyAddresses || (serving && !terminating). Ports come from the Service's
 * targetPort, a number or a container port name looked up in the pod (podutil.FindPort); a pod
 * without the named port is left out of that port's slice.
 *
 * Simplified reconciler: one slice per distinct port set, filled up to 100 endpoints, endpoints
 * sorted by pod name; a Service with no endpoints keeps one empty placeholder slice. No topology
 * hints, zones come from the node's `topology.kubernetes.io/zone` label.
 */
import type { EndpointSlice, Endpoint as SliceEndpoint, EndpointPort as SlicePort } from 'kubernetes-types/discovery/v1';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/messages.ts';
import { matchesSelector, selectorFromSet } from '../../api/selectors.ts';
import { canonicalJson, deepCopy, deepEqual, isPodReady, isPodTerminal, newControllerRef, splitKey } from './controller_utils.ts';
import { expectationsKey, expectCreations, satisfiedExpectations, type ControllerAction, type ControllerContext } from './types.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** ShouldPodBeInEndpoints: not terminal, has an IP, and (unless terminating pods are wanted) not terminating. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The endpoint conditions of podToEndpoint. */
export function endpointConditions(pod: Pod, publishNotReadyAddresses: boolean): { ready: boolean; serving: boolean; terminating: boolean } {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  return { ready: publishNotReadyAddresses || (serving && !terminating), serving, terminating };
}

/** podutil.FindPort: a numeric targetPort as is, a named one from the pod's container ports with the same protocol. */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

function servicePods(ctx: ControllerContext, svc: Service): Pod[] {
  const selector = selectorFromSet(svc.spec?.selector);
  return ctx
    .list('pods', svc.metadata?.namespace)
    .filter((p) => matchesSelector(selector, p.metadata?.labels))
    .map((p) => p as unknown as Pod)
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0));
}

function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

function addressType(svc: Service): 'IPv4' | 'IPv6' {
  return svc.spec?.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
}

function podAddress(pod: Pod, family: 'IPv4' | 'IPv6'): string | undefined {
  const ips = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)].filter((ip): ip is string => !!ip);
  return ips.find((ip) => (family === 'IPv6') === ip.includes(':'));
}

/** getEndpointPorts: the Service's ports resolved against one pod. */
function endpointPorts(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** podToEndpoint. */
function podToEndpoint(ctx: ControllerContext, pod: Pod, svc: Service, address: string): SliceEndpoint {
  const ep: SliceEndpoint = {
    addresses: [address],
    conditions: endpointConditions(pod, !!svc.spec?.publishNotReadyAddresses),
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' },
  };
  const nodeName = pod.spec?.nodeName;
  if (nodeName) {
    ep.nodeName = nodeName;
    const zone = ctx.get('nodes', undefined, nodeName)?.metadata?.labels?.['topology.kubernetes.io/zone'];
    if (zone) ep.zone = zone;
  }
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace) ep.hostname = pod.spec.hostname;
  return ep;
}

/** The labels every managed slice carries: the Service's own plus service-name, managed-by (and headless). */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata?.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/** The endpoints the Service should have, grouped by their port list. */
export function desiredEndpointsByPorts(ctx: ControllerContext, svc: Service): Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }> {
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  const family = addressType(svc);
  for (const pod of servicePods(ctx, svc)) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const address = podAddress(pod, family);
    if (!address) continue;
    const ports = endpointPorts(svc, pod);
    if (ports.length === 0 && !(isHeadless(svc) && (svc.spec?.ports ?? []).length === 0)) continue;
    const k = canonicalJson(ports);
    const g = groups.get(k) ?? { ports, endpoints: [] };
    g.endpoints.push(podToEndpoint(ctx, pod, svc, address));
    groups.set(k, g);
  }
  return groups;
}

/** syncEndpointSlice for one Service `namespace/name`. */
export function syncEndpointSlice(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const eKey = expectationsKey('endpointslice', key);
  const svcObj = ctx.get('services', namespace, name);
  // Slices of a deleted Service go with it through the garbage collector (ownerReferences).
  if (!svcObj) {
    delete ctx.expectations[eKey];
    return [];
  }
  const svc = svcObj as unknown as Service;
  if (!hasSelector(svc) || svcObj.metadata?.deletionTimestamp) return [];
  // Slices we created are not in the cache yet (the real controller's endpointSliceTracker).
  if (!satisfiedExpectations(ctx.expectations, eKey, ctx.nowMs)) return [];

  const existing = ctx
    .list('endpointslices', namespace)
    .filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name && s.metadata?.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && !s.metadata?.deletionTimestamp)
    .map((s) => s as unknown as EndpointSlice)
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  const labels = sliceLabels(svc);
  const ownerRef = newControllerRef(svcObj, 'v1', 'Service');
  const family = addressType(svc);

  // Desired slice contents: chunks of at most MAX_ENDPOINTS_PER_SLICE per port set, or one placeholder.
  const desired: { ports: SlicePort[]; endpoints: SliceEndpoint[] }[] = [];
  for (const g of desiredEndpointsByPorts(ctx, svc).values()) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) desired.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  if (desired.length === 0) desired.push({ ports: [], endpoints: [] });

  const actions: ControllerAction[] = [];
  const unused = [...existing];
  let creates = 0;
  for (const want of desired) {
    // Prefer an existing slice with the same ports; it is updated in place.
    const i = unused.findIndex((s) => deepEqual(s.ports ?? [], want.ports) && s.addressType === family);
    if (i >= 0) {
      const slice = unused.splice(i, 1)[0]!;
      const wantLabels = { ...(slice.metadata?.labels ?? {}), ...labels };
      if (!deepEqual(slice.endpoints ?? [], want.endpoints) || !deepEqual(slice.metadata?.labels ?? {}, wantLabels)) {
        const copy = deepCopy(slice);
        copy.endpoints = want.endpoints;
        copy.metadata = { ...copy.metadata, labels: wantLabels };
        actions.push({ type: 'update', resource: 'endpointslices', namespace, object: copy as unknown as KubeObject });
      }
      continue;
    }
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { generateName: `${name}-`, namespace, labels: { ...labels }, ownerReferences: [ownerRef] },
      addressType: family,
      endpoints: want.endpoints,
      ports: want.ports,
    };
    actions.push({ type: 'create', resource: 'endpointslices', namespace, object: slice as unknown as KubeObject, expectationsKey: eKey });
    creates++;
  }
  for (const s of unused) actions.push({ type: 'delete', resource: 'endpointslices', namespace, name: s.metadata?.name ?? '', ...(s.metadata?.uid ? { uid: s.metadata.uid } : {}) });
  if (creates > 0) expectCreations(ctx.expectations, eKey, creates, ctx.nowMs);
  return actions;
}

// ---------------------------------------------------------------------------------------------
// The legacy Endpoints object.

function addressKey(a: EndpointAddress): string {
  return `${a.ip}/${a.targetRef?.uid ?? ''}`;
}

/**
 * RepackSubsets (K pkg/api/v1/endpoints/util.go): addresses with the same ports are grouped in
 * one subset; addresses and ports sorted.
 */
export function repackSubsets(entries: { address: EndpointAddress; ready: boolean; port?: EndpointPort }[]): EndpointSubset[] {
  const portsOf = new Map<string, { address: EndpointAddress; ready: boolean; ports: EndpointPort[] }>();
  for (const e of entries) {
    const k = `${e.ready ? 'r' : 'n'}|${addressKey(e.address)}`;
    const cur = portsOf.get(k) ?? { address: e.address, ready: e.ready, ports: [] };
    if (e.port && !cur.ports.some((p) => deepEqual(p, e.port))) cur.ports.push(e.port);
    portsOf.set(k, cur);
  }
  const subsets = new Map<string, EndpointSubset>();
  for (const v of portsOf.values()) {
    const ports = [...v.ports].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
    const k = canonicalJson(ports);
    const s = subsets.get(k) ?? { ...(ports.length > 0 ? { ports } : {}) };
    if (v.ready) s.addresses = [...(s.addresses ?? []), v.address];
    else s.notReadyAddresses = [...(s.notReadyAddresses ?? []), v.address];
    subsets.set(k, s);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  return [...subsets.keys()].sort().map((k) => {
    const s = subsets.get(k)!;
    if (s.addresses) s.addresses.sort(byIp);
    if (s.notReadyAddresses) s.notReadyAddresses.sort(byIp);
    return s;
  });
}

/**
 * syncEndpoints (the Endpoints controller's syncService) for one Service: ready pods in
 * `addresses`, not-ready ones in `notReadyAddresses`; terminating pods are left out unless
 * publishNotReadyAddresses.
 */
export function syncEndpoints(ctx: ControllerContext, key: string): ControllerAction[] {
  const { namespace, name } = splitKey(key);
  const svcObj = ctx.get('services', namespace, name);
  const current = ctx.get('endpoints', namespace, name);
  if (!svcObj) {
    // The Service is gone: so are its Endpoints (they carry no ownerReference).
    return current ? [{ type: 'delete', resource: 'endpoints', namespace, name, ...(current.metadata?.uid ? { uid: current.metadata.uid } : {}) }] : [];
  }
  const svc = svcObj as unknown as Service;
  if (!hasSelector(svc) || svcObj.metadata?.deletionTimestamp) return [];
  const tolerateUnready = !!svc.spec?.publishNotReadyAddresses;
  const entries: { address: EndpointAddress; ready: boolean; port?: EndpointPort }[] = [];
  for (const pod of servicePods(ctx, svc)) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podAddress(pod, addressType(svc));
    if (!ip) continue;
    const address: EndpointAddress = { ip, ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}), targetRef: { kind: 'Pod', namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' } };
    if (pod.spec?.hostname && pod.spec.subdomain === name) address.hostname = pod.spec.hostname;
    const ready = tolerateUnready || isPodReady(pod);
    const ports = svc.spec?.ports ?? [];
    if (ports.length === 0) {
      if (isHeadless(svc)) entries.push({ address, ready });
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      entries.push({ address, ready, port: { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) } });
    }
  }
  const subsets = repackSubsets(entries);
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}), [SKIP_MIRROR_LABEL]: 'true' };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  if (!current) {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, ...(subsets.length > 0 ? { subsets } : {}) };
    return [{ type: 'create', resource: 'endpoints', namespace, object: ep as unknown as KubeObject }];
  }
  const cur = current as unknown as Endpoints;
  if (deepEqual(cur.subsets ?? [], subsets) && deepEqual(cur.metadata?.labels ?? {}, labels)) return [];
  const copy = deepCopy(cur);
  copy.metadata = { ...copy.metadata, labels };
  if (subsets.length > 0) copy.subsets = subsets;
  else delete copy.subsets;
  return [{ type: 'update', resource: 'endpoints', namespace, object: copy as unknown as KubeObject }];
}


