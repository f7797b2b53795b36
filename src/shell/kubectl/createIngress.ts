/**
 * `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]] [--class=]
 * [--default-backend=service:port] [--annotation=k=v]`, as k/kubectl
 * pkg/cmd/create/create_ingress.go builds the object on the client: rules for the same host
 * share one IngressRule; a path is Exact unless it ends in `*` (then Prefix, without the `*`);
 * a port is a number or a port name (intstr.Parse).
 */
import type { KubeObject } from '../../cluster/apiserver/messages.ts';

/** create_ingress.go ruleRegex (not anchored at the end, as upstream). */
const RULE_REGEX = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,tls=?([\w-]*))?/;

export interface CreateIngressFlags {
  name: string;
  namespace: string;
  rules: string[];
  ingressClass?: string;
  defaultBackend?: string;
  annotations: string[];
}

type Backend = { service: { name: string; port: { number: number } | { name: string } } };

function backendOf(service: string): Backend {
  const [name, port] = service.split(':') as [string, string];
  return { service: { name, port: /^-?\d+$/.test(port) ? { number: Number(port) } : { name: port } } };
}

/** Validate(): the first problem as kubectl words it, or the object to create. */
export function buildIngress(f: CreateIngressFlags): KubeObject | { error: string } {
  if (!f.defaultBackend && f.rules.length === 0) {
    return { error: 'error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)' };
  }
  for (const rule of f.rules) if (!RULE_REGEX.test(rule)) return { error: `error: rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]` };
  for (const a of f.annotations) if (!a.includes('=')) return { error: `error: annotation ${a} is invalid and should be in format key=[value]` };
  if (f.defaultBackend && f.defaultBackend.split(':').length !== 2) return { error: 'error: default-backend should be in format servicename:serviceport' };

  const rules: { host?: string; http: { paths: unknown[] } }[] = [];
  for (const rule of f.rules) {
    const r = rule.replace(/(,tls.*)?$/, '');
    const slash = r.indexOf('/');
    const host = r.slice(0, slash);
    const pathsvc = r.slice(slash + 1).split('=');
    let path = `/${pathsvc[0]}`;
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const p = { path, pathType, backend: backendOf(pathsvc[1]!) };
    const existing = rules.find((x) => (x.host ?? '') === host);
    if (existing) existing.http.paths.push(p);
    else rules.push({ ...(host ? { host } : {}), http: { paths: [p] } });
  }

  // buildTLSRules: one entry per secret, each host once.
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  const seen = new Set<string>();
  for (const rule of f.rules) {
    const parts = rule.split('tls');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const secretParts = parts[1]!.split('=');
    const secret = secretParts.length > 1 ? secretParts[1]! : '';
    if (seen.has(host)) continue;
    seen.add(host);
    const same = secret ? tls.find((t) => t.secretName === secret) : undefined;
    if (same) {
      same.hosts = [...(same.hosts ?? []), host];
      continue;
    }
    const entry = { ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) };
    if (entry.hosts || entry.secretName) tls.push(entry);
  }

  const annotations = Object.fromEntries(f.annotations.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: f.name, namespace: f.namespace, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      ...(f.ingressClass ? { ingressClassName: f.ingressClass } : {}),
      ...(f.defaultBackend ? { defaultBackend: backendOf(f.defaultBackend) } : {}),
      ...(rules.length > 0 ? { rules } : {}),
      ...(tls.length > 0 ? { tls } : {}),
    },
    status: { loadBalancer: {} },
  } as KubeObject;
}
