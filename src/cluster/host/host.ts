/**
 * Hosts: a name, an address, up or down, and a small filesystem that survives crashes (the disk).
 * Processes keep their volatile state elsewhere and lose it when the host crashes; what they
 * persisted lives in the filesystem, e.g. etcd's data dir.
 */
export type HostRole = 'control-plane' | 'worker' | 'etcd' | 'load-balancer' | 'registry';

export type FsNode =
  | { type: 'dir' }
  | { type: 'file'; content: string }
  /** An etcd data dir's `member` folder; `data` is the member's durable state (WAL, snap, db). */
  | { type: 'etcd-member'; data: unknown }
  /** A file written by `etcdctl snapshot save`: a copy of a member's backend. */
  | { type: 'etcd-snapshot'; data: unknown; sizeBytes: number };

export interface Host {
  name: string;
  ip: string;
  role: HostRole;
  up: boolean;
  /** Increments on every boot; lets a process tell a reboot from a continuous run. */
  bootCount: number;
  fs: Record<string, FsNode>;
}

export function createHost(name: string, ip: string, role: HostRole): Host {
  const fs: Record<string, FsNode> = {};
  for (const d of ['/', '/root', '/etc', '/tmp', '/var', '/var/lib', '/var/backups']) fs[d] = { type: 'dir' };
  return { name, ip, role, up: true, bootCount: 1, fs };
}

export function normalizePath(cwd: string, path: string): string {
  const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Creates the directory and its parents (mkdir -p). */
export function mkdirp(host: Host, path: string): void {
  const parts = path.split('/').filter(Boolean);
  let cur = '';
  for (const p of parts) {
    cur += '/' + p;
    if (!host.fs[cur]) host.fs[cur] = { type: 'dir' };
  }
}

export function childrenOf(host: Host, dir: string): string[] {
  const prefix = dir === '/' ? '/' : dir + '/';
  const out = new Set<string>();
  for (const p of Object.keys(host.fs)) {
    if (p !== dir && p.startsWith(prefix)) out.add(p.slice(prefix.length).split('/')[0]!);
  }
  return [...out].sort();
}

/** Moves a path and everything under it (mv). Returns false if the source does not exist. */
export function movePath(host: Host, from: string, to: string): boolean {
  if (!host.fs[from]) return false;
  const moved: [string, FsNode][] = [];
  for (const [p, node] of Object.entries(host.fs)) {
    if (p === from || p.startsWith(from + '/')) moved.push([p, node]);
  }
  for (const [p] of moved) delete host.fs[p];
  for (const [p, node] of moved) host.fs[to + p.slice(from.length)] = node;
  mkdirp(host, parentOf(to));
  return true;
}

export function removePath(host: Host, path: string): void {
  for (const p of Object.keys(host.fs)) if (p === path || p.startsWith(path + '/')) delete host.fs[p];
}
