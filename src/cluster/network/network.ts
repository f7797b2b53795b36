/**
 * The simulated network: every message between processes crosses it. Links have latency
 * (plus PRNG jitter) and loss; partitions split hosts into groups that cannot reach each other;
 * a crashed host neither sends nor receives. This is how a partition or a dead member gets its
 * real consequences — nobody reads another component's memory.
 */
import { chance, nextInt, type PrngState } from '../../kernel/index.ts';

export interface LinkProps {
  /** One-way latency in ms. A LAN round trip is about 1 ms; etcd's tuning guide assumes RTT ≲ heartbeat. */
  latencyMs: number;
  /** Extra delay drawn uniformly in [0, jitterMs]. */
  jitterMs: number;
  /** Percent (0-100) of messages dropped on this link. */
  lossPercent: number;
}

export interface NetworkState {
  defaultLink: LinkProps;
  /** Overrides per unordered host pair, keyed 'a|b' with a < b. */
  links: Record<string, LinkProps>;
  /** Groups that can only talk within themselves; hosts in no group reach everyone. Empty = healed. */
  partition: string[][];
  prng: PrngState;
  nextMessageId: number;
}

export function createNetwork(prng: PrngState): NetworkState {
  return { defaultLink: { latencyMs: 1, jitterMs: 1, lossPercent: 0 }, links: {}, partition: [], prng, nextMessageId: 1 };
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function linkBetween(net: NetworkState, a: string, b: string): LinkProps {
  // Every packet between hosts asks; with no link changed there is no pair key to build.
  for (const _ in net.links) return net.links[pairKey(a, b)] ?? net.defaultLink;
  return net.defaultLink;
}

export function setLink(net: NetworkState, a: string, b: string, change: Partial<LinkProps>): LinkProps {
  const next = { ...linkBetween(net, a, b), ...change };
  net.links[pairKey(a, b)] = next;
  return next;
}

function groupOf(net: NetworkState, host: string): number {
  return net.partition.findIndex((g) => g.includes(host));
}

/** Whether the partition lets a and b talk (ignoring host crashes). */
export function partitionAllows(net: NetworkState, a: string, b: string): boolean {
  // Every packet between hosts asks; with no partition there is nothing to look up.
  if (a === b || net.partition.length === 0) return true;
  const ga = groupOf(net, a);
  const gb = groupOf(net, b);
  return ga === -1 || gb === -1 || ga === gb;
}

export type DeliveryDecision = { deliver: true; delayMs: number } | { deliver: false; reason: 'partition' | 'loss' };

/** Decides the fate of one message at send time. Loopback is always delivered in 0 ms. */
export function decideDelivery(net: NetworkState, from: string, to: string): DeliveryDecision {
  if (from === to) return LOOPBACK;
  if (!partitionAllows(net, from, to)) return DROPPED_BY_PARTITION;
  const link = linkBetween(net, from, to);
  if (chance(net.prng, link.lossPercent, 100)) return DROPPED_BY_LOSS;
  const jitter = link.jitterMs > 0 ? nextInt(net.prng, 0, link.jitterMs + 1) : 0;
  return deliveredAfter(link.latencyMs + jitter);
}

// Every packet gets a decision: the common ones are shared, frozen, rather than built each time.
const LOOPBACK: DeliveryDecision = Object.freeze({ deliver: true, delayMs: 0 });
const DROPPED_BY_PARTITION: DeliveryDecision = Object.freeze({ deliver: false, reason: 'partition' });
const DROPPED_BY_LOSS: DeliveryDecision = Object.freeze({ deliver: false, reason: 'loss' });
const deliveredAfterMs: DeliveryDecision[] = [];
function deliveredAfter(delayMs: number): DeliveryDecision {
  if (delayMs > 1000) return { deliver: true, delayMs };
  return (deliveredAfterMs[delayMs] ??= Object.freeze({ deliver: true, delayMs }));
}
