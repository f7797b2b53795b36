/**
 * `ip` (iproute2) on the host the terminal is on, for the two objects a lesson needs:
 *
 * - `ip -4 addr show eth0` (or lo): the host's address on its LAN interface, and the virtual
 *   addresses keepalived added there (the apiserver VIP while the host is the VRRP master). Only
 *   the IPv4 view of eth0 and lo is modelled: the pod network's interfaces (cni0, flannel.1,
 *   kube-ipvs0), IPv6 and the link layer are not. Format: iproute2 ip/ipaddress.c
 *   print_addrinfo: `inet ADDR/PLEN [brd B] scope global DEV`, then `valid_lft forever
 *   preferred_lft forever`. keepalived adds a virtual_ipaddress given without a mask as /32
 *   (keepalived.conf(5): "<IPADDR>[/<MASK>] ... default mask /32").
 * - `ip route`: the node kernel's main routing table — the default route, the LAN, and where
 *   flannel is the pod network, a route per other node's subnet through flannel.1
 *   (`10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink`, as flannel's vxlan backend adds them)
 *   and the node's own subnet on the cni0 bridge once a pod has been networked there.
 *
 * Other `ip` objects are not modelled and say so.
 */
import { ipRouteLines } from '../cluster/flannel/flanneld.ts';
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
  const object = args.find((a) => !a.startsWith('-'));
  if (object && 'route'.startsWith(object)) return yield* ipRoute(args.filter((a) => a !== '-4'), io);
  if (object && 'address'.startsWith(object)) return yield* ipAddr(args, io);
  if (!object) {
    io.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | ... }\n');
    return 255;
  }
  io.err(`ip: k8sim models \`ip -4 addr show DEV\` and \`ip route\`; "${object}" is not modelled\n`);
  return 255;
}

function* ipAddr(args: string[], io: CommandIO): Program {
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

function* ipRoute(args: string[], io: CommandIO): Program {
  const [object, verb, ...rest] = args;
  if (!object) {
    io.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | ... }\n');
    return 255;
  }
  if (verb !== undefined && !['show', 'list', 'ls'].includes(verb)) {
    io.err(`ip route: k8sim models listing (show, list) only; "${verb}" is not modelled\n`);
    return 255;
  }
  if (rest.length > 0) {
    io.err(`ip route: k8sim models the whole table only; "${rest.join(' ')}" is not modelled\n`);
    return 255;
  }
  const w = io.session.world;
  const hostName = io.session.host;
  const host = w.hosts[hostName]!;
  const rt = w.runtimes[hostName];
  // The bridge plugin creates cni0 (with the subnet's .1) for the first pod it networks.
  const cni0 = Boolean(rt?.hostFs && Object.values(rt.sandboxes).some((sb) => sb.state === 'SANDBOX_READY' && sb.ip !== rt.nodeIp));
  const subnet = w.flannels[hostName]?.subnet ?? null;
  for (const line of ipRouteLines(w.flannelKernels[hostName], host.ip, subnet, cni0)) io.out(`${line} \n`);
  return 0;
}
