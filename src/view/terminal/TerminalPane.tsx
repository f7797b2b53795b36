/** The terminal: an xterm.js instance mounted once and bound to the controller (terminalBinding.ts). */
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { SimController } from '../../store/simulationStore.ts';
import { bindTerminal, type TerminalBinding } from './terminalBinding.ts';

export function TerminalPane({ controller, onReady }: { controller: SimController; onReady?(binding: TerminalBinding | null): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Menlo", "Consolas", monospace',
      fontSize: 13,
      lineHeight: 1.1,
      cursorBlink: true,
      scrollback: 5000,
      theme: { background: '#0d1117', foreground: '#d6dde6', cursor: '#f5c542', selectionBackground: '#33465e' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const refit = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    const binding = bindTerminal(term, controller);
    onReady?.(binding);
    return () => {
      onReady?.(null);
      ro.disconnect();
      binding.dispose();
      term.dispose();
    };
  }, [controller, onReady]);
  return <div className="terminal" data-testid="terminal" ref={ref} onClick={() => ref.current?.querySelector('textarea')?.focus()} />;
}
