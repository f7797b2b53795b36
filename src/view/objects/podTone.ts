/** A pod chip's colour from kubectl's STATUS column: ok (Running/Completed), wait (Pending, creating), bad (errors). */
export type PodTone = 'ok' | 'wait' | 'bad' | 'gone';

export function podTone(status: string): PodTone {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded') return 'ok';
  if (status === 'Terminating' || status === 'Unknown') return 'gone';
  if (status === 'Pending' || status === 'ContainerCreating' || status === 'PodInitializing' || status.startsWith('Init:') && !/Err|BackOff|Error/.test(status) || status === 'SchedulingGated') return 'wait';
  return 'bad';
}
