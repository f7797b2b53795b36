/**
 * API defaulting: what the apiserver fills in when it decodes an object, before validation
 * (K pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go,
 * pkg/apis/discovery/v1/defaults.go, v1.32), plus the few values that admission plugins and
 * registry strategies add on create (each cited where it is done). Pure: every function returns
 * a new object and leaves its argument alone.
 */
import { jsonClone } from './json.ts';
import { withField } from './objects.ts';

/** A Kubernetes object as it travels: the same shape as cluster/apiserver/messages.ts KubeObject. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** JSON-shaped deep copy (the JSON round trip's result), so defaulting never writes into the caller's object. */
const clone = <T>(v: T): T => (v === undefined ? v : jsonClone(v));
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

function setDefault(o: Obj, key: string, value: unknown): void {
  if (unset(o[key])) o[key] = value;
}

/** DefaultTerminationGracePeriodSeconds (k/api core/v1 types.go). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** DefaultTolerationSeconds admission's --default-not-ready-toleration-seconds / unreachable. */
export const DEFAULT_NOT_READY_TOLERATION_SECONDS = 300;
export const DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300;

/**
 * The tag kubelet and defaulting see in an image reference (K pkg/util/parsers ParseImageName via
 * docker/distribution reference): the text after the last ':' of the last path segment, `latest`
 * when there is neither tag nor digest, '' for a digest-only reference.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const lastSegment = beforeDigest.slice(beforeDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return at < 0 ? 'latest' : '';
}

/** SetDefaults_Container: `Always` for `:latest` or an untagged image, else `IfNotPresent`. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  // ParseImageName fails on "" and the error is ignored: the tag is then "", hence IfNotPresent.
  return image !== '' && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction (path "/", scheme HTTP). */
function defaultProbe(probe: unknown): unknown {
  if (!isObj(probe)) return probe;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (isObj(probe['httpGet'])) {
    setDefault(probe['httpGet'], 'path', '/');
    setDefault(probe['httpGet'], 'scheme', 'HTTP');
  }
  return probe;
}

/** SetDefaults_HTTPGetAction for lifecycle hooks too. */
function defaultLifecycle(lifecycle: unknown): void {
  for (const hook of ['postStart', 'preStop']) {
    const h = asObj(asObj(lifecycle)[hook]);
    if (isObj(h['httpGet'])) {
      setDefault(h['httpGet'], 'path', '/');
      setDefault(h['httpGet'], 'scheme', 'HTTP');
    }
  }
}

/**
 * SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_ObjectFieldSelector, the probes,
 * and SetDefaults_Pod's rule that a resource with only a limit is requested at that limit.
 * `hostNetwork` pods publish each container port on the host (SetDefaults_PodSpec).
 */
function defaultContainer(c: unknown, hostNetwork: boolean): void {
  if (!isObj(c)) return;
  setDefault(c, 'imagePullPolicy', defaultImagePullPolicy(typeof c['image'] === 'string' ? c['image'] : ''));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  for (const port of asList(c['ports'])) {
    if (!isObj(port)) continue;
    setDefault(port, 'protocol', 'TCP');
    if (hostNetwork && unset(port['hostPort']) && typeof port['containerPort'] === 'number') port['hostPort'] = port['containerPort'];
  }
  for (const env of asList(c['env'])) {
    const fieldRef = asObj(asObj(env)['valueFrom'])['fieldRef'];
    if (isObj(fieldRef)) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  defaultLifecycle(c['lifecycle']);
  // Container.Resources is a struct, not a pointer: it always serializes, as `resources: {}`.
  const resources = isObj(c['resources']) ? c['resources'] : (c['resources'] = {});
  if (isObj(resources['limits'])) {
    const requests = isObj(resources['requests']) ? resources['requests'] : {};
    for (const [name, limit] of Object.entries(resources['limits'])) if (!(name in requests)) requests[name] = limit;
    resources['requests'] = requests;
  }
}

/** The volume sources a learner uses, and the file mode SetDefaults_*VolumeSource give them. */
const VOLUME_SOURCES = ['emptyDir', 'configMap', 'secret', 'hostPath', 'projected', 'persistentVolumeClaim', 'downwardAPI', 'nfs', 'csi', 'ephemeral', 'image'];
/** SecretVolumeSourceDefaultMode / ConfigMapVolumeSourceDefaultMode = 0644. */
const DEFAULT_VOLUME_MODE = 0o644;

function defaultVolume(v: unknown): void {
  if (!isObj(v)) return;
  // SetDefaults_Volume: a volume that names no source is an emptyDir.
  if (!VOLUME_SOURCES.some((k) => isObj(v[k]))) v['emptyDir'] = {};
  for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) if (isObj(v[k])) setDefault(v[k], 'defaultMode', DEFAULT_VOLUME_MODE);
  if (isObj(v['hostPath']) && v['hostPath']['type'] === undefined) v['hostPath']['type'] = '';
}

/**
 * SetDefaults_PodSpec (core/v1 defaults.go), for Pods and every pod template: restartPolicy,
 * terminationGracePeriodSeconds, dnsPolicy, schedulerName, securityContext, and each container's
 * and volume's own defaults.
 */
export function defaultPodSpec(specIn: unknown): Obj {
  const spec = isObj(specIn) ? specIn : {};
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (!isObj(spec['securityContext'])) spec['securityContext'] = {};
  const hostNetwork = spec['hostNetwork'] === true;
  for (const c of asList(spec['initContainers'])) defaultContainer(c, hostNetwork);
  for (const c of asList(spec['containers'])) defaultContainer(c, hostNetwork);
  for (const v of asList(spec['volumes'])) defaultVolume(v);
  return spec;
}

/**
 * What only a Pod gets, not a pod template: SetDefaults_Pod's enableServiceLinks (core/v1
 * defaults.go); priority and preemptionPolicy from the Priority admission plugin
 * (K plugin/pkg/admission/priority/admission.go: no priorityClassName → priority 0,
 * PreemptLowerPriority); serviceAccountName from the ServiceAccount admission plugin
 * (K plugin/pkg/admission/serviceaccount/admission.go), mirrored into the deprecated
 * `serviceAccount` by conversion. So `kubectl get deployment -o yaml` shows none of them in the
 * template, and the pods the template makes have them all.
 */
export function defaultPodOnly(specIn: unknown): Obj {
  const spec = defaultPodSpec(specIn);
  setDefault(spec, 'enableServiceLinks', true);
  if (unset(spec['priorityClassName'])) {
    setDefault(spec, 'priority', 0);
    setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  }
  setDefault(spec, 'serviceAccountName', typeof spec['serviceAccount'] === 'string' && spec['serviceAccount'] ? spec['serviceAccount'] : 'default');
  setDefault(spec, 'serviceAccount', spec['serviceAccountName']);
  return spec;
}

function defaultPodTemplate(templateIn: unknown): Obj {
  const template = isObj(templateIn) ? templateIn : {};
  template['spec'] = defaultPodSpec(template['spec']);
  return template;
}

/** SetDefaults_Service; ipFamilies/ipFamilyPolicy as the service registry fills them (K pkg/registry/core/service/storage/alloc.go initIPFamilyFields) on a single-stack IPv4 cluster. */
function defaultService(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'ClientIP' && !isObj(spec['sessionAffinityConfig'])) {
    // DefaultClientIPServiceAffinitySeconds = 10800 (3 hours).
    spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
  }
  for (const port of asList(spec['ports'])) {
    if (!isObj(port)) continue;
    setDefault(port, 'protocol', 'TCP');
    if (unset(port['targetPort']) || port['targetPort'] === 0) port['targetPort'] = port['port'];
  }
  const type = spec['type'];
  if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) spec['ipFamilies'] = ['IPv4'];
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  }
}

/** apps/v1 SetDefaults_Deployment. */
function defaultDeployment(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  setDefault(spec, 'replicas', 1);
  const strategy = asObj(spec['strategy']);
  spec['strategy'] = strategy;
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = asObj(strategy['rollingUpdate']);
    strategy['rollingUpdate'] = ru;
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  spec['template'] = defaultPodTemplate(spec['template']);
}

/** apps/v1 SetDefaults_ReplicaSet: replicas only (apps/v1 no longer copies labels from the template). */
function defaultReplicaSet(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  setDefault(spec, 'replicas', 1);
  spec['template'] = defaultPodTemplate(spec['template']);
}

/**
 * apps/v1 SetDefaults_DaemonSet (K pkg/apis/apps/v1/defaults.go): updateStrategy RollingUpdate
 * with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10; the pod template as for the
 * other workloads. An OnDelete strategy gets no rollingUpdate.
 */
function defaultDaemonSet(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  const strategy = asObj(spec['updateStrategy']);
  spec['updateStrategy'] = strategy;
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = asObj(strategy['rollingUpdate']);
    strategy['rollingUpdate'] = ru;
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  spec['template'] = defaultPodTemplate(spec['template']);
}

/** core/v1 SetDefaults_ReplicationController: selector and labels default to the template's labels. */
function defaultReplicationController(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  const templateLabels = asObj(asObj(asObj(spec['template'])['metadata'])['labels']) as Record<string, string>;
  if (Object.keys(templateLabels).length > 0) {
    if (!isObj(spec['selector']) || Object.keys(spec['selector']).length === 0) spec['selector'] = { ...templateLabels };
    const meta = obj.metadata ?? {};
    if (!meta.labels || Object.keys(meta.labels).length === 0) obj.metadata = { ...meta, labels: { ...templateLabels } };
  }
  setDefault(spec, 'replicas', 1);
  if (isObj(spec['template'])) spec['template'] = defaultPodTemplate(spec['template']);
}

/** batch/v1 SetDefaults_Job. */
function defaultJob(obj: KubeObject): void {
  const spec = asObj(obj['spec']);
  obj['spec'] = spec;
  // Both unset: one pod, run once. Only parallelism unset: one at a time.
  if (unset(spec['completions']) && unset(spec['parallelism'])) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setDefault(spec, 'parallelism', 1);
  // With backoffLimitPerIndex the global limit is effectively off (math.MaxInt32).
  setDefault(spec, 'backoffLimit', unset(spec['backoffLimitPerIndex']) ? 6 : 2147483647);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed');
  const templateLabels = asObj(asObj(asObj(spec['template'])['metadata'])['labels']) as Record<string, string>;
  const meta = obj.metadata ?? {};
  if (Object.keys(templateLabels).length > 0 && (!meta.labels || Object.keys(meta.labels).length === 0)) obj.metadata = { ...meta, labels: { ...templateLabels } };
  spec['template'] = defaultPodTemplate(spec['template']);
}

/** core/v1 SetDefaults_Namespace: the immutable `kubernetes.io/metadata.name` label. */
function defaultNamespace(obj: KubeObject): void {
  const meta = obj.metadata ?? {};
  if (meta.name) obj.metadata = { ...meta, labels: { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name } };
}

/** core/v1 SetDefaults_NodeStatus: allocatable defaults to capacity. */
function defaultNode(obj: KubeObject): void {
  const status = obj['status'];
  if (isObj(status) && isObj(status['capacity']) && !isObj(status['allocatable'])) status['allocatable'] = { ...status['capacity'] };
}

/** core/v1 SetDefaults_EndpointPort: protocol TCP. */
function defaultEndpoints(obj: KubeObject): void {
  for (const subset of asList(obj['subsets'])) for (const port of asList(asObj(subset)['ports'])) if (isObj(port)) setDefault(port, 'protocol', 'TCP');
}

/** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP. */
function defaultEndpointSlice(obj: KubeObject): void {
  for (const port of asList(obj['ports'])) {
    if (!isObj(port)) continue;
    if (port['name'] === undefined) port['name'] = '';
    setDefault(port, 'protocol', 'TCP');
  }
}

/** The kinds applyDefaults changes; the others (ConfigMap, Event, Lease, …) have no defaulting functions in v1.32. */
const DEFAULTED_KINDS = new Set(['Pod', 'Service', 'Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'Job', 'Namespace', 'Node', 'Endpoints', 'EndpointSlice', 'IngressClass']);

/** Whether applyDefaults would change an object of this kind (it copies every object anyway). */
export function hasDefaulting(kind: string | undefined): boolean {
  return kind !== undefined && DEFAULTED_KINDS.has(kind);
}

/**
 * The defaults the apiserver applies to an object of any modelled kind. ConfigMap, Event and
 * Lease have no defaulting functions in v1.32 and come back unchanged (but copied).
 */
export function applyDefaults(obj: KubeObject): KubeObject {
  const out = clone(obj);
  switch (out.kind) {
    case 'Pod':
      out['spec'] = defaultPodOnly(out['spec']);
      break;
    case 'Service':
      defaultService(out);
      break;
    case 'Deployment':
      defaultDeployment(out);
      break;
    case 'ReplicaSet':
      defaultReplicaSet(out);
      break;
    case 'ReplicationController':
      defaultReplicationController(out);
      break;
    case 'DaemonSet':
      defaultDaemonSet(out);
      break;
    case 'Job':
      defaultJob(out);
      break;
    case 'Namespace':
      defaultNamespace(out);
      break;
    case 'Node':
      defaultNode(out);
      break;
    case 'Endpoints':
      defaultEndpoints(out);
      break;
    case 'EndpointSlice':
      defaultEndpointSlice(out);
      break;
    case 'IngressClass':
      defaultIngressClass(out);
      break;
  }
  return out;
}

/** K pkg/apis/networking/v1/defaults.go SetDefaults_IngressClass: parameters without a scope are cluster-scoped. (Ingress itself has no v1 defaults.) */
function defaultIngressClass(obj: KubeObject): void {
  const spec = obj['spec'] as { parameters?: { scope?: string } } | undefined;
  if (spec?.parameters && typeof spec.parameters === 'object' && spec.parameters.scope === undefined) spec.parameters.scope = 'Cluster';
}

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Whether the pod already tolerates the NoExecute taint `key`: a toleration for that key (or for
 * every key) whose effect is NoExecute or empty (K plugin/pkg/admission/defaulttolerationseconds/admission.go).
 */
function toleratesNoExecute(tolerations: unknown[], key: string): boolean {
  return tolerations.some((t) => {
    const tol = asObj(t);
    const k = tol['key'];
    const effect = tol['effect'];
    return (unset(k) || k === key) && (unset(effect) || effect === 'NoExecute');
  });
}

/**
 * The DefaultTolerationSeconds admission plugin, on pod create: tolerate the not-ready and
 * unreachable NoExecute taints for 300 s, so a pod is evicted five minutes after its node fails
 * unless it says otherwise (K plugin/pkg/admission/defaulttolerationseconds/admission.go).
 */
export function admitDefaultTolerationSeconds<T extends KubeObject>(pod: T): T {
  const spec = asObj(pod['spec']);
  const tolerations = asList(spec['tolerations']);
  const additions: Obj[] = [];
  if (!toleratesNoExecute(tolerations, TAINT_NODE_NOT_READY)) {
    additions.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_NOT_READY_TOLERATION_SECONDS });
  }
  if (!toleratesNoExecute(tolerations, TAINT_NODE_UNREACHABLE)) {
    additions.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_UNREACHABLE_TOLERATION_SECONDS });
  }
  // A new pod and spec around the longer list; the rest is shared with the input, which is not
  // changed (a deep copy of the whole pod for one list was a tenth of a pod create's cost).
  if (additions.length === 0) return { ...pod };
  return { ...pod, spec: withField(spec, 'tolerations', [...tolerations, ...additions]) };
}

/** Labels the Job controller's generated selector uses (k/api batch/v1 types.go). */
export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/**
 * The Job strategy's generateSelector (K pkg/registry/batch/job/strategy.go), unless
 * `manualSelector: true`: label the pod template with the job's uid and name (new and legacy
 * keys, keeping values the user set) and select on `batch.kubernetes.io/controller-uid`. A Job
 * without labels of its own shows the template's labels (batch/v1 SetDefaults_Job runs again on
 * every read, after the selector was generated).
 */
export function applyJobSelector<T extends KubeObject>(job: T, uid: string): T {
  const out = clone(job);
  const spec = asObj(out['spec']);
  if (spec['manualSelector'] === true) return out;
  const name = out.metadata?.name ?? '';
  const template = asObj(spec['template']);
  const tmeta = asObj(template['metadata']);
  const labels = { ...(asObj(tmeta['labels']) as Record<string, string>) };
  if (labels[JOB_CONTROLLER_UID_LABEL] === undefined) labels[JOB_CONTROLLER_UID_LABEL] = uid;
  if (labels[JOB_NAME_LABEL] === undefined) labels[JOB_NAME_LABEL] = name;
  if (labels[LEGACY_JOB_CONTROLLER_UID_LABEL] === undefined) labels[LEGACY_JOB_CONTROLLER_UID_LABEL] = uid;
  if (labels[LEGACY_JOB_NAME_LABEL] === undefined) labels[LEGACY_JOB_NAME_LABEL] = name;
  tmeta['labels'] = labels;
  template['metadata'] = tmeta;
  spec['template'] = template;
  spec['selector'] = { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
  (out as Obj)['spec'] = spec;
  const meta = out.metadata ?? {};
  if (!meta.labels || Object.keys(meta.labels).length === 0) out.metadata = { ...meta, labels: { ...labels } };
  return out;
}
