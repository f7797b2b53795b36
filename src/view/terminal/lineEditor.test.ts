import { describe, expect, it } from 'vitest';
import { createEditor, feed, renderLine, type EditorState } from './lineEditor.ts';

function type(s: EditorState, ...chunks: string[]) {
  const actions = [];
  for (const c of chunks) {
    const r = feed(s, c);
    s = r.state;
    actions.push(...r.actions);
  }
  return { s, actions };
}

describe('lineEditor', () => {
  it.each([
    ['printable characters', ['e', 't', 'c', 'd'], 'etcd', 4],
    ['backspace', ['a', 'b', '\x7f'], 'a', 1],
    ['backspace at start does nothing', ['\x7f'], '', 0],
    ['left then insert', ['a', 'c', '\x1b[D', 'b'], 'abc', 2],
    ['right stops at end', ['a', '\x1b[C', '\x1b[C'], 'a', 1],
    ['home and end', ['a', 'b', '\x1b[H', 'x', '\x1b[F', 'y'], 'xaby', 4],
    ['delete under cursor', ['a', 'b', '\x1b[D', '\x1b[3~'], 'a', 1],
    ['ctrl-u kills to start', ['a', 'b', 'c', '\x1b[D', '\x15'], 'c', 0],
    ['unknown escape sequences are ignored', ['a', '\x1b[15~', 'b'], 'ab', 2],
  ])('%s', (_name, chunks, buffer, cursor) => {
    const { s } = type(createEditor(), ...chunks);
    expect(s.buffer).toBe(buffer);
    expect(s.cursor).toBe(cursor);
  });

  it('Enter submits the line and clears it', () => {
    const { s, actions } = type(createEditor(), 'l', 's', '\r');
    expect(actions).toEqual([{ type: 'submit', text: 'ls' }]);
    expect(s.buffer).toBe('');
    expect(s.history).toEqual(['ls']);
  });

  it('Ctrl-C interrupts and drops the line', () => {
    const { s, actions } = type(createEditor(), 'x', '\x03');
    expect(actions).toEqual([{ type: 'interrupt' }]);
    expect(s.buffer).toBe('');
  });

  it('up/down browse history and restore the draft', () => {
    let { s } = type(createEditor(), 'a', '\r', 'b', '\r', 'dra', 'ft');
    s = type(s, '\x1b[A').s;
    expect(s.buffer).toBe('b');
    s = type(s, '\x1b[A', '\x1b[A').s;
    expect(s.buffer).toBe('a');
    s = type(s, '\x1b[B').s;
    expect(s.buffer).toBe('b');
    s = type(s, '\x1b[B').s;
    expect(s.buffer).toBe('draft');
  });

  it('does not record blank lines or immediate repeats in history', () => {
    const { s } = type(createEditor(), '\r', 'x', '\r', 'x', '\r');
    expect(s.history).toEqual(['x']);
  });

  it('a multi-line paste submits every complete line at once and keeps the rest', () => {
    const paste = 'kubectl apply -f - <<EOF\rkind: Pod\rEOF\retcdctl get';
    const { s, actions } = type(createEditor(), paste);
    expect(actions).toEqual([{ type: 'submit', text: 'kubectl apply -f - <<EOF\nkind: Pod\nEOF' }]);
    expect(s.buffer).toBe('etcdctl get');
  });

  it('a paste joins what was typed before it', () => {
    const { actions } = type(createEditor(), 'sim ', 'status\n');
    expect(actions).toEqual([{ type: 'submit', text: 'sim status' }]);
  });

  it('renderLine redraws the prompt and places the cursor', () => {
    const { s } = type(createEditor(), 'a', 'b', 'c', '\x1b[D', '\x1b[D');
    expect(renderLine('$ ', s)).toEqual({ text: '\r\x1b[J$ abc\r\x1b[3C', cursorRow: 0 });
    expect(renderLine('$ ', createEditor())).toEqual({ text: '\r\x1b[J$ ', cursorRow: 0 });
  });

  it('a line longer than the terminal wraps: the redraw starts from the prompt\'s first row, not the cursor\'s', () => {
    const long = type(createEditor(), 'abcdefghijklmn').s;
    // 2 + 14 = 16 columns on a 10-column terminal: two rows, the cursor at the end of the second.
    const first = renderLine('$ ', long, 10, 0);
    expect(first).toEqual({ text: '\r\x1b[J$ abcdefghijklmn', cursorRow: 1 });
    // The next redraw goes up a row before erasing, so the first row is not left behind.
    expect(renderLine('$ ', type(long, 'o').s, 10, first.cursorRow).text).toBe('\x1b[1A\r\x1b[J$ abcdefghijklmno');
    // The cursor moved back into the first row.
    const back = type(long, '\x1b[H').s;
    expect(renderLine('$ ', back, 10, 1)).toEqual({ text: '\x1b[1A\r\x1b[J$ abcdefghijklmn\x1b[1A\r\x1b[2C', cursorRow: 0 });
    // Exactly filling a row leaves xterm's pending wrap: move to the next row explicitly.
    expect(renderLine('$ ', type(createEditor(), 'abcdefgh').s, 10, 0)).toEqual({ text: '\r\x1b[J$ abcdefgh\r\n\r', cursorRow: 1 });
  });
});
