/** grep as lessons use it: context lines around matches (`kubectl describe pod x | grep -A10 Events:`). */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../simulation/presets.ts';
import { createSession, jobText, runToCompletion } from './session.ts';

describe('grep', () => {
  const w = createWorld({ preset: 'single', seed: 1, controlPlane: false, settleMs: 10 });
  const s = createSession(w, 'cp-1');
  runToCompletion(s, "cat > /tmp/f <<EOF\na\nb\nc\nd\ne\nf\ng\nEOF");
  const run = (cmd: string) => jobText(runToCompletion(s, cmd));

  it.each([
    ['cat /tmp/f | grep -A1 -B1 c', 'b\nc\nd\n'],
    ['cat /tmp/f | grep -A1 -e b -e x', 'b\nc\n'],
    // GNU grep separates groups that are not adjacent with `--`.
    ['cat /tmp/f | grep -A1 "b\\|f"', 'b\nc\n--\nf\ng\n'],
    ['cat /tmp/f | grep -C 1 "c\\|e"', 'b\nc\nd\ne\nf\n'],
    ['cat /tmp/f | grep -B2 a', 'a\n'],
    ['cat /tmp/f | grep -c "[aeiou]"', '2\n'],
    ['cat /tmp/f | grep -v "[a-e]"', 'f\ng\n'],
  ])('%s', (cmd, out) => {
    expect(run(cmd)).toBe(out);
  });
});
