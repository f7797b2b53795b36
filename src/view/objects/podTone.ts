/** A pod chip's colour from kubectl's STATUS column: ok (Running/Completed), wait (Pending, creating), bad (errors). */
export type PodTone = 'ok' | 'wait' | 'bad' | 'gone';

export function podTone(status: string): PodTone {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded') return 'ok';
  if (status === 'Terminating' || status === 'Unknown') return 'gone';
  if (status === 'Pending' || status === 'ContainerCreating' || status === 'PodInitializing' || status.startsWith('Init:') && !/Err|BackOff|Error/.test(status) || status === 'SchedulingGated') return 'wait';
  return 'bad';
}

/** The lit state's colour in a container statechart: green running, amber on the way, red in trouble, grey stopping. */
export function containerChartColor(state: string): string {
  if (state === 'Running') return '#4caf50';
  if (state === 'ErrImagePull' || state === 'ImagePullBackOff' || state === 'CrashLoopBackOff' || state === 'CreateContainerError') return '#ef5350';
  if (state === 'PreStopHook' || state === 'Stopping' || state === 'Terminated') return '#90a4ae';
  return '#f5c542';
}
