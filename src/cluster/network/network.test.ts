import { describe, expect, it } from 'vitest';
import { seedPrng } from '../../kernel/index.ts';
import { createNetwork, decideDelivery, partitionAllows, setLink } from './network.ts';

describe('network', () => {
  it('partitions: hosts in different groups cannot talk; hosts in no group reach everyone', () => {
    const net = createNetwork(seedPrng(1));
    net.partition = [['cp-1'], ['cp-2', 'cp-3']];
    expect(partitionAllows(net, 'cp-1', 'cp-2')).toBe(false);
    expect(partitionAllows(net, 'cp-2', 'cp-3')).toBe(true);
    expect(partitionAllows(net, 'cp-1', 'worker-1')).toBe(true);
    expect(decideDelivery(net, 'cp-1', 'cp-3')).toEqual({ deliver: false, reason: 'partition' });
  });

  it('latency plus jitter, and loss as a percentage', () => {
    const net = createNetwork(seedPrng(2));
    setLink(net, 'a', 'b', { latencyMs: 200, jitterMs: 0 });
    expect(decideDelivery(net, 'b', 'a')).toEqual({ deliver: true, delayMs: 200 });
    setLink(net, 'a', 'b', { lossPercent: 30 });
    let lost = 0;
    for (let i = 0; i < 2000; i++) if (!decideDelivery(net, 'a', 'b').deliver) lost++;
    expect(lost).toBeGreaterThan(500);
    expect(lost).toBeLessThan(700);
    expect(decideDelivery(net, 'a', 'a')).toEqual({ deliver: true, delayMs: 0 });
  });
});
