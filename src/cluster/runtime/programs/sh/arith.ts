/**
 * Shell arithmetic, `$((...))` (XCU 2.6.4): C's integer operators with their precedence,
 * variables by name, and assignment. Integers are JavaScript numbers truncated toward zero,
 * exact up to 2^53 (the shells use 64-bit integers).
 */

export class ArithError {
  constructor(readonly message: string) {}
}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { k: 'num'; v: number } | { k: 'name'; v: string } | { k: 'op'; v: string };

const OPS = ['<<=', '>>=', '**', '&&', '||', '==', '!=', '<=', '>=', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '?', ':', '(', ')'];

function tokenize(expr: string, vars: ArithVars): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '$') {
      // `$x` and `${x}` inside $((...)) are the variable's value.
      const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*|\d|[#?])\}?/.exec(expr.slice(i));
      if (!m) throw new ArithError('arithmetic syntax error');
      out.push({ k: 'num', v: toNumber(vars.get(m[1]!) ?? '', m[1]!) });
      i += m[0].length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(expr.slice(i));
    if (num) {
      const text = num[1]!;
      const v = /^0[xX]/.test(text) ? parseInt(text, 16) : text.length > 1 && text.startsWith('0') ? parseInt(text, 8) : Number(text);
      if (Number.isNaN(v)) throw new ArithError('arithmetic syntax error');
      out.push({ k: 'num', v });
      i += text.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw new ArithError('arithmetic syntax error');
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  return out;
}

function toNumber(text: string, name: string): number {
  const t = text.trim();
  if (t === '') return 0;
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  throw new ArithError(`${name === '' ? t : t}: arithmetic syntax error`);
}

const trunc = (n: number) => (Number.isFinite(n) ? Math.trunc(n) : n);

const BINARY: Record<string, [number, (a: number, b: number) => number]> = {
  '||': [1, (a, b) => (a || b ? 1 : 0)],
  '&&': [2, (a, b) => (a && b ? 1 : 0)],
  '|': [3, (a, b) => Number(BigInt.asIntN(64, BigInt(a) | BigInt(b)))],
  '^': [4, (a, b) => Number(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)))],
  '&': [5, (a, b) => Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)))],
  '==': [6, (a, b) => (a === b ? 1 : 0)],
  '!=': [6, (a, b) => (a !== b ? 1 : 0)],
  '<': [7, (a, b) => (a < b ? 1 : 0)],
  '>': [7, (a, b) => (a > b ? 1 : 0)],
  '<=': [7, (a, b) => (a <= b ? 1 : 0)],
  '>=': [7, (a, b) => (a >= b ? 1 : 0)],
  '<<': [8, (a, b) => Number(BigInt.asIntN(64, BigInt(a) << BigInt(b)))],
  '>>': [8, (a, b) => Number(BigInt.asIntN(64, BigInt(a) >> BigInt(b)))],
  '+': [9, (a, b) => a + b],
  '-': [9, (a, b) => a - b],
  '*': [10, (a, b) => a * b],
  '/': [10, (a, b) => {
    if (b === 0) throw new ArithError('divide by zero');
    return trunc(a / b);
  }],
  '%': [10, (a, b) => {
    if (b === 0) throw new ArithError('divide by zero');
    return a % b;
  }],
  // busybox ash and bash (not dash) have exponentiation.
  '**': [11, (a, b) => a ** b],
};

/** Evaluates an arithmetic expression; throws ArithError with the shell's words. */
export function evalArith(expr: string, vars: ArithVars): number {
  const toks = tokenize(expr, vars);
  if (toks.length === 0) return 0;
  let i = 0;
  const peekOp = (): string | null => {
    const t = toks[i];
    return t && t.k === 'op' ? t.v : null;
  };
  const value = (t: Tok): number => (t.k === 'num' ? t.v : t.k === 'name' ? toNumber(vars.get(t.v) ?? '', t.v) : 0);

  const primary = (): number => {
    const t = toks[i++];
    if (!t) throw new ArithError('arithmetic syntax error');
    if (t.k === 'op') {
      switch (t.v) {
        case '(': {
          const v = ternary();
          if (peekOp() !== ')') throw new ArithError('arithmetic syntax error');
          i++;
          return v;
        }
        case '-': return -primary();
        case '+': return primary();
        case '!': return primary() ? 0 : 1;
        case '~': return Number(BigInt.asIntN(64, ~BigInt(primary())));
        case '++':
        case '--': {
          const n = toks[i++];
          if (!n || n.k !== 'name') throw new ArithError('arithmetic syntax error');
          const v = value(n) + (t.v === '++' ? 1 : -1);
          vars.set(n.v, String(v));
          return v;
        }
        default: throw new ArithError('arithmetic syntax error');
      }
    }
    if (t.k === 'name') {
      const op = peekOp();
      if (op === '++' || op === '--') {
        i++;
        const v = value(t);
        vars.set(t.v, String(v + (op === '++' ? 1 : -1)));
        return v;
      }
      if (op && /^([-+*/%&|^]|<<|>>)?=$/.test(op) && op !== '==') {
        i++;
        const rhs = ternary();
        const v = op === '=' ? rhs : BINARY[op.slice(0, -1)]![1](value(t), rhs);
        vars.set(t.v, String(v));
        return v;
      }
    }
    return value(t);
  };

  const binary = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const op = peekOp();
      const entry = op ? BINARY[op] : undefined;
      if (!entry || entry[0] < minPrec) return left;
      i++;
      const right = binary(entry[0] + 1);
      left = entry[1](left, right);
    }
  };

  const ternary = (): number => {
    const cond = binary(1);
    if (peekOp() !== '?') return cond;
    i++;
    const a = ternary();
    if (peekOp() !== ':') throw new ArithError('arithmetic syntax error');
    i++;
    const b = ternary();
    return cond ? a : b;
  };

  const result = ternary();
  if (i < toks.length) throw new ArithError('arithmetic syntax error');
  return result;
}
