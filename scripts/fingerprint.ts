/**
 * Trace fingerprint: runs fixed workloads on the `single` and `ha` presets and prints a hash of
 * every trace record (time, source, target, kind, summary) plus the final objects in etcd.
 * A change meant only to make the core faster must leave every line unchanged:
 *
 *   npx tsx scripts/fingerprint.ts > /tmp/before.txt   # on the old code
 *   npx tsx scripts/fingerprint.ts | diff /tmp/before.txt -
 */
import { createHash } from 'node:crypto';
import { createWorld } from '../src/simulation/presets.ts';
import { stepWorld, type PresetName, type World } from '../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../src/shell/session.ts';
import { formatTraceRecord } from '../src/kernel/trace.ts';

function workload(preset: PresetName): string {
  const w = createWorld({ preset, seed: 3, settleMs: 20_000 });
  const h = createHash('sha256');
  let seen = 0;
  const drain = () => {
    for (const r of w.kernel.trace.records) {
      if (r.id < seen) continue;
      h.update(formatTraceRecord(r) + '\n');
      seen = r.id + 1;
    }
  };
  const run = (ms: number) => {
    const end = w.kernel.now + ms;
    while (w.kernel.now < end) {
      const step = Math.min(end, w.kernel.now + 1000);
      while (stepWorld(w, step));
      drain();
    }
  };
  const s = createSession(w, 'cp-1');
  const sh = (cmd: string) => { const out = jobText(runToCompletion(s, cmd)); h.update(`$ ${cmd}\n${out}\n`); if (process.env.SHOW) console.log(`$ ${cmd}\n${out}`); drain(); return out; };
  drain();
  sh(`kubectl apply -f - <<EOF\n${deployment('web', 30, true)}\nEOF`);
  run(60_000);
  sh('kubectl get pods -o wide');
  sh(`kubectl apply -f - <<EOF\n${deployment('crash', 3, false, ['sh', '-c', 'sleep 5; exit 1'])}\nEOF`);
  run(90_000);
  sh('kubectl scale deployment web --replicas=10');
  run(30_000);
  sh('kubectl get pods');
  sh('kubectl delete deployment crash');
  run(30_000);
  sh('kubectl get deploy,rs,pods');
  const objects = [...(w.apiservers['cp-1']?.cache.objects.keys() ?? [])].sort();
  h.update(objects.join('\n'));
  return `${preset}: ${h.digest('hex').slice(0, 16)} events=${w.kernel.eventsProcessed} trace=${w.kernel.trace.nextId} now=${w.kernel.now}`;
}

function deployment(name: string, replicas: number, probe: boolean, command?: string[]): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: ${name}}`, 'spec:', `  replicas: ${replicas}`, `  selector: {matchLabels: {app: ${name}}}`, '  template:',
    `    metadata: {labels: {app: ${name}}}`, '    spec:', '      containers:', '      - name: app', `        image: ${command ? 'busybox:1.36' : 'nginx:1.27'}`,
    ...(command ? [`        command: ${JSON.stringify(command)}`] : []),
    ...(probe ? ['        readinessProbe:', '          httpGet: {path: /, port: 80}', '          periodSeconds: 5'] : []),
  ].join('\n');
}

const presets = (process.argv[2]?.split(',') ?? ['single', 'ha']) as PresetName[];
for (const p of presets) console.log(workload(p));
void ({} as World);
if (process.env.SHOW) console.log(process.env.SHOW);
