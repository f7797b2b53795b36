/**
 * kubectl create ingress, against k/kubectl pkg/cmd/create/create_ingress.go (ruleRegex,
 * buildRules, buildHTTPIngressPath: Exact unless the path ends in `*`, buildTLSRules,
 * parseServiceBackendPort, Validate's messages) and its examples in `kubectl create ingress -h`.
 */
import { describe, expect, it } from 'vitest';
import { buildIngress } from './createIngress.ts';

const base = { name: 'simple', namespace: 'default', annotations: [] as string[] };

describe('kubectl create ingress', () => {
  it('"simple" from the help text: foo.com/bar=svc1:8080,tls=my-cert', () => {
    expect(buildIngress({ ...base, rules: ['foo.com/bar=svc1:8080,tls=my-cert'] })).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'simple', namespace: 'default' },
      spec: {
        rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } }],
        tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
      },
      status: { loadBalancer: {} },
    });
  });

  it('a trailing * makes a Prefix path; one rule per host; a named port; a class and a default backend', () => {
    const ing = buildIngress({ ...base, ingressClass: 'nginx', defaultBackend: 'defaultsvc:http', rules: ['foo.com/=svc:https', 'foo.com/admin/*=svcadmin:8080', '/path*=svc:8080'] }) as { spec: Record<string, unknown> };
    expect(ing.spec['ingressClassName']).toBe('nginx');
    expect(ing.spec['defaultBackend']).toEqual({ service: { name: 'defaultsvc', port: { name: 'http' } } });
    expect(ing.spec['rules']).toEqual([
      {
        host: 'foo.com',
        http: {
          paths: [
            { path: '/', pathType: 'Exact', backend: { service: { name: 'svc', port: { name: 'https' } } } },
            { path: '/admin/', pathType: 'Prefix', backend: { service: { name: 'svcadmin', port: { number: 8080 } } } },
          ],
        },
      },
      { http: { paths: [{ path: '/path', pathType: 'Prefix', backend: { service: { name: 'svc', port: { number: 8080 } } } }] } },
    ]);
  });

  it("refuses what Validate refuses, with kubectl's words", () => {
    expect(buildIngress({ ...base, rules: [] })).toEqual({ error: 'error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)' });
    expect(buildIngress({ ...base, rules: ['foo.com=svc:80'] })).toEqual({ error: 'error: rule foo.com=svc:80 is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]' });
    expect(buildIngress({ ...base, rules: [], defaultBackend: 'svc' })).toEqual({ error: 'error: default-backend should be in format servicename:serviceport' });
    expect(buildIngress({ ...base, rules: ['a.com/=s:80'], annotations: ['novalue'] })).toEqual({ error: 'error: annotation novalue is invalid and should be in format key=[value]' });
  });
});
