/** The shell subset and the real tools' output formats, checked against recorded output. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, splitScript } from './parse.ts';
import { goDuration, humanizeBytes, renderTable } from './printers.ts';

describe('command line parsing', () => {
  it('quotes, variables, operators, pipes, redirection and here-documents', () => {
    const list = parseCommandLine(`ETCDCTL_API=3 etcdctl put "a b" 'c $X' $X && echo ok || false; etcdctl get a | grep b > /tmp/out`, { X: 'x1' });
    expect(list.items.map((i) => i.op)).toEqual([';', '&&', '||', ';']);
    const first = list.items[0]!.pipeline.commands[0]!;
    expect(first.env).toEqual({ ETCDCTL_API: '3' });
    expect(first.argv).toEqual(['etcdctl', 'put', 'a b', 'c $X', 'x1']);
    const last = list.items[3]!.pipeline.commands;
    expect(last.map((c) => c.argv[0])).toEqual(['etcdctl', 'grep']);
    expect(last[1]!.redirect).toEqual({ path: '/tmp/out', append: false });
    const heredoc = parseCommandLine('etcdctl txn <<EOF\nvalue("a") = "b"\n\nput a c\nEOF', {});
    expect(heredoc.items[0]!.pipeline.commands[0]!.stdin).toBe('value("a") = "b"\n\nput a c\n');
  });

  it('rejects what it cannot run with bash-like errors', () => {
    expect(() => parseCommandLine('echo "open', {})).toThrow(/unexpected EOF/);
    expect(() => parseCommandLine('sleep 5 &', {})).toThrow(/background/);
    expect(() => parseCommandLine('etcdctl member promote $(etcdctl member list)', {})).toThrow(/command substitution/);
  });

  it('splits a script into command lines, keeping here-documents and continuations', () => {
    expect(splitScript('# comment\netcdctl put a b\netcdctl \\\n  get a\ncat <<EOF\nx\nEOF\n')).toEqual(['etcdctl put a b', 'etcdctl   get a', 'cat <<EOF\nx\nEOF']);
  });
});

describe('printers', () => {
  it('renders etcdctl tables exactly as the recorded member list (reference §13.0)', () => {
    const recorded = [
      '+------------------+---------+------+------------------------+------------------------+------------+',
      '|        ID        | STATUS  | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
      '+------------------+---------+------+------------------------+------------------------+------------+',
      '| 3055a547ff062064 | started |   m3 | http://127.0.0.1:22580 | http://127.0.0.1:22579 |      false |',
      '| 6dd3ebce8138822d | started |   m2 | http://127.0.0.1:22480 | http://127.0.0.1:22479 |      false |',
      '| 7500034ec47ad731 | started |   m1 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |',
      '+------------------+---------+------+------------------------+------------------------+------------+',
      '',
    ].join('\n');
    const rows = [
      ['3055a547ff062064', 'started', 'm3', 'http://127.0.0.1:22580', 'http://127.0.0.1:22579', 'false'],
      ['6dd3ebce8138822d', 'started', 'm2', 'http://127.0.0.1:22480', 'http://127.0.0.1:22479', 'false'],
      ['7500034ec47ad731', 'started', 'm1', 'http://127.0.0.1:22380', 'http://127.0.0.1:22379', 'false'],
    ];
    expect(renderTable(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], rows)).toBe(recorded);
  });

  it.each([
    [5, '5 B'],
    [20480, '20 kB'],
    [25600, '26 kB'],
    [1500, '1.5 kB'],
    [2_147_483_648, '2.1 GB'],
  ])('humanizes %i bytes as go-humanize does: %s', (n, text) => {
    expect(humanizeBytes(n)).toBe(text);
  });

  it.each([
    [0, '0s'],
    [2, '2ms'],
    [1500, '1.5s'],
    [7030, '7.03s'],
    [65_000, '1m5s'],
  ])('formats %i ms as Go durations: %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
