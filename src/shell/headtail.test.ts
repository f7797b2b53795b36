/** head and tail as GNU coreutils: -n N, -N, -c N, files or stdin, coreutils' error texts. */
import { describe, expect, it } from 'vitest';
import { testShell } from './testing.ts';

describe('head and tail', () => {
  const { run } = testShell({ preset: 'single', seed: 1, controlPlane: false, settleMs: 10 });
  run('cat > /tmp/f <<EOF\na\nb\nc\nd\nEOF');

  it.each([
    ['head -n 2 /tmp/f', 'a\nb\n'],
    ['cat /tmp/f | head -3', 'a\nb\nc\n'],
    ['tail -n1 /tmp/f', 'd\n'],
    ['cat /tmp/f | tail -2', 'c\nd\n'],
    ['head -c 3 /tmp/f', 'a\nb'],
    ['tail -c 2 /tmp/f', 'd\n'],
    ['echo hello world | head -c 5', 'hello'],
  ])('%s', (cmd, out) => {
    expect(run(cmd)).toEqual({ out, code: 0 });
  });

  it('says what is wrong as coreutils does', () => {
    expect(run('head /nope')).toEqual({ out: "head: cannot open '/nope' for reading: No such file or directory\n", code: 1 });
    expect(run('tail -n x /tmp/f')).toEqual({ out: "tail: invalid number of lines: 'x'\n", code: 1 });
    expect(run('head -z /tmp/f').code).toBe(1);
  });
});

describe('printf (bash builtin)', () => {
  const { run } = testShell({ preset: 'single', seed: 1, controlPlane: false, settleMs: 10 });
  it('reuses the format for the remaining arguments and interprets escapes', () => {
    expect(run("printf '%s=%d\\n' a 1 b 2")).toEqual({ out: 'a=1\nb=2\n', code: 0 });
    expect(run("printf 'x\\ny\\nz\\n' | tail -n 2")).toEqual({ out: 'y\nz\n', code: 0 });
    expect(run("printf '%d\\n' zz")).toEqual({ out: 'bash: printf: zz: invalid number\n0\n', code: 1 });
  });
});
