import { describe, expect, it } from 'vitest';
import { goToJs } from '../../src/secrets/go-regex.js';
import { readGitleaksToml } from '../../src/secrets/gitleaks-toml.js';
import { redact, secretHash } from '../../src/secrets/redact.js';
import { KnownSecrets, redactSecretsInText } from '../../src/secrets/redact-text.js';

const re = (p: string): RegExp => {
  const j = goToJs(p);
  return new RegExp(j.source, j.flags);
};

describe('Go regular expressions from .gitleaks.toml', () => {
  it('translates inline flags, named groups, \\z, POSIX classes and \\Q…\\E', () => {
    expect(goToJs('(?i)abc')).toEqual({ source: 'abc', flags: 'i' });
    expect(re('x(?i)abc').test('xABC')).toBe(true);
    expect(re('x(?i)abc').test('XABC')).toBe(false);
    expect(re('(a(?i)b)c').test('aBc')).toBe(true);
    expect(re('(a(?i)b)c').test('aBC')).toBe(false);
    expect(re('(?P<tok>[a-f]+)').exec('zzabc')!.groups!.tok).toBe('abc');
    expect(re('abc\\z').test('abc\n')).toBe(false);
    expect(re('abc\\z').test('xabc')).toBe(true);
    expect(re('[[:alnum:]]{3}').test('a1B')).toBe(true);
    expect(re('[[:^digit:]]').test('7')).toBe(false);
    expect(re('\\Qa.b*\\E').test('a.b*')).toBe(true);
    expect(re('\\Qa.b*\\E').test('axb')).toBe(false);
    expect(re('[^]]+]').exec('a[bc]d')![0]).toBe('a[bc]');
    expect(re('[]a]+').exec('x]a]y')![0]).toBe(']a]');
    expect(re('\\b(tok-(?i)[a-z]{4})\\b').test('tok-ABCD')).toBe(true);
    expect(re('\\b(tok-(?i)[a-z]{4})\\b').test('TOK-abcd')).toBe(false);
    expect(re('(?i)key(?-i:[A-Z]{2})').test('KEYAB')).toBe(true);
    expect(re('(?i)key(?-i:[A-Z]{2})').test('KEYab')).toBe(false);
    expect(() => goToJs('(?U)a+')).toThrow(/ungreedy/);
  });

  it('reads rules, allowlists and disabledRules', () => {
    const c = readGitleaksToml(
      `[extend]\ndisabledRules = ["jwt"]\n[[rules]]\nid = "x"\nregex = '''(?i)tok_([a-z]{8})'''\nsecretGroup = 1\nkeywords = ["TOK_"]\n[rules.allowlist]\nstopwords = ["Test"]\n[[rules]]\nid = "p12"\npath = '''\\.p12$'''\n[allowlist]\nregexTarget = "match"\nregexes = ['''(?i)example''']\n`,
      '.gitleaks.toml',
    );
    expect(c.disabledRules).toEqual(['jwt']);
    expect(c.rules).toMatchObject([
      { id: 'x', regex: 'tok_([a-z]{8})', flags: 'i', secretGroup: 1, keywords: ['tok_'], custom: true, allowlists: [{ stopwords: ['test'], condition: 'OR', regexTarget: 'secret' }] },
    ]);
    expect(c.fileRules).toEqual([{ id: 'p12', description: 'p12', path: '\\.p12$' }]);
    expect(c.allowlists).toMatchObject([{ regexTarget: 'match', regexes: ['(?i:example)'] }]);
    expect(() => readGitleaksToml('[[rules]]\nid = "x"\nregex = "a"\nsecretGroup = 2\n', 'g.toml')).toThrow(/has no group 2/);
    expect(() => readGitleaksToml('[[rules]]\nid = "x"\n', 'g.toml')).toThrow(/needs a regex or a path/);
  });
});

describe('redaction helpers', () => {
  it('shows at most the public prefix and never more than half', () => {
    expect(redact('ghp_abcdefghijklmnopqrstuvwxyz0123456789', 4)).toBe('ghp_…');
    expect(redact('short1', 10)).toBe('sho…');
    expect(redact('whatever')).toBe('…');
    expect(secretHash('x')).toMatch(/^[0-9a-f]{32}$/);
    expect(redactSecretsInText('value abcd1234efgh and again abcd1234efgh', new KnownSecrets(['abcd1234efgh']))).toBe('value … and again …');
  });
});
