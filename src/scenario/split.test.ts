/** The command splitter keeps what the shell reads as one command together (src/shell/parse.ts). */
import { describe, expect, it } from 'vitest';
import { heredocDelimiters, splitCommands, splitCommandsChecked } from './split.ts';

describe('splitCommands', () => {
  const cases: [string, string, string[]][] = [
    ['one command per line, blank lines dropped', 'etcdctl put a b\n\n  \netcdctl get a\n', ['etcdctl put a b', 'etcdctl get a']],
    ['comment lines dropped', '# look first\netcdctl get a\n', ['etcdctl get a']],
    ['heredoc body kept, blank lines inside too', 'etcdctl put a b\netcdctl txn <<EOF\nvalue("a") = "b"\n\nput a c\nEOF\nsleep 1\n', ['etcdctl put a b', 'etcdctl txn <<EOF\nvalue("a") = "b"\n\nput a c\nEOF', 'sleep 1']],
    ["quoted delimiter <<'EOF'", "cat <<'EOF'\n$HOME # not a comment\nEOF\nhostname", ["cat <<'EOF'\n$HOME # not a comment\nEOF", 'hostname']],
    ['heredoc operator mid-line, other delimiter', 'kubectl apply -f - <<YAML > /tmp/out\nkind: Pod\nYAML', ['kubectl apply -f - <<YAML > /tmp/out\nkind: Pod\nYAML']],
    ['<<- and an indented delimiter line', 'cat <<-END\n\tbody\n\tEND\nls', ['cat <<-END\n\tbody\n\tEND', 'ls']],
    ['two heredocs on one line, bodies in order', 'cmd <<A <<B\na\nA\nb\nB\nls', ['cmd <<A <<B\na\nA\nb\nB', 'ls']],
    ['backslash continuation joins lines', 'etcdctl \\\n  get a\nls', ['etcdctl   get a', 'ls']],
    ['CRLF line ends', 'ls\r\nhostname\r\n', ['ls', 'hostname']],
    ['empty block', '\n\n', []],
  ];
  it.each(cases)('%s', (_name, block, want) => {
    expect(splitCommands(block)).toEqual(want);
  });

  it('reports an unterminated heredoc and keeps the rest as its body', () => {
    expect(splitCommandsChecked('cat <<EOF\na\nb\n')).toEqual({ commands: ['cat <<EOF\na\nb\n'], unterminated: ['EOF'] });
  });
});

describe('heredocDelimiters', () => {
  const cases: [string, string[]][] = [
    ['cat <<EOF', ['EOF']],
    ["cat << 'END'", ['END']],
    ['cat <<"X"', ['X']],
    ['cat <<-EOF', ['EOF']],
    ['cat <<<"here string"', []],
    ['echo "a <<EOF"', []],
    ["echo 'a <<EOF'", []],
    ['echo hi # <<EOF', []],
    ['echo a\\<<EOF', []],
    ['echo a#b <<EOF', ['EOF']],
  ];
  it.each(cases)('%s', (line, want) => {
    expect(heredocDelimiters(line)).toEqual(want);
  });
});
