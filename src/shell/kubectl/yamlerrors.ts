/**
 * YAML syntax errors as kubectl reports them: `error: error parsing f.yaml: error converting
 * YAML to JSON: yaml: line N: <go-yaml message>` (sigs.k8s.io/yaml over go-yaml v2; its scanner
 * and parser messages in scannerc.go / parserc.go). We parse with the `yaml` library, so its
 * error codes are mapped to go-yaml's wording for the common mistakes; anything else keeps the
 * library's own description. The line is always the one the parser stopped at.
 */
import type { YAMLError } from 'yaml';

const GO_YAML_MESSAGES: [code: string, when: RegExp | null, message: string][] = [
  ['BLOCK_AS_IMPLICIT_KEY', null, 'mapping values are not allowed in this context'],
  ['BAD_INDENT', /^Flow sequence/, "did not find expected ',' or ']'"],
  ['BAD_INDENT', /^Flow map/, "did not find expected ',' or '}'"],
  ['BAD_INDENT', null, 'did not find expected key'],
  ['TAB_AS_INDENT', null, 'found character that cannot start any token'],
  ['MISSING_CHAR', /quote/, 'found unexpected end of stream'],
  ['UNEXPECTED_TOKEN', null, "did not find expected '-' indicator"],
];

export function goYamlErrorText(err: Pick<YAMLError, 'code' | 'message' | 'linePos'>): string {
  const line = err.linePos?.[0]?.line;
  const own = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const mapped = GO_YAML_MESSAGES.find(([code, when]) => code === err.code && (!when || when.test(own)));
  const text = mapped ? mapped[2] : own.charAt(0).toLowerCase() + own.slice(1);
  return line !== undefined ? `yaml: line ${line}: ${text}` : `yaml: ${text}`;
}
