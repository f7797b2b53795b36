/**
 * What kube-apiserver answers a request that carries no credentials — `curl -k
 * https://10.96.0.1/...` from a pod, or `curl -k https://cp-1:6443/...` from a host. kubeadm
 * leaves anonymous auth on, so such a request is user `system:anonymous` (group
 * `system:unauthenticated`), and RBAC lets that user read only what the
 * `system:public-info-viewer` ClusterRole grants: /healthz, /livez, /readyz and /version.
 * Everything else is 403 Forbidden with the authorizer's words.
 *
 * Sources (kubernetes v1.32):
 *  - plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: system:public-info-viewer's
 *    nonResourceURLs "/healthz", "/livez", "/readyz", "/version", "/version/".
 *  - staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
 *    forbiddenMessage: `User %q cannot %s path %q`, or `... resource %q in API group %q in the
 *    namespace %q` / `at the cluster scope`; apimachinery errors.NewForbidden wraps it as
 *    `forbidden: ...`, `<resource> is forbidden: ...` or `<resource> "<name>" is forbidden: ...`.
 *  - staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go isPrettyPrint:
 *    a User-Agent starting with curl or Wget gets indented JSON (MarshalIndent, two spaces, no
 *    trailing newline); the /version handler writes its JSON the same way (WriteRawJSON).
 *  - The version fields: `kubeadm version` of the same release (v1.32.4, commit 59526cd4…,
 *    built 2025-04-22T16:02:27Z with go1.23.6).
 */

/** The release every binary of the simulated cluster reports. */
export const KUBERNETES_VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
} as const;

export interface AnonymousAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** The request RBAC sees for a path: a resource request (verb, group, resource, namespace, name) or a non-resource one. */
export interface RequestAttributes {
  resource: boolean;
  verb: string;
  path: string;
  group: string;
  resourceName: string;
  subresource: string;
  namespace: string;
  name: string;
}

/**
 * apiserver/pkg/endpoints/request/requestinfo.go NewRequestInfo for a GET: /api/v1/... and
 * /apis/GROUP/VERSION/... are resource requests (list without a name, get with one); anything
 * else, /api and /apis themselves included, is a non-resource path.
 */
export function requestAttributes(path: string): RequestAttributes {
  const clean = path.replace(/\?.*$/, '');
  const parts = clean.split('/').filter((p) => p !== '');
  const nonResource: RequestAttributes = { resource: false, verb: 'get', path: clean, group: '', resourceName: '', subresource: '', namespace: '', name: '' };
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else return nonResource;
  let namespace = '';
  // /namespaces/NS/RESOURCE...: namespaced; /namespaces/NS alone is the namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resourceName, name = '', subresource = ''] = rest;
  return { resource: true, verb: name ? 'get' : 'list', path: clean, group, resourceName: resourceName!, subresource, namespace, name };
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

/** errors.go forbiddenMessage + errors.NewForbidden, for user system:anonymous. */
export function forbiddenStatus(a: RequestAttributes): Record<string, unknown> {
  const user = '"system:anonymous"';
  let message: string;
  const details: Record<string, string> = {};
  if (!a.resource) message = `forbidden: User ${user} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  else {
    const resource = a.subresource ? `${a.resourceName}/${a.subresource}` : a.resourceName;
    const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
    const reason = `User ${user} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)} ${scope}`;
    const qualified = a.group ? `${a.resourceName}.${a.group}` : a.resourceName;
    message = a.name ? `${qualified} ${JSON.stringify(a.name)} is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
    if (a.name) details['name'] = a.name;
    if (a.group) details['group'] = a.group;
    details['kind'] = a.resourceName;
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 };
}

/**
 * The answer to an anonymous GET of `path`. `health` is what the health endpoints say right now
 * (the apiserver's own checks, as its probes see them).
 */
export function anonymousAnswer(path: string, health: (endpoint: string) => { status: number; body: string }): AnonymousAnswer {
  const endpoint = path.replace(/\?.*$/, '');
  if (PUBLIC_PATHS.has(endpoint)) {
    if (endpoint.startsWith('/version')) return { status: 200, body: JSON.stringify(KUBERNETES_VERSION_INFO, null, 2), contentType: 'application/json' };
    const h = health(endpoint);
    return { status: h.status, body: h.body, contentType: 'text/plain; charset=utf-8' };
  }
  return { status: 403, body: JSON.stringify(forbiddenStatus(requestAttributes(endpoint)), null, 2), contentType: 'application/json' };
}
