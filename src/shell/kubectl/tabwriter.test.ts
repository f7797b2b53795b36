/**
 * k8s.io/cli-runtime pkg/printers/tabwriter.go (v0.32.13): minwidth 6, padding 3, pad ' '.
 * Golden outputs are real kubectl tables: kubernetes/website
 * content/en/docs/concepts/overview/working-with-objects/namespaces.md, and a recorded session in
 * pedro-coelho-dr/devopswithkubernetes part3/3.05/readme.md (STATUS widening for "Terminating").
 */
import { describe, expect, it } from 'vitest';
import { tabulate } from './tabwriter.ts';

describe('tabulate', () => {
  it('lays out kubectl get namespaces like the docs', () => {
    const rows = [['NAME', 'STATUS', 'AGE'], ...['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => [n, 'Active', '1d'])];
    expect(tabulate(rows)).toBe(
      ['NAME              STATUS   AGE', 'default           Active   1d', 'kube-node-lease   Active   1d', 'kube-public       Active   1d', 'kube-system       Active   1d', ''].join('\n'),
    );
  });

  it('widens a column to its longest cell plus 3', () => {
    const rows = [
      ['NAME', 'STATUS', 'AGE'],
      ['default', 'Active', '31h'],
      ['gke-managed-system', 'Active', '31h'],
      ['todo-test2', 'Terminating', '33m'],
    ];
    expect(tabulate(rows)).toBe(
      ['NAME                 STATUS        AGE', 'default              Active        31h', 'gke-managed-system   Active        31h', 'todo-test2           Terminating   33m', ''].join('\n'),
    );
  });

  it('never makes a column narrower than 6 and never pads the last cell', () => {
    expect(tabulate([['A', 'B'], ['x', 'yyyyyyyy']])).toBe('A     B\nx     yyyyyyyy\n');
  });

  it('counts runes, not bytes', () => {
    expect(tabulate([['NAME', 'AGE'], ['café-ünïcode', '1s']])).toBe('NAME           AGE\ncafé-ünïcode   1s\n');
  });
});
