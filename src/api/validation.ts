/**
 * Create-time validation with the apiserver's exact messages: field errors as
 * k8s.io/apimachinery pkg/util/validation/field/errors.go prints them, ObjectMeta checks from
 * pkg/api/validation/objectmeta.go, Namespace and ConfigMap from kubernetes
 * pkg/apis/core/validation/validation.go. Go iterates maps in random order; we sort keys so the
 * same object always yields the same list.
 */
import { configMapKeyErrors, labelValueErrors, nameErrors, qualifiedNameErrors, utf8Length, type NameRule } from './names.ts';
import { apiResource } from './resources.ts';
import { validateWorkload } from './workloadValidation.ts';
import { validateIngress, validateIngressClass } from './ingress.ts';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueNotFound';

export interface FieldError {
  type: FieldErrorType;
  /** Path as field.Path.String() renders it: `metadata.name`, `data[bad key]`. */
  field: string;
  badValue: string | number | boolean | null;
  detail: string;
  /**
   * The bad value already rendered as Go's %#v renders a composite (`map[string]string{"app":"x"}`,
   * `v1.LabelSelector{...}`); when set it is printed verbatim instead of `badValue`.
   */
  goValue?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueNotFound: 'Not found',
};

export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, badValue: '', detail });
export const invalid = (field: string, badValue: FieldError['badValue'], detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, badValue: '', detail });
/** field.TooLong: the value itself is never echoed. */
export const tooLong = (field: string, maxBytes: number): FieldError => ({ type: 'FieldValueTooLong', field, badValue: '<value omitted>', detail: `may not be more than ${maxBytes} bytes` });

/** Go's %q (strconv.Quote) for the strings validation echoes back. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad || (cp >= 0xd800 && cp < 0xe000)) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** field.Error.ErrorBody(): the message without the field path. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const echoesValue = e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooLong';
  if (echoesValue) {
    const v = e.badValue;
    s += `: ${e.goValue !== undefined ? e.goValue : v === null ? 'null' : typeof v === 'string' ? goQuote(v) : String(v)}`;
  }
  return e.detail ? `${s}: ${e.detail}` : s;
}

/** field.Error.Error(): `metadata.name: Invalid value: "Bad_Name": ...`. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** The Go errors aggregate: duplicates dropped, one error bare, several as `[a, b]`. */
function aggregate(errors: readonly FieldError[]): string {
  const msgs = [...new Set(errors.map(fieldErrorString))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

/**
 * The Status message of a 422 (apimachinery errors.NewInvalid): `<Kind> "<name>" is invalid: <agg>`.
 * `kind` is the GroupKind string: `Namespace`, `Deployment.apps`.
 */
export function invalidMessage(kind: string, name: string, errors: readonly FieldError[]): string {
  return errors.length === 0 ? `${kind} ${goQuote(name)} is invalid` : `${kind} ${goQuote(name)} is invalid: ${aggregate(errors)}`;
}

/**
 * What kubectl prints for a 422 (kubectl pkg/cmd/util/helpers.go checkErr): `The <Kind> "<name>"
 * is invalid: <field error>`, or — with several causes — the header (ending in ": ") and one
 * `* <field error>` line per cause. No trailing newline. `kind` is the bare Kind (details.kind).
 */
export function formatInvalid(kind: string, name: string, errors: readonly FieldError[]): string {
  const head = `The ${kind} ${goQuote(name)} is invalid`;
  const msgs = [...new Set(errors.map(fieldErrorString))];
  if (msgs.length === 0) return head;
  if (msgs.length === 1) return `${head}: ${msgs[0]}`;
  return [`${head}: `, ...msgs.map((m) => `* ${m}`)].join('\n');
}

interface Meta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface ObjectLike {
  kind?: string;
  metadata?: Meta;
  [k: string]: unknown;
}

const sortedKeys = (m: Record<string, unknown> | undefined): string[] => Object.keys(m ?? {}).sort();

/**
 * metav1 validation.ValidateLabels: every key a qualified name, every value a label value.
 * Nearly every label set is valid (each pod of a ReplicaSet carries its template's labels), so
 * they are checked in any order first, and sorted only to report errors in a stable order.
 */
function pushLabelErrors(errs: FieldError[], labels: Record<string, string> | undefined, field: string): void {
  if (labels === undefined) return;
  let valid = true;
  for (const k in labels) {
    if (qualifiedNameErrors(k).length > 0 || labelValueErrors(labels[k]!).length > 0) {
      valid = false;
      break;
    }
  }
  if (valid) return;
  for (const k of sortedKeys(labels)) {
    for (const msg of qualifiedNameErrors(k)) errs.push(invalid(field, k, msg));
    const v = labels[k]!;
    for (const msg of labelValueErrors(v)) errs.push(invalid(field, v, msg));
  }
}

/** ValidateAnnotations: keys are qualified names ignoring case; all of it at most 256 KiB. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
function pushAnnotationErrors(errs: FieldError[], annotations: Record<string, string> | undefined, field: string): void {
  if (annotations === undefined) return;
  let size = 0;
  let valid = true;
  for (const k in annotations) {
    size += utf8Length(k) + utf8Length(annotations[k]!);
    if (valid && qualifiedNameErrors(k.toLowerCase()).length > 0) valid = false;
  }
  if (!valid) for (const k of sortedKeys(annotations)) for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(invalid(field, k, msg));
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** A name check's messages as field errors (most names are valid: then nothing is built). */
function pushNameErrors(errs: FieldError[], messages: readonly string[], field: string, value: string): void {
  for (const msg of messages) errs.push(invalid(field, value, msg));
}

/**
 * ValidateObjectMetaAccessor for a create, for the kind's name rule and scope. Cluster-scoped
 * kinds must not carry a namespace ("not allowed on this type").
 */
export function validateObjectMeta(kind: string, obj: { metadata?: Meta }, opts?: { nameRule?: NameRule; namespaced?: boolean }): FieldError[] {
  const info = apiResource(kind);
  const rule = opts?.nameRule ?? info?.nameRule ?? 'dns1123-subdomain';
  const namespaced = opts?.namespaced ?? info?.namespaced ?? true;
  const meta = obj.metadata ?? {};
  const errs: FieldError[] = [];
  if (meta.generateName) pushNameErrors(errs, nameErrors(rule, meta.generateName, true), 'metadata.generateName', meta.generateName);
  if (!meta.name) errs.push(required('metadata.name', 'name or generateName is required'));
  else pushNameErrors(errs, nameErrors(rule, meta.name), 'metadata.name', meta.name);
  if (namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else pushNameErrors(errs, nameErrors('dns1123-label', meta.namespace), 'metadata.namespace', meta.namespace);
  } else if (meta.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  pushLabelErrors(errs, meta.labels, 'metadata.labels');
  pushAnnotationErrors(errs, meta.annotations, 'metadata.annotations');
  return errs;
}

/** core.MaxSecretSize: the most a ConfigMap's data and binaryData may hold together. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

/** Bytes a base64 text decodes to (binaryData travels base64-encoded in JSON). */
function base64DecodedLength(b64: string): number {
  const clean = b64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** ValidateConfigMap. */
function validateConfigMap(obj: ObjectLike): FieldError[] {
  const data = (obj['data'] ?? {}) as Record<string, string>;
  const binary = (obj['binaryData'] ?? {}) as Record<string, string>;
  const errs = validateObjectMeta('ConfigMap', obj);
  let total = 0;
  for (const key of sortedKeys(data)) {
    errs.push(...configMapKeyErrors(key).map((msg) => invalid(`data[${key}]`, key, msg)));
    if (key in binary) errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    total += utf8Length(data[key]!);
  }
  for (const key of sortedKeys(binary)) {
    errs.push(...configMapKeyErrors(key).map((msg) => invalid(`binaryData[${key}]`, key, msg)));
    total += base64DecodedLength(binary[key]!);
  }
  // field.NewPath("") renders as "[]": real clusters print `[]: Too long: ...`.
  if (total > MAX_CONFIG_MAP_BYTES) errs.push(tooLong('[]', MAX_CONFIG_MAP_BYTES));
  return errs;
}

/** field.Invalid with a Go-rendered composite value (a map, a struct). */
export const invalidGo = (field: string, goValue: string, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue: '', goValue, detail });
/** field.Duplicate: echoes the repeated value. */
export const duplicate = (field: string, badValue: FieldError['badValue']): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' });
/** field.NotFound: echoes the value that names nothing. */
export const notFoundField = (field: string, badValue: FieldError['badValue']): FieldError => ({ type: 'FieldValueNotFound', field, badValue, detail: '' });
/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"` (values in the order given). */
export const notSupported = (field: string, badValue: FieldError['badValue'], supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue,
  detail: supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
});

/**
 * A write through the status subresource (ValidatePodStatusUpdate, ValidateDeploymentStatusUpdate,
 * ValidateNodeUpdate's status path…): the object's metadata, which a nodes/status write may change
 * (labels, annotations), and not its spec. The status strategy's PrepareForUpdate put the stored
 * spec back, and that spec was validated when it was written.
 */
export function validateStatusUpdate(obj: ObjectLike): FieldError[] {
  return validateObjectMeta(obj.kind ?? '', obj);
}

/**
 * The create-time validation of an object by its kind: Namespace and ConfigMap here, the
 * workloads, Services, Nodes and the rest in workloadValidation.ts. An object without a known
 * kind gets the generic metadata rules.
 */
export function validate(obj: ObjectLike): FieldError[] {
  const kind = obj.kind ?? '';
  if (kind === 'ConfigMap') return validateConfigMap(obj);
  if (kind === 'Ingress') return validateIngress(obj);
  if (kind === 'IngressClass') return validateIngressClass(obj);
  return validateWorkload(obj) ?? validateObjectMeta(kind, obj);
}
