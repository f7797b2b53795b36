/**
 * The shells' own error texts. Each shell prefixes its messages with its argv[0] (`sh`,
 * `/bin/sh`); dash adds the line number, bash `line N:`.
 *   busybox ash: shell/ash.c (raise_error_syntax, "%s: not found")
 *   dash: src/parser.c (synexpect: `Syntax error: %s unexpected (expecting %s)`), src/exec.c
 *   bash: `syntax error near unexpected token`, `command not found`
 */
import type { SyntaxError } from './ast.ts';
import type { Dialect } from './state.ts';

export function syntaxErrorLines(d: Dialect, arg0: string, e: SyntaxError): string[] {
  if (e.kind === 'unsupported' && e.what !== 'bad substitution') return [`${arg0}: k8sim does not model ${e.what} yet`];
  switch (d) {
    case 'ash':
      if (e.kind === 'unterminated') return [`${arg0}: syntax error: unterminated quoted string`];
      if (e.kind === 'unsupported') return [`${arg0}: syntax error: bad substitution`];
      return [`${arg0}: syntax error: unexpected ${e.quoted ? `"${e.token}"` : e.token}${e.expecting ? ` (expecting "${e.expecting}")` : ''}`];
    case 'dash':
      if (e.kind === 'unterminated') return [`${arg0}: ${e.line}: Syntax error: Unterminated quoted string`];
      if (e.kind === 'unsupported') return [`${arg0}: ${e.line}: Syntax error: Bad substitution`];
      return [`${arg0}: ${e.line}: Syntax error: ${e.quoted ? `"${e.token}"` : e.token} unexpected${e.expecting ? ` (expecting "${e.expecting}")` : ''}`];
    case 'bash':
      if (e.kind === 'unterminated') return [`${arg0}: -c: line ${e.line}: unexpected EOF while looking for matching \`${e.quote}'`];
      if (e.kind === 'unsupported') return [`${arg0}: line ${e.line}: bad substitution`];
      if (e.token === 'end of file') return [`${arg0}: -c: line ${e.line}: syntax error: unexpected end of file`];
      return [`${arg0}: -c: line ${e.line}: syntax error near unexpected token \`${e.token}'`, `${arg0}: -c: line ${e.line}: \`${e.lineText}'`];
  }
}

/** A command that is on no directory of $PATH. */
export function notFound(d: Dialect, arg0: string, line: number, cmd: string): string {
  switch (d) {
    case 'ash': return `${arg0}: ${cmd}: not found`;
    case 'dash': return `${arg0}: ${line}: ${cmd}: not found`;
    case 'bash': return cmd.includes('/') ? `${arg0}: line ${line}: ${cmd}: No such file or directory` : `${arg0}: line ${line}: ${cmd}: command not found`;
  }
}

/** Any other error the shell itself reports (`cd`, a redirection, `${x:?}`). */
export function shellError(d: Dialect, arg0: string, line: number, text: string): string {
  switch (d) {
    case 'ash': return `${arg0}: ${text}`;
    case 'dash': return `${arg0}: ${line}: ${text}`;
    case 'bash': return `${arg0}: line ${line}: ${text}`;
  }
}
