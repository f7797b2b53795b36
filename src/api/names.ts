/**
 * Name and key syntax checks with apimachinery's exact messages
 * (k8s.io/apimachinery pkg/util/validation/validation.go and pkg/api/validation/generic.go,
 * tag v0.32.13). Each check returns the list of problems; an empty list means valid.
 * Lengths are counted in UTF-8 bytes because Go's len() counts bytes.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
const QUALIFIED_NAME_MAX_LENGTH = 63;
const LABEL_VALUE_MAX_LENGTH = 63;

const whole = (fmt: string) => new RegExp(`^${fmt}$`);
const dns1123LabelRe = whole(DNS1123_LABEL_FMT);
const dns1123SubdomainRe = whole(DNS1123_SUBDOMAIN_FMT);
const dns1035LabelRe = whole(DNS1035_LABEL_FMT);
const configMapKeyRe = whole(CONFIG_MAP_KEY_FMT);
const qualifiedNameRe = whole(QUALIFIED_NAME_FMT);
const labelValueRe = whole(LABEL_VALUE_FMT);

/** Byte length of the UTF-8 encoding, what Go's len(string) returns. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one code point above U+FFFF: 4 bytes. A lone surrogate counts 3, as for...of gives it alone.
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The same label keys, values and names are checked over and over (every pod of a ReplicaSet
 * carries the same labels): remember, per check, the values that passed. A memo, not state:
 * each check is a pure function of its argument and callers get a fresh empty list either way.
 */
const MEMO_LIMIT = 4096;
function memoValid(valid: Set<string>, value: string, check: (value: string) => string[]): string[] {
  if (valid.has(value)) return [];
  const errs = check(value);
  if (errs.length === 0) {
    if (valid.size >= MEMO_LIMIT) valid.clear();
    valid.add(value);
  }
  return errs;
}
const validDns1123Labels = new Set<string>();
const validDns1123Subdomains = new Set<string>();
const validDns1035Labels = new Set<string>();
const validQualifiedNames = new Set<string>();
const validLabelValues = new Set<string>();

/** validation.MaxLenError. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * validation.RegexError. The examples are joined with "', " + " or " — hence the double space
 * before "or" that real error messages show.
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const listed = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${listed}regex used for validation is '${fmt}')`;
}

export function isDNS1123Label(value: string): boolean {
  return dns1123LabelErrors(value).length === 0;
}

/** validation.IsDNS1123Label: a valid subdomain that is not a label can only have dots in it. */
export function dns1123LabelErrors(value: string): string[] {
  return memoValid(validDns1123Labels, value, checkDns1123Label);
}

function checkDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** validation.IsDNS1123Subdomain. */
export function dns1123SubdomainErrors(value: string): string[] {
  return memoValid(validDns1123Subdomains, value, checkDns1123Subdomain);
}

function checkDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** validation.IsDNS1035Label (Service names). */
export function dns1035LabelErrors(value: string): string[] {
  return memoValid(validDns1035Labels, value, checkDns1035Label);
}

function checkDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** hasChDirPrefix: a key that is a path component could escape a mounted volume's directory. */
function chDirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** validation.IsConfigMapKey (ConfigMap and Secret data keys). */
export function configMapKeyErrors(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!configMapKeyRe.test(value)) errs.push(regexError(CONFIG_MAP_KEY_MSG, CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errs, ...chDirPrefixErrors(value)];
}

/** validation.IsQualifiedName (label and annotation keys): an optional DNS subdomain prefix and '/'. */
export function qualifiedNameErrors(value: string): string[] {
  return memoValid(validQualifiedNames, value, checkQualifiedName);
}

function qualifiedNameRule(): string {
  return regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc');
}

function checkQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  const nameRule = qualifiedNameRule;
  if (parts.length > 2) {
    return [`a qualified name ${nameRule()} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${nameRule()}`);
  return errs;
}

/** validation.IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  return memoValid(validLabelValues, value, checkLabelValue);
}

function checkLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRe.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Which name syntax a resource demands (pkg/apis/core/validation: Validate<Kind>Name). */
export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'dns1035-label';

/**
 * generic.go maskTrailingDash, bug for bug: a generateName prefix may end in '-', so the last
 * character is masked — but Go slices off two characters (name[:len-2] + "a"), and so do we.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** A ValidateNameFunc: `prefix` is true for metadata.generateName. */
export function nameErrors(rule: NameRule, name: string, prefix = false): string[] {
  const value = prefix ? maskTrailingDash(name) : name;
  if (rule === 'dns1123-label') return dns1123LabelErrors(value);
  if (rule === 'dns1035-label') return dns1035LabelErrors(value);
  return dns1123SubdomainErrors(value);
}
