/** Play/pause, step to the next event, speed, and the virtual clock. */
import { SPEEDS, type SimController } from '../store/simulationStore.ts';

export interface TimeControlsProps {
  controller: SimController;
  playing: boolean;
  speed: number;
  clock: string;
  events: number;
}

export function TimeControls({ controller, playing, speed, clock, events }: TimeControlsProps) {
  return (
    <div className="time-controls">
      <button data-testid="play" className={playing ? 'active' : ''} disabled={playing} title="Run virtual time" onClick={() => controller.play()}>
        ▶
      </button>
      <button data-testid="pause" className={playing ? '' : 'active'} disabled={!playing} title="Pause virtual time" onClick={() => controller.pause()}>
        ❚❚
      </button>
      <button
        data-testid="step"
        title="Pause and run exactly the next event"
        onClick={() => {
          controller.pause();
          controller.stepToNextEvent();
        }}
      >
        Step ›|
      </button>
      <label className="speed">
        speed
        <select data-testid="speed" value={String(speed)} onChange={(e) => controller.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="clock" title="Virtual time since the cluster was created">
        t = <b data-testid="clock">{clock}</b>
      </span>
      <span className="events muted" title="Events processed by the simulation kernel">
        {events.toLocaleString('en-US')} events
      </span>
    </div>
  );
}
