/**
 * The CoreDNS addon of kubeadm v1.32: K cmd/kubeadm/app/phases/addons/dns/manifests.go rendered by
 * dns.go (coreDNSReplicas = 2, image registry.k8s.io/coredns/coredns:v1.11.3, DNS IP 10.96.0.10).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { coreDnsClusterRoleBindingYaml, coreDnsClusterRoleYaml, coreDnsConfigMapYaml, coreDnsDeploymentYaml, coreDnsServiceAccountYaml, coreDnsServiceYaml, coreFile } from './manifests.ts';

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

describe('kubeadm CoreDNS manifests', () => {
  it('coreFile is the rendered template (the {{- if .DNSDomain }} block joins "cache 30 {")', () => {
    expect(coreFile()).toBe(COREFILE);
  });

  it('the ConfigMap carries the Corefile under data.Corefile', () => {
    const cm = parse(coreDnsConfigMapYaml());
    expect(cm).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' } });
    expect(cm.data.Corefile).toBe(COREFILE);
  });

  it('the kube-dns Service: 10.96.0.10, dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP', () => {
    const s = parse(coreDnsServiceYaml());
    expect(s.metadata).toMatchObject({ name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, resourceVersion: '0' });
    expect(s.spec.clusterIP).toBe('10.96.0.10');
    expect(s.spec.ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ]);
    expect(s.spec.selector).toEqual({ 'k8s-app': 'kube-dns' });
  });

  it('the Deployment: 2 replicas, v1.11.3, probes, dnsPolicy Default, critical priority, anti-affinity, tolerations', () => {
    const d = parse(coreDnsDeploymentYaml());
    expect(d.metadata).toEqual({ name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } });
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    const pod = d.spec.template.spec;
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.dnsPolicy).toBe('Default');
    expect(pod.serviceAccountName).toBe('coredns');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
    ]);
    const c = pod.containers[0];
    expect(c.image).toBe('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(c.args).toEqual(['-conf', '/etc/coredns/Corefile']);
    expect(c.resources).toEqual({ limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } });
    expect(c.ports.map((p: { name: string; containerPort: number }) => `${p.name}:${p.containerPort}`)).toEqual(['dns:53', 'dns-tcp:53', 'metrics:9153', 'liveness-probe:8080', 'readiness-probe:8181']);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(pod.volumes).toEqual([{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }]);
  });

  it('RBAC: list/watch endpoints, services, pods, namespaces and endpointslices', () => {
    expect(parse(coreDnsClusterRoleYaml()).rules).toEqual([
      { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ]);
    expect(parse(coreDnsClusterRoleBindingYaml()).subjects).toEqual([{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }]);
    expect(parse(coreDnsServiceAccountYaml()).metadata).toEqual({ name: 'coredns', namespace: 'kube-system' });
  });
});
