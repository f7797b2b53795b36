/**
 * The image registry on the `registry` host (a Harbor acting as the cluster's mirror for
 * docker.io, registry.k8s.io and the rest). It answers a pull with the image's manifest and
 * config, or says the reference does not exist. Layer transfer time is the puller's business.
 */
import type { EffectSink } from '../effects.ts';
import { emitTrace } from '../effects.ts';
import { lookupImage } from './catalog.ts';
import { REGISTRY_PORT, type PullRequest } from './messages.ts';

export interface Registry {
  host: string;
  status: 'running' | 'stopped';
  pulls: number;
}

export function createRegistry(host: string): Registry {
  return { host, status: 'running', pulls: 0 };
}

export function onRegistryPacket(r: Registry, from: { host: string; port: string }, kind: string, body: unknown, sink: EffectSink): void {
  if (r.status !== 'running' || kind !== 'registry.pull') return;
  const { image } = body as PullRequest;
  const resp = lookupImage(image);
  r.pulls++;
  emitTrace(sink, { source: `${r.host}/registry`, target: from.host, kind: 'registry.pull', summary: resp.ok ? `GET manifest ${resp.manifest.reference}: 200` : `GET manifest ${image}: ${resp.reason}` });
  sink.effects.push({ type: 'net.send', from: { host: r.host, port: REGISTRY_PORT }, to: from, kind: 'registry.manifest', body: { image, resp }, summary: resp.ok ? `manifest ${resp.manifest.reference}` : `${image}: not found` });
}
