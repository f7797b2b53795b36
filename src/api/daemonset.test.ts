/**
 * DaemonSet and ControllerRevision: defaulting (K pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet),
 * validation (K pkg/apis/apps/validation/validation.go ValidateDaemonSetSpec,
 * ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet, ValidateControllerRevision) and
 * the resource table (`kubectl api-resources`: daemonsets ds apps/v1, controllerrevisions apps/v1).
 */
import { describe, expect, it } from 'vitest';
import { applyDefaults, type KubeObject } from './defaults.ts';
import { fieldErrorString, validate } from './validation.ts';
import { validateUpdate } from './workloadValidation.ts';
import { resolveResource } from './resources.ts';
import { decodeStrict } from './schema.ts';

function ds(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx' }], ...podSpec } }, ...spec },
  };
}
const errs = (o: KubeObject) => validate(applyDefaults(o)).map(fieldErrorString);

describe('DaemonSet resources', () => {
  it('resolves ds, daemonset, daemonsets.apps and controllerrevisions', () => {
    for (const arg of ['ds', 'daemonset', 'daemonsets', 'DaemonSet', 'daemonsets.apps', 'ds.apps']) expect(resolveResource(arg)).toMatchObject({ resource: 'daemonsets', kind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true, shortNames: ['ds'] });
    expect(resolveResource('controllerrevisions')).toMatchObject({ kind: 'ControllerRevision', apiVersion: 'apps/v1', namespaced: true, shortNames: [] });
  });
});

describe('SetDefaults_DaemonSet', () => {
  it('RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10, pod template defaults', () => {
    const d = applyDefaults(ds()) as { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> } } };
    expect(d.spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(d.spec['revisionHistoryLimit']).toBe(10);
    expect(d.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
  });
  it('keeps given values; OnDelete gets no rollingUpdate', () => {
    expect((applyDefaults(ds({ updateStrategy: { type: 'OnDelete' } })) as { spec: Record<string, unknown> }).spec['updateStrategy']).toEqual({ type: 'OnDelete' });
    expect((applyDefaults(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: '25%' } } })) as { spec: Record<string, unknown> }).spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } });
  });
});

describe('ValidateDaemonSet', () => {
  it('accepts a plain DaemonSet', () => expect(errs(ds())).toEqual([]));

  it('a selector that does not match the template labels; a missing one matches nothing', () => {
    expect(errs(ds({ selector: { matchLabels: { app: 'other' } } }))).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`']);
    const noSel = ds();
    delete (noSel['spec'] as Record<string, unknown>)['selector'];
    expect(errs(noSel)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`']);
  });

  it('an empty selector', () => {
    expect(errs(ds({ selector: {} }))).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset']);
  });

  it('restartPolicy must be Always; activeDeadlineSeconds is forbidden', () => {
    expect(errs(ds({}, { restartPolicy: 'Never' }))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
    expect(errs(ds({}, { activeDeadlineSeconds: 10 }))).toEqual(['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported']);
  });

  it('rolling update: exactly one of maxSurge and maxUnavailable, valid percentages up to 100%', () => {
    expect(errs(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))).toEqual(['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero']);
    expect(errs(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
    expect(errs(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: '120%' } } }))).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%']);
    expect(errs(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: -1 } } }))[0]).toBe('spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0');
    expect(errs(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } } }))).toEqual([]);
    expect(errs(ds({ updateStrategy: { type: 'Recreate' } }))[0]).toMatch(/^spec.updateStrategy: Unsupported value: "Recreate": supported values: "RollingUpdate", "OnDelete"$/);
  });

  it('minReadySeconds and revisionHistoryLimit must not be negative', () => {
    expect(errs(ds({ minReadySeconds: -1, revisionHistoryLimit: -2 }))).toEqual(['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0', 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0']);
  });

  it('the apps/v1 selector is immutable (daemonset strategy ValidateUpdate)', () => {
    const old = applyDefaults(ds());
    const next = applyDefaults(ds({ selector: { matchLabels: { app: 'agent', tier: 'x' } } }, {}));
    (next['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['tier'] = 'x';
    expect(validateUpdate(old, next).map(fieldErrorString)).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"agent", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
  });

  it('strict decoding knows the DaemonSet fields', () => {
    expect(decodeStrict(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } })).errors).toEqual([]);
    expect(decodeStrict(ds({ replicas: 3 })).errors).toEqual(['strict decoding error: unknown field "spec.replicas"']);
  });
});

describe('ValidateControllerRevision', () => {
  it('data is mandatory, revision non-negative', () => {
    const cr: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'agent-5b576df4cf', namespace: 'default' }, revision: -1 };
    expect(validate(cr).map(fieldErrorString)).toEqual(['data: Required value: data is mandatory', 'revision: Invalid value: -1: must be greater than or equal to 0']);
  });
});
