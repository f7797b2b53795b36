/**
 * Ingress and IngressClass validation against the apiserver's texts:
 * K pkg/apis/networking/validation/validation.go (validateIngressRules, validateHTTPIngressPath:
 * "pathType must be specified", "must be an absolute path", invalidPathSequences / Suffixes;
 * validateIngressBackend: "port name or number is required", "resource or service backend is
 * required"; ValidateIngressSpec: "either `defaultBackend` or `rules` must be specified";
 * ValidateIngressCreate: the ingress.class annotation must match ingressClassName) and
 * k8s.io/apimachinery pkg/util/validation/validation.go (IsWildcardDNS1123Subdomain,
 * IsDomainPrefixedPath). Field errors print as field/errors.go does.
 */
import { describe, expect, it } from 'vitest';
import { fieldErrorString, formatInvalid, validate } from './validation.ts';
import { applyDefaults } from './defaults.ts';
import { decodeStrict } from './schema.ts';
import { resolveResource } from './resources.ts';
import { validateUpdate } from './workloadValidation.ts';
import { defaultIngressClassName } from './ingress.ts';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const backend = { service: { name: 'web', port: { number: 80 } } };
const ingress = (rules: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'demo', namespace: 'default', ...((extra['metadata'] as object) ?? {}) },
  spec: { ingressClassName: 'nginx', rules, ...((extra['spec'] as object) ?? {}) },
});
const rule = (host: string | undefined, paths: unknown[]) => ({ ...(host === undefined ? {} : { host }), http: { paths } });
const errorsOf = (obj: Record<string, unknown>) => validate(obj as never).map(fieldErrorString);

describe('Ingress validation', () => {
  it('accepts hosts, a wildcard host and the three path types', () => {
    const obj = ingress([
      rule('foo.example.com', [
        { path: '/', pathType: 'Prefix', backend },
        { path: '/exact', pathType: 'Exact', backend },
        { path: '/impl', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { name: 'http' } } } },
      ]),
      rule('*.example.com', [{ path: '/', pathType: 'Prefix', backend }]),
      rule(undefined, [{ pathType: 'ImplementationSpecific', backend }]),
    ]);
    expect(errorsOf(obj)).toEqual([]);
  });

  it('requires pathType (networking/v1 has no default for it) and checks nothing else of that path', () => {
    expect(errorsOf(ingress([rule('foo.example.com', [{ path: 'no-slash', backend: {} }])]))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
  });

  it('names the supported path types, sorted', () => {
    expect(errorsOf(ingress([rule('a.com', [{ path: '/', pathType: 'Regex', backend }])]))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  it('wants an absolute path without //, /./, /../ or %2f, and not ending in /. or /..', () => {
    expect(errorsOf(ingress([rule('a.com', [{ path: 'app', pathType: 'Prefix', backend }])]))).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "app": must be an absolute path']);
    expect(errorsOf(ingress([rule('a.com', [{ path: '/a//b/..', pathType: 'Exact', backend }])]))).toEqual([
      `spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": must not contain '//'`,
      `spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": cannot end with '/..'`,
    ]);
    // Prefix and Exact need a path; ImplementationSpecific may leave it out.
    expect(errorsOf(ingress([rule('a.com', [{ pathType: 'Prefix', backend }])]))).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "": must be an absolute path']);
  });

  it('checks hosts: DNS-1123 subdomain, a wildcard only as the first label, never an IP', () => {
    expect(errorsOf(ingress([rule('Foo.example.com', [{ path: '/', pathType: 'Prefix', backend }])]))).toEqual([`spec.rules[0].host: Invalid value: "Foo.example.com": ${SUBDOMAIN_MSG}`]);
    expect(errorsOf(ingress([rule('foo.*.com', [{ path: '/', pathType: 'Prefix', backend }])]))).toEqual([`spec.rules[0].host: Invalid value: "foo.*.com": ${WILDCARD_MSG}`]);
    expect(errorsOf(ingress([rule('10.0.0.21', [{ path: '/', pathType: 'Prefix', backend }])]))).toEqual(['spec.rules[0].host: Invalid value: "10.0.0.21": must be a DNS name, not an IP address']);
  });

  it('wants a backend with a service name and a port name or number, or a resource', () => {
    const p = (b: unknown) => ingress([rule('a.com', [{ path: '/', pathType: 'Prefix', backend: b }])]);
    expect(errorsOf(p({ service: { name: 'web' } }))).toEqual(['spec.rules[0].http.paths[0].backend: Required value: port name or number is required']);
    expect(errorsOf(p({ service: { name: 'web', port: { name: 'http', number: 80 } } }))).toEqual(['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number']);
    expect(errorsOf(p({ service: { name: 'web', port: { number: 70000 } } }))).toEqual(['spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(errorsOf(p({ service: { port: { number: 80 } } }))).toEqual(['spec.rules[0].http.paths[0].backend.service.name: Required value']);
    expect(errorsOf(p({}))).toEqual(['spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required']);
    expect(errorsOf(p({ service: { name: 'web', port: { number: 80 } }, resource: { kind: 'Bucket', name: 'b' } }))).toEqual(['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends']);
  });

  it('requires rules or a defaultBackend, and paths under http', () => {
    const noRules = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'demo', namespace: 'default' }, spec: {} };
    expect(errorsOf(noRules)).toEqual(['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
    expect(errorsOf(ingress([{ host: 'a.com', http: { paths: [] } }]))).toEqual(['spec.rules[0].http.paths: Required value']);
  });

  it('refuses an ingress.class annotation that disagrees with ingressClassName', () => {
    const obj = ingress([rule('a.com', [{ path: '/', pathType: 'Prefix', backend }])], { metadata: { annotations: { 'kubernetes.io/ingress.class': 'traefik' } } });
    expect(errorsOf(obj)).toEqual(['annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified']);
  });

  it('prints several causes as kubectl does', () => {
    const obj = ingress([rule('a.com', [{ path: 'app', pathType: 'Prefix', backend: { service: { name: 'web' } } }])]);
    expect(formatInvalid('Ingress', 'demo', validate(obj as never))).toBe(
      'The Ingress "demo" is invalid: \n* spec.rules[0].http.paths[0].path: Invalid value: "app": must be an absolute path\n* spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    );
  });

  it('decodes strictly: an unknown field in a path is reported', () => {
    const obj = ingress([rule('a.com', [{ path: '/', pathType: 'Prefix', backend, serviceName: 'web' }])]);
    expect(decodeStrict(obj).unknownFields).toEqual(['spec.rules[0].http.paths[0].serviceName']);
  });
});

describe('IngressClass', () => {
  it('is cluster-scoped, named ingressclasses, with no short name; ing is Ingress', () => {
    const ic = resolveResource('ingressclass');
    expect('error' in ic ? ic.error : [ic.resource, ic.namespaced, ic.apiVersion]).toEqual(['ingressclasses', false, 'networking.k8s.io/v1']);
    const ing = resolveResource('ing');
    expect('error' in ing ? ing.error : ing.kind).toBe('Ingress');
  });

  it('wants a domain-prefixed controller', () => {
    const ic = (controller: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller } });
    expect(errorsOf(ic('k8s.io/ingress-nginx'))).toEqual([]);
    expect(errorsOf(ic('ingress-nginx'))).toEqual(['spec.controller: Invalid value: "ingress-nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
    expect(errorsOf(ic(''))).toEqual(['spec.controller: Required value']);
  });

  it('keeps spec.controller immutable (ValidateIngressClassUpdate)', () => {
    const ic = (controller: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller } });
    expect(validateUpdate(ic('k8s.io/ingress-nginx'), ic('example.com/other')).map(fieldErrorString)).toEqual(['spec.controller: Invalid value: "example.com/other": field is immutable']);
  });

  it('defaults a parameters reference to the Cluster scope (SetDefaults_IngressClass)', () => {
    const out = applyDefaults({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'x' }, spec: { controller: 'a.io/b', parameters: { kind: 'P', name: 'p' } } });
    expect((out['spec'] as { parameters: { scope: string } }).parameters.scope).toBe('Cluster');
  });
});

describe('DefaultIngressClass admission (plugin/pkg/admission/network/defaultingressclass)', () => {
  const cls = (name: string, created: string, isDefault: boolean) => ({ metadata: { name, creationTimestamp: created, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) } });
  it('gives a class-less Ingress the default class; the newest of several; none without a default', () => {
    const ing = { spec: { rules: [] } };
    expect(defaultIngressClassName(ing, [cls('nginx', '2026-11-22T00:00:01Z', false)])).toBeUndefined();
    expect(defaultIngressClassName(ing, [cls('nginx', '2026-11-22T00:00:01Z', true), cls('traefik', '2026-11-22T00:00:02Z', false)])).toBe('nginx');
    expect(defaultIngressClassName(ing, [cls('old', '2026-11-22T00:00:01Z', true), cls('new', '2026-11-22T00:00:05Z', true)])).toBe('new');
  });
  it('leaves an Ingress that names a class, or carries the deprecated annotation, alone', () => {
    const classes = [cls('nginx', '2026-11-22T00:00:01Z', true)];
    expect(defaultIngressClassName({ spec: { ingressClassName: 'other' } }, classes)).toBeUndefined();
    expect(defaultIngressClassName({ metadata: { annotations: { 'kubernetes.io/ingress.class': 'x' } }, spec: {} }, classes)).toBeUndefined();
  });
});
