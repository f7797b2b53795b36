// TEMPORARY stand-in while catalog.ts is being written. Not to be committed.
import type { PullResponse } from './messages.ts';
const KNOWN: Record<string, { entrypoint: string[]; cmd: string[]; size: number; binaries: string[]; stop?: string }> = {
  'docker.io/library/nginx': { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], size: 72_000_000, binaries: ['docker-entrypoint.sh', 'nginx', 'sh', 'cat', 'sleep', 'echo'], stop: 'SIGQUIT' },
  'docker.io/library/busybox': { entrypoint: [], cmd: ['sh'], size: 2_200_000, binaries: ['sh', 'sleep', 'echo', 'cat', 'touch', 'rm', 'ls'] },
  'registry.k8s.io/e2e-test-images/agnhost': { entrypoint: ['/agnhost'], cmd: [], size: 50_000_000, binaries: ['agnhost', 'sh', 'cat'] },
  'docker.io/library/perl': { entrypoint: [], cmd: ['perl', '-de0'], size: 330_000_000, binaries: ['perl', 'sh'] },
  'registry.k8s.io/etcd': { entrypoint: [], cmd: [], size: 57_000_000, binaries: ['etcd', 'etcdctl'] },
  'registry.k8s.io/kube-apiserver': { entrypoint: [], cmd: [], size: 28_000_000, binaries: ['kube-apiserver'] },
  'registry.k8s.io/kube-controller-manager': { entrypoint: [], cmd: [], size: 26_000_000, binaries: ['kube-controller-manager'] },
  'registry.k8s.io/kube-scheduler': { entrypoint: [], cmd: [], size: 20_000_000, binaries: ['kube-scheduler'] },
  'registry.k8s.io/pause': { entrypoint: ['/pause'], cmd: [], size: 320_000, binaries: ['pause'] },
  'docker.io/library/httpd': { entrypoint: [], cmd: ['httpd-foreground'], size: 58_000_000, binaries: ['httpd-foreground', 'sh'] },
  'docker.io/polinux/stress': { entrypoint: ['stress'], cmd: [], size: 9_000_000, binaries: ['stress', 'sh'] },
};
export function lookupImage(image: string): PullResponse {
  let ref = image;
  if (!/:[^/]*$/.test(ref)) ref += ':latest';
  if (!ref.includes('/')) ref = `docker.io/library/${ref}`;
  else if (!/^[^/]+[.:]/.test(ref)) ref = `docker.io/${ref}`;
  const repo = ref.replace(/:[^:/]*$/, '');
  const k = KNOWN[repo];
  if (!k) return { ok: false, reason: 'notFound', message: 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed' };
  return { ok: true, manifest: { reference: ref, repository: repo, tag: ref.slice(repo.length + 1), digest: 'sha256:' + 'ab'.repeat(32), sizeBytes: k.size, config: { entrypoint: k.entrypoint, cmd: k.cmd, env: ['PATH=/usr/bin'], workingDir: '/', ...(k.stop ? { stopSignal: k.stop } : {}), exposedPorts: [], binaries: k.binaries } } };
}
