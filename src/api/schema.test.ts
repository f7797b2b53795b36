/**
 * Sources:
 * - Strict decoding: k8s.io/apimachinery pkg/runtime/serializer/json/json.go (a decode error
 *   wins over strict errors; strict errors joined as `strict decoding error: unknown field "a",
 *   unknown field "b"` by runtime.NewStrictDecodingError), sigs.k8s.io/json UnmarshalStrict
 *   (field paths with [i] indices).
 * - Type errors: encoding/json UnmarshalTypeError.Error(): `json: cannot unmarshal <value> into Go
 *   struct field <Struct>.<json path> of type <Go type>`; a custom UnmarshalJSON's error is
 *   returned as is (resource.Quantity's ErrFormatWrong, IntOrString's inner json.Unmarshal).
 * - The wrapper: K staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go transformDecodeError
 *   `%s in version %q cannot be handled as a %s: %v`.
 * - Real transcripts of the same texts: `Deployment in version "v1" cannot be handled as a
 *   Deployment: json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string`;
 *   `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
import { describe, expect, it } from 'vitest';
import { decodeError, decodeStrict, RESOURCE_SCHEMAS, schemaFor } from './schema.ts';
import { API_RESOURCES } from './resources.ts';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } });
const deploy = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec });
const template = (c: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...c }] } });

describe('decodeStrict', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a full learner manifest',
      deploy({
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: template({
          ports: [{ containerPort: 80, name: 'http' }],
          env: [{ name: 'MODE', value: 'prod' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1 } },
          livenessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5 },
          volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
          securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        }),
      }),
      [],
    ],
    ['one unknown field', pod([{ name: 'a', image: 'x', imagePullPolicyy: 'Always' }]), ['strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"']],
    ['several unknown fields, in document order', { ...pod([{ name: 'a', image: 'x', foo: 1 }]), specs: {}, bar: 2 }, ['strict decoding error: unknown field "spec.containers[0].foo", unknown field "specs", unknown field "bar"']],
    ['a typo at the top of a Deployment spec', deploy({ replica: 3, selector: { matchLabels: { app: 'web' } }, template: template({}) }), ['strict decoding error: unknown field "spec.replica"']],
    ['a bool env value', deploy({ selector: {}, template: template({ env: [{ name: 'DEBUG', value: true }] }) }), ['json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string']],
    ['ports as a string', pod([{ name: 'a', image: 'x', ports: '80' }]), ['json: cannot unmarshal string into Go struct field Container.spec.containers.ports of type []v1.ContainerPort']],
    ['a numeric label value', { ...pod([]), metadata: { name: 'p', labels: { version: 1 } } }, ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string']],
    ['a fractional port', pod([{ name: 'a', image: 'x', ports: [{ containerPort: 80.5 }] }]), ['json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32']],
    ['a spec that is a list', { ...pod([]), spec: [] }, ['json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec']],
    ['a bad quantity', pod([{ name: 'a', image: 'x', resources: { limits: { memory: '1GB' } } }]), ["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]],
    ['a quantity with an unknown suffix', pod([{ name: 'a', image: 'x', resources: { requests: { cpu: '1mi' } } }]), ["unable to parse quantity's suffix"]],
    ['an IntOrString given a bool (its own json.Unmarshal into int32)', pod([{ name: 'a', image: 'x', livenessProbe: { tcpSocket: { port: true } } }]), ['json: cannot unmarshal bool into Go value of type int32']],
    ['a type error wins over unknown fields', pod([{ name: 'a', image: 7, bogus: true }]), ['json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string']],
    ['status and dry-run leftovers are accepted', { ...pod([{ name: 'a', image: 'x', resources: {} }]), metadata: { name: 'p', creationTimestamp: null }, status: { phase: 'Running', anything: 1 } }, []],
  ])('%s', (_, obj, errors) => {
    expect(decodeStrict(obj).errors).toEqual(errors);
  });

  it('ignores kinds it does not model', () => {
    expect(decodeStrict({ kind: 'Widget', spec: { anything: 1 } }).errors).toEqual([]);
  });
});

describe('decodeError (transformDecodeError)', () => {
  it.each([
    ['Pod', 'v1', ['strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"'], 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"'],
    ['Deployment', 'apps/v1', ['strict decoding error: unknown field "spec.replica"'], 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"'],
  ])('%s %s', (kind, apiVersion, errors, text) => {
    expect(decodeError(kind, apiVersion, errors)).toBe(text);
  });
});

describe('the schema', () => {
  it('covers every modelled kind but none it does not serve', () => {
    for (const info of API_RESOURCES) expect(schemaFor(info.kind), info.kind).toBeDefined();
    expect(Object.keys(RESOURCE_SCHEMAS).sort()).toEqual(API_RESOURCES.map((r) => r.kind).sort());
  });

  it('marks the fields the OpenAPI document marks required (k/api core/v1 types.go: PodSpec.containers, Container.name)', () => {
    expect(RESOURCE_SCHEMAS['Pod']!.fields!['spec']!.required).toEqual(['containers']);
    expect(RESOURCE_SCHEMAS['Pod']!.fields!['spec']!.fields!['containers']!.items!.required).toEqual(['name']);
  });
});
