// K pkg/scheduler/framework/plugins/nodename/node_name_test.go
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { filter } from './nodeName.ts';

describe('NodeName filter', () => {
  it.each([
    { name: 'no node name', nodeName: undefined, code: 'Success' },
    { name: 'same node', nodeName: 'foo', code: 'Success' },
    { name: 'other node', nodeName: 'bar', code: 'UnschedulableAndUnresolvable' },
  ])('$name', ({ nodeName, code }) => {
    const pod = makePod('p');
    if (nodeName) pod.spec!.nodeName = nodeName;
    const s = filter(cycleState(), pod, nodeInfo(makeNode('foo')));
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
});
