/**
 * Member and cluster IDs exactly as etcd computes them, so a (restored) cluster's IDs follow
 * from its --initial-cluster and token as they would on a real one.
 *
 * etcd server/etcdserver/api/membership/member.go computeMemberId: SHA-1 of the sorted peer URLs
 * joined without separator, then the cluster token, then (only for `member add`) the decimal
 * Unix time in seconds; the ID is the first 8 digest bytes, big-endian. cluster.go genID: SHA-1
 * of the sorted member IDs as 8-byte big-endian integers, first 8 bytes. IDs print as types.ID
 * does (strconv.FormatUint(id, 16): lowercase hex, no leading zeros).
 */
import { sha1, toHex } from './sha1.ts';

function first8AsId(digest: Uint8Array): string {
  return toHex(digest.subarray(0, 8)).replace(/^0+(?=.)/, '');
}

/**
 * Bootstrap (`--initial-cluster`, `snapshot restore`): pass the --initial-cluster-token and no time.
 * Runtime `member add`: etcd's v3rpc MemberAdd passes an empty cluster name and time.Now(), so
 * call with clusterToken '' and the simulated Unix seconds; the ID then differs on every add.
 */
export function computeMemberId(peerUrls: string[], clusterToken: string, addedAtUnixSeconds?: number): string {
  const time = addedAtUnixSeconds === undefined ? '' : String(Math.floor(addedAtUnixSeconds));
  const joined = [...peerUrls].sort().join('') + clusterToken + time;
  return first8AsId(sha1(new TextEncoder().encode(joined)));
}

export function computeClusterId(memberIdsHex: string[]): string {
  const ids = memberIdsHex.map((h) => BigInt('0x' + h)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Uint8Array(8 * ids.length);
  const view = new DataView(bytes.buffer);
  ids.forEach((id, i) => view.setBigUint64(i * 8, id));
  return first8AsId(sha1(bytes));
}
