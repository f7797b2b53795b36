/**
 * kubectl get's output: the human-readable table (server-side printer columns from kubernetes
 * pkg/printers/internalversion/printers.go, decorated and laid out as k8s.io/cli-runtime
 * pkg/printers/tableprinter.go does), `-o yaml|json|name`, the empty-list message and the
 * several-types layout (kubectl pkg/cmd/get/get.go), and `kubectl api-resources`
 * (kubectl pkg/cmd/apiresources/apiresources.go). All v1.32.
 */
import type { Container, ContainerStatus, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { ageOf, apiResource, humanDuration, parseTimestampMs, type ApiResourceInfo } from '../../api/index.ts';
import { tabulate } from './tabwriter.ts';
import { toGoYaml } from './goyaml.ts';
import { toGoJson } from './gojson.ts';
import { eventCount, eventFirstSeen, eventLastSeen, eventObjectRef, eventSource, type EventLike } from './events.ts';

export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    creationTimestamp?: string | null;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface TableOptions {
  /** Virtual now, for AGE. */
  nowMs: number;
  wide?: boolean;
  /** -A: prepend NAMESPACE (namespaced resources only, as get.go decides). */
  allNamespaces?: boolean;
  showLabels?: boolean;
  noHeaders?: boolean;
  /**
   * tableprinter.go decorateTable WithKind: the NAME cell becomes `kind[.group]/name`. get.go
   * sets it when one `get` prints more than one resource type (multipleGVKsRequested).
   */
  withKind?: boolean;
}

interface Column {
  name: string;
  /** 0 = always shown; 1 = only with -o wide. */
  priority: 0 | 1;
  /** TableColumnDefinition Format "name": the cell tableprinter prefixes with the kind. */
  isName?: boolean;
  cell: (o: KubeObjectLike, nowMs: number, wide: boolean) => string;
}

// ---------------------------------------------------------------------------------------------
// Shared cell helpers.

const nameColumn: Column = { name: 'Name', priority: 0, isName: true, cell: (o) => o.metadata?.name ?? '' };

/** printersutil.TranslateTimestampSince. */
const ageColumn: Column = {
  name: 'Age',
  priority: 0,
  cell: (o, nowMs) => {
    const ts = o.metadata?.creationTimestamp;
    return ageOf(ts ? parseTimestampMs(ts) : undefined, nowMs);
  },
};

const countKeys = (m: unknown): number => (m && typeof m === 'object' ? Object.keys(m).length : 0);

/** Go's sort.Strings order for ASCII keys. */
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` if there are none. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort(byBytes).join(',');
}

/**
 * labels.Selector.String() of metav1.LabelSelectorAsSelector (apimachinery pkg/labels
 * selector.go): requirements sorted by key; matchLabels become `k=v`, In/NotIn `k in (a,b)` with
 * sorted values, Exists `k`, DoesNotExist `!k`. A nil or empty selector prints as ''.
 */
export function labelSelectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(byBytes).join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => byBytes(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it selects by nothing. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return labelSelectorString(selector) || '<none>';
}

/** printers.go layoutContainerCells: names and images of the template's containers, comma-joined. */
export function layoutContainerCells(containers: readonly Container[] | undefined): { names: string; images: string } {
  const list = containers ?? [];
  return { names: list.map((c) => c.name).join(','), images: list.map((c) => c.image ?? '').join(',') };
}

/** wide CONTAINERS, IMAGES, SELECTOR of the workload printers. */
function templateColumns(selector: (o: KubeObjectLike) => string, containersOf: (o: KubeObjectLike) => Container[] | undefined): Column[] {
  return [
    { name: 'Containers', priority: 1, cell: (o) => layoutContainerCells(containersOf(o)).names },
    { name: 'Images', priority: 1, cell: (o) => layoutContainerCells(containersOf(o)).images },
    { name: 'Selector', priority: 1, cell: selector },
  ];
}

const asPod = (o: KubeObjectLike) => o as unknown as Pod;
const asNode = (o: KubeObjectLike) => o as unknown as Node;
const asService = (o: KubeObjectLike) => o as unknown as Service;
const asDeployment = (o: KubeObjectLike) => o as unknown as Deployment;
const asReplicaSet = (o: KubeObjectLike) => o as unknown as ReplicaSet;
const asDaemonSet = (o: KubeObjectLike) => o as unknown as DaemonSet;
const asJob = (o: KubeObjectLike) => o as unknown as Job;
const num = (n: number | undefined) => String(n ?? 0);

// ---------------------------------------------------------------------------------------------
// Pods: printers.go printPod.

/** podutil.IsRestartableInitContainer: a sidecar (init container with restartPolicy Always). */
function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

export interface PodRowSummary {
  /** READY: `<ready>/<total>`. */
  ready: string;
  /** STATUS: the reason printPod computes. */
  status: string;
  /** RESTARTS: `N` or `N (<age> ago)`. */
  restarts: string;
}

/**
 * printPod's READY, STATUS and RESTARTS. STATUS starts from the phase (or status.reason), is
 * overridden by SchedulingGated, then by the first unfinished init container (`Init:N/M`,
 * `Init:<reason>`), then — once initialized — by app containers scanned last to first so the
 * first container in spec order with a waiting/terminated reason wins, and finally by
 * Terminating/Unknown for a pod being deleted.
 */
export function podRowSummary(pod: Pod, nowMs: number): PodRowSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartMs: number | undefined;
  let lastRestartableInitContainerRestartMs: number | undefined;
  const later = (a: number | undefined, ts: string | undefined) => {
    const t = ts ? parseTimestampMs(ts) : undefined;
    return t !== undefined && (a === undefined || a < t) ? t : a;
  };

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += container.restartCount ?? 0;
    lastRestartMs = later(lastRestartMs, container.lastState?.terminated?.finishedAt);
    const sidecar = isRestartableInitContainer(initContainers.get(container.name));
    if (sidecar) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartMs = later(lastRestartableInitContainerRestartMs, container.lastState?.terminated?.finishedAt);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization is failed
      if (!terminated.reason) reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      else reason = `Init:${terminated.reason}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitContainerRestarts;
    lastRestartMs = lastRestartableInitContainerRestartMs;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestartMs = later(lastRestartMs, container.lastState?.terminated?.finishedAt);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && podPhase !== 'Failed' && podPhase !== 'Succeeded') reason = 'Terminating';

  const restartsText = restarts !== 0 && lastRestartMs !== undefined ? `${restarts} (${humanDuration(nowMs - lastRestartMs)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

/** printPod's wide READINESS GATES: `<true>/<total>`, `<none>` without gates. */
function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const trueConditions = gates.filter((g) => (pod.status?.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueConditions}/${gates.length}`;
}

const podColumns: Column[] = [
  nameColumn,
  { name: 'Ready', priority: 0, cell: (o, now) => podRowSummary(asPod(o), now).ready },
  { name: 'Status', priority: 0, cell: (o, now) => podRowSummary(asPod(o), now).status },
  { name: 'Restarts', priority: 0, cell: (o, now) => podRowSummary(asPod(o), now).restarts },
  ageColumn,
  { name: 'IP', priority: 1, cell: (o) => asPod(o).status?.podIPs?.[0]?.ip || '<none>' },
  { name: 'Node', priority: 1, cell: (o) => asPod(o).spec?.nodeName || '<none>' },
  { name: 'Nominated Node', priority: 1, cell: (o) => asPod(o).status?.nominatedNodeName || '<none>' },
  { name: 'Readiness Gates', priority: 1, cell: (o) => readinessGatesCell(asPod(o)) },
];

// ---------------------------------------------------------------------------------------------
// Nodes: printers.go printNode, findNodeRoles.

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and a `kubernetes.io/role=<role>` value, sorted and deduplicated. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role.length > 0) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(byBytes);
}

/** printNode STATUS: Ready / NotReady (False and Unknown alike) / Unknown without a Ready condition, `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodeAddress = (node: Node, type: string) => (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

const nodeColumns: Column[] = [
  nameColumn,
  { name: 'Status', priority: 0, cell: (o) => nodeStatus(asNode(o)) },
  { name: 'Roles', priority: 0, cell: (o) => findNodeRoles(o.metadata?.labels).join(',') || '<none>' },
  ageColumn,
  { name: 'Version', priority: 0, cell: (o) => asNode(o).status?.nodeInfo?.kubeletVersion ?? '' },
  { name: 'Internal-IP', priority: 1, cell: (o) => nodeAddress(asNode(o), 'InternalIP') },
  { name: 'External-IP', priority: 1, cell: (o) => nodeAddress(asNode(o), 'ExternalIP') },
  { name: 'OS-Image', priority: 1, cell: (o) => asNode(o).status?.nodeInfo?.osImage || '<unknown>' },
  { name: 'Kernel-Version', priority: 1, cell: (o) => asNode(o).status?.nodeInfo?.kernelVersion || '<unknown>' },
  { name: 'Container-Runtime', priority: 1, cell: (o) => asNode(o).status?.nodeInfo?.containerRuntimeVersion || '<unknown>' },
];

// ---------------------------------------------------------------------------------------------
// Services: printers.go printService, getServiceExternalIP, makePortString.

/** loadBalancerWidth: without -o wide the LB addresses are clipped to 16 bytes. */
const LOAD_BALANCER_WIDTH = 16;

/** getServiceExternalIP: externalIPs, the LB ingress (`<pending>` while there is none) or the externalName. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = new Set<string>();
      for (const i of svc.status?.loadBalancer?.ingress ?? []) {
        if (i.ip) ingress.add(i.ip);
        else if (i.hostname) ingress.add(i.hostname);
      }
      let lbIps = [...ingress].sort(byBytes).join(',');
      if (!wide && lbIps.length > LOAD_BALANCER_WIDTH) lbIps = `${lbIps.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
      if (externalIPs.length > 0) return [...(lbIps ? lbIps.split(',') : []), ...externalIPs].join(',');
      return lbIps || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port, comma-joined; `<none>` for no ports. */
export function servicePorts(svc: Service): string {
  const pieces = (svc.spec?.ports ?? []).map((p) => {
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

const serviceColumns: Column[] = [
  nameColumn,
  { name: 'Type', priority: 0, cell: (o) => asService(o).spec?.type ?? 'ClusterIP' },
  // Defaulting fills clusterIPs from clusterIP for objects written before dual-stack.
  { name: 'Cluster-IP', priority: 0, cell: (o) => asService(o).spec?.clusterIPs?.[0] ?? (asService(o).spec?.clusterIP || '<none>') },
  { name: 'External-IP', priority: 0, cell: (o, _now, wide) => serviceExternalIP(asService(o), wide) },
  { name: 'Port(s)', priority: 0, cell: (o) => servicePorts(asService(o)) },
  ageColumn,
  { name: 'Selector', priority: 1, cell: (o) => formatLabels(asService(o).spec?.selector) },
];

// ---------------------------------------------------------------------------------------------
// Endpoints and EndpointSlices: printers.go formatEndpoints, formatDiscoveryPorts/Endpoints.

interface EndpointsLike {
  subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
}

/** net.JoinHostPort: IPv6 addresses are bracketed. */
const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpoints: up to three `ip:port` (or bare ip for a port-less subset), then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: EndpointsLike): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports ?? []) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** listWithMoreString: `a,b,c + N more...`, `<unset>` when empty. */
function listWithMore(items: readonly string[]): string {
  const max = 3;
  const ret = items.slice(0, max).join(',');
  if (items.length > max) return `${ret} + ${items.length - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

interface EndpointSliceLike {
  addressType?: string;
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

const endpointSliceColumns: Column[] = [
  nameColumn,
  { name: 'AddressType', priority: 0, cell: (o) => (o as EndpointSliceLike).addressType ?? '' },
  { name: 'Ports', priority: 0, cell: (o) => listWithMore(((o as EndpointSliceLike).ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')))) },
  { name: 'Endpoints', priority: 0, cell: (o) => listWithMore(((o as EndpointSliceLike).endpoints ?? []).flatMap((e) => e.addresses ?? [])) },
  ageColumn,
];

// ---------------------------------------------------------------------------------------------
// Workloads: printDeployment, printReplicaSet, printReplicationController, printJob.

const deploymentColumns: Column[] = [
  nameColumn,
  { name: 'Ready', priority: 0, cell: (o) => `${asDeployment(o).status?.readyReplicas ?? 0}/${asDeployment(o).spec?.replicas ?? 1}` },
  { name: 'Up-to-date', priority: 0, cell: (o) => num(asDeployment(o).status?.updatedReplicas) },
  { name: 'Available', priority: 0, cell: (o) => num(asDeployment(o).status?.availableReplicas) },
  ageColumn,
  // printDeployment uses LabelSelectorAsSelector(...).String(): no `<none>` substitute.
  ...templateColumns((o) => labelSelectorString(asDeployment(o).spec?.selector), (o) => asDeployment(o).spec?.template?.spec?.containers),
];

const replicaSetColumns: Column[] = [
  nameColumn,
  { name: 'Desired', priority: 0, cell: (o) => String(asReplicaSet(o).spec?.replicas ?? 1) },
  { name: 'Current', priority: 0, cell: (o) => num(asReplicaSet(o).status?.replicas) },
  { name: 'Ready', priority: 0, cell: (o) => num(asReplicaSet(o).status?.readyReplicas) },
  ageColumn,
  ...templateColumns((o) => formatLabelSelector(asReplicaSet(o).spec?.selector), (o) => asReplicaSet(o).spec?.template?.spec?.containers),
];

/** printDaemonSet: the status counts, the template's node selector (labels.FormatLabels), age. */
const daemonSetColumns: Column[] = [
  nameColumn,
  { name: 'Desired', priority: 0, cell: (o) => num(asDaemonSet(o).status?.desiredNumberScheduled) },
  { name: 'Current', priority: 0, cell: (o) => num(asDaemonSet(o).status?.currentNumberScheduled) },
  { name: 'Ready', priority: 0, cell: (o) => num(asDaemonSet(o).status?.numberReady) },
  { name: 'Up-to-date', priority: 0, cell: (o) => num(asDaemonSet(o).status?.updatedNumberScheduled) },
  { name: 'Available', priority: 0, cell: (o) => num(asDaemonSet(o).status?.numberAvailable) },
  { name: 'Node Selector', priority: 0, cell: (o) => formatLabels(asDaemonSet(o).spec?.template?.spec?.nodeSelector) },
  ageColumn,
  ...templateColumns((o) => formatLabelSelector(asDaemonSet(o).spec?.selector), (o) => asDaemonSet(o).spec?.template?.spec?.containers),
];

/**
 * printControllerRevision: CONTROLLER is the controller reference as `<kind>.<group>/<name>`
 * (formatResourceName with kind), `<none>` without one.
 */
const controllerRevisionColumns: Column[] = [
  nameColumn,
  {
    name: 'Controller',
    priority: 0,
    cell: (o) => {
      const refs = (o.metadata?.['ownerReferences'] ?? []) as { apiVersion: string; kind: string; name: string; controller?: boolean }[];
      const ref = refs.find((r) => r.controller);
      if (!ref) return '<none>';
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
      return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    },
  },
  { name: 'Revision', priority: 0, cell: (o) => String((o as { revision?: number }).revision ?? 0) },
  ageColumn,
];

interface ReplicationControllerLike {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: { spec?: { containers?: Container[] } } };
  status?: { replicas?: number; readyReplicas?: number };
}
const asRC = (o: KubeObjectLike) => o as ReplicationControllerLike;

const replicationControllerColumns: Column[] = [
  nameColumn,
  { name: 'Desired', priority: 0, cell: (o) => String(asRC(o).spec?.replicas ?? 1) },
  { name: 'Current', priority: 0, cell: (o) => num(asRC(o).status?.replicas) },
  { name: 'Ready', priority: 0, cell: (o) => num(asRC(o).status?.readyReplicas) },
  ageColumn,
  // An RC's selector is a plain map (labels.FormatLabels).
  ...templateColumns((o) => formatLabels(asRC(o).spec?.selector), (o) => asRC(o).spec?.template?.spec?.containers),
];

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(job: Job, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** printJob STATUS (v1.32): Complete, Failed, Terminating, Suspended, FailureTarget, else Running. */
export function jobStatus(job: Job): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** printJob COMPLETIONS: `<succeeded>/<completions>`, or `/1` (`of <parallelism>`) for a work queue. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** printJob DURATION: completion − start, or now − start while running; empty before the start. */
export function jobDuration(job: Job, nowMs: number): string {
  const start = job.status?.startTime ? parseTimestampMs(job.status.startTime) : undefined;
  if (start === undefined) return '';
  const end = job.status?.completionTime ? parseTimestampMs(job.status.completionTime) : undefined;
  return humanDuration((end ?? nowMs) - start);
}

const jobColumns: Column[] = [
  nameColumn,
  { name: 'Status', priority: 0, cell: (o) => jobStatus(asJob(o)) },
  { name: 'Completions', priority: 0, cell: (o) => jobCompletions(asJob(o)) },
  { name: 'Duration', priority: 0, cell: (o, now) => jobDuration(asJob(o), now) },
  ageColumn,
  ...templateColumns((o) => formatLabelSelector(asJob(o).spec?.selector), (o) => asJob(o).spec?.template?.spec?.containers),
];

// ---------------------------------------------------------------------------------------------
// Events: printEvent (the wide columns interleave with the default ones).

const asEvent = (o: KubeObjectLike) => o as unknown as EventLike;

const eventColumns: Column[] = [
  { name: 'Last Seen', priority: 0, cell: (o, now) => eventLastSeen(asEvent(o), now) },
  { name: 'Type', priority: 0, cell: (o) => asEvent(o).type ?? '' },
  { name: 'Reason', priority: 0, cell: (o) => asEvent(o).reason ?? '' },
  { name: 'Object', priority: 0, cell: (o) => eventObjectRef(asEvent(o)) },
  { name: 'Subobject', priority: 1, cell: (o) => asEvent(o).involvedObject?.fieldPath ?? '' },
  { name: 'Source', priority: 1, cell: (o) => eventSource(asEvent(o)) },
  { name: 'Message', priority: 0, cell: (o) => (asEvent(o).message ?? '').trim() },
  { name: 'First Seen', priority: 1, cell: (o, now) => eventFirstSeen(asEvent(o), now) },
  { name: 'Count', priority: 1, cell: (o) => String(eventCount(asEvent(o))) },
  { name: 'Name', priority: 1, isName: true, cell: (o) => o.metadata?.name ?? '' },
];

// ---------------------------------------------------------------------------------------------
// Ingress and IngressClass: printers.go printIngress, formatHosts, formatPorts,
// ingressLoadBalancerStatusStringer, printIngressClass.

interface IngressRowLike {
  spec?: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** formatHosts: up to three hosts, `* ` when none has one, ` + N more...` counting rules. */
export function formatIngressHosts(rules: readonly { host?: string }[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/** ingressLoadBalancerStatusStringer: the IPs (else hostnames) as a sorted set, clipped to 16 bytes unless wide. */
export function ingressAddress(status: IngressRowLike['status'], wide: boolean): string {
  const set = new Set<string>();
  for (const i of status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  const r = [...set].sort().join(',');
  return !wide && r.length > 16 ? `${r.slice(0, 13)}...` : r;
}

const ingressColumns: Column[] = [
  nameColumn,
  { name: 'Class', priority: 0, cell: (o) => (o as IngressRowLike).spec?.ingressClassName ?? '<none>' },
  { name: 'Hosts', priority: 0, cell: (o) => formatIngressHosts((o as IngressRowLike).spec?.rules ?? []) },
  { name: 'Address', priority: 0, cell: (o, _now, wide) => ingressAddress((o as IngressRowLike).status, wide === true) },
  // formatPorts: "80, 443" with any TLS section.
  { name: 'Ports', priority: 0, cell: (o) => (((o as IngressRowLike).spec?.tls ?? []).length > 0 ? '80, 443' : '80') },
  ageColumn,
];

interface IngressClassRowLike {
  spec?: { controller?: string; parameters?: { kind?: string; apiGroup?: string; name?: string } };
}

const ingressClassColumns: Column[] = [
  nameColumn,
  { name: 'Controller', priority: 0, cell: (o) => (o as IngressClassRowLike).spec?.controller ?? '' },
  {
    name: 'Parameters',
    priority: 0,
    cell: (o) => {
      const p = (o as IngressClassRowLike).spec?.parameters;
      if (!p) return '<none>';
      return `${p.kind ?? ''}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
    },
  },
  ageColumn,
];

/** Column sets per resource (printers.go AddHandlers); everything else gets NAME and AGE. */
const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  pods: podColumns,
  nodes: nodeColumns,
  services: serviceColumns,
  endpoints: [nameColumn, { name: 'Endpoints', priority: 0, cell: (o) => formatEndpoints(o as EndpointsLike) }, ageColumn],
  endpointslices: endpointSliceColumns,
  ingresses: ingressColumns,
  ingressclasses: ingressClassColumns,
  deployments: deploymentColumns,
  replicasets: replicaSetColumns,
  replicationcontrollers: replicationControllerColumns,
  daemonsets: daemonSetColumns,
  controllerrevisions: controllerRevisionColumns,
  jobs: jobColumns,
  events: eventColumns,
  // printLease: holderIdentity, '' when unset.
  leases: [nameColumn, { name: 'Holder', priority: 0, cell: (o) => String((o['spec'] as { holderIdentity?: string } | undefined)?.holderIdentity ?? '') }, ageColumn],
  // printNamespace: name, string(status.phase), age.
  namespaces: [nameColumn, { name: 'Status', priority: 0, cell: (o) => String((o['status'] as { phase?: string } | undefined)?.phase ?? '') }, ageColumn],
  // printConfigMap: name, len(data)+len(binaryData), age.
  configmaps: [nameColumn, { name: 'Data', priority: 0, cell: (o) => String(countKeys(o['data']) + countKeys(o['binaryData'])) }, ageColumn],
};

// ---------------------------------------------------------------------------------------------
// Table layout.

/**
 * tableprinter.go printTable's cell text: cut at the first newline, carriage return or form feed
 * (marked with "..."), then WriteEscaped's ESC → "^[" so cells cannot drive the terminal.
 */
function cellText(s: string): string {
  const cut = s.search(/[\f\n\r]/);
  const shown = cut < 0 ? s : `${s.slice(0, cut)}...`;
  return shown.replace(/\x1b/g, '^[');
}

function resourceInfo(resource: string | ApiResourceInfo): { name: string; namespaced: boolean; kindPrefix: string } {
  const info = typeof resource === 'string' ? apiResource(resource) : resource;
  if (!info && resource === 'replicationcontrollers') return { name: resource, namespaced: true, kindPrefix: 'replicationcontroller' };
  const name = info?.resource ?? (resource as string);
  return { name, namespaced: info?.namespaced ?? true, kindPrefix: info ? (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase() : name };
}

/** The rows (header first unless noHeaders) of one resource type's table. */
function tableRows(resource: string | ApiResourceInfo, objects: readonly KubeObjectLike[], opts: TableOptions): string[][] {
  const info = resourceInfo(resource);
  const wide = opts.wide === true;
  const columns = (COLUMNS[info.name] ?? [nameColumn, ageColumn]).filter((c) => c.priority === 0 || wide);
  const withNamespace = opts.allNamespaces === true && info.namespaced;
  const header = [...(withNamespace ? ['NAMESPACE'] : []), ...columns.map((c) => c.name.toUpperCase()), ...(opts.showLabels ? ['LABELS'] : [])];
  const rows = objects.map((o) => [
    ...(withNamespace ? [o.metadata?.namespace ?? ''] : []),
    ...columns.map((c) => {
      const text = c.cell(o, opts.nowMs, wide);
      return cellText(c.isName && opts.withKind ? `${info.kindPrefix}/${text}` : text);
    }),
    ...(opts.showLabels ? [formatLabels(o.metadata?.labels)] : []),
  ]);
  return opts.noHeaders ? rows : [header, ...rows];
}

/**
 * `kubectl get <resource>` as a table. Returns '' when there are no objects: kubectl prints no
 * header for an empty table (the caller prints noResourcesFound to stderr instead).
 * `kubectl get events` prints the events in the order the apiserver lists them (by name):
 * neither printEventList nor get.go sorts them unless --sort-by is given.
 */
export function printTable(resource: string | ApiResourceInfo, objects: readonly KubeObjectLike[], opts: TableOptions): string {
  if (objects.length === 0) return '';
  return tabulate(tableRows(resource, objects, opts));
}

/**
 * `kubectl get deploy,rs,pods`: get.go starts a new printer (and a new column layout) for every
 * resource type, separates the tables with one empty line (only between tables that printed
 * something, and not with --no-headers) and, because several types were asked for, names rows
 * `deployment.apps/web` (tableprinter.go decorateTable WithKind). Empty groups print nothing.
 */
export function printMultiTypeTables(groups: readonly { resource: string | ApiResourceInfo; objects: readonly KubeObjectLike[] }[], opts: TableOptions): string {
  const withKind = opts.withKind ?? groups.length > 1;
  const tables = groups.filter((g) => g.objects.length > 0).map((g) => printTable(g.resource, g.objects, { ...opts, withKind }));
  return tables.join(opts.noHeaders ? '' : '\n');
}

/** get.go: stderr when nothing was printed. Pass the namespace only for a namespaced, non -A get. */
export function noResourcesFound(namespace?: string): string {
  return namespace === undefined ? 'No resources found' : `No resources found in ${namespace} namespace.`;
}

// ---------------------------------------------------------------------------------------------
// kubectl api-resources.

export interface ApiResourcesOptions {
  /** `-o wide` adds VERBS and CATEGORIES; `-o name` prints `resource[.group]` lines only. */
  output?: '' | 'wide' | 'name';
  /** --sort-by=name|kind; the default orders by API group, then name. */
  sortBy?: 'name' | 'kind';
  noHeaders?: boolean;
  /** --api-group= ('' selects the core group). */
  apiGroup?: string;
  /** --namespaced=true|false. */
  namespaced?: boolean;
}

/** Discovery verbs for the modelled types (apiserver discovery, v1.32): namespaces have no deletecollection. */
function verbsOf(info: ApiResourceInfo): string {
  return info.resource === 'namespaces' ? 'create,delete,get,list,patch,update,watch' : 'create,delete,deletecollection,get,list,patch,update,watch';
}

/** The `all` category (what `kubectl get all` lists). */
const ALL_CATEGORY = new Set(['pods', 'services', 'deployments', 'replicasets', 'replicationcontrollers', 'jobs', 'daemonsets', 'statefulsets', 'cronjobs', 'horizontalpodautoscalers']);

/**
 * `kubectl api-resources`: `NAME SHORTNAMES APIVERSION NAMESPACED KIND`, rows stably sorted by
 * API group (or --sort-by name/kind) with the resource name breaking ties (apiresources.go
 * sortableResource).
 */
export function printApiResources(resources: readonly ApiResourceInfo[], opts: ApiResourcesOptions = {}): string {
  const output = opts.output ?? '';
  const selected = resources.filter((r) => (opts.apiGroup === undefined || r.group === opts.apiGroup) && (opts.namespaced === undefined || r.namespaced === opts.namespaced));
  const key = (r: ApiResourceInfo) => (opts.sortBy === 'name' ? r.resource : opts.sortBy === 'kind' ? r.kind : r.group);
  const sorted = [...selected].sort((a, b) => byBytes(key(a), key(b)) || byBytes(a.resource, b.resource));
  if (output === 'name') return sorted.map((r) => `${r.resource}${r.group ? `.${r.group}` : ''}\n`).join('');
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(output === 'wide' ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = sorted.map((r) => [
    r.resource,
    r.shortNames.join(','),
    r.apiVersion,
    String(r.namespaced),
    r.kind,
    ...(output === 'wide' ? [verbsOf(r), ALL_CATEGORY.has(r.resource) ? 'all' : ''] : []),
  ]);
  return tabulate(opts.noHeaders ? rows : [header, ...rows]);
}

// ---------------------------------------------------------------------------------------------
// -o name / yaml / json.

/** The GroupKind of an object from its apiVersion and kind. */
function groupOf(o: KubeObjectLike): string {
  const av = o.apiVersion ?? '';
  const slash = av.indexOf('/');
  return slash < 0 ? '' : av.slice(0, slash);
}

/**
 * -o name (cli-runtime pkg/printers/name.go): `<kind>[.<group>]/<name>`, lower-cased kind,
 * plus ` <operation>` when given (`namespace/dev created`).
 */
export function formatName(o: KubeObjectLike, operation?: string): string {
  const group = groupOf(o);
  const kind = (o.kind ?? '').toLowerCase();
  const name = o.metadata?.name || '<unknown>';
  return `${kind}${group ? `.${group}` : ''}/${name}${operation ? ` ${operation}` : ''}`;
}

/**
 * get.go printGeneric: a lone object is printed as itself only when a single item was asked
 * for; otherwise (a list request, or several objects) the items are wrapped in a v1 List whose
 * resourceVersion is empty.
 */
export function asPrintable(objects: readonly KubeObjectLike[], asList = false): unknown {
  if (!asList && objects.length === 1) return objects[0];
  return { apiVersion: 'v1', items: [...objects], kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * `-o yaml`, `-o json` or `-o name` of what `kubectl get` fetched. `asList` marks a list request
 * (`kubectl get ns -o yaml`), which prints a List even for one item; without it a single object
 * prints as itself and several as a List.
 */
export function printObjects(objects: readonly KubeObjectLike[], format: 'yaml' | 'json' | 'name', asList = false): string {
  if (format === 'name') return objects.map((o) => `${formatName(o)}\n`).join('');
  const value = asPrintable(objects, asList);
  return format === 'yaml' ? toGoYaml(value) : `${toGoJson(value)}\n`;
}
