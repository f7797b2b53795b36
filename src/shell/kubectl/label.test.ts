/**
 * kubectl label / annotate (k/kubectl pkg/cmd/label/label.go, cmdutil.GetResourcesAndPairs):
 * TYPE NAME, TYPE/NAME, or TYPE with -l / --all, then `key=value` / `key-` changes; each object
 * patched and reported labeled / unlabeled / "not labeled" when nothing changes; an existing
 * value is kept unless --overwrite.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../testing.ts';
import { resourcesAndPairs } from './workloads.ts';

describe('resourcesAndPairs', () => {
  it('splits the words at the first change; a resource after a change is an error', () => {
    expect(resourcesAndPairs(['pods', 'a', 'b', 'x=1', 'y-'], 'label')).toEqual({ resources: ['pods', 'a', 'b'], pairs: ['x=1', 'y-'] });
    expect(resourcesAndPairs(['deployment/web', 'x=1', 'extra'], 'label')).toEqual({ error: 'error: all resources must be specified before label changes: extra' });
  });
});

describe('kubectl label', () => {
  const { run } = testShell({ preset: 'single', seed: 8 });
  run('kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run('sleep 15');

  it('labels every pod a selector or --all picks, and says "not labeled" when nothing changes', () => {
    const first = run('kubectl label pods -l app=web tier=frontend');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^pod\/web-[a-z0-9]+-[a-z0-9]{5} labeled\npod\/web-[a-z0-9]+-[a-z0-9]{5} labeled\n$/);
    expect(run('kubectl label pods -l app=web tier=frontend').out).toMatch(/^(pod\/web-\S+ not labeled\n){2}$/);
    expect(run('kubectl label pods --all env=dev').out).toMatch(/^(pod\/web-\S+ labeled\n){2}$/);
    expect(run('kubectl get pods -l tier=frontend,env=dev -o name').out.trim().split('\n')).toHaveLength(2);
    expect(run('kubectl label pods -l app=web tier-').out).toMatch(/^(pod\/web-\S+ unlabeled\n){2}$/);
    expect(run('kubectl get pods -l tier=frontend').out).toBe('No resources found in default namespace.\n');
  });

  it('keeps an existing value unless --overwrite, and refuses malformed requests with kubectl\'s words', () => {
    expect(run('kubectl label deployment web team=a')).toEqual({ out: 'deployment.apps/web labeled\n', code: 0 });
    expect(run('kubectl label deployment/web team=b')).toEqual({ out: "error: 'team' already has a value (a), and --overwrite is false\n", code: 1 });
    expect(run('kubectl label deployment/web team=b --overwrite')).toEqual({ out: 'deployment.apps/web labeled\n', code: 0 });
    expect(run('kubectl label deployment web')).toEqual({ out: 'error: at least one label update is required\n', code: 1 });
    // k/kubectl label_test.go TestLabelErrors: "not enough labels" and "resources but no selectors".
    expect(run('kubectl label pods')).toEqual({ out: 'error: at least one label update is required\n', code: 1 });
    expect(run('kubectl label pods app=bar')).toEqual({ out: 'error: resource(s) were provided, but no name was specified\n', code: 1 });
    expect(run('kubectl annotate pods')).toEqual({ out: 'error: at least one annotation update is required\n', code: 1 });
    expect(run('kubectl label app=bar')).toEqual({ out: 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n', code: 1 });
    expect(run('kubectl label deployment web a=b extra').code).toBe(1);
    expect(run('kubectl label pods web-x -l app=web a=b')).toEqual({ out: 'error: name cannot be provided when a selector is specified\n', code: 1 });
  });
});
