/**
 * Enforces the layering of DESIGN.md and the determinism of the core: every import edge must
 * point the allowed way, and the core may not touch wall-clock time, Math.random, real timers,
 * promises or async functions (same seed + same inputs ⇒ the same trace, byte for byte).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.tsx?$/, '');
}

/** Which src layers each layer may import (DESIGN.md "Layout and import rules"). */
const ALLOWED: Record<string, string[]> = {
  kernel: [],
  api: [],
  cluster: ['kernel', 'api'],
  simulation: ['kernel', 'api', 'cluster'],
  shell: ['kernel', 'api', 'cluster', 'simulation', 'scenario'],
  scenario: ['kernel', 'api'],
  cli: ['kernel', 'api', 'cluster', 'simulation', 'shell', 'scenario'],
  store: ['kernel', 'api', 'cluster', 'simulation', 'shell', 'scenario'],
  view: ['kernel', 'api', 'store', 'simulation', 'shell', 'scenario', 'cluster'],
  main: ['view', 'store', 'simulation', 'shell', 'scenario', 'kernel'],
};

const CORE = ['kernel', 'api', 'cluster', 'simulation', 'shell', 'scenario'];
const BANNED: [RegExp, string][] = [
  [/\bDate\b/, 'Date'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bset(Timeout|Interval|Immediate)\b/, 'real timers'],
  [/\brequestAnimationFrame\b/, 'requestAnimationFrame'],
  [/\bPromise\b/, 'Promise'],
  [/\basync\b/, 'async'],
  [/\bawait\b/, 'await'],
  [/\bcrypto\.randomUUID\b/, 'crypto.randomUUID'],
];

function stripCommentsAndStrings(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""')
    .replace(/`(?:\\.|[^`\\])*`/g, '``');
}

const files = walk(SRC).filter((f) => !/\.test\.tsx?$/.test(f));

describe('architecture', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports point only the allowed way between layers', () => {
    const violations: string[] = [];
    for (const f of files) {
      const layer = layerOf(f);
      const code = readFileSync(f, 'utf8');
      for (const m of code.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(f), spec);
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (to !== layer && !(ALLOWED[layer] ?? []).includes(to)) violations.push(`${relative(SRC, f)} imports ${spec} (${layer} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('cluster components import only the message types of other components (and the client library)', () => {
    const violations: string[] = [];
    for (const f of files.filter((x) => layerOf(x) === 'cluster')) {
      const component = relative(join(SRC, 'cluster'), f).split('/')[0]!;
      const code = readFileSync(f, 'utf8');
      for (const m of code.matchAll(/from\s+'([^']+)'/g)) {
        const target = resolve(dirname(f), m[1]!);
        if (!target.startsWith(join(SRC, 'cluster'))) continue;
        const other = relative(join(SRC, 'cluster'), target).split('/')[0]!;
        // client/ is a library (what client-go is to the real components), not a component.
        if (other === component || other === 'effects.ts' || other === 'effects' || other === 'client') continue;
        if (!/messages(\.ts)?$/.test(target)) violations.push(`${relative(SRC, f)} imports ${m[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the core has no wall-clock time, randomness, real timers, promises or async', () => {
    const violations: string[] = [];
    for (const f of files.filter((x) => CORE.includes(layerOf(x)))) {
      const code = stripCommentsAndStrings(readFileSync(f, 'utf8'));
      for (const [re, what] of BANNED) if (re.test(code)) violations.push(`${relative(SRC, f)} uses ${what}`);
    }
    expect(violations).toEqual([]);
  });

  it('every src folder has a README', () => {
    const dirs = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
    const missing = dirs.filter((d) => {
      try {
        return !statSync(join(SRC, d, 'README.md')).isFile();
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
