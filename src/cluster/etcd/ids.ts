/** PLACEHOLDER by the lead; the helper's ids.ts (real etcd sha1 derivation) replaces it. */
function fnv64(text: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) { h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193); h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x5bd1e995); }
  return ((h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')).replace(/^0+(?=.)/, '');
}
export function computeMemberId(peerUrls: string[], clusterToken: string): string { return fnv64([...peerUrls].sort().join('') + clusterToken); }
export function computeClusterId(memberIdsHex: string[]): string { return fnv64([...memberIdsHex].sort().join(',')); }
