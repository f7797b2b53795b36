/**
 * `ip route` (iproute2) on the host the terminal is on: the node kernel's main routing table —
 * the default route, the LAN, and where flannel is the pod network, a route per other node's
 * subnet through flannel.1 (`10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink`, as flannel's
 * vxlan backend adds them) and the node's own subnet on the cni0 bridge once a pod has been
 * networked there. Other `ip` objects are not modelled and say so.
 */
import { ipRouteLines } from '../cluster/flannel/flanneld.ts';
import type { CommandIO, Program } from './session.ts';

export function* ip(args: string[], io: CommandIO): Program {
  const [object, verb, ...rest] = args;
  if (!object) {
    io.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | ... }\n');
    return 255;
  }
  if (!'route'.startsWith(object) || object.length === 0) {
    io.err(`ip: k8sim models \`ip route\` only; "${object}" is not modelled\n`);
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
