/**
 * Sources (v1.32; messages read in the indexed kubernetes/kubernetes revisions and in real
 * kubectl transcripts where noted):
 * - K pkg/apis/core/validation/validation.go: ValidatePodSpec ("spec.containers: Required value"),
 *   validateContainers (name DNS-1123 label, field.Duplicate, image Required), validateContainerPorts
 *   (IsValidPortNum: "must be between 1 and 65535, inclusive"), validateRestartPolicy
 *   (field.NotSupported with "Always", "OnFailure", "Never"), ValidateResourceRequirements
 *   ("must be less than or equal to %s limit of %s" on the `requests` path), validateProbe,
 *   ValidateService ("spec.ports: Required value"), ValidateReplicationControllerSpec,
 *   ValidatePodUpdate (updatablePodSpecFields joined with ",", then the cmp diff),
 *   validateOnlyAddedTolerations.
 * - K pkg/apis/apps/validation/validation.go: ValidateDeploymentSpec (selector Required,
 *   "`selector` does not match template `labels`" with the labels as map[string]string{...},
 *   ValidateNonnegativeField "must be greater than or equal to 0"), ValidateDeploymentUpdate
 *   (ValidateImmutableField on spec.selector: "field is immutable").
 * - K pkg/apis/batch/validation/validation.go: validateJobSpec restartPolicy
 *   `Required value: valid values: "OnFailure", "Never"`, ValidateJobSpecUpdate.
 * - k8s.io/apimachinery pkg/util/validation/field/errors.go: how each error type prints.
 * - Real transcripts of the same texts: `The ReplicaSet "replicaset-2" is invalid:
 *   spec.template.metadata.labels: Invalid value: map[string]string{"tier":"nginx"}: ...`,
 *   `Job.batch "migrate" is invalid: spec.template.spec.restartPolicy: Required value: valid values: ...`.
 */
import { describe, expect, it } from 'vitest';
import { applyDefaults, applyJobSelector, type KubeObject } from './defaults.ts';
import { fieldErrorString, formatInvalid, validate } from './validation.ts';
import { goLabelSelector, goStringMap, POD_UPDATABLE_FIELDS, validateUpdate } from './workloadValidation.ts';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const container = (extra: Record<string, unknown> = {}) => ({ name: 'web', image: 'nginx:1.27', ...extra });
const pod = (spec: Record<string, unknown>): KubeObject => applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec });
const errs = (o: KubeObject) => validate(o).map(fieldErrorString);

describe('Pod create validation (validation.go ValidatePodSpec)', () => {
  it('accepts a minimal defaulted pod', () => {
    expect(errs(pod({ containers: [container()] }))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no containers', { containers: [] }, ['spec.containers: Required value']],
    ['no image', { containers: [{ name: 'web' }] }, ['spec.containers[0].image: Required value']],
    ['a capitalised name', { containers: [container({ name: 'Web' })] }, [`spec.containers[0].name: Invalid value: "Web": ${LABEL_MSG}`]],
    ['two containers with one name', { containers: [container(), container({ image: 'redis' })] }, ['spec.containers[1].name: Duplicate value: "web"']],
    ['a bad restartPolicy', { containers: [container()], restartPolicy: 'Sometimes' }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['a port out of range', { containers: [container({ ports: [{ containerPort: 70000 }] })] }, ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['a bad port protocol', { containers: [container({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] }, ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    [
      'a request above its limit',
      { containers: [container({ resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } })] },
      ['spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m'],
    ],
    ['a mount of an unknown volume', { containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }, ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['a probe without a handler', { containers: [container({ livenessProbe: { periodSeconds: 5 } })] }, ['spec.containers[0].livenessProbe: Required value: must specify a handler type']],
    ['a liveness successThreshold of 2', { containers: [container({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } })] }, ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
    ['a toleration with seconds but NoSchedule', { containers: [container()], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }, ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]],
  ])('rejects %s', (_, spec, expected) => {
    expect(errs(pod(spec))).toEqual(expected);
  });

  it('prints several causes as kubectl does', () => {
    const e = validate(pod({ containers: [{ name: 'Web' }] }));
    expect(formatInvalid('Pod', 'x', e)).toBe(`The Pod "x" is invalid: \n* spec.containers[0].name: Invalid value: "Web": ${LABEL_MSG}\n* spec.containers[0].image: Required value`);
  });
});

describe('Deployment / ReplicaSet / ReplicationController (apps and core validation.go)', () => {
  const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [container()], ...extra } });
  const deploy = (spec: Record<string, unknown>) => applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }, []],
    ['no selector', { template: template({ app: 'web' }) }, ['spec.selector: Required value']],
    ['labels that do not match', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'x' }) }, ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']],
    ['negative replicas', { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['a Never restartPolicy', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, { restartPolicy: 'Never' }) }, ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    [
      'an empty selector',
      { selector: {}, template: template({ app: 'web' }) },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    ],
  ])('Deployment: %s', (_, spec, expected) => {
    expect(errs(deploy(spec))).toEqual(expected);
  });

  it('prints the mismatch the way kubectl shows it', () => {
    const d = deploy({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'x' }) });
    expect(formatInvalid('Deployment', 'web', validate(d))).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
  });

  it('ReplicaSet reports the same mismatch', () => {
    const rs = applyDefaults({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'replicaset-2', namespace: 'default' }, spec: { selector: { matchLabels: { tier: 'frontend' } }, template: template({ tier: 'nginx' }) } });
    expect(formatInvalid('ReplicaSet', 'replicaset-2', validate(rs))).toBe(
      'The ReplicaSet "replicaset-2" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"tier":"nginx"}: `selector` does not match template `labels`',
    );
  });

  it('ReplicationController: selector defaults from the template, so a bare RC is valid; a mismatching one is not', () => {
    const rc = (spec: Record<string, unknown>) => applyDefaults({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec });
    expect(errs(rc({ template: template({ app: 'web' }) }))).toEqual([]);
    expect(errs(rc({ selector: { app: 'db' }, template: template({ app: 'web' }) }))).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']);
  });
});

describe('Job (batch validation.go)', () => {
  const job = (templateSpec: Record<string, unknown>) =>
    applyJobSelector(applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...templateSpec } } } }), 'uid-1');

  it.each<[string, Record<string, unknown>, string[]]>([
    ['Never', { restartPolicy: 'Never' }, []],
    ['OnFailure', { restartPolicy: 'OnFailure' }, []],
    ['unset (defaults to Always)', {}, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['Always', { restartPolicy: 'Always' }, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
  ])('restartPolicy %s', (_, templateSpec, expected) => {
    expect(errs(job(templateSpec))).toEqual(expected);
  });
});

describe('Service (ValidateService)', () => {
  const svc = (spec: Record<string, unknown>) => applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });
  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { selector: { app: 'web' }, ports: [{ port: 80 }] }, []],
    ['no ports', { selector: { app: 'web' } }, ['spec.ports: Required value']],
    ['headless without ports', { clusterIP: 'None', selector: { app: 'web' } }, []],
    ['two unnamed ports', { ports: [{ port: 80 }, { port: 443 }] }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    ['port 0', { ports: [{ port: 0, targetPort: 80 }] }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['a bad type', { type: 'Internal', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ])('%s', (_, spec, expected) => {
    expect(errs(svc(spec))).toEqual(expected);
  });
});

describe('Node taints (ValidateNode)', () => {
  it('requires an effect from the supported set', () => {
    const node = (taint: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [taint] } });
    expect(errs(node({ key: 'gpu', effect: 'NoSchedule' }))).toEqual([]);
    expect(errs(node({ key: 'gpu' }))).toEqual(['spec.taints[0].effect: Required value']);
    expect(errs(node({ key: 'gpu', effect: 'Evict' }))).toEqual(['spec.taints[0].effect: Unsupported value: "Evict": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
  });
});

describe('Event (legacyValidateEvent)', () => {
  const ev = (ns: string, involvedNs?: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.1', namespace: ns }, involvedObject: { kind: 'Pod', name: 'p', ...(involvedNs ? { namespace: involvedNs } : {}) } });
  it.each<[string, string | undefined, string[]]>([
    ['default', 'default', []],
    ['default', undefined, []],
    ['kube-system', 'default', ['involvedObject.namespace: Invalid value: "default": does not match event.namespace']],
    ['kube-system', undefined, ['involvedObject.namespace: Invalid value: "": does not match event.namespace']],
  ])('event in %s about an object in %s', (ns, involvedNs, expected) => {
    expect(errs(ev(ns, involvedNs))).toEqual(expected);
  });
});

describe('validateUpdate: immutable fields', () => {
  it('lets a pod change its image but nothing else (ValidatePodUpdate)', () => {
    const old = pod({ containers: [container({ ports: [{ containerPort: 3000 }] })] });
    const imageOnly = pod({ containers: [container({ image: 'nginx:1.28', ports: [{ containerPort: 3000 }] })] });
    expect(validateUpdate(old, imageOnly)).toEqual([]);
    const port = pod({ containers: [container({ ports: [{ containerPort: 9999 }] })] });
    const out = validateUpdate(old, port).map(fieldErrorString);
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(
      `spec: Forbidden: pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}\n  core.PodSpec{\n- \tContainers[0].Ports[0].ContainerPort: 3000,\n+ \tContainers[0].Ports[0].ContainerPort: 9999,\n  }`,
    );
    expect(POD_UPDATABLE_FIELDS).toBe(
      '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });

  it('allows adding tolerations, forbids removing one (validateOnlyAddedTolerations)', () => {
    const t1 = { key: 'a', operator: 'Exists', effect: 'NoSchedule' };
    const t2 = { key: 'b', operator: 'Exists', effect: 'NoSchedule' };
    const old = pod({ containers: [container()], tolerations: [t1] });
    expect(validateUpdate(old, pod({ containers: [container()], tolerations: [t1, t2] }))).toEqual([]);
    expect(validateUpdate(old, pod({ containers: [container()], tolerations: [t2] })).map(fieldErrorString)[0]).toBe('spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');
  });

  it('keeps a Deployment selector (ValidateDeploymentUpdate)', () => {
    const d = (app: string) => applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [container()] } } } });
    expect(validateUpdate(d('web'), d('web'))).toEqual([]);
    expect(validateUpdate(d('web'), d('nginx2')).map(fieldErrorString)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it("keeps a Job's template (ValidateJobSpecUpdate)", () => {
    const j = (image: string) => applyJobSelector(applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image }] } } } }), 'u1');
    expect(validateUpdate(j('perl'), j('perl'))).toEqual([]);
    const out = validateUpdate(j('perl'), j('perl:5')).map(fieldErrorString);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^spec\.template: Invalid value: core\.PodTemplateSpec\{.*\}: field is immutable$/);
  });
});

describe('helpers', () => {
  it('renders Go %#v composites with sorted keys', () => {
    expect(goStringMap({ b: '2', a: '1' })).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(goStringMap(undefined)).toBe('map[string]string(nil)');
    expect(goLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"web"}}}}',
    );
  });

  // ValidateResourceRequirements compares quantities by value, across suffixes.
  it.each<[unknown, unknown, boolean]>([
    ['1Gi', '1024Mi', true],
    ['1G', '1Gi', true],
    ['1025Mi', '1Gi', false],
    [1, '1000m', true],
    ['1001m', 1, false],
  ])('request %j within limit %j: %s', (request, limit, ok) => {
    const p = pod({ containers: [container({ resources: { requests: { memory: request }, limits: { memory: limit } } })] });
    expect(errs(p).length === 0).toBe(ok);
  });
});
