/**
 * The objects kubectl run / expose build on the client, and kubectl taint's parsing and
 * reorganizing (k/kubectl pkg/generate/versioned/run.go BasicPod, service.go ServiceGeneratorV2,
 * pkg/cmd/taint/utils.go; release-1.32).
 */
import { describe, expect, it } from 'vitest';
import { deploymentManifest } from './workloads.ts';
import { exposeServiceManifest, parseTaintSpecs, portsForObject, reorganizeTaints, runPodManifest, selectorForObject } from './imperative.ts';

describe('kubectl run', () => {
  it('kubectl run nginx --image=nginx: container named after the pod, label run=nginx, ClusterFirst, Always', () => {
    expect(runPodManifest('nginx', { image: 'nginx', namespace: 'default', restart: 'Always', env: [], argv: [], command: false })).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'default', labels: { run: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' },
      status: {},
    });
  });

  it('args after -- are the container args; with --command they are its command', () => {
    const base = { image: 'busybox', namespace: 'default', restart: 'Never', env: ['A=1'], port: 8080 };
    const asArgs = runPodManifest('b', { ...base, argv: ['sleep', '3600'], command: false });
    expect((asArgs['spec'] as { containers: unknown[] }).containers[0]).toEqual({ name: 'b', image: 'busybox', args: ['sleep', '3600'], env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 8080 }], resources: {} });
    const asCommand = runPodManifest('b', { ...base, argv: ['sleep', '3600'], command: true });
    expect((asCommand['spec'] as { containers: Record<string, unknown>[] }).containers[0]!['command']).toEqual(['sleep', '3600']);
  });
});

describe('kubectl expose', () => {
  const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] } } } };

  it('selects what the object selects; a Pod by its labels', () => {
    expect(selectorForObject(deploy)).toEqual({ app: 'web' });
    expect(selectorForObject({ kind: 'Pod', metadata: { name: 'p', labels: { run: 'p' } } })).toEqual({ run: 'p' });
    expect(selectorForObject({ kind: 'Deployment', metadata: {}, spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } } })).toHaveProperty('error');
  });

  it('finds container ports when --port is not given', () => {
    expect(portsForObject(deploy)).toEqual([80]);
    expect(portsForObject({ kind: 'Pod', metadata: {}, spec: { containers: [{ name: 'c' }] } })).toEqual([]);
  });

  it('one port: unnamed, targetPort = port; the Service carries the object\'s labels', () => {
    expect(exposeServiceManifest(deploy, { app: 'web' }, [80], { name: 'web', namespace: 'default', protocol: 'TCP' })).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'web' } },
      status: { loadBalancer: {} },
    });
  });

  it('several ports are named port-1, port-2; --target-port and --type pass through', () => {
    const svc = exposeServiceManifest(deploy, { app: 'web' }, [80, 443], { name: 'web', namespace: 'default', protocol: 'TCP', targetPort: 'http', type: 'NodePort' });
    expect(svc['spec']).toEqual({ ports: [{ name: 'port-1', port: 80, protocol: 'TCP', targetPort: 'http' }, { name: 'port-2', port: 443, protocol: 'TCP', targetPort: 'http' }], selector: { app: 'web' }, type: 'NodePort' });
  });

  it('--cluster-ip=None makes a headless Service (generate/versioned/service.go: "None" → ClusterIPNone)', () => {
    const svc = exposeServiceManifest(deploy, { app: 'web' }, [80], { name: 'web', namespace: 'default', protocol: 'TCP', clusterIP: 'None' });
    expect(svc['spec']).toEqual({ ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'web' }, clusterIP: 'None' });
  });
});

describe('kubectl taint', () => {
  it('parses key=value:Effect, key:Effect, key- and key:Effect-', () => {
    expect(parseTaintSpecs(['dedicated=gpu:NoSchedule', 'spot:PreferNoSchedule', 'old-', 'x:NoExecute-'])).toEqual({
      add: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }],
      remove: [{ key: 'old' }, { key: 'x', effect: 'NoExecute' }],
    });
  });

  it('removes by key and effect whatever value the spec names (the taints page: kubectl taint nodes node1 key1=value1:NoSchedule-)', () => {
    expect(parseTaintSpecs(['key1=value1:NoSchedule-'])).toEqual({ add: [], remove: [{ key: 'key1', effect: 'NoSchedule' }] });
    expect(parseTaintSpecs(['key1:Sometimes-'])).toEqual({ error: 'invalid taint effect: Sometimes, unsupported taint effect' });
  });

  it('rejects a missing or unknown effect', () => {
    expect(parseTaintSpecs(['dedicated=gpu'])).toEqual({ error: 'invalid taint spec: dedicated=gpu' });
    expect(parseTaintSpecs(['dedicated=gpu:Never'])).toEqual({ error: 'invalid taint effect: Never, unsupported taint effect' });
  });

  it('reorganizes: added first, old kept, removed dropped; the operation kubectl prints', () => {
    const old = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
    expect(reorganizeTaints(old, false, [{ key: 'a', effect: 'NoSchedule' }], [])).toEqual({ operation: 'tainted', taints: [{ key: 'a', effect: 'NoSchedule' }, ...old], errors: [] });
    expect(reorganizeTaints(old, false, [], [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }])).toEqual({ operation: 'untainted', taints: [], errors: [] });
    expect(reorganizeTaints(old, false, [], [{ key: 'nope' }]).errors).toEqual(['taint "nope" not found']);
    expect(reorganizeTaints([{ key: 'a', value: '1', effect: 'NoSchedule' }], true, [{ key: 'a', value: '2', effect: 'NoSchedule' }], []).operation).toBe('modified');
  });
});

describe('kubectl create deployment', () => {
  // kubectl create_deployment.go: `kubectl create deployment my-dep --image=busybox -- date`
  // puts the words after `--` in the container's command; the container is named after the image.
  it('takes the command after -- as the container command', () => {
    const d = deploymentManifest('web', ['registry.k8s.io/e2e-test-images/agnhost:2.52'], 2, 'default', undefined, ['/agnhost', 'serve-hostname']);
    const c = (d['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    expect(c).toEqual({ name: 'agnhost', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', command: ['/agnhost', 'serve-hostname'], resources: {} });
    const plain = deploymentManifest('web', ['nginx'], 1, 'default');
    expect((plain['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]).not.toHaveProperty('command');
  });
});
