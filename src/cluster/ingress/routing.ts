/**
 * How ingress-nginx routes a request, as pure functions over the Ingresses it serves.
 *
 * ingress-nginx renders one nginx `server` per host (internal/ingress/controller/controller.go
 * createServers): rules with the same host from several Ingresses merge into it, the oldest
 * Ingress winning a path both define; rules without a host go into the catch-all server `_`.
 * A wildcard host `*.foo.com` becomes `server_name ~^(?<subdomain>[\w-]+)\.foo\.com$`
 * (template.go buildServerName): exactly one label. nginx picks the server by exact name, then
 * the wildcard, else the default server.
 *
 * Inside a server, paths are nginx locations (template.go buildLocation): Exact is `location =`,
 * which wins outright; Prefix matches whole path elements, a trailing slash ignored; and
 * ImplementationSpecific is a plain nginx prefix location (`/foo` also matches `/foobar`). Among
 * prefix matches the longest wins (nginx's longest-prefix rule). The Kubernetes rules for
 * Exact and Prefix: https://kubernetes.io/docs/concepts/services-networking/ingress/#examples
 * A host with no matching location gets its Ingress's defaultBackend, or the controller's
 * default backend: nginx's 404 page.
 */

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressBackendRef {
  /** The namespace of the Ingress that names the Service. */
  namespace: string;
  service: string;
  port: { number: number } | { name: string };
}

export interface IngressPathRoute {
  path: string;
  pathType: PathType;
  backend: IngressBackendRef;
  /** `namespace/name` of the Ingress the path came from. */
  ingress: string;
}

export interface IngressServer {
  /** The host as written (`foo.example.com`, `*.example.com`), or `_` for the catch-all server. */
  host: string;
  paths: IngressPathRoute[];
  /** The defaultBackend of the Ingress that first defined the host, used when no path matches. */
  fallback: IngressBackendRef | null;
  fallbackIngress: string | null;
}

export interface IngressLike {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string; annotations?: Record<string, string> };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: BackendLike;
    rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend?: BackendLike }[] } }[];
  };
}

interface BackendLike {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: unknown;
}

function backendRef(namespace: string, b: BackendLike | undefined): IngressBackendRef | null {
  const svc = b?.service;
  if (!svc?.name) return null;
  const port = svc.port?.name ? { name: svc.port.name } : { number: svc.port?.number ?? 0 };
  return { namespace, service: svc.name, port };
}

/** ingress-nginx sorts Ingresses by creation time (then namespace/name) before building servers: the oldest wins a conflict. */
function byAge(a: IngressLike, b: IngressLike): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace}/${a.metadata?.name}`;
  const kb = `${b.metadata?.namespace}/${b.metadata?.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export const CATCH_ALL_SERVER = '_';

/** The servers ingress-nginx would render for these Ingresses (already filtered by class). */
export function buildServers(ingresses: readonly IngressLike[]): Map<string, IngressServer> {
  const servers = new Map<string, IngressServer>();
  const serverFor = (host: string): IngressServer => {
    let s = servers.get(host);
    if (!s) servers.set(host, (s = { host, paths: [], fallback: null, fallbackIngress: null }));
    return s;
  };
  serverFor(CATCH_ALL_SERVER);
  for (const ing of [...ingresses].sort(byAge)) {
    const ns = ing.metadata?.namespace ?? 'default';
    const key = `${ns}/${ing.metadata?.name}`;
    const def = backendRef(ns, ing.spec?.defaultBackend);
    const rules = ing.spec?.rules ?? [];
    // An Ingress with only a defaultBackend (or one for hosts without paths) serves the catch-all server.
    if (def && rules.length === 0) {
      const s = serverFor(CATCH_ALL_SERVER);
      if (!s.fallback) Object.assign(s, { fallback: def, fallbackIngress: key });
    }
    for (const rule of rules) {
      const s = serverFor(rule.host || CATCH_ALL_SERVER);
      if (def && !s.fallback) Object.assign(s, { fallback: def, fallbackIngress: key });
      for (const p of rule.http?.paths ?? []) {
        const backend = backendRef(ns, p.backend);
        const pathType = (p.pathType ?? 'ImplementationSpecific') as PathType;
        const path = p.path || '/';
        if (!backend) continue;
        // The first (oldest) definition of a path and type in a server wins.
        if (s.paths.some((x) => x.path === path && x.pathType === pathType)) continue;
        s.paths.push({ path, pathType, backend, ingress: key });
      }
    }
  }
  return servers;
}

/** The request's host without a port, lower-cased (nginx compares server names case-insensitively). */
export function requestHost(hostHeader: string): string {
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

/** `*.foo.com` against a host: exactly one label in place of the `*` (buildServerName's `[\w-]+`). */
export function wildcardMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  return /^[\w-]+$/.test(host.slice(0, host.length - suffix.length));
}

/** nginx's server selection: exact name, then a wildcard, else the default server. */
export function selectServer(servers: Map<string, IngressServer>, hostHeader: string): IngressServer {
  const host = requestHost(hostHeader);
  const exact = servers.get(host);
  if (exact && host !== CATCH_ALL_SERVER) return exact;
  // nginx tries leading wildcards longest first.
  const wild = [...servers.keys()].filter((h) => wildcardMatches(h, host)).sort((a, b) => b.length - a.length)[0];
  return servers.get(wild ?? CATCH_ALL_SERVER)!;
}

/**
 * Whether `pathType` `path` matches the request path (query string already removed).
 * Prefix: element-wise, so `/foo` matches `/foo`, `/foo/` and `/foo/bar` but not `/foobar`,
 * and `/foo/` matches `/foo` too. Exact: the same string. ImplementationSpecific: ingress-nginx's
 * plain prefix location.
 */
export function pathMatches(pathType: PathType, path: string, requestPath: string): boolean {
  if (pathType === 'Exact') return requestPath === path;
  if (pathType === 'ImplementationSpecific') return requestPath.startsWith(path);
  const elements = (p: string) => p.split('/').filter((e) => e !== '');
  const want = elements(path);
  const got = elements(requestPath);
  if (want.length > got.length) return false;
  return want.every((e, i) => e === got[i]);
}

/** What a location match counts as in nginx's longest-prefix rule. */
function matchLength(route: IngressPathRoute): number {
  return route.path.replace(/\/$/, '').length;
}

export type RouteDecision =
  | { kind: 'backend'; backend: IngressBackendRef; server: string; route: IngressPathRoute | null; ingress: string }
  | { kind: 'default-backend'; server: string };

/** The route for a request: server by Host, then location by path. */
export function routeRequest(servers: Map<string, IngressServer>, hostHeader: string, pathWithQuery: string): RouteDecision {
  const server = selectServer(servers, hostHeader);
  const requestPath = pathWithQuery.replace(/[?#].*$/, '') || '/';
  const matches = server.paths.filter((r) => pathMatches(r.pathType, r.path, requestPath));
  const exact = matches.find((r) => r.pathType === 'Exact');
  const best = exact ?? matches.sort((a, b) => matchLength(b) - matchLength(a) || (a.pathType === 'Prefix' ? -1 : 1))[0];
  if (best) return { kind: 'backend', backend: best.backend, server: server.host, route: best, ingress: best.ingress };
  if (server.fallback) return { kind: 'backend', backend: server.fallback, server: server.host, route: null, ingress: server.fallbackIngress! };
  return { kind: 'default-backend', server: server.host };
}

/** The class check of ingress-nginx (v1.x): spec.ingressClassName names our IngressClass, or the deprecated annotation names our --ingress-class. */
export function servesIngress(ing: IngressLike, ourClasses: readonly string[], ingressClassFlag: string): boolean {
  const byName = ing.spec?.ingressClassName;
  if (byName !== undefined) return ourClasses.includes(byName);
  const annotated = ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return annotated !== undefined && annotated === ingressClassFlag;
}
