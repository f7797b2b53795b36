/**
 * The terminal's line editor, a pure state machine over the bytes xterm.js delivers:
 * printable characters, backspace/delete, left/right/home/end, up/down history, Enter,
 * Ctrl-C, Ctrl-U/K/A/E/L, and pasted text with newlines (every complete line is submitted
 * in one go, so a pasted heredoc arrives whole; the shell's splitScript groups it).
 */

export interface EditorState {
  buffer: string;
  cursor: number;
  history: string[];
  /** Position while browsing history (history.length = the draft being edited). */
  historyPos: number;
  draft: string;
}

export type EditorAction = { type: 'submit'; text: string } | { type: 'interrupt' } | { type: 'clear' };

export interface EditorResult {
  state: EditorState;
  actions: EditorAction[];
}

export const HISTORY_LIMIT = 500;

export function createEditor(history: string[] = []): EditorState {
  return { buffer: '', cursor: 0, history, historyPos: history.length, draft: '' };
}

const SEQUENCES: [string, (s: EditorState) => EditorState][] = [
  ['\x1b[A', historyUp],
  ['\x1bOA', historyUp],
  ['\x1b[B', historyDown],
  ['\x1bOB', historyDown],
  ['\x1b[C', (s) => ({ ...s, cursor: Math.min(s.buffer.length, s.cursor + 1) })],
  ['\x1bOC', (s) => ({ ...s, cursor: Math.min(s.buffer.length, s.cursor + 1) })],
  ['\x1b[D', (s) => ({ ...s, cursor: Math.max(0, s.cursor - 1) })],
  ['\x1bOD', (s) => ({ ...s, cursor: Math.max(0, s.cursor - 1) })],
  ['\x1b[H', (s) => ({ ...s, cursor: 0 })],
  ['\x1bOH', (s) => ({ ...s, cursor: 0 })],
  ['\x1b[1~', (s) => ({ ...s, cursor: 0 })],
  ['\x1b[F', (s) => ({ ...s, cursor: s.buffer.length })],
  ['\x1bOF', (s) => ({ ...s, cursor: s.buffer.length })],
  ['\x1b[4~', (s) => ({ ...s, cursor: s.buffer.length })],
  ['\x1b[3~', (s) => ({ ...s, buffer: s.buffer.slice(0, s.cursor) + s.buffer.slice(s.cursor + 1) })],
];

/** Feeds one chunk of terminal input (a keystroke, an escape sequence or a paste). */
export function feed(state: EditorState, data: string): EditorResult {
  let s = state;
  const actions: EditorAction[] = [];
  // A paste holding newlines: submit every complete line together, keep the rest for editing.
  const nl = /\r\n|\r|\n/;
  if (data.length > 1 && nl.test(data) && !data.startsWith('\x1b')) {
    const text = s.buffer.slice(0, s.cursor) + data + s.buffer.slice(s.cursor);
    const parts = text.split(/\r\n|\r|\n/);
    const rest = parts.pop() ?? '';
    const submitted = parts.join('\n');
    s = pushHistory(s, submitted);
    actions.push({ type: 'submit', text: submitted });
    return { state: { ...s, buffer: rest, cursor: rest.length, historyPos: s.history.length, draft: '' }, actions };
  }
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      const seq = SEQUENCES.find(([k]) => data.startsWith(k, i));
      if (seq) {
        s = seq[1](s);
        i += seq[0].length;
      } else {
        // Unknown escape sequence: skip ESC [ params final-byte.
        const m = /^\x1b(?:\[[0-9;?]*[@-~]|O.|.)?/.exec(data.slice(i));
        i += m ? m[0].length : 1;
      }
      continue;
    }
    i++;
    switch (ch) {
      case '\r':
      case '\n': {
        const line = s.buffer;
        s = pushHistory(s, line);
        actions.push({ type: 'submit', text: line });
        s = { ...s, buffer: '', cursor: 0, historyPos: s.history.length, draft: '' };
        break;
      }
      case '\x7f':
      case '\b':
        if (s.cursor > 0) s = { ...s, buffer: s.buffer.slice(0, s.cursor - 1) + s.buffer.slice(s.cursor), cursor: s.cursor - 1 };
        break;
      case '\x03':
        actions.push({ type: 'interrupt' });
        s = { ...s, buffer: '', cursor: 0, historyPos: s.history.length, draft: '' };
        break;
      case '\x01':
        s = { ...s, cursor: 0 };
        break;
      case '\x05':
        s = { ...s, cursor: s.buffer.length };
        break;
      case '\x15':
        s = { ...s, buffer: s.buffer.slice(s.cursor), cursor: 0 };
        break;
      case '\x0b':
        s = { ...s, buffer: s.buffer.slice(0, s.cursor) };
        break;
      case '\x0c':
        actions.push({ type: 'clear' });
        break;
      case '\t':
        break;
      default:
        if (ch >= ' ') s = { ...s, buffer: s.buffer.slice(0, s.cursor) + ch + s.buffer.slice(s.cursor), cursor: s.cursor + 1 };
    }
  }
  return { state: s, actions };
}

function pushHistory(s: EditorState, line: string): EditorState {
  if (line.trim() === '' || s.history[s.history.length - 1] === line) return s;
  const history = [...s.history, line].slice(-HISTORY_LIMIT);
  return { ...s, history, historyPos: history.length };
}

function historyUp(s: EditorState): EditorState {
  if (s.historyPos === 0) return s;
  const draft = s.historyPos === s.history.length ? s.buffer : s.draft;
  const pos = s.historyPos - 1;
  const buffer = s.history[pos] ?? '';
  return { ...s, historyPos: pos, draft, buffer, cursor: buffer.length };
}

function historyDown(s: EditorState): EditorState {
  if (s.historyPos >= s.history.length) return s;
  const pos = s.historyPos + 1;
  const buffer = pos === s.history.length ? s.draft : (s.history[pos] ?? '');
  return { ...s, historyPos: pos, buffer, cursor: buffer.length };
}

/**
 * The escape sequence that redraws the input line, which may wrap over several rows of a
 * terminal `cols` wide (as linenoise's multi-line mode does): up to the row the prompt starts on
 * (the cursor was `cursorRow` rows below it), carriage return, erase to the end of the screen,
 * prompt and buffer, then the cursor moved back to its place. Returns the row the cursor ends on,
 * which the next redraw starts from. Multi-line history entries show their first line.
 */
export function renderLine(prompt: string, s: EditorState, cols = Infinity, cursorRow = 0): { text: string; cursorRow: number } {
  const shown = s.buffer.replace(/\n/g, ' ');
  const width = Math.max(1, cols);
  const promptWidth = visibleLength(prompt);
  const total = promptWidth + shown.length;
  let text = `${cursorRow > 0 ? `\x1b[${cursorRow}A` : ''}\r\x1b[J${prompt}${shown}`;
  // A line that fills its last row exactly leaves the cursor in xterm's pending-wrap state; move
  // to the next row explicitly so that the arithmetic below holds.
  if (total > 0 && total % width === 0) text += '\r\n';
  const endRow = Math.floor(total / width);
  const at = promptWidth + s.cursor;
  const row = Math.floor(at / width);
  const col = at % width;
  if (row === endRow && at === total && total % width !== 0) return { text, cursorRow: row };
  if (endRow > row) text += `\x1b[${endRow - row}A`;
  text += `\r${col > 0 ? `\x1b[${col}C` : ''}`;
  return { text, cursorRow: row };
}

/** The columns a string takes on screen: without its ANSI escape sequences. */
function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').length;
}

/** Erases a line drawn by renderLine whose cursor is on `cursorRow`. */
export function eraseLine(cursorRow: number): string {
  return `${cursorRow > 0 ? `\x1b[${cursorRow}A` : ''}\r\x1b[J`;
}
