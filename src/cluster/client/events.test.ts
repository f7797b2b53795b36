/**
 * client-go's EventCorrelator (staging/src/k8s.io/client-go/tools/record/events_cache.go), which
 * every legacy Event passes through: EventAggregate (defaultAggregateMaxEvents = 10,
 * defaultAggregateIntervalInSeconds = 600, message "(combined from similar events): "), then
 * eventObserve (the same event again is a patch of count and lastTimestamp), then the
 * EventSourceObjectSpamFilter (defaultSpamBurst = 25, defaultSpamQPS = 1/300 per source and
 * involved object). Its own tests (events_cache_test.go TestEventCorrelator) check the same
 * sequence: 10 similar events give one aggregate, and the 26th event about an object is skipped.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type KubeClient } from './client.ts';
import { COMBINED_PREFIX, createRecorder, onEventResponse, onEventWake, recordEvent, type EventRecorder } from './events.ts';
import { newSink, type EffectSink } from '../effects.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../apiserver/messages.ts';

const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-6d4cf56db6', namespace: 'default', uid: 'u-rs' } };
const pod = (n: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${n}`, namespace: 'default', uid: `u-${n}` } });
const stamp = (ms: number) => `t${ms}`;

type Sent = { verb: string; name?: string; message?: string; count?: number };

const sentBy = (sink: EffectSink): Sent[] =>
  sink.effects.flatMap((e): Sent[] => {
    if (e.type !== 'net.send' || e.kind !== 'kube.request') return [];
    const req = (e.body as { req: ApiRequest }).req as ApiRequest & { body?: KubeObject; patch?: { message?: string; count?: number }; name?: string };
    return [req.verb === 'create' ? { verb: 'create', name: req.body!.metadata!.name!, message: req.body!['message'] as string, count: req.body!['count'] as number } : { verb: req.verb, name: req.name!, message: req.patch!.message!, count: req.patch!.count! }];
  });

/** Records `messages` about `object` at `atMs`, answering each request with `answer`, and returns the API requests sent. */
function record(r: EventRecorder, c: KubeClient, object: KubeObject, reason: string, messages: string[], atMs: number, answer: ApiResponse = { ok: true, code: 201, body: {} }): Sent[] {
  const out: Sent[] = [];
  for (const m of messages) {
    const sink = newSink(atMs);
    recordEvent(c, r, object, 'Normal', reason, m, sink, stamp);
    out.push(...sentBy(sink));
    while (r.inFlight) {
      const next = newSink(atMs);
      onEventResponse(c, r, answer, next);
      out.push(...sentBy(next));
    }
  }
  return out;
}

describe('the event correlator', () => {
  it('combines similar events after 9 distinct messages, and stops after 25 events about one object', () => {
    const c = createClient('kube-controller-manager', 'cp-1', 'cp-1', 1);
    const r = createRecorder('replicaset-controller', '');
    const messages = Array.from({ length: 100 }, (_, i) => `Created pod: web-${i}`);
    const sent = record(r, c, rs, 'SuccessfulCreate', messages, 0);
    // 9 events of their own, then the 10th distinct message turns into the aggregate.
    expect(sent.slice(0, 9).map((s) => s.message)).toEqual(messages.slice(0, 9));
    expect(sent.slice(0, 10).every((s) => s.verb === 'create')).toBe(true);
    expect(sent[9]!.message).toBe(`${COMBINED_PREFIX}Created pod: web-9`);
    // Later ones patch the aggregate, each with the newest message and the next count.
    expect(sent[10]).toEqual({ verb: 'patch', name: sent[9]!.name, message: `${COMBINED_PREFIX}Created pod: web-10`, count: 2 });
    // 25 tokens: 9 + 1 creates and 15 patches; the other 75 are dropped.
    expect(sent).toHaveLength(25);
    expect(sent[24]).toMatchObject({ verb: 'patch', count: 16 });
  });

  it('refills one token every 5 minutes, and the next patch carries every occurrence counted meanwhile', () => {
    const c = createClient('kubelet', 'worker-1', 'cp-1', 1);
    const r = createRecorder('kubelet', 'worker-1');
    const p = pod(1);
    // The same BackOff 30 times at once: 1 create, 24 patches, 5 dropped but counted.
    const first = record(r, c, p, 'BackOff', Array.from({ length: 30 }, () => 'Back-off restarting failed container app in pod web-1_default(u-1)'), 0);
    expect(first.map((s) => s.verb)).toEqual(['create', ...Array.from({ length: 24 }, () => 'patch')]);
    expect(first.at(-1)!.count).toBe(25);
    expect(record(r, c, p, 'BackOff', ['Back-off restarting failed container app in pod web-1_default(u-1)'], 299_000)).toEqual([]);
    expect(record(r, c, p, 'BackOff', ['Back-off restarting failed container app in pod web-1_default(u-1)'], 600_000)).toEqual([{ verb: 'patch', name: first[0]!.name, message: 'Back-off restarting failed container app in pod web-1_default(u-1)', count: 32 }]);
  });

  it('keeps a separate budget per involved object', () => {
    const c = createClient('kubelet', 'worker-1', 'cp-1', 1);
    const r = createRecorder('kubelet', 'worker-1');
    for (let i = 0; i < 50; i++) expect(record(r, c, pod(i), 'Pulled', ['Container image "nginx:1.27" already present on machine'], 0)).toHaveLength(1);
  });

  it('starts a new aggregate group when 10 minutes pass without a similar event', () => {
    const c = createClient('kube-controller-manager', 'cp-1', 'cp-1', 1);
    const r = createRecorder('replicaset-controller', '');
    const early = record(r, c, rs, 'SuccessfulDelete', Array.from({ length: 9 }, (_, i) => `Deleted pod: web-${i}`), 0);
    expect(early.every((s) => !s.message!.startsWith(COMBINED_PREFIX))).toBe(true);
    // 10 minutes and a second later the 9 messages are forgotten: a 10th distinct message is not combined.
    const late = record(r, c, rs, 'SuccessfulDelete', ['Deleted pod: web-9'], 601_000);
    expect(late).toEqual([{ verb: 'create', name: expect.any(String), message: 'Deleted pod: web-9', count: 1 }]);
  });
});

describe('the event sink', () => {
  it('sends one request at a time, in order, as the broadcaster goroutine does', () => {
    const c = createClient('kubelet', 'worker-1', 'cp-1', 1);
    const r = createRecorder('kubelet', 'worker-1');
    const sink = newSink(0);
    recordEvent(c, r, pod(1), 'Normal', 'Pulled', 'Container image "nginx" already present on machine', sink, stamp);
    recordEvent(c, r, pod(1), 'Normal', 'Created', 'Created container: nginx', sink, stamp);
    expect(sentBy(sink).map((s) => s.message)).toEqual(['Container image "nginx" already present on machine']);
    const next = newSink(3);
    onEventResponse(c, r, { ok: true, code: 201, body: {} }, next);
    expect(sentBy(next).map((s) => s.message)).toEqual(['Created container: nginx']);
  });

  it('creates the Event again when the patch finds it gone (recordEvent: IsKeyNotFoundError)', () => {
    const c = createClient('kubelet', 'worker-1', 'cp-1', 1);
    const r = createRecorder('kubelet', 'worker-1');
    const [created] = record(r, c, pod(1), 'BackOff', ['Back-off restarting failed container'], 0);
    const gone: ApiResponse = { ok: false, status: { code: 404, reason: 'NotFound', message: 'events "x" not found' } };
    expect(record(r, c, pod(1), 'BackOff', ['Back-off restarting failed container'], 10_000, gone)).toEqual([
      { verb: 'patch', name: created!.name, message: 'Back-off restarting failed container', count: 2 },
      { verb: 'create', name: created!.name, message: 'Back-off restarting failed container', count: 2 },
    ]);
  });

  it('tries an Event the apiserver did not answer 12 times, 10 s apart, and one it rejected never again', () => {
    const c = createClient('kubelet', 'cp-1', 'cp-1', 1);
    const r = createRecorder('kubelet', 'cp-1');
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp-1', uid: 'cp-1' } };
    const first = newSink(0);
    recordEvent(c, r, node, 'Normal', 'Starting', 'Starting kubelet.', first, stamp);
    recordEvent(c, r, node, 'Normal', 'NodeHasSufficientMemory', 'Node cp-1 status is now: NodeHasSufficientMemory', first, stamp);
    expect(sentBy(first)).toHaveLength(1);
    const sleeps: number[] = [];
    let tries = 1;
    for (;;) {
      const sink = newSink(0);
      onEventResponse(c, r, null, sink); // connection refused: no answer
      const wake = sink.effects.find((e) => e.type === 'timer.set' && (e.payload as { type: string }).type === 'client.wake');
      if (!wake) {
        // The 12th failure gives up on this Event and sends the next one.
        expect(sentBy(sink).map((x) => x.message)).toEqual(['Node cp-1 status is now: NodeHasSufficientMemory']);
        break;
      }
      sleeps.push((wake as { delayMs: number }).delayMs);
      const again = newSink(0);
      onEventWake(c, r, again);
      expect(sentBy(again).map((x) => x.message)).toEqual(['Starting kubelet.']);
      tries++;
    }
    expect(tries).toBe(12);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThan(10_000);
    expect(sleeps.slice(1)).toEqual(Array.from({ length: 10 }, () => 10_000));
    // A rejection (an API status, here 403) is not tried again: the queue moves on.
    const rejected = newSink(0);
    onEventResponse(c, r, { ok: false, status: { code: 403, reason: 'Forbidden', message: 'forbidden' } }, rejected);
    expect(rejected.effects.filter((e) => e.type === 'timer.set' && (e.payload as { type: string }).type === 'client.wake')).toEqual([]);
    expect(r.inFlight).toBeNull();
  });
});
