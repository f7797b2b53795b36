import { describe, expect, it } from 'vitest';
import { computeClusterId, computeMemberId } from './ids.ts';
import { sha1, toHex } from './sha1.ts';

describe('sha1', () => {
  it('matches the FIPS 180 test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(toHex(sha1(enc('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(toHex(sha1(enc('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha1(enc('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });
});

describe('etcd member and cluster IDs (etcd membership/member.go computeMemberId, cluster.go genID)', () => {
  // Reference §13.0 and §13.3: a real etcd 3.4.23 cluster started with token lab1, then restored
  // from a snapshot with token lab-restored.
  it('reproduces the IDs of the recorded 3-member cluster', () => {
    const ids = ['22380', '22480', '22580'].map((p) => computeMemberId([`http://127.0.0.1:${p}`], 'lab1'));
    expect(ids).toEqual(['7500034ec47ad731', '6dd3ebce8138822d', '3055a547ff062064']);
    expect(computeClusterId(ids)).toBe('5375f43b0130aa9b');
    expect(BigInt('0x' + computeClusterId(ids)).toString()).toBe('6013981411683379867');
  });

  it('reproduces the IDs of the recorded restored cluster', () => {
    const ids = ['22380', '22480', '22580'].map((p) => computeMemberId([`http://127.0.0.1:${p}`], 'lab-restored'));
    expect(ids).toEqual(['14af6684a1fea7ed', 'c7876fe4aff80038', 'cfe66a33c4b5f12d']);
    expect(computeClusterId(ids)).toBe('5c86c68bdbb88a34');
  });
});
