// K pkg/scheduler/framework/plugins/nodeports/node_ports_test.go and
// K pkg/scheduler/framework/types_test.go (HostPortInfo conflicts: 0.0.0.0 overlaps every IP).
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { ERR_REASON, filter, preFilter } from './nodePorts.ts';

function podWithPort(name: string, hostPort: number, protocol?: string, hostIP?: string): Pod {
  return makePod(name, { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: hostPort, hostPort, ...(protocol ? { protocol } : {}), ...(hostIP ? { hostIP } : {}) }] }] });
}

describe('NodePorts filter', () => {
  it.each([
    { name: 'no host ports', pod: makePod('p'), existing: [podWithPort('e', 80)], fits: true },
    { name: 'free port', pod: podWithPort('p', 8080), existing: [podWithPort('e', 80)], fits: true },
    { name: 'same port, TCP default', pod: podWithPort('p', 80), existing: [podWithPort('e', 80, 'TCP')], fits: false },
    { name: 'same port, other protocol', pod: podWithPort('p', 80, 'UDP'), existing: [podWithPort('e', 80)], fits: true },
    { name: 'same port, different specific IPs', pod: podWithPort('p', 80, 'TCP', '127.0.0.1'), existing: [podWithPort('e', 80, 'TCP', '127.0.0.2')], fits: true },
    { name: 'same port, one on 0.0.0.0', pod: podWithPort('p', 80, 'TCP', '127.0.0.1'), existing: [podWithPort('e', 80, 'TCP', '0.0.0.0')], fits: false },
    { name: 'same port, wanted on all IPs', pod: podWithPort('p', 80), existing: [podWithPort('e', 80, 'TCP', '10.0.0.1')], fits: false },
  ])('$name', ({ pod, existing, fits }) => {
    const s = filter(cycleState(), pod, nodeInfo(makeNode('n'), existing));
    expect(s).toEqual(fits ? { code: 'Success', reasons: [] } : { code: 'Unschedulable', reasons: [ERR_REASON] });
  });

  it('PreFilter skips pods without host ports', () => {
    expect(preFilter(cycleState(), makePod('p')).status.code).toBe('Skip');
    expect(preFilter(cycleState(), podWithPort('p', 80)).status.code).toBe('Success');
  });

  it('reason text', () => {
    expect(ERR_REASON).toBe("node(s) didn't have free ports for the requested pod ports");
  });
});
