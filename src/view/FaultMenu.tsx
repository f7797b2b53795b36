/** The fault menu (right-click on a host or link, or a host's ⋮ button): each item is a shell command. */
import { useEffect, useRef } from 'react';
import type { FaultItem } from './faults.ts';

export interface FaultMenuProps {
  title: string;
  items: FaultItem[];
  x: number;
  y: number;
  onPick(item: FaultItem): void;
  onClose(): void;
}

export function FaultMenu({ title, items, x, y, onPick, onClose }: FaultMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('mousedown', away, true);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('keydown', esc);
    };
  }, [onClose]);
  // Keep the menu on screen.
  const left = Math.min(x, window.innerWidth - 280);
  const top = Math.min(y, window.innerHeight - 40 - items.length * 40);
  return (
    <div className="fault-menu" data-testid="fault-menu" ref={ref} style={{ left, top }} onContextMenu={(e) => e.preventDefault()}>
      <div className="fault-menu-title">{title}</div>
      {items.map((item) => (
        <button key={item.id} data-testid={`fault-${item.id}`} disabled={!item.enabled} onClick={() => onPick(item)}>
          <span>{item.label}</span>
          <code>{item.command.split('\n')[0]}</code>
        </button>
      ))}
    </div>
  );
}
