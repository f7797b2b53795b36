/**
 * `ip -4 addr show eth0` (iproute2): the host's address on its LAN interface, and the virtual
 * addresses keepalived added there (the apiserver VIP while the host is the VRRP master). Only
 * the IPv4 view of eth0 and lo is modelled: the pod network's interfaces (cni0, flannel.1,
 * kube-ipvs0), IPv6 and the link layer are not.
 *
 * Format: iproute2 ip/ipaddress.c print_addrinfo: `inet ADDR/PLEN [brd B] scope global DEV`, then
 * `valid_lft forever preferred_lft forever`. keepalived adds a virtual_ipaddress given without a
 * mask as /32 (keepalived.conf(5): "<IPADDR>[/<MASK>] ... default mask /32").
 */
import type { CommandIO, Program } from './session.ts';

export interface Ipv4Iface {
  index: number;
  name: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: string;
  addrs: { cidr: string; brd?: string; scope: 'host' | 'global' }[];
}

/** lo and eth0 of a host on the 10.0.0.0/24 LAN, with the VIPs keepalived added to eth0. */
export function hostInterfaces(ip: string, vips: readonly string[]): Ipv4Iface[] {
  return [
    { index: 1, name: 'lo', flags: 'LOOPBACK,UP,LOWER_UP', mtu: 65536, qdisc: 'noqueue', state: 'UNKNOWN', addrs: [{ cidr: '127.0.0.1/8', scope: 'host' }] },
    { index: 2, name: 'eth0', flags: 'BROADCAST,MULTICAST,UP,LOWER_UP', mtu: 1500, qdisc: 'fq_codel', state: 'UP', addrs: [{ cidr: `${ip}/24`, brd: `${ip.split('.').slice(0, 3).join('.')}.255`, scope: 'global' }, ...vips.map((v) => ({ cidr: `${v}/32`, scope: 'global' as const }))] },
  ];
}

/** What `ip -4 addr show DEV` prints for one interface. */
export function formatIpv4Addr(i: Ipv4Iface): string {
  const lines = [`${i.index}: ${i.name}: <${i.flags}> mtu ${i.mtu} qdisc ${i.qdisc} state ${i.state} group default qlen 1000`];
  for (const a of i.addrs) {
    lines.push(`    inet ${a.cidr}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope} ${i.name}`);
    lines.push('       valid_lft forever preferred_lft forever');
  }
  return lines.join('\n') + '\n';
}

export function* ip(args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const host = w.hosts[io.session.host]!;
  const rest = args.filter((a) => a !== '-4');
  const [obj, verb, ...more] = rest;
  const dev = more[0] === 'dev' ? more[1] : more[0];
  if (!args.includes('-4') || !obj || !'address'.startsWith(obj) || (verb && verb !== 'show') || !dev) {
    io.err('k8sim: only `ip -4 addr show eth0` (or lo) is modelled\n');
    return 1;
  }
  const iface = hostInterfaces(host.ip, w.hostVips[host.name] ?? []).find((i) => i.name === dev);
  if (!iface) {
    io.err(`Device "${dev}" does not exist.\n`);
    return 1;
  }
  io.out(formatIpv4Addr(iface));
  return 0;
}
