/**
 * Path and host matching. The table is the one in the Kubernetes docs,
 * https://kubernetes.io/docs/concepts/services-networking/ingress/#examples ("Examples" under
 * Path types), row for row; the host rules are from the same page (#hostname-wildcards: a
 * wildcard covers exactly one DNS label) and ingress-nginx's template.go buildServerName.
 */
import { describe, expect, it } from 'vitest';
import { buildServers, pathMatches, routeRequest, servesIngress, wildcardMatches, type IngressLike, type PathType } from './routing.ts';

const ing = (name: string, rules: { host?: string; paths: [string, PathType, string][] }[], created = '2026-01-01T00:00:00Z', defaultBackend?: string): IngressLike => ({
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: {
    ingressClassName: 'nginx',
    ...(defaultBackend ? { defaultBackend: { service: { name: defaultBackend, port: { number: 80 } } } } : {}),
    rules: rules.map((r) => ({ ...(r.host ? { host: r.host } : {}), http: { paths: r.paths.map(([path, pathType, svc]) => ({ path, pathType, backend: { service: { name: svc, port: { number: 80 } } } })) } })),
  },
});

/** Which of the paths serves the request (the service is named after the path), or 'default' for the default backend. */
function served(paths: [string, PathType][], requestPath: string): string {
  const servers = buildServers([ing('t', [{ paths: paths.map(([p, t]) => [p, t, `${t}:${p}`]) }])]);
  const r = routeRequest(servers, 'any.example.com', requestPath);
  return r.kind === 'backend' ? r.backend.service : 'default';
}

describe('the docs table of path matches', () => {
  const table: [PathType | 'Mixed', [string, PathType][], string[], boolean, string?][] = [
    ['Prefix', [['/', 'Prefix']], ['/', '/anything', '/a/b/c'], true],
    ['Exact', [['/foo', 'Exact']], ['/foo'], true],
    ['Exact', [['/foo', 'Exact']], ['/bar'], false],
    ['Exact', [['/foo', 'Exact']], ['/foo/'], false],
    ['Exact', [['/foo/', 'Exact']], ['/foo'], false],
    ['Prefix', [['/foo', 'Prefix']], ['/foo', '/foo/'], true],
    ['Prefix', [['/foo/', 'Prefix']], ['/foo', '/foo/'], true],
    ['Prefix', [['/aaa/bb', 'Prefix']], ['/aaa/bbb'], false],
    ['Prefix', [['/aaa/bbb', 'Prefix']], ['/aaa/bbb'], true],
    ['Prefix', [['/aaa/bbb/', 'Prefix']], ['/aaa/bbb'], true],
    ['Prefix', [['/aaa/bbb', 'Prefix']], ['/aaa/bbb/'], true],
    ['Prefix', [['/aaa/bbb', 'Prefix']], ['/aaa/bbb/ccc'], true],
    ['Prefix', [['/aaa/bbb', 'Prefix']], ['/aaa/bbbxyz'], false],
    ['Prefix', [['/', 'Prefix'], ['/aaa', 'Prefix']], ['/aaa/ccc'], true, 'Prefix:/aaa'],
    ['Prefix', [['/', 'Prefix'], ['/aaa', 'Prefix'], ['/aaa/bbb', 'Prefix']], ['/aaa/bbb'], true, 'Prefix:/aaa/bbb'],
    ['Prefix', [['/', 'Prefix'], ['/aaa', 'Prefix'], ['/aaa/bbb', 'Prefix']], ['/ccc'], true, 'Prefix:/'],
    ['Prefix', [['/aaa', 'Prefix']], ['/ccc'], false],
    ['Mixed', [['/foo', 'Prefix'], ['/foo', 'Exact']], ['/foo'], true, 'Exact:/foo'],
  ];
  for (const [kind, paths, requests, matches, winner] of table) {
    for (const req of requests) {
      it(`${kind} ${paths.map((p) => p[0]).join(', ')} · ${req} → ${matches ? (winner ?? 'match') : 'default backend'}`, () => {
        const got = served(paths, req);
        if (!matches) expect(got).toBe('default');
        else expect(got).toBe(winner ?? `${paths[0]![1]}:${paths[0]![0]}`);
      });
    }
  }

  it('ImplementationSpecific in ingress-nginx is a plain nginx prefix location', () => {
    expect(pathMatches('ImplementationSpecific', '/foo', '/foobar')).toBe(true);
    expect(pathMatches('Prefix', '/foo', '/foobar')).toBe(false);
  });

  it('ignores the query string', () => {
    expect(served([['/foo', 'Exact']], '/foo?x=1')).toBe('Exact:/foo');
  });
});

describe('hosts', () => {
  const servers = buildServers([
    ing('a', [{ host: 'foo.example.com', paths: [['/', 'Prefix', 'foo']] }, { host: '*.example.com', paths: [['/', 'Prefix', 'wild']] }, { paths: [['/any', 'Prefix', 'nohost']] }]),
  ]);
  const svc = (host: string, path = '/') => {
    const r = routeRequest(servers, host, path);
    return r.kind === 'backend' ? r.backend.service : 'default';
  };

  it('an exact host beats the wildcard; a port in the Host header is ignored; names are case-insensitive', () => {
    expect(svc('foo.example.com')).toBe('foo');
    expect(svc('FOO.example.com:30080')).toBe('foo');
    expect(svc('bar.example.com')).toBe('wild');
  });

  it('a wildcard covers exactly one label', () => {
    expect(wildcardMatches('*.example.com', 'baz.bar.example.com')).toBe(false);
    expect(wildcardMatches('*.example.com', 'example.com')).toBe(false);
    expect(svc('baz.bar.example.com', '/any')).toBe('nohost');
  });

  it('an unknown host falls to the rules without a host, then to the default backend', () => {
    expect(svc('10.0.0.21', '/any/x')).toBe('nohost');
    expect(svc('10.0.0.21', '/')).toBe('default');
  });

  it('a host whose paths do not match gets the default backend, not the host-less rules', () => {
    expect(svc('foo.example.com', '/any')).toBe('foo');
    const only = buildServers([ing('b', [{ host: 'app.test', paths: [['/api', 'Prefix', 'api']] }, { paths: [['/', 'Prefix', 'catch']] }])]);
    expect(routeRequest(only, 'app.test', '/other').kind).toBe('default-backend');
  });

  it('merges the same host from two Ingresses; the older one wins a path both define', () => {
    const merged = buildServers([
      ing('newer', [{ host: 'a.test', paths: [['/', 'Prefix', 'newer-root'], ['/b', 'Prefix', 'newer-b']] }], '2026-01-02T00:00:00Z'),
      ing('older', [{ host: 'a.test', paths: [['/', 'Prefix', 'older-root']] }], '2026-01-01T00:00:00Z'),
    ]);
    const at = (p: string) => (routeRequest(merged, 'a.test', p) as { backend: { service: string } }).backend.service;
    expect(at('/')).toBe('older-root');
    expect(at('/b/c')).toBe('newer-b');
  });

  it("uses an Ingress's defaultBackend when none of its host's paths match", () => {
    const s = buildServers([ing('d', [{ host: 'a.test', paths: [['/api', 'Prefix', 'api']] }], undefined, 'fallback')]);
    expect((routeRequest(s, 'a.test', '/x') as { backend: { service: string } }).backend.service).toBe('fallback');
  });
});

describe('class', () => {
  it('serves Ingresses naming our IngressClass, or the deprecated annotation naming --ingress-class', () => {
    expect(servesIngress({ spec: { ingressClassName: 'nginx' } }, ['nginx'], 'nginx')).toBe(true);
    expect(servesIngress({ spec: { ingressClassName: 'traefik' } }, ['nginx'], 'nginx')).toBe(false);
    expect(servesIngress({ metadata: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } } }, ['nginx'], 'nginx')).toBe(true);
    // Without a class (and without --watch-ingress-without-class) ingress-nginx ignores it.
    expect(servesIngress({ spec: {} }, ['nginx'], 'nginx')).toBe(false);
  });
});
