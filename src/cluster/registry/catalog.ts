/**
 * What the registry host serves: image references normalised as containerd does, and a table of
 * the images lessons use, with their OCI config (ENTRYPOINT, CMD, env, STOPSIGNAL) and the
 * executables on their PATH (what `kubectl exec -- sh` can find).
 *
 * Normalisation follows github.com/distribution/reference (normalize.go ParseNormalizedNamed,
 * reference.go Parse, ParseDockerRef). An invalid reference gets the kubelet's message,
 * pkg/kubelet/images/image_manager.go:
 *   msg := fmt.Sprintf("Failed to apply default image tag %q: %v", container.Image, err)
 *   ... fmt.Errorf("couldn't parse image reference %q: %v", image, err)
 * Sizes are what containerd reports for a pulled image (`crictl images`, the Pulled event): the
 * compressed layers, for linux/amd64.
 */
import { fnv1a32, hex32 } from '../../kernel/index.ts';
import type { ImageConfig, ImageManifest, PullResponse } from './messages.ts';

import { DEFAULT_DOMAIN, qualifyImage } from '../../api/imageref.ts';

export { qualifyImage };

/** A manifest digest that is stable for a reference: 8 × FNV-1a, 64 hex digits. */
export function imageDigest(reference: string): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += hex32(fnv1a32(`${i}/${reference}`));
  return `sha256:${hex}`;
}

// ---------------------------------------------------------------------------------------------
// The catalog.

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** busybox's applets (1.36, the default config of the official image). */
const BUSYBOX = [
  'busybox', 'sh', 'ash', '[', '[[', 'addgroup', 'adduser', 'arp', 'awk', 'base64', 'basename', 'bc', 'cal', 'cat', 'chgrp', 'chmod', 'chown', 'chroot', 'cksum',
  'clear', 'cmp', 'cp', 'crond', 'crontab', 'cut', 'date', 'dc', 'dd', 'df', 'diff', 'dirname', 'dmesg', 'dnsdomainname', 'du', 'echo', 'egrep', 'env', 'expr',
  'false', 'fgrep', 'find', 'flock', 'free', 'fuser', 'getopt', 'grep', 'groups', 'gunzip', 'gzip', 'halt', 'head', 'hexdump', 'hostid', 'hostname', 'httpd',
  'id', 'ifconfig', 'install', 'ip', 'ipcalc', 'kill', 'killall', 'less', 'ln', 'logger', 'ls', 'lsof', 'md5sum', 'mkdir', 'mkfifo', 'mknod', 'mktemp', 'more',
  'mount', 'mv', 'nc', 'netstat', 'nice', 'nl', 'nohup', 'nproc', 'nslookup', 'od', 'passwd', 'paste', 'patch', 'pgrep', 'pidof', 'ping', 'ping6', 'pkill',
  'pmap', 'poweroff', 'printenv', 'printf', 'ps', 'pstree', 'pwd', 'readlink', 'realpath', 'reboot', 'renice', 'rev', 'rm', 'rmdir', 'route', 'run-parts',
  'sed', 'seq', 'setsid', 'sha1sum', 'sha256sum', 'sha512sum', 'shred', 'sleep', 'sort', 'split', 'stat', 'strings', 'stty', 'su', 'sum', 'sync', 'sysctl',
  'tac', 'tail', 'tar', 'tee', 'telnet', 'test', 'tftp', 'time', 'timeout', 'top', 'touch', 'tr', 'traceroute', 'true', 'truncate', 'tty', 'umount', 'uname',
  'uniq', 'unlink', 'unzip', 'uptime', 'usleep', 'uudecode', 'uuencode', 'vi', 'watch', 'wc', 'wget', 'which', 'whoami', 'xargs', 'xxd', 'yes', 'zcat',
];

/** alpine: busybox plus apk and musl's tools. */
const ALPINE = [...BUSYBOX, 'apk', 'getconf', 'getent', 'iconv', 'ldd', 'scanelf', 'ssl_client'];

/** debian:bookworm-slim: dash as /bin/sh, bash, coreutils, grep, sed, findutils, tar. No procps (ps, kill) or psmisc (killall). */
const DEBIAN_SLIM = [
  'sh', 'dash', 'bash', 'rbash', '[', 'arch', 'base64', 'basename', 'cat', 'chgrp', 'chmod', 'chown', 'chroot', 'cksum', 'comm', 'cp', 'csplit', 'cut', 'date',
  'dd', 'df', 'dir', 'dirname', 'du', 'echo', 'env', 'expand', 'expr', 'factor', 'false', 'find', 'fmt', 'fold', 'grep', 'egrep', 'fgrep', 'groups', 'gzip',
  'gunzip', 'head', 'hostid', 'hostname', 'id', 'install', 'join', 'link', 'ln', 'logname', 'ls', 'md5sum', 'mkdir', 'mkfifo', 'mknod', 'mktemp', 'more',
  'mount', 'mv', 'nice', 'nl', 'nohup', 'nproc', 'numfmt', 'od', 'paste', 'pr', 'printenv', 'printf', 'pwd', 'readlink', 'realpath', 'rm', 'rmdir', 'sed',
  'seq', 'sha1sum', 'sha256sum', 'sha512sum', 'shred', 'shuf', 'sleep', 'sort', 'split', 'stat', 'stty', 'su', 'sum', 'sync', 'tac', 'tail', 'tar', 'tee',
  'test', 'timeout', 'touch', 'tr', 'true', 'truncate', 'tsort', 'tty', 'umount', 'uname', 'unexpand', 'uniq', 'unlink', 'wc', 'who', 'whoami', 'xargs', 'yes',
  'zcat', 'apt', 'apt-get', 'dpkg',
];

/** buildpack-deps:bookworm (under perl and python): slim plus curl, wget, git, procps and more. */
const DEBIAN_FULL = [...DEBIAN_SLIM, 'curl', 'wget', 'git', 'ps', 'kill', 'pkill', 'pgrep', 'top', 'free', 'uptime', 'watch', 'less', 'openssl', 'ssh', 'gcc', 'make', 'xz', 'bzip2', 'unzip'];

export interface TagInfo {
  sizeBytes: number;
  /** Replaces the repository's config fields for this tag. */
  config?: Partial<ImageConfig>;
}

export interface CatalogRepo {
  config: ImageConfig;
  tags: Record<string, TagInfo>;
}

const cfg = (c: Partial<ImageConfig> & { binaries: string[] }): ImageConfig => ({ entrypoint: [], cmd: [], env: [PATH], workingDir: '/', exposedPorts: [], ...c });

function nginxEnv(version: string, njs: string, release: string): string[] {
  return [PATH, `NGINX_VERSION=${version}`, `NJS_VERSION=${njs}`, `NJS_RELEASE=${release}`, `PKG_RELEASE=${release}`, `DYNPKG_RELEASE=${release}`];
}

const NGINX_DEBIAN = [...DEBIAN_SLIM, 'curl', 'envsubst', 'nginx', 'nginx-debug', 'docker-entrypoint.sh'];
const AGNHOST = [...ALPINE, 'agnhost', 'agnhost-2', 'bash', 'curl', 'dig', 'host', 'nc', 'ss', 'iperf', 'coredns'];
const agnhostTag = (sizeBytes: number): TagInfo => ({ sizeBytes });
const APP = [...BUSYBOX, 'app'];

/** Repositories by fully qualified name. Data only: behaviour is in runtime/programs. */
export const IMAGE_CATALOG: Record<string, CatalogRepo> = {
  'docker.io/library/busybox': {
    config: cfg({ cmd: ['sh'], binaries: BUSYBOX }),
    tags: { latest: { sizeBytes: 2_154_827 }, '1.37': { sizeBytes: 2_154_827 }, '1.36': { sizeBytes: 2_152_262 }, '1.28': { sizeBytes: 727_869 } },
  },
  'registry.k8s.io/busybox': {
    config: cfg({ cmd: ['sh'], binaries: BUSYBOX }),
    tags: { latest: { sizeBytes: 1_144_547 }, '1.27.2': { sizeBytes: 1_144_547 } },
  },
  'docker.io/library/alpine': {
    config: cfg({ cmd: ['/bin/sh'], binaries: ALPINE }),
    tags: { latest: { sizeBytes: 3_644_095 }, '3.21': { sizeBytes: 3_644_095 }, '3.20': { sizeBytes: 3_625_710 } },
  },
  'docker.io/library/nginx': {
    // The nginx image's Dockerfile: ENTRYPOINT ["/docker-entrypoint.sh"], STOPSIGNAL SIGQUIT,
    // CMD ["nginx", "-g", "daemon off;"]; Debian's procps and psmisc are not installed.
    config: cfg({ entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], env: nginxEnv('1.27.3', '0.8.7', '1~bookworm'), stopSignal: 'SIGQUIT', exposedPorts: ['80/tcp'], binaries: NGINX_DEBIAN }),
    tags: {
      latest: { sizeBytes: 72_188_133 },
      '1.27': { sizeBytes: 72_188_133 },
      '1.25': { sizeBytes: 70_544_122, config: { env: nginxEnv('1.25.5', '0.8.4', '1~bookworm') } },
      stable: { sizeBytes: 71_032_549, config: { env: nginxEnv('1.26.2', '0.8.5', '1~bookworm') } },
      alpine: { sizeBytes: 20_465_413, config: { env: nginxEnv('1.27.3', '0.8.7', '1'), binaries: [...ALPINE, 'curl', 'envsubst', 'nginx', 'nginx-debug', 'docker-entrypoint.sh'] } },
      // Before 1.19 the image had no entrypoint script, stopped with SIGTERM and had no curl.
      '1.14.2': {
        sizeBytes: 44_713_215,
        config: { entrypoint: [], env: [PATH, 'NGINX_VERSION=1.14.2-1~stretch', 'NJS_VERSION=1.14.2.0.2.6-1~stretch'], stopSignal: 'SIGTERM', binaries: [...DEBIAN_SLIM, 'nginx', 'nginx-debug'] },
      },
      // The kubernetes.io Deployment page updates its nginx:1.14.2 Deployment to this one
      // (`kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1`); its Dockerfile
      // (buster) sets NGINX_VERSION 1.16.1, NJS_VERSION 0.3.8, PKG_RELEASE 1~buster. The size is
      // approximate (about 51 MB compressed; not measured).
      '1.16.1': {
        sizeBytes: 51_000_000,
        config: { entrypoint: [], env: [PATH, 'NGINX_VERSION=1.16.1', 'NJS_VERSION=0.3.8', 'PKG_RELEASE=1~buster'], stopSignal: 'SIGTERM', binaries: [...DEBIAN_SLIM, 'nginx', 'nginx-debug'] },
      },
    },
  },
  'registry.k8s.io/e2e-test-images/agnhost': {
    // test/images/agnhost/Dockerfile: ENTRYPOINT ["/agnhost"], CMD ["pause"]; alpine with bind-tools, curl, netcat, iproute2, iperf, bash.
    config: cfg({ entrypoint: ['/agnhost'], cmd: ['pause'], exposedPorts: ['80/tcp', '8080/tcp', '8081/tcp', '9376/tcp'], binaries: AGNHOST }),
    tags: {
      '2.39': agnhostTag(50_923_136), '2.40': agnhostTag(51_166_412), '2.43': agnhostTag(52_405_230), '2.45': agnhostTag(53_217_650),
      '2.47': agnhostTag(53_907_882), '2.48': agnhostTag(54_218_337), '2.52': agnhostTag(56_004_119),
    },
  },
  'docker.io/library/perl': {
    config: cfg({ cmd: ['perl', '-de0'], binaries: [...DEBIAN_FULL, 'perl', 'cpan', 'cpanm', 'perldoc', 'prove'] }),
    tags: { latest: { sizeBytes: 340_112_581 }, '5.40': { sizeBytes: 340_112_581 }, '5.34.0': { sizeBytes: 333_412_306 } },
  },
  'docker.io/polinux/stress': {
    // The image's Dockerfile (github.com/pozgo/docker-stress) writes CMD ['/usr/local/bin/stress']
    // with single quotes: not JSON, so Docker stored it in shell form. Lessons pass `command`.
    config: cfg({ cmd: ['/bin/sh', '-c', "['/usr/local/bin/stress']"], env: [PATH, 'RELEASE_VERSION=1.0.4', 'SHELL=/bin/bash'], binaries: [...ALPINE, 'bash', 'stress'] }),
    tags: { latest: { sizeBytes: 4_041_495 } },
  },
  'registry.k8s.io/goproxy': {
    config: cfg({ entrypoint: ['/goproxy'], exposedPorts: ['8080/tcp'], binaries: ['goproxy'] }),
    tags: { '0.1': { sizeBytes: 2_855_370 } },
  },
  'registry.k8s.io/pause': {
    config: cfg({ entrypoint: ['/pause'], env: [], binaries: ['pause'] }),
    tags: { '3.10': { sizeBytes: 320_368 }, '3.9': { sizeBytes: 321_520 } },
  },
  'ghcr.io/k8sim/app': {
    // k8sim's own demo app (runtime/programs/images/app.ts); busybox underneath, for exec probes.
    config: cfg({ entrypoint: ['/app'], env: [PATH, 'APP_VERSION=2.0'], exposedPorts: ['8080/tcp'], binaries: APP }),
    tags: { '1.0': { sizeBytes: 8_612_440, config: { env: [PATH, 'APP_VERSION=1.0'] } }, '2.0': { sizeBytes: 8_690_215 }, latest: { sizeBytes: 8_690_215 } },
  },
  'registry.k8s.io/etcd': {
    // Distroless since 3.5: no shell.
    config: cfg({ cmd: ['/usr/local/bin/etcd'], exposedPorts: ['2379/tcp', '2380/tcp', '4001/tcp', '7001/tcp'], binaries: ['etcd', 'etcdctl', 'etcdutl'] }),
    tags: { '3.5.16-0': { sizeBytes: 56_909_194 } },
  },
  'registry.k8s.io/kube-apiserver': { config: cfg({ entrypoint: ['/usr/local/bin/kube-apiserver'], binaries: ['kube-apiserver', 'go-runner'] }), tags: { 'v1.32.4': { sizeBytes: 28_668_331 } } },
  'registry.k8s.io/kube-controller-manager': { config: cfg({ entrypoint: ['/usr/local/bin/kube-controller-manager'], binaries: ['kube-controller-manager', 'go-runner'] }), tags: { 'v1.32.4': { sizeBytes: 26_230_112 } } },
  'registry.k8s.io/kube-scheduler': { config: cfg({ entrypoint: ['/usr/local/bin/kube-scheduler'], binaries: ['kube-scheduler', 'go-runner'] }), tags: { 'v1.32.4': { sizeBytes: 20_618_540 } } },
  'registry.k8s.io/kube-proxy': {
    config: cfg({ entrypoint: ['/usr/local/bin/kube-proxy'], binaries: ['kube-proxy', 'iptables', 'ip6tables', 'iptables-save', 'iptables-restore', 'ipset', 'conntrack'] }),
    tags: { 'v1.32.4': { sizeBytes: 30_812_075 } },
  },
  'registry.k8s.io/coredns/coredns': {
    config: cfg({ entrypoint: ['/coredns'], exposedPorts: ['53/tcp', '53/udp'], binaries: ['coredns'] }),
    tags: { 'v1.11.3': { sizeBytes: 18_562_039 } },
  },
  'registry.k8s.io/ingress-nginx/controller': {
    // rootfs/Dockerfile of ingress-nginx: alpine, ENTRYPOINT ["/usr/bin/dumb-init", "--"]; the
    // Deployment's args start with /nginx-ingress-controller. Size approximate (not measured).
    config: cfg({ entrypoint: ['/usr/bin/dumb-init', '--'], exposedPorts: ['80/tcp', '443/tcp'], binaries: [...ALPINE, 'bash', 'dumb-init', 'nginx-ingress-controller', 'nginx', 'wait-shutdown', 'dbg'] }),
    tags: { 'v1.14.3': { sizeBytes: 107_369_384 } },
  },
  'docker.io/flannel/flannel': {
    config: cfg({ entrypoint: ['/opt/bin/flanneld'], binaries: [...ALPINE, 'flanneld', 'iptables', 'ip6tables', 'mk-bridge'] }),
    tags: { 'v0.26.1': { sizeBytes: 32_501_640 } },
  },
  // kube-flannel.yml v0.26.7 (flannel-io/flannel Documentation/kube-flannel.yml at that tag): both images
  // are alpine (images/Dockerfile; cni-plugin Dockerfile.image copies the plugin to /flannel).
  // Sizes are the unpacked linux/amd64 images, rounded as crictl shows them.
  'ghcr.io/flannel-io/flannel': {
    config: cfg({ entrypoint: ['/opt/bin/flanneld'], binaries: [...ALPINE, 'flanneld', 'mk-docker-opts.sh', 'ip', 'iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'nft'] }),
    tags: { 'v0.26.7': { sizeBytes: 32_823_450 } },
  },
  'ghcr.io/flannel-io/flannel-cni-plugin': {
    config: cfg({ binaries: [...ALPINE], files: { '/flannel': '\u007fELF (the flannel CNI plugin v1.6.2-flannel1, linux/amd64)\n' } }),
    tags: { 'v1.6.2-flannel1': { sizeBytes: 4_856_150 } },
  },
  'docker.io/library/httpd': {
    // The image's STOPSIGNAL is SIGWINCH (graceful stop). The runtime's signals have no WINCH, so
    // it is left out here and httpd gets SIGTERM (an immediate stop).
    config: cfg({
      cmd: ['httpd-foreground'], env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.62'],
      workingDir: '/usr/local/apache2', exposedPorts: ['80/tcp'], binaries: [...DEBIAN_SLIM, 'httpd', 'httpd-foreground', 'apachectl', 'htpasswd'],
    }),
    tags: { latest: { sizeBytes: 58_106_952 }, '2.4': { sizeBytes: 58_106_952 } },
  },
  'docker.io/library/redis': {
    config: cfg({
      entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], env: [PATH, 'GOSU_VERSION=1.17', 'REDIS_VERSION=7.4.1'], workingDir: '/data', exposedPorts: ['6379/tcp'],
      binaries: [...DEBIAN_SLIM, 'docker-entrypoint.sh', 'gosu', 'redis-server', 'redis-cli', 'redis-benchmark', 'redis-check-aof', 'redis-check-rdb', 'redis-sentinel'],
    }),
    tags: { latest: { sizeBytes: 45_214_503 }, '7': { sizeBytes: 45_214_503 } },
  },
  'docker.io/library/python': {
    config: cfg({
      cmd: ['python3'], env: ['PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C.UTF-8', 'PYTHON_VERSION=3.12.8'],
      binaries: [...DEBIAN_FULL, 'python', 'python3', 'python3.12', 'pip', 'pip3', 'pydoc3', 'idle3'],
    }),
    tags: { '3.12': { sizeBytes: 380_524_716 } },
  },
};

/** docker.io answers an unknown repository with 401 insufficient_scope (it will not say whether it exists). */
const DOCKER_HUB_DENIED = 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';

function manifestFor(reference: string, repository: string, tag: string, repo: CatalogRepo, info: TagInfo, digest: string): ImageManifest {
  return { reference, repository, tag, digest, sizeBytes: info.sizeBytes, config: { ...repo.config, ...info.config } };
}

/**
 * A release tag the table does not list (`nginx:1.26`, `busybox:1.35.0`, `redis:7.2-alpine`):
 * the mirror has every release of the images it carries, up to the newest one listed, served with
 * the size of the nearest listed tag below it. A later version (`nginx:1.99`) or a made-up tag
 * (`nginx:no-such-tag`) is not found.
 */
function releaseTag(repo: CatalogRepo, tag: string): TagInfo | undefined {
  const version = versionOf(tag);
  if (!version) return undefined;
  const listed = Object.keys(repo.tags).flatMap((t) => {
    const v = versionOf(t);
    return v ? [{ tag: t, v }] : [];
  }).sort((a, b) => compareVersions(a.v, b.v));
  const newest = listed[listed.length - 1];
  if (!newest || compareVersions(version, newest.v) > 0) return undefined;
  const below = listed.filter((x) => compareVersions(x.v, version) <= 0).pop() ?? listed[0]!;
  return repo.tags[below.tag];
}

function versionOf(tag: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+){0,3})(?:[-.][0-9A-Za-z]+)*$/.exec(tag);
  return m ? m[1]!.split('.').map(Number) : null;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The registry's answer to a pull of `image` (as the pod wrote it). */
export function lookupImage(image: string): PullResponse {
  const q = qualifyImage(image);
  if ('error' in q) return { ok: false, reason: 'invalid', message: q.error };
  const repo = IMAGE_CATALOG[q.repository];
  if (!repo) {
    // Other registries say a missing repository is not found; Docker Hub denies access.
    const message = q.repository.startsWith(`${DEFAULT_DOMAIN}/`) ? DOCKER_HUB_DENIED : `${q.reference}: not found`;
    return { ok: false, reason: 'notFound', message };
  }
  if (q.tag === '') {
    const digest = q.reference.slice(q.reference.indexOf('@') + 1);
    for (const [tag, info] of Object.entries(repo.tags)) {
      if (imageDigest(`${q.repository}:${tag}`) === digest) return { ok: true, manifest: manifestFor(q.reference, q.repository, '', repo, info, digest) };
    }
    return { ok: false, reason: 'notFound', message: `${q.reference}: not found` };
  }
  const info = repo.tags[q.tag] ?? releaseTag(repo, q.tag);
  if (!info) return { ok: false, reason: 'notFound', message: `${q.reference}: not found` };
  return { ok: true, manifest: manifestFor(q.reference, q.repository, q.tag, repo, info, imageDigest(q.reference)) };
}
