import { describe, expect, it } from 'vitest';
import { parseScript } from './parse.ts';
import { syntaxErrorLines } from './messages.ts';
import type { Dialect } from './state.ts';

function errorText(script: string, d: Dialect, arg0 = 'sh'): string[] {
  const s = parseScript(script);
  expect(s.error, `expected a syntax error in ${JSON.stringify(script)}`).not.toBeNull();
  return syntaxErrorLines(d, arg0, s.error!);
}

describe('parseScript: shapes', () => {
  it('splits top-level commands by line, and-or lists and pipelines', () => {
    const s = parseScript('a && b || c\nd | e; f &');
    expect(s.error).toBeNull();
    expect(s.units).toHaveLength(2);
    expect(s.units[0]).toMatchObject({ t: 'list', items: [{ node: { t: 'andor', rest: [{ op: '&&' }, { op: '||' }] }, bg: false }] });
    expect(s.units[1]).toMatchObject({ t: 'list', items: [{ node: { t: 'pipe' } }, { node: { t: 'cmd' }, bg: true }] });
  });

  it('keeps quoting: quoted parts are not split or globbed', () => {
    const s = parseScript(`echo 'a b' "c $x" d\\ e`);
    const cmd = (s.units[0] as { items: { node: { words: unknown[] } }[] }).items[0]!.node;
    expect(cmd.words).toEqual([
      [{ k: 'lit', v: 'echo', q: false }],
      [{ k: 'lit', v: 'a b', q: true }],
      [{ k: 'lit', v: 'c ', q: true }, { k: 'var', name: 'x', q: true }],
      [{ k: 'lit', v: 'd', q: false }, { k: 'lit', v: ' ', q: true }, { k: 'lit', v: 'e', q: false }],
    ]);
  });

  it('collects command substitutions for the command that runs them', () => {
    const s = parseScript('until nslookup myservice.$(cat /ns).svc.cluster.local; do sleep 2; done');
    const loop = (s.units[0] as { items: { node: { t: string; cond: { items: { node: { subs: unknown[] } }[] } } }[] }).items[0]!.node;
    expect(loop.t).toBe('loop');
    expect(loop.cond.items[0]!.node.subs).toHaveLength(1);
  });

  it('recognises keywords only where a command starts', () => {
    expect(parseScript('echo if then fi').error).toBeNull();
    expect(parseScript('for x in do done; do echo $x; done').error).toBeNull();
  });

  it('parses assignments, functions, case, subshells and redirections', () => {
    for (const ok of ['A=1 B="2 3" env', 'f() { echo hi; }; f', 'case $x in a|b) echo ab;; *) echo other;; esac', '(cd /tmp; ls) > /tmp/out 2>&1', 'x=$((1 + 2 * 3))', 'echo ${x:-default} ${#x} ${x%.txt}']) {
      expect(parseScript(ok).error, ok).toBeNull();
    }
  });

  it('runs the commands before a syntax error on an earlier line', () => {
    const s = parseScript('echo one\nif true; then');
    expect(s.units).toHaveLength(1);
    expect(s.error).toMatchObject({ kind: 'unexpected', token: 'end of file', expecting: 'fi', line: 2 });
  });
});

// busybox shell/ash.c raise_error_unexpected_syntax, dash src/parser.c synexpect, bash's parser.
describe('syntax errors in each shell\'s words', () => {
  const table: [string, Record<Dialect, string[]>][] = [
    ['if true; then echo x', {
      ash: ['sh: syntax error: unexpected end of file (expecting "fi")'],
      dash: ['sh: 1: Syntax error: end of file unexpected (expecting "fi")'],
      bash: ['sh: -c: line 1: syntax error: unexpected end of file'],
    }],
    ['echo a; fi', {
      ash: ['sh: syntax error: unexpected "fi"'],
      dash: ['sh: 1: Syntax error: "fi" unexpected'],
      bash: ['sh: -c: line 1: syntax error near unexpected token `fi\'', 'sh: -c: line 1: `echo a; fi\''],
    }],
    ['echo "unterminated', {
      ash: ['sh: syntax error: unterminated quoted string'],
      dash: ['sh: 1: Syntax error: Unterminated quoted string'],
      bash: ['sh: -c: line 1: unexpected EOF while looking for matching `"\''],
    }],
    ['while true; do echo', {
      ash: ['sh: syntax error: unexpected end of file (expecting "done")'],
      dash: ['sh: 1: Syntax error: end of file unexpected (expecting "done")'],
      bash: ['sh: -c: line 1: syntax error: unexpected end of file'],
    }],
    ['( )', {
      ash: ['sh: syntax error: unexpected ")"'],
      dash: ['sh: 1: Syntax error: ")" unexpected'],
      bash: ['sh: -c: line 1: syntax error near unexpected token `)\'', 'sh: -c: line 1: `( )\''],
    }],
    ['echo $(ls', {
      ash: ['sh: syntax error: unexpected end of file (expecting ")")'],
      dash: ['sh: 1: Syntax error: end of file unexpected (expecting ")")'],
      bash: ['sh: -c: line 1: syntax error: unexpected end of file'],
    }],
    ['; ls', {
      ash: ['sh: syntax error: unexpected ";"'],
      dash: ['sh: 1: Syntax error: ";" unexpected'],
      bash: ['sh: -c: line 1: syntax error near unexpected token `;\'', 'sh: -c: line 1: `; ls\''],
    }],
  ];
  for (const [script, want] of table) {
    for (const d of ['ash', 'dash', 'bash'] as Dialect[]) {
      it(`${d}: ${script}`, () => expect(errorText(script, d)).toEqual(want[d]));
    }
  }

  it('prefixes messages with argv[0] as the shell was invoked', () => {
    expect(errorText('fi', 'ash', '/bin/sh')).toEqual(['/bin/sh: syntax error: unexpected "fi"']);
  });

  it('says plainly what it does not model', () => {
    expect(errorText('cat <<EOF\nx\nEOF', 'ash')).toEqual(['sh: k8sim does not model here-documents yet']);
  });
});
