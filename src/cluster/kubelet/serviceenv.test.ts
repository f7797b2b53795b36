/**
 * Service environment variables (kubernetes.io concepts/services-networking/service.md
 * "Environment variables"; kubelet_pods.go getServiceEnvVarMap, pkg/kubelet/envvars): the
 * kubelet gives each container the Docker-links variables of the Services that exist when the
 * container is created — the `kubernetes` Service always, its namespace's when
 * enableServiceLinks (the default) — so a pod created before a Service does not have them
 * (tutorials/services/connect-applications-service.md, "Environment Variables").
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../apiserver/messages.ts';
import { createWorld } from '../../simulation/presets.ts';
import { createSession, jobText, runToCompletion } from '../../shell/session.ts';
import { serviceEnv } from './kubelet.ts';

const svc = (namespace: string, name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, ports } });

describe('serviceEnv', () => {
  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
    svc('shop', 'redis-primary', '10.0.0.11', [{ port: 6379, protocol: 'TCP' }]),
    svc('shop', 'dns', '10.0.0.12', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }]),
    svc('shop', 'headless', 'None', [{ port: 80 }]),
    svc('other', 'web', '10.0.0.13', [{ port: 80 }]),
  ];

  it('writes the docs\' example variables for a Service (service.md: REDIS_PRIMARY_SERVICE_HOST …)', () => {
    const env = serviceEnv(services, 'shop', true);
    expect(Object.entries(env).filter(([k]) => k.startsWith('REDIS_PRIMARY'))).toEqual([
      ['REDIS_PRIMARY_SERVICE_HOST', '10.0.0.11'],
      ['REDIS_PRIMARY_SERVICE_PORT', '6379'],
      ['REDIS_PRIMARY_PORT', 'tcp://10.0.0.11:6379'],
      ['REDIS_PRIMARY_PORT_6379_TCP', 'tcp://10.0.0.11:6379'],
      ['REDIS_PRIMARY_PORT_6379_TCP_PROTO', 'tcp'],
      ['REDIS_PRIMARY_PORT_6379_TCP_PORT', '6379'],
      ['REDIS_PRIMARY_PORT_6379_TCP_ADDR', '10.0.0.11'],
    ]);
    // Named ports get their own _SERVICE_PORT_<NAME>; each port its _PORT_<n>_<PROTO> set.
    expect(env['DNS_SERVICE_PORT_DNS_TCP']).toBe('53');
    expect(env['DNS_PORT']).toBe('udp://10.0.0.12:53');
    expect(env['DNS_PORT_53_TCP_ADDR']).toBe('10.0.0.12');
    expect(env['KUBERNETES_SERVICE_PORT_HTTPS']).toBe('443');
    // A headless Service has no address to give; another namespace's Services are not seen.
    expect(Object.keys(env).some((k) => k.startsWith('HEADLESS') || k.startsWith('WEB_'))).toBe(false);
  });

  it('with enableServiceLinks: false only the kubernetes Service is given', () => {
    expect(Object.keys(serviceEnv(services, 'shop', false)).every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
  });
});

describe('a pod\'s service variables come from the Services that exist when its container starts', () => {
  it('pods created before a Service lack its variables; recreated ones have them', () => {
    const w = createWorld({ preset: 'single', seed: 6 });
    const s = createSession(w, 'cp-1');
    const sh = (c: string) => jobText(runToCompletion(s, c));
    sh('kubectl apply -f https://k8s.io/examples/service/networking/run-my-nginx.yaml');
    sh('sleep 15');
    sh('kubectl expose deployment/my-nginx');
    const before = sh("kubectl get pods -l run=my-nginx -o jsonpath='{.items[0].metadata.name}'");
    expect(sh(`kubectl exec ${before} -- printenv`).split('\n').filter((l) => l.includes('SERVICE')).sort()).toEqual(['KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443']);
    sh('kubectl scale deployment my-nginx --replicas=0');
    sh('sleep 5');
    sh('kubectl scale deployment my-nginx --replicas=2');
    sh('sleep 15');
    const after = sh("kubectl get pods -l run=my-nginx -o jsonpath='{.items[0].metadata.name}'");
    const ip = sh("kubectl get svc my-nginx -o jsonpath='{.spec.clusterIP}'");
    const env = sh(`kubectl exec ${after} -- printenv`);
    expect(env).toContain(`MY_NGINX_SERVICE_HOST=${ip}\nMY_NGINX_SERVICE_PORT=80\n`);
    expect(env.trimEnd().split('\n').at(-1)).toBe('HOME=/root');
  });
});
