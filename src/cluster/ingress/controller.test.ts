/**
 * The controller's decisions, from ingress-nginx v1.14 sources:
 * internal/ingress/status/status.go (runningAddresses: pods with the controller pod's labels,
 * Running and Ready, their node's ExternalIP else InternalIP, sorted), internal/ingress/
 * controller/endpointslices.go (ready addresses of the Service port, matched by port name),
 * the upstream name `<namespace>-<service>-<port>`, and nginx's own pages
 * (src/http/ngx_http_special_response.c, with ingress-nginx's `server_tokens off`).
 */
import { describe, expect, it } from 'vitest';
import { newSink } from '../effects.ts';
import { controllerNodes, ingressAnswer, ingressNginxHealth, nginxErrorPage, nodeAddress, parseControllerArgs, startIngressNginx, upstreamEndpoints } from './controller.ts';
import { httpDate } from '../../kernel/index.ts';

const ready = (name: string, node: string, labels: Record<string, string>, phase = 'Running', isReady = true) => ({
  metadata: { name, labels },
  spec: { nodeName: node },
  status: { phase, conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }] },
});

describe('status addresses (status.go runningAddresses)', () => {
  const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'pod-template-hash': 'abc' };
  it('takes the nodes of the Running, Ready pods that carry the controller pod labels', () => {
    const pods = [
      ready('ctl-1', 'worker-2', labels),
      ready('ctl-2', 'worker-1', labels),
      ready('ctl-3', 'worker-3', labels, 'Running', false),
      ready('other', 'worker-3', { app: 'web' }),
    ];
    expect(controllerNodes(pods, 'ctl-1')).toEqual(['worker-2', 'worker-1']);
  });

  it("uses a node's ExternalIP, else its InternalIP", () => {
    expect(nodeAddress({ status: { addresses: [{ type: 'InternalIP', address: '10.0.0.31' }, { type: 'Hostname', address: 'worker-1' }] } })).toBe('10.0.0.31');
    expect(nodeAddress({ status: { addresses: [{ type: 'InternalIP', address: '10.0.0.31' }, { type: 'ExternalIP', address: '203.0.113.5' }] } })).toBe('203.0.113.5');
  });
});

describe('upstream endpoints', () => {
  const svc = { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 9376 }, { name: 'metrics', port: 9090 }] } };
  const slice = (ns: string, svcName: string, ports: { name: string; port: number }[], eps: [string, boolean | undefined][]) => ({
    metadata: { namespace: ns, labels: { 'kubernetes.io/service-name': svcName } },
    ports,
    endpoints: eps.map(([ip, r]) => ({ addresses: [ip], ...(r === undefined ? {} : { conditions: { ready: r } }) })),
  });
  it('lists the ready addresses of the Service port named by number or name, with the slice port of that name', () => {
    const slices = [slice('default', 'web', [{ name: 'http', port: 9376 }, { name: 'metrics', port: 9090 }], [['10.244.1.3', true], ['10.244.2.4', false], ['10.244.2.5', undefined]]), slice('other', 'web', [{ name: 'http', port: 1 }], [['10.9.9.9', true]])];
    expect(upstreamEndpoints(svc, { namespace: 'default', service: 'web', port: { number: 80 } }, slices)).toEqual([{ ip: '10.244.1.3', port: 9376 }, { ip: '10.244.2.5', port: 9376 }]);
    expect(upstreamEndpoints(svc, { namespace: 'default', service: 'web', port: { name: 'metrics' } }, slices)).toEqual([{ ip: '10.244.1.3', port: 9090 }, { ip: '10.244.2.5', port: 9090 }]);
    // A port the Service does not have: no upstream at all (nginx answers 503).
    expect(upstreamEndpoints(svc, { namespace: 'default', service: 'web', port: { number: 8080 } }, slices)).toBeNull();
  });
});

describe('the controller answering requests', () => {
  function controller() {
    const sink = newSink(0);
    const c = startIngressNginx({ host: 'worker-1', containerId: 'c0ffee0000000000', podIp: '10.244.1.9', podName: 'ctl', podNamespace: 'ingress-nginx', nodeName: 'worker-1', argv: ['/nginx-ingress-controller', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx'] }, 'cp-1', sink);
    const put = (inf: string, key: string, o: object) => {
      c.client.informers[inf]!.items.set(key, o as never);
      c.client.informers[inf]!.synced = true;
    };
    put('ingressclasses', 'nginx', { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } });
    put('ingressclasses', 'traefik', { metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } });
    const rule = (host: string, svc: string) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }] } });
    put('ingresses', 'default/a', { metadata: { name: 'a', namespace: 'default', creationTimestamp: '2026-11-22T00:00:01Z' }, spec: { ingressClassName: 'nginx', rules: [rule('web.test', 'web'), rule('empty.test', 'empty'), rule('gone.test', 'gone')] } });
    put('ingresses', 'default/t', { metadata: { name: 't', namespace: 'default', creationTimestamp: '2026-11-22T00:00:00Z' }, spec: { ingressClassName: 'traefik', rules: [rule('other.test', 'web')] } });
    put('services', 'default/web', { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ name: '', port: 80 }] } });
    put('services', 'default/empty', { metadata: { name: 'empty', namespace: 'default' }, spec: { ports: [{ name: '', port: 80 }] } });
    put('endpointslices', 'default/web-x', { metadata: { namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, ports: [{ name: '', port: 9376 }], endpoints: [{ addresses: ['10.244.1.3'] }, { addresses: ['10.244.2.4'] }] });
    put('endpointslices', 'default/empty-x', { metadata: { namespace: 'default', labels: { 'kubernetes.io/service-name': 'empty' } }, ports: [{ name: '', port: 9376 }], endpoints: [] });
    return c;
  }

  it('round-robins over the endpoints (not the ClusterIP)', () => {
    const c = controller();
    const picks = [1, 2, 3].map(() => ingressAnswer(c, 'web.test', '/x')).map((a) => (a.kind === 'proxy' ? `${a.ip}:${a.port} ${a.upstream}` : a.status));
    expect(picks).toEqual(['10.244.1.3:9376 default-web-80', '10.244.2.4:9376 default-web-80', '10.244.1.3:9376 default-web-80']);
  });

  it('404 without a rule (also for an Ingress of another class), 503 without endpoints or without the Service', () => {
    const c = controller();
    const status = (host: string) => {
      const a = ingressAnswer(c, host, '/');
      return a.kind === 'local' ? a.status : 200;
    };
    expect([status('nope.test'), status('other.test'), status('empty.test'), status('gone.test')]).toEqual([404, 404, 503, 503]);
  });

  it('answers /healthz on 10254 once its informers have synced', () => {
    const c = controller();
    expect(ingressNginxHealth(c, 10254, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(ingressNginxHealth(c, 80, '/healthz')).toBeNull();
    c.client.informers['services']!.synced = false;
    expect(ingressNginxHealth(c, 10254, '/healthz')!.status).toBe(500);
  });

  it('reads --ingress-class and --controller-class from its args', () => {
    expect(parseControllerArgs(['/nginx-ingress-controller', '--ingress-class=internal', '--controller-class=example.com/internal'])).toEqual({ ingressClass: 'internal', controllerClass: 'example.com/internal' });
    expect(parseControllerArgs(['/nginx-ingress-controller'])).toEqual({ ingressClass: 'nginx', controllerClass: 'k8s.io/ingress-nginx' });
  });
});

describe("nginx's own pages and dates", () => {
  it('are the special-response pages without a version: 146 bytes for 404, 190 for 503', () => {
    expect(nginxErrorPage(404, 'Not Found').length).toBe(146);
    expect(nginxErrorPage(503, 'Service Temporarily Unavailable').length).toBe(190);
    expect(nginxErrorPage(404, 'Not Found')).toContain('<hr><center>nginx</center>\r\n');
  });

  it('Date is the IMF-fixdate of virtual time (the simulation starts Sunday 22 Nov 2026, 00:00 UTC)', () => {
    expect(httpDate(0)).toBe('Sun, 22 Nov 2026 00:00:00 GMT');
    expect(httpDate(36 * 3_600_000 + 5_000)).toBe('Mon, 23 Nov 2026 12:00:05 GMT');
  });
});
