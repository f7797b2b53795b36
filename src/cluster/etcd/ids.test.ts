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

  it('reproduces the timestamped ID of a runtime `member add` (v3rpc MemberAdd: cluster name "", time.Now().Unix())', () => {
    // Reference §13.3: `member add m4 --learner --peer-urls=http://127.0.0.1:22680` printed
    // 1b7a23796204dd7 (15 hex digits: %x drops the leading zero). Searching the seconds after the
    // restore log (ts 1795383457) finds the add happened at Unix 1795383476.
    expect(computeMemberId(['http://127.0.0.1:22680'], '', 1795383476)).toBe('1b7a23796204dd7');
    expect(computeMemberId(['http://127.0.0.1:22680'], '', 1795383477)).not.toBe('1b7a23796204dd7');
  });

  it('sorts peer URLs before hashing, so their order does not matter', () => {
    const a = computeMemberId(['http://10.0.0.2:2380', 'http://10.0.0.1:2380'], 't');
    expect(computeMemberId(['http://10.0.0.1:2380', 'http://10.0.0.2:2380'], 't')).toBe(a);
    expect(computeClusterId(['b', 'a'])).toBe(computeClusterId(['a', 'b']));
  });
});
