/**
 * The apiserver decodes what it reads from etcd through a memo (the object it encoded, or one
 * parse shared by every reader): whatever the memo hands out must be exactly what parsing the
 * stored text gives — same values, same key order — plus the resourceVersion.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../simulation/presets.ts';
import { durableOf, stepWorld } from '../../simulation/world.ts';
import { createSession, runToCompletion } from '../../shell/session.ts';
import { range, valueText } from '../etcd/mvcc/store.ts';

const manifest = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  replicas: 3',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '      - name: app',
  '        image: nginx:1.27',
  '        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}',
].join('\n');

describe('decoding stored objects', () => {
  it.each(['single', 'ha'] as const)('the watch cache holds exactly the parsed etcd values (%s)', (preset) => {
    const w = createWorld({ preset, seed: 4, settleMs: 20_000 });
    const s = createSession(w, 'cp-1');
    runToCompletion(s, `kubectl apply -f - <<EOF\n${manifest}\nEOF`);
    const until = w.kernel.now + 40_000;
    while (stepWorld(w, until));
    runToCompletion(s, 'kubectl scale deployment web --replicas=1');
    const until2 = w.kernel.now + 20_000;
    while (stepWorld(w, until2));

    const d = durableOf(w, w.etcd['cp-1']!)!;
    const r = range(d.mvcc, '/registry/', { rangeEnd: '/registry0' });
    if (!('kvs' in r)) throw new Error('range failed');
    let pods = 0;
    for (const apiserver of Object.values(w.apiservers)) {
      const cache = apiserver.cache.objects;
      for (const kv of r.kvs) {
        const cached = cache.get(kv.key);
        if (!cached) continue;
        if (cached.kind === 'Pod') pods++;
        const parsed = JSON.parse(valueText(kv.value)) as { metadata: object };
        const want = { ...parsed, metadata: { ...parsed.metadata, resourceVersion: String(kv.mod_revision) } };
        expect(cached).toStrictEqual(want);
        // Key order too: the same JSON text.
        expect(JSON.stringify(cached)).toBe(JSON.stringify(want));
      }
    }
    expect(pods).toBeGreaterThan(0);
  });
});
