/**
 * `kubectl get -o custom-columns=HEADER:path,...` (k8s.io/cli-runtime pkg/printers/customcolumn.go):
 * relaxed JSONPath (`a.b`, `.a.b`, `{a.b}`, `{.a.b}`), values as fmt.Sprint prints unstructured
 * data (`[map[ip:10.244.3.4]]`, the "Connecting Applications with Services" page's POD_IP column),
 * comma-joined, `<none>` when nothing is found, laid out by kubectl's tabwriter.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../simulation/presets.ts';
import { createSession, jobText, runToCompletion } from '../session.ts';
import { customColumnCells, parseCustomColumns, relaxedJsonPath } from './jsonpath.ts';

describe('custom columns', () => {
  it('relaxes the path forms kubectl accepts and refuses the rest', () => {
    for (const p of ['metadata.name', '.metadata.name', '{metadata.name}', '{.metadata.name}']) expect(relaxedJsonPath(p)).toBe('{.metadata.name}');
    expect(relaxedJsonPath('{.a}{.b}')).toEqual({ error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" });
    expect(parseCustomColumns('NAME')).toEqual({ error: 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>' });
  });

  it('prints every value found as fmt.Sprint does, joined by commas, or <none>', () => {
    const cols = parseCustomColumns('IPS:.status.podIPs,IMAGES:.spec.containers[*].image,READY:.status.containerStatuses[0].ready,X:.nope');
    if ('error' in cols) throw new Error(cols.error);
    const pod = { spec: { containers: [{ image: 'nginx' }, { image: 'busybox:1.36' }] }, status: { podIPs: [{ ip: '10.244.3.4' }], containerStatuses: [{ ready: true }] } };
    expect(customColumnCells(cols, pod)).toEqual(['[map[ip:10.244.3.4]]', 'nginx,busybox:1.36', 'true', '<none>']);
  });

  it('lays out a table with the headers as given', () => {
    const s = createSession(createWorld({ preset: 'single', seed: 3 }), 'cp-1');
    const out = jobText(runToCompletion(s, 'kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:spec.podCIDR'));
    expect(out).toBe('NAME       CIDR\ncp-1       10.244.0.0/24\nworker-1   10.244.1.0/24\nworker-2   10.244.2.0/24\n');
  });
});
