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
    expect(renderLine('$ ', s)).toBe('\r\x1b[2K$ abc\x1b[2D');
    expect(renderLine('$ ', createEditor())).toBe('\r\x1b[2K$ ');
  });
});
