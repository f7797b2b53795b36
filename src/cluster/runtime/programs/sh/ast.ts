/**
 * The shell's syntax tree: plain objects, so a parsed script lives in the process state and is
 * checkpointed with it. Shapes follow POSIX's grammar (XCU 2.10).
 */

/** One piece of a word. `q` = quoted: not field-split, not globbed. */
export type WordPart =
  | { k: 'lit'; v: string; q: boolean }
  | { k: 'var'; name: string; q: boolean; op?: ParamOp; arg?: Word }
  | { k: 'sub'; id: number; body: Script; q: boolean }
  | { k: 'arith'; expr: string; q: boolean }
  /** `~` at the start of a word. */
  | { k: 'tilde' };

export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%' | 'len';

export type Word = WordPart[];

export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '&>' | '>|';
  target: Word;
}

export interface CmdNode {
  t: 'cmd';
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirs: Redir[];
  /** 1-based line, for dash's and bash's messages. */
  line: number;
  /** Every command substitution in the words, assignments and redirections, in order. */
  subs: SubRef[];
}

export interface SubRef {
  id: number;
  body: Script;
}

export interface ListItem {
  node: Node;
  /** Ended by `&`: runs in the background. */
  bg: boolean;
}

export type Node =
  | { t: 'list'; items: ListItem[] }
  | { t: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[] }
  | { t: 'pipe'; cmds: Node[]; neg: boolean }
  | CmdNode
  | { t: 'if'; clauses: { cond: Node; body: Node }[]; else: Node | null; redirs: Redir[]; subs: SubRef[] }
  | { t: 'loop'; until: boolean; cond: Node; body: Node; redirs: Redir[]; subs: SubRef[] }
  | { t: 'for'; name: string; items: Word[] | null; body: Node; redirs: Redir[]; subs: SubRef[]; line: number }
  | { t: 'case'; word: Word; arms: { patterns: Word[]; body: Node | null }[]; redirs: Redir[]; subs: SubRef[] }
  | { t: 'group'; body: Node; redirs: Redir[]; subs: SubRef[] }
  | { t: 'subshell'; body: Node; redirs: Redir[]; subs: SubRef[] }
  | { t: 'func'; name: string; body: Node };

export type NodeOf<T extends Node['t']> = Extract<Node, { t: T }>;

/** A compound command: it may carry redirections that apply around all of it. */
export type CompoundNode = Exclude<Extract<Node, { redirs: Redir[] }>, CmdNode>;

/** A syntax error, in terms each shell words its own way (see messages.ts). */
export type SyntaxError =
  | { kind: 'unexpected'; token: string; quoted: boolean; expecting?: string; line: number; lineText: string }
  | { kind: 'unterminated'; quote: string; line: number; lineText: string }
  | { kind: 'unsupported'; what: string; line: number; lineText: string };

/**
 * A parsed script: the top-level commands in order. Shells parse and run a script one complete
 * command at a time, so the commands before a syntax error still run.
 */
export interface Script {
  units: Node[];
  error: SyntaxError | null;
}
