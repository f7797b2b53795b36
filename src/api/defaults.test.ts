/**
 * Sources (v1.32): K pkg/apis/core/v1/defaults.go (SetDefaults_Pod, SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Service,
 * SetDefaults_ReplicationController, SetDefaults_Namespace, SetDefaults_NodeStatus,
 * SetDefaults_Volume), K pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment,
 * SetDefaults_ReplicaSet), K pkg/apis/batch/v1/defaults.go (SetDefaults_Job),
 * K plugin/pkg/admission/defaulttolerationseconds/admission.go, K pkg/registry/batch/job/strategy.go
 * (generateSelector), K plugin/pkg/admission/priority/admission.go; reference §2.2, §2.3, §5.
 */
import { describe, expect, it } from 'vitest';
import { admitDefaultTolerationSeconds, applyDefaults, applyJobSelector, defaultImagePullPolicy, hasDefaulting, type KubeObject } from './defaults.ts';
import { API_RESOURCES } from './resources.ts';

const pod = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec });
const specOf = (o: KubeObject) => o['spec'] as Record<string, any>;

describe('SetDefaults_Container imagePullPolicy (core/v1 defaults.go)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });
});

describe('Pod defaults', () => {
  const out = applyDefaults(pod({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } }, resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { memory: '64Mi' } } }] }));
  const spec = specOf(out);
  const c = spec['containers'][0];

  // SetDefaults_PodSpec / SetDefaults_Pod; priority from the Priority admission plugin, service account from ServiceAccount admission.
  it.each([
    ['restartPolicy', 'Always'],
    ['terminationGracePeriodSeconds', 30],
    ['dnsPolicy', 'ClusterFirst'],
    ['schedulerName', 'default-scheduler'],
    ['securityContext', {}],
    ['enableServiceLinks', true],
    ['preemptionPolicy', 'PreemptLowerPriority'],
    ['priority', 0],
    ['serviceAccountName', 'default'],
  ])('spec.%s = %j', (field, value) => {
    expect(spec[field]).toEqual(value);
  });

  it('defaults each container (SetDefaults_Container, SetDefaults_ContainerPort)', () => {
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports[0].protocol).toBe('TCP');
  });

  it('defaults probes (SetDefaults_Probe, SetDefaults_HTTPGetAction)', () => {
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it('requests a resource at its limit only when no request is given (SetDefaults_Pod)', () => {
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '64Mi' } });
  });

  it('keeps what the user set and does not touch the input', () => {
    const input = pod({ restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox', imagePullPolicy: 'Never' }] });
    const before = JSON.stringify(input);
    const o = applyDefaults(input);
    expect(specOf(o)['restartPolicy']).toBe('Never');
    expect(specOf(o)['containers'][0].imagePullPolicy).toBe('Never');
    expect(JSON.stringify(input)).toBe(before);
  });

  it('turns a volume without a source into an emptyDir and gives configMap volumes mode 0644 (SetDefaults_Volume)', () => {
    const o = applyDefaults(pod({ containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }] }));
    expect(specOf(o)['volumes']).toEqual([{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }]);
  });
});

describe('DefaultTolerationSeconds admission (admission.go)', () => {
  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  it.each([
    ['no tolerations', undefined, [notReady, unreachable]],
    ['its own not-ready toleration', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, unreachable]],
    ['a tolerate-everything toleration', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    ['a NoSchedule toleration for not-ready', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }, notReady, unreachable]],
  ])('pod with %s', (_, tolerations, expected) => {
    const input = pod({ containers: [], ...(tolerations ? { tolerations } : {}) });
    const before = structuredClone(input);
    const out = admitDefaultTolerationSeconds(input);
    expect(specOf(out)['tolerations']).toEqual(expected);
    // An admission plugin returns the admitted pod; the object it was given is left as it was.
    expect(input).toEqual(before);
  });
});

describe('Service defaults (SetDefaults_Service; ipFamilies from the service registry)', () => {
  it('ClusterIP, None affinity, TCP ports, targetPort = port, Cluster internal policy, single-stack IPv4', () => {
    const out = applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 8443 }] } });
    expect(out['spec']).toEqual({
      selector: { app: 'web' },
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, targetPort: 8443, protocol: 'TCP' }],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('NodePort services get externalTrafficPolicy Cluster; ClientIP affinity a 10800 s timeout', () => {
    const spec = applyDefaults({ kind: 'Service', spec: { type: 'NodePort', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } })['spec'] as Record<string, unknown>;
    expect(spec['externalTrafficPolicy']).toBe('Cluster');
    expect(spec['sessionAffinityConfig']).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
});

describe('workload defaults', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

  it('Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s, pod template defaulted (apps/v1 defaults.go; reference §2.2)', () => {
    const spec = specOf(applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } }));
    expect(spec['replicas']).toBe(1);
    expect(spec['strategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec['revisionHistoryLimit']).toBe(10);
    expect(spec['progressDeadlineSeconds']).toBe(600);
    expect(spec['template'].spec.restartPolicy).toBe('Always');
    expect(spec['template'].spec.containers[0].imagePullPolicy).toBe('Always');
  });

  it('Recreate deployments get no rollingUpdate block', () => {
    const spec = specOf(applyDefaults({ kind: 'Deployment', spec: { strategy: { type: 'Recreate' }, template } }));
    expect(spec['strategy']).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet: replicas 1, labels not copied (apps/v1)', () => {
    const out = applyDefaults({ kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template } });
    expect(specOf(out)['replicas']).toBe(1);
    expect(out.metadata?.labels).toBeUndefined();
  });

  it('ReplicationController: selector and labels from the template (SetDefaults_ReplicationController)', () => {
    const out = applyDefaults({ kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template } });
    expect(specOf(out)['selector']).toEqual({ app: 'web' });
    expect(specOf(out)['replicas']).toBe(1);
    expect(out.metadata?.labels).toEqual({ app: 'web' });
  });

  it.each([
    ['neither set', {}, { completions: 1, parallelism: 1 }],
    ['parallelism only (work queue)', { parallelism: 3 }, { parallelism: 3 }],
    ['completions only', { completions: 5 }, { completions: 5, parallelism: 1 }],
  ])('Job with %s (batch/v1 SetDefaults_Job; reference §2.3)', (_, given, expected) => {
    const spec = specOf(applyDefaults({ kind: 'Job', metadata: { name: 'pi' }, spec: { ...given, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } }));
    expect({ completions: spec['completions'], parallelism: spec['parallelism'] }).toEqual({ completions: undefined, ...expected });
    expect(spec['backoffLimit']).toBe(6);
    expect(spec['completionMode']).toBe('NonIndexed');
    expect(spec['suspend']).toBe(false);
    expect(spec['podReplacementPolicy']).toBe('TerminatingOrFailed');
    expect(spec['manualSelector']).toBeUndefined();
  });

  it('Namespace gets its kubernetes.io/metadata.name label (SetDefaults_Namespace)', () => {
    expect(applyDefaults({ kind: 'Namespace', metadata: { name: 'dev' } }).metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
  });

  it('Node allocatable defaults to capacity (SetDefaults_NodeStatus)', () => {
    expect(applyDefaults({ kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '2', pods: '110' } } })['status']).toEqual({ capacity: { cpu: '2', pods: '110' }, allocatable: { cpu: '2', pods: '110' } });
  });
});

describe('applyJobSelector (job strategy generateSelector; reference §2.3)', () => {
  it('labels the template with the uid and name, new and legacy keys, and selects on controller-uid', () => {
    const out = applyJobSelector<KubeObject>({ kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: {} } } }, 'uid-1');
    const labels = { 'batch.kubernetes.io/controller-uid': 'uid-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-1', 'job-name': 'pi' };
    expect(specOf(out)['selector']).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } });
    expect(specOf(out)['template'].metadata.labels).toEqual(labels);
    expect(out.metadata?.labels).toEqual(labels);
  });

  it('leaves a manual selector alone', () => {
    const job = { kind: 'Job', metadata: { name: 'pi' }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } } };
    expect(applyJobSelector(job, 'u')).toEqual(job);
  });
});

describe('hasDefaulting: the kinds applyDefaults changes', () => {
  // The apiserver skips the copy for the others (an Event, a ConfigMap): this is what makes that safe.
  it.each(API_RESOURCES.filter((r) => !hasDefaulting(r.kind)).map((r) => [r.kind, r.apiVersion]))('%s comes back as it went in', (kind, apiVersion) => {
    const o = { apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec: {}, data: { a: 'b' } } as KubeObject;
    expect(applyDefaults(o)).toEqual(o);
  });
  it('the kinds with defaulting functions are named', () => {
    for (const kind of ['Pod', 'Service', 'Deployment', 'ReplicaSet', 'Job', 'DaemonSet', 'Namespace', 'Node']) expect(hasDefaulting(kind)).toBe(true);
    expect(hasDefaulting('Event')).toBe(false);
    expect(hasDefaulting(undefined)).toBe(false);
  });
});
