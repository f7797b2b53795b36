/**
 * The resource types the simulator models, as API discovery would list them (Kubernetes v1.32),
 * how kubectl resolves a type argument to one of them, and where the apiserver keeps each
 * object in etcd.
 */
import type { NameRule } from './names.ts';

export interface ApiResourceInfo {
  /** Plural, lower case: the URL path segment and the etcd key segment. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  /** '' for the core ("legacy") group. */
  readonly group: string;
  readonly version: string;
  /** `v1` or `<group>/<version>`. */
  readonly apiVersion: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** Syntax of metadata.name (pkg/apis/*\/validation Validate<Kind>Name). */
  readonly nameRule: NameRule;
}

function def(resource: string, kind: string, groupVersion: string, namespaced: boolean, shortNames: string[], nameRule: NameRule = 'dns1123-subdomain'): ApiResourceInfo {
  const slash = groupVersion.indexOf('/');
  const group = slash < 0 ? '' : groupVersion.slice(0, slash);
  const version = slash < 0 ? groupVersion : groupVersion.slice(slash + 1);
  return { resource, singular: kind.toLowerCase(), kind, group, version, apiVersion: groupVersion, namespaced, shortNames, nameRule };
}

/**
 * Short names as `kubectl api-resources` prints them on v1.32. Name rules: Namespace is a DNS-1123
 * label, Service a DNS-1035 label (ValidateServiceName = NameIsDNS1035Label), the rest subdomains.
 */
export const API_RESOURCES: readonly ApiResourceInfo[] = [
  def('namespaces', 'Namespace', 'v1', false, ['ns'], 'dns1123-label'),
  def('configmaps', 'ConfigMap', 'v1', true, ['cm']),
  def('pods', 'Pod', 'v1', true, ['po']),
  def('services', 'Service', 'v1', true, ['svc'], 'dns1035-label'),
  def('nodes', 'Node', 'v1', false, ['no']),
  def('events', 'Event', 'v1', true, ['ev']),
  def('endpoints', 'Endpoints', 'v1', true, ['ep']),
  def('leases', 'Lease', 'coordination.k8s.io/v1', true, []),
  def('deployments', 'Deployment', 'apps/v1', true, ['deploy']),
  def('replicasets', 'ReplicaSet', 'apps/v1', true, ['rs']),
  def('replicationcontrollers', 'ReplicationController', 'v1', true, ['rc']),
  def('daemonsets', 'DaemonSet', 'apps/v1', true, ['ds']),
  // ControllerRevision has no short name (`kubectl api-resources`: `controllerrevisions  apps/v1  true  ControllerRevision`).
  def('controllerrevisions', 'ControllerRevision', 'apps/v1', true, []),
  def('jobs', 'Job', 'batch/v1', true, []),
  def('endpointslices', 'EndpointSlice', 'discovery.k8s.io/v1', true, []),
  def('ingresses', 'Ingress', 'networking.k8s.io/v1', true, ['ing']),
  // IngressClass has no short name (`kubectl api-resources`: `ingressclasses  networking.k8s.io/v1  false  IngressClass`).
  def('ingressclasses', 'IngressClass', 'networking.k8s.io/v1', false, []),
];

/** Whether `word` names the resource: plural, singular, kind or a short name (case-insensitive). */
function names(info: ApiResourceInfo, word: string): boolean {
  return word === info.resource || word === info.singular || word === info.kind.toLowerCase() || info.shortNames.includes(word);
}

/**
 * kubectl's type argument: `pods`, `pod`, `Pod`, `po`, `deployments.apps`, `deploy.apps` or
 * `deployments.v1.apps` (cli-runtime builder.go mappingFor: schema.ParseResourceArg splits at
 * the first dot for resource.group and three-part args as resource.version.group).
 */
export function resolveResource(arg: string): ApiResourceInfo | { error: string } {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  const word = dot < 0 ? lower : lower.slice(0, dot);
  const rest = dot < 0 ? undefined : lower.slice(dot + 1);
  const found = API_RESOURCES.find((info) => {
    if (!names(info, word)) return false;
    if (rest === undefined) return true;
    if (rest === info.group) return true;
    // resource.version.group: the version is checked against the one version we serve.
    const parts = lower.split('.');
    return parts.length >= 3 && parts[1] === info.version && parts.slice(2).join('.') === info.group;
  });
  // mappingFor quotes only the resource part (groupResource.Resource) in its error.
  return found ?? { error: `the server doesn't have a resource type "${dot < 0 ? arg : arg.slice(0, dot)}"` };
}

/**
 * resolveResource without the error: the lookup the apiserver and printers use. Memoized (a pure
 * function of its argument over a fixed table; the apiserver asks it on every request).
 */
const apiResourceMemo = new Map<string, ApiResourceInfo | undefined>();
export function apiResource(arg: string): ApiResourceInfo | undefined {
  let info = apiResourceMemo.get(arg);
  if (info === undefined && !apiResourceMemo.has(arg)) {
    const r = resolveResource(arg);
    info = 'error' in r ? undefined : r;
    if (apiResourceMemo.size >= 1024) apiResourceMemo.clear();
    apiResourceMemo.set(arg, info);
  }
  return info;
}

/** schema.GroupResource.String(): `configmaps`, `deployments.apps` — what status errors name. */
export function qualifiedResource(info: Pick<ApiResourceInfo, 'resource' | 'group'>): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`;
}

/**
 * Key prefixes that differ from the resource name (K pkg/kubeapiserver
 * default_storage_factory_builder.go SpecialDefaultResourcePrefixes; reference §9.7).
 */
const SPECIAL_PREFIXES: Readonly<Record<string, string>> = {
  nodes: 'minions',
  services: 'services/specs',
  endpoints: 'services/endpoints',
  replicationcontrollers: 'controllers',
  ingresses: 'ingress',
};

function registryDir(resource: string): string {
  return `/registry/${SPECIAL_PREFIXES[resource] ?? resource}`;
}

/** `/registry/<resource>/<namespace>/<name>`, or without the namespace for cluster-scoped objects. */
export function etcdKey(resource: string, namespace: string | undefined, name: string): string {
  return namespace ? `${registryDir(resource)}/${namespace}/${name}` : `${registryDir(resource)}/${name}`;
}

/**
 * The prefix a list reads: every object of the resource, or one namespace's. The trailing slash
 * keeps `/registry/pods/default/` from also matching a namespace called `default2`.
 */
export function etcdPrefix(resource: string, namespace?: string): string {
  return namespace ? `${registryDir(resource)}/${namespace}/` : `${registryDir(resource)}/`;
}
