import { describe, expect, it } from 'vitest';
import { msUntilMemoryReaches } from '../index.ts';
import { advance, logText, memory, signal, startContainer } from '../testing.ts';
import { stressBytes, VM_FILL_MS } from './stress.ts';

const MiB = 1024 * 1024;
const start = (...args: string[]) => startContainer(['stress', ...args], { binaries: ['stress', 'sh', 'bash'] });

describe('stress --vm (polinux/stress)', () => {
  it('sizes take b/k/m/g suffixes in powers of 1024', () => {
    expect([stressBytes('150M'), stressBytes('250m'), stressBytes('1G'), stressBytes('512k'), stressBytes('x')]).toEqual([150 * MiB, 250 * MiB, 1024 * MiB, 512 * 1024, null]);
  });

  // kubernetes.io docs/tasks/configure-pod-container/assign-memory-resource.md
  it('the memory example: dispatches one vm hog and holds ~150Mi', () => {
    const c = start('--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1');
    expect(logText(c)).toEqual(['stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd']);
    expect(memory(c)).toBe(1 * MiB);
    advance(c, VM_FILL_MS);
    expect(memory(c)).toBe(151 * MiB);
    advance(c, 60_000);
    expect(memory(c)).toBe(151 * MiB);
    expect(c.main.state.exitCode).toBeNull();
  });

  it('the OOM example: 250M against a 100Mi limit is passed within the first second', () => {
    const c = start('--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1');
    const ms = msUntilMemoryReaches(c.main.state, 100 * MiB + 1, c.nowMs);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(VM_FILL_MS);
    advance(c, ms);
    expect(memory(c)).toBeGreaterThan(100 * MiB);
    expect(msUntilMemoryReaches(c.main.state, 300 * MiB, c.nowMs)).toBe(Infinity);
  });

  it('--timeout ends the run; without a handler, SIGTERM to PID 1 is ignored', () => {
    const c = start('--cpu', '2', '--timeout', '10s');
    advance(c, 10_000);
    expect(logText(c).at(-1)).toBe('stress: info: [1] successful run completed in 10s');
    expect(c.main.state.exitCode).toBe(0);
    const d = start('--vm', '1');
    signal(d, 'TERM');
    expect(d.main.state.exitCode).toBeNull();
  });
});
