import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { goYamlErrorText } from './yamlerrors.ts';

function firstError(text: string): string {
  const docs = parseAllDocuments(text);
  const err = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors)[0]!;
  return goYamlErrorText(err);
}

describe('YAML syntax errors in go-yaml wording, naming the line', () => {
  it.each([
    ['key: value: more\n', 'yaml: line 1: mapping values are not allowed in this context'],
    ['metadata:\n  name: p\n spec: x\n', 'yaml: line 3: did not find expected key'],
    ['spec:\n\t- x\n', 'yaml: line 2: found character that cannot start any token'],
    ['args: [1, 2\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['name: "web\n', 'yaml: line 2: found unexpected end of stream'],
  ])('%j → %s', (text, want) => {
    expect(firstError(text)).toBe(want);
  });
});
