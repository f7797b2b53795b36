import { describe, expect, it } from 'vitest';
import { IMAGE_CATALOG, imageDigest, lookupImage, qualifyImage } from './catalog.ts';

// github.com/distribution/reference normalize.go (ParseNormalizedNamed, ParseDockerRef), as
// containerd and the kubelet use it.
describe('qualifyImage', () => {
  const ok: [string, string, string, string][] = [
    ['nginx', 'docker.io/library/nginx:latest', 'docker.io/library/nginx', 'latest'],
    ['busybox:1.28', 'docker.io/library/busybox:1.28', 'docker.io/library/busybox', '1.28'],
    ['polinux/stress', 'docker.io/polinux/stress:latest', 'docker.io/polinux/stress', 'latest'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.40', 'registry.k8s.io/e2e-test-images/agnhost:2.40', 'registry.k8s.io/e2e-test-images/agnhost', '2.40'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest', 'docker.io/library/nginx', 'latest'],
    ['index.docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27', 'docker.io/library/nginx', '1.27'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1', 'localhost:5000/app', 'v1'],
    // An uppercase first element is taken for a registry host (splitDockerDomain).
    ['myRegistry/app', 'myRegistry/app:latest', 'myRegistry/app', 'latest'],
    [`nginx@sha256:${'a'.repeat(64)}`, `docker.io/library/nginx@sha256:${'a'.repeat(64)}`, 'docker.io/library/nginx', ''],
    // A digest wins over a tag (ParseDockerRef drops the tag).
    [`nginx:1.25@sha256:${'b'.repeat(64)}`, `docker.io/library/nginx@sha256:${'b'.repeat(64)}`, 'docker.io/library/nginx', ''],
  ];
  it.each(ok)('%s → %s', (image, reference, repository, tag) => {
    expect(qualifyImage(image)).toEqual({ reference, repository, tag });
  });

  const bad: [string, string][] = [
    ['NGINX', 'invalid reference format: repository name (library/NGINX) must be lowercase'],
    ['myrepo/MyApp', 'invalid reference format: repository name (myrepo/MyApp) must be lowercase'],
    ['nginx:', 'invalid reference format'],
    ['ng inx', 'invalid reference format'],
    ['', 'invalid reference format'],
    ['nginx:-bad', 'invalid reference format'],
    ['nginx@sha256:abc', 'invalid reference format'],
    [`nginx@sha256:${'a'.repeat(63)}g`, 'invalid reference format'],
    ['a'.repeat(64), `invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`],
  ];
  it.each(bad)('%j is an InvalidImageName: %s', (image, err) => {
    // pkg/kubelet/images/image_manager.go: "Failed to apply default image tag %q: %v" and
    // applyDefaultImageTag's "couldn't parse image reference %q: %v".
    expect(qualifyImage(image)).toEqual({ error: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${err}` });
  });
});

describe('lookupImage', () => {
  it('answers a known image with its manifest and config', () => {
    const r = lookupImage('nginx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest).toMatchObject({ reference: 'docker.io/library/nginx:latest', repository: 'docker.io/library/nginx', tag: 'latest' });
    expect(r.manifest.config).toMatchObject({ entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], stopSignal: 'SIGQUIT', exposedPorts: ['80/tcp'] });
    expect(r.manifest.config.env).toContain('NGINX_VERSION=1.27.3');
    expect(r.manifest.config.binaries).toContain('nginx');
    // Debian's psmisc is not in the image: the lifecycle example's `killall` is not there.
    expect(r.manifest.config.binaries).not.toContain('killall');
    expect(r.manifest.sizeBytes).toBeGreaterThan(70_000_000);
  });

  it('per-tag config replaces the repository\'s (nginx:1.14.2 predates the entrypoint script)', () => {
    const r = lookupImage('nginx:1.14.2');
    expect(r.ok && r.manifest.config.entrypoint).toEqual([]);
    expect(r.ok && r.manifest.config.stopSignal).toBe('SIGTERM');
  });

  it('an unknown tag of a known repository is not found, by its reference', () => {
    expect(lookupImage('nginx:1.99')).toEqual({ ok: false, reason: 'notFound', message: 'docker.io/library/nginx:1.99: not found' });
    expect(lookupImage('registry.k8s.io/e2e-test-images/agnhost:9.9')).toEqual({ ok: false, reason: 'notFound', message: 'registry.k8s.io/e2e-test-images/agnhost:9.9: not found' });
  });

  it('Docker Hub does not say whether an unknown repository exists', () => {
    expect(lookupImage('nginxx')).toEqual({
      ok: false, reason: 'notFound',
      message: 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
    expect(lookupImage('registry.k8s.io/nope:1.0')).toEqual({ ok: false, reason: 'notFound', message: 'registry.k8s.io/nope:1.0: not found' });
  });

  it('an invalid reference is answered as invalid, with the kubelet\'s words', () => {
    expect(lookupImage('nginx:')).toEqual({ ok: false, reason: 'invalid', message: 'Failed to apply default image tag "nginx:": couldn\'t parse image reference "nginx:": invalid reference format' });
  });

  it('digests are sha256 of 64 hex digits, stable per reference, and pullable by digest', () => {
    const a = lookupImage('busybox:1.28');
    const b = lookupImage('docker.io/library/busybox:1.28');
    expect(a.ok && b.ok && a.manifest.digest === b.manifest.digest).toBe(true);
    expect(a.ok && a.manifest.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(imageDigest('docker.io/library/busybox:1.28')).toBe(a.ok ? a.manifest.digest : '');
    expect(imageDigest('docker.io/library/busybox:1.36')).not.toBe(imageDigest('docker.io/library/busybox:1.28'));
    const byDigest = lookupImage(`busybox@${imageDigest('docker.io/library/busybox:1.28')}`);
    expect(byDigest.ok && byDigest.manifest.sizeBytes).toBe(727_869);
    expect(lookupImage(`busybox@sha256:${'0'.repeat(64)}`).ok).toBe(false);
  });

  it('has every image the lessons use, each with a program to run', () => {
    for (const image of [
      'busybox:1.36', 'busybox:1.37', 'registry.k8s.io/busybox', 'alpine:3.20', 'nginx:1.25', 'nginx:stable', 'nginx:alpine', 'perl', 'perl:5.40',
      'registry.k8s.io/e2e-test-images/agnhost:2.52', 'registry.k8s.io/pause:3.9', 'ghcr.io/k8sim/app:2.0', 'registry.k8s.io/etcd:3.5.16-0',
      'registry.k8s.io/kube-apiserver:v1.32.4', 'registry.k8s.io/kube-controller-manager:v1.32.4', 'registry.k8s.io/kube-scheduler:v1.32.4',
      'registry.k8s.io/kube-proxy:v1.32.4', 'registry.k8s.io/coredns/coredns:v1.11.3', 'flannel/flannel:v0.26.1', 'httpd:2.4', 'redis', 'python:3.12',
    ]) {
      const r = lookupImage(image);
      expect(r.ok, image).toBe(true);
      if (!r.ok) continue;
      const first = [...r.manifest.config.entrypoint, ...r.manifest.config.cmd][0];
      if (first) expect(r.manifest.config.binaries, image).toContain(first.replace(/^.*\//, ''));
    }
  });

  it('the table is plain data (it survives structuredClone)', () => {
    expect(structuredClone(IMAGE_CATALOG)).toEqual(IMAGE_CATALOG);
  });
});

describe('release tags the table does not list', () => {
  it('serves any version-like tag of a known repository, and still refuses a made-up one', () => {
    const r = lookupImage('nginx:1.26');
    expect(r.ok && r.manifest.reference).toBe('docker.io/library/nginx:1.26');
    expect(lookupImage('busybox:1.35.0').ok).toBe(true);
    expect(lookupImage('nginx:1.99').ok).toBe(false);
    const bad = lookupImage('nginx:no-such-tag');
    expect(!bad.ok && bad.message).toBe('docker.io/library/nginx:no-such-tag: not found');
  });
});

