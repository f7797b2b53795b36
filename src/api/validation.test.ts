/**
 * Sources (all read at release v1.32 / staging tag v0.32.13 unless noted):
 * - field.Error.Error/ErrorBody and ErrorType strings: k8s.io/apimachinery pkg/util/validation/field/errors.go
 * - errors.NewInvalid message and the aggregate's "[a, b]": pkg/api/errors/errors.go, pkg/util/errors/errors.go
 * - kubectl's "The <Kind> "<name>" is invalid" rendering, one cause inline, several as "* " lines:
 *   k8s.io/kubectl pkg/cmd/util/helpers.go checkErr + MultilineError
 * - ValidateObjectMetaAccessor: pkg/api/validation/objectmeta.go
 * - ValidateConfigMap ("duplicate of key present in binaryData", the "[]" path of the size
 *   error): kubernetes pkg/apis/core/validation/validation.go (read at the indexed HEAD revision)
 */
import { describe, expect, it } from 'vitest';
import { fieldErrorString, formatInvalid, goQuote, invalid, invalidMessage, MAX_CONFIG_MAP_BYTES, validate, validateObjectMeta } from './validation.ts';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('Namespace', () => {
  it('accepts a DNS-1123 label', () => {
    expect(validate({ kind: 'Namespace', metadata: { name: 'dev' } })).toEqual([]);
  });

  it('prints a bad name exactly as kubectl does', () => {
    const errs = validate({ kind: 'Namespace', metadata: { name: 'Bad_Name' } });
    expect(formatInvalid('Namespace', 'Bad_Name', errs)).toBe(`The Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${LABEL_MSG}`);
    expect(invalidMessage('Namespace', 'Bad_Name', errs)).toBe(`Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${LABEL_MSG}`);
  });

  it('refuses dots in a namespace name', () => {
    expect(validate({ kind: 'Namespace', metadata: { name: 'a.b' } }).map(fieldErrorString)).toEqual(['metadata.name: Invalid value: "a.b": must not contain dots']);
  });

  it('requires a name (Required errors do not echo the value)', () => {
    expect(validate({ kind: 'Namespace', metadata: {} }).map(fieldErrorString)).toEqual(['metadata.name: Required value: name or generateName is required']);
  });

  it('forbids a namespace on a cluster-scoped object', () => {
    expect(validate({ kind: 'Namespace', metadata: { name: 'dev', namespace: 'default' } }).map(fieldErrorString)).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });
});

describe('ConfigMap', () => {
  const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data, ...extra });

  it('accepts dotted names and config keys', () => {
    expect(validate({ ...cm({ 'app.properties': 'x=1', KEY_NAME: 'v' }), metadata: { name: 'app.config', namespace: 'default' } })).toEqual([]);
  });

  it('reports a bad data key under data[<key>]', () => {
    expect(validate(cm({ 'bad key': 'v' })).map(fieldErrorString)).toEqual([`data[bad key]: Invalid value: "bad key": ${KEY_MSG}`]);
  });

  it('lists several causes as kubectl does, and the status message as the apiserver does', () => {
    const errs = validate({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { 'a b': '1', '..c': '2' } });
    const a = `data[..c]: Invalid value: "..c": must not start with '..'`;
    const b = `data[a b]: Invalid value: "a b": ${KEY_MSG}`;
    expect(errs.map(fieldErrorString)).toEqual([a, b]);
    expect(invalidMessage('ConfigMap', 'x', errs)).toBe(`ConfigMap "x" is invalid: [${a}, ${b}]`);
    expect(formatInvalid('ConfigMap', 'x', errs)).toBe(`The ConfigMap "x" is invalid: \n* ${a}\n* ${b}`);
  });

  it('rejects a key present in both data and binaryData', () => {
    expect(validate(cm({ k: 'v' }, { binaryData: { k: 'AA==' } })).map(fieldErrorString)).toEqual(['data[k]: Invalid value: "k": duplicate of key present in binaryData']);
  });

  it('caps data plus binaryData at 1 MiB, reported on the path "[]"', () => {
    expect(validate(cm({ a: 'x'.repeat(MAX_CONFIG_MAP_BYTES) }))).toEqual([]);
    expect(validate(cm({ a: 'x'.repeat(MAX_CONFIG_MAP_BYTES), b: 'y' })).map(fieldErrorString)).toEqual(['[]: Too long: may not be more than 1048576 bytes']);
  });

  it('needs a namespace (the apiserver fills it from the URL before validating)', () => {
    expect(validate({ kind: 'ConfigMap', metadata: { name: 'app' } }).map(fieldErrorString)).toEqual(['metadata.namespace: Required value']);
  });
});

describe('ObjectMeta', () => {
  it('uses the kind\'s name rule: Services are DNS-1035 labels, Pods subdomains', () => {
    expect(validateObjectMeta('Service', { metadata: { name: '1web', namespace: 'default' } })).toHaveLength(1);
    expect(validateObjectMeta('Pod', { metadata: { name: 'web.1', namespace: 'default' } })).toEqual([]);
  });

  it('validates generateName with its trailing dash masked', () => {
    expect(validateObjectMeta('Pod', { metadata: { generateName: 'web-', name: 'web-x7k2p', namespace: 'default' } })).toEqual([]);
  });

  it('checks label keys and values', () => {
    const errs = validateObjectMeta('ConfigMap', { metadata: { name: 'a', namespace: 'default', labels: { 'a/b/c': 'ok', app: 'bad value' } } });
    expect(errs.map((e) => `${e.field} ${String(e.badValue)}`)).toEqual(['metadata.labels a/b/c', 'metadata.labels bad value']);
  });
});

describe('field error text', () => {
  it('quotes strings as Go %q and prints numbers bare', () => {
    expect(goQuote('tab\there "q" \\')).toBe('"tab\\there \\"q\\" \\\\"');
    expect(fieldErrorString(invalid('spec.replicas', -1, 'must be greater than or equal to 0'))).toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('drops duplicate causes like the aggregate does', () => {
    const e = invalid('metadata.name', 'x', 'm');
    expect(invalidMessage('Pod', 'x', [e, e])).toBe('Pod "x" is invalid: metadata.name: Invalid value: "x": m');
    expect(formatInvalid('Pod', 'x', [])).toBe('The Pod "x" is invalid');
  });
});
