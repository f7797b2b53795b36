/**
 * `kubectl describe`: the layouts of k/kubectl pkg/describe/describe.go (release-1.32, tag
 * v0.32.13) for the resource types the simulator models — Pod, Node, Deployment, ReplicaSet,
 * Job, Service, Namespace, ConfigMap, Endpoints, and the generic describer (used for Lease).
 *
 * describe.go writes `Key:\tvalue` lines through a PrefixWriter (two spaces per level) into one
 * Go text/tabwriter (minwidth 0, tabwidth 8, padding 2, pad ' ', no flags; tabbedString). The
 * tabwriter aligns each *column block* — a run of consecutive lines that all have a cell in that
 * column — separately, so a line without a tab (`Containers:`) starts a new alignment. That is
 * why the Go algorithm is ported here (goTabwriter) instead of padding whole tables.
 *
 * Everything comes from the objects passed in; nothing reads a clock (nowMs is virtual time).
 */
import type { Container, ContainerState, ContainerStatus, Node, Pod, Probe, Service, Toleration, Volume } from 'kubernetes-types/core/v1';
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { formatTimestamp, humanDuration, parseTimestampMs, SIM_EPOCH } from '../../api/index.ts';
import { cpuMillis, memoryBytes } from '../../api/quantity.ts';
import { byteOrderCompare } from './gojson.ts';
import { describeEventAge, eventFrom, eventsFor, sortEventsByLastTimestamp, timestampAge, type EventLike } from './events.ts';
import { findNodeRoles, formatLabels, formatLabelSelector, ingressAddress, labelSelectorString, type KubeObjectLike } from './printers.ts';

// ---------------------------------------------------------------------------------------------
// Go text/tabwriter (go/src/text/tabwriter/tabwriter.go), flags 0, pad char ' '.

const runeLength = (s: string) => [...s].length;

/**
 * Lay out tab-separated text as Go's tabwriter.Writer.Flush does: a cell is text terminated by a
 * tab; the text after a line's last tab is not part of any column. Each column is as wide as
 * the widest cell (+ padding) among the consecutive lines that have a cell in it.
 */
export function goTabwriter(text: string, minWidth = 0, padding = 2): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      line.forEach((cell, j) => {
        if (cell.length > 0) out += cell;
        if (j < widths.length) out += ' '.repeat(widths[j]! - runeLength(cell));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let at = line0; at < line1; at++) {
      if (column >= lines[at]!.length - 1) continue;
      // A cell exists in this column: print the lines before the block, then size the block.
      writeLines(line0, at);
      line0 = at;
      let width = minWidth;
      for (; at < line1; at++) {
        const line = lines[at]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, runeLength(line[column]!) + padding);
      }
      widths.push(width);
      format(line0, at);
      widths.pop();
      line0 = at;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}

/** describe.go PrefixWriter: two spaces per level; WriteEscaped turns ESC into `^[`. */
class PrefixWriter {
  private readonly parts: string[] = [];
  write(level: number, text: string): void {
    this.parts.push(('  '.repeat(level) + text).replace(/\x1b/g, '^['));
  }
  /** WriteLine: fmt.Sprintln. */
  writeLine(text: string): void {
    this.write(0, `${text}\n`);
  }
  /** The text as written, tabs and all (what a caller gets without a tabwriter). */
  raw(): string {
    return this.parts.join('');
  }
  /** tabbedString: the whole text through one tabwriter. */
  toString(): string {
    return goTabwriter(this.parts.join(''));
  }
}

// ---------------------------------------------------------------------------------------------
// Time.

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // 1970-01-01 was a Thursday
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * time.RFC1123Z (`Mon, 02 Jan 2006 15:04:05 -0700`) of virtual time, in UTC: kubectl formats in
 * the local zone of the machine it runs on, and the simulated one runs on UTC.
 */
export function rfc1123z(virtualMs: number): string {
  const iso = formatTimestamp(virtualMs); // YYYY-MM-DDTHH:MM:SSZ
  const days = Math.floor((SIM_EPOCH + virtualMs) / DAY_MS);
  const weekday = WEEKDAYS[((days % 7) + 7) % 7]!;
  const month = MONTHS[Number(iso.slice(5, 7)) - 1]!;
  return `${weekday}, ${iso.slice(8, 10)} ${month} ${iso.slice(0, 4)} ${iso.slice(11, 19)} +0000`;
}

/** metav1.Time.Format(RFC1123Z); a zero (unset) time formats as Go's zero time. */
function formatTime(ts: string | null | undefined): string {
  const ms = ts ? parseTimestampMs(ts) : undefined;
  return ms === undefined ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123z(ms);
}

// ---------------------------------------------------------------------------------------------
// Shared sections.

/** printLabelsMultilineWithIndent: `Title:\tk=v` then `\tk=v` per further label, `<none>` if empty. */
function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byteOrderCompare);
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, `${initialIndent}${innerIndent}`);
    w.write(0, `${key}=${labels![key]}\n`);
  });
}

/** maxAnnotationLen in describe.go. */
const MAX_ANNOTATION_LEN = 140;

/**
 * printAnnotationsMultiline: like labels but `k: v`; kubectl.kubernetes.io/last-applied-configuration
 * is skipped, and long or multi-line values go on their own lines, each cut at 138 bytes + `...`.
 */
function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort(byteOrderCompare);
  if (keys.length === 0) return w.writeLine('<none>');
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) {
        const max = MAX_ANNOTATION_LEN - 2;
        w.write(0, `${indent}  ${s.length > max ? `${s.slice(0, max)}...` : s}\n`);
      }
    } else w.write(0, `${key}: ${value}\n`);
  });
}

/** Taint.ToString: `key[=value][:effect]`. */
function taintString(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
}

/** printTaintsMultilineWithIndent: sorted by `effect,key`. */
function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly { key: string; value?: string; effect: string }[] | undefined): void {
  w.write(0, `${title}:\t`);
  const list = [...(taints ?? [])].sort((a, b) => byteOrderCompare(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  if (list.length === 0) return w.writeLine('<none>');
  list.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: `key[=value][:effect][ op=Exists][ for Ns]`, sorted by key. */
function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const list = [...(tolerations ?? [])].sort((a, b) => byteOrderCompare(a.key ?? '', b.key ?? ''));
  if (list.length === 0) return w.writeLine('<none>');
  list.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** printController: `Kind/name` of the controller ownerReference. */
function controlledBy(o: KubeObjectLike): string {
  const refs = (o.metadata?.['ownerReferences'] as { kind: string; name: string; controller?: boolean }[] | undefined) ?? [];
  const ref = refs.find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

function controllerUid(o: KubeObjectLike): string | undefined {
  const refs = (o.metadata?.['ownerReferences'] as { uid: string; controller?: boolean }[] | undefined) ?? [];
  return refs.find((r) => r.controller === true)?.uid;
}

/** DescribeEvents: `Events:\t<none>`, or the Type/Reason/Age/From/Message table oldest first. */
function describeEvents(w: PrefixWriter, events: readonly EventLike[], nowMs: number): void {
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEventsByLastTimestamp(events)) {
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${describeEventAge(e, nowMs)}\t${eventFrom(e)}\t${(e.message ?? '').trim()}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Containers, probes, volumes.

/** intstr.IntOrString.String(). */
const intOrString = (v: number | string | undefined) => (v === undefined ? '' : String(v));

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const port = intOrString(probe.httpGet.port);
    const hostName = probe.httpGet.host ?? '';
    const host = port.length > 0 ? (hostName.includes(':') ? `[${hostName}]:${port}` : `${hostName}:${port}`) : hostName;
    return `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}${probe.httpGet.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeStatus: Running/Waiting/Terminated with their details. */
function describeStatus(w: PrefixWriter, stateName: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(2, `${stateName}:\tRunning\n`);
    w.write(3, `Started:\t${formatTime(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${formatTime(t.startedAt)}\n`);
    w.write(3, `Finished:\t${formatTime(t.finishedAt)}\n`);
  } else w.write(2, `${stateName}:\tWaiting\n`);
}

/** SortedResourceNames + Quantity.String of a resource list. */
function describeResources(w: PrefixWriter, resources: Container['resources'], level: number): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(byteOrderCompare);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${String(list![name])}\n`);
  }
}

/** EnvValueRetriever: the few downward-API field paths a pod's env commonly uses. */
function fieldPathValue(pod: Pod | undefined, fieldPath: string): string {
  if (!pod) return '';
  const labelKey = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (labelKey) return (pod.metadata?.[labelKey[1] as 'labels' | 'annotations'] ?? {})[labelKey[2]!] ?? '';
  const paths: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return paths[fieldPath] ?? '';
}

function describeContainerEnv(w: PrefixWriter, c: Container, pod: Pod | undefined): void {
  if ((c.envFrom ?? []).length > 0) {
    w.write(2, 'Environment Variables from:\n');
    for (const e of c.envFrom ?? []) {
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      const name = e.configMapRef?.name ?? e.secretRef?.name ?? '';
      const optional = (e.configMapRef?.optional ?? e.secretRef?.optional) === true;
      w.write(3, e.prefix ? `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n` : `${name}\t${from}\tOptional: ${optional}\n`);
    }
  }
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (e.valueFrom.fieldRef) {
      const f = e.valueFrom.fieldRef;
      w.write(3, `${e.name}:\t${fieldPathValue(pod, f.fieldPath)} (${f.apiVersion ?? 'v1'}:${f.fieldPath})\n`);
    } else if (e.valueFrom.resourceFieldRef) {
      w.write(3, `${e.name}:\t (${e.valueFrom.resourceFieldRef.resource})\n`);
    } else if (e.valueFrom.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    } else if (e.valueFrom.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

/** describeContainers: per container basic info, command, state, resources, probes, env, mounts. */
function describeContainers(w: PrefixWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, pod: Pod | undefined, space: string): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s] as const));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    for (const [title, list] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if ((list ?? []).length === 0) continue;
      w.write(2, `${title}:\n`);
      for (const arg of list!) for (const s of arg.split('\n')) w.write(3, `${s}\n`);
    }
    if (status) {
      describeStatus(w, 'State', status.state);
      if (status.lastState?.terminated) describeStatus(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    describeContainerEnv(w, c, pod);
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => byteOrderCompare(a.mountPath, b.mountPath));
    w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

/** fmt %v of a *bool: `<nil>` when unset. */
const boolPtr = (b: boolean | undefined) => (b === undefined ? '<nil>' : String(b));

/** describeVolumes for the volume sources the simulator's pods use. */
function describeVolumes(w: PrefixWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if ((volumes ?? []).length === 0) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes!) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`);
    } else if (v.emptyDir) {
      const sizeLimit = v.emptyDir.sizeLimit !== undefined && memoryBytes(v.emptyDir.sizeLimit) > 0 ? String(v.emptyDir.sizeLimit) : '<unset>';
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(
        2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      );
    } else if (v.downwardAPI) {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${boolPtr(s.secret.optional)}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${boolPtr(s.configMap.optional)}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else w.write(1, '<unknown>\n');
  }
}

/** qos.GetPodQOS: status.qosClass, else computed from cpu/memory requests and limits. */
export function podQOSClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const amount = (name: string, q: string | number) => (name === 'cpu' ? cpuMillis(q) : memoryBytes(q));
  for (const c of containers) {
    for (const [list, into] of [
      [c.resources?.requests, requests],
      [c.resources?.limits, limits],
    ] as const) {
      for (const [name, q] of Object.entries(list ?? {})) {
        if (name !== 'cpu' && name !== 'memory') continue;
        const v = amount(name, q);
        if (v > 0) into.set(name, (into.get(name) ?? 0) + v);
      }
    }
    const limited = Object.entries(c.resources?.limits ?? {}).filter(([n, q]) => (n === 'cpu' || n === 'memory') && amount(n, q) > 0).map(([n]) => n);
    if (!(limited.includes('cpu') && limited.includes('memory'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/**
 * `kubectl rollout history --revision=N`'s body (polymorphichelpers/history.go printTemplate):
 * DescribePodTemplate through a PrefixWriter into a plain buffer — no tabwriter, so the tabs
 * stay tabs.
 */
export function podTemplateHistoryText(template: PodTemplateSpec): string {
  const w = new PrefixWriter();
  describePodTemplate(w, template);
  return w.raw();
}

/** DescribePodTemplate: the template block of Deployment, ReplicaSet and Job. */
function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) return w.write(1, '<unset>');
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  const spec = template.spec;
  if (spec?.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec!.initContainers!, undefined, undefined, '  ');
  describeContainers(w, 'Containers', spec?.containers ?? [], undefined, undefined, '  ');
  describeVolumes(w, spec?.volumes, '  ');
  if (spec?.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec?.tolerations, '  ');
}

// ---------------------------------------------------------------------------------------------
// Describers.

export interface DescribeRelated {
  /** Events to pick from (describe selects those about the object, as searchEvents does). */
  events: KubeObjectLike[];
  /** Pods: a node's non-terminated pods, a ReplicaSet's pods for `Pods Status`. */
  pods?: KubeObjectLike[];
  /** ReplicaSets of a Deployment's namespace (OldReplicaSets / NewReplicaSet). */
  replicaSets?: KubeObjectLike[];
  /** The node's Lease in kube-node-lease. */
  nodeLease?: KubeObjectLike;
  /** EndpointSlices of a Service's namespace (the Endpoints lines). */
  endpointSlices?: KubeObjectLike[];
  /** Services of an Ingress's namespace (describeBackendV1 gets each backend's Service). */
  services?: KubeObjectLike[];
}

function describePod(pod: Pod, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pod.metadata?.namespace ?? ''}\n`);
  if (spec?.priority !== undefined && spec.priority !== null) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec?.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec?.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec?.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec?.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${formatTime(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${timestampAge(pod.metadata.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if ((status.podIPs ?? []).length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs!) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controller = controlledBy(pod as unknown as KubeObjectLike);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if ((spec?.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec!.initContainers!, status.initContainerStatuses ?? [], pod, '');
  describeContainers(w, 'Containers', spec?.containers ?? [], status.containerStatuses ?? [], pod, '');
  if ((spec?.readinessGates ?? []).length > 0) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec!.readinessGates!) {
      const s = (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status ?? '<none>';
      w.write(1, `${g.conditionType} \t${s} \n`);
    }
  }
  if ((status.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions!) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec?.volumes, '');
  w.write(0, `QoS Class:\t${podQOSClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec?.tolerations);
  describeEvents(w, events, nowMs);
  return w.toString();
}

// -- Node: resource arithmetic for "Non-terminated Pods" and "Allocated resources".

type ResourceTotals = Map<string, { amount: number; binary: boolean }>;

const isBinaryQuantity = (q: string | number) => /[KMGTPE]i$/.test(String(q));
/** Integer amount of a resource: millicores for cpu, bytes (or units) for the rest. */
const resourceAmount = (name: string, q: string | number) => (name === 'cpu' ? cpuMillis(q) : memoryBytes(q));

function addResources(into: ResourceTotals, list: Record<string, string | number> | undefined, combine: (a: number, b: number) => number = (a, b) => a + b): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    const prev = into.get(name);
    into.set(name, { amount: prev ? combine(prev.amount, resourceAmount(name, q)) : resourceAmount(name, q), binary: prev?.binary ?? isBinaryQuantity(q) });
  }
}

/** resourcehelper.PodRequestsAndLimits: app containers (and sidecars) summed, each init container as a floor. */
function podRequestsAndLimits(pod: Pod): { requests: ResourceTotals; limits: ResourceTotals } {
  const requests: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    addResources(requests, c.resources?.requests);
    addResources(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') continue;
    addResources(requests, c.resources?.requests, Math.max);
    addResources(limits, c.resources?.limits, Math.max);
  }
  addResources(requests, pod.spec?.overhead);
  addResources(limits, pod.spec?.overhead);
  return { requests, limits };
}

/** Quantity.String of an integer amount: canonical DecimalSI (`250m`, `2`, `1k`) or BinarySI (`192Mi`). */
export function formatQuantity(name: string, amount: number, binary: boolean): string {
  if (name === 'cpu') return amount % 1000 === 0 ? decimalSI(amount / 1000) : `${amount}m`;
  if (binary && Math.abs(amount) >= 1024) {
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    let n = amount;
    let i = 0;
    while (n % 1024 === 0 && i < suffixes.length - 1) {
      n /= 1024;
      i++;
    }
    return `${n}${suffixes[i]}`;
  }
  return decimalSI(amount);
}

function decimalSI(n: number): string {
  if (n === 0) return '0';
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (n % 1000 === 0 && i < suffixes.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n}${suffixes[i]}`;
}

function describeNode(node: Node, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const status = node.status ?? {};
  w.write(0, `Name:\t${node.metadata?.name ?? ''}\n`);
  w.write(0, `Roles:\t${findNodeRoles(node.metadata?.labels).join(',') || '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${formatTime(node.metadata?.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  const lease = related.nodeLease as { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } } | undefined;
  if (lease) {
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? formatTime(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec?.renewTime ? formatTime(lease.spec.renewTime) : '<unset>'}\n`);
  } else {
    w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata?.name ?? ''}" not found\n`);
  }
  if ((status.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions!) {
      w.write(1, `${c.type} \t${c.status} \t${formatTime(c.lastHeartbeatTime)} \t${formatTime(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [
    ['Capacity', status.capacity],
    ['Allocatable', status.allocatable],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(byteOrderCompare);
    if (names.length === 0) continue;
    w.write(0, `${title}:\n`);
    for (const name of names) w.write(0, `  ${name}:\t${String(list![name])}\n`);
  }
  const info = status.nodeInfo;
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) w.write(0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  describeNodeResource(w, node, related.pods ?? [], nowMs);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** describeNodeResource: the node's non-terminated pods and their requests against allocatable. */
function describeNodeResource(w: PrefixWriter, node: Node, allPods: KubeObjectLike[], nowMs: number): void {
  const pods = (allPods as unknown as Pod[])
    .filter((p) => p.spec?.nodeName === node.metadata?.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => byteOrderCompare(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') || byteOrderCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const allocList = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const allocatable = (name: string) => (allocList[name] === undefined ? 0 : resourceAmount(name, allocList[name]!));
  // Go's int64(float64) truncation; a zero allocatable leaves the fraction at 0 as the totals do.
  const pct = (amount: number, name: string) => (allocatable(name) === 0 ? 0 : Math.trunc((amount / allocatable(name)) * 100));
  const cell = (totals: ResourceTotals, name: string) => {
    const t = totals.get(name);
    return `${formatQuantity(name, t?.amount ?? 0, t?.binary ?? false)} (${pct(t?.amount ?? 0, name)}%)`;
  };
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totalRequests: ResourceTotals = new Map();
  const totalLimits: ResourceTotals = new Map();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    for (const [into, from] of [
      [totalRequests, requests],
      [totalLimits, limits],
    ] as const) {
      for (const [name, v] of from) {
        const prev = into.get(name);
        into.set(name, { amount: (prev?.amount ?? 0) + v.amount, binary: prev?.binary ?? v.binary });
      }
    }
    w.write(
      1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${cell(requests, 'cpu')}\t${cell(limits, 'cpu')}\t${cell(requests, 'memory')}\t${cell(limits, 'memory')}\t${timestampAge(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) w.write(1, `${name}\t${cell(totalRequests, name)}\t${cell(totalLimits, name)}\n`);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  const hugePages = Object.keys(allocList).filter((r) => r.startsWith('hugepages-')).sort(byteOrderCompare);
  for (const r of hugePages) w.write(1, `${r}\t${cell(totalRequests, r)}\t${cell(totalLimits, r)}\n`);
  const extended = Object.keys(allocList).filter((r) => !r.startsWith('hugepages-') && !standard.has(r) && !r.startsWith('requests.') && !r.startsWith('limits.'));
  for (const r of extended.sort(byteOrderCompare)) {
    const q = (t: ResourceTotals) => formatQuantity(r, t.get(r)?.amount ?? 0, t.get(r)?.binary ?? false);
    w.write(1, `${r}\t${q(totalRequests)}\t${q(totalLimits)}\n`);
  }
}

/** deploymentutil equalIgnoreHash: templates equal once pod-template-hash is dropped. */
function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    return canonicalJson({ ...t, metadata: { ...t?.metadata, labels } });
  };
  return strip(a) === strip(b);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && !(typeof o[k] === 'object' && o[k] !== null && !Array.isArray(o[k]) && Object.keys(o[k] as object).length === 0))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** printReplicaSetsByLabels: `name (<status.replicas>/<spec.replicas> replicas created)`, `<none>`. */
function replicaSetsText(list: readonly ReplicaSet[]): string {
  return list.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ') || '<none>';
}

function describeDeployment(d: Deployment, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${d.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${d.metadata?.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${formatTime(d.metadata?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
  w.write(0, `Selector:\t${labelSelectorString(d.spec?.selector)}\n`);
  const s = d.status ?? {};
  w.write(0, `Replicas:\t${d.spec?.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  const strategyType = d.spec?.strategy?.type ?? 'RollingUpdate';
  w.write(0, `StrategyType:\t${strategyType}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  // Defaulting (apps/v1 SetDefaults_Deployment) gives a RollingUpdate strategy 25%/25%.
  const ru = d.spec?.strategy?.rollingUpdate ?? (strategyType === 'RollingUpdate' ? {} : undefined);
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable ?? '25%')} max unavailable, ${intOrString(ru.maxSurge ?? '25%')} max surge\n`);
  describePodTemplate(w, d.spec?.template);
  if ((s.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of s.conditions!) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  // deploymentutil.GetAllReplicaSetsInChunks: owned ReplicaSets, oldest first; the oldest with the
  // deployment's template is the new one, all others (even scaled to 0) are old.
  const owned = ((related.replicaSets ?? []) as unknown as ReplicaSet[])
    .filter((rs) => d.metadata?.uid !== undefined && controllerUid(rs as unknown as KubeObjectLike) === d.metadata.uid)
    .sort((a, b) => (parseTimestampMs(a.metadata?.creationTimestamp ?? '') ?? 0) - (parseTimestampMs(b.metadata?.creationTimestamp ?? '') ?? 0) || byteOrderCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  const oldRSs = owned.filter((rs) => rs !== newRS);
  if (oldRSs.length > 0 || newRS) {
    w.write(0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** getPodStatusForController: the controller's pods counted by phase. */
function podPhaseCounts(uid: string | undefined, pods: readonly KubeObjectLike[]): Record<'Running' | 'Pending' | 'Succeeded' | 'Failed', number> {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const p of pods) {
    if (uid === undefined || controllerUid(p) !== uid) continue;
    const phase = (p as unknown as Pod).status?.phase;
    if (phase === 'Running' || phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed') counts[phase]++;
  }
  return counts;
}

function describeReplicaSet(rs: ReplicaSet, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${rs.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
  const controller = controlledBy(rs as unknown as KubeObjectLike);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  const c = podPhaseCounts(rs.metadata?.uid, related.pods ?? []);
  w.write(0, `Pods Status:\t${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  if ((rs.status?.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const cond of rs.status!.conditions!) w.write(1, `${cond.type} \t${cond.status}\t${cond.reason ?? ''}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * DaemonSetDescriber (describe.go describeDaemonSet): the status counts are written without a
 * tab, so they are not aligned with the other fields.
 */
function describeDaemonSet(ds: DaemonSet, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const st = ds.status;
  w.write(0, `Name:\t${ds.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ds.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${labelSelectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  const c = podPhaseCounts(ds.metadata?.uid, related.pods ?? []);
  w.write(0, `Pods Status:\t${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed\n`);
  describePodTemplate(w, ds.spec?.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeJob(job: Job, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const spec = job.spec;
  const s = job.status ?? {};
  w.write(0, `Name:\t${job.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${job.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${labelSelectorString(spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
  const controller = controlledBy(job as unknown as KubeObjectLike);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  if (spec?.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec?.completions ?? '<unset>'}\n`);
  if (spec?.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (s.startTime) w.write(0, `Start Time:\t${formatTime(s.startTime)}\n`);
  if (s.completionTime) w.write(0, `Completed At:\t${formatTime(s.completionTime)}\n`);
  const start = s.startTime ? parseTimestampMs(s.startTime) : undefined;
  const end = s.completionTime ? parseTimestampMs(s.completionTime) : undefined;
  if (start !== undefined && end !== undefined) w.write(0, `Duration:\t${humanDuration(end - start)}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  w.write(
    0,
    s.ready === undefined
      ? `Pods Statuses:\t${s.active ?? 0} Active / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed\n`
      : `Pods Statuses:\t${s.active ?? 0} Active (${s.ready} Ready) / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed\n`,
  );
  if (spec?.completionMode === 'Indexed') {
    const idx = s.completedIndexes ?? '';
    let cut = 50;
    while (cut < idx.length && idx[cut] !== ',') cut++;
    w.write(0, `Completed Indexes:\t${idx.length === 0 ? '<none>' : cut >= idx.length ? idx : `${idx.slice(0, cut + 1)}...`}\n`);
  }
  describePodTemplate(w, spec?.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}

interface EndpointSliceLike {
  metadata?: { labels?: Record<string, string> };
  ports?: { name?: string | null; port?: number }[] | null;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean | null } }[] | null;
}

/** formatEndpointSlices: ready `ip:port` of the service port's name, at most three, then ` + N more...`. */
function formatEndpointSlices(slices: readonly EndpointSliceLike[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    const targets: (number | undefined)[] = ports.length === 0 ? [undefined] : ports.filter((p) => (p.name ?? '') === portName).map((p) => p.port);
    for (const port of targets) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        const addr = e.addresses[0] ?? '';
        if (!more) list.push(port === undefined ? addr : addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function describeService(svc: Service, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${svc.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata?.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${(spec.clusterIPs ?? []).join(',') || '<none>'}\n`);
  if ((spec.externalIPs ?? []).length > 0) w.write(0, `External IPs:\t${spec.externalIPs!.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ')}\n`);
  const slices = ((related.endpointSlices ?? []) as EndpointSliceLike[]).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata?.name);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${p.port}/${protocol}\n`);
    w.write(0, `TargetPort:\t${intOrString(p.targetPort ?? p.port)}/${protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges!.join(',')}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}

// Ingress and IngressClass: describe.go describeIngressV1, describeBackendV1, serviceBackendStringer,
// describeIngressTLSV1, describeIngressClassV1.

interface IngressBackendLike {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}

interface IngressDescribeLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackendLike;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths?: { path?: string; backend: IngressBackendLike }[] } }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** describeBackendV1: `svc:port (endpoints)`, or the error getting the Service. */
function describeIngressBackend(ns: string, backend: IngressBackendLike, related: DescribeRelated): string {
  if (backend.service) {
    const port = backend.service.port?.number ? String(backend.service.port.number) : (backend.service.port?.name ?? '');
    const sb = `${backend.service.name ?? ''}:${port}`;
    const svc = (related.services ?? []).find((s) => s.metadata?.name === backend.service!.name && s.metadata?.namespace === ns) as Service | undefined;
    if (!svc) return `${sb} (<error: services "${backend.service.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (backend.service.port?.number && backend.service.port.number === sp.port) spName = sp.name ?? '';
      else if (backend.service.port?.name && backend.service.port.name === sp.name) spName = sp.name ?? '';
    }
    const slices = ((related.endpointSlices ?? []) as EndpointSliceLike[]).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === backend.service!.name);
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  if (backend.resource) return `APIGroup: ${backend.resource.apiGroup ?? '<none>'}, Kind: ${backend.resource.kind ?? ''}, Name: ${backend.resource.name ?? ''}`;
  return '';
}

function describeIngress(ing: IngressDescribeLike, related: DescribeRelated, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const ns = ing.metadata?.namespace ?? '';
  w.write(0, `Name:\t${ing.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata?.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${ingressAddress(ing.status, true)}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec?.defaultBackend;
  const defaultBackend = def ? describeIngressBackend(ns, def, related) : '<default>';
  w.write(0, `Default backend:\t${defaultBackend}\n`);
  if ((ing.spec?.tls ?? []).length > 0) {
    w.write(0, 'TLS:\n');
    for (const t of ing.spec!.tls!) w.write(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${describeIngressBackend(ns, p.backend, related)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata?.annotations);
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeIngressClass(ic: KubeObjectLike, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  const spec = (ic['spec'] ?? {}) as { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
  w.write(0, `Name:\t${ic.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata?.labels as Record<string, string> | undefined);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations as Record<string, string> | undefined);
  w.write(0, `Controller:\t${spec.controller ?? ''}\n`);
  if (spec.parameters) {
    w.write(0, 'Parameters:\n');
    if (spec.parameters.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.parameters.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.parameters.kind ?? ''}\n`);
    w.write(1, `Name:\t${spec.parameters.name ?? ''}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeNamespace(ns: KubeObjectLike): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata?.['annotations'] as Record<string, string> | undefined);
  const status = ns['status'] as { phase?: string; conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[] } | undefined;
  w.write(0, `Status:\t${status?.phase ?? ''}\n`);
  if ((status?.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of status!.conditions!) w.write(1, `${c.type}\t${c.status}\t${formatTime(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  // The simulator serves no ResourceQuota or LimitRange objects, so both lists are empty.
  w.write(0, '\n');
  w.write(0, 'No resource quota.\n');
  w.write(0, '\n');
  w.write(0, 'No LimitRange resource.\n');
  return w.toString();
}

/** ConfigMapDescriber. Go ranges over the data map in random order; we print keys sorted. */
function describeConfigMap(cm: KubeObjectLike, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata?.['annotations'] as Record<string, string> | undefined);
  w.write(0, '\nData\n====\n');
  const data = (cm['data'] as Record<string, string> | undefined) ?? {};
  for (const k of Object.keys(data).sort(byteOrderCompare)) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${data[k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  const binary = (cm['binaryData'] as Record<string, string> | undefined) ?? {};
  for (const k of Object.keys(binary).sort(byteOrderCompare)) {
    // len(v) of the decoded bytes: base64 text of n bytes has padding telling how many.
    const b64 = binary[k]!;
    const bytes = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
    w.write(0, `${k}: ${bytes} bytes\n`);
  }
  w.write(0, '\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeEndpoints(ep: KubeObjectLike, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ep.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata?.['annotations'] as Record<string, string> | undefined);
  w.write(0, 'Subsets:\n');
  const subsets = (ep['subsets'] as { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol?: string }[] }[] | undefined) ?? [];
  for (const ss of subsets) {
    w.write(1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if ((ss.ports ?? []).length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of ss.ports!) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(0, '\n');
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** smartLabelFor: `leaseDurationSeconds` → `Lease Duration Seconds`, `uid` → `UID` (camelcase.Split + Title). */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const acronyms = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);
  // fatih/camelcase: split where the character class changes; an upper-case run followed by a
  // lower-case letter gives its last letter to the next word ("HTTPServer" → HTTP, Server).
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of field) {
    const k = cls(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs
    .filter((r) => r.length > 0)
    .map((r) => r.join(''))
    .filter((p) => p !== '_')
    .map((p) => (acronyms.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** fmt %v of an unstructured scalar. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** printUnstructuredContent: sorted fields, nested maps indented, lists item by item. */
function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: readonly string[]): void {
  for (const field of Object.keys(content).sort(byteOrderCompare)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.includes(skipExpr)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, skipExpr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child as Record<string, unknown>, skipExpr, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
  }
}

/** genericDescriber: what `kubectl describe lease ...` prints (no typed describer for Lease). */
function describeGeneric(obj: KubeObjectLike, events: EventLike[], nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.['annotations'] as Record<string, string> | undefined);
  printUnstructuredContent(w, 0, obj as Record<string, unknown>, '', ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * `kubectl describe <kind> <name>` of one object. `related` holds what the describer would list
 * from the apiserver; events are filtered to the object here.
 */
export function describeObject(obj: KubeObjectLike, related: DescribeRelated, nowMs: number): string {
  const events = eventsFor(obj, related.events as EventLike[]);
  switch (obj.kind) {
    case 'Pod':
      return describePod(obj as unknown as Pod, events, nowMs);
    case 'Node':
      return describeNode(obj as unknown as Node, related, events, nowMs);
    case 'Deployment':
      return describeDeployment(obj as unknown as Deployment, related, events, nowMs);
    case 'ReplicaSet':
      return describeReplicaSet(obj as unknown as ReplicaSet, related, events, nowMs);
    case 'DaemonSet':
      return describeDaemonSet(obj as unknown as DaemonSet, related, events, nowMs);
    case 'Job':
      return describeJob(obj as unknown as Job, events, nowMs);
    case 'Service':
      return describeService(obj as unknown as Service, related, events, nowMs);
    case 'Namespace':
      return describeNamespace(obj);
    case 'ConfigMap':
      return describeConfigMap(obj, events, nowMs);
    case 'Endpoints':
      return describeEndpoints(obj, events, nowMs);
    case 'Ingress':
      return describeIngress(obj as unknown as IngressDescribeLike, related, events, nowMs);
    case 'IngressClass':
      return describeIngressClass(obj, events, nowMs);
    default:
      return describeGeneric(obj, events, nowMs);
  }
}
