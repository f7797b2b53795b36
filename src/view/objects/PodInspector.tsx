/** The object inspector for one pod: scheduler verdicts (while Pending), container statecharts, Events, live YAML. */
import type { PodDetails } from './objectDetails.ts';
import { ContainerCharts } from './ContainerCharts.tsx';

export function PodInspector({ details, onClose }: { details: PodDetails; onClose(): void }) {
  return (
    <div className="pod-inspector" data-testid="pod-inspector">
      <div className="inspector-head">
        <h3>{details.title}</h3>
        <button className="close" onClick={onClose} title="Close">
          ×
        </button>
      </div>
      {details.yaml === null && <p className="muted">Not found in the API (no ready apiserver, or the object is gone).</p>}
      {details.scheduling && (
        <section data-testid="verdicts">
          <h4>Scheduler: per-node verdicts</h4>
          <table className="verdicts">
            <thead>
              <tr>
                <th>Node</th>
                <th>Result</th>
                <th>Filter / reason</th>
                <th>Score</th>
              </tr>
            </thead>
            <tbody>
              {details.scheduling.rows.map((r) => (
                <tr key={r.node} data-testid={`verdict-${r.node}`} className={r.result}>
                  <td>{r.node}</td>
                  <td>{r.result}</td>
                  <td>{r.rejectedBy ?? ''}</td>
                  <td>{r.score ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {details.scheduling.message && <p className="failed-scheduling" data-testid="failed-scheduling">{details.scheduling.message}</p>}
        </section>
      )}
      {details.runtime && <ContainerCharts runtime={details.runtime} />}
      <section>
        <h4>Events</h4>
        {details.events.length === 0 ? (
          <p className="muted">&lt;none&gt;</p>
        ) : (
          <table className="events">
            <thead>
              <tr>
                <th>Type</th>
                <th>Reason</th>
                <th>Age</th>
                <th>From</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {details.events.map((e, i) => (
                <tr key={i}>
                  <td>{e.type}</td>
                  <td>{e.reason}</td>
                  <td>{e.age}</td>
                  <td>{e.from}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {details.yaml !== null && (
        <section>
          <h4>YAML</h4>
          <pre className="yaml">{details.yaml}</pre>
        </section>
      )}
    </div>
  );
}
