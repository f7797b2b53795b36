import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, BUSYBOX_TEST_BINARIES, drive, logText, runScript, signal, startContainer } from '../testing.ts';
import { BUSY_SLICE_MS } from './shell.ts';

const DEBIAN = ['sh', 'dash', 'bash', 'cat', 'echo', 'sleep', 'rm', 'touch', 'ls', 'mkdir', 'env', 'date', 'printf', 'test', '[', 'grep', 'wc', 'head', 'tail', 'seq', 'expr', 'curl'];

interface Case {
  script: string;
  out: string[];
  err?: string[];
  code?: number;
  /** Virtual time the script takes. */
  ms?: number;
  files?: Record<string, string>;
}

// Expected output as busybox ash (the busybox and alpine images) prints it.
const CASES: Case[] = [
  { script: 'echo hello; echo world', out: ['hello', 'world'] },
  { script: 'echo -n abc; echo def', out: ['abcdef'] },
  { script: 'echo "a\\tb"; echo -e "a\\tb"', out: ['a\\tb', 'a\tb'] },
  { script: 'x=1; y=$((x + 2 * 3)); echo "y=$y"', out: ['y=7'] },
  { script: 'i=0; i=$((i+1)); : $((i+=5)); echo $i', out: ['6'] },
  { script: 'for i in a b c; do echo $i; done', out: ['a', 'b', 'c'] },
  { script: 'x="a b"; for w in $x; do echo "[$w]"; done; for w in "$x"; do echo "[$w]"; done', out: ['[a]', '[b]', '[a b]'] },
  { script: 'if false; then echo no; elif true; then echo elif; else echo else; fi', out: ['elif'] },
  { script: 'false || echo or; true && echo and; false && echo never; ! false && echo not', out: ['or', 'and', 'not'] },
  { script: 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', out: ['0', '1', '2'] },
  { script: 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i', out: ['2'] },
  { script: 'for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done', out: ['1', '3'] },
  { script: 'case hello.txt in *.log) echo log;; *.txt) echo text;; esac', out: ['text'] },
  { script: 'f() { echo "f:$1:$#"; return 3; }; f a b; echo $?', out: ['f:a:2', '3'] },
  { script: 'echo $(echo sub) `echo tick` "$(echo "nested $(echo deep)")"', out: ['sub tick nested deep'] },
  { script: 'x=$(false); echo $?', out: ['1'] },
  { script: 'echo ${u:-def} ${u-alt} ${#HOSTNAME} ${HOSTNAME%-1} ${HOSTNAME#pod}; v=${w:=set}; echo $w', out: ['def alt 5 pod -1', 'set'] },
  { script: 'echo a b c | wc -w; printf "x\\ny\\n" | grep y; seq 3 | tail -n 1', out: ['3', 'y', '3'] },
  { script: 'seq 3 | while read n; do echo "n=$n"; done', out: ['n=1', 'n=2', 'n=3'] },
  { script: 'printf "%s=%d|%5s|%-3s|%x\\n" a 42 r l 255', out: ['a=42|    r|l  |ff'] },
  { script: 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l < /tmp/f', out: ['one', 'two', '2'] },
  { script: 'cat /missing 2>/dev/null; echo $?; cat /missing 2>&1 | head -n 1', out: ['1', "cat: can't open '/missing': No such file or directory"] },
  { script: 'touch /tmp/a.lock /tmp/b.lock; ls /tmp; rm -f /tmp/*.lock; ls /tmp; echo end', out: ['a.lock', 'b.lock', 'end'] },
  { script: '[ -f /etc/hostname ] && echo yes || echo no; test -d /tmp && echo dir; [ -z "" ] && [ -n x ] && echo strings', out: ['yes', 'dir', 'strings'], files: { '/etc/hostname': 'pod-1\n' } },
  { script: 'expr 3 + 4; expr 10 / 3; expr 2 \\* 5', out: ['7', '3', '10'] },
  { script: 'set -- x y z; echo $# $2 "$@"; shift; echo $1', out: ['3 y x y z', 'y'] },
  { script: 'echo $0 $$', out: ['sh 1'] },
  { script: '(x=inner; echo $x); echo "x=$x"', out: ['inner', 'x='] },
  { script: 'exit 3', out: [], code: 3 },
  { script: 'sleep 1.5; echo after', out: ['after'], ms: 1500 },
  { script: 'sleep 1 2; echo summed', out: ['summed'], ms: 3000 },
  { script: 'hostname; date; date +%Y-%m-%dT%H:%M:%S', out: ['pod-1', 'Sun Nov 22 00:00:00 UTC 2026', '2026-11-22T00:00:00'] },
  { script: 'foo; echo $?', out: ['127'], err: ['sh: foo: not found'] },
  { script: 'sleep abc', out: [], err: ["sleep: invalid number 'abc'"], code: 1 },
  { script: 'vi /tmp/x', out: [], code: 127 },
  { script: 'set -e; echo before; false; echo after', out: ['before'], code: 1 },
  { script: 'set -e; if false; then :; fi; false || true; echo survived', out: ['survived'] },
  { script: 'trap "echo bye" EXIT; echo hi', out: ['hi', 'bye'] },
  { script: 'echo ${x:?is required}', out: [], err: ['sh: x: is required'], code: 2 },
  { script: 'echo hi >&2', out: [], err: ['hi'] },
  // Redirections apply left to right: 2>&1 copies where stdout goes *now* (XCU 2.7.6).
  { script: 'ls /nope 2>&1 >/dev/null | cat', out: ['ls: /nope: No such file or directory'] },
  { script: 'echo hi >&2 2>/dev/null', out: [], err: ['hi'] },
  { script: 'x=$(cat /nope 2>&1); echo "[$x]"', out: ["[cat: can't open '/nope': No such file or directory]"] },
  { script: 'while read line; do echo "got $line"; done < /f; { echo a; echo b; } > /g; cat /g', out: ['got a', 'got b', 'a', 'b'], files: { '/f': 'a\nb\n' } },
  { script: 'ls /; echo /t*', out: ['bin', 'dev', 'etc', 'home', 'lib', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var', '/tmp'] },
  { script: 'echo "echo from file \\$1" > /s.sh; sh /s.sh one; /s.sh two', out: ['from file one', 'from file two'] },
  { script: 'set -x; x=1; echo $x', out: ['1'], err: ['+ x=1', '+ echo 1'] },
  { script: 'echo $((2 ** 10)) $((7 % 3)) $((1 < 2 ? 5 : 6))', out: ['1024 1 5'] },
  { script: 'echo $((1 / 0)); echo not reached', out: [], err: ['sh: divide by zero'], code: 2 },
  { script: 'ps', out: ['PID   USER     TIME  COMMAND', '    1 root      0:00 sh -c ps', '    7 root      0:00 ps'] },
  { script: 'sh -c \'echo nested $0 $1\' zero one', out: ['nested zero one'] },
  { script: 'eval "y=5"; echo $y', out: ['5'] },
  { script: 'echo "x" > /tmp/s.sh; echo "echo sourced" > /tmp/s.sh; . /tmp/s.sh', out: ['sourced'] },
  { script: 'sleep 1 & sleep 2 & wait; echo waited', out: ['waited'], ms: 2000 },
];

describe('sh -c (busybox ash)', () => {
  for (const c of CASES) {
    it(c.script, () => {
      const r = runScript(c.script, { files: c.files });
      expect(r.stdout).toEqual(c.out);
      if (c.err) expect(r.stderr).toEqual(c.err);
      expect(r.exitCode).toBe(c.code ?? 0);
      if (c.ms !== undefined) expect(r.elapsedMs).toBe(c.ms);
    });
  }

  it('names a command the image has but k8sim does not model, and the ones it does', () => {
    const r = runScript('vi /tmp/x');
    expect(r.stderr[0]).toMatch(/^sh: k8sim does not model 'vi' yet \(modelled: .*\bsleep\b.*\)$/);
  });
});

describe('the shell of Debian images (dash) and bash', () => {
  it('dash prints line numbers and interprets backslashes in echo', () => {
    const r = runScript('echo "a\\tb"\nkillall -0 nginx', { binaries: DEBIAN });
    expect(r.stdout).toEqual(['a\tb']);
    expect(r.stderr).toEqual(['sh: 2: killall: not found']);
    expect(r.exitCode).toBe(127);
  });

  it('coreutils word errors their own way', () => {
    const r = runScript('cat /tmp/healthy; rm /tmp/x; ls /nope', { binaries: DEBIAN });
    expect(r.stderr).toEqual(['cat: /tmp/healthy: No such file or directory', "rm: cannot remove '/tmp/x': No such file or directory", "ls: cannot access '/nope': No such file or directory"]);
  });

  it('bash says "command not found"', () => {
    const r = runScript('nope', { binaries: DEBIAN, shell: 'bash' });
    expect(r.stderr).toEqual(['bash: line 1: nope: command not found']);
  });
});

describe('blocking, time and determinism', () => {
  it('a sleep inside a loop blocks there and resumes exactly where it was', () => {
    const c = startContainer(['sh', '-c', 'for i in 1 2 3; do echo "tick $i"; sleep 10; done; echo done']);
    expect(logText(c)).toEqual(['tick 1']);
    expect(c.main.wakeAtMs).toBe(10_000);
    advance(c, 10_000);
    expect(logText(c)).toEqual(['tick 1', 'tick 2']);
    advance(c, 20_000);
    expect(logText(c)).toEqual(['tick 1', 'tick 2', 'tick 3', 'done']);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('`sleep infinity` and `tail -f /dev/null` wait forever without waking', () => {
    for (const script of ['sleep infinity', 'tail -f /dev/null']) {
      const c = startContainer(['sh', '-c', script]);
      expect(c.main.wakeAtMs).toBeNull();
      expect(c.main.state.exitCode).toBeNull();
    }
  });

  it(`a loop that never blocks runs in slices of ${BUSY_SLICE_MS} ms, so the simulation goes on`, () => {
    const c = startContainer(['sh', '-c', 'while true; do :; done']);
    expect(c.main.wakeAtMs).toBe(BUSY_SLICE_MS);
    advance(c, 5 * BUSY_SLICE_MS);
    expect(c.main.state.exitCode).toBeNull();
  });

  it('a process cloned mid-sleep (a checkpoint) continues with the same output', () => {
    const script = 'n=0; while [ $n -lt 4 ]; do n=$((n+1)); echo "line $n $(date +%s)"; sleep 7; done; echo end $n';
    const a = startContainer(['sh', '-c', script]);
    advance(a, 10_000);
    const b = structuredClone(a);
    advance(a, 60_000);
    advance(b, 60_000);
    expect(logText(b)).toEqual(logText(a));
    expect(logText(a)).toHaveLength(5);
    expect(b.main.state.exitCode).toBe(0);
  });

  it('property: any sequence of echo and sleep prints in order and takes the sum of the sleeps', () => {
    const step = fc.oneof(fc.record({ echo: fc.stringMatching(/^[a-z0-9]{1,8}$/) }), fc.record({ sleep: fc.integer({ min: 0, max: 5000 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const script = steps.map((s) => ('echo' in s ? `echo ${s.echo}` : `sleep ${(s.sleep / 1000).toFixed(3)}`)).join('; ') || ':';
        const r = runScript(script);
        expect(r.stdout).toEqual(steps.flatMap((s) => ('echo' in s ? [s.echo] : [])));
        expect(r.elapsedMs).toBe(steps.reduce((t, s) => t + ('sleep' in s ? s.sleep : 0), 0));
        expect(r.exitCode).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

// pid_namespaces(7): "Only signals for which the init process has established a signal handler
// can be sent to the init process by other members of the PID namespace" (and likewise from
// ancestor namespaces, SIGKILL excepted).
describe('signals to a shell', () => {
  it('as PID 1 without a trap, TERM/INT/QUIT/HUP are ignored; KILL ends it with 137', () => {
    for (const sig of ['TERM', 'INT', 'QUIT', 'HUP'] as const) {
      const c = startContainer(['sh', '-c', 'sleep 3600']);
      signal(c, sig);
      expect(c.main.state.exitCode, sig).toBeNull();
      signal(c, 'KILL');
      expect(c.main.state.exitCode).toBe(137);
    }
  });

  it('a trap waits for the foreground command (sleep) to finish, then runs', () => {
    const c = startContainer(['sh', '-c', "trap 'echo got TERM; exit 0' TERM; sleep 30; echo not reached"]);
    advance(c, 1000);
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBeNull();
    advance(c, 29_000);
    expect(logText(c)).toEqual(['got TERM']);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('`wait` is interrupted at once by a trapped signal (XCU 2.11): the trap runs, wait returns 143', () => {
    const c = startContainer(['sh', '-c', "trap 'echo got TERM' TERM; sleep 3600 & wait; echo \"wait returned $?\""]);
    signal(c, 'TERM');
    expect(logText(c)).toEqual(['got TERM', 'wait returned 143']);
    expect(c.main.state.exitCode).toBe(0);
  });

  it('`trap "" TERM` ignores it; a shell that is not PID 1 dies of an untrapped TERM', () => {
    const c = startContainer(['sh', '-c', "trap '' TERM; sleep 5"]);
    signal(c, 'TERM');
    expect(c.main.state.exitCode).toBeNull();
    const d = startContainer(['sh', '-c', 'sleep 5'], { pid: 12 });
    signal(d, 'TERM');
    expect(d.main.state.exitCode).toBe(143);
  });

  it('kill $! ends a background job; kill $$ is a signal to the shell itself', () => {
    const r = runScript('sleep 100 & kill $!; wait $!; echo "job: $?"');
    expect(r.stdout).toEqual(['job: 143']);
    const s = runScript("trap 'echo trapped' TERM; kill $$; echo after");
    expect(s.stdout).toEqual(['trapped', 'after']);
  });

  it('exec replaces the shell: `exec sleep` is no longer a shell with traps', () => {
    const c = startContainer(['sh', '-c', "trap 'echo t' TERM; exec sleep 60"]);
    expect(c.main.state.comm).toBe('sleep');
    signal(c, 'TERM');
    expect(logText(c)).toEqual([]);
    advance(c, 60_000);
    expect(c.main.state.exitCode).toBe(0);
  });
});

describe('utilities run directly as the command (no shell)', () => {
  it('sleep 3600, echo, true, cat take their arguments literally', () => {
    const c = startContainer(['echo', '$HOME', 'hi']);
    expect(logText(c)).toEqual(['$HOME hi']);
    expect(c.main.state.exitCode).toBe(0);
    const s = startContainer(['sleep', '3600']);
    expect(s.main.state.comm).toBe('sleep');
    expect(s.main.wakeAtMs).toBe(3_600_000);
    drive(s, s.main);
    expect(startContainer(['false']).main.state.exitCode).toBe(1);
  });

  it('the busybox image\'s default command `sh` with no terminal exits 0 at once', () => {
    const c = startContainer(['sh'], { binaries: BUSYBOX_TEST_BINARIES });
    expect(c.main.state.exitCode).toBe(0);
  });
});
