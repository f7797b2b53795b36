/**
 * What the image registry (the `registry` host, a Harbor that mirrors docker.io, registry.k8s.io
 * and the rest for the cluster) and a container runtime say to each other. containerd on every
 * node is configured with this host as the mirror of every registry, so every pull crosses the
 * simulated network to it: `sim crash registry` makes new pulls fail while running pods go on.
 */

/** The OCI image config a pull delivers (the parts a runtime uses to start a container). */
export interface ImageConfig {
  /** ENTRYPOINT and CMD (Kubernetes: `command` replaces the entrypoint, `args` replaces cmd). */
  entrypoint: string[];
  cmd: string[];
  /** `KEY=value` strings, as in the OCI config. */
  env: string[];
  workingDir: string;
  /** STOPSIGNAL if the image sets one (nginx: SIGQUIT), else the runtime's SIGTERM. */
  stopSignal?: string;
  /** `80/tcp` style, informational. */
  exposedPorts: string[];
  /** Executables on the image's PATH, by base name (`sh`, `sleep`, `nginx`, `agnhost`, ...). */
  binaries: string[];
  /** Files the image carries that a program reads or copies (flannel-cni-plugin's `/flannel`), path → content. */
  files?: Record<string, string>;
}

export interface ImageManifest {
  /** Fully qualified reference: `docker.io/library/nginx:latest`. */
  reference: string;
  /** The repository without a tag: `docker.io/library/nginx`. */
  repository: string;
  tag: string;
  /** Content digest of the manifest: `sha256:<64 hex>`; stable for a given reference. */
  digest: string;
  /** Unpacked size in bytes, as `crictl images` and the Pulled event report it. */
  sizeBytes: number;
  config: ImageConfig;
}

export const REGISTRY_PORT = '443';

export interface PullRequest {
  /** The reference as the pod wrote it (`nginx`, `busybox:1.28`); the registry qualifies it. */
  image: string;
}

export type PullResponse =
  | { ok: true; manifest: ImageManifest }
  /** `notFound`: no such repository or tag (the real message says which). */
  | { ok: false; reason: 'notFound' | 'invalid'; message: string };
