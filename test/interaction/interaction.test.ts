/**
 * Interaction (golden) scripts, in the style of etcd-io/raft's datadriven tests: each file in
 * testdata/ is a shell session — `$ command` lines (here-document bodies continue on `> ` lines)
 * followed by the exact output, stdout and stderr as a terminal shows them. The first line names
 * the cluster: `# preset: ha seed: 1`.
 *
 * Rewrite the expected output with `UPDATE=1 npx vitest run test/interaction` — and commit it
 * only once you understand why it changed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/simulation/presets.ts';
import type { PresetName } from '../../src/simulation/world.ts';
import { createSession, jobText, runToCompletion } from '../../src/shell/session.ts';
import { defaultHostFor } from '../../src/shell/driver.ts';

const DIR = join(__dirname, 'testdata');

interface Block {
  command: string;
  expected: string;
}

export function parseScript(text: string): { preset: PresetName; seed: number; blocks: Block[]; header: string[]; podNetwork?: 'flannel' | 'none' } {
  const lines = text.split('\n');
  const header: string[] = [];
  let i = 0;
  while (i < lines.length && !lines[i]!.startsWith('$ ')) header.push(lines[i++]!);
  const m = /preset:\s*(\S+)\s+seed:\s*(\d+)/.exec(header.join('\n'));
  const blocks: Block[] = [];
  while (i < lines.length) {
    const cmd = [lines[i++]!.slice(2)];
    while (i < lines.length && (lines[i]!.startsWith('> ') || lines[i] === '>')) cmd.push(lines[i++]!.slice(2));
    const out: string[] = [];
    while (i < lines.length && !lines[i]!.startsWith('$ ')) out.push(lines[i++]!);
    while (out.length && out[out.length - 1] === '') out.pop();
    blocks.push({ command: cmd.join('\n'), expected: out.join('\n') });
  }
  // `pod-network: none` in the header boots the cluster with the simplified always-ready pod network instead of flannel.
  const podNetwork = /pod-network:\s*none/.test(header.join('\n')) ? ('none' as const) : undefined;
  return { preset: (m?.[1] ?? 'ha') as PresetName, seed: Number(m?.[2] ?? 1), blocks, header, ...(podNetwork ? { podNetwork } : {}) };
}

export function runScript(preset: PresetName, seed: number, blocks: Block[], podNetwork?: 'flannel' | 'none'): string[] {
  const world = createWorld({ preset, seed, ...(podNetwork ? { podNetwork } : {}) });
  const session = createSession(world, defaultHostFor(world));
  return blocks.map((b) => {
    const job = runToCompletion(session, b.command);
    const text = jobText(job).replace(/\n$/, '');
    return job.exitCode === 0 ? text : `${text}${text ? '\n' : ''}[exit ${job.exitCode}]`;
  });
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

describe('interaction scripts', () => {
  for (const file of files) {
    it(file, () => {
      const path = join(DIR, file);
      const { preset, seed, blocks, header, podNetwork } = parseScript(readFileSync(path, 'utf8'));
      const actual = runScript(preset, seed, blocks, podNetwork);
      if (process.env['UPDATE']) {
        const body = blocks.map((b, k) => `$ ${b.command.split('\n').join('\n> ')}\n${actual[k]}${actual[k] ? '\n' : ''}`).join('\n');
        writeFileSync(path, `${header.join('\n')}\n${body}`);
        return;
      }
      // Trailing blank lines separate blocks in the file, so they are not part of the comparison.
      for (const [k, b] of blocks.entries()) expect(actual[k]!.replace(/\s+$/, ''), `${file}: $ ${b.command}`).toBe(b.expected.replace(/\s+$/, ''));
    });
  }
});
