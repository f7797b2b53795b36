/**
 * The reflector's recovery from a connection that broke under it (client-go tools/cache
 * reflector.go ListAndWatch; the HTTP/2 transport's health check, ReadIdleTimeout 30 s and
 * PingTimeout 15 s, k8s.io/client-go/transport): a watch resumes from the last resourceVersion it
 * saw, so no event is lost; a list that never gets an answer fails and is retried after back-off.
 */
import { describe, expect, it } from 'vitest';
import { newSink, type EffectSink } from '../effects.ts';
import { addInformer, createClient, informerItems, onClientPacket, onClientTimer, PING_TIMEOUT_MS, READ_IDLE_TIMEOUT_MS, startInformers, type KubeClient } from './client.ts';
import type { KubeObject, WatchFrame } from '../apiserver/messages.ts';

const slice = (rv: string, ip: string): KubeObject => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-x', namespace: 'default', resourceVersion: rv }, endpoints: [{ addresses: [ip] }] } as KubeObject);

function sent(sink: EffectSink): { port: string; body: unknown }[] {
  return sink.effects.flatMap((e) => (e.type === 'net.send' && e.kind === 'kube.request' ? [{ port: e.from.port, body: e.body }] : []));
}

function listAndWatch(): { c: KubeClient; watchPort: string } {
  const c = createClient('kube-proxy', 'worker-1', '10.0.0.10', 1);
  addInformer(c, 'endpointslices', 'endpointslices');
  const s1 = newSink(0);
  startInformers(c, s1);
  const list = sent(s1)[0]!;
  const s2 = newSink(10);
  onClientPacket(c, list.port, { host: 'cp-1', port: '6443' }, 'kube.response', { ok: true, code: 200, body: { kind: 'EndpointSliceList', metadata: { resourceVersion: '100' }, items: [slice('100', '10.244.1.2')] } }, s2);
  const watch = sent(s2)[0]!;
  expect((watch.body as { req: { verb: string; resourceVersion: string } }).req).toMatchObject({ verb: 'watch', resourceVersion: '100' });
  return { c, watchPort: watch.port };
}

describe('informer recovery', () => {
  it('a missing watch frame means the stream broke: it watches again from the last resourceVersion, and the frame after the gap is not applied', () => {
    const { c, watchPort } = listAndWatch();
    const frame = (seq: number, rv: string, ip: string): WatchFrame => ({ watchId: '', seq, events: [{ type: 'MODIFIED', object: slice(rv, ip) }] });
    onClientPacket(c, watchPort, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(0, '101', '10.244.1.3'), newSink(20));
    // Frame 1 (rv 102) was lost in a partition; frame 2 arrives.
    const s = newSink(30);
    const n = onClientPacket(c, watchPort, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(2, '103', '10.244.1.5'), s);
    expect(n).toEqual({ kind: 'none' });
    expect(informerItems(c, 'endpointslices')[0]!.metadata?.resourceVersion).toBe('101');
    const rewatch = sent(s);
    expect(rewatch).toHaveLength(1);
    expect((rewatch[0]!.body as { req: { verb: string; resourceVersion: string } }).req).toMatchObject({ verb: 'watch', resourceVersion: '101' });
  });

  it('a list with no answer fails after the health check\'s idle and ping timeouts, and is retried after the reflector\'s back-off', () => {
    const c = createClient('kube-proxy', 'worker-1', '10.0.0.10', 1);
    addInformer(c, 'endpointslices', 'endpointslices');
    startInformers(c, newSink(0));
    const deadline = READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS;
    const before = newSink(deadline - 5000);
    onClientTimer(c, { type: 'client.health' }, before);
    expect(c.informers['endpointslices']!.phase).toBe('listing');
    const at = newSink(deadline);
    onClientTimer(c, { type: 'client.health' }, at);
    expect(c.informers['endpointslices']!.phase).toBe('backoff');
    expect(at.effects).toContainEqual(expect.objectContaining({ type: 'timer.set', delayMs: 800, payload: { type: 'client.relist', informer: 'endpointslices' } }));
    const relist = newSink(deadline + 800);
    onClientTimer(c, { type: 'client.relist', informer: 'endpointslices' }, relist);
    expect((sent(relist)[0]!.body as { req: { verb: string } }).req.verb).toBe('list');
  });

  it('arms the health check for the exact deadline: 30 s after a watch\'s last frame it PINGs, 15 s later without a PONG the watch fails', () => {
    const healthTimers = (sink: EffectSink) => sink.effects.flatMap((e) => (e.type === 'timer.set' && e.key.endsWith('/health') ? [e.delayMs] : []));
    const pings = (sink: EffectSink) => sink.effects.filter((e) => e.type === 'net.send' && e.kind === 'h2.ping').length;
    const c = createClient('kube-proxy', 'worker-1', '10.0.0.10', 1);
    addInformer(c, 'endpointslices', 'endpointslices');
    const start = newSink(0);
    startInformers(c, start);
    // The list: answered, or failed READ_IDLE + PING timeouts after it went out.
    expect(healthTimers(start)).toEqual([READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS]);
    const listed = newSink(10);
    onClientPacket(c, sent(start)[0]!.port, { host: 'cp-1', port: '6443' }, 'kube.response', { ok: true, code: 200, body: { kind: 'EndpointSliceList', metadata: { resourceVersion: '100' }, items: [] } }, listed);
    // The watch that follows brings the deadline nearer: 30 s after it began.
    expect(healthTimers(listed)).toEqual([READ_IDLE_TIMEOUT_MS]);
    const watchPort = sent(listed)[0]!.port;
    onClientPacket(c, watchPort, { host: 'cp-1', port: '6443' }, 'kube.watch', { watchId: '', seq: 0, events: [{ type: 'ADDED', object: slice('101', '10.244.1.2') }] } as WatchFrame, newSink(20_000));
    // The timer fires early (a frame came meanwhile): no PING, armed again for 30 s after that frame.
    const early = newSink(READ_IDLE_TIMEOUT_MS + 10);
    onClientTimer(c, { type: 'client.health' }, early);
    expect([pings(early), ...healthTimers(early)]).toEqual([0, 20_000 + READ_IDLE_TIMEOUT_MS - (READ_IDLE_TIMEOUT_MS + 10)]);
    const idle = newSink(20_000 + READ_IDLE_TIMEOUT_MS);
    onClientTimer(c, { type: 'client.health' }, idle);
    expect([pings(idle), ...healthTimers(idle)]).toEqual([1, PING_TIMEOUT_MS]);
    const dead = newSink(20_000 + READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS);
    onClientTimer(c, { type: 'client.health' }, dead);
    expect(c.informers['endpointslices']!.phase).toBe('backoff');
    // Nothing left to watch over: no timer until the reflector lists again.
    expect(healthTimers(dead)).toEqual([]);
  });

  it('one HTTP/2 connection per apiserver process: its watches share the health check, one PING for all, and a restarted apiserver is another connection', () => {
    const pings = (sink: EffectSink) => sink.effects.filter((e) => e.type === 'net.send' && e.kind === 'h2.ping').length;
    const c = createClient('kube-controller-manager', 'cp-1', '10.0.0.10', 1);
    addInformer(c, 'pods', 'pods');
    addInformer(c, 'leases', 'leases');
    const start = newSink(0);
    startInformers(c, start);
    const watchPorts: Record<string, string> = {};
    for (const [i, list] of sent(start).entries()) {
      const s = newSink(10);
      onClientPacket(c, list.port, { host: 'cp-1', port: '6443' }, 'kube.response', { ok: true, code: 200, body: { kind: 'List', metadata: { resourceVersion: '100' }, items: [] } }, s);
      watchPorts[i === 0 ? 'pods' : 'leases'] = sent(s)[0]!.port;
    }
    const frame = (seq: number, server: string): WatchFrame => ({ watchId: '', seq, server, events: [] });
    // Each watch's first frame says which apiserver process serves it.
    onClientPacket(c, watchPorts['pods']!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(0, 'cp-1#1'), newSink(1_000));
    onClientPacket(c, watchPorts['leases']!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(0, 'cp-1#1'), newSink(1_000));
    // Leases change every few seconds; pods are quiet. The pods watch is not idle: its connection is not.
    for (let t = 5_000, seq = 1; t <= 60_000; t += 5_000, seq++) onClientPacket(c, watchPorts['leases']!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(seq, 'cp-1#1'), newSink(t));
    const busy = newSink(61_000);
    onClientTimer(c, { type: 'client.health' }, busy);
    expect(pings(busy)).toBe(0);
    // Everything goes quiet: 30 s later, one PING for the connection, not one per watch.
    const idle = newSink(60_000 + READ_IDLE_TIMEOUT_MS);
    onClientTimer(c, { type: 'client.health' }, idle);
    expect(pings(idle)).toBe(1);
    expect([c.informers['pods']!.pingSentAtMs, c.informers['leases']!.pingSentAtMs]).toEqual([idle.now, idle.now]);
    // No PONG: the connection is closed and both watches fail together.
    const dead = newSink(60_000 + READ_IDLE_TIMEOUT_MS + PING_TIMEOUT_MS);
    onClientTimer(c, { type: 'client.health' }, dead);
    expect([c.informers['pods']!.phase, c.informers['leases']!.phase]).toEqual(['backoff', 'backoff']);

    // A watch on a process that restarted: frames from the new process (cp-1#2) on another
    // stream do not keep the old process's stream alive.
    const c2 = createClient('kubelet', 'worker-1', '10.0.0.10', 1);
    addInformer(c2, 'pods', 'pods');
    addInformer(c2, 'nodes', 'nodes');
    const s0 = newSink(0);
    startInformers(c2, s0);
    const ports: string[] = [];
    for (const list of sent(s0)) {
      const s = newSink(10);
      onClientPacket(c2, list.port, { host: 'cp-1', port: '6443' }, 'kube.response', { ok: true, code: 200, body: { kind: 'List', metadata: { resourceVersion: '100' }, items: [] } }, s);
      ports.push(sent(s)[0]!.port);
    }
    onClientPacket(c2, ports[0]!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(0, 'cp-1#1'), newSink(1_000));
    onClientPacket(c2, ports[1]!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(0, 'cp-1#2'), newSink(1_000));
    for (let t = 5_000, seq = 1; t <= 40_000; t += 5_000, seq++) onClientPacket(c2, ports[1]!, { host: 'cp-1', port: '6443' }, 'kube.watch', frame(seq, 'cp-1#2'), newSink(t));
    const stale = newSink(1_000 + READ_IDLE_TIMEOUT_MS);
    onClientTimer(c2, { type: 'client.health' }, stale);
    expect(pings(stale)).toBe(1);
    expect(c2.informers['pods']!.pingSentAtMs).toBe(stale.now);
    expect(c2.informers['nodes']!.pingSentAtMs).toBeNull();
  });
});
