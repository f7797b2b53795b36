/**
 * The shell's parser: POSIX XCU 2.10's grammar by recursive descent, with the lexer folded in
 * (a shell's tokens depend on where the parser is: `$(`, quotes and keywords). The result is plain
 * data (ast.ts). A syntax error is reported as the shells report it: the token that was unexpected
 * and, where the parser knew, what it expected (busybox ash's raise_error_unexpected_syntax).
 */
import type { CmdNode, Node, NodeOf, Redir, Script, SubRef, Word } from './ast.ts';
import { fail, KEYWORDS, next, ParseFail, peek, type P, type Token } from './lex.ts';

/** Parses a whole script into top-level commands; stops at the first syntax error. */
export function parseScript(src: string): Script {
  const p: P = { src, pos: 0, line: 1, peeked: null, ids: { next: 1 }, sub: parseCompound };
  const units: Node[] = [];
  try {
    for (;;) {
      const unit = parseUnit(p);
      if (!unit) return { units, error: null };
      units.push(unit);
    }
  } catch (e) {
    if (e instanceof ParseFail) return { units, error: e.error };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Grammar.

const isWord = (t: Token, raw: string): boolean => t.k === 'word' && t.raw === raw;
const isOp = (t: Token, v: string): boolean => t.k === 'op' && t.v === v;

function skipNewlines(p: P): void {
  while (peek(p).k === 'nl') next(p);
}

/** A top-level complete command: an and-or list with `;`/`&`, up to the end of the line. */
function parseUnit(p: P): Node | null {
  skipNewlines(p);
  if (peek(p).k === 'eof') return null;
  const items: { node: Node; bg: boolean }[] = [];
  for (;;) {
    const node = parseAndOr(p);
    const sep = peek(p);
    if (isOp(sep, ';') || isOp(sep, '&')) {
      next(p);
      items.push({ node, bg: isOp(sep, '&') });
      const after = peek(p);
      if (after.k === 'nl' || after.k === 'eof') break;
      continue;
    }
    items.push({ node, bg: false });
    if (sep.k === 'nl' || sep.k === 'eof') break;
    fail(p, sep);
  }
  return { t: 'list', items };
}

/**
 * compound_list: and-or lists separated by `;`, `&` or newlines, up to a terminator that the
 * caller consumes. Terminators are keywords (`fi`) or `op:)`, `op:;;`, `eof`.
 */
function parseCompound(p: P, terminators: string[]): Node | null {
  const items: { node: Node; bg: boolean }[] = [];
  // `)` and `;;` can never start a command: the list ends there and the caller judges them.
  const atTerminator = (t: Token) => t.k === 'eof' || (t.k === 'op' && (t.v === ')' || t.v === ';;')) || (t.k === 'word' && t.raw !== null && terminators.includes(t.raw));
  skipNewlines(p);
  for (;;) {
    const t = peek(p);
    if (atTerminator(t)) break;
    const node = parseAndOr(p);
    const sep = peek(p);
    if (isOp(sep, ';') || isOp(sep, '&') || sep.k === 'nl') {
      next(p);
      items.push({ node, bg: isOp(sep, '&') });
      skipNewlines(p);
      continue;
    }
    items.push({ node, bg: false });
    break;
  }
  if (items.length === 0) return null;
  return { t: 'list', items };
}

/** A compound_list that must not be empty, followed by the keyword `end` (consumed). */
function parseBody(p: P, terminators: string[], end: string): Node {
  const body = parseCompound(p, terminators);
  const t = peek(p);
  // An empty body: ash names what it expected only when the script simply ended.
  if (!body) fail(p, t, t.k === 'eof' ? end : undefined);
  if (!terminators.includes(tokenKey(t))) fail(p, t, end);
  return body;
}

function tokenKey(t: Token): string {
  if (t.k === 'word') return t.raw ?? '';
  if (t.k === 'op') return `op:${t.v}`;
  return t.k;
}

function parseAndOr(p: P): Node {
  const first = parsePipeline(p);
  const rest: { op: '&&' | '||'; node: Node }[] = [];
  for (;;) {
    const t = peek(p);
    if (!isOp(t, '&&') && !isOp(t, '||')) break;
    next(p);
    skipNewlines(p);
    rest.push({ op: (t as { v: '&&' | '||' }).v, node: parsePipeline(p) });
  }
  return rest.length ? { t: 'andor', first, rest } : first;
}

function parsePipeline(p: P): Node {
  let neg = false;
  if (isWord(peek(p), '!')) {
    next(p);
    neg = true;
  }
  const cmds = [parseCommand(p)];
  while (isOp(peek(p), '|')) {
    next(p);
    skipNewlines(p);
    cmds.push(parseCommand(p));
  }
  return cmds.length === 1 && !neg ? cmds[0]! : { t: 'pipe', cmds, neg };
}

function parseCommand(p: P): Node {
  const t = peek(p);
  if (t.k === 'word' && t.raw !== null && KEYWORDS.has(t.raw)) {
    switch (t.raw) {
      case 'if': return withRedirs(p, parseIf(p));
      case 'while':
      case 'until': return withRedirs(p, parseLoop(p));
      case 'for': return withRedirs(p, parseFor(p));
      case 'case': return withRedirs(p, parseCase(p));
      case '{': {
        next(p);
        const body = parseBody(p, ['}'], '}');
        next(p);
        return withRedirs(p, { t: 'group', body, redirs: [], subs: [] });
      }
      default: fail(p, t);
    }
  }
  if (isOp(t, '(')) {
    next(p);
    const body = parseCompound(p, ['op:)']);
    const close = peek(p);
    if (!body) fail(p, close);
    if (!isOp(close, ')')) fail(p, close, ')');
    next(p);
    return withRedirs(p, { t: 'subshell', body, redirs: [], subs: [] });
  }
  if (t.k !== 'word' && t.k !== 'redir') fail(p, t);
  return parseSimple(p);
}

function withRedirs<N extends Extract<Node, { redirs: Redir[] }>>(p: P, node: N): N {
  while (peek(p).k === 'redir') node.redirs.push(parseRedir(p));
  node.subs.push(...collectSubs([], node.redirs.map((r) => r.target)));
  return node;
}

function parseRedir(p: P): Redir {
  const r = next(p) as Extract<Token, { k: 'redir' }>;
  const target = next(p);
  if (target.k !== 'word') fail(p, target);
  const op = r.op as Redir['op'];
  const fd = r.fd ?? (op === '<' || op === '<&' ? 0 : 1);
  return { fd, op, target: target.parts };
}

function parseSimple(p: P): Node {
  const first = peek(p);
  const line = first.line;
  const node: CmdNode = { t: 'cmd', assigns: [], words: [], redirs: [], line, subs: [] };
  for (;;) {
    const t = peek(p);
    if (t.k === 'redir') {
      node.redirs.push(parseRedir(p));
      continue;
    }
    if (t.k !== 'word') break;
    next(p);
    if (node.words.length === 0) {
      const assign = asAssignment(t.parts);
      if (assign) {
        node.assigns.push(assign);
        continue;
      }
      // name() compound-command: a function definition.
      if (node.assigns.length === 0 && node.redirs.length === 0 && t.raw !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.raw) && isOp(peek(p), '(')) {
        next(p);
        const close = next(p);
        if (!isOp(close, ')')) fail(p, close, ')');
        skipNewlines(p);
        return { t: 'func', name: t.raw, body: parseCommand(p) };
      }
    }
    node.words.push(t.parts);
  }
  if (node.words.length === 0 && node.assigns.length === 0 && node.redirs.length === 0) fail(p, peek(p));
  node.subs = collectSubs([], [...node.words, ...node.assigns.map((a) => a.value), ...node.redirs.map((r) => r.target)]);
  return node;
}

function asAssignment(parts: Word): { name: string; value: Word } | null {
  const first = parts[0];
  if (!first || first.k !== 'lit' || first.q) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
  if (!m) return null;
  const restText = first.v.slice(m[0].length);
  const value: Word = [...(restText ? [{ k: 'lit' as const, v: restText, q: false }] : []), ...parts.slice(1)];
  return { name: m[1]!, value };
}

function collectSubs(out: SubRef[], words: Word[]): SubRef[] {
  for (const w of words) {
    for (const part of w) {
      if (part.k === 'sub') out.push({ id: part.id, body: part.body });
      else if (part.k === 'var' && part.arg) collectSubs(out, [part.arg]);
    }
  }
  return out;
}

function parseIf(p: P): NodeOf<'if'> {
  next(p);
  const clauses: { cond: Node; body: Node }[] = [];
  let elseBody: Node | null = null;
  for (;;) {
    const cond = parseBody(p, ['then'], 'then');
    next(p);
    const body = parseBody(p, ['elif', 'else', 'fi'], 'fi');
    clauses.push({ cond, body });
    const t = next(p) as Extract<Token, { k: 'word' }>;
    if (t.raw === 'elif') continue;
    if (t.raw === 'else') {
      elseBody = parseBody(p, ['fi'], 'fi');
      next(p);
    }
    break;
  }
  return { t: 'if', clauses, else: elseBody, redirs: [], subs: [] };
}

function parseLoop(p: P): NodeOf<'loop'> {
  const kw = next(p) as Extract<Token, { k: 'word' }>;
  const cond = parseBody(p, ['do'], 'do');
  next(p);
  const body = parseBody(p, ['done'], 'done');
  next(p);
  return { t: 'loop', until: kw.raw === 'until', cond, body, redirs: [], subs: [] };
}

function parseFor(p: P): NodeOf<'for'> {
  const kw = next(p);
  const nameTok = next(p);
  if (nameTok.k !== 'word' || nameTok.raw === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw)) fail(p, nameTok);
  const name = (nameTok as { raw: string }).raw;
  let items: Word[] | null = null;
  skipNewlines(p);
  if (isWord(peek(p), 'in')) {
    next(p);
    items = [];
    while (peek(p).k === 'word') items.push((next(p) as { parts: Word }).parts);
    const sep = peek(p);
    if (isOp(sep, ';') || sep.k === 'nl') next(p);
    else fail(p, sep);
  } else if (isOp(peek(p), ';')) next(p);
  skipNewlines(p);
  const doTok = peek(p);
  if (!isWord(doTok, 'do')) fail(p, doTok, 'do');
  next(p);
  const body = parseBody(p, ['done'], 'done');
  next(p);
  return { t: 'for', name, items, body, redirs: [], subs: items ? collectSubs([], items) : [], line: kw.line };
}

function parseCase(p: P): NodeOf<'case'> {
  next(p);
  const wordTok = next(p);
  if (wordTok.k !== 'word') fail(p, wordTok);
  const word = (wordTok as { parts: Word }).parts;
  skipNewlines(p);
  const inTok = next(p);
  if (!isWord(inTok, 'in')) fail(p, inTok, 'in');
  const arms: { patterns: Word[]; body: Node | null }[] = [];
  for (;;) {
    skipNewlines(p);
    const t = peek(p);
    if (isWord(t, 'esac')) {
      next(p);
      break;
    }
    if (isOp(t, '(')) next(p);
    const patterns: Word[] = [];
    for (;;) {
      const pt = next(p);
      if (pt.k !== 'word') fail(p, pt, 'esac');
      patterns.push((pt as { parts: Word }).parts);
      const sep = next(p);
      if (isOp(sep, '|')) continue;
      if (isOp(sep, ')')) break;
      fail(p, sep, ')');
    }
    const body = parseCompound(p, ['esac', 'op:;;']);
    arms.push({ patterns, body });
    const end = peek(p);
    if (isOp(end, ';;')) {
      next(p);
      continue;
    }
    if (isWord(end, 'esac')) {
      next(p);
      break;
    }
    fail(p, end, 'esac');
  }
  const subs = collectSubs([], [word, ...arms.flatMap((a) => a.patterns)]);
  return { t: 'case', word, arms, redirs: [], subs };
}
