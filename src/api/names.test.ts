/**
 * Messages are checked against k8s.io/apimachinery pkg/util/validation/validation.go at tag
 * v0.32.13 (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsConfigMapKey,
 * IsQualifiedName, IsValidLabelValue, RegexError, MaxLenError) and pkg/api/validation/generic.go
 * (maskTrailingDash).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  configMapKeyErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  isDNS1123Label,
  labelValueErrors,
  nameErrors,
  qualifiedNameErrors,
  regexError,
  utf8Length,
} from './names.ts';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('DNS-1123 label', () => {
  it('accepts the system namespaces and rejects upper case and underscores', () => {
    for (const ok of ['default', 'kube-system', 'kube-node-lease', '0', '123-abc', 'a'.repeat(63)]) expect(isDNS1123Label(ok)).toBe(true);
    for (const bad of ['', 'Bad_Name', '-a', 'a-', 'a.b', 'a'.repeat(64)]) expect(isDNS1123Label(bad)).toBe(false);
  });

  it('explains a bad label with the regex message (note the double space before "or")', () => {
    expect(dns1123LabelErrors('Bad_Name')).toEqual([LABEL_MSG]);
    expect(dns1123LabelErrors('')).toEqual([LABEL_MSG]);
  });

  it('says "must not contain dots" for a valid subdomain that is not a label', () => {
    expect(dns1123LabelErrors('my.ns')).toEqual(['must not contain dots']);
  });

  it('reports the length first, then the syntax', () => {
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(dns1123LabelErrors(`${'a'.repeat(63)}_`)).toEqual(['must be no more than 63 characters', LABEL_MSG]);
  });

  it('agrees with the regex and the byte length for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        expect(isDNS1123Label(s)).toBe(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && utf8Length(s) <= 63);
      }),
    );
  });
});

describe('DNS-1123 subdomain', () => {
  it('accepts dotted names up to 253 bytes', () => {
    expect(dns1123SubdomainErrors('app.config-1')).toEqual([]);
    expect(dns1123SubdomainErrors(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)).toEqual([]);
  });

  it('has its own message, one example and the subdomain regex', () => {
    expect(dns1123SubdomainErrors('x_y')).toEqual([SUBDOMAIN_MSG]);
    expect(dns1123SubdomainErrors('a..b')).toEqual([SUBDOMAIN_MSG]);
    expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('DNS-1035 label (Service names)', () => {
  it('must start with a letter', () => {
    expect(dns1035LabelErrors('web')).toEqual([]);
    expect(dns1035LabelErrors('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('config keys', () => {
  it('allow letters, digits, "-", "_" and "."', () => {
    expect(configMapKeyErrors('KEY_NAME')).toEqual([]);
    expect(configMapKeyErrors('app.properties')).toEqual([]);
  });

  it('reject other characters with the three examples', () => {
    expect(configMapKeyErrors('bad key')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it("refuse '.', '..' and a leading '..' (hasChDirPrefix), since keys become file names", () => {
    expect(configMapKeyErrors('.')).toEqual(["must not be '.'"]);
    expect(configMapKeyErrors('..')).toEqual(["must not be '..'"]);
    expect(configMapKeyErrors('..data')).toEqual(["must not start with '..'"]);
  });
});

describe('qualified names and label values', () => {
  const NAME_RULE =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it('accept a prefixed key', () => {
    expect(qualifiedNameErrors('app.kubernetes.io/name')).toEqual([]);
  });

  it('prefix each part of the message', () => {
    expect(qualifiedNameErrors('/x')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedNameErrors('example.com/')).toEqual(['name part must be non-empty', `name part ${NAME_RULE}`]);
    expect(qualifiedNameErrors('-x')).toEqual([`name part ${NAME_RULE}`]);
  });

  it('explain a key with two slashes in one sentence', () => {
    expect(qualifiedNameErrors('a/b/c')).toEqual([`a qualified name ${NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]);
  });

  it('allow an empty label value but not a trailing dash', () => {
    expect(labelValueErrors('')).toEqual([]);
    expect(labelValueErrors('v1-')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('name rules', () => {
  it('mask a generateName trailing dash the way generic.go does (two characters replaced by "a")', () => {
    expect(nameErrors('dns1123-subdomain', 'web-', true)).toEqual([]);
    expect(nameErrors('dns1123-subdomain', 'web-', false)).toHaveLength(1);
    // "a-" masks to "a" (name[:len-2] + "a"), which is valid.
    expect(nameErrors('dns1123-label', 'a-', true)).toEqual([]);
  });

  it('regexError without examples omits "e.g."', () => {
    expect(regexError('m', 'x+')).toBe("m (regex used for validation is 'x+')");
  });

  it('counts bytes like Go', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});

describe('utf8Length', () => {
  it("counts what Go's len() counts: the UTF-8 bytes (a lone surrogate as 3, as for...of sees it)", () => {
    const model = (s: string) => {
      let n = 0;
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      }
      return n;
    };
    const samples = ['', 'abc', 'é', '€', '😀', 'a😀b', '\ud800', '\udc00', '\ud800a', 'a\udc00\ud800', '\ud83d\ude00\ud83d', 'ñ€😀x'.repeat(5)];
    for (const s of samples) expect(utf8Length(s), JSON.stringify(s)).toBe(model(s));
    expect(utf8Length('😀')).toBe(new TextEncoder().encode('😀').length);
  });
});
