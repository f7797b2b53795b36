/**
 * Label selectors as k8s.io/apimachinery pkg/labels/selector.go parses, prints and matches them
 * (release-1.32), and metav1.LabelSelector → Selector as pkg/apis/meta/v1/helpers.go
 * LabelSelectorAsSelector does. Errors carry the real texts, e.g.
 * `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`.
 */
import { labelValueErrors, qualifiedNameErrors } from './names.ts';

/** selection.Operator values (k8s.io/apimachinery pkg/selection/operator.go). */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted and de-duplicated for parsed requirements (sets.String.List()). */
  values: string[];
}

/**
 * An internalSelector (requirements ANDed, sorted by key), or labels.Nothing() when
 * `matchesNothing` is set (what a nil metav1.LabelSelector becomes).
 */
export interface Selector {
  requirements: Requirement[];
  matchesNothing?: boolean;
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** labels.Everything(). */
export const EVERYTHING: Selector = { requirements: [] };
/** labels.Nothing(). */
export const NOTHING: Selector = { requirements: [], matchesNothing: true };

// The binary operators in the order selector.go lists them in its "expected:" message.
const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

type Token = 'end' | 'closedPar' | 'comma' | 'doesNotExist' | 'doubleEquals' | 'equals' | 'gt' | 'identifier' | 'in' | 'lt' | 'notEquals' | 'notIn' | 'openPar';

const STRING_TO_TOKEN = new Map<string, Token>([
  [')', 'closedPar'],
  [',', 'comma'],
  ['!', 'doesNotExist'],
  ['==', 'doubleEquals'],
  ['=', 'equals'],
  ['>', 'gt'],
  ['in', 'in'],
  ['<', 'lt'],
  ['!=', 'notEquals'],
  ['notin', 'notIn'],
  ['(', 'openPar'],
]);

interface Scanned {
  tok: Token;
  literal: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

/** The Lexer: special symbols greedily ("!=" before "!"), otherwise identifiers up to a symbol or blank. */
function lex(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'end', literal: '' });
      return out;
    }
    if (isSpecialSymbol(s[pos]!)) {
      // scanSpecialSymbol: extend while the buffer is still a known token.
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos]!)) {
        const next = buffer + s[pos]!;
        const tok = STRING_TO_TOKEN.get(next);
        if (tok) {
          last = { tok, literal: next };
          buffer = next;
          pos++;
        } else if (last) break;
        else {
          buffer = next;
          pos++;
        }
      }
      // Every single special character is a token, so `last` is always set.
      out.push(last ?? { tok: 'identifier', literal: buffer });
      continue;
    }
    let buffer = '';
    while (pos < s.length && !isSpecialSymbol(s[pos]!) && !isWhitespace(s[pos]!)) buffer += s[pos++]!;
    out.push({ tok: STRING_TO_TOKEN.get(buffer) ?? 'identifier', literal: buffer });
  }
}

/** Go's %q for the strings that reach an error message. */
const goQuote = (s: string) => JSON.stringify(s);

/** field.Invalid(path, value, detail).Error(); a nil path prints as `<nil>`. */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${goQuote(value)}: ${detail}`;
}

function validateLabelKey(key: string, path: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length > 0 ? invalid(path, key, errs.join('; ')) : undefined;
}

/** labels.NewRequirement's checks for what the parser can produce: the values must be label values. */
function newRequirement(key: string, operator: SelectorOperator, values: string[]): Requirement | { error: string } {
  const keyErr = validateLabelKey(key, 'key');
  if (keyErr) return { error: keyErr };
  const errs: string[] = [];
  values.forEach((v, i) => {
    const e = labelValueErrors(v);
    if (e.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, e.join('; ')));
  });
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  // utilerrors.Aggregate: one error prints bare, several as "[a, b]".
  if (errs.length === 1) return { error: errs[0]! };
  if (errs.length > 1) return { error: `[${errs.join(', ')}]` };
  return { key, operator, values };
}

const sortedUnique = (vs: string[]) => [...new Set(vs)].sort();

class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In the Values context `in` and `notin` are plain identifiers (`x in (in)`). */
  private lookahead(values: boolean): Scanned {
    const item = this.items[this.position]!;
    return values && (item.tok === 'in' || item.tok === 'notIn') ? { tok: 'identifier', literal: item.literal } : item;
  }

  private consume(values: boolean): Scanned {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): Requirement[] | { error: string } {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === 'identifier' || tok === 'doesNotExist') {
        const r = this.parseRequirement();
        if ('error' in r) return { error: `unable to parse requirement: ${r.error}` };
        requirements.push(r);
        const t = this.consume(true);
        if (t.tok === 'end') return requirements;
        if (t.tok === 'comma') {
          const t2 = this.lookahead(true);
          if (t2.tok !== 'identifier' && t2.tok !== 'doesNotExist') return { error: `found '${t2.literal}', expected: identifier after ','` };
        } else return { error: `found '${t.literal}', expected: ',' or 'end of string'` };
      } else if (tok === 'end') return requirements;
      else return { error: `found '${literal}', expected: !, identifier, or 'end of string'` };
    }
  }

  private parseRequirement(): Requirement | { error: string } {
    let { tok, literal } = this.consume(true);
    let operator: SelectorOperator | '' = '';
    if (tok === 'doesNotExist') {
      operator = '!';
      ({ tok, literal } = this.consume(true));
    }
    if (tok !== 'identifier') return { error: `found '${literal}', expected: identifier` };
    const keyErr = validateLabelKey(literal, '<nil>');
    if (keyErr) return { error: keyErr };
    const key = literal;
    const next = this.lookahead(true).tok;
    if (next === 'end' || next === 'comma') {
      if (operator !== '!') operator = 'exists';
    }
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    if ('error' in op) return op;
    const values = op.op === 'in' || op.op === 'notin' ? this.parseValues() : this.parseExactValue();
    if ('error' in values) return values;
    return newRequirement(key, op.op, sortedUnique(values.values));
  }

  private parseOperator(): { op: SelectorOperator } | { error: string } {
    const { tok, literal } = this.consume(false);
    const ops: Partial<Record<Token, SelectorOperator>> = { in: 'in', equals: '=', doubleEquals: '==', gt: 'gt', lt: 'lt', notIn: 'notin', notEquals: '!=' };
    const op = ops[tok];
    if (!op) return { error: `found '${literal}', expected: ${BINARY_OPERATORS.join(', ')}` };
    return { op };
  }

  private parseValues(): { values: string[] } | { error: string } {
    const open = this.consume(true);
    if (open.tok !== 'openPar') return { error: `found '${open.literal}' expected: '('` };
    const { tok, literal } = this.lookahead(true);
    if (tok === 'identifier' || tok === 'comma') {
      const s = this.parseIdentifiersList();
      if ('error' in s) return s;
      if (this.consume(true).tok !== 'closedPar') return { error: `found '${literal}', expected: ')'` };
      return s;
    }
    if (tok === 'closedPar') {
      this.consume(true);
      return { values: [''] };
    }
    return { error: `found '${literal}', expected: ',', ')' or identifier` };
  }

  /** A possibly empty list of possibly empty identifiers: `(a,,b)`, `(,a)`, `(a,)`. */
  private parseIdentifiersList(): { values: string[] } | { error: string } {
    const s = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === 'identifier') {
        s.add(literal);
        const t2 = this.lookahead(true);
        if (t2.tok === 'comma') continue;
        if (t2.tok === 'closedPar') return { values: [...s] };
        return { error: `found '${t2.literal}', expected: ',' or ')'` };
      }
      if (tok === 'comma') {
        if (s.size === 0) s.add('');
        const t2 = this.lookahead(true).tok;
        if (t2 === 'closedPar') {
          s.add('');
          return { values: [...s] };
        }
        if (t2 === 'comma') s.add('');
        continue;
      }
      return { error: `found '${literal}', expected: ',', or identifier` };
    }
  }

  private parseExactValue(): { values: string[] } | { error: string } {
    const t = this.lookahead(true).tok;
    if (t === 'end' || t === 'comma') return { values: [''] };
    const { tok, literal } = this.consume(true);
    if (tok === 'identifier') return { values: [literal] };
    return { error: `found '${literal}', expected: identifier` };
  }
}

const byKey = (a: Requirement, b: Requirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** labels.Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, comma-separated. */
export function parseSelector(s: string): Selector | { error: string } {
  const parsed = new Parser(lex(s)).parse();
  if ('error' in parsed) return parsed;
  return { requirements: [...parsed].sort(byKey) };
}

/** Requirement.Matches. */
export function matchesRequirement(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value!) || r.values.length !== 1 || !/^[+-]?\d+$/.test(r.values[0]!)) return false;
      const lv = BigInt(value!);
      const rv = BigInt(r.values[0]!);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** Selector.Matches: every requirement must match; Nothing() matches nothing. */
export function matchesSelector(sel: Selector, labels: Record<string, string> | undefined): boolean {
  if (sel.matchesNothing) return false;
  return sel.requirements.every((r) => matchesRequirement(r, labels));
}

/** Requirement.String(): `a=b`, `a in (x,y)`, `!a`, `a`; set values print sorted. */
export function requirementString(r: Requirement): string {
  const prefix = r.operator === '!' ? '!' : '';
  if (r.operator === 'exists' || r.operator === '!') return `${prefix}${r.key}`;
  const op = { in: ' in ', notin: ' notin ', '=': '=', '==': '==', '!=': '!=', gt: '>', lt: '<' }[r.operator];
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${r.key}${op}(${values})` : `${r.key}${op}${values}`;
}

/** internalSelector.String(): requirements joined by ','; Everything() and Nothing() print as "". */
export function selectorToString(sel: Selector): string {
  if (sel.matchesNothing) return '';
  return sel.requirements.map(requirementString).join(',');
}

/**
 * metav1.LabelSelectorAsSelector: nil matches nothing, an empty selector matches everything,
 * matchLabels become `=` requirements and matchExpressions In/NotIn/Exists/DoesNotExist.
 */
export function labelSelectorToSelector(ls: LabelSelector | null | undefined): Selector | { error: string } {
  if (ls === null || ls === undefined) return NOTHING;
  const matchLabels = ls.matchLabels ?? {};
  const expressions = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return EVERYTHING;
  const requirements: Requirement[] = [];
  for (const key of Object.keys(matchLabels).sort()) {
    const r = newRequirement(key, '=', [matchLabels[key]!]);
    if ('error' in r) return r;
    requirements.push(r);
  }
  const ops = new Map<string, SelectorOperator>([['In', 'in'], ['NotIn', 'notin'], ['Exists', 'exists'], ['DoesNotExist', '!']]);
  for (const expr of expressions) {
    const op = ops.get(expr.operator);
    if (!op) return { error: `${goQuote(expr.operator)} is not a valid label selector operator` };
    const values = [...(expr.values ?? [])];
    if ((op === 'in' || op === 'notin') && values.length === 0) {
      return { error: `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty` };
    }
    if ((op === 'exists' || op === '!') && values.length > 0) {
      return { error: `values: Invalid value: []string{${values.map(goQuote).join(', ')}}: values set must be empty for exists and does not exist` };
    }
    const r = newRequirement(expr.key, op, values);
    if ('error' in r) return r;
    requirements.push(r);
  }
  // Selector.Add sorts by key; a stable sort keeps expressions on one key in their order.
  return { requirements: requirements.sort(byKey) };
}

/** labels.SelectorFromSet: an equality selector from a map (ReplicationController, Service); empty matches everything. */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  return { requirements: Object.keys(set ?? {}).sort().map((key) => ({ key, operator: '=' as const, values: [set![key]!] })) };
}

/**
 * metav1.FormatLabelSelector, kubectl's SELECTOR column for LabelSelectors:
 * `app=web,pod-template-hash=abc`, `<none>` when it prints empty, `<error>` when invalid.
 */
export function selectorString(ls: LabelSelector | null | undefined): string {
  const sel = labelSelectorToSelector(ls);
  if ('error' in sel) return '<error>';
  return selectorToString(sel) || '<none>';
}

/** labels.FormatLabels, the SELECTOR column for map selectors (rc, svc): sorted `k=v`, `<none>` when empty. */
export function formatLabels(set: Record<string, string> | undefined): string {
  const s = Object.keys(set ?? {}).sort().map((k) => `${k}=${set![k]}`).join(',');
  return s || '<none>';
}
