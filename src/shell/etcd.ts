/**
 * The `etcd` binary: `etcd --name m4 --initial-cluster ... --initial-cluster-state existing`
 * starts a member on the current host (as `etcd ... &` would, or systemd with those flags).
 * Used to start a member added with `etcdctl member add`.
 */
import { defaultEtcdConfig } from '../cluster/etcd/server.ts';
import { parseInitialCluster } from '../cluster/etcd/durable.ts';
import { configureEtcd, startEtcd } from '../simulation/world.ts';
import { parseFlags } from './parse.ts';
import type { CommandIO, Program } from './session.ts';

const VALUE_FLAGS = ['name', 'data-dir', 'initial-cluster', 'initial-cluster-state', 'initial-cluster-token', 'initial-advertise-peer-urls', 'listen-peer-urls', 'listen-client-urls', 'advertise-client-urls', 'heartbeat-interval', 'election-timeout', 'snapshot-count', 'pre-vote', 'cert-file', 'key-file', 'trusted-ca-file', 'peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file', 'client-cert-auth', 'peer-client-cert-auth'];

export function* etcdBinary(args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const host = w.hosts[io.session.host]!;
  const parsed = parseFlags(args, new Set(VALUE_FLAGS));
  if ('error' in parsed) {
    io.err(`etcd: ${parsed.error}\n`);
    return 2;
  }
  for (const f of Object.keys(parsed.flags)) {
    if (!VALUE_FLAGS.includes(f) && f !== 'version') {
      io.err(`flag provided but not defined: -${f}\n`);
      return 2;
    }
  }
  if (parsed.flags['version'] === true) {
    io.out('etcd Version: 3.5.16\nGit SHA: f20bbad\nGo Version: go1.22.7\nGo OS/Arch: linux/amd64\n');
    return 0;
  }
  if (w.etcd[host.name]?.status === 'running') {
    io.err(`{"level":"fatal","msg":"listen tcp ${host.ip}:2380: bind: address already in use"}\n`);
    return 1;
  }
  const name = (parsed.flags['name'] as string | undefined) ?? 'default';
  const peerUrl = (parsed.flags['initial-advertise-peer-urls'] as string | undefined) ?? `https://${host.ip}:2380`;
  const clusterText = (parsed.flags['initial-cluster'] as string | undefined) ?? `${name}=${peerUrl}`;
  const initial = parseInitialCluster(clusterText);
  if ('error' in initial) {
    io.err(`{"level":"fatal","msg":"${initial.error}"}\n`);
    return 1;
  }
  const config = defaultEtcdConfig(name, host.ip, initial, (parsed.flags['initial-cluster-token'] as string | undefined) ?? 'etcd-cluster');
  config.dataDir = (parsed.flags['data-dir'] as string | undefined) ?? `/root/${name}.etcd`;
  config.initialClusterState = parsed.flags['initial-cluster-state'] === 'existing' ? 'existing' : 'new';
  for (const [flag, key] of [['heartbeat-interval', 'heartbeatIntervalMs'], ['election-timeout', 'electionTimeoutMs'], ['snapshot-count', 'snapshotCount']] as const) {
    const v = parsed.flags[flag];
    if (typeof v === 'string') config[key] = Number(v);
  }
  if (parsed.flags['pre-vote'] === 'false') config.preVote = false;
  configureEtcd(w, host.name, config);
  const err = startEtcd(w, host.name);
  if (err) {
    io.err(`{"level":"fatal","msg":"${err}"}\n`);
    return 1;
  }
  // Run as a transient unit (as `systemd-run --unit etcd` would), so systemctl can stop and start it.
  if (!(w.units[host.name] ?? []).includes('etcd')) w.units[host.name] = [...(w.units[host.name] ?? []), 'etcd'];
  io.err(`{"level":"info","msg":"etcd ${name} started in the background (data dir ${config.dataDir}); manage it with systemctl stop|start etcd"}\n`);
  return 0;
}
