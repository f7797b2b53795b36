/**
 * The command table: host tools (files, ssh, systemctl, sleep, filters) and the dispatch to
 * etcdctl/etcdutl and the `sim` built-ins. Error texts follow GNU coreutils and bash.
 */
import { ip } from './ip.ts';
import { baseName, childrenOf, mkdirp, movePath, normalizePath, parentOf, removePath, type FsNode, type Host } from '../cluster/host/host.ts';
import { resolveHost } from '../simulation/world.ts';
import { etcdctl, etcdutl } from './etcdctl.ts';
import { sim } from './sim.ts';
import { cDate } from '../cluster/runtime/programs/clock.ts';
import { formatPrintf } from '../cluster/runtime/programs/sh/text.ts';
import type { UtilCtx } from '../cluster/runtime/programs/sh/util.ts';
import { journalctl, systemctl } from './systemd.ts';
import { etcdBinary } from './etcd.ts';
import { kubectl } from './kubectl/kubectl.ts';
import { crictl } from './crictl.ts';
import { ipvsadm } from './ipvsadm.ts';
import { curl, wget } from './curl.ts';
import { runLine, type CommandIO, type OutputLine, type Program } from './session.ts';

type Command = (args: string[], io: CommandIO) => Program;

const COMMANDS: Record<string, Command> = {
  etcdctl,
  etcdutl,
  etcd: etcdBinary,
  kubectl,
  crictl,
  ipvsadm,
  curl,
  wget,
  ip,
  sim,
  ssh,
  scp,
  exit: exitShell,
  logout: exitShell,
  hostname,
  ls,
  cat,
  mv,
  cp,
  rm,
  mkdir,
  touch,
  echo,
  printf,
  pwd,
  cd,
  sleep,
  date,
  systemctl,
  journalctl,
  grep,
  head,
  tail,
  wc,
  cut,
  timeout,
  help,
  true: function* () {
    return 0;
  },
  false: function* () {
    return 1;
  },
  clear: function* () {
    return 0;
  },
};

/** What a user can still do when the host their terminal is on has crashed. */
const WORKS_WHILE_DISCONNECTED = new Set(['sim', 'ssh', 'exit', 'logout', 'help', 'sleep', 'clear']);

export function commandNames(): string[] {
  return Object.keys(COMMANDS).sort();
}

export function* runCommand(argv: string[], io: CommandIO): Program {
  const [name, ...args] = argv;
  const cmd = COMMANDS[name!];
  if (!cmd) {
    io.err(`bash: ${name}: command not found\n`);
    return 127;
  }
  const host = io.session.world.hosts[io.session.host]!;
  if (!host.up && !WORKS_WHILE_DISCONNECTED.has(name!)) {
    // The terminal was on a host that crashed: the SSH connection is gone. The user is back on
    // their own machine, from where `ssh` to another host (and the sim built-ins) still work.
    const back = io.session.hostStack.pop();
    if (back) {
      io.err(`Connection to ${host.name} closed by remote host.\n`);
      io.session.host = back;
      io.session.cwd = '/root';
    } else {
      io.err(`Connection to ${host.name} closed by remote host. (${host.name} is down: \`ssh\` to another host, or \`sim boot ${host.name}\`.)\n`);
    }
    return 255;
  }
  return yield* cmd(args, io);
}

function currentHost(io: CommandIO): Host {
  return io.session.world.hosts[io.session.host]!;
}

function abs(io: CommandIO, p: string): string {
  return normalizePath(io.session.cwd, p.replace(/^~(?=\/|$)/, '/root'));
}

// ---------------------------------------------------------------------------------------------
// Moving between hosts.

function* ssh(args: string[], io: CommandIO): Program {
  const targetIndex = args.findIndex((a) => !a.startsWith('-'));
  const target = args[targetIndex];
  const remoteCommand = args.slice(targetIndex + 1).join(' ');
  if (!target) {
    io.err('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] destination [command [argument ...]]\n');
    return 255;
  }
  const name = resolveHost(io.session.world, target.replace(/^[^@]*@/, ''));
  if (!name) {
    io.err(`ssh: Could not resolve hostname ${target}: Name or service not known\n`);
    return 255;
  }
  const h = io.session.world.hosts[name]!;
  if (!h.up) {
    // The host does not answer: ssh's default ConnectTimeout is the TCP one; we wait 10 s.
    yield { type: 'until', atMs: io.session.world.kernel.now + 10_000 };
    io.err(`ssh: connect to host ${name} port 22: Connection timed out\n`);
    return 255;
  }
  if (remoteCommand.trim() !== '') return yield* runRemote(io, name, remoteCommand);
  io.session.hostStack.push(io.session.host);
  io.session.host = name;
  io.session.cwd = '/root';
  return 0;
}

/** `ssh HOST COMMAND`: run the command on HOST and come back. */
function* runRemote(io: CommandIO, host: string, command: string): Program {
  const s = io.session;
  const saved = { host: s.host, cwd: s.cwd, stack: [...s.hostStack] };
  s.host = host;
  s.cwd = '/root';
  const output: OutputLine[] = [];
  let status: number;
  try {
    status = yield* runLine(s, command, output);
  } finally {
    s.host = saved.host;
    s.cwd = saved.cwd;
    s.hostStack = saved.stack;
  }
  for (const l of output) (l.stream === 'err' ? io.err : io.out)(l.text);
  return status;
}

/** `scp SRC HOST:DST` / `scp HOST:SRC DST`: copy a file between hosts over the network. */
function* scp(args: string[], io: CommandIO): Program {
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length !== 2) {
    io.err('usage: scp [-346ABCOpqRrsTv] source ... target\n');
    return 1;
  }
  const w = io.session.world;
  const side = (p: string) => {
    const m = /^([^:/]+):(.*)$/.exec(p);
    if (!m) return { host: io.session.host, path: abs(io, p), label: p };
    const host = resolveHost(w, m[1]!.replace(/^[^@]*@/, ''));
    return { host, path: normalizePath('/root', m[2] || '.'), label: p };
  };
  const src = side(paths[0]!);
  const dst = side(paths[1]!);
  for (const s of [src, dst]) {
    if (!s.host) {
      io.err(`ssh: Could not resolve hostname ${s.label.split(':')[0]}: Name or service not known\n`);
      return 255;
    }
    if (!w.hosts[s.host]!.up) {
      yield { type: 'until', atMs: w.kernel.now + 10_000 };
      io.err(`ssh: connect to host ${s.host} port 22: Connection timed out\n`);
      return 255;
    }
  }
  const from = w.hosts[src.host!]!;
  const node = from.fs[src.path];
  if (!node || node.type === 'dir' || node.type === 'etcd-member') {
    io.err(node ? `scp: ${src.path}: not a regular file\n` : `scp: ${src.path}: No such file or directory\n`);
    return 1;
  }
  const to = w.hosts[dst.host!]!;
  let target = dst.path;
  if (to.fs[target]?.type === 'dir') target = `${target === '/' ? '' : target}/${baseName(src.path)}`;
  if (!to.fs[parentOf(target)]) {
    io.err(`scp: dest open "${dst.path}": No such file or directory\n`);
    return 1;
  }
  // A LAN copy of a small file: a round trip or two.
  yield { type: 'until', atMs: w.kernel.now + 5 };
  to.fs[target] = structuredClone(node);
  return 0;
}

function* exitShell(_args: string[], io: CommandIO): Program {
  const back = io.session.hostStack.pop();
  if (back) {
    io.out('logout\n');
    io.out(`Connection to ${io.session.host} closed.\n`);
    io.session.host = back;
    io.session.cwd = '/root';
  }
  return 0;
}

function* hostname(_args: string[], io: CommandIO): Program {
  io.out(`${io.session.host}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Files.

function describeNode(node: FsNode): { isDir: boolean; size: number } {
  if (node.type === 'dir' || node.type === 'etcd-member') return { isDir: true, size: 4096 };
  if (node.type === 'file') return { isDir: false, size: node.content.length };
  return { isDir: false, size: node.sizeBytes };
}

/** What `ls` shows inside an etcd member dir (the real layout: snap/ with db, wal/). */
function etcdMemberChildren(path: string): string[] | undefined {
  if (path.endsWith('/member')) return ['snap', 'wal'];
  if (path.endsWith('/member/snap')) return ['db'];
  if (path.endsWith('/member/wal')) return ['0000000000000000-0000000000000000.wal'];
  return undefined;
}

function lookup(host: Host, path: string): FsNode | undefined {
  const direct = host.fs[path];
  if (direct) return direct;
  // Paths inside an etcd member dir exist as long as the member dir does.
  for (const suffix of ['/snap', '/wal', '/snap/db', '/wal/0000000000000000-0000000000000000.wal']) {
    if (path.endsWith(suffix)) {
      const base = path.slice(0, -suffix.length);
      if (host.fs[base]?.type === 'etcd-member') return suffix.endsWith('db') || suffix.endsWith('.wal') ? { type: 'file', content: '' } : { type: 'dir' };
    }
  }
  return undefined;
}

function* ls(args: string[], io: CommandIO): Program {
  const long = args.some((a) => /^-[a-zA-Z]*l/.test(a));
  const paths = args.filter((a) => !a.startsWith('-'));
  const host = currentHost(io);
  let status = 0;
  const targets = paths.length ? paths : ['.'];
  for (const p of targets) {
    const path = abs(io, p);
    const node = lookup(host, path);
    if (!node) {
      io.err(`ls: cannot access '${p}': No such file or directory\n`);
      status = 2;
      continue;
    }
    if (targets.length > 1) io.out(`${p}:\n`);
    const names = node.type === 'dir' ? childrenOf(host, path) : node.type === 'etcd-member' ? ['snap', 'wal'] : [baseName(path)];
    const inside = etcdMemberChildren(path);
    const list = host.fs[path] ? names : (inside ?? []);
    if (!long) {
      if (list.length) io.out(list.join('  ') + '\n');
      continue;
    }
    io.out(`total ${list.length * 4}\n`);
    for (const n of list) {
      const child = node.type === 'dir' || node.type === 'etcd-member' || !host.fs[path] ? lookup(host, `${path === '/' ? '' : path}/${n}`) : node;
      const { isDir, size } = child ? describeNode(child) : { isDir: false, size: 0 };
      io.out(`${isDir ? 'drwx------' : '-rw-------'} 1 root root ${String(size).padStart(6)} Nov 22 00:00 ${n}\n`);
    }
  }
  return status;
}

function* cat(args: string[], io: CommandIO): Program {
  const host = currentHost(io);
  let status = 0;
  if (args.length === 0) {
    io.out(io.stdin);
    return 0;
  }
  for (const p of args) {
    const node = lookup(host, abs(io, p));
    if (!node) {
      io.err(`cat: ${p}: No such file or directory\n`);
      status = 1;
    } else if (node.type === 'dir' || node.type === 'etcd-member') {
      io.err(`cat: ${p}: Is a directory\n`);
      status = 1;
    } else if (node.type === 'file') {
      io.out(node.content);
    } else {
      io.out('(binary bbolt database; inspect it with `etcdutl snapshot status`)\n');
    }
  }
  return status;
}

function* mv(args: string[], io: CommandIO): Program {
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length !== 2) {
    io.err(paths.length < 2 ? `mv: missing destination file operand after '${paths[0] ?? ''}'\n` : 'mv: moving several files is not supported here\n');
    return 1;
  }
  const host = currentHost(io);
  const from = abs(io, paths[0]!);
  let to = abs(io, paths[1]!);
  if (!host.fs[from]) {
    io.err(`mv: cannot stat '${paths[0]}': No such file or directory\n`);
    return 1;
  }
  if (host.fs[to]?.type === 'dir') to = `${to === '/' ? '' : to}/${baseName(from)}`;
  if (!host.fs[parentOf(to)]) {
    io.err(`mv: cannot move '${paths[0]}' to '${paths[1]}': No such file or directory\n`);
    return 1;
  }
  if (to === from || to.startsWith(from + '/')) {
    io.err(`mv: cannot move '${paths[0]}' to a subdirectory of itself, '${paths[1]}'\n`);
    return 1;
  }
  movePath(host, from, to);
  return 0;
}

function* cp(args: string[], io: CommandIO): Program {
  const paths = args.filter((a) => !a.startsWith('-'));
  const recursive = args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a));
  if (paths.length !== 2) {
    io.err(`cp: missing destination file operand after '${paths[0] ?? ''}'\n`);
    return 1;
  }
  const host = currentHost(io);
  const from = abs(io, paths[0]!);
  let to = abs(io, paths[1]!);
  const node = host.fs[from];
  if (!node) {
    io.err(`cp: cannot stat '${paths[0]}': No such file or directory\n`);
    return 1;
  }
  if ((node.type === 'dir' || node.type === 'etcd-member') && !recursive) {
    io.err(`cp: -r not specified; omitting directory '${paths[0]}'\n`);
    return 1;
  }
  if (host.fs[to]?.type === 'dir') to = `${to === '/' ? '' : to}/${baseName(from)}`;
  if (!host.fs[parentOf(to)]) {
    io.err(`cp: cannot create regular file '${paths[1]}': No such file or directory\n`);
    return 1;
  }
  for (const [p, n] of Object.entries(host.fs)) {
    if (p === from || p.startsWith(from + '/')) host.fs[to + p.slice(from.length)] = structuredClone(n);
  }
  return 0;
}

function* rm(args: string[], io: CommandIO): Program {
  const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a));
  const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
  const host = currentHost(io);
  let status = 0;
  for (const p of args.filter((a) => !a.startsWith('-'))) {
    const path = abs(io, p);
    const node = host.fs[path];
    if (!node) {
      if (!force) {
        io.err(`rm: cannot remove '${p}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if ((node.type === 'dir' || node.type === 'etcd-member') && !recursive) {
      io.err(`rm: cannot remove '${p}': Is a directory\n`);
      status = 1;
      continue;
    }
    removePath(host, path);
  }
  return status;
}

function* mkdir(args: string[], io: CommandIO): Program {
  const parents = args.includes('-p');
  const host = currentHost(io);
  let status = 0;
  for (const p of args.filter((a) => !a.startsWith('-'))) {
    const path = abs(io, p);
    if (host.fs[path]) {
      if (!parents) {
        io.err(`mkdir: cannot create directory '${p}': File exists\n`);
        status = 1;
      }
      continue;
    }
    if (!parents && !host.fs[parentOf(path)]) {
      io.err(`mkdir: cannot create directory '${p}': No such file or directory\n`);
      status = 1;
      continue;
    }
    mkdirp(host, path);
  }
  return status;
}

function* touch(args: string[], io: CommandIO): Program {
  const host = currentHost(io);
  for (const p of args.filter((a) => !a.startsWith('-'))) {
    const path = abs(io, p);
    if (!host.fs[parentOf(path)]) {
      io.err(`touch: cannot touch '${p}': No such file or directory\n`);
      return 1;
    }
    if (!host.fs[path]) host.fs[path] = { type: 'file', content: '' };
  }
  return 0;
}

function* echo(args: string[], io: CommandIO): Program {
  const noNewline = args[0] === '-n';
  io.out((noNewline ? args.slice(1) : args).join(' ') + (noNewline ? '' : '\n'));
  return 0;
}

/**
 * bash's printf builtin: the format reused until the arguments run out, with the escapes and
 * conversions of the container shells' printf (programs/sh/text.ts).
 */
function* printf(args: string[], io: CommandIO): Program {
  if (args.length === 0) {
    io.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  let status = 0;
  const u = {
    sh: { flavor: 'gnu' },
    name: 'bash: printf',
    err: (text: string) => {
      status = 1;
      // bash's builtin words it "invalid number" (builtins/printf.def) where dash says "expected numeric value".
      io.err(text.replace(/: expected numeric value\n$/, ': invalid number\n'));
    },
  } as unknown as UtilCtx;
  io.out(formatPrintf(u, args[0]!, args.slice(1)));
  return status;
}

function* pwd(_args: string[], io: CommandIO): Program {
  io.out(io.session.cwd + '\n');
  return 0;
}

function* cd(args: string[], io: CommandIO): Program {
  const target = abs(io, args[0] ?? '/root');
  const node = lookup(currentHost(io), target);
  if (!node || (node.type !== 'dir' && node.type !== 'etcd-member')) {
    io.err(`bash: cd: ${args[0]}: ${node ? 'Not a directory' : 'No such file or directory'}\n`);
    return 1;
  }
  io.session.cwd = target;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Time.

/** Parses `5`, `1.5`, `2s`, `1m` (GNU sleep suffixes) into ms. */
export function parseDurationArg(arg: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

function* sleep(args: string[], io: CommandIO): Program {
  if (args.length === 0) {
    io.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = parseDurationArg(a);
    if (ms === undefined) {
      io.err(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += ms;
  }
  yield { type: 'until', atMs: io.session.world.kernel.now + total };
  return 0;
}

/** GNU date's default format (C locale), from the virtual clock: the same clock containers' `date` reads. */
export function dateString(virtualMs: number): string {
  return cDate(virtualMs);
}

function* date(_args: string[], io: CommandIO): Program {
  io.out(dateString(io.session.world.kernel.now) + '\n');
  return 0;
}

function* timeout(args: string[], io: CommandIO): Program {
  const ms = parseDurationArg(args[0] ?? '');
  if (ms === undefined || args.length < 2) {
    io.err(args.length < 2 ? "timeout: missing operand\nTry 'timeout --help' for more information.\n" : `timeout: invalid time interval '${args[0]}'\n`);
    return 125;
  }
  const deadline = io.session.world.kernel.now + ms;
  const inner = runCommand(args.slice(1), io);
  // Drive the inner command, interrupting it at the deadline as timeout's SIGTERM would.
  let r = inner.next();
  while (!r.done) {
    const wait = r.value;
    if (io.session.world.kernel.now >= deadline) {
      io.session.interrupted = true;
      r = inner.next();
      continue;
    }
    if (wait.type === 'until') yield { type: 'until', atMs: Math.min(wait.atMs, deadline) };
    else if (wait.type === 'stream') yield { ...wait, untilMs: Math.min(wait.untilMs ?? Infinity, deadline) };
    else yield wait;
    r = inner.next();
  }
  return io.session.world.kernel.now >= deadline && io.session.interrupted ? 124 : r.value;
}

// ---------------------------------------------------------------------------------------------
// Filters.

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/**
 * grep over its input: -v -i -c -q -E, -e PATTERN, and context lines -A N, -B N, -C N (also
 * -A20), with GNU grep's `--` between groups that are not adjacent.
 */
function* grep(args: string[], io: CommandIO): Program {
  let invert = false;
  let ignoreCase = false;
  let count = false;
  let quiet = false;
  let extended = false;
  let after = 0;
  let before = 0;
  let pattern: string | undefined;
  const patterns: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const ctx = /^-([ABC])(\d*)$/.exec(a);
    if (ctx) {
      const n = Number(ctx[2] || args[++i] || 0);
      if (ctx[1] !== 'B') after = n;
      if (ctx[1] !== 'A') before = n;
      continue;
    }
    if (a === '-e') {
      patterns.push(args[++i] ?? '');
      continue;
    }
    if (/^-[a-zA-Z]+$/.test(a)) {
      invert ||= a.includes('v');
      ignoreCase ||= a.includes('i');
      count ||= a.includes('c');
      quiet ||= a.includes('q');
      extended ||= a.includes('E');
      continue;
    }
    if (pattern === undefined && patterns.length === 0) pattern = a;
  }
  // Several -e patterns: a line matches if any does.
  if (patterns.length > 0) pattern = patterns.map((x) => (extended ? `(?:${x})` : x)).join(extended ? '|' : '\\|');
  if (pattern === undefined) {
    io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(extended ? pattern : pattern.replace(/\\\|/g, '|'), ignoreCase ? 'i' : '');
  } catch {
    io.err('grep: Invalid regular expression\n');
    return 2;
  }
  const all = lines(io.stdin);
  const hits = all.map((l) => re.test(l) !== invert);
  const matched = hits.filter(Boolean).length;
  if (quiet) return matched > 0 ? 0 : 1;
  if (count) {
    io.out(`${matched}\n`);
    return matched > 0 ? 0 : 1;
  }
  let last = -1;
  for (let i = 0; i < all.length; i++) {
    if (!hits[i]) continue;
    const from = Math.max(i - before, last + 1);
    const to = Math.min(all.length - 1, i + after);
    if ((before > 0 || after > 0) && last >= 0 && from > last + 1) io.out('--\n');
    for (let j = from; j <= to; j++) io.out(all[j]! + '\n');
    last = Math.max(last, to);
  }
  return matched > 0 ? 0 : 1;
}

/** head/tail's options (GNU coreutils): -n N, -nN, -N for lines, -c N, -cN for bytes, then files (none: stdin). */
function headTailArgs(tool: string, args: string[]): { lines: number; bytes: number | null; files: string[] } | { error: string } {
  let count = 10;
  let bytes: number | null = null;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let m: RegExpExecArray | null;
    if (a === '-n' || a === '-c') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) return { error: `${tool}: invalid number of ${a === '-n' ? 'lines' : 'bytes'}: '${v ?? ''}'` };
      if (a === '-n') count = Number(v);
      else bytes = Number(v);
    } else if ((m = /^-([nc])(\d+)$/.exec(a))) {
      if (m[1] === 'n') count = Number(m[2]);
      else bytes = Number(m[2]);
    } else if ((m = /^-(\d+)$/.exec(a))) count = Number(m[1]);
    else if (a.startsWith('-') && a !== '-') return { error: `${tool}: invalid option -- '${a.slice(1, 2)}'\nTry '${tool} --help' for more information.` };
    else files.push(a);
  }
  return { lines: count, bytes, files };
}

/** The texts head/tail read: the files named (an error line for a missing one), or stdin. */
function inputsOf(tool: string, files: string[], io: CommandIO): { texts: string[]; status: number } {
  if (files.length === 0 || (files.length === 1 && files[0] === '-')) return { texts: [io.stdin], status: 0 };
  const host = currentHost(io);
  const texts: string[] = [];
  let status = 0;
  for (const p of files) {
    const node = lookup(host, abs(io, p));
    if (!node) {
      io.err(`${tool}: cannot open '${p}' for reading: No such file or directory\n`);
      status = 1;
    } else if (node.type !== 'file') {
      io.err(`${tool}: error reading '${p}': Is a directory\n`);
      status = 1;
    } else texts.push(node.content);
  }
  return { texts, status };
}

function* head(args: string[], io: CommandIO): Program {
  const o = headTailArgs('head', args);
  if ('error' in o) {
    io.err(`${o.error}\n`);
    return 1;
  }
  const { texts, status } = inputsOf('head', o.files, io);
  for (const text of texts) {
    if (o.bytes !== null) io.out(text.slice(0, o.bytes));
    else for (const l of lines(text).slice(0, o.lines)) io.out(l + '\n');
  }
  return status;
}

function* tail(args: string[], io: CommandIO): Program {
  const o = headTailArgs('tail', args);
  if ('error' in o) {
    io.err(`${o.error}\n`);
    return 1;
  }
  const { texts, status } = inputsOf('tail', o.files, io);
  for (const text of texts) {
    if (o.bytes !== null) io.out(o.bytes === 0 ? '' : text.slice(-o.bytes));
    else {
      const all = lines(text);
      for (const l of all.slice(Math.max(0, all.length - o.lines))) io.out(l + '\n');
    }
  }
  return status;
}

/** `cut -d DELIM -f N[,M]` (fields only, as lessons use it). */
function* cut(args: string[], io: CommandIO): Program {
  let delim = '\t';
  let fieldsSpec: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-d') delim = args[++i] ?? '\t';
    else if (a.startsWith('-d')) delim = a.slice(2);
    else if (a === '-f') fieldsSpec = args[++i];
    else if (a.startsWith('-f')) fieldsSpec = a.slice(2);
  }
  if (!fieldsSpec) {
    io.err("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
    return 1;
  }
  const wanted = fieldsSpec.split(',').map(Number);
  for (const l of lines(io.stdin)) io.out(wanted.map((n) => l.split(delim)[n - 1] ?? '').filter((x, i) => x !== '' || i === 0).join(delim) + '\n');
  return 0;
}

function* wc(args: string[], io: CommandIO): Program {
  const l = lines(io.stdin).length;
  io.out(args.includes('-l') ? `${l}\n` : `${String(l).padStart(7)} ${String(io.stdin.split(/\s+/).filter(Boolean).length).padStart(7)} ${String(io.stdin.length).padStart(7)}\n`);
  return 0;
}

function* help(_args: string[], io: CommandIO): Program {
  io.out(
    [
      'k8sim shell — a terminal on a simulated cluster (virtual time; commands run to completion).',
      '',
      '  etcdctl ...            etcd v3 client (put, get, del, watch, txn, member, endpoint, snapshot, compaction)',
      '  etcdutl snapshot ...   offline snapshot status / restore',
      '  kubectl ...            get, describe, apply, create, run, expose, delete, scale, rollout, logs, exec, wait … (kubectl --help)',
      '  crictl ps|pods|images|logs|inspect|stop|rm ...   containerd on this host (ssh to a node first)',
      '  ipvsadm -Ln            the node kernel\'s IPVS table (kube-proxy)     ip route    its routes (flannel.1)',
      '  ssh HOST | exit        move between hosts (the prompt shows where you are)',
      '  systemctl start|stop|restart|status kubelet|etcd|haproxy|keepalived    journalctl -u UNIT',
      '  ip -4 addr show eth0   the host address, and the VIP on the lb host that holds it',
      '  curl URL | wget -qO- URL   HTTP from this host: ClusterIPs through its IPVS table, pod IPs, :6443/healthz',
      '  ls cat mv cp rm mkdir touch echo printf pwd cd grep head tail wc date sleep timeout',
      '  sim status | crash HOST | boot HOST | partition A,B / C,D | heal | latency A B MS | loss A B PCT | trace [N]',
      '',
    ].join('\n'),
  );
  return 0;
}
