/**
 * `k8sim` for Node: `k8sim shell` (a terminal on a simulated cluster, commands from stdin) and
 * `k8sim run FILE` (a scenario run headless, as CI does). This is I/O glue around the
 * deterministic core; it may use Node APIs and async.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createWorld, PRESETS } from '../simulation/presets.ts';
import type { PresetName } from '../simulation/world.ts';
import { createSession, prompt, runToCompletion, type Job } from '../shell/session.ts';
import { splitScript } from '../shell/parse.ts';
import { defaultHostFor, createDriver } from '../shell/driver.ts';
import { parseScenario, formatScenarioError } from '../scenario/loader.ts';
import { runScenario, formatReport } from '../scenario/runner.ts';

const USAGE = `Usage:
  k8sim shell [--preset single|ha|ha-external] [--seed N] [--scenario FILE]
  k8sim run FILE [--seed N]
`;

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string> } | { error: string } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      const value = v ?? argv[++i];
      if (value === undefined) return { error: `flag needs an argument: --${k}` };
      flags[k] = value;
    } else positional.push(a);
  }
  return { positional, flags };
}

function write(job: Job): void {
  for (const l of job.output) (l.stream === 'err' ? process.stderr : process.stdout).write(l.text);
}

function loadScenarioOrExit(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`k8sim: cannot read scenario file ${file}\n`);
    process.exit(2);
  }
  const parsed = parseScenario(text, basename(file));
  if ('errors' in parsed) {
    for (const e of parsed.errors) process.stderr.write(formatScenarioError(e) + '\n');
    process.exit(2);
  }
  return parsed.scenario;
}

async function shell(flags: Record<string, string>): Promise<number> {
  let preset = (flags['preset'] ?? 'ha') as PresetName;
  let seed = Number(flags['seed'] ?? 1);
  if (!PRESETS.includes(preset)) {
    process.stderr.write(`k8sim: unknown preset "${preset}" (valid: ${PRESETS.join(', ')})\n`);
    return 2;
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write(`k8sim: --seed must be an integer, got "${flags['seed']}"\n`);
    return 2;
  }
  const scenario = flags['scenario'] ? loadScenarioOrExit(flags['scenario']) : undefined;
  if (scenario) {
    preset = flags['preset'] ? preset : scenario.cluster.preset;
    seed = flags['seed'] ? seed : scenario.cluster.seed;
  }
  const world = createWorld({ preset, seed });
  const session = createSession(world, defaultHostFor(world));
  for (const line of scenario?.setup ?? []) runToCompletion(session, line);
  const tty = process.stdin.isTTY;
  if (!tty) {
    const text = readFileSync(0, 'utf8');
    let status = 0;
    for (const line of splitScript(text)) {
      const job = runToCompletion(session, line);
      write(job);
      status = job.exitCode;
    }
    return status;
  }
  process.stdout.write(`k8sim shell — preset ${preset}, seed ${seed}. Type 'help'; Ctrl-D to leave.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: prompt(session) });
  rl.prompt();
  let buffer: string[] = [];
  for await (const line of rl) {
    buffer.push(line);
    const pending = splitScript(buffer.join('\n'));
    const open = /<<-?\s*['"]?([A-Za-z_]\w*)/.exec(buffer[0] ?? '');
    if (open && !buffer.slice(1).some((l) => l.trim() === open[1])) {
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    }
    buffer = [];
    for (const cmd of pending) write(runToCompletion(session, cmd));
    rl.setPrompt(prompt(session));
    rl.prompt();
  }
  return session.lastExit;
}

function run(positional: string[], flags: Record<string, string>): number {
  const file = positional[0];
  if (!file) {
    process.stderr.write(USAGE);
    return 2;
  }
  const scenario = loadScenarioOrExit(file);
  const seed = flags['seed'] !== undefined ? Number(flags['seed']) : scenario.cluster.seed;
  const driver = createDriver({ preset: scenario.cluster.preset, seed });
  const report = runScenario(scenario, driver);
  process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const args = parseArgs(rest);
  if ('error' in args) {
    process.stderr.write(`k8sim: ${args.error}\n${USAGE}`);
    return 2;
  }
  if (command === 'shell') return shell(args.flags);
  if (command === 'run') return run(args.positional, args.flags);
  process.stderr.write(command ? `k8sim: unknown command "${command}"\n${USAGE}` : USAGE);
  return 2;
}

main().then((code) => process.exit(code));
