/**
 * Event helpers: K pkg/printers/internalversion/printers.go printEvent / formatEventSource
 * (v1.32), k/kubectl pkg/describe/describe.go DescribeEvents and searchEvents, and
 * k/kubectl pkg/util/event/sorted_event_list.go (sorted by lastTimestamp).
 */
import { describe, expect, it } from 'vitest';
import { describeEventAge, eventCount, eventFirstSeen, eventLastSeen, eventObjectRef, eventsFor, eventSource, sortEventsByLastTimestamp } from './events.ts';

const ts = (s: number) => `2026-11-22T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;

describe('event columns', () => {
  it('OBJECT is kind/name with the kind lower-cased, or just the kind without a name', () => {
    expect(eventObjectRef({ involvedObject: { kind: 'Pod', name: 'web-1' } })).toBe('pod/web-1');
    expect(eventObjectRef({ involvedObject: { kind: 'Node' } })).toBe('node');
  });

  it('LAST SEEN falls back to FIRST SEEN, which falls back to eventTime; series wins', () => {
    expect(eventLastSeen({ firstTimestamp: ts(10), lastTimestamp: ts(40) }, 60_000)).toBe('20s');
    expect(eventLastSeen({ firstTimestamp: ts(10) }, 60_000)).toBe('50s');
    expect(eventFirstSeen({ eventTime: '2026-11-22T00:00:30.000000Z' }, 60_000)).toBe('30s');
    expect(eventLastSeen({ eventTime: ts(0), series: { count: 4, lastObservedTime: '2026-11-22T00:00:55.000000Z' } }, 60_000)).toBe('5s');
    expect(eventLastSeen({}, 60_000)).toBe('<unknown>');
  });

  it('COUNT: series count, count, or 1 for a singleton of the new API', () => {
    expect(eventCount({ count: 3 })).toBe(3);
    expect(eventCount({})).toBe(1);
    expect(eventCount({ count: 1, series: { count: 7 } })).toBe(7);
  });

  it('SOURCE: component[, host], reporting fields as fallback', () => {
    expect(eventSource({ source: { component: 'kubelet', host: 'node-1' } })).toBe('kubelet, node-1');
    expect(eventSource({ source: { component: 'default-scheduler' } })).toBe('default-scheduler');
    expect(eventSource({ reportingComponent: 'deployment-controller' })).toBe('deployment-controller');
  });
});

describe('describe helpers', () => {
  it('Age: first seen, or `<last> (xN over <first>)` for a repeated event (reference §12.4)', () => {
    expect(describeEventAge({ firstTimestamp: ts(20), lastTimestamp: ts(20), count: 1 }, 40_000)).toBe('20s');
    expect(describeEventAge({ firstTimestamp: ts(1), lastTimestamp: ts(20), count: 3 }, 40_000)).toBe('20s (x3 over 39s)');
  });

  it('sorts by lastTimestamp, oldest first, unset first', () => {
    const events = [{ reason: 'b', lastTimestamp: ts(30) }, { reason: 'a', lastTimestamp: ts(10) }, { reason: 'z' }];
    expect(sortEventsByLastTimestamp(events).map((e) => e.reason)).toEqual(['z', 'a', 'b']);
  });

  it('selects events by involvedObject name, namespace, kind and uid (Pod: any kind; Node: uid or name)', () => {
    const pod = { kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1' } };
    const events = [
      { reason: 'mine', involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u1' } },
      { reason: 'old-incarnation', involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u0' } },
      { reason: 'other-ns', involvedObject: { kind: 'Pod', name: 'p', namespace: 'dev', uid: 'u1' } },
    ];
    expect(eventsFor(pod, events).map((e) => e.reason)).toEqual(['mine']);
    const node = { kind: 'Node', metadata: { name: 'n1', uid: 'nu' } };
    const nodeEvents = [
      { reason: 'controller', involvedObject: { kind: 'Node', name: 'n1', uid: 'nu' } },
      { reason: 'kubelet', involvedObject: { kind: 'Node', name: 'n1', uid: 'n1' } },
      { reason: 'pod-named-n1', involvedObject: { kind: 'Pod', name: 'n1', uid: 'n1' } },
    ];
    expect(eventsFor(node, nodeEvents).map((e) => e.reason)).toEqual(['controller', 'kubelet']);
  });
});
