/**
 * Layout from k/kubectl pkg/explain/v2/templates/plaintext.tmpl (release-1.32): `KIND:` and
 * `VERSION:` padded to column 12 (`GROUP:` first for named groups), a blank line, `FIELD: <name>
 * <<type>>` then the enum block and two newlines, `DESCRIPTION:` wrapped at 76 and indented 4 (the
 * field's description, then its type's), `FIELDS:` with `  name\t<type>` (+ ` -required-`), enum
 * lines `  enum: a, b, ....` (at most 4), descriptions wrapped at 76 and indented 4, fields sorted.
 * Unknown field: `throw "error: field \"%v\" does not exist"` naming the LAST path element.
 * Wrapping: pkg/explain/v2/funcs.go `wrap` (go-wordwrap) and `indent`.
 */
import { describe, expect, it } from 'vitest';
import { explain, explainType, indent, wordWrap } from './explain.ts';
import { RESOURCE_SCHEMAS } from './schema.ts';

const text = (path: string): string => {
  const r = explain(path);
  if (!r.ok) throw new Error(r.error);
  return r.text;
};

describe('explain', () => {
  it('prints a field with its type, description and sorted fields', () => {
    const t = text('pod.spec.containers.livenessProbe');
    expect(t.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: livenessProbe <Probe>\n\n\nDESCRIPTION:\n    Periodic probe of container liveness.')).toBe(true);
    // The Probe type's own description follows the field's.
    expect(t).toContain('\n    Probe describes a health check to be performed against a container to\n    determine whether it is alive or ready to receive traffic.\n    \nFIELDS:\n  exec\t<ExecAction>\n');
    const fieldLines = t.split('\n').filter((l) => /^ {2}\S+\t</.test(l)).map((l) => l.trim().split('\t')[0]);
    expect(fieldLines).toEqual([...fieldLines].sort());
    expect(t).toContain('  httpGet\t<HTTPGetAction>\n');
    expect(t).toContain('  timeoutSeconds\t<integer>\n');
    expect(t.endsWith('\n\n\n')).toBe(true);
  });

  it('prints the GROUP line for named groups and -required- markers', () => {
    const t = text('deployments.spec');
    expect(t.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n')).toBe(true);
    expect(t).toContain('  selector\t<LabelSelector> -required-\n');
    expect(t).toContain('  template\t<PodTemplateSpec> -required-\n');
    expect(t).toContain('  strategy\t<DeploymentStrategy>\n');
  });

  it('prints a resource with no field path: description then the top-level fields', () => {
    const t = text('svc');
    expect(t.startsWith('KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction')).toBe(true);
    expect(t).toContain('FIELDS:\n  apiVersion\t<string>\n');
    expect(t).toContain('  metadata\t<ObjectMeta>\n');
  });

  it('prints enums: short form in the list, long ENUM block for the field itself', () => {
    expect(text('pod.spec')).toContain('  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n');
    expect(text('pod.spec')).toContain('  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None\n');
    expect(text('pod.spec.volumes.hostPath')).toContain('  type\t<string>\n  enum: "", BlockDevice, CharDevice, Directory, ....\n');
    expect(text('pod.spec.restartPolicy')).toContain('FIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\nDESCRIPTION:\n');
  });

  it.each([
    ['pod.spec.containers', '<[]Container>'],
    ['pod.spec.nodeSelector', '<map[string]string>'],
    ['pod.spec.containers.resources.limits', '<map[string]Quantity>'],
    ['pod.spec.containers.livenessProbe.httpGet.port', '<IntOrString>'],
    ['rc.spec.selector', '<map[string]string>'],
    ['jobs.spec.backoffLimit', '<integer>'],
    ['node.spec.taints', '<[]Taint>'],
  ])('%s is %s', (path, type) => {
    expect(text(path)).toContain(`FIELD: ${path.split('.').pop()} ${type}\n`);
  });

  it.each([
    ['pod.spec.foo', 'error: field "foo" does not exist'],
    ['pod.spec.foo.bar', 'error: field "bar" does not exist'],
    ['pod.spec.restartPolicy.x', 'error: field "x" does not exist'],
    ['widgets', 'error: the server doesn\'t have a resource type "widgets"'],
  ])('%s → %s', (path, error) => {
    expect(explain(path)).toEqual({ ok: false, error });
  });
});

describe('template helpers', () => {
  it('wraps at spaces and keeps long words whole (go-wordwrap)', () => {
    expect(wordWrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wordWrap('x https://a-very-long-url.example/path y', 10)).toBe('x\nhttps://a-very-long-url.example/path\ny');
  });

  it('indents every line, trailing empty ones too (funcs.go indent)', () => {
    expect(indent(4, 'a\nb\n')).toBe('    a\n    b\n    ');
  });

  it('guesses types as the template does', () => {
    expect(explainType(RESOURCE_SCHEMAS['Pod']!.fields!['metadata']!)).toBe('ObjectMeta');
    expect(explainType(RESOURCE_SCHEMAS['Pod']!.fields!['status']!)).toBe('PodStatus');
  });
});
