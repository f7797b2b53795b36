/**
 * Wires an xterm.js terminal to the simulation controller, framework-free: keystrokes go through
 * the line editor, Enter submits to the shell, command output is written with CRLF line ends,
 * and the prompt (with whatever the user had typed) is redrawn whenever the shell is idle.
 * Commands issued elsewhere (the fault menu, the lesson panel) appear here like typed ones.
 */
import type { SimController } from '../../store/simulationStore.ts';
import { createEditor, eraseLine, feed, renderLine, type EditorState } from './lineEditor.ts';

/** The parts of xterm's Terminal this uses (so tests can pass a fake). */
export interface TerminalLike {
  write(data: string): void;
  clear(): void;
  /** The terminal's width in columns (an input line longer than this wraps). */
  readonly cols?: number;
  onData(listener: (data: string) => void): { dispose(): void };
  readonly buffer: { readonly active: { readonly length: number; getLine(y: number): { readonly isWrapped: boolean; translateToString(trimRight?: boolean): string } | undefined } };
}

export interface TerminalBinding {
  /** The terminal's whole buffer (scrollback included) as text. */
  text(): string;
  dispose(): void;
}

export const WELCOME =
  'k8sim — a simulated Kubernetes control plane (etcd on Raft). Commands run in virtual time.\r\n' +
  'Try: etcdctl member list -w table · kubectl get namespaces · sim status · sim help\r\n\r\n';

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function bindTerminal(term: TerminalLike, controller: SimController): TerminalBinding {
  let editor: EditorState = createEditor();
  let promptShown = false;
  /** The row, counted from the prompt's first row, that the cursor is on while the prompt shows. */
  let cursorRow = 0;
  let scheduled = false;
  let disposed = false;

  const hidePrompt = () => {
    if (promptShown) term.write(eraseLine(cursorRow));
    promptShown = false;
    cursorRow = 0;
  };
  const showPrompt = () => {
    const st = controller.store.getState();
    if (disposed || st.busy || promptShown) return;
    const r = renderLine(st.prompt, editor, term.cols ?? Infinity, 0);
    term.write(r.text);
    cursorRow = r.cursorRow;
    promptShown = true;
  };
  // Output and state changes arrive in bursts inside one submit(); redraw once afterwards.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      showPrompt();
    });
  };

  const offOutput = controller.onOutput((text) => {
    hidePrompt();
    term.write(toCrlf(text));
    schedule();
  });
  const offStore = controller.store.subscribe((s, prev) => {
    if (s.busy !== prev.busy || s.prompt !== prev.prompt) {
      if (s.prompt !== prev.prompt) hidePrompt();
      schedule();
    }
  });
  const input = term.onData((data) => {
    const r = feed(editor, data);
    editor = r.state;
    for (const a of r.actions) {
      if (a.type === 'submit') {
        hidePrompt();
        controller.submit(a.text);
      } else if (a.type === 'interrupt') {
        // Like bash: ^C follows what was typed, then a fresh prompt.
        promptShown = false;
        controller.interrupt();
      } else {
        term.clear();
        hidePrompt();
      }
    }
    if (promptShown) {
      const r = renderLine(controller.store.getState().prompt, editor, term.cols ?? Infinity, cursorRow);
      term.write(r.text);
      cursorRow = r.cursorRow;
    }
    schedule();
  });

  term.write(WELCOME);
  schedule();

  return {
    text() {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let y = 0; y < buf.length; y++) {
        const line = buf.getLine(y);
        const text = line?.translateToString(true) ?? '';
        // A soft-wrapped row continues the previous line.
        if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      return lines.join('\n').replace(/\n+$/, '');
    },
    dispose() {
      disposed = true;
      offOutput();
      offStore();
      input.dispose();
    },
  };
}
