import { describe, it, expect } from 'vitest';
import { formatLabels, labelSelectorToSelector, matchesSelector, parseSelector, selectorString, selectorToString, type Selector } from './selectors.ts';

function parsed(s: string): Selector {
  const sel = parseSelector(s);
  if ('error' in sel) throw new Error(sel.error);
  return sel;
}

describe('parseSelector', () => {
  // Parsing and canonical String() forms: k8s.io/apimachinery pkg/labels/selector_test.go TestSelectorParse
  // ("x=a,y=b,z=c", "x!=a,y=b", "x=,z= ", "x in (a,b)" ...) and the grammar comment on labels.Parse.
  it.each([
    ['', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['y=b,x=a', 'x=a,y=b'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x==a', 'x==a'],
    ['in in (in)', 'in in (in)'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
  ])('%j prints as %j', (input, want) => {
    expect(selectorToString(parsed(input))).toBe(want);
  });

  // Error texts: selector.go parse / parseRequirement / parseOperator / parseValues, and
  // NewRequirement's field errors (label key and value validation).
  it.each([
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x=a,', "found '', expected: identifier after ','"],
    [',x=a', "found ',', expected: !, identifier, or 'end of string'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
  ])('%j fails with %j', (input, want) => {
    expect(parseSelector(input)).toEqual({ error: want });
  });

  it('reports invalid keys and values with field paths', () => {
    const badKey = parseSelector('-x=a');
    expect('error' in badKey && badKey.error).toMatch(/^unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of alphanumeric characters/);
    const badValue = parseSelector('x=-a');
    expect('error' in badValue && badValue.error).toMatch(/^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-a": a valid label must be an empty string/);
  });
});

describe('matchesSelector', () => {
  // Requirement.Matches semantics: selector.go comment on Matches and selector_test.go TestSelectorMatches.
  const labels = { foo: 'bar', baz: 'blah', n: '5' };
  it.each([
    ['', true],
    ['foo=bar', true],
    ['foo==bar', true],
    ['foo=baz', false],
    ['foo!=baz', true],
    ['missing!=x', true],
    ['foo in (bar,x)', true],
    ['foo notin (bar)', false],
    ['missing notin (bar)', true],
    ['foo', true],
    ['!foo', false],
    ['!missing', true],
    ['foo=bar,baz=blah', true],
    ['foo=bar,baz=other', false],
    ['n>4', true],
    ['n<5', false],
    ['foo>1', false],
  ])('%j → %s', (s, want) => {
    expect(matchesSelector(parsed(s), labels)).toBe(want);
  });
});

describe('labelSelectorToSelector', () => {
  // metav1.LabelSelectorAsSelector (k8s.io/apimachinery pkg/apis/meta/v1/helpers.go):
  // nil → labels.Nothing(), empty → labels.Everything().
  it('nil matches nothing, empty matches everything', () => {
    const nothing = labelSelectorToSelector(undefined);
    const everything = labelSelectorToSelector({});
    expect('error' in nothing ? true : matchesSelector(nothing, { a: 'b' })).toBe(false);
    expect('error' in everything ? false : matchesSelector(everything, { a: 'b' })).toBe(true);
  });

  it('turns matchLabels and matchExpressions into sorted requirements', () => {
    const sel = labelSelectorToSelector({
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    });
    if ('error' in sel) throw new Error(sel.error);
    expect(selectorToString(sel)).toBe('app=shop,env in (dev,prod),!legacy,tier=web,zone');
    expect(matchesSelector(sel, { app: 'shop', tier: 'web', env: 'dev', zone: 'a' })).toBe(true);
    expect(matchesSelector(sel, { app: 'shop', tier: 'web', env: 'dev', zone: 'a', legacy: '1' })).toBe(false);
  });

  it('rejects unknown operators with the helpers.go text', () => {
    expect(labelSelectorToSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] })).toEqual({ error: '"Equals" is not a valid label selector operator' });
  });
});

describe('SELECTOR column', () => {
  // metav1.FormatLabelSelector and labels.FormatLabels as kubectl's printers use them (K pkg/printers/internalversion/printers.go).
  it.each([
    [{ matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, 'app=web,pod-template-hash=abc'],
    [{}, '<none>'],
    [undefined, '<none>'],
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '<error>'],
  ])('%j → %s', (ls, want) => {
    expect(selectorString(ls)).toBe(want);
  });
  it('formats map selectors', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });
});
