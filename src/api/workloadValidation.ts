/**
 * Create and update validation for Pods, Services, Nodes, the workload controllers and the
 * smaller kinds, with the apiserver's field paths and texts (v1.32):
 * K pkg/apis/core/validation/validation.go (ValidatePodCreate, ValidatePodSpec, validateContainers,
 * validateContainerPorts, ValidateResourceRequirements, validateProbe, ValidateTolerations,
 * ValidateService, ValidateNode, ValidateReplicationController, ValidatePodUpdate),
 * K pkg/apis/apps/validation/validation.go (ValidateDeployment, ValidateReplicaSet,
 * ValidatePodTemplateSpecForReplicaSet), K pkg/apis/batch/validation/validation.go (ValidateJob,
 * ValidateJobSpecUpdate), K pkg/apis/discovery/validation/validation.go and
 * K pkg/apis/coordination/validation/validation.go. Messages come from
 * k8s.io/apimachinery pkg/util/validation (IsValidPortNum, IsValidPortName, InclusiveRangeError).
 *
 * Validation runs after defaulting (defaults.ts), as in the apiserver, so most "Required value"
 * errors for defaulted fields cannot happen; the checks here are the ones a learner's manifest
 * trips. Go ranges over maps in random order; we sort keys so output is stable.
 */
import { jsonClone } from './json.ts';
import { dns1123LabelErrors, labelValueErrors, qualifiedNameErrors } from './names.ts';
import { parseQuantity } from './quantity.ts';
import {
  duplicate,
  forbidden,
  invalid,
  invalidGo,
  notFoundField,
  notSupported,
  required,
  validateObjectMeta,
  type FieldError,
} from './validation.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const sortedKeys = (m: Obj): string[] => Object.keys(m).sort();

/** validation.InclusiveRangeError. */
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
/** apimachinery validation.IsNegativeErrorMsg (ValidateNonnegativeField). */
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
/** FieldImmutableErrorMsg (K apimachinery pkg/api/validation/generic.go). */
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';
const MAX_INT32 = 2147483647;

// ---------------------------------------------------------------------------------------------
// Go renderings of composite bad values (fmt %#v: maps print with sorted keys).

const goStr = (s: string): string => JSON.stringify(s);

/** %#v of a map[string]string: `map[string]string{"app":"x"}`, `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  return `map[string]string{${sortedKeys(m).map((k) => `${goStr(k)}:${goStr(str(m[k]))}`).join(', ')}}`;
}

const goStringSlice = (v: unknown): string => (Array.isArray(v) ? `[]string{${v.map((s) => goStr(str(s))).join(', ')}}` : '[]string(nil)');

/** %#v of a metav1.LabelSelector, as "field is immutable" and "empty selector" errors print it. */
export function goLabelSelector(sel: unknown): string {
  const s = asObj(sel);
  const exprs = Array.isArray(s['matchExpressions'])
    ? `[]v1.LabelSelectorRequirement{${s['matchExpressions']
        .map((e) => {
          const r = asObj(e);
          return `v1.LabelSelectorRequirement{Key:${goStr(str(r['key']))}, Operator:${goStr(str(r['operator']))}, Values:${goStringSlice(r['values'])}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  const labels = isObj(s['matchLabels']) ? goStringMap(s['matchLabels']) : 'map[string]string(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

// ---------------------------------------------------------------------------------------------
// Quantities (quantity.ts parses them as k8s.io/apimachinery pkg/api/resource/quantity.go does).

/** A quantity's value in base units, or undefined when it is not a quantity. JSON numbers count as quantities. */
function quantityNumber(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const v = parseQuantity(q);
  return typeof v === 'number' ? v : undefined;
}

/** Quantity.String() for the values echoed back: we print what the manifest said (numbers as Go would). */
const quantityText = (q: unknown): string => (typeof q === 'number' ? String(q) : str(q));

// ---------------------------------------------------------------------------------------------
// Ports.

/** validation.IsValidPortNum. */
export function portNumErrors(port: number): string[] {
  return port >= 1 && port <= 65535 && Number.isInteger(port) ? [] : [inclusiveRangeError(1, 65535)];
}

/** validation.IsValidPortName (IANA_SVC_NAME). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** validatePortNumOrName: an IntOrString port (probes, Service targetPort). */
function portNumOrNameErrors(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return portNumErrors(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') {
    if (port === '') return [required(path)];
    return portNameErrors(port).map((m) => invalid(path, port, m));
  }
  return [required(path)];
}

/** sets.List(supportedPortProtocols): sorted. */
const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function protocolErrors(protocol: unknown, path: string): FieldError[] {
  if (protocol === undefined || protocol === '') return [required(path)];
  return PORT_PROTOCOLS.includes(str(protocol)) ? [] : [notSupported(path, str(protocol), PORT_PROTOCOLS)];
}

/** validateContainerPorts. */
function containerPortErrors(ports: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const port = asObj(p);
    const at = `${path}[${i}]`;
    const name = str(port['name']);
    if (name) {
      errs.push(...portNameErrors(name).map((m) => invalid(`${at}.name`, name, m)));
      if (names.has(name)) errs.push(duplicate(`${at}.name`, name));
      names.add(name);
    }
    const containerPort = num(port['containerPort']) ?? 0;
    if (containerPort === 0) errs.push(required(`${at}.containerPort`));
    else errs.push(...portNumErrors(containerPort).map((m) => invalid(`${at}.containerPort`, containerPort, m)));
    const hostPort = num(port['hostPort']) ?? 0;
    if (hostPort !== 0) errs.push(...portNumErrors(hostPort).map((m) => invalid(`${at}.hostPort`, hostPort, m)));
    errs.push(...protocolErrors(port['protocol'], `${at}.protocol`));
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Containers.

const nonNegative = (v: unknown, path: string): FieldError[] => {
  const n = num(v);
  return n !== undefined && n < 0 ? [invalid(path, n, IS_NEGATIVE_ERROR_MSG)] : [];
};

/** validation.IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, beta and on in v1.32). */
const RELAXED_ENV_NAME_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='";
export function envVarNameErrors(name: string): string[] {
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(name) ? [] : [RELAXED_ENV_NAME_MSG];
}

function envErrors(env: unknown[], path: string): FieldError[] {
  return env.flatMap((e, i) => {
    const name = str(asObj(e)['name']);
    if (!name) return [required(`${path}[${i}].name`)];
    return envVarNameErrors(name).map((m) => invalid(`${path}[${i}].name`, name, m));
  });
}

function volumeMountErrors(mounts: unknown[], volumeNames: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  mounts.forEach((m, i) => {
    const mount = asObj(m);
    const at = `${path}[${i}]`;
    const name = str(mount['name']);
    const mountPath = str(mount['mountPath']);
    if (!name) errs.push(required(`${at}.name`));
    else if (!volumeNames.has(name)) errs.push(notFoundField(`${at}.name`, name));
    if (!mountPath) errs.push(required(`${at}.mountPath`));
    else if (mountPaths.has(mountPath)) errs.push(invalid(`${at}.mountPath`, mountPath, 'must be unique'));
    mountPaths.add(mountPath);
  });
  return errs;
}

/** ValidateResourceRequirements: quantities not negative, each request at most its limit. */
function resourceErrors(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = asObj(asObj(resources)['limits']);
  const requests = asObj(asObj(resources)['requests']);
  for (const name of sortedKeys(limits)) {
    const v = quantityNumber(limits[name]);
    if (v !== undefined && v < 0) errs.push(invalid(`${path}.limits[${name}]`, quantityText(limits[name]), IS_NEGATIVE_ERROR_MSG));
  }
  for (const name of sortedKeys(requests)) {
    const v = quantityNumber(requests[name]);
    if (v !== undefined && v < 0) errs.push(invalid(`${path}.requests[${name}]`, quantityText(requests[name]), IS_NEGATIVE_ERROR_MSG));
    const limit = quantityNumber(limits[name]);
    if (v !== undefined && limit !== undefined && v > limit) {
      // The path is `requests` itself, not requests[<name>] (reqPath in the Go code).
      errs.push(invalid(`${path}.requests`, quantityText(requests[name]), `must be less than or equal to ${name} limit of ${quantityText(limits[name])}`));
    }
  }
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** validateHandler: exactly one action. */
function handlerErrors(handler: Obj, path: string): FieldError[] {
  const present = PROBE_HANDLERS.filter((k) => isObj(handler[k]));
  if (present.length === 0) return [required(path, 'must specify a handler type')];
  const errs: FieldError[] = present.slice(1).map((k) => forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
  const httpGet = handler['httpGet'];
  if (isObj(httpGet)) {
    errs.push(...portNumOrNameErrors(httpGet['port'], `${path}.httpGet.port`));
    const scheme = str(httpGet['scheme']);
    if (scheme && scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(`${path}.httpGet.scheme`, scheme, ['HTTP', 'HTTPS']));
  }
  const tcp = handler['tcpSocket'];
  if (isObj(tcp)) errs.push(...portNumOrNameErrors(tcp['port'], `${path}.tcpSocket.port`));
  return errs;
}

/** validateProbe; liveness and startup probes must have successThreshold 1. */
function probeErrors(probe: unknown, path: string, successMustBeOne: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = handlerErrors(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...nonNegative(probe[f], `${path}.${f}`));
  const success = num(probe['successThreshold']);
  if (successMustBeOne && success !== undefined && success !== 1) errs.push(invalid(`${path}.successThreshold`, success, 'must be 1'));
  return errs;
}

/** sets.List(supportedPullPolicies). */
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** validateContainerCommon + validateContainers: one container at `path`. */
function containerErrors(c: unknown, path: string, names: Set<string>, volumeNames: ReadonlySet<string>, regular: boolean): FieldError[] {
  const ctr = asObj(c);
  const errs: FieldError[] = [];
  const name = str(ctr['name']);
  if (!name) errs.push(required(`${path}.name`));
  else errs.push(...dns1123LabelErrors(name).map((m) => invalid(`${path}.name`, name, m)));
  if (name && names.has(name)) errs.push(duplicate(`${path}.name`, name));
  names.add(name);
  const image = str(ctr['image']);
  if (!image) errs.push(required(`${path}.image`));
  else if (image.trim() !== image) errs.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  errs.push(...containerPortErrors(asList(ctr['ports']), `${path}.ports`));
  errs.push(...envErrors(asList(ctr['env']), `${path}.env`));
  errs.push(...volumeMountErrors(asList(ctr['volumeMounts']), volumeNames, `${path}.volumeMounts`));
  const pull = ctr['imagePullPolicy'];
  if (pull === undefined || pull === '') errs.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(str(pull))) errs.push(notSupported(`${path}.imagePullPolicy`, str(pull), PULL_POLICIES));
  errs.push(...resourceErrors(ctr['resources'], `${path}.resources`));
  const sidecar = !regular && ctr['restartPolicy'] === 'Always';
  if (regular || sidecar) {
    errs.push(...probeErrors(ctr['livenessProbe'], `${path}.livenessProbe`, true));
    errs.push(...probeErrors(ctr['readinessProbe'], `${path}.readinessProbe`, false));
    errs.push(...probeErrors(ctr['startupProbe'], `${path}.startupProbe`, true));
  } else {
    // Plain init containers run to completion: probes make no sense there.
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (isObj(ctr[p])) errs.push(forbidden(`${path}.${p}`, `may not be set for init containers without restartPolicy=Always`));
    }
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Volumes, scheduling constraints.

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'secret', 'persistentVolumeClaim', 'configMap', 'downwardAPI', 'projected', 'nfs', 'csi', 'ephemeral', 'image'];

function volumeErrors(volumes: unknown[], path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const vol = asObj(v);
    const at = `${path}[${i}]`;
    const name = str(vol['name']);
    if (!name) errs.push(required(`${at}.name`));
    else errs.push(...dns1123LabelErrors(name).map((m) => invalid(`${at}.name`, name, m)));
    if (name && names.has(name)) errs.push(duplicate(`${at}.name`, name));
    else if (name) names.add(name);
    const sources = VOLUME_SOURCES.filter((k) => isObj(vol[k]));
    if (sources.length === 0) errs.push(required(at, 'must specify a volume type'));
    for (const extra of sources.slice(1)) errs.push(forbidden(`${at}.${extra}`, 'may not specify more than 1 volume type'));
    if (isObj(vol['hostPath']) && !str(vol['hostPath']['path'])) errs.push(required(`${at}.hostPath.path`));
    if (isObj(vol['configMap']) && !str(vol['configMap']['name'])) errs.push(required(`${at}.configMap.name`));
  });
  return { errs, names };
}

/** metav1 ValidateLabels at a path: keys qualified names, values label values. */
function labelMapErrors(labels: unknown, path: string): FieldError[] {
  const m = asObj(labels);
  return sortedKeys(m).flatMap((k) => [
    ...qualifiedNameErrors(k).map((msg) => invalid(path, k, msg)),
    ...labelValueErrors(str(m[k])).map((msg) => invalid(path, str(m[k]), msg)),
  ]);
}

/** validateTaintEffect: in the order the Go code lists them. */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ValidateTolerations. */
function tolerationErrors(tolerations: unknown[], path: string): FieldError[] {
  return tolerations.flatMap((t, i) => {
    const tol = asObj(t);
    const at = `${path}[${i}]`;
    const errs: FieldError[] = [];
    const key = str(tol['key']);
    const op = str(tol['operator']);
    if (key) errs.push(...qualifiedNameErrors(key).map((m) => invalid(`${at}.key`, key, m)));
    if (!key && op !== 'Exists') errs.push(invalid(`${at}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (tol['tolerationSeconds'] !== undefined && tol['effect'] !== 'NoExecute') {
      errs.push(invalid(`${at}.effect`, str(tol['effect']), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === '' || op === 'Equal') {
      const value = str(tol['value']);
      errs.push(...labelValueErrors(value).map((m) => invalid(`${at}.value`, value, m)));
    } else if (op !== 'Exists') {
      errs.push(notSupported(`${at}.operator`, op, ['Equal', 'Exists']));
    }
    const effect = str(tol['effect']);
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
    return errs;
  });
}

const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** ValidateNodeSelectorRequirement. */
function nodeSelectorRequirementErrors(req: unknown, path: string): FieldError[] {
  const r = asObj(req);
  const op = str(r['operator']);
  const values = asList(r['values']);
  const errs: FieldError[] = [];
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (op === 'Gt' || op === 'Lt') {
    if (values.length !== 1) errs.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errs.push(invalid(`${path}.operator`, op, 'not a valid selector operator'));
  }
  const key = str(r['key']);
  errs.push(...qualifiedNameErrors(key).map((m) => invalid(`${path}.key`, key, m)));
  return errs;
}

function nodeAffinityErrors(affinity: unknown, path: string): FieldError[] {
  const na = asObj(asObj(affinity)['nodeAffinity']);
  const req = na['requiredDuringSchedulingIgnoredDuringExecution'];
  if (!isObj(req)) return [];
  const at = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  const terms = asList(req['nodeSelectorTerms']);
  if (terms.length === 0) return [required(`${at}.nodeSelectorTerms`, 'must have at least one node selector term')];
  return terms.flatMap((t, i) =>
    asList(asObj(t)['matchExpressions']).flatMap((e, j) => nodeSelectorRequirementErrors(e, `${at}.nodeSelectorTerms[${i}].matchExpressions[${j}]`)),
  );
}

/** validateTopologySpreadConstraints (the fields learners set). */
function topologySpreadErrors(constraints: unknown[], path: string): FieldError[] {
  return constraints.flatMap((c, i) => {
    const tsc = asObj(c);
    const at = `${path}[${i}]`;
    const errs: FieldError[] = [];
    const maxSkew = num(tsc['maxSkew']) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(`${at}.maxSkew`, maxSkew, 'must be greater than zero'));
    if (!str(tsc['topologyKey'])) errs.push(required(`${at}.topologyKey`, 'can not be empty'));
    const when = str(tsc['whenUnsatisfiable']);
    if (!when) errs.push(required(`${at}.whenUnsatisfiable`));
    else if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') errs.push(notSupported(`${at}.whenUnsatisfiable`, when, ['DoNotSchedule', 'ScheduleAnyway']));
    return errs;
  });
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
/** sets.List(validDNSPolicies). */
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

/** ValidatePodSpec at `path` (`spec`, or `spec.template.spec` in a template). */
export function validatePodSpec(specIn: unknown, path: string): FieldError[] {
  const spec = asObj(specIn);
  const errs: FieldError[] = [];
  const { errs: volErrs, names: volumeNames } = volumeErrors(asList(spec['volumes']), `${path}.volumes`);
  errs.push(...volErrs);
  const containers = asList(spec['containers']);
  const names = new Set<string>();
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  containers.forEach((c, i) => errs.push(...containerErrors(c, `${path}.containers[${i}]`, names, volumeNames, true)));
  asList(spec['initContainers']).forEach((c, i) => errs.push(...containerErrors(c, `${path}.initContainers[${i}]`, names, volumeNames, false)));
  const restartPolicy = spec['restartPolicy'];
  if (restartPolicy === undefined || restartPolicy === '') errs.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(str(restartPolicy))) errs.push(notSupported(`${path}.restartPolicy`, str(restartPolicy), RESTART_POLICIES));
  const dnsPolicy = spec['dnsPolicy'];
  if (dnsPolicy !== undefined && dnsPolicy !== '' && !DNS_POLICIES.includes(str(dnsPolicy))) errs.push(notSupported(`${path}.dnsPolicy`, str(dnsPolicy), DNS_POLICIES));
  errs.push(...labelMapErrors(spec['nodeSelector'], `${path}.nodeSelector`));
  errs.push(...nodeAffinityErrors(spec['affinity'], `${path}.affinity`));
  errs.push(...tolerationErrors(asList(spec['tolerations']), `${path}.tolerations`));
  errs.push(...topologySpreadErrors(asList(spec['topologySpreadConstraints']), `${path}.topologySpreadConstraints`));
  const ads = num(spec['activeDeadlineSeconds']);
  if (ads !== undefined && (ads <= 0 || ads > MAX_INT32)) errs.push(invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, MAX_INT32)));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Label selectors.

/** Whether a metav1.LabelSelector selects these labels (an empty selector selects everything). */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asObj(selector);
  const matchLabels = asObj(sel['matchLabels']);
  if (!sortedKeys(matchLabels).every((k) => labels[k] === str(matchLabels[k]))) return false;
  return asList(sel['matchExpressions']).every((e) => {
    const r = asObj(e);
    const key = str(r['key']);
    const values = asList(r['values']).map(str);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (r['operator']) {
      case 'In':
        return has && values.includes(labels[key]!);
      case 'NotIn':
        return !has || !values.includes(labels[key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

const selectorIsEmpty = (sel: unknown): boolean =>
  Object.keys(asObj(asObj(sel)['matchLabels'])).length + asList(asObj(sel)['matchExpressions']).length === 0;

/** metav1validation.ValidateLabelSelector (matchLabels and the expression operators). */
function labelSelectorErrors(sel: unknown, path: string): FieldError[] {
  const s = asObj(sel);
  const errs = labelMapErrors(s['matchLabels'], `${path}.matchLabels`);
  asList(s['matchExpressions']).forEach((e, i) => {
    const r = asObj(e);
    const at = `${path}.matchExpressions[${i}]`;
    const op = str(r['operator']);
    const values = asList(r['values']);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(`${at}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(`${at}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      errs.push(invalid(`${at}.operator`, op, 'not a valid selector operator'));
    }
    const key = str(r['key']);
    errs.push(...qualifiedNameErrors(key).map((m) => invalid(`${at}.key`, key, m)));
  });
  return errs;
}

/** The template checks every controller shares: labels match the selector, labels valid, pod spec valid. */
function templateErrors(template: unknown, matches: boolean, path: string): FieldError[] {
  const t = asObj(template);
  const meta = asObj(t['metadata']);
  const errs: FieldError[] = [];
  if (!matches) errs.push(invalidGo(`${path}.metadata.labels`, goStringMap(meta['labels']), '`selector` does not match template `labels`'));
  errs.push(...labelMapErrors(meta['labels'], `${path}.metadata.labels`));
  errs.push(...validatePodSpec(t['spec'], `${path}.spec`));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet / ForRC: long-running pods only. */
function alwaysRestartErrors(template: unknown, path: string): FieldError[] {
  const spec = asObj(asObj(template)['spec']);
  const errs: FieldError[] = [];
  const rp = str(spec['restartPolicy']);
  if (rp && rp !== 'Always') errs.push(notSupported(`${path}.spec.restartPolicy`, rp, ['Always']));
  if (spec['activeDeadlineSeconds'] !== undefined) errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

const labelsOf = (template: unknown): Record<string, string> => asObj(asObj(asObj(template)['metadata'])['labels']) as Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Kinds.

function validatePod(obj: Obj): FieldError[] {
  return [...validateObjectMeta('Pod', obj), ...validatePodSpec(obj['spec'], 'spec')];
}

/** apps ValidateDeploymentSpec / ValidateReplicaSetSpec. */
function validateReplicatedSpec(kind: 'Deployment' | 'ReplicaSet', obj: Obj): FieldError[] {
  const spec = asObj(obj['spec']);
  const errs = validateObjectMeta(kind, obj);
  errs.push(...nonNegative(spec['replicas'], 'spec.replicas'));
  const selector = spec['selector'];
  let matches = true;
  if (!isObj(selector)) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...labelSelectorErrors(selector, 'spec.selector'));
    // Upstream says "for deployment" for ReplicaSets too: the text was copied, not adapted.
    if (selectorIsEmpty(selector)) errs.push(invalidGo('spec.selector', goLabelSelector(selector), 'empty selector is invalid for deployment'));
    else matches = selectorMatches(selector, labelsOf(spec['template']));
  }
  if (!isObj(spec['template'])) errs.push(required('spec.template'));
  else {
    errs.push(...templateErrors(spec['template'], matches, 'spec.template'));
    errs.push(...alwaysRestartErrors(spec['template'], 'spec.template'));
  }
  if (kind === 'Deployment') {
    const strategy = asObj(spec['strategy']);
    const type = str(strategy['type']);
    if (type && type !== 'Recreate' && type !== 'RollingUpdate') errs.push(notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
    if (type === 'Recreate' && isObj(strategy['rollingUpdate'])) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    errs.push(...nonNegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  }
  errs.push(...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  const pds = num(spec['progressDeadlineSeconds']);
  if (kind === 'Deployment' && pds !== undefined) {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (num(spec['minReadySeconds']) ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** core ValidateReplicationControllerSpec: an equality-only selector map that must not be empty. */
function validateReplicationController(obj: Obj): FieldError[] {
  const spec = asObj(obj['spec']);
  const errs = validateObjectMeta('ReplicationController', obj);
  errs.push(...nonNegative(spec['replicas'], 'spec.replicas'));
  const selector = asObj(spec['selector']) as Record<string, string>;
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  else errs.push(...labelMapErrors(selector, 'spec.selector'));
  if (!isObj(spec['template'])) errs.push(required('spec.template'));
  else {
    const labels = labelsOf(spec['template']);
    const matches = Object.keys(selector).length === 0 || Object.keys(selector).every((k) => labels[k] === selector[k]);
    errs.push(...templateErrors(spec['template'], matches, 'spec.template'));
    errs.push(...alwaysRestartErrors(spec['template'], 'spec.template'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// DaemonSet and ControllerRevision (K pkg/apis/apps/validation/validation.go ValidateDaemonSetSpec,
// ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet, ValidatePositiveIntOrPercent,
// IsNotMoreThan100Percent, ValidateControllerRevision).

/** validation.IsValidPercent's message (apimachinery pkg/util/validation RegexError with examples '1%', '93%'). */
export const PERCENT_ERROR_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', or '93%', regex used for validation is '[0-9]+%')";

/**
 * %#v of an intstr.IntOrString passed by value (its String method has a pointer receiver, so
 * field.Error prints the struct): `intstr.IntOrString{Type:1, IntVal:0, StrVal:"50x"}`.
 */
export function goIntOrString(v: unknown): string {
  return typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goStr(v)}}` : `intstr.IntOrString{Type:0, IntVal:${num(v) ?? 0}, StrVal:""}`;
}

/** getPercentValue: the number of a valid `N%` string. */
function percentValue(v: unknown): number | undefined {
  return typeof v === 'string' && /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/** getIntOrPercentValue: the percentage, or the int (an invalid string counts as 0, IntValue's Atoi). */
function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === 'string') return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
  return num(v) ?? 0;
}

/** ValidatePositiveIntOrPercent then IsNotMoreThan100Percent for one field. */
function intOrPercentErrors(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  const errs: FieldError[] = [];
  if (typeof v === 'string') {
    if (percentValue(v) === undefined) errs.push(invalidGo(path, goIntOrString(v), PERCENT_ERROR_MSG));
  } else errs.push(...nonNegative(v, path));
  const p = percentValue(v);
  if (p !== undefined && p > 100) errs.push(invalidGo(path, goIntOrString(v), 'must not be greater than 100%'));
  return errs;
}

/** ValidateDaemonSetUpdateStrategy (after defaulting, so the type is set). */
function daemonSetUpdateStrategyErrors(strategyIn: unknown, path: string): FieldError[] {
  const strategy = asObj(strategyIn);
  const type = str(strategy['type']);
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [notSupported(path, type, ['RollingUpdate', 'OnDelete'])];
  if (!isObj(strategy['rollingUpdate'])) return [required(`${path}.rollingUpdate`)];
  const ru = strategy['rollingUpdate'];
  const at = `${path}.rollingUpdate`;
  const errs = [...intOrPercentErrors(ru['maxUnavailable'], `${at}.maxUnavailable`), ...intOrPercentErrors(ru['maxSurge'], `${at}.maxSurge`)];
  // Exactly one of maxSurge and maxUnavailable must be non-zero.
  const hasUnavailable = intOrPercentValue(ru['maxUnavailable']) !== 0;
  const hasSurge = intOrPercentValue(ru['maxSurge']) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalidGo(`${at}.maxSurge`, goIntOrString(ru['maxSurge']), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/**
 * ValidateDaemonSet → ValidateDaemonSetSpec. Unlike Deployment and ReplicaSet there is no
 * explicit `Required` for a missing selector: LabelSelectorAsSelector(nil) selects nothing, so
 * the template's labels never match it and that is the error reported.
 */
function validateDaemonSet(obj: Obj): FieldError[] {
  const spec = asObj(obj['spec']);
  const errs = validateObjectMeta('DaemonSet', obj);
  const selector = spec['selector'];
  if (isObj(selector)) errs.push(...labelSelectorErrors(selector, 'spec.selector'));
  const template = asObj(spec['template']);
  const matches = isObj(selector) && selectorMatches(selector, labelsOf(template));
  if (!matches) errs.push(invalidGo('spec.template.metadata.labels', goStringMap(asObj(template['metadata'])['labels']), '`selector` does not match template `labels`'));
  if (isObj(selector) && selectorIsEmpty(selector)) errs.push(invalidGo('spec.selector', goLabelSelector(selector), 'empty selector is invalid for daemonset'));
  errs.push(...templateErrors(template, true, 'spec.template'));
  // RestartPolicy has already been first-order validated by the pod spec checks.
  const rp = str(asObj(template['spec'])['restartPolicy']);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (asObj(template['spec'])['activeDeadlineSeconds'] !== undefined) errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  errs.push(...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...daemonSetUpdateStrategyErrors(spec['updateStrategy'], 'spec.updateStrategy'));
  errs.push(...nonNegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateControllerRevision: data is mandatory, revision non-negative. */
function validateControllerRevision(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('ControllerRevision', obj);
  if (obj['data'] === undefined || obj['data'] === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(obj['revision'], 'revision'));
  return errs;
}

/** batch ValidateJob → validateJobSpec. */
function validateJob(obj: Obj): FieldError[] {
  const spec = asObj(obj['spec']);
  const errs = validateObjectMeta('Job', obj);
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) errs.push(...nonNegative(spec[f], `spec.${f}`));
  const selector = spec['selector'];
  let matches = true;
  if (isObj(selector)) {
    errs.push(...labelSelectorErrors(selector, 'spec.selector'));
    matches = selectorMatches(selector, labelsOf(spec['template']));
  } else if (spec['manualSelector'] === true) {
    // Without manualSelector the strategy generates the selector before validation (defaults.ts applyJobSelector).
    errs.push(required('spec.selector'));
  }
  const mode = str(spec['completionMode']);
  if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  if (!isObj(spec['template'])) errs.push(required('spec.template'));
  else {
    errs.push(...templateErrors(spec['template'], matches, 'spec.template'));
    const rp = str(asObj(asObj(spec['template'])['spec'])['restartPolicy']);
    if (rp !== 'OnFailure' && rp !== 'Never') errs.push(required('spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"'));
  }
  return errs;
}

/** sets.List(supportedServiceType) and sets.List(supportedSessionAffinityType). */
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];

/** core ValidateService. */
function validateService(obj: Obj): FieldError[] {
  const spec = asObj(obj['spec']);
  const errs = validateObjectMeta('Service', obj);
  const type = str(spec['type']);
  const ports = asList(spec['ports']);
  const headless = spec['clusterIP'] === 'None';
  if (type && !SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName' && !str(spec['externalName'])) errs.push(required('spec.externalName'));
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const port = asObj(p);
    const at = `spec.ports[${i}]`;
    const name = str(port['name']);
    if (ports.length > 1 && !name) errs.push(required(`${at}.name`));
    else if (name) errs.push(...dns1123LabelErrors(name).map((m) => invalid(`${at}.name`, name, m)));
    if (name && names.has(name)) errs.push(duplicate(`${at}.name`, name));
    names.add(name);
    const n = num(port['port']) ?? 0;
    errs.push(...portNumErrors(n).map((m) => invalid(`${at}.port`, n, m)));
    errs.push(...protocolErrors(port['protocol'], `${at}.protocol`));
    if (port['targetPort'] !== undefined) errs.push(...portNumOrNameErrors(port['targetPort'], `${at}.targetPort`));
    if (type === 'ClusterIP' && num(port['nodePort'])) errs.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  const affinity = str(spec['sessionAffinity']);
  if (affinity && !SESSION_AFFINITIES.includes(affinity)) errs.push(notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES));
  errs.push(...labelMapErrors(spec['selector'], 'spec.selector'));
  return errs;
}

/** core ValidateNode: taints (key, value, effect; effect is required on a taint). */
function validateNode(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('Node', obj);
  asList(asObj(obj['spec'])['taints']).forEach((t, i) => {
    const taint = asObj(t);
    const at = `spec.taints[${i}]`;
    const key = str(taint['key']);
    errs.push(...qualifiedNameErrors(key).map((m) => invalid(`${at}.key`, key, m)));
    const value = str(taint['value']);
    errs.push(...labelValueErrors(value).map((m) => invalid(`${at}.value`, value, m)));
    const effect = str(taint['effect']);
    if (!effect) errs.push(required(`${at}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
  });
  return errs;
}

/** core ValidateEndpoints: ports in range with a protocol. */
function validateEndpoints(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('Endpoints', obj);
  asList(obj['subsets']).forEach((s, i) => {
    asList(asObj(s)['ports']).forEach((p, j) => {
      const port = asObj(p);
      const at = `subsets[${i}].ports[${j}]`;
      const n = num(port['port']) ?? 0;
      errs.push(...portNumErrors(n).map((m) => invalid(`${at}.port`, n, m)));
      errs.push(...protocolErrors(port['protocol'], `${at}.protocol`));
    });
  });
  return errs;
}

/** discovery ValidateEndpointSlice: addressType from a fixed set, every endpoint with an address. */
function validateEndpointSlice(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('EndpointSlice', obj);
  const addressType = str(obj['addressType']);
  const types = ['IPv4', 'IPv6', 'FQDN'];
  if (!addressType) errs.push(required('addressType'));
  else if (!types.includes(addressType)) errs.push(notSupported('addressType', addressType, types));
  asList(obj['endpoints']).forEach((e, i) => {
    if (asList(asObj(e)['addresses']).length === 0) errs.push(required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  return errs;
}

/** coordination ValidateLeaseSpec: durations positive. */
function validateLease(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('Lease', obj);
  const spec = asObj(obj['spec']);
  const d = num(spec['leaseDurationSeconds']);
  if (d !== undefined && d <= 0) errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  const t = num(spec['leaseTransitions']);
  if (t !== undefined && t < 0) errs.push(invalid('spec.leaseTransitions', t, 'must be greater than or equal to 0'));
  return errs;
}

/**
 * core ValidateEventCreate → legacyValidateEvent: an old-style Event (no eventTime) lives in its
 * involved object's namespace, or in "default" (or none) when the object is cluster-scoped.
 */
function validateEvent(obj: Obj): FieldError[] {
  const errs = validateObjectMeta('Event', obj);
  if (obj['eventTime']) return errs;
  const ns = str(asObj(obj['metadata'])['namespace']);
  const ins = str(asObj(obj['involvedObject'])['namespace']);
  const mismatch = ins === '' ? ns !== '' && ns !== 'default' : ns !== ins;
  if (mismatch) errs.push(invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
  return errs;
}

/**
 * Per-kind create validation for the kinds this module owns, or undefined for the others
 * (validation.ts `validate` falls back to ObjectMeta rules then).
 */
export function validateWorkload(obj: { kind?: string; [k: string]: unknown }): FieldError[] | undefined {
  const o = obj as Obj;
  switch (obj.kind) {
    case 'Pod':
      return validatePod(o);
    case 'Deployment':
      return validateReplicatedSpec('Deployment', o);
    case 'ReplicaSet':
      return validateReplicatedSpec('ReplicaSet', o);
    case 'ReplicationController':
      return validateReplicationController(o);
    case 'DaemonSet':
      return validateDaemonSet(o);
    case 'ControllerRevision':
      return validateControllerRevision(o);
    case 'Job':
      return validateJob(o);
    case 'Service':
      return validateService(o);
    case 'Node':
      return validateNode(o);
    case 'Endpoints':
      return validateEndpoints(o);
    case 'EndpointSlice':
      return validateEndpointSlice(o);
    case 'Lease':
      return validateLease(o);
    case 'Event':
      return validateEvent(o);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Updates.

/**
 * The fields ValidatePodUpdate lets change (updatablePodSpecFieldsNoResources: v1.32 ships
 * InPlacePodVerticalScaling off, so resources are not in the list), joined with "," as the Go code does.
 */
export const POD_UPDATABLE_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObj(v)) return Object.fromEntries(sortedKeys(v).filter((k) => v[k] !== undefined).map((k) => [k, canonical(v[k])]));
  return v;
}

/** Go field name of a JSON field, as the internal core types spell most of them. */
const goFieldName = (json: string): string => json.charAt(0).toUpperCase() + json.slice(1);

/** Paths (Go-style) where two JSON values differ, with both sides. */
function diffPaths(a: unknown, b: unknown, path: string, out: { path: string; old: unknown; new: unknown }[]): void {
  if (deepEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffPaths(a[k], b[k], path ? `${path}.${goFieldName(k)}` : goFieldName(k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffPaths(x, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push({ path, old: a, new: b });
}

const goLiteral = (v: unknown): string => (v === undefined ? 'nil' : JSON.stringify(v));

/**
 * The diff ValidatePodUpdate appends (go-cmp's cmp.Diff of the old and the munged new spec).
 * Simplified: one `-`/`+` pair per changed leaf, named by its Go path, instead of go-cmp's
 * nested rendering of the whole core.PodSpec.
 */
export function podSpecDiff(oldSpec: unknown, newSpec: unknown): string {
  const changes: { path: string; old: unknown; new: unknown }[] = [];
  diffPaths(oldSpec, newSpec, '', changes);
  const lines = changes.flatMap((c) => [`- \t${c.path}: ${goLiteral(c.old)},`, `+ \t${c.path}: ${goLiteral(c.new)},`]);
  return ['  core.PodSpec{', ...lines, '  }'].join('\n');
}

/** validateOnlyAddedTolerations: every old toleration must still be there (its tolerationSeconds may change). */
function onlyAddedTolerations(newTols: unknown[], oldTols: unknown[]): boolean {
  return oldTols.every((o) => newTols.some((n) => deepEqual({ ...asObj(o), tolerationSeconds: asObj(n)['tolerationSeconds'] }, n)));
}

/** ValidatePodUpdate's spec rule: munge the allowed changes back, then the specs must be equal. */
function podSpecUpdateErrors(oldSpecIn: unknown, newSpecIn: unknown, path: string): FieldError[] {
  const oldSpec = asObj(oldSpecIn);
  const newSpec = asObj(newSpecIn);
  const errs: FieldError[] = [];
  const munged: Obj = jsonClone(newSpec);
  for (const list of ['containers', 'initContainers']) {
    const oldList = asList(oldSpec[list]);
    asList(munged[list]).forEach((c, i) => {
      if (isObj(c) && isObj(oldList[i])) c['image'] = oldList[i]['image'];
    });
  }
  const oldAds = num(oldSpec['activeDeadlineSeconds']);
  const newAds = num(newSpec['activeDeadlineSeconds']);
  // activeDeadlineSeconds may be set, or lowered, never raised or removed.
  if (oldAds === undefined || (newAds !== undefined && newAds <= oldAds)) {
    if (oldSpec['activeDeadlineSeconds'] === undefined) delete munged['activeDeadlineSeconds'];
    else munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  }
  if (oldAds !== undefined && newAds !== undefined && newAds > oldAds) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, newAds, 'must be less than or equal to previous value'));
    munged['activeDeadlineSeconds'] = oldAds;
  }
  const oldTgp = num(oldSpec['terminationGracePeriodSeconds']);
  if (oldTgp !== undefined && oldTgp < 0 && newSpec['terminationGracePeriodSeconds'] === 1) munged['terminationGracePeriodSeconds'] = oldTgp;
  const oldTols = asList(oldSpec['tolerations']);
  if (!onlyAddedTolerations(asList(newSpec['tolerations']), oldTols)) {
    errs.push(forbidden(`${path}.tolerations`, 'existing toleration can not be modified except its tolerationSeconds'));
  }
  if (oldSpec['tolerations'] === undefined) delete munged['tolerations'];
  else munged['tolerations'] = oldSpec['tolerations'];
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden(path, `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}\n${podSpecDiff(oldSpec, munged)}`));
  }
  return errs;
}

/** An abbreviated %#v of a pod template (the real text dumps every field of core.PodTemplateSpec). */
function goPodTemplate(template: unknown): string {
  const t = asObj(template);
  return `core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Labels:${goStringMap(asObj(t['metadata'])['labels'])}, ...}, Spec:core.PodSpec{...}}`;
}

/** ValidateImmutableField for a label selector. */
function immutableSelector(oldSel: unknown, newSel: unknown, path: string): FieldError[] {
  return deepEqual(oldSel, newSel) ? [] : [invalidGo(path, goLabelSelector(newSel), FIELD_IMMUTABLE_ERROR_MSG)];
}

/** ValidateObjectMetaUpdate's immutable identity fields. */
function metaUpdateErrors(oldObj: Obj, newObj: Obj): FieldError[] {
  const o = asObj(oldObj['metadata']);
  const n = asObj(newObj['metadata']);
  const errs: FieldError[] = [];
  for (const f of ['name', 'namespace', 'uid']) {
    if (n[f] !== undefined && o[f] !== undefined && n[f] !== o[f]) errs.push(invalid(`metadata.${f}`, str(n[f]), FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}

/**
 * What the registry strategies check on an update (ValidateUpdate): the new object's full
 * validation, then the immutability rules — a Pod's spec (ValidatePodUpdate), Deployment,
 * ReplicaSet and Job selectors (apps/v1, batch ValidateJobSpecUpdate), a Job's template and
 * completionMode, and the identity fields of metadata.
 */
export function validateUpdate(oldObj: { kind?: string; [k: string]: unknown }, newObj: { kind?: string; [k: string]: unknown }): FieldError[] {
  const o = oldObj as Obj;
  const n = newObj as Obj;
  const errs = [...(validateWorkload(newObj) ?? []), ...metaUpdateErrors(o, n)];
  const oldSpec = asObj(o['spec']);
  const newSpec = asObj(n['spec']);
  switch (newObj.kind) {
    case 'Pod':
      errs.push(...podSpecUpdateErrors(oldSpec, newSpec, 'spec'));
      break;
    case 'Deployment':
    case 'ReplicaSet':
    // K pkg/registry/apps/daemonset/strategy.go ValidateUpdate: the apps/v1 selector is immutable.
    case 'DaemonSet':
      errs.push(...immutableSelector(oldSpec['selector'], newSpec['selector'], 'spec.selector'));
      break;
    // K pkg/apis/networking/validation ValidateIngressClassUpdate: spec.controller is immutable.
    case 'IngressClass':
      if (str(oldSpec['controller']) !== str(newSpec['controller'])) errs.push(invalid('spec.controller', str(newSpec['controller']), FIELD_IMMUTABLE_ERROR_MSG));
      break;
    // ValidateControllerRevisionUpdate: data may not change.
    case 'ControllerRevision':
      if (!deepEqual(o['data'], n['data'])) errs.push(invalidGo('data', 'runtime.RawExtension{...}', FIELD_IMMUTABLE_ERROR_MSG));
      break;
    case 'Job': {
      errs.push(...immutableSelector(oldSpec['selector'], newSpec['selector'], 'spec.selector'));
      if (!deepEqual(oldSpec['template'], newSpec['template'])) errs.push(invalidGo('spec.template', goPodTemplate(newSpec['template']), FIELD_IMMUTABLE_ERROR_MSG));
      if (oldSpec['completionMode'] !== newSpec['completionMode']) errs.push(invalid('spec.completionMode', str(newSpec['completionMode']), FIELD_IMMUTABLE_ERROR_MSG));
      const oc = num(oldSpec['completions']);
      const nc = num(newSpec['completions']);
      // Completions may change only for Indexed jobs together with parallelism (elastic indexed jobs).
      if (oc !== nc && newSpec['completionMode'] !== 'Indexed') errs.push(invalid('spec.completions', nc ?? null, FIELD_IMMUTABLE_ERROR_MSG));
      break;
    }
  }
  return errs;
}
