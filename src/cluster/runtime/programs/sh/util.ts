/**
 * The interface every command the shell runs implements: shell builtins (`echo`, `trap`, `wait`)
 * and the image's utilities (`sleep`, `cat`, `wget`). A command either finishes at once with a
 * status or blocks on a syscall, keeping its own plain-data state to continue from.
 */
import type { Host } from '../program.ts';
import type { NetworkResult, ProgramContext, Syscall } from '../types.ts';
import type { Dialect, ShState, Thread, UtilState } from './state.ts';

export interface UtilCtx {
  sh: ShState;
  th: Thread;
  ctx: ProgramContext;
  host: Host;
  /** The command as it was invoked (`cat`, `/bin/cat`): utilities name themselves by it. */
  name: string;
  line: number;
  /** The command's environment (exported variables and its own assignments). */
  env: Record<string, string>;
  out(text: string): void;
  err(text: string): void;
  stdin(): string;
  /** An error worded as the shell words its own (`sh: cd: can't cd to x`). */
  shellErr(text: string): void;
}

export type UtilOutcome =
  | { status: number }
  | { block: Syscall; state: UtilState }
  /** The builtin pushed frames (eval, `.`, a function call, a nested `sh -c`); its status is theirs. */
  | { frames: true };

export interface Utility {
  /** A shell builtin: found without looking at $PATH. */
  builtin?: Dialect[];
  start(u: UtilCtx, args: string[]): UtilOutcome;
  /** Continues a blocked command after a wake-up or a network answer (in `state.result`). */
  cont?(u: UtilCtx, state: UtilState): UtilOutcome;
}

export const ALL_SHELLS: Dialect[] = ['ash', 'dash', 'bash'];

export function done(status: number): UtilOutcome {
  return { status };
}

export function networkResult(state: UtilState): NetworkResult | undefined {
  return state['result'] as NetworkResult | undefined;
}

/**
 * Splits leading short options (`-qO-`, `-n 5`) from operands. `withValue` lists the options
 * that take a value. Stops at `--` or the first operand.
 */
export function parseShortOptions(args: string[], withValue: string, allowed?: string): { opts: Record<string, string | true>; rest: string[]; bad: string | null } {
  const opts: Record<string, string | true> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (allowed !== undefined && !allowed.includes(c) && !withValue.includes(c)) return { opts, rest: args.slice(i + 1), bad: c };
      if (withValue.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        opts[c] = v ?? '';
        break;
      }
      opts[c] = true;
    }
  }
  return { opts, rest: args.slice(i), bad: null };
}
