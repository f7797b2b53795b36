/**
 * networking.k8s.io/v1 Ingress and IngressClass: validation with the apiserver's texts, from
 * K pkg/apis/networking/validation/validation.go (ValidateIngressCreate, ValidateIngressSpec,
 * validateIngressRules, validateHTTPIngressPath, validateIngressBackend, ValidateIngressClass)
 * and k8s.io/apimachinery pkg/util/validation (IsWildcardDNS1123Subdomain, IsDomainPrefixedPath).
 *
 * v1 has no defaulting for Ingress (pkg/apis/networking/v1/defaults.go defaults only
 * NetworkPolicy and IngressClass), so a path without pathType is an error, not
 * ImplementationSpecific as in v1beta1.
 */
import { dns1035LabelErrors, dns1123SubdomainErrors, maxLenError, regexError, DNS1123_SUBDOMAIN_MAX_LENGTH, utf8Length } from './names.ts';
import { invalid, invalidGo, notSupported, required, validateObjectMeta, type FieldError } from './validation.ts';
import { portNameErrors, portNumErrors } from './workloadValidation.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The three path types (sets.NewString(...).List(): sorted, as NotSupported lists them). */
export const INGRESS_PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'] as const;
export type IngressPathType = (typeof INGRESS_PATH_TYPES)[number];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
/** The deprecated annotation that names a class before spec.ingressClassName existed. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** IngressClass annotation that makes a class the cluster's default. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const WILDCARD_DNS1123_SUBDOMAIN_FMT = `\\*\\.${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const WILDCARD_DNS1123_SUBDOMAIN_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const wildcardRe = new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN_FMT}$`);

/** validation.IsWildcardDNS1123Subdomain. */
export function wildcardDns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!wildcardRe.test(value)) errs.push(regexError(WILDCARD_DNS1123_SUBDOMAIN_MSG, WILDCARD_DNS1123_SUBDOMAIN_FMT, '*.example.com'));
  return errs;
}

/** netutils.ParseIPSloppy accepts it: an IPv4 dotted quad (leading zeros allowed) or IPv6 text. */
function looksLikeIp(s: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}

/** content.IsPathSegmentName. */
function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

/** validateIngressBackend: a service (name + port name or number) or a resource, never both. */
export function validateIngressBackend(backendIn: unknown, path: string): FieldError[] {
  const backend = asObj(backendIn);
  const hasResource = isObj(backend['resource']);
  const hasService = isObj(backend['service']);
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = asObj(backend['resource']);
    const errs: FieldError[] = [];
    if (typeof r['apiGroup'] === 'string') errs.push(...dns1123SubdomainErrors(r['apiGroup']).map((m) => invalid(`${path}.resource.apiGroup`, str(r['apiGroup']), m)));
    if (!str(r['kind'])) errs.push(required(`${path}.resource.kind`));
    else errs.push(...pathSegmentNameErrors(str(r['kind'])).map((m) => invalid(`${path}.resource.kind`, str(r['kind']), m)));
    if (!str(r['name'])) errs.push(required(`${path}.resource.name`));
    else errs.push(...pathSegmentNameErrors(str(r['name'])).map((m) => invalid(`${path}.resource.name`, str(r['name']), m)));
    return errs;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const svc = asObj(backend['service']);
  const errs: FieldError[] = [];
  const name = str(svc['name']);
  // ValidateServiceName = NameIsDNS1035Label in v1.32.
  if (!name) errs.push(required(`${path}.service.name`));
  else errs.push(...dns1035LabelErrors(name).map((m) => invalid(`${path}.service.name`, name, m)));
  const port = asObj(svc['port']);
  const portName = str(port['name']);
  const portNumber = typeof port['number'] === 'number' ? port['number'] : 0;
  if (portName && portNumber !== 0) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...portNameErrors(portName).map((m) => invalid(`${path}.service.port.name`, portName, m)));
  else if (portNumber !== 0) errs.push(...portNumErrors(portNumber).map((m) => invalid(`${path}.service.port.number`, portNumber, m)));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

/** validateHTTPIngressPath: pathType first (nothing else is checked without it), then path, then backend. */
function validateHTTPIngressPath(pIn: unknown, path: string): FieldError[] {
  const p = asObj(pIn);
  if (typeof p['pathType'] !== 'string') return [required(`${path}.pathType`, 'pathType must be specified')];
  const pathType = p['pathType'];
  const value = str(p['path']);
  const errs: FieldError[] = [];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  } else {
    errs.push(notSupported(`${path}.pathType`, pathType, INGRESS_PATH_TYPES));
  }
  errs.push(...validateIngressBackend(p['backend'], `${path}.backend`));
  return errs;
}

function validateIngressRules(rules: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((ruleIn, i) => {
    const rule = asObj(ruleIn);
    const host = str(rule['host']);
    if (host.length > 0) {
      if (looksLikeIp(host)) errs.push(invalid(`${path}[${i}].host`, host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? wildcardDns1123SubdomainErrors(host) : dns1123SubdomainErrors(host);
      errs.push(...msgs.map((m) => invalid(`${path}[${i}].host`, host, m)));
    }
    if (isObj(rule['http'])) {
      const paths = Array.isArray(rule['http']['paths']) ? (rule['http']['paths'] as unknown[]) : [];
      if (paths.length === 0) errs.push(required(`${path}[${i}].http.paths`));
      paths.forEach((p, j) => errs.push(...validateHTTPIngressPath(p, `${path}[${i}].http.paths[${j}]`)));
    }
  });
  return errs;
}

/** ValidateIngressSpec. */
export function validateIngressSpec(specIn: unknown, path = 'spec'): FieldError[] {
  const spec = asObj(specIn);
  const rules = Array.isArray(spec['rules']) ? (spec['rules'] as unknown[]) : [];
  const errs: FieldError[] = [];
  if (rules.length === 0 && !isObj(spec['defaultBackend'])) {
    // field.Invalid(fldPath, spec.Rules, ...): the slice printed with %#v.
    errs.push(invalidGo(path, Array.isArray(spec['rules']) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)', 'either `defaultBackend` or `rules` must be specified'));
  }
  if (isObj(spec['defaultBackend'])) errs.push(...validateIngressBackend(spec['defaultBackend'], `${path}.defaultBackend`));
  if (rules.length > 0) errs.push(...validateIngressRules(rules, `${path}.rules`));
  const tls = Array.isArray(spec['tls']) ? (spec['tls'] as unknown[]) : [];
  tls.forEach((tIn, i) => {
    const t = asObj(tIn);
    (Array.isArray(t['hosts']) ? (t['hosts'] as unknown[]) : []).forEach((hIn, j) => {
      const h = str(hIn);
      const msgs = h.includes('*') ? wildcardDns1123SubdomainErrors(h) : dns1123SubdomainErrors(h);
      errs.push(...msgs.map((m) => invalid(`${path}.tls[${i}].hosts[${j}]`, h, m)));
    });
    const secret = str(t['secretName']);
    if (secret) errs.push(...dns1123SubdomainErrors(secret).map((m) => invalid(`${path}.tls[${i}].secretName`, secret, m)));
  });
  if (typeof spec['ingressClassName'] === 'string') {
    const cls = spec['ingressClassName'];
    errs.push(...dns1123SubdomainErrors(cls).map((m) => invalid(`${path}.ingressClassName`, cls, m)));
  }
  return errs;
}

/** ValidateIngressCreate: metadata, spec, and the class annotation agreeing with ingressClassName. */
export function validateIngress(obj: Obj): FieldError[] {
  const errs = [...validateObjectMeta('Ingress', obj as never), ...validateIngressSpec(obj['spec'])];
  const annotations = asObj(asObj(obj['metadata'])['annotations']);
  const cls = asObj(obj['spec'])['ingressClassName'];
  const annotated = annotations[INGRESS_CLASS_ANNOTATION];
  if (typeof annotated === 'string' && typeof cls === 'string' && annotated !== cls) {
    errs.push(invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotated, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${HTTP_PATH_FMT}$`);
const MAX_LEN_INGRESS_CLASS_CONTROLLER = 250;

/** validation.IsDomainPrefixedPath (IngressClass spec.controller: `k8s.io/ingress-nginx`). */
export function domainPrefixedPathErrors(value: string, path: string): FieldError[] {
  if (value.length === 0) return [required(path)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host.length === 0 || rest.length === 0) return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = dns1123SubdomainErrors(host).map((m) => invalid(path, host, m));
  if (!httpPathRe.test(rest)) errs.push(invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}

/** ValidateIngressClass. */
export function validateIngressClass(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('IngressClass', obj as never);
  const spec = asObj(obj['spec']);
  const controller = str(spec['controller']);
  if (!controller) errs.push(required('spec.controller'));
  else {
    if (controller.length > MAX_LEN_INGRESS_CLASS_CONTROLLER) errs.push({ type: 'FieldValueTooLong', field: 'spec.controller', badValue: '<value omitted>', detail: `may not be more than ${MAX_LEN_INGRESS_CLASS_CONTROLLER} bytes` });
    errs.push(...domainPrefixedPathErrors(controller, 'spec.controller'));
  }
  if (isObj(spec['parameters'])) {
    const p = spec['parameters'];
    const path = 'spec.parameters';
    if (typeof p['apiGroup'] === 'string') errs.push(...dns1123SubdomainErrors(p['apiGroup']).map((m) => invalid(`${path}.apiGroup`, str(p['apiGroup']), m)));
    if (!str(p['kind'])) errs.push(required(`${path}.kind`));
    else errs.push(...pathSegmentNameErrors(str(p['kind'])).map((m) => invalid(`${path}.kind`, str(p['kind']), m)));
    if (!str(p['name'])) errs.push(required(`${path}.name`));
    else errs.push(...pathSegmentNameErrors(str(p['name'])).map((m) => invalid(`${path}.name`, str(p['name']), m)));
    const scope = str(p['scope']);
    if (scope === 'Namespace' && !str(p['namespace'])) errs.push(required(`${path}.namespace`, '`parameters.scope` is set to \'Namespace\''));
    if (scope === 'Cluster' && str(p['namespace'])) errs.push({ type: 'FieldValueForbidden', field: `${path}.namespace`, badValue: '', detail: '`parameters.scope` is set to \'Cluster\'' });
    if (scope && scope !== 'Namespace' && scope !== 'Cluster') errs.push(notSupported(`${path}.scope`, scope, ['Cluster', 'Namespace']));
  }
  return errs;
}

/**
 * The DefaultIngressClass admission plugin (K plugin/pkg/admission/network/defaultingressclass,
 * on by default, create only): an Ingress without spec.ingressClassName and without the
 * deprecated annotation gets the IngressClass annotated `is-default-class: "true"`; with several,
 * the newest (a tie: the first name). undefined: leave it as it is.
 */
export function defaultIngressClassName(ingress: Obj, classes: readonly Obj[]): string | undefined {
  const spec = asObj(ingress['spec']);
  if (spec['ingressClassName'] !== undefined) return undefined;
  if (INGRESS_CLASS_ANNOTATION in asObj(asObj(ingress['metadata'])['annotations'])) return undefined;
  const defaults = classes
    .map((c) => asObj(c['metadata']))
    .filter((m) => asObj(m['annotations'])[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true')
    .sort((a, b) => {
      const ta = str(a['creationTimestamp']);
      const tb = str(b['creationTimestamp']);
      if (ta !== tb) return ta > tb ? -1 : 1;
      return str(a['name']) < str(b['name']) ? -1 : 1;
    });
  return defaults.length > 0 ? str(defaults[0]!['name']) : undefined;
}
