/** The event log: the trace's key events (or every record), newest first. Rows come from eventLog.ts. */
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import type { SimView } from '../store/simulationStore.ts';
import { eventLogRows, memberNames, TONE_COLORS, type EventRow } from './eventLog.ts';
import type { UiStore } from './uiStore.ts';

export function EventLog({ view, ui }: { view: SimView; ui: UiStore }) {
  const mode = useStore(ui.store, (s) => s.logMode);
  const nameKey = view.etcd.map((m) => `${m.id}=${m.name}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const names = useMemo(() => memberNames(view.etcd), [nameKey]);
  // In 'key' mode the rows change only when the store's event log does (not every frame).
  const recent = mode === 'all' ? view.recentTrace : null;
  // The default view reads the store's own ring of key events (a flood of other records cannot push them out).
  const rows = useMemo(() => eventLogRows(mode === 'key' ? view.keyEventLog : view.eventLog, recent ?? [], mode, names, mode === 'all' ? 150 : 300), [view.eventLog, view.keyEventLog, recent, mode, names]);
  return (
    <section className="event-log" data-testid="event-log" data-mode={mode}>
      <div className="event-log-head">
        <h2>Event log</h2>
        <span className="muted small-text" title="Rows shown, newest first">
          {rows.length} · newest first
        </span>
        <span className="spacer" />
        <div className="seg" role="group" aria-label="Event log filter">
          <button className={mode === 'key' ? 'small active' : 'small'} data-testid="event-log-key" title="Role changes, etcd events, faults and commands" onClick={() => ui.setLogMode('key')}>
            key
          </button>
          <button className={mode === 'all' ? 'small active' : 'small'} data-testid="event-log-all" title="Every trace record: heartbeats, appends, drops (packet records only for the last moments)" onClick={() => ui.setLogMode('all')}>
            all
          </button>
        </div>
      </div>
      <ol className="event-log-rows">
        {rows.map((r) => (
          <Row key={r.key} row={r} />
        ))}
        {rows.length === 0 && <li className="muted event-empty">Nothing yet.</li>}
      </ol>
    </section>
  );
}

const Row = memo(
  function Row({ row }: { row: EventRow }) {
    const color = TONE_COLORS[row.tone];
    return (
      <li className={`event-row tone-${row.tone}`} data-kind={row.kind} title={row.raw} style={{ borderLeftColor: color }}>
        <span className="event-time">{row.time}</span>
        <span className="event-source">{row.source}</span>
        <span className="event-kind" style={{ color }}>
          {row.kind}
        </span>
        <span className="event-summary">{row.summary}</span>
      </li>
    );
  },
  (a, b) => a.row.key === b.row.key && a.row.summary === b.row.summary,
);
