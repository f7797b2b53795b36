/**
 * ConfigMaps as a container sees them: environment variables (`env[].valueFrom.configMapKeyRef`,
 * `envFrom[].configMapRef`) and files (`volumes[].configMap` mounted by `volumeMounts`).
 *
 *  - kubelet_pods.go makeEnvironmentVariables: a missing ConfigMap that is not optional, or a
 *    missing key, stops the container from being created: CreateContainerConfigError with
 *    `configmap "NAME" not found` (the ConfigMap manager's NotFound, resource "configmap") or
 *    `couldn't find key KEY in ConfigMap NS/NAME`. envFrom skips keys that are not valid
 *    variable names (an InvalidEnvironmentVariableNames event names them) and takes `prefix`.
 *  - volume/configmap/configmap.go SetUpAt: a missing ConfigMap that is not optional fails the
 *    mount — `MountVolume.SetUp failed for volume "VOL" : configmap "NAME" not found` — and the
 *    pod stays ContainerCreating; each key becomes a file (or only `items`, at their `path`).
 *
 * Pure: the caller looks ConfigMaps up (`lookup` returns the data, null for "not found", or
 * undefined while it has not asked yet).
 */
import type { ContainerSpec } from './types.ts';

export type ConfigMapData = Record<string, string>;
export type ConfigMapLookup = (name: string) => ConfigMapData | null | undefined;

interface ConfigMapVolume {
  name: string;
  configMap?: { name?: string; items?: { key: string; path: string }[]; optional?: boolean };
}

interface EnvRefs {
  env?: { name: string; valueFrom?: { configMapKeyRef?: { name?: string; key: string; optional?: boolean } } }[];
  envFrom?: { prefix?: string; configMapRef?: { name?: string; optional?: boolean } }[];
}

/** The ConfigMaps behind the pod's configMap volumes (the volume manager mounts every volume of the pod before its sandbox). */
export function volumeConfigMaps(volumes: readonly ConfigMapVolume[] | undefined): string[] {
  return [...new Set((volumes ?? []).flatMap((v) => (v.configMap?.name ? [v.configMap.name] : [])))];
}

/** The ConfigMaps a container's environment reads (env[].valueFrom.configMapKeyRef, envFrom[].configMapRef). */
export function envConfigMaps(spec: ContainerSpec): string[] {
  const names = new Set<string>();
  const refs = spec as ContainerSpec & EnvRefs;
  for (const e of refs.envFrom ?? []) if (e.configMapRef?.name) names.add(e.configMapRef.name);
  for (const e of refs.env ?? []) if (e.valueFrom?.configMapKeyRef?.name) names.add(e.valueFrom.configMapKeyRef.name);
  return [...names];
}

/** SetUp of every configMap volume of the pod: null when all can be mounted, else the FailedMount message of the first that cannot. */
export function mountConfigMapVolumes(volumes: readonly ConfigMapVolume[] | undefined, lookup: ConfigMapLookup): string | null {
  for (const v of volumes ?? []) {
    const ref = v.configMap;
    if (!ref?.name) continue;
    const data = lookup(ref.name);
    if (!data) {
      if (data === null && ref.optional) continue;
      return `MountVolume.SetUp failed for volume "${v.name}" : configmap "${ref.name}" not found`;
    }
    for (const it of ref.items ?? []) if (!(it.key in data) && !ref.optional) return `MountVolume.SetUp failed for volume "${v.name}" : configmap references non-existent config key: ${it.key}`;
  }
  return null;
}

/** A valid environment variable name (validation.IsEnvVarName: C identifier-like, dots and dashes allowed). */
function isEnvVarName(name: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name);
}

/** The contents of the pod's configMap volumes, by volume name, each key (or item) a file at `/path` inside the volume. */
export function configMapVolumeFiles(volumes: readonly ConfigMapVolume[] | undefined, lookup: ConfigMapLookup): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const v of volumes ?? []) {
    const ref = v.configMap;
    const data = ref?.name ? lookup(ref.name) : undefined;
    if (!ref || !data) continue;
    const files: Record<string, string> = {};
    const items = ref.items ?? Object.keys(data).sort().map((key) => ({ key, path: key }));
    for (const it of items) if (it.key in data) files[`/${it.path}`] = data[it.key]!;
    out[v.name] = files;
  }
  return out;
}

export type EnvResult = { env: Record<string, string>; invalidNames: string[] } | { configError: string };

/** The environment a container's ConfigMap references add, in the order kubelet builds it (envFrom first, then env). */
export function configMapEnv(namespace: string, spec: ContainerSpec, lookup: ConfigMapLookup): EnvResult {
  const refs = spec as ContainerSpec & EnvRefs;
  const env: Record<string, string> = {};
  const invalidNames: string[] = [];
  for (const from of refs.envFrom ?? []) {
    const ref = from.configMapRef;
    if (!ref?.name) continue;
    const data = lookup(ref.name);
    if (!data) {
      if (data === null && ref.optional) continue;
      return { configError: `configmap "${ref.name}" not found` };
    }
    for (const key of Object.keys(data).sort()) {
      const name = `${from.prefix ?? ''}${key}`;
      if (!isEnvVarName(name)) invalidNames.push(key);
      else env[name] = data[key]!;
    }
  }
  for (const e of refs.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef;
    if (!ref?.name) continue;
    const data = lookup(ref.name);
    if (!data) {
      if (data === null && ref.optional) continue;
      return { configError: `configmap "${ref.name}" not found` };
    }
    if (!(ref.key in data)) {
      if (ref.optional) continue;
      return { configError: `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}` };
    }
    env[e.name] = data[ref.key]!;
  }
  return { env, invalidNames };
}
