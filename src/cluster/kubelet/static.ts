/**
 * Static pods (pkg/kubelet/config/file.go, common.go; pkg/kubelet/pod/mirror_client.go): the
 * kubelet reads pod manifests from its staticPodPath (kubeadm: /etc/kubernetes/manifests) every
 * fileCheckFrequency (20 s), runs them without the API, and represents each on the API with a
 * mirror pod `<name>-<node>`. The file is the truth: deleting the mirror pod changes nothing (the
 * kubelet makes a new one), editing the file replaces the pod, moving it away stops the pod.
 */
import { parseAllDocuments } from 'yaml';
import { fnv1a32, hex32, rfc3339Seconds as rfc3339 } from '../../kernel/index.ts';
import { emitTrace, type EffectSink } from '../effects.ts';
import type { KubeObject } from '../apiserver/messages.ts';
import type { CriApi } from '../runtime/messages.ts';
import { apiRequest, type Kubelet } from './kubelet.ts';

/** kubelet config default fileCheckFrequency (k/kubelet config/v1beta1 defaults.go). */
export const FILE_CHECK_FREQUENCY_MS = 20_000;

export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';
export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_SOURCE = 'kubernetes.io/config.source';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';

/** The static pod's name: the manifest's name and the node's, lower-cased (config/common.go generatePodName). */
export function staticPodName(name: string, nodeName: string): string {
  return `${name}-${nodeName.toLowerCase()}`;
}

/** A stable 32-hex-digit hash of the manifest, the node and the file (the kubelet uses MD5 of the same inputs). */
export function staticPodHash(content: string, nodeName: string, path: string): string {
  // Every file-check of every node hashes each manifest again, and the content is nearly always
  // the very string hashed last time for that node and path: remember the last answer per
  // (node, path). A memo of a pure function: clearing it changes nothing but speed.
  let byPath = lastHashes.get(nodeName);
  if (byPath === undefined) lastHashes.set(nodeName, (byPath = new Map()));
  const last = byPath.get(path);
  if (last !== undefined && last.content === content) return last.hash;
  const hash = computeStaticPodHash(content, nodeName, path);
  byPath.set(path, { content, hash });
  return hash;
}
const lastHashes = new Map<string, Map<string, { content: string; hash: string }>>();

function computeStaticPodHash(content: string, nodeName: string, path: string): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += hex32(fnv1a32(`${i}|host:${nodeName}|file:${path}|${content}`));
  return out;
}

export type ManifestResult = { pod: KubeObject } | { error: string };

/** Decodes one manifest file as the kubelet's file source does (tryDecodeSinglePod). */
export function decodeManifest(content: string, path: string, nodeName: string, nowMs: number): ManifestResult {
  const docs = parseAllDocuments(content);
  const first = docs[0];
  if (!first || first.errors.length > 0) return { error: `failed to decode: ${first?.errors[0]?.message.split('\n')[0] ?? 'empty file'}` };
  const obj = first.toJS() as KubeObject | null;
  if (!obj || typeof obj !== 'object') return { error: 'failed to decode: Object \'Kind\' is missing in \'null\'' };
  if (obj.kind !== 'Pod') return { error: `invalid pod: the manifest's kind is ${obj.kind ?? '(missing)'}, not Pod` };
  const name = obj.metadata?.name;
  if (!name) return { error: 'invalid pod: metadata.name: Required value: name or generateName is required' };
  const spec = (obj['spec'] ?? {}) as { containers?: { name?: string; image?: string }[] };
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) return { error: 'invalid pod: spec.containers: Required value' };
  for (const [i, c] of spec.containers.entries()) {
    if (!c.name) return { error: `invalid pod: spec.containers[${i}].name: Required value` };
    if (!c.image) return { error: `invalid pod: spec.containers[${i}].image: Required value` };
  }
  const hash = staticPodHash(content, nodeName, path);
  const pod: KubeObject = {
    ...obj,
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...obj.metadata,
      name: staticPodName(name, nodeName),
      namespace: obj.metadata?.namespace ?? 'default',
      uid: hash,
      annotations: { ...(obj.metadata?.annotations ?? {}), [CONFIG_HASH]: hash, [CONFIG_SEEN]: rfc3339(nowMs), [CONFIG_SOURCE]: 'file' },
    },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...(obj['spec'] as object),
      nodeName,
      // Static pods tolerate every NoExecute taint (config/common.go applyDefaults).
      tolerations: [...(((obj['spec'] as { tolerations?: unknown[] }).tolerations) ?? []), { operator: 'Exists', effect: 'NoExecute' }],
    },
    status: { phase: 'Pending' },
  };
  return { pod };
}

/** The mirror pod for a static pod: the same pod, marked as a mirror and owned by the Node. */
export function mirrorPodOf(pod: KubeObject, nodeName: string, nodeUid: string): KubeObject {
  const meta = pod.metadata ?? {};
  const { uid: _uid, ...rest } = meta;
  void _uid;
  return {
    ...pod,
    metadata: {
      ...rest,
      annotations: { ...(meta.annotations ?? {}), [CONFIG_MIRROR]: meta.uid ?? '' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    status: undefined,
  };
}

export function isMirrorPod(pod: KubeObject): boolean {
  return Boolean(pod.metadata?.annotations?.[CONFIG_MIRROR]);
}

export interface StaticPodHooks {
  admit(pod: KubeObject, source: string): void;
  /** Stop a static pod whose file went away or changed (graceful, with the pod's grace period). */
  retire(uid: string, why: string): void;
}

/** One scan of the manifest directory: new files start pods, changed files replace them, missing files stop them. */
export function checkStaticPods(k: Kubelet, files: Record<string, string>, hooks: StaticPodHooks, sink: EffectSink): void {
  const live = new Set<string>();
  for (const path of Object.keys(files).sort()) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.startsWith('.')) continue;
    // A file whose pod already runs decodes to that pod again (its uid is the hash of the
    // content, node and path): skip the YAML parse, the dominant cost of the periodic scan.
    const known = staticPodHash(files[path]!, k.node.name, path);
    if (k.pods.get(known)) {
      live.add(known);
      continue;
    }
    const decoded = decodeManifest(files[path]!, path, k.node.name, sink.now);
    if ('error' in decoded) {
      const line = `"Could not process manifest file" err="${decoded.error}" path="${path}"`;
      if (!k.log.some((l) => l.text === line)) kubeletLog(k, 'E', line, sink);
      continue;
    }
    const uid = decoded.pod.metadata!.uid!;
    live.add(uid);
    if (k.pods.get(uid)) continue;
    hooks.admit(decoded.pod, path);
  }
  for (const e of [...k.pods.values()]) {
    if (!e.staticSource || live.has(e.uid) || e.terminating) continue;
    hooks.retire(e.uid, files[e.staticSource] === undefined ? `file ${e.staticSource} removed` : `file ${e.staticSource} changed`);
  }
}

/** The kubelet's journal (klog format), for `journalctl -u kubelet`. */
export function kubeletLog(k: Kubelet, level: 'I' | 'W' | 'E', text: string, sink: EffectSink): void {
  k.log.push({ atMs: sink.now, level, text });
  if (k.log.length > 500) k.log.shift();
  emitTrace(sink, { source: `${k.host}/kubelet`, kind: 'kubelet.log', summary: text });
}

/** Creates the mirror pods the API lacks (mirror_client.go CreateMirrorPod). */
export function ensureMirrorPods(k: Kubelet, sink: EffectSink): void {
  if (!k.registered || !k.nodeUid || !k.client.informers['pods']?.synced) return;
  // Called on every pod delta once synced. A node without static pods (every worker) has nothing
  // to do here, and a key loop over a record that often changes shape costs a sort of its keys.
  if (noStaticPods.has(k.pods)) return;
  let anyStatic = false;
  for (const e of k.pods.values()) {
    if (e.staticSource) anyStatic = true;
    if (!e.staticSource || e.mirrorUid || e.mirrorPending || e.gone || e.terminating) continue;
    e.mirrorPending = true;
    apiRequest(k, { verb: 'create', resource: 'pods', namespace: e.pod.metadata!.namespace!, body: mirrorPodOf(e.pod, k.node.name, k.nodeUid) }, `mirror/${e.uid}`, sink);
  }
  if (!anyStatic) noStaticPods.add(k.pods);
}

/**
 * Pod records (`Kubelet.pods`, by identity) a scan found without a static pod. Entries are made
 * only by the kubelet's admit, which calls staticPodAdded for a static one, so a record stays
 * without static pods until then (a restored checkpoint is a new record, scanned afresh).
 * A memo: forgetting it changes nothing but speed.
 */
const noStaticPods = new WeakSet<object>();

/** A static pod's entry was added to this pod record. */
export function staticPodAdded(pods: object): void {
  noStaticPods.delete(pods);
}

export function deleteMirrorPod(k: Kubelet, namespace: string, name: string, uid: string, sink: EffectSink): void {
  apiRequest(k, { verb: 'delete', resource: 'pods', namespace, name, gracePeriodSeconds: 0, preconditionUid: uid }, `mirror-delete/${namespace}/${name}/${uid}`, sink);
  // Housekeeping looks again in 2 s whether or not this request has been answered.
  sink.effects.push({ type: 'timer.set', key: `${k.host}/kubelet/mirror-delete/${namespace}/${name}`, delayMs: HOUSEKEEPING_PERIOD_MS, target: `${k.host}/kubelet`, payload: { type: 'kubelet.mirror-delete', namespace, name, uid } });
}

/**
 * The kubelet's housekeeping (every 2 s, kubelet.go housekeepingPeriod) deletes mirror pods whose
 * static pod is gone (HandlePodCleanups → deleteOrphanedMirrorPods), so a delete that failed
 * (no answer, an apiserver without etcd) is tried again until it succeeds.
 */
export const HOUSEKEEPING_PERIOD_MS = 2000;

export type { CriApi };
