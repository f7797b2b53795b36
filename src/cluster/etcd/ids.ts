/**
 * Member and cluster IDs exactly as etcd computes them, so a restored cluster's new IDs follow
 * from its --initial-cluster and token as they would on a real one.
 *
 * etcd server/etcdserver/api/membership/member.go computeMemberId: SHA-1 of the sorted peer URLs
 * joined without separator, followed by the cluster token (plus the time for `member add`);
 * the ID is the first 8 bytes, big-endian. cluster.go genID: SHA-1 of the sorted member IDs as
 * 8-byte big-endian integers, first 8 bytes. IDs print as %x (no leading zeros).
 */
import { sha1, toHex } from './sha1.ts';

function first8AsId(digest: Uint8Array): string {
  return toHex(digest.subarray(0, 8)).replace(/^0+(?=.)/, '');
}

export function computeMemberId(peerUrls: string[], clusterToken: string): string {
  const joined = [...peerUrls].sort().join('') + clusterToken;
  return first8AsId(sha1(new TextEncoder().encode(joined)));
}

export function computeClusterId(memberIdsHex: string[]): string {
  const ids = memberIdsHex.map((h) => BigInt('0x' + h)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Uint8Array(8 * ids.length);
  const view = new DataView(bytes.buffer);
  ids.forEach((id, i) => view.setBigUint64(i * 8, id));
  return first8AsId(sha1(bytes));
}
